"""What the matcher tests share: hand-made entries and reading which entry answered."""

from __future__ import annotations

from bot.core.knowledge import Entry
from bot.core.matcher import MAX_CANDIDATES, Match, Matcher


def entry(
    entry_id: str,
    title: str,
    answer: str,
    *alternates: str,
    keywords: tuple[str, ...] = (),
    section: str = "Extensibility",
) -> Entry:
    """An entry for a small, hand-made knowledge base."""
    return Entry(
        id=entry_id,
        title=title,
        answer=answer,
        section=section,
        alternates=alternates,
        keywords=keywords,
    )


def answered_with(matcher: Matcher, question: str) -> str | None:
    """The id of the entry that answered `question`, or None when it was not answered."""
    match = matcher.find_answer(question)
    return match.entry.id if match.status == "answered" and match.entry else None


def assert_a_verdict_a_person_can_read(match: Match) -> None:
    """An answer with its one entry, up to three choices, or a decline with its reason."""
    assert 0.0 <= match.score <= 100.0
    if match.status == "answered":
        assert match.entry is not None
        assert [c.entry for c in match.candidates] == [match.entry]
    elif match.status == "suggested":
        assert match.entry is None
        assert 1 <= len(match.candidates) <= MAX_CANDIDATES
    else:
        assert match.status == "declined"
        assert (match.entry, match.candidates) == (None, ())
        assert match.reason in ("empty", "thanks", "greeting", "no_match", "other_release")
