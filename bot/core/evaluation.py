"""Answer-quality evaluation: question sets, the JSON record of a reply, and the scoring rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.answers import Reply
from bot.core.librarian import answer_kind

# An answer longer than this is too long to read in Slack; it counts as wrong.
MAX_ANSWER_CHARS = 1200
ALTERNATIVES = " | "


class QuestionSetError(Exception):
    """A question set that cannot be scored; the message says where and why, in one line."""


@dataclass(frozen=True)
class Question:
    """A question as a user types it, with the phrases a correct answer contains."""

    q: str
    expect: tuple[str, ...] = ()
    oos: bool = False


@dataclass(frozen=True)
class Failure:
    """A question the bot did not get right, and what it did instead."""

    question: str
    outcome: str  # "wrong", "too_long", "false_answer", "suggested", "declined"
    status: str
    entry: str | None
    score: float
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figures:
    """The scores of one question set."""

    in_scope: int
    out_of_scope: int
    top1: float
    suggested_ok: float
    wrong: float
    false_answer: float
    too_long: int
    failures: tuple[Failure, ...]

    def as_dict(self) -> dict[str, Any]:
        """The figures and failures as plain JSON-ready data."""
        return {
            "in_scope": self.in_scope,
            "out_of_scope": self.out_of_scope,
            "top1": round(self.top1, 4),
            "suggested_ok": round(self.suggested_ok, 4),
            "wrong": round(self.wrong, 4),
            "false_answer": round(self.false_answer, 4),
            "too_long": self.too_long,
            "failures": [
                {
                    "question": f.question,
                    "outcome": f.outcome,
                    "status": f.status,
                    "entry": f.entry,
                    "score": f.score,
                    "missing": list(f.missing),
                }
                for f in self.failures
            ],
        }


def read_question_set(doc: Any) -> tuple[Question, ...]:
    """Validate a parsed question-set document: a list of `{q, expect}` or `{q, oos: true}`."""
    if not isinstance(doc, list) or not doc:
        raise QuestionSetError("must be a non-empty YAML list of questions")
    questions: list[Question] = []
    for number, item in enumerate(doc, start=1):
        where = f"item {number}"
        if not isinstance(item, dict):
            raise QuestionSetError(f"{where}: must be a mapping with 'q'")
        text = item.get("q")
        if not isinstance(text, str) or not text.strip():
            raise QuestionSetError(f"{where}: 'q' must be a non-empty string")
        oos = item.get("oos", False)
        if not isinstance(oos, bool):
            raise QuestionSetError(f"{where}: 'oos' must be true or false")
        expect = item.get("expect")
        if oos:
            if expect:
                raise QuestionSetError(f"{where}: an out-of-scope question has no 'expect'")
            questions.append(Question(text, (), True))
            continue
        if (
            not isinstance(expect, list)
            or not expect
            or not all(isinstance(p, str) and p.strip() for p in expect)
        ):
            raise QuestionSetError(
                f"{where}: 'expect' must be a non-empty list of phrases (or set 'oos: true')"
            )
        questions.append(Question(text, tuple(expect), False))
    return tuple(questions)


def contains(text: str, phrase: str) -> bool:
    """Whether `text` contains the phrase or one of its " | " alternatives, ignoring case."""
    lowered = text.casefold()
    return any(alt.strip().casefold() in lowered for alt in phrase.split(ALTERNATIVES))


def reply_record(reply: Reply) -> dict[str, Any]:
    """A reply as the JSON object `k17 ask --json` prints, one per question."""
    match = reply.match
    return {
        "question": match.question,
        "status": match.status,
        "entry": reply.entry.id if reply.entry is not None else None,
        "kind": answer_kind(reply.entry.id) if reply.entry is not None else None,
        "score": match.score,
        "text": reply.text,
        "suggestions": [
            {"entry": s.entry.id, "title": s.entry.title, "score": s.score, "text": s.text}
            for s in reply.suggestions
        ],
    }


def score_records(questions: Sequence[Question], records: Sequence[Mapping[str, Any]]) -> Figures:
    """Score replies (as `reply_record` shapes them) against their questions."""
    in_scope = [(q, r) for q, r in zip(questions, records, strict=True) if not q.oos]
    out_of_scope = [(q, r) for q, r in zip(questions, records, strict=True) if q.oos]
    top1 = suggested_ok = wrong = false_answer = too_long = 0
    failures: list[Failure] = []

    def fail(q: Question, r: Mapping[str, Any], outcome: str, missing: Sequence[str] = ()) -> None:
        failures.append(
            Failure(q.q, outcome, r["status"], r.get("entry"), float(r["score"]), tuple(missing))
        )

    for question, record in in_scope:
        text = str(record["text"])
        if record["status"] == "answered":
            missing = [p for p in question.expect if not contains(text, p)]
            if len(text) > MAX_ANSWER_CHARS:
                too_long += 1
                wrong += 1
                fail(question, record, "too_long", missing)
            elif missing:
                wrong += 1
                fail(question, record, "wrong", missing)
            else:
                top1 += 1
        elif record["status"] == "suggested":
            if any(
                all(contains(str(s["text"]), p) for p in question.expect)
                for s in record["suggestions"]
            ):
                suggested_ok += 1
            fail(question, record, "suggested")
        else:
            fail(question, record, "declined")
    for question, record in out_of_scope:
        if record["status"] == "answered":
            false_answer += 1
            if len(str(record["text"])) > MAX_ANSWER_CHARS:
                too_long += 1
            fail(question, record, "false_answer")

    def share(count: int, total: int) -> float:
        return count / total if total else 0.0

    return Figures(
        in_scope=len(in_scope),
        out_of_scope=len(out_of_scope),
        top1=share(top1, len(in_scope)),
        suggested_ok=share(suggested_ok, len(in_scope)),
        wrong=share(wrong, len(in_scope)),
        false_answer=share(false_answer, len(out_of_scope)),
        too_long=too_long,
        failures=tuple(failures),
    )
