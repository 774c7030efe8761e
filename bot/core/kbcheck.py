"""Checking a knowledge base: validation problems and a self-test of every way an entry is asked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from bot.core.kbaudit import audit_knowledge
from bot.core.knowledge import Entry, KnowledgeBase, Problem, read_knowledge
from bot.core.matcher import Match

Phrasing = Literal["title", "alternate"]
Outcome = Literal["answered", "top_candidate", "collision", "missed"]


class AnswerFinder(Protocol):
    """What the self-test needs from a matcher: `Matcher(kb).find_answer`."""

    def find_answer(self, question: str) -> Match:
        """The knowledge base's best match for `question`."""
        ...


@dataclass(frozen=True)
class Probe:
    """One title or alternate asked as a question, and what came back."""

    entry_id: str
    phrasing: Phrasing
    text: str
    outcome: Outcome
    status: str
    score: float
    top_id: str | None
    top_score: float
    own_score: float | None

    def __str__(self) -> str:
        if self.outcome == "collision":
            own = (
                f"its own entry ({self.own_score:.1f})"
                if self.own_score is not None
                else "its own entry (not a candidate)"
            )
            return (
                f"{self.entry_id}: {self.phrasing} '{self.text}' scores higher on "
                f"'{self.top_id}' ({self.top_score:.1f}) than on {own}"
            )
        if self.outcome == "top_candidate":
            return (
                f"{self.entry_id}: {self.phrasing} '{self.text}' is only {self.status} "
                f"(own entry first, {self.top_score:.1f})"
            )
        if self.outcome == "missed":
            return f"{self.entry_id}: {self.phrasing} '{self.text}' is {self.status}"
        return f"{self.entry_id}: {self.phrasing} '{self.text}' answered ({self.score:.1f})"


@dataclass(frozen=True)
class SelfTestReport:
    """How every title and alternate fared against the matcher."""

    probes: tuple[Probe, ...]

    @property
    def total(self) -> int:
        """How many phrasings were asked."""
        return len(self.probes)

    @property
    def answered(self) -> tuple[Probe, ...]:
        """Phrasings answered with their own entry."""
        return tuple(p for p in self.probes if p.outcome == "answered")

    @property
    def top_candidate_only(self) -> tuple[Probe, ...]:
        """Phrasings whose own entry came first but was only suggested (or declined)."""
        return tuple(p for p in self.probes if p.outcome == "top_candidate")

    @property
    def collisions(self) -> tuple[Probe, ...]:
        """Phrasings that scored higher on another entry than on their own."""
        return tuple(p for p in self.probes if p.outcome == "collision")

    @property
    def missed(self) -> tuple[Probe, ...]:
        """Phrasings that brought back no candidate at all."""
        return tuple(p for p in self.probes if p.outcome == "missed")

    @property
    def retrieved(self) -> int:
        """Phrasings whose own entry was the answer or the top candidate."""
        return len(self.answered) + len(self.top_candidate_only)

    @property
    def passed(self) -> bool:
        """Whether every phrasing retrieves its own entry."""
        return self.retrieved == self.total

    def summary(self) -> str:
        """`self-test: 390/390 retrieve their own entry (385 answered, 5 top candidate only)...`."""
        share = 100.0 * self.retrieved / self.total if self.total else 100.0
        return (
            f"self-test: {self.retrieved}/{self.total} titles and alternates retrieve their own "
            f"entry ({share:.1f}%): {len(self.answered)} answered, "
            f"{len(self.top_candidate_only)} top candidate only, "
            f"{len(self.collisions)} collisions, {len(self.missed)} missed"
        )


@dataclass(frozen=True)
class CheckReport:
    """Everything `k17 kb check` found."""

    kb: KnowledgeBase
    problems: tuple[Problem, ...]
    self_test: SelfTestReport | None

    @property
    def ok(self) -> bool:
        """No validation problem and every phrasing retrieves its own entry."""
        return not self.problems and (self.self_test is None or self.self_test.passed)


def self_test(kb: KnowledgeBase, matcher: AnswerFinder) -> SelfTestReport:
    """Ask every title and alternate and record whether it retrieves its own entry."""
    probes: list[Probe] = []
    for entry in kb.entries:
        phrasings: list[tuple[Phrasing, str]] = [("title", entry.title)]
        phrasings += [("alternate", alternate) for alternate in entry.alternates]
        for phrasing, text in phrasings:
            probes.append(_probe(entry.id, phrasing, text, matcher))
    return SelfTestReport(tuple(probes))


def check_knowledge(
    directory: Path, matcher_for: Callable[[KnowledgeBase], AnswerFinder] | None = None
) -> CheckReport:
    """Validate and audit `directory`; when all is well and a matcher is given, self-test it."""
    kb, problems = read_knowledge(directory)
    if not problems:
        problems = tuple(audit_knowledge(directory, kb))
    report = None
    if not problems and matcher_for is not None:
        report = self_test(kb, matcher_for(kb))
    return CheckReport(kb, problems, report)


def _entry_id(entry: Entry | None) -> str | None:
    return entry.id if entry is not None else None


def _probe(entry_id: str, phrasing: Phrasing, text: str, matcher: AnswerFinder) -> Probe:
    match = matcher.find_answer(text)
    ranked = sorted(match.candidates, key=lambda c: c.score, reverse=True)
    if match.entry is not None:
        top_id, top_score = _entry_id(match.entry), match.score
    elif ranked:
        top_id, top_score = _entry_id(ranked[0].entry), ranked[0].score
    else:
        top_id, top_score = None, 0.0
    own_score = next((c.score for c in ranked if _entry_id(c.entry) == entry_id), None)
    if top_id == entry_id and match.status == "answered":
        outcome: Outcome = "answered"
    elif top_id == entry_id:
        outcome = "top_candidate"
    elif top_id is None:
        outcome = "missed"
    else:
        outcome = "collision"
    return Probe(
        entry_id=entry_id,
        phrasing=phrasing,
        text=text,
        outcome=outcome,
        status=match.status,
        score=match.score,
        top_id=top_id,
        top_score=top_score,
        own_score=own_score
        if own_score is not None
        else (top_score if outcome != "collision" and top_id == entry_id else None),
    )
