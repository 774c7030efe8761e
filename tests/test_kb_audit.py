"""`k17 kb check` audits the knowledge: every link in a source, no yes/no answer contradicted."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.answers import render_reply
from bot.core.kbaudit import audit_knowledge, contradiction
from bot.core.knowledge import KnowledgeBase, load_knowledge
from bot.core.matcher import Matcher
from tests.test_knowledge_validation import CFP, NETWORK_POLICY, write_kb

SOURCE = """\
---
title: A release
---
- [Network policy](/docs/np/) is stable.
- [Speaking submissions](https://example.org/cfp?_ga=2.1.2) are open till August 21.
"""

VOUCHED = """\
links:
  - url: https://kubernetes.io/blog/2017/06/30/kubernetes-1.7/
    provenance: the post itself, at the address its site serves
"""


def with_sources(directory: Path, source: str = SOURCE, vouched: str | None = VOUCHED) -> Path:
    """Add a `sources/` directory with one Markdown source and, optionally, links.yaml."""
    sources = directory / "sources"
    sources.mkdir()
    (sources / "announcement.md").write_text(source, encoding="utf-8")
    if vouched is not None:
        (sources / "links.yaml").write_text(vouched, encoding="utf-8")
    return directory


def audit(directory: Path) -> list[str]:
    """The audit's problems for a knowledge directory, as `kb check` prints them."""
    return [str(p) for p in audit_knowledge(directory, load_knowledge(directory))]


def test_links_found_in_a_source_or_vouched_for_pass(tmp_path: Path) -> None:
    assert audit(with_sources(write_kb(tmp_path))) == []


def test_a_link_in_no_source_is_reported_at_its_entry(tmp_path: Path) -> None:
    entries = NETWORK_POLICY.replace("docs/np/", "docs/network-policy/") + CFP
    directory = with_sources(write_kb(tmp_path, entries))
    assert audit(directory) == [
        f"{directory / 'k17.yaml'}:6 entry 'network-policy': link "
        "https://kubernetes.io/docs/network-policy/ is in no source document"
    ]


def test_the_release_url_needs_a_source_or_a_provenance(tmp_path: Path) -> None:
    directory = with_sources(write_kb(tmp_path), vouched=None)
    assert audit(directory) == [
        f"{directory / 'k17.yaml'}: 'release.url' "
        "https://kubernetes.io/blog/2017/06/30/kubernetes-1.7/ is in no source document"
    ]


def test_an_event_url_in_no_source_is_reported(tmp_path: Path) -> None:
    source = SOURCE.replace("https://example.org/cfp?_ga=2.1.2", "https://example.org/talks")
    entries = NETWORK_POLICY + CFP.replace("https://example.org/cfp", "https://example.org/talks")
    directory = with_sources(write_kb(tmp_path, entries), source)
    assert audit(directory) == [
        f"{directory / 'events.yaml'}: event 'kubecon-cfp' url https://example.org/cfp "
        "is in no source document"
    ]


def test_a_vouched_link_without_provenance_is_a_problem(tmp_path: Path) -> None:
    vouched = "links:\n  - url: https://kubernetes.io/blog/2017/06/30/kubernetes-1.7/\n"
    directory = with_sources(write_kb(tmp_path), vouched=vouched)
    problems = audit(directory)
    assert problems[0].endswith("links.yaml:2: each link needs 'url' and 'provenance'")
    assert problems[1].endswith("is in no source document")


def test_without_sources_only_the_answers_are_audited(tmp_path: Path) -> None:
    entries = NETWORK_POLICY.replace("docs/np/", "docs/elsewhere/") + CFP
    assert audit(write_kb(tmp_path, entries)) == []


def test_kb_check_fails_on_a_link_in_no_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entries = NETWORK_POLICY.replace("docs/np/", "docs/network-policy/") + CFP
    directory = with_sources(write_kb(tmp_path, entries))
    assert main(["kb", "check", "--dir", str(directory)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{directory / 'k17.yaml'}:6 entry 'network-policy': link "
        "https://kubernetes.io/docs/network-policy/ is in no source document",
        "knowledge base invalid: 1 problem",
    ]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("is it stable yet", "Yes, as *alpha*: it is available."),
        ("is it GA", "Yes, as *beta*: it is available."),
        ("production ready in 1.7?", "Yes, as alpha."),
        ("is it ready for production", "Yes: it is available."),
        ("is it on by default", "Yes, as *alpha*: it is available."),
        ("is it alpha or beta", "Yes, as *alpha*."),
        ("is it still alpha", "No: it is *alpha* in 1.7."),
    ],
)
def test_a_yes_or_no_that_contradicts_the_question_is_found(question: str, answer: str) -> None:
    assert contradiction(question, answer)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("is it alpha", "Yes, as *alpha*: it is available."),
        ("is it stable", "No: it is *alpha* in 1.7."),
        ("is it stable", "Only as *alpha*: it is not yet stable."),
        ("is it stable", "It is *stable* in 1.7."),
        ("is it on by default", "No: as an alpha feature it is off by default."),
        ("can i use it", "Yes, as *alpha*."),
        ("which companies use it in production", "Yes, several."),
    ],
)
def test_an_honest_opening_passes(question: str, answer: str) -> None:
    assert contradiction(question, answer) == ""


def test_kb_check_fails_on_a_contradicted_alternate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yes_alpha = NETWORK_POLICY.replace(
        "answer: Network policy is *stable* in 1.7.", "answer: Yes, as *alpha*."
    ).replace("alternates: [netpol, pod firewall]", "alternates: [netpol, is netpol GA]")
    directory = write_kb(tmp_path, yes_alpha + CFP)
    assert main(["kb", "check", "--dir", str(directory)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{directory / 'k17.yaml'}:6 entry 'network-policy': 'Is network policy stable?' is "
        "answered 'Yes' but it asks about stable and the answer states alpha",
        f"{directory / 'k17.yaml'}:6 entry 'network-policy': 'is netpol GA' is answered 'Yes' "
        "but it asks about stable and the answer states alpha",
        "knowledge base invalid: 2 problems",
    ]


def test_the_shipped_knowledge_passes_the_audit() -> None:
    kb = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    assert [str(p) for p in audit_knowledge(DEFAULT_KNOWLEDGE_DIR, kb)] == []


@pytest.mark.parametrize(
    "question",
    [
        "has encryption of secrets at rest graduated to GA in 1.7",
        "can we rely on local persistent volumes in prod, are they stable",
        "is the containerd runtime integration generally available",
    ],
)
def test_maturity_questions_never_get_a_yes_for_an_alpha_feature(
    kb: KnowledgeBase, matcher: Matcher, question: str
) -> None:
    reply = render_reply(matcher.find_answer(question), kb, datetime(2017, 7, 1, tzinfo=UTC))
    text = reply.text if reply.entry is not None else reply.suggestions[0].text
    assert not text.lower().startswith("yes")
    # The reply puts the right "no" first and names the maturity the answer states.
    assert text.startswith("*No*: it is *alpha* in 1.7")
