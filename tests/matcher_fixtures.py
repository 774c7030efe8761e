"""What the matcher tests share: hand-made entries and reading which entry answered."""

from __future__ import annotations

from bot.core.knowledge import Entry
from bot.core.matcher import Matcher


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
