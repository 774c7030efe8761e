"""Reminder dispatch: 10,000 due reminders over 200 channels against the stand-in Slack.

Prints figures, asserts nothing: time to plan and to dispatch everything, posts per second, and
how close pacing stays to 1 post per second per channel (the smallest gap between two posts to
one channel, and the most posts any channel received within one second). The floor is 49 s:
50 posts per channel, 1 s apart. The stand-in Slack runs in this process, on loopback, so it
shares the interpreter with the dispatcher; real Slack would add network latency per post,
which the dispatcher's post threads overlap. `--database URL` runs it on PostgreSQL, in a
scratch schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path

from sqlalchemy import create_engine, text

from bot.clock import Dispatch, dispatch_due, worker_name
from bot.config import Settings, normalise_database_url
from bot.core.events import Event, ReminderRule
from bot.slack.reminders import create_dispatch_client
from bot.slack.standin import StandInSlack
from bot.store import reminders as ledger
from bot.store.db import connect, create_schema

CHANNELS = 200
EVENTS = 50  # one due reminder per event per channel: 10,000 in all


def due_events(now: datetime) -> list[Event]:
    """Deadlines tomorrow, in a zone where it is about noon, whose 1-day reminder is due."""
    offset = 12 - now.hour
    zone = f"Etc/GMT{-offset:+d}" if offset else "UTC"
    tomorrow: date = (now + timedelta(hours=offset)).date() + timedelta(days=1)
    return [
        Event(
            id=f"event-{index:03d}",
            name=f"Event {index}",
            kind="deadline",
            starts_on=tomorrow,
            ends_on=tomorrow,
            local_time=day_time(23, 59),
            timezone=zone,
            url=f"https://example.org/events/{index}",
            reminders=(ReminderRule(1, day_time(0), "{name} closes {relative}, {when}. {url}"),),
        )
        for index in range(EVENTS)
    ]


@contextmanager
def scratch_database(url: str | None, directory: str) -> Iterator[str]:
    """A fresh SQLite file, or a private schema on the given PostgreSQL."""
    if not url:
        yield f"sqlite:///{Path(directory) / 'bench.db'}"
        return
    base = normalise_database_url(url)
    schema = f"k17_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    """Plan and dispatch, then print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--threads", type=int, default=8, help="post threads (default 8)")
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory() as scratch,
        scratch_database(args.database, scratch) as url,
        StandInSlack() as slack,
    ):
        engine = connect(url)
        create_schema(engine)
        now = datetime.now(UTC)
        channels = [f"C{index:05d}" for index in range(CHANNELS)]
        for channel in channels:
            ledger.subscribe(engine, channel, now)

        started = time.perf_counter()
        changes = ledger.replan(engine, due_events(now), now)
        planned_in = time.perf_counter() - started
        again = time.perf_counter()
        ledger.replan(engine, due_events(now), now)
        replanned_in = time.perf_counter() - again

        settings = Settings(slack_api_url=slack.api_url, slack_bot_token="xoxb-bench")
        dispatch = Dispatch(
            engine=engine,
            client=create_dispatch_client(settings, 15),
            worker=worker_name(),
            threads=args.threads,
        )
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        posted = 0
        while posted < changes.added:
            posted += len(dispatch_due(datetime.now(UTC), dispatch).posted)
        elapsed = time.perf_counter() - started
        load_after = os.getloadavg()[0]

        by_channel: dict[str, list[float]] = defaultdict(list)
        for call in slack.calls("chat.postMessage"):
            by_channel[str(call.args.get("channel"))].append(call.received_at)
        gaps = [
            later - earlier
            for times in by_channel.values()
            for earlier, later in zip(sorted(times), sorted(times)[1:], strict=False)
        ]
        busiest = max(
            max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
            for times in by_channel.values()
        )
        counts = ledger.status_counts(engine)
        engine.dispose()

    print(f"database: {url.split('://', 1)[0]}, post threads: {args.threads}")
    print(
        f"machine: {os.cpu_count()} cores, 1-minute load average {load_before:.1f} before "
        f"dispatch and {load_after:.1f} after (a busy machine keeps it off the floor)"
    )
    print(f"planned {changes.added:,} reminders for {CHANNELS} channels in {planned_in:.2f} s")
    print(f"planning again (nothing changes): {replanned_in:.2f} s")
    print(f"dispatched {posted:,} in {elapsed:.1f} s ({posted / elapsed:.0f} posts/s); floor 49 s")
    print(f"ledger: {counts}")
    print(f"Slack calls: {len(slack.calls('chat.postMessage')):,} chat.postMessage")
    print(
        f"per-channel pacing: min gap {min(gaps):.3f} s, median gap "
        f"{statistics.median(gaps):.3f} s, max posts in any 1 s window {busiest}"
    )


if __name__ == "__main__":
    main()
