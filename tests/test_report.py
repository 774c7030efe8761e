"""The knowledge-base report: grouped gaps, 👎, candidate choices and proposed alternates."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import yaml

from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.report import (
    AskedQuestion,
    Choice,
    QuestionHistory,
    Vote,
    build_report,
    group_similar,
    render_report,
    report_as_dict,
)

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
KB = KnowledgeBase(
    entries=(
        Entry(
            id="network-policy",
            title="What changed for network policy?",
            answer="NetworkPolicy is GA.",
            section="Security",
            alternates=("is network policy stable",),
        ),
        Entry(id="crd", title="What are CRDs?", answer="They replace TPRs.", section="Ext"),
        Entry(id="cri", title="What is the CRI?", answer="The runtime interface.", section="Ext"),
    )
)


def asked(
    question_id: int,
    text: str | None,
    outcome: str = "declined",
    *,
    entry_id: str | None = None,
    candidates: tuple[str, ...] = (),
    reason: str | None = "no_match",
) -> AskedQuestion:
    return AskedQuestion(
        id=question_id,
        asked_at=NOW - timedelta(hours=question_id),
        surface="command",
        outcome=outcome,
        text=text,
        entry_id=entry_id,
        score=40.0,
        candidate_ids=candidates,
        reason=reason if outcome == "declined" else None,
    )


def groups_of(*texts: str) -> list[list[str]]:
    found = group_similar([(text, "declined") for text in texts])
    return [[group.question, *group.examples] for group in found]


def test_typos_punctuation_and_word_order_are_grouped() -> None:
    groups = groups_of(
        "does it support windows",
        "Does it suport Windows?",
        "windows support?",
        "does it support windows",
    )
    assert len(groups) == 1
    assert groups[0][0] == "does it support windows"


def test_different_subjects_stay_apart() -> None:
    groups = groups_of("how do I upgrade etcd", "how do i upgrade helm", "is there a GUI")
    assert len(groups) == 3


def test_different_versions_stay_apart() -> None:
    assert len(groups_of("what's new in 1.8", "what's new in 1.9")) == 2


def test_groups_are_ordered_by_count_with_outcomes() -> None:
    found = group_similar(
        [
            ("what's new in 1.9", "declined: other_release"),
            ("whats new in 1.9?", "declined: other_release"),
            ("whats new in 1.9", "unanswered"),
            ("is there a GUI", "declined: no_match"),
        ]
    )
    assert [(g.question, g.count) for g in found] == [
        ("what's new in 1.9", 3),
        ("is there a GUI", 1),
    ]
    assert found[0].outcomes == {"declined: other_release": 2, "unanswered": 1}
    assert set(found[0].examples) == {"whats new in 1.9?", "whats new in 1.9"}


def test_slack_markup_is_unwrapped_and_blank_questions_ignored() -> None:
    found = group_similar(
        [
            ("<@U123> is <https://example.com|helm> supported", "declined"),
            ("is helm supported", "declined"),
            ("   ", "declined"),
            ("<@U123>", "declined"),
        ]
    )
    assert [(g.question, g.count) for g in found] == [("is helm supported", 2)]


def test_declined_and_none_of_these_questions_are_reported_but_not_empty_ones() -> None:
    history = QuestionHistory(
        questions=(
            asked(1, "what's new in 1.9", reason="other_release"),
            asked(2, "", reason="empty"),
            asked(3, "pod priority?", "suggested", candidates=("crd", "cri")),
            asked(4, "is network policy GA", "answered", entry_id="network-policy"),
        ),
        choices=(Choice(3, None),),
    )
    report = build_report(history, KB, now=NOW)
    assert [(g.question, g.outcomes) for g in report.unanswered] == [
        ("pod priority?", {"unanswered": 1}),
        ("what's new in 1.9", {"declined: other_release": 1}),
    ]
    assert report.totals == {
        "declined": 2,
        "suggested": 1,
        "answered": 1,
        "questions": 4,
        "unanswered": 1,
    }
    assert report.none_of_these == 1


def test_questions_whose_text_was_deleted_are_still_counted() -> None:
    history = QuestionHistory(questions=(asked(1, None), asked(2, None), asked(3, "helm?")))
    report = build_report(history, KB, now=NOW)
    assert report.forgotten_unanswered == 2
    assert report.totals["declined"] == 3
    assert [g.question for g in report.unanswered] == ["helm?"]


def test_entries_with_most_thumbs_down_come_first() -> None:
    history = QuestionHistory(
        questions=(asked(1, "q", "answered", entry_id="crd"),),
        votes=(
            Vote(1, "crd", "down"),
            Vote(1, "crd", "up"),
            Vote(1, "network-policy", "down"),
            Vote(1, "network-policy", "down"),
            Vote(1, "cri", "up"),
            Vote(1, "gone-entry", "down"),
        ),
    )
    report = build_report(history, KB, now=NOW)
    assert [(f.entry_id, f.down, f.up) for f in report.thumbs_down] == [
        ("network-policy", 2, 0),
        ("gone-entry", 1, 0),  # on a tie, the answer nobody liked comes first
        ("crd", 1, 1),
    ]
    assert report.thumbs_down[1].title == "(no longer in the knowledge base)"


def test_candidate_choices_count_offers_and_picks() -> None:
    history = QuestionHistory(
        questions=(
            asked(1, "custom resources", "suggested", candidates=("crd", "cri")),
            asked(2, "container runtime", "suggested", candidates=("cri", "crd")),
            asked(3, "crds", "suggested", candidates=("crd", "cri")),
        ),
        choices=(Choice(1, "crd"), Choice(3, "crd"), Choice(2, None)),
    )
    report = build_report(history, KB, now=NOW)
    assert [(c.entry_id, c.chosen, c.offered) for c in report.choices] == [
        ("crd", 2, 3),
        ("cri", 0, 3),
    ]
    assert report.none_of_these == 1


def test_chosen_candidates_propose_their_questions_as_alternates_in_yaml() -> None:
    history = QuestionHistory(
        questions=(
            asked(1, "how do I block pod traffic", "suggested", candidates=("network-policy",)),
            asked(2, "How do i block pod traffic?", "suggested", candidates=("network-policy",)),
            asked(3, "is network policy stable?", "suggested", candidates=("network-policy",)),
            asked(4, 'custom resources: "yes" or no', "suggested", candidates=("crd",)),
            asked(5, None, "suggested", candidates=("crd",)),
            asked(6, "old entry question", "suggested", candidates=("removed",)),
        ),
        choices=(
            Choice(1, "network-policy"),
            Choice(2, "network-policy"),
            Choice(3, "network-policy"),
            Choice(4, "crd"),
            Choice(5, "crd"),
            Choice(6, "removed"),
        ),
    )
    report = build_report(history, KB, now=NOW)
    assert [(p.entry_id, p.chosen, p.alternates) for p in report.proposals] == [
        ("network-policy", 3, ("how do I block pod traffic",)),  # already-known alternate left out
        ("crd", 2, ('custom resources: "yes" or no',)),
    ]
    snippet = yaml.safe_load(report.proposals[1].yaml)
    assert snippet == [{"id": "crd", "alternates": ['custom resources: "yes" or no']}]


def test_text_report_shows_every_section() -> None:
    history = QuestionHistory(
        questions=(
            asked(1, "what's new in 1.9", reason="other_release"),
            asked(2, "block pod traffic", "suggested", candidates=("network-policy", "crd")),
        ),
        votes=(Vote(2, "network-policy", "down"),),
        choices=(Choice(2, "network-policy"),),
    )
    text = render_report(build_report(history, KB, now=NOW, since=NOW - timedelta(days=7)))
    assert "2 questions since 2026-10-26 12:00 UTC" in text
    assert "   1  what's new in 1.9  (declined: other_release 1)" in text
    assert "👎   1  👍   0  network-policy: What changed for network policy?" in text
    assert "     1 / 1    network-policy: What changed for network policy?" in text
    assert "  - id: network-policy\n    alternates:\n    - block pod traffic\n" in text


def test_empty_log_reports_nothing_to_do() -> None:
    text = render_report(build_report(QuestionHistory(), KB, now=NOW))
    assert text.count("  none") == 4


def test_one_question_is_counted_in_the_singular() -> None:
    text = render_report(build_report(QuestionHistory(questions=(asked(1, "helm?"),)), KB, now=NOW))
    assert text.startswith("k17 report: 1 question in the log (")


def test_report_as_json_is_serialisable() -> None:
    history = QuestionHistory(questions=(asked(1, "helm?"),), choices=(Choice(1, None),))
    data = json.loads(json.dumps(report_as_dict(build_report(history, KB, now=NOW))))
    assert data["now"] == "2026-11-02T12:00:00+00:00"
    assert data["since"] is None
    assert data["unanswered"][0]["question"] == "helm?"
    assert data["none_of_these"] == 1
