"""The question log: what people asked, what k17 did, their 👍/👎 and "did you mean" choices.

Privacy by construction: the Slack user id is stored only as an HMAC-SHA256 keyed hash, and the
text of a question is deleted once it is older than the retention limit; the rows (and so every
count) remain.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import logging
import queue
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, get_args

from sqlalchemy import Engine, Insert, and_, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DataError, IntegrityError

from bot.core.report import AskedQuestion, Choice, QuestionHistory, Vote
from bot.store.tables import choices, feedback, question_ids, questions

Surface = Literal["command", "mention", "dm"]
Outcome = Literal["answered", "suggested", "declined"]
VoteValue = Literal["up", "down"]

SURFACES: tuple[str, ...] = get_args(Surface)
OUTCOMES: tuple[str, ...] = get_args(Outcome)
VOTES: tuple[str, ...] = get_args(VoteValue)
RETENTION_SWEEP_EVERY = timedelta(hours=1)
# Ids are reserved this many at a time, so reserving costs one short transaction per block.
ID_BLOCK = 200
# Once this share of a block is handed out, the next block is reserved in the background.
SPARE_AT = 0.5
# Rows waiting for the writer; beyond this a question is written by the thread that asked.
QUEUE_LIMIT = 10_000
BATCH_LIMIT = 500
BATCH_SECONDS = 0.05
# The writer thread ends after this long without work and starts again with the next question.
WRITER_IDLE_SECONDS = 2.0
# A click can reach another web process before the row its button names is written there.
PENDING_ELSEWHERE_WAIT = 1.0

log = logging.getLogger(__name__)


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
    """Records questions, feedback and choices; thread-safe, shared by every listener.

    With `deferred=True` (the Slack app) a question gets its id at once and its row is written
    after the reply by one writer thread, in batches; a full queue makes the asking thread
    write its own row, and `flush()` (also run at interpreter exit) writes everything pending,
    so no question is lost on a graceful shutdown.
    """

    def __init__(
        self,
        engine: Engine,
        key: str,
        keep_days: int = 90,
        *,
        deferred: bool = False,
        queue_limit: int = QUEUE_LIMIT,
    ) -> None:
        if not key:
            raise ValueError("the question log needs a key to hash Slack user ids")
        self._engine = engine
        self._key = key
        self._keep_days = keep_days
        self._lock = threading.Lock()
        self._last_sweep: datetime | None = None
        self._ids = _IdBlocks(engine)
        self._writer = _Writer(engine, queue_limit, self._forget_when_due) if deferred else None

    def user_hash(self, user_id: str) -> str:
        """The keyed hash this log stores for `user_id`, for other tables to store instead of it."""
        return hash_user(self._key, user_id)

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
        question_id = self._ids.take()
        row = {
            "id": question_id,
            "asked_at": _utc(now),
            "surface": surface,
            "user_hash": hash_user(self._key, user_id),
            "text": text,
            "outcome": outcome,
            "reason": reason,
            "entry_id": entry_id,
            "score": float(score),
            "candidate_ids": ",".join(candidate_ids),
        }
        if self._writer is not None and self._writer.offer(row):
            return question_id
        self._forget_when_due(now)
        with self._engine.begin() as connection:
            connection.execute(insert(questions), [row])
        return question_id

    def flush(self, timeout: float = 20.0) -> bool:
        """Write every question still queued; False if they were not all written in time."""
        return self._writer.flush(timeout) if self._writer is not None else True

    def question(self, question_id: int) -> AskedQuestion | None:
        """The logged question with this id, or None; waits for its row if it is being written."""
        if self._writer is not None and self._writer.holds(question_id):
            self._writer.flush()
        found = self._read_question(question_id)
        if found is not None or self._writer is None or not self._ids.handed_out(question_id):
            return found
        # Another web process may have answered it and not written it yet.
        deadline = time.monotonic() + PENDING_ELSEWHERE_WAIT
        while found is None and time.monotonic() < deadline:
            time.sleep(0.05)
            found = self._read_question(question_id)
        return found

    def _read_question(self, question_id: int) -> AskedQuestion | None:
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


class _IdBlocks:
    """Question ids reserved a block at a time in the database, unique across processes.

    The next block is reserved in the background once the current one is SPARE_AT used, so an
    asking thread does not wait on the database (a SQLite file busy with the row writer, say)
    to get an id; it reserves one itself only when the background reservation failed or is late.
    """

    def __init__(self, engine: Engine, size: int = ID_BLOCK) -> None:
        self._engine = engine
        self._size = size
        self._lock = threading.Lock()
        self._next = 0
        self._end = 0  # the block is [_next, _end)
        self._spare: int | None = None  # the end of a reserved block not yet in use
        self._reserving = False

    def take(self) -> int:
        """The next unused id."""
        with self._lock:
            if self._next >= self._end:
                end = self._spare if self._spare is not None else self._reserve()
                self._spare = None
                self._end, self._next = end, end - self._size
            taken = self._next
            self._next += 1
            if (
                self._spare is None
                and not self._reserving
                and self._end - self._next <= self._size * (1 - SPARE_AT)
            ):
                self._reserving = True
                threading.Thread(
                    target=self._reserve_spare, name="k17-question-ids", daemon=True
                ).start()
            return taken

    def handed_out(self, question_id: int) -> bool:
        """Whether some process may have given out this id (its row may still be coming)."""
        with self._lock:
            if self._end - self._size <= question_id < self._end:
                return question_id < self._next
            if self._spare is not None and self._spare - self._size <= question_id < self._spare:
                return False
        with self._engine.connect() as connection:
            reserved = connection.execute(
                select(question_ids.c.next_id).where(question_ids.c.name == "questions")
            ).scalar_one_or_none()
        return reserved is not None and 0 < question_id < int(reserved)

    def _reserve_spare(self) -> None:
        try:
            end: int | None = self._reserve()
        except Exception as error:  # the asking thread reserves, and reports, when it must
            log.warning("could not reserve question ids ahead: %s", str(error).splitlines()[0])
            end = None
        with self._lock:
            self._reserving = False
            if end is not None and self._spare is None:
                self._spare = end

    def _reserve(self) -> int:
        with self._engine.begin() as connection:
            # The first reservation starts above every id an older k17 gave out.
            highest = connection.execute(select(func.max(questions.c.id))).scalar_one_or_none()
            connection.execute(
                _insert_once(
                    self._engine,
                    question_ids,
                    {"name": "questions", "next_id": int(highest or 0) + 1},
                    key=question_ids.c.name,
                )
            )
            end: int = connection.execute(
                update(question_ids)
                .where(question_ids.c.name == "questions")
                .values(next_id=question_ids.c.next_id + self._size)
                .returning(question_ids.c.next_id)
            ).scalar_one()
        return int(end)


class _Writer:
    """One thread writing queued question rows in batches, each batch in one transaction."""

    def __init__(self, engine: Engine, limit: int, after_batch: Callable[[datetime], None]) -> None:
        self._engine = engine
        self._queue: queue.Queue[dict[str, Any]] = queue.Queue(maxsize=limit)
        self._after_batch = after_batch
        self._lock = threading.Lock()
        self._written = threading.Condition(self._lock)
        self._unwritten: set[int] = set()
        self._running = False
        # A graceful exit (gunicorn's worker exit, SIGTERM in Socket Mode, the console) writes
        # what is queued; the weak reference lets an unused log be collected.
        reference = weakref.ref(self)
        atexit.register(_flush_at_exit, reference)

    def offer(self, row: dict[str, Any]) -> bool:
        """Queue a row for writing; False when the queue is full (the caller writes it)."""
        with self._lock:
            try:
                self._queue.put_nowait(row)
            except queue.Full:
                return False
            self._unwritten.add(int(row["id"]))
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="k17-question-log", daemon=True).start()
        return True

    def holds(self, question_id: int) -> bool:
        """Whether this question's row is queued or being written."""
        with self._lock:
            return question_id in self._unwritten

    def flush(self, timeout: float = 20.0) -> bool:
        """Wait until every queued row is written; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._unwritten:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._written.wait(left)
        return True

    def _run(self) -> None:
        while True:
            try:
                batch = [self._queue.get(timeout=WRITER_IDLE_SECONDS)]
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._running = False
                        return
                continue
            # Waiting a moment for more rows makes each transaction carry many of them. The
            # writer sleeps through that moment rather than waiting on the queue: a waiting
            # thread would be woken by every question put, taking the interpreter from the
            # threads answering.
            self._gather(batch)
            if len(batch) < BATCH_LIMIT:
                time.sleep(BATCH_SECONDS)
                self._gather(batch)
            self._write(batch)

    def _gather(self, batch: list[dict[str, Any]]) -> None:
        """Add the queued rows to `batch`, up to BATCH_LIMIT, without waiting."""
        while len(batch) < BATCH_LIMIT:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                return

    def _write(self, batch: list[dict[str, Any]]) -> None:
        pause = 0.1
        while True:
            try:
                with self._engine.begin() as connection:
                    connection.execute(insert(questions), batch)
                break
            except (IntegrityError, DataError):
                # The database refuses a row for good: keep the others, report the refused one.
                self._write_each(batch)
                break
            except Exception:
                # Never dropped while the database is away: retried until it takes the batch.
                log.exception("writing %d questions failed; retrying", len(batch))
                time.sleep(pause)
                pause = min(pause * 2, 5.0)
        with self._lock:
            self._unwritten.difference_update(int(row["id"]) for row in batch)
            self._written.notify_all()
        try:
            self._after_batch(max(row["asked_at"] for row in batch))
        except Exception:
            log.exception("applying the question log's retention limit failed")

    def _write_each(self, batch: list[dict[str, Any]]) -> None:
        for row in batch:
            try:
                with self._engine.begin() as connection:
                    connection.execute(insert(questions), [row])
            except (IntegrityError, DataError):
                log.exception("question refused by the database id=%s", row["id"])


def _flush_at_exit(reference: weakref.ref[_Writer]) -> None:
    writer = reference()
    if writer is not None and not writer.flush():
        log.error("questions still unwritten at exit")


def _insert_once(
    engine: Engine, table: Any, values: dict[str, Any], key: Any | None = None
) -> Insert:
    # ON CONFLICT DO NOTHING keeps a replayed click a no-op instead of an aborted transaction.
    if engine.dialect.name == "postgresql":
        statement: Insert = postgresql.insert(table).values(**values).on_conflict_do_nothing()
    elif engine.dialect.name == "sqlite":
        statement = sqlite.insert(table).values(**values).on_conflict_do_nothing()
    else:
        raise ValueError(f"unsupported database {engine.dialect.name!r}")
    # A row comes back only when it was inserted.
    return statement.returning(table.c.id if key is None else key)


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
