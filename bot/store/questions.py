"""The question log: what people asked, what k17 did, their 👍/👎 and "did you mean" choices.

Privacy by construction: the Slack user id is stored only as an HMAC-SHA256 keyed hash, and the
text of a question is deleted once it is older than the retention limit; the rows (and so every
count) remain.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, get_args

from sqlalchemy import Engine, Insert, and_, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.core.report import AskedQuestion, Choice, QuestionHistory, Vote
from bot.store.tables import choices, feedback, questions

Surface = Literal["command", "mention", "dm"]
Outcome = Literal["answered", "suggested", "declined"]
VoteValue = Literal["up", "down"]

SURFACES: tuple[str, ...] = get_args(Surface)
OUTCOMES: tuple[str, ...] = get_args(Outcome)
VOTES: tuple[str, ...] = get_args(VoteValue)
RETENTION_SWEEP_EVERY = timedelta(hours=1)


def hash_user(key: str, user_id: str) -> str:
    """The keyed hash standing in for a Slack user id: equal ids match, the id cannot be read."""
    return hmac.new(key.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def forget_old_questions(engine: Engine, now: datetime, days: int) -> int:
    """Delete the text of questions asked more than `days` days before `now`; rows stay."""
    cutoff = _utc(now) - timedelta(days=days)
    with engine.begin() as connection:
        result = connection.execute(
            update(questions)
            .where(and_(questions.c.asked_at < cutoff, questions.c.text.is_not(None)))
            .values(text=None)
        )
    return int(result.rowcount or 0)


def read_history(engine: Engine, since: datetime | None = None) -> QuestionHistory:
    """Every question asked since `since` (all when None) with its votes and choices."""
    query = select(questions).order_by(questions.c.id)
    asked_ids = select(questions.c.id)
    if since is not None:
        query = query.where(questions.c.asked_at >= _utc(since))
        asked_ids = asked_ids.where(questions.c.asked_at >= _utc(since))
    with engine.connect() as connection:
        asked = tuple(_asked(row._mapping) for row in connection.execute(query))
        votes = tuple(
            Vote(row.question_id, row.entry_id, row.vote)
            for row in connection.execute(
                select(feedback.c.question_id, feedback.c.entry_id, feedback.c.vote)
                .where(feedback.c.question_id.in_(asked_ids))
                .order_by(feedback.c.id)
            )
        )
        chosen = tuple(
            Choice(row.question_id, row.entry_id)
            for row in connection.execute(
                select(choices.c.question_id, choices.c.entry_id)
                .where(choices.c.question_id.in_(asked_ids))
                .order_by(choices.c.id)
            )
        )
    return QuestionHistory(questions=asked, votes=votes, choices=chosen)


class QuestionLog:
    """Records questions, feedback and choices; thread-safe, shared by every listener."""

    def __init__(self, engine: Engine, key: str, keep_days: int = 90) -> None:
        if not key:
            raise ValueError("the question log needs a key to hash Slack user ids")
        self._engine = engine
        self._key = key
        self._keep_days = keep_days
        self._lock = threading.Lock()
        self._last_sweep: datetime | None = None

    def record_question(
        self,
        *,
        text: str,
        surface: str,
        user_id: str,
        outcome: str,
        score: float,
        now: datetime,
        entry_id: str | None = None,
        candidate_ids: Sequence[str] = (),
        reason: str | None = None,
    ) -> int:
        """Log one question and what k17 did with it; returns its id for the reply's buttons."""
        if surface not in SURFACES:
            raise ValueError(f"surface {surface!r} is not one of {', '.join(SURFACES)}")
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
        self._forget_when_due(now)
        with self._engine.begin() as connection:
            result = connection.execute(
                insert(questions)
                .values(
                    asked_at=_utc(now),
                    surface=surface,
                    user_hash=hash_user(self._key, user_id),
                    text=text,
                    outcome=outcome,
                    reason=reason,
                    entry_id=entry_id,
                    score=float(score),
                    candidate_ids=",".join(candidate_ids),
                )
                .returning(questions.c.id)
            )
            return int(result.scalar_one())

    def question(self, question_id: int) -> AskedQuestion | None:
        """The logged question with this id, or None."""
        with self._engine.connect() as connection:
            row = connection.execute(select(questions).where(questions.c.id == question_id)).first()
        return _asked(row._mapping) if row is not None else None

    def record_feedback(
        self, *, question_id: int, entry_id: str, user_id: str, vote: str, now: datetime
    ) -> bool:
        """Record a 👍/👎 once per user and answer; False when this user already voted on it."""
        if vote not in VOTES:
            raise ValueError(f"vote {vote!r} is not one of {', '.join(VOTES)}")
        statement = _insert_once(
            self._engine,
            feedback,
            {
                "question_id": question_id,
                "entry_id": entry_id,
                "user_hash": hash_user(self._key, user_id),
                "vote": vote,
                "voted_at": _utc(now),
            },
        )
        with self._engine.begin() as connection:
            return connection.execute(statement).first() is not None

    def vote_of(self, *, question_id: int, entry_id: str, user_id: str) -> str | None:
        """The vote this user gave this answer ("up" or "down"), or None."""
        with self._engine.connect() as connection:
            vote = connection.execute(
                select(feedback.c.vote).where(
                    feedback.c.question_id == question_id,
                    feedback.c.entry_id == entry_id,
                    feedback.c.user_hash == hash_user(self._key, user_id),
                )
            ).scalar_one_or_none()
        return str(vote) if vote is not None else None

    def record_choice(
        self, *, question_id: int, user_id: str, entry_id: str | None, now: datetime
    ) -> bool:
        """Record a "did you mean" choice (None: "None of these"), once per user and question."""
        statement = _insert_once(
            self._engine,
            choices,
            {
                "question_id": question_id,
                "user_hash": hash_user(self._key, user_id),
                "entry_id": entry_id,
                "chosen_at": _utc(now),
            },
        )
        with self._engine.begin() as connection:
            return connection.execute(statement).first() is not None

    def choice_of(self, *, question_id: int, user_id: str) -> tuple[bool, str | None]:
        """Whether this user answered "did you mean" for the question, and the entry chosen."""
        with self._engine.connect() as connection:
            row = connection.execute(
                select(choices.c.entry_id).where(
                    choices.c.question_id == question_id,
                    choices.c.user_hash == hash_user(self._key, user_id),
                )
            ).first()
        return (False, None) if row is None else (True, row.entry_id)

    def forget_old(self, now: datetime) -> int:
        """Apply the retention limit now; returns how many questions lost their text."""
        with self._lock:
            self._last_sweep = _utc(now)
        return forget_old_questions(self._engine, now, self._keep_days)

    def _forget_when_due(self, now: datetime) -> None:
        # Retention is applied as questions arrive (at most hourly), so that it holds in every
        # deployment without a scheduler of its own.
        with self._lock:
            due = self._last_sweep is None or _utc(now) - self._last_sweep >= (
                RETENTION_SWEEP_EVERY
            )
            if due:
                self._last_sweep = _utc(now)
        if due:
            forget_old_questions(self._engine, now, self._keep_days)


def _insert_once(engine: Engine, table: Any, values: dict[str, Any]) -> Insert:
    # ON CONFLICT DO NOTHING keeps a replayed click a no-op instead of an aborted transaction.
    if engine.dialect.name == "postgresql":
        statement: Insert = postgresql.insert(table).values(**values).on_conflict_do_nothing()
    elif engine.dialect.name == "sqlite":
        statement = sqlite.insert(table).values(**values).on_conflict_do_nothing()
    else:
        raise ValueError(f"unsupported database {engine.dialect.name!r}")
    # A row comes back only when it was inserted.
    return statement.returning(table.c.id)


def _asked(row: Any) -> AskedQuestion:
    return AskedQuestion(
        id=int(row["id"]),
        asked_at=_aware(row["asked_at"]),
        surface=str(row["surface"]),
        outcome=str(row["outcome"]),
        text=row["text"],
        entry_id=row["entry_id"],
        score=float(row["score"]),
        candidate_ids=_split(row["candidate_ids"]),
        reason=row["reason"],
    )


def _split(joined: str | None) -> tuple[str, ...]:
    return tuple(part for part in (joined or "").split(",") if part)


def _utc(moment: datetime) -> datetime:
    # SQLite keeps no offset, so every stored time is UTC; a naive time would be ambiguous.
    if moment.tzinfo is None:
        raise ValueError("the question log needs time-zone-aware datetimes")
    return moment.astimezone(UTC)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
