"""`k17 kb check`: every problem or the counts, and a self-test that names collisions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.kbcheck import check_knowledge, self_test
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.matcher import Candidate, Match, Matcher
from tests.test_knowledge_validation import CFP, NETWORK_POLICY, write_kb


class AlwaysFirst:
    """A matcher that answers every question with the knowledge base's first entry."""

    def __init__(self, kb: KnowledgeBase, status: str = "answered") -> None:
        self.first = kb.entries[0]
        self.status = status

    def find_answer(self, question: str) -> Match:
        """Always the first entry."""
        candidate = Candidate(self.first, 90.0)
        if self.status == "answered":
            return Match(question, "answered", 90.0, self.first, (candidate,))
        return Match(question, "suggested", 70.0, None, (Candidate(self.first, 70.0),))


def two_entry_kb() -> KnowledgeBase:
    return KnowledgeBase(
        entries=(
            Entry("network-policy", "Is network policy stable?", "Yes.", "Security", ("netpol",)),
            Entry("kubecon", "When is KubeCon?", "Dec 6-8.", "Get Involved", ("kubecon dates",)),
        )
    )


def test_self_test_reports_collisions_with_the_entry_that_won() -> None:
    kb = two_entry_kb()
    report = self_test(kb, AlwaysFirst(kb))
    assert report.total == 4
    assert len(report.answered) == 2
    assert [str(p) for p in report.collisions] == [
        "kubecon: title 'When is KubeCon?' scores higher on 'network-policy' (90.0) than on "
        "its own entry (not a candidate)",
        "kubecon: alternate 'kubecon dates' scores higher on 'network-policy' (90.0) than on "
        "its own entry (not a candidate)",
    ]
    assert not report.passed
    assert report.summary().startswith("self-test: 2/4 titles and alternates retrieve")


def test_self_test_counts_a_suggested_own_entry_as_retrieved_but_says_so() -> None:
    kb = two_entry_kb()
    report = self_test(kb, AlwaysFirst(kb, status="suggested"))
    assert [p.text for p in report.top_candidate_only] == ["Is network policy stable?", "netpol"]
    assert report.answered == ()
    assert report.retrieved == 2
    assert "0 answered, 2 top candidate only, 2 collisions" in report.summary()


def test_check_runs_the_self_test_only_on_a_valid_knowledge_base(tmp_path: Path) -> None:
    write_kb(tmp_path, NETWORK_POLICY + CFP.replace("event: kubecon-cfp", "event: nope"))
    report = check_knowledge(tmp_path, Matcher)
    assert report.self_test is None
    assert not report.ok


def test_check_prints_counts_and_the_self_test(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(tmp_path)
    assert main(["kb", "check", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "knowledge base OK: 2 entries, 1 synonyms, 1 events",
        "self-test: 6/6 titles and alternates retrieve their own entry (100.0%): 6 answered, "
        "0 top candidate only, 0 collisions, 0 missed",
    ]


def test_check_lists_every_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entries = NETWORK_POLICY.replace("url: https://kubernetes.io/docs/np/", "url: nowhere")
    write_kb(tmp_path, entries + CFP.replace("event: kubecon-cfp", "event: nope"))
    assert main(["kb", "check", "--dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "knowledge base invalid: 2 problems"
    assert out[0].startswith(f"{tmp_path / 'k17.yaml'}:")
    assert "entry 'network-policy': link url 'nowhere' is not an http(s) URL" in out[0]
    assert "entry 'kubecon-cfp': unknown event 'nope'" in out[1]


def test_check_on_a_missing_directory_is_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "check", "--dir", str(tmp_path / "nope")]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"k17: {tmp_path / 'nope'}: not a knowledge directory\n"


def test_check_of_the_shipped_knowledge_base_runs_as_a_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.stdout.startswith("knowledge base OK: ")
    assert "self-test: " in result.stdout
    assert "Traceback" not in result.stderr
