"""Turning a match into the reply a user reads (Slack mrkdwn), time-aware for events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.matcher import Match


@dataclass(frozen=True)
class Suggestion:
    """A "did you mean" candidate with its rendered answer."""

    entry: Entry
    score: float
    text: str


@dataclass(frozen=True)
class Reply:
    """What the user reads: the mrkdwn text plus what the Slack shell needs to render blocks."""

    match: Match
    text: str
    entry: Entry | None = None
    suggestions: tuple[Suggestion, ...] = ()


def escape(text: str) -> str:
    """Escape user text for mrkdwn so it can never ping, mention or disguise a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_answer(entry: Entry, kb: KnowledgeBase, now: datetime) -> str:
    """An entry's answer as of `now`."""
    return entry.answer


def render_reply(match: Match, kb: KnowledgeBase, now: datetime) -> Reply:
    """The reply for a match as of `now`."""
    if match.status == "answered" and match.entry is not None:
        return Reply(match, render_answer(match.entry, kb, now), match.entry)
    suggestions = tuple(
        Suggestion(c.entry, c.score, render_answer(c.entry, kb, now)) for c in match.candidates
    )
    if match.status == "suggested":
        lines = "\n".join(f"• {s.entry.title}" for s in suggestions)
        return Reply(match, f"I'm not sure. Did you mean:\n{lines}", None, suggestions)
    return Reply(match, "Sorry, I don't know that one.")
