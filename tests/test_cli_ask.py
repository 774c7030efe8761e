"""`k17 ask`: the reply as a user reads it, and the JSON-lines protocol of the evaluation README."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent


def ask(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["ask", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_ask_prints_status_score_and_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = ask("is np stable?", capsys=capsys)
    assert status == 0
    first, *rest = out.splitlines()
    assert first.startswith("answered (score ")
    assert "network-policy" in first
    assert "stable" in "\n".join(rest)


def test_ask_is_time_aware_with_now(capsys: pytest.CaptureFixture[str]) -> None:
    _, before, _ = ask("kubecon cfp deadline", "--now", "2017-08-16", capsys=capsys)
    _, after, _ = ask("kubecon cfp deadline", "--now", "2017-09-01T10:00:00+02:00", capsys=capsys)
    assert "closes in 5 days" in before
    assert "closed on August 21, 2017" in after


def test_ask_declines_other_releases(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = ask("what's new in 1.9", capsys=capsys)
    assert out.startswith("declined (score")
    assert "other_release" in out
    assert "I only know about Kubernetes 1.7" in out


def test_ask_json_is_one_object_in_the_readme_format(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = ask("kubecon austin dates", "--json", capsys=capsys)
    record = json.loads(out)
    assert set(record) == {"question", "status", "entry", "kind", "score", "text", "suggestions"}
    assert record["status"] == "answered"
    assert record["entry"] == "kubecon-austin"
    assert record["kind"] == "curated"
    assert "Austin" in record["text"]
    assert record["suggestions"] == []


def test_bad_now_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ask", "hi", "--now", "next tuesday"])
    assert exit_info.value.code == 2
    assert "not an ISO date" in capsys.readouterr().err


def test_missing_knowledge_directory_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = ask("hi", "--knowledge", str(tmp_path / "nope"), capsys=capsys)
    assert status == 2
    assert "not a knowledge directory" in err
    assert "Traceback" not in err


@pytest.mark.e2e
def test_ask_json_reads_stdin_and_answers_each_line_in_order() -> None:
    questions = ["is np stable?", "", "what's the best bbq in austin", "sts updates 🎉", "cri"]
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-", "--now", "2017-08-16"],
        input="\n".join(questions) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["question"] for r in records] == [q for q in questions if q]
    assert [r["status"] for r in records] == [
        "answered",
        "declined",
        "answered",
        "answered",
    ]
    for r in records:
        assert set(r) == {"question", "status", "entry", "kind", "score", "text", "suggestions"}
        assert 0 <= r["score"] <= 100
        assert (r["entry"] is None) == (r["status"] != "answered")
        for s in r["suggestions"]:
            assert set(s) == {"entry", "title", "score", "text"}


@pytest.mark.e2e
def test_answering_core_does_not_load_slack_or_the_database() -> None:
    code = (
        "import sys\n"
        "from datetime import UTC, datetime\n"
        "from bot.config import DEFAULT_KNOWLEDGE_DIR\n"
        "from bot.core.answers import render_reply\n"
        "from bot.core.evaluation import reply_record\n"
        "from bot.core.knowledge import load_knowledge\n"
        "from bot.core.matcher import Matcher\n"
        "kb = load_knowledge(DEFAULT_KNOWLEDGE_DIR)\n"
        "reply_record(render_reply(Matcher(kb).find_answer('np?'), kb, datetime.now(UTC)))\n"
        "loaded = [m for m in ('slack_bolt', 'slack_sdk', 'sqlalchemy') if m in sys.modules]\n"
        "print('LOADED', loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout
