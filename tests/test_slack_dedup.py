"""Event de-duplication in the database: each delivery key is answered once, across processes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot.store.db import connect, create_schema
from bot.store.dedup import HandledEvents, event_keys

NOON = datetime(2026, 3, 1, 12, tzinfo=UTC)


Ledger = Callable[..., HandledEvents]


@pytest.fixture
def ledger(database_url: str) -> Iterator[Ledger]:
    """Open ledgers on the test database as separate processes would, each with its own engine."""
    engines: list[Engine] = []

    def open_ledger(now: datetime = NOON) -> HandledEvents:
        engine = connect(database_url)
        engines.append(engine)
        create_schema(engine)
        return HandledEvents(engine, now=lambda: now)

    yield open_ledger
    for engine in engines:
        engine.dispose()


def test_first_delivery_is_answered_and_retries_are_not(ledger: Ledger) -> None:
    handled = ledger()
    assert handled.first_delivery(["event:Ev1", "message:D1:1.1"])
    assert not handled.first_delivery(["event:Ev1", "message:D1:1.1"])


def test_same_message_under_a_new_event_id_is_a_duplicate(ledger: Ledger) -> None:
    handled = ledger()
    assert handled.first_delivery(["event:Ev1", "message:C1:1.1"])
    assert not handled.first_delivery(["event:Ev2", "message:C1:1.1"])


def test_two_processes_racing_for_one_event_answer_once(ledger: Ledger) -> None:
    ledgers = [ledger() for _ in range(4)]
    for attempt in range(20):
        keys = [f"event:Ev{attempt}", f"message:C1:{attempt}.0"]
        start = threading.Barrier(len(ledgers))
        wins: list[bool] = []  # one list per attempt, bound below as a default

        def claim(
            handled: HandledEvents,
            keys: list[str] = keys,
            start: threading.Barrier = start,
            wins: list[bool] = wins,
        ) -> None:
            start.wait()
            wins.append(handled.first_delivery(keys))

        threads = [threading.Thread(target=claim, args=(h,)) for h in ledgers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(wins) == [False, False, False, True]


def test_old_keys_are_pruned_and_recent_ones_kept(ledger: Ledger) -> None:
    old = ledger(now=NOON - timedelta(days=2))
    old.first_delivery(["event:old"])
    recent = ledger(now=NOON - timedelta(minutes=5))
    recent.first_delivery(["event:recent"])
    ledger().prune()
    assert ledger().prune() == 0
    assert not ledger().first_delivery(["event:recent"])
    assert ledger().first_delivery(["event:old"])


def test_keys_come_from_event_id_and_channel_ts() -> None:
    body: dict[str, object] = {"event_id": "Ev9"}
    event: dict[str, object] = {"channel": "C1", "ts": "1.5"}
    assert event_keys(body, event) == ["event:Ev9", "message:C1:1.5"]
    assert event_keys({}, {}) == []
