"""Matching a user's question to a knowledge-base entry: answered, suggested or declined."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process, utils

from bot.core.knowledge import Entry, KnowledgeBase

Status = Literal["answered", "suggested", "declined"]


@dataclass(frozen=True)
class Candidate:
    """An entry and how well it matches, on the 0-100 scale."""

    entry: Entry
    score: float


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one question."""

    question: str
    status: Status
    score: float
    entry: Entry | None = None
    candidates: tuple[Candidate, ...] = ()
    reason: str | None = None  # why it declined: "empty", "no_match", "other_release"


class Matcher:
    """An index over a knowledge base, built once; `find_answer` is pure and thread-safe."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._titles = [e.title for e in kb.entries]

    def find_answer(self, question: str) -> Match:
        """Match one question."""
        if not question.strip():
            return Match(question, "declined", 0.0, reason="empty")
        best = process.extractOne(
            question, self._titles, scorer=fuzz.WRatio, processor=utils.default_process
        )
        if best is None:
            return Match(question, "declined", 0.0, reason="no_match")
        entry = self._kb.entries[best[2]]
        if best[1] >= 85:
            return Match(question, "answered", best[1], entry, (Candidate(entry, best[1]),))
        return Match(question, "declined", best[1], reason="no_match")
