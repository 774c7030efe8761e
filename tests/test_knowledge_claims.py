"""The shipped answers say what their sources say: claims beyond the announcement are marked."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.answers import render_reply
from bot.core.knowledge import KnowledgeBase
from bot.core.matcher import Matcher

SOURCES = DEFAULT_KNOWLEDGE_DIR / "sources"
ANNOUNCEMENT = (SOURCES / "kubernetes-1.7-announcement.md").read_text(encoding="utf-8")
RELEASE_NOTES = (SOURCES / "kubernetes-1.7.0-release-notes.md").read_text(encoding="utf-8")
RELEASE_NOTES_LINK = (
    "<https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.7.md#v170"
    "|release notes>"
)
JULY_2017 = datetime(2017, 7, 1, tzinfo=UTC)

# Facts an answer gives that only the release notes state: (entry, the answer's words, the
# release notes' words for the same fact).
RELEASE_NOTES_ONLY = [
    ("pluggable-cloud-providers", "out-of-tree and out-of-process cloud providers", "[alpha]"),
    ("node-authorizer", "secrets and configmaps", "secrets and configmaps referenced by pods"),
    ("kubelet-tls-bootstrapping", "RotateKubeletClientCertificate", "RotateKubeletClientCertif"),
    ("audit-logs", "Advanced Auditing", "[alpha] Advanced Auditing"),
    ("api-aggregation", "*beta*", "[beta] User-provided apiservers"),
    ("statefulset-updates", "OnDelete", "RollingUpdate"),
    ("pod-management-policy", "*alpha*", "[alpha] StatefulSet authors should be able to relax"),
    ("secrets-encryption", "AES-CBC", "AES-CBC encryption modes"),
    ("network-policy", "networking.k8s.io/v1", "to the new networking.k8s.io/v1 API group"),
]


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).lower()


@pytest.mark.parametrize(("entry_id", "claim", "in_notes"), RELEASE_NOTES_ONLY)
def test_a_fact_only_the_release_notes_give_is_marked_as_theirs(
    kb: KnowledgeBase, entry_id: str, claim: str, in_notes: str
) -> None:
    entry = kb.entry(entry_id)
    assert entry is not None
    assert claim in entry.answer
    assert _words(in_notes) in _words(RELEASE_NOTES)
    assert RELEASE_NOTES_LINK in entry.answer


def test_every_answer_that_cites_the_release_notes_links_them(kb: KnowledgeBase) -> None:
    citing = [e.id for e in kb.entries if "release notes" in e.answer.lower()]
    assert len(citing) >= len(RELEASE_NOTES_ONLY)
    for entry_id in citing:
        entry = kb.entry(entry_id)
        assert entry is not None
        assert "CHANGELOG-1.7.md#v170" in entry.answer, entry_id


def test_initializers_modify_and_webhooks_validate(kb: KnowledgeBase) -> None:
    entry = kb.entry("external-admission-controllers")
    assert entry is not None
    assert "*modifying objects* as they are created (initializers)" in entry.answer
    assert "*validating policy* (external admission webhooks)" in entry.answer


def test_whats_new_groups_the_highlights_as_the_announcement_does(kb: KnowledgeBase) -> None:
    entry = kb.entry("whats-new")
    assert entry is not None
    extensibility, additional = entry.answer.split("*Extensibility*")[1].split("*Additional")
    assert "admission" not in extensibility
    assert "federated" not in extensibility
    assert "external admission controllers" in additional
    assert "federated placement" in additional


def test_figures_and_boasts_of_2017_are_dated(kb: KnowledgeBase) -> None:
    commits = kb.entry("adoption-commits")
    kubecon = kb.entry("kubecon-austin")
    assert commits is not None
    assert kubecon is not None
    assert commits.answer.startswith("As of the 1.7 announcement (June 2017)")
    assert 'billed in 2017 as "the largest Kubernetes gathering ever"' in kubecon.answer


def test_the_community_meeting_answer_does_not_invent_a_time(kb: KnowledgeBase) -> None:
    entry = kb.entry("community-meeting")
    assert entry is not None
    assert not entry.title.startswith("When")
    assert "gives no day or time" in entry.answer
    weekday = r"\b(monday|tuesday|wednesday|thursday|friday|utc|pt)\b"
    assert not re.search(weekday, entry.answer + " ".join(entry.alternates), re.IGNORECASE)


def test_asking_for_the_deprecations_says_the_release_notes_hold_the_rest(
    kb: KnowledgeBase, matcher: Matcher
) -> None:
    reply = render_reply(matcher.find_answer("list the deprecations of 1.7"), kb, JULY_2017)
    assert reply.entry is not None
    assert reply.entry.id == "tpr-to-crd"
    assert "announcement's only deprecation" in reply.text
    assert "release notes> list the others" in reply.text


@pytest.mark.parametrize(
    ("question", "anecdote"),
    [
        ("how can we lower our cloud spend with kubernetes", "golfnow"),
        ("how do i set up a canary release", "bitmovin"),
        ("does kubernetes have an ambassador program", "k8sport"),
    ],
)
def test_a_how_to_is_not_answered_with_a_story_that_does_not_answer_it(
    matcher: Matcher, question: str, anecdote: str
) -> None:
    match = matcher.find_answer(question)
    assert match.status != "answered" or match.entry is None or match.entry.id != anecdote


def test_no_answer_states_a_source_detail_the_sources_do_not_give(kb: KnowledgeBase) -> None:
    answers = "\n".join(entry.answer for entry in kb.entries)
    sources = ANNOUNCEMENT + RELEASE_NOTES
    for detail in ("renewed automatically", "spread the word", "OrderedReady`"):
        assert detail not in answers
    for phrase in ("burst mode", "advocates", "weekly"):
        assert phrase in sources
        assert phrase in answers
