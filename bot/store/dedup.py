"""Event de-duplication: Slack delivers at least once, k17 answers each event once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete
from sqlalchemy.dialects import postgresql, sqlite

from bot.store.tables import handled_events

# Slack retries for about five minutes; a day of keys covers late retries with room to spare.
RETENTION = timedelta(days=1)
PRUNE_EVERY = timedelta(minutes=10)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class HandledEvents:
    """The keys of events already answered, shared by every process using the database."""

    def __init__(
        self,
        engine: Engine,
        now: Callable[[], datetime] = _utc_now,
        retention: timedelta = RETENTION,
    ) -> None:
        self._engine = engine
        self._now = now
        self._retention = retention
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self._lock = threading.Lock()
        self._next_prune = now()

    def first_delivery(self, keys: Sequence[str]) -> bool:
        """Record `keys`; True only if none was recorded before, so the caller answers."""
        received_at = self._now()
        first = True
        # One transaction and a fixed key order: two processes claiming the same event serialise
        # on the first key instead of deadlocking, and exactly one of them sees it as new.
        with self._engine.begin() as connection:
            for key in sorted(set(keys)):
                statement = (
                    self._insert(handled_events)
                    .values(key=key[:200], received_at=received_at)
                    .on_conflict_do_nothing(index_elements=["key"])
                    .returning(handled_events.c.key)
                )
                # RETURNING, not rowcount: psycopg reports -1 for a skipped conflicting insert.
                if connection.execute(statement).first() is None:
                    first = False
        self._prune_now_and_then(received_at)
        return first

    def prune(self, now: datetime | None = None) -> int:
        """Forget keys older than the retention; returns how many were deleted."""
        cutoff = (now or self._now()) - self._retention
        with self._engine.begin() as connection:
            result = connection.execute(
                delete(handled_events).where(handled_events.c.received_at < cutoff)
            )
        return int(result.rowcount or 0)

    def _prune_now_and_then(self, now: datetime) -> None:
        with self._lock:
            if now < self._next_prune:
                return
            self._next_prune = now + PRUNE_EVERY
        self.prune(now)


def event_keys(body: dict[str, object], event: dict[str, object]) -> list[str]:
    """The keys identifying one delivery: its event id and the message's (channel, ts)."""
    keys = []
    if body.get("event_id"):
        keys.append(f"event:{body['event_id']}")
    if event.get("channel") and event.get("ts"):
        keys.append(f"message:{event['channel']}:{event['ts']}")
    return keys
