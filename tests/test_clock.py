"""The clock process: its scheduler wiring, and real `k17 clock` processes that are killed,
restarted and run four at once against a stand-in Slack, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import itertools
import random
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.clock import build_scheduler
from bot.core.events import load_events
from bot.slack.standin import Call, Fault, StandInSlack
from bot.store import reminders as ledger
from bot.store.db import connect, create_schema
from tests.k17_process import ISOLATED

K17 = str(Path(sys.executable).parent / "k17")
ROOT = Path(__file__).resolve().parent.parent


def test_the_clock_sweeps_at_start_and_on_an_interval_with_safe_job_settings() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    scheduler = build_scheduler(lambda: None, lambda: None, 30.0, now)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    sweep = jobs["sweep"]
    assert sweep.next_run_time == now
    assert sweep.trigger.interval == timedelta(seconds=30)
    assert (sweep.coalesce, sweep.max_instances, sweep.misfire_grace_time) == (True, 1, None)
    assert str(scheduler.timezone) == "UTC"
    assert set(jobs) == {"sweep", "plan"}


def test_only_the_clock_process_schedules() -> None:
    importers = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "bot").rglob("*.py")
        if "apscheduler" in path.read_text(encoding="utf-8")
    ]
    assert importers == ["bot/clock.py"]


# -- real processes --------------------------------------------------------------------------


def write_due_events(directory: Path, events: int) -> None:
    """`events.yaml` with deadlines tomorrow whose 1-day reminders were due at local midnight.

    The zone is picked so that it is about noon there now: each reminder is already due and
    stays useful for about twelve more hours, whatever time the tests run.
    """
    now = datetime.now(UTC)
    offset = 12 - now.hour  # hours east of UTC where it is about noon
    zone = f"Etc/GMT{-offset:+d}" if offset else "UTC"  # Etc/GMT-5 is five hours east
    local_today = (now + timedelta(hours=offset)).date()
    lines = ["events:"]
    for index in range(events):
        lines += [
            f"  - id: event-{index:03d}",
            f"    name: Event {index}",
            "    kind: deadline",
            f"    date: {local_today + timedelta(days=1)}",
            '    time: "23:59"',
            f"    timezone: {zone}",
            f"    url: https://example.org/events/{index}",
            "    reminders:",
            "      - days_before: 1",
            '        at: "00:00"',
            '        message: "{name} closes {relative}, {when}. {url}"',
        ]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "events.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


class ClockFleet:
    """Starts `k17 clock` processes on one database and one stand-in Slack."""

    def __init__(
        self, tmp_path: Path, database_url: str, slack: StandInSlack, channels: int, events: int
    ):
        self.tmp_path = tmp_path
        self.channels = [f"C{index:04d}" for index in range(channels)]
        write_due_events(tmp_path / "knowledge", events)
        self.expected = {f"event-{e:03d}:1d:{c}" for e in range(events) for c in self.channels}
        self.env = {
            **ISOLATED,
            "DATABASE_URL": database_url,
            "SLACK_API_URL": slack.api_url,
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": "test-secret",
            "K17_KNOWLEDGE_DIR": str(tmp_path / "knowledge"),
            "K17_REMINDER_CHANNELS": ",".join(self.channels),
            "K17_SWEEP_SECONDS": "1",
            "LOG_LEVEL": "INFO",
        }
        self.processes: list[subprocess.Popen[bytes]] = []

    @property
    def started(self) -> int:
        return len(self.processes)

    def start(self, post_timeout: int = 1) -> subprocess.Popen[bytes]:
        with (self.tmp_path / f"clock-{self.started + 1}.log").open("wb") as log:
            process = subprocess.Popen(
                [K17, "clock", "--post-timeout", str(post_timeout)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        return process

    def kill_survivors(self) -> None:
        """Kill the clocks a failed test left running."""
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)

    def log(self, number: int) -> str:
        return (self.tmp_path / f"clock-{number}.log").read_text(encoding="utf-8")

    def wait_started(self, number: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while "clock started" not in self.log(number) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "clock started" in self.log(number), self.log(number)


def post_counts(slack: StandInSlack) -> Counter[str]:
    return Counter(
        m["metadata"]["event_payload"]["reminder_id"] for m in slack.messages() if m.get("metadata")
    )


def assert_posted_once(
    slack: StandInSlack, expected: set[str], counts: dict[str, int], note: str = ""
) -> None:
    """Every expected reminder is sent in the ledger and reached Slack exactly once."""
    assert counts["sent"] == len(expected), f"{note} {counts}"
    posts = post_counts(slack)
    assert set(posts) == expected, note
    assert set(posts.values()) == {1}, f"{note} doubled: {posts - Counter(expected)}"


def posted_too_soon(slack: StandInSlack, retry_after: float) -> list[str]:
    """Posts that reached a channel less than 1 s after the one before, or less than Slack's
    Retry-After after a post it answered with 429."""
    by_channel: dict[str, list[Call]] = defaultdict(list)
    for call in slack.calls("chat.postMessage"):
        by_channel[str(call.args.get("channel"))].append(call)
    return [
        f"{channel}: {later.received_at - earlier.received_at:.3f} s after a {earlier.status}"
        for channel, calls in by_channel.items()
        for earlier, later in itertools.pairwise(calls)
        if later.received_at - earlier.received_at < (retry_after if earlier.status == 429 else 1)
    ]


def wait_until_all_sent(engine: Engine, expected: int, timeout: float) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    counts = ledger.status_counts(engine)
    while counts["sent"] < expected and time.monotonic() < deadline:
        time.sleep(0.25)
        counts = ledger.status_counts(engine)
    return counts


def wait_until_sent(engine: Engine, ids: set[str], timeout: float) -> set[str]:
    """Wait until every one of `ids` is sent; those that are not."""
    deadline = time.monotonic() + timeout
    while True:
        sent = {row.id for row in ledger.reminders_by_status(engine, ("sent",))}
        if ids <= sent or time.monotonic() > deadline:
            return ids - sent
        time.sleep(0.25)


def stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30)


@pytest.fixture
def clock_fleet(
    tmp_path: Path, database_url: str, slack: StandInSlack
) -> Iterator[Callable[[int, int], ClockFleet]]:
    """Makes a ClockFleet(channels, events); every clock it started is gone after the test."""
    fleets: list[ClockFleet] = []

    def make(channels: int, events: int) -> ClockFleet:
        fleets.append(ClockFleet(tmp_path, database_url, slack, channels, events))
        return fleets[-1]

    yield make
    for fleet in fleets:
        fleet.kill_survivors()


@pytest.fixture
def fleet_engine(database_url: str) -> Iterator[Engine]:
    engine = connect(database_url)
    create_schema(engine)  # once, before several processes start at the same moment
    yield engine
    engine.dispose()


@pytest.mark.e2e
def test_a_clock_killed_thirty_times_still_posts_every_reminder_once(
    clock_fleet: Callable[[int, int], ClockFleet], fleet_engine: Engine, slack: StandInSlack
) -> None:
    fleet = clock_fleet(20, 10)  # channels, events
    slack.set_latency(0.05)  # widen the window between Slack accepting a post and `sent`
    slack.fail("chat.postMessage", Fault(status=429, retry_after=4, times=60, share=0.3))
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    for _ in range(30):
        process = fleet.start()
        time.sleep(chance.uniform(0.2, 1.6))  # startup takes ~0.7 s: some die before posting
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    killed_with = post_counts(slack)

    survivor = fleet.start()  # unsettled claims lapse after 12 s and are reconciled
    fleet.wait_started(fleet.started)
    # ≥ 10 posts per channel 1 s apart, 12 s leases and 4 s Retry-Afters: ~30 s on a quiet machine
    counts = wait_until_all_sent(fleet_engine, len(fleet.expected), timeout=120)
    assert stop(survivor) == 0
    assert_posted_once(slack, fleet.expected, counts, f"seed={seed}")
    assert killed_with, "no clock posted anything before it was killed"
    assert posted_too_soon(slack, retry_after=4) == [], f"seed={seed}"
    assert any(call.status == 429 for call in slack.calls("chat.postMessage"))


@pytest.mark.e2e
def test_four_clocks_at_once_post_500_reminders_exactly_once(
    clock_fleet: Callable[[int, int], ClockFleet], fleet_engine: Engine, slack: StandInSlack
) -> None:
    fleet = clock_fleet(100, 5)
    clocks = [fleet.start() for _ in range(4)]
    for number in range(1, 5):
        fleet.wait_started(number)
    counts = wait_until_all_sent(fleet_engine, len(fleet.expected), timeout=90)
    assert [stop(clock) for clock in clocks] == [0, 0, 0, 0]
    assert_posted_once(slack, fleet.expected, counts)
    assert posted_too_soon(slack, retry_after=4) == []
    claimants = {row.claimed_by for row in ledger.reminders_by_status(fleet_engine, ("sent",))}
    assert len(claimants) > 1, "one clock did all the work"


@pytest.mark.e2e
def test_a_clock_stops_within_five_seconds_of_sigterm_while_history_is_slow(
    clock_fleet: Callable[[int, int], ClockFleet], fleet_engine: Engine, slack: StandInSlack
) -> None:
    fleet = clock_fleet(30, 2)
    now = datetime.now(UTC)
    for channel in fleet.channels:
        ledger.subscribe(fleet_engine, channel, now)
    ledger.replan(fleet_engine, load_events(fleet.tmp_path / "knowledge" / "events.yaml"), now)
    # A clock died an hour ago holding one reminder per channel: 30 rows to reconcile.
    lease = timedelta(minutes=1)
    stranded = ledger.claim_due(fleet_engine, now - timedelta(hours=1), "gone", 30, lease)
    assert len(stranded) == 30
    slack.slow("conversations.history", 1.5)

    clock = fleet.start(post_timeout=5)
    fleet.wait_started(1)
    due = wait_until_sent(fleet_engine, fleet.expected - {row.id for row in stranded}, 20)
    assert due == set(), "the due reminders waited for the old ones to be reconciled"
    assert len(ledger.reminders_by_status(fleet_engine, ("sending",))) > 10  # still reconciling
    clock.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    assert clock.wait(timeout=30) == 0
    assert time.monotonic() - signalled < 5, fleet.log(1)
    assert "clock stopped" in fleet.log(1)

    slack.slow("conversations.history", 0)
    survivor = fleet.start()  # the rest is reconciled and posted by the next clock
    counts = wait_until_all_sent(fleet_engine, len(fleet.expected), timeout=60)
    assert stop(survivor) == 0
    assert_posted_once(slack, fleet.expected, counts)


def test_a_clock_signalled_the_moment_it_starts_still_stops(
    clock_fleet: Callable[[int, int], ClockFleet],
) -> None:
    fleet = clock_fleet(2, 1)
    for number in range(1, 6):
        clock = fleet.start()
        deadline = time.monotonic() + 20
        while "clock started" not in fleet.log(number) and time.monotonic() < deadline:
            time.sleep(0.002)
        clock.send_signal(signal.SIGTERM)  # while its scheduler is starting, or just after
        try:
            code = clock.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pytest.fail(f"clock {number} still running 15 s after SIGTERM:\n{fleet.log(number)}")
        assert code == 0, fleet.log(number)
        assert "clock stopped" in fleet.log(number)
