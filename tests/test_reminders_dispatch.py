"""The reminder ledger and dispatcher with an injected clock, a stand-in Slack and a real database.

Every test runs on a SQLite file and on PostgreSQL. Time only moves when a test moves it; the
stand-in Slack is real HTTP on 127.0.0.1, so faults arrive the way Slack sends them.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import Engine

from bot.clock import GIVE_UP_AFTER, Dispatch, SweepReport, dispatch_due
from bot.config import Settings
from bot.core.events import Event, ReminderRule
from bot.core.reminders import plan_reminders
from bot.slack.reminders import create_dispatch_client, post_reminder
from bot.slack.standin import Fault, StandInSlack
from bot.store import reminders as ledger
from bot.store.reminders import ReminderRow

# A fixed morning, whatever the machine's clock says: reminders due "now" stay useful until the
# day ends in sixteen hours. It lies in the past, so the stand-in's message ts (real time) are
# always after it and reconciliation reads them back as it would in production.
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


class FakeClock:
    """A clock that only moves when told to; sleeping moves it instead of waiting."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def event_due_at(due: datetime, event_id: str = "cfp", days_before: int = 1) -> Event:
    """A UTC deadline whose `days_before` reminder is due at `due` and useful for the rest of
    that day (START is early in a UTC day; tests move past midnight only on purpose)."""
    day = due.date() + timedelta(days=days_before)
    return Event(
        id=event_id,
        name=f"Event {event_id}",
        kind="deadline",
        starts_on=day,
        ends_on=day,
        local_time=time(23, 59),
        timezone="UTC",
        url=f"https://example.org/{event_id}",
        reminders=(
            ReminderRule(
                days_before=days_before,
                at=due.time().replace(microsecond=0),
                message="{name} closes {relative}, {when}. {url}",
            ),
        ),
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


def make_dispatch(
    engine: Engine, slack: StandInSlack, clock: FakeClock, timeout: int = 5
) -> Dispatch:
    settings = Settings(slack_api_url=slack.api_url, slack_bot_token="xoxb-test")
    return Dispatch(
        engine=engine,
        client=create_dispatch_client(settings, timeout),
        worker="test-worker",
        post_timeout=timeout,
        clock=clock,
        sleep=clock.sleep,
        threads=4,
        horizon=5.0,
    )


def subscribe_and_plan(
    engine: Engine, events: list[Event], channels: list[str], now: datetime
) -> None:
    for channel in channels:
        ledger.subscribe(engine, channel, now)
    ledger.replan(engine, events, now)


def posted_ids(slack: StandInSlack) -> Counter[str]:
    return Counter(
        m["metadata"]["event_payload"]["reminder_id"] for m in slack.messages() if m.get("metadata")
    )


def sweep(dispatch: Dispatch, clock: FakeClock) -> SweepReport:
    return dispatch_due(clock(), dispatch)


def test_planning_twice_adds_nothing(engine: Engine, clock: FakeClock) -> None:
    events = [event_due_at(START + timedelta(hours=1))]
    ledger.subscribe(engine, "C1", clock())
    first = ledger.replan(engine, events, clock())
    second = ledger.replan(engine, events, clock())
    assert (first.added, second.added, second.updated, second.cancelled) == (1, 0, 0, 0)


def test_three_planners_at_once_add_each_reminder_once(engine: Engine, clock: FakeClock) -> None:
    events = [event_due_at(START + timedelta(hours=1), f"e{i}") for i in range(20)]
    for channel in ("C1", "C2", "C3"):
        ledger.subscribe(engine, channel, clock())
    planned = plan_reminders(events, ["C1", "C2", "C3"], clock())
    barrier = threading.Barrier(3)
    results: list[ledger.PlanChanges] = []

    def plan() -> None:
        barrier.wait()
        results.append(ledger.record_plan(engine, planned, clock()))

    threads = [threading.Thread(target=plan) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = ledger.reminders_by_status(engine)
    assert len(rows) == 60
    assert len({row.id for row in rows}) == 60
    assert sum(result.added for result in results) == 60


def test_a_due_reminder_is_posted_once(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    due = START + timedelta(minutes=10)
    subscribe_and_plan(engine, [event_due_at(due)], ["C1"], clock())
    dispatch = make_dispatch(engine, slack, clock)

    assert sweep(dispatch, clock).posted == []
    clock.now = due
    assert sweep(dispatch, clock).posted == ["cfp:1d:C1"]
    clock.advance(hours=1)
    assert sweep(dispatch, clock).posted == []

    (message,) = slack.messages("C1")
    assert message["text"].startswith("Event cfp closes tomorrow, <!date^")
    assert message["metadata"] == {
        "event_type": "k17_reminder",
        "event_payload": {"reminder_id": "cfp:1d:C1"},
    }
    (row,) = ledger.reminders_by_status(engine, ("sent",))
    assert row.slack_ts == message["ts"]


def test_a_late_reminder_is_posted_once_inside_its_window(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    subscribe_and_plan(engine, [event_due_at(START)], ["C1"], clock())
    clock.advance(hours=3)  # the clock was down for three hours
    dispatch = make_dispatch(engine, slack, clock)
    assert sweep(dispatch, clock).posted == ["cfp:1d:C1"]
    assert sweep(dispatch, clock).posted == []
    assert posted_ids(slack) == {"cfp:1d:C1": 1}


def test_a_reminder_past_its_window_expires_unposted_and_is_reported(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    subscribe_and_plan(engine, [event_due_at(START)], ["C1"], clock())
    clock.advance(days=1)  # down past the end of the day the reminder was about
    report = sweep(make_dispatch(engine, slack, clock), clock)
    assert (report.posted, report.expired) == ([], ["cfp:1d:C1"])
    assert slack.messages() == []
    (row,) = ledger.reminders_by_status(engine, ("expired",))
    assert row.last_error == "window closed before it was posted"


def test_editing_an_event_changes_only_pending_reminders(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    event = event_due_at(START)
    later = replace(event, id="later", reminders=(replace(event.reminders[0], days_before=0),))
    subscribe_and_plan(engine, [event, later], ["C1"], clock())
    sweep(make_dispatch(engine, slack, clock), clock)  # posts cfp:1d; later:0d is due tomorrow

    moved = replace(later, name="Renamed event")
    changes = ledger.replan(engine, [replace(event, name="Renamed event"), moved], clock())
    assert (changes.added, changes.updated) == (0, 1)
    rows = {row.id: row for row in ledger.reminders_by_status(engine)}
    assert rows["cfp:1d:C1"].status == "sent"
    assert rows["cfp:1d:C1"].text.startswith("Event cfp")
    assert rows["later:0d:C1"].text.startswith("Renamed event")

    ledger.replan(engine, [event], clock())  # `later` was removed from events.yaml
    rows = {row.id: row for row in ledger.reminders_by_status(engine)}
    assert (rows["cfp:1d:C1"].status, rows["later:0d:C1"].status) == ("sent", "cancelled")


def test_unsubscribing_cancels_pending_reminders_and_subscribing_again_restores_them(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    events = [event_due_at(START + timedelta(hours=1))]
    subscribe_and_plan(engine, events, ["C1"], clock())
    assert ledger.unsubscribe(engine, "C1", clock())
    assert [r.status for r in ledger.reminders_by_status(engine)] == ["cancelled"]
    clock.advance(hours=1)
    assert sweep(make_dispatch(engine, slack, clock), clock).posted == []

    subscribe_and_plan(engine, events, ["C1"], clock())
    assert sweep(make_dispatch(engine, slack, clock), clock).posted == ["cfp:1d:C1"]


def test_posts_to_one_channel_are_paced_one_per_second(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    events = [event_due_at(START, f"e{i}") for i in range(3)]
    subscribe_and_plan(engine, events, ["C1", "C2"], clock())
    report = sweep(make_dispatch(engine, slack, clock), clock)
    assert len(report.posted) == 6
    assert posted_ids(slack) == Counter({r: 1 for r in report.posted})
    assert clock.now - START >= timedelta(seconds=2)  # three posts per channel, 1 s apart
    assert clock.now - START < timedelta(seconds=4)  # …and the two channels were not serialised


def test_a_rate_limited_post_waits_for_retry_after_while_other_channels_go_on(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    subscribe_and_plan(engine, [event_due_at(START)], ["C1", "C2"], clock())
    slack.fail("chat.postMessage", Fault(status=429, retry_after=30))
    dispatch = make_dispatch(engine, slack, clock)
    first = sweep(dispatch, clock)
    assert len(first.posted) == 1
    assert len(first.retrying) == 1
    (limited,) = first.retrying
    clock.advance(seconds=20)
    assert sweep(dispatch, clock).posted == []
    clock.advance(seconds=11)
    assert sweep(dispatch, clock).posted == [limited]
    assert posted_ids(slack) == {"cfp:1d:C1": 1, "cfp:1d:C2": 1}


def test_rate_limits_never_use_up_a_reminders_attempts(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    # Slack's "not now" says nothing against the post: after more 429s than a reminder has
    # attempts, it is still posted, and a later crash still leaves it attempts to spare.
    subscribe_and_plan(engine, [event_due_at(START)], ["C1"], clock())
    slack.fail("chat.postMessage", Fault(status=429, retry_after=5, times=GIVE_UP_AFTER + 2))
    dispatch = make_dispatch(engine, slack, clock)
    posted: list[str] = []
    for _ in range(4 * GIVE_UP_AFTER):
        posted += sweep(dispatch, clock).posted
        if posted:
            break
        clock.advance(seconds=6)
    assert posted == ["cfp:1d:C1"]
    limited = [call for call in slack.calls("chat.postMessage") if call.status == 429]
    assert len(limited) == GIVE_UP_AFTER + 2
    (row,) = ledger.reminders_by_status(engine, ("sent",))
    assert row.attempts == 1  # the post that went through
    assert posted_ids(slack) == {"cfp:1d:C1": 1}


def test_a_server_error_is_checked_against_history_then_posted_once(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    subscribe_and_plan(engine, [event_due_at(START)], ["C1"], clock())
    slack.fail("chat.postMessage", Fault(status=500))
    dispatch = make_dispatch(engine, slack, clock)
    assert sweep(dispatch, clock).unsettled == ["cfp:1d:C1"]
    clock.advance(seconds=5)
    assert sweep(dispatch, clock).posted == ["cfp:1d:C1"]
    assert len(slack.calls("conversations.history")) == 1
    assert posted_ids(slack) == {"cfp:1d:C1": 1}


def test_a_post_whose_response_was_lost_is_reconciled_without_a_second_post(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    subscribe_and_plan(engine, [event_due_at(START)], ["C1"], clock())
    slack.fail("chat.postMessage", Fault(delay=3, record=True))  # accepted, answer too late
    dispatch = make_dispatch(engine, slack, clock, timeout=1)
    assert sweep(dispatch, clock).unsettled == ["cfp:1d:C1"]
    clock.advance(seconds=5)
    assert sweep(dispatch, clock).reconciled == []  # the request might still be in flight
    clock.now += dispatch.lease
    report = sweep(dispatch, clock)
    assert (report.reconciled, report.posted) == (["cfp:1d:C1"], [])
    assert posted_ids(slack) == {"cfp:1d:C1": 1}
    (row,) = ledger.reminders_by_status(engine, ("sent",))
    assert row.slack_ts == slack.messages("C1")[0]["ts"]


def test_a_crash_after_posting_is_reconciled_without_a_second_post(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    subscribe_and_plan(engine, [event_due_at(START)], ["C1"], clock())
    dispatch = make_dispatch(engine, slack, clock)
    (row,) = ledger.claim_due(engine, clock(), "crashed-worker", 10, dispatch.lease)
    post_reminder(dispatch.client, row)  # …and the process dies before recording it

    assert sweep(dispatch, clock).posted == []  # the claim is still trusted
    clock.now += dispatch.lease
    assert sweep(dispatch, clock).reconciled == ["cfp:1d:C1"]
    assert posted_ids(slack) == {"cfp:1d:C1": 1}


def test_a_crash_after_claiming_is_posted_once_after_the_claim_lapses(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    subscribe_and_plan(engine, [event_due_at(START)], ["C1"], clock())
    dispatch = make_dispatch(engine, slack, clock)
    ledger.claim_due(engine, clock(), "crashed-worker", 10, dispatch.lease)
    clock.now += dispatch.lease
    assert sweep(dispatch, clock).posted == ["cfp:1d:C1"]
    assert posted_ids(slack) == {"cfp:1d:C1": 1}


@pytest.mark.parametrize(
    ("break_channel", "error"),
    [
        (StandInSlack.remove_channel, "channel_not_found"),
        (StandInSlack.leave_channel, "not_in_channel"),
        (StandInSlack.archive_channel, "is_archived"),
    ],
)
def test_a_permanent_error_is_recorded_as_a_failure_and_never_retried(
    engine: Engine,
    slack: StandInSlack,
    clock: FakeClock,
    break_channel: Callable[[StandInSlack, str], object],
    error: str,
) -> None:
    subscribe_and_plan(engine, [event_due_at(START)], ["C1", "C2"], clock())
    break_channel(slack, "C1")
    dispatch = make_dispatch(engine, slack, clock)
    report = sweep(dispatch, clock)
    assert (report.failed, report.posted) == (["cfp:1d:C1"], ["cfp:1d:C2"])
    clock.advance(minutes=10)
    sweep(dispatch, clock)
    assert len(slack.calls("chat.postMessage")) == 2
    (row,) = ledger.reminders_by_status(engine, ("failed",))
    assert row.last_error == error


def test_status_counts_every_state(engine: Engine, slack: StandInSlack, clock: FakeClock) -> None:
    subscribe_and_plan(
        engine,
        [event_due_at(START), event_due_at(START + timedelta(hours=2), "b")],
        ["C1"],
        clock(),
    )
    sweep(make_dispatch(engine, slack, clock), clock)
    counts = ledger.status_counts(engine)
    assert counts == {
        "pending": 1,
        "sending": 0,
        "sent": 1,
        "failed": 0,
        "expired": 0,
        "cancelled": 0,
    }


def test_a_channel_is_planned_with_the_due_date_it_had(engine: Engine, clock: FakeClock) -> None:
    ledger.subscribe(engine, "C1", clock())
    event = event_due_at(START + timedelta(hours=5))
    ledger.replan(engine, [event], clock())
    (row,) = ledger.reminders_by_status(engine, ("pending",))
    assert row.due_at == START + timedelta(hours=5)
    assert row.due_at.date() == (START + timedelta(hours=5)).date()
    assert isinstance(row.due_at.date(), date)


def test_a_revoked_token_pauses_reminders_without_failing_them(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    subscribe_and_plan(engine, [event_due_at(START)], ["C1"], clock())
    slack.fail("chat.postMessage", Fault(error="token_revoked", times=1))
    dispatch = make_dispatch(engine, slack, clock)
    assert sweep(dispatch, clock).retrying == ["cfp:1d:C1"]
    clock.advance(minutes=1)
    assert sweep(dispatch, clock).posted == []
    clock.advance(minutes=5)
    assert sweep(dispatch, clock).posted == ["cfp:1d:C1"]
    assert posted_ids(slack) == {"cfp:1d:C1": 1}


# -- a misbehaving Slack: long Retry-After, slow history, sweeps longer than a claim ----------


LEASE = timedelta(seconds=20)  # for the tests that claim through the ledger directly


def three_due_in_c1(engine: Engine, clock: FakeClock) -> None:
    """Reminders e0, e1 and e2, all due now in channel C1."""
    subscribe_and_plan(engine, [event_due_at(START, f"e{i}") for i in range(3)], ["C1"], clock())


def claim_that_lapses(engine: Engine, clock: FakeClock, worker: str) -> ReminderRow:
    """The row `worker` claims now; the clock then moves to the end of the claim's lease."""
    (row,) = ledger.claim_due(engine, clock(), worker, 10, LEASE)
    clock.now += LEASE
    return row


def test_retry_after_holds_while_another_post_to_the_channel_is_settled(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    three_due_in_c1(engine, clock)
    slack.fail("chat.postMessage", Fault(status=500, record=True))  # posted, answered 500
    slack.fail("chat.postMessage", Fault(status=429, retry_after=30))
    dispatch = make_dispatch(engine, slack, clock)
    assert sweep(dispatch, clock).unsettled == ["e0:1d:C1"]
    clock.advance(seconds=3)
    assert sweep(dispatch, clock).reconciled == ["e0:1d:C1"]  # found in the channel's history
    (limited,) = [call for call in slack.calls("chat.postMessage") if call.status == 429]
    clock.advance(seconds=10)
    sweep(dispatch, clock)
    assert posted_ids(slack) == {"e0:1d:C1": 1}, "posted before Slack's Retry-After ran out"
    clock.advance(seconds=30)
    sweep(dispatch, clock)
    assert posted_ids(slack) == {"e0:1d:C1": 1, "e1:1d:C1": 1, "e2:1d:C1": 1}
    assert limited.args["metadata"]["event_payload"]["reminder_id"] in posted_ids(slack)


def test_settling_a_row_never_brings_its_channels_next_post_earlier(
    engine: Engine, clock: FakeClock
) -> None:
    three_due_in_c1(engine, clock)
    quiet = claim_that_lapses(engine, clock, "clock-a")  # its answer is slow to come
    (limited,) = ledger.claim_due(engine, clock(), "clock-b", 10, LEASE)
    retry_at = clock() + timedelta(seconds=30)
    ledger.release(engine, limited, "clock-b", clock(), retry_at, "ratelimited", retry_at)
    clock.advance(seconds=0.3)
    assert ledger.mark_sent(engine, quiet, "clock-a", "1.000001", clock())
    clock.advance(seconds=2)
    assert ledger.claim_due(engine, clock(), "clock-b", 10, LEASE) == []
    clock.now = retry_at
    assert [row.id for row in ledger.claim_due(engine, clock(), "clock-b", 10, LEASE)] == [
        limited.id
    ]


def test_a_channel_stays_busy_while_its_post_is_in_flight_whoever_settles_another_row(
    engine: Engine, clock: FakeClock
) -> None:
    three_due_in_c1(engine, clock)
    claim_that_lapses(engine, clock, "crashed-clock")  # posted, then killed
    assert ledger.claim_due(engine, clock(), "clock-a", 10, LEASE)  # now in flight
    (checked,) = ledger.claim_unsettled(engine, clock(), "clock-b", LEASE)
    assert ledger.mark_sent(engine, checked, "clock-b", "1.000001", clock())  # found in history
    clock.advance(seconds=2)
    assert ledger.claim_due(engine, clock(), "clock-c", 10, LEASE) == []


def test_a_lapsed_claim_cannot_settle_a_row_its_worker_has_claimed_again(
    engine: Engine, clock: FakeClock
) -> None:
    subscribe_and_plan(engine, [event_due_at(START)], ["C1"], clock())
    lapsed = claim_that_lapses(engine, clock, "clock-a")
    (checked,) = ledger.claim_unsettled(engine, clock(), "clock-b", LEASE)
    assert ledger.settle_not_posted(engine, checked, "clock-b", clock(), 6) == ledger.PENDING
    (again,) = ledger.claim_due(engine, clock(), "clock-a", 10, LEASE)
    assert not ledger.mark_failed(engine, lapsed, "clock-a", clock(), "a late answer")
    (row,) = ledger.reminders_by_status(engine)
    assert (row.status, row.last_error) == ("sending", again.last_error)


STRANDED = [f"C{index:02d}" for index in range(12)]


def after_a_crash(
    engine: Engine, slack: StandInSlack, clock: FakeClock, channels: list[str]
) -> Dispatch:
    """A dispatcher, once the claims of a clock that died before posting a reminder to each of
    `channels` have lapsed."""
    subscribe_and_plan(engine, [event_due_at(START)], channels, clock())
    dispatch = make_dispatch(engine, slack, clock)
    claimed = ledger.claim_due(engine, clock(), "crashed-worker", len(channels), dispatch.lease)
    assert len(claimed) == len(channels)
    clock.now += dispatch.lease
    return dispatch


def test_a_stop_is_heard_during_a_slow_reconciliation(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    dispatch = after_a_crash(engine, slack, clock, STRANDED)
    slack.slow("conversations.history", 0.3)

    def stop_during_the_first_read() -> None:
        slack.wait_for("conversations.history")
        dispatch.stop.set()  # what SIGTERM does

    stopper = threading.Thread(target=stop_during_the_first_read)
    stopper.start()
    sweep(dispatch, clock)
    stopper.join()
    assert 1 <= len(slack.calls("conversations.history")) <= 2  # those already in flight
    assert slack.calls("chat.postMessage") == []
    assert len(ledger.reminders_by_status(engine, ("sending",))) >= 10  # for the next clock


def test_due_reminders_are_posted_while_old_ones_are_still_being_reconciled(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    dispatch = after_a_crash(engine, slack, clock, STRANDED)
    subscribe_and_plan(engine, [event_due_at(START)], ["C99"], clock())
    slack.slow("conversations.history", 0.5)
    sweep(dispatch, clock)
    first_post = slack.calls("chat.postMessage")[0]
    assert first_post.args["channel"] == "C99"
    read_before = [
        call
        for call in slack.calls("conversations.history")
        if call.received_at <= first_post.received_at
    ]
    assert len(read_before) <= 2, "the due reminder waited for the old ones to be reconciled"
    assert posted_ids(slack) == Counter({f"cfp:1d:{c}": 1 for c in [*STRANDED, "C99"]})


def test_a_claim_made_after_a_reconciliation_longer_than_the_lease_is_not_posted_twice(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    dispatch = after_a_crash(engine, slack, clock, ["C1"])
    other_clock = replace(dispatch, worker="other-clock", stop=threading.Event())
    slack.slow("conversations.history", 0.5)
    slack.slow("chat.postMessage", 2.0)

    def history_outlasts_the_lease() -> None:
        slack.wait_for("conversations.history")
        clock.now += 2 * dispatch.lease

    def other_clock_sweeps_while_the_post_is_in_flight() -> None:
        slack.wait_for("chat.postMessage", timeout=10)
        dispatch_due(clock(), other_clock)

    helpers = [
        threading.Thread(target=history_outlasts_the_lease),
        threading.Thread(target=other_clock_sweeps_while_the_post_is_in_flight),
    ]
    for helper in helpers:
        helper.start()
    sweep(dispatch, clock)
    for helper in helpers:
        helper.join()
    assert posted_ids(slack) == {"cfp:1d:C1": 1}
    (row,) = ledger.reminders_by_status(engine, ("sent",))
    assert row.claimed_by == "test-worker"


def test_rate_limited_history_is_read_again_only_after_retry_after(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    dispatch = replace(after_a_crash(engine, slack, clock, STRANDED[:3]), checks=1)
    slack.fail("conversations.history", Fault(status=429, retry_after=30))
    assert sweep(dispatch, clock).posted == []
    limited = slack.calls("conversations.history")
    assert len(limited) == 1
    clock.advance(seconds=10)
    assert sweep(dispatch, clock).posted == []
    assert slack.calls("conversations.history") == limited
    clock.advance(seconds=21)
    sweep(dispatch, clock)
    assert posted_ids(slack) == Counter({f"cfp:1d:{c}": 1 for c in STRANDED[:3]})


def test_a_429_holds_when_another_clock_then_reconciles_a_post_to_that_channel(
    engine: Engine, slack: StandInSlack, clock: FakeClock
) -> None:
    three_due_in_c1(engine, clock)
    poster = make_dispatch(engine, slack, clock)
    (crashed,) = ledger.claim_due(engine, clock(), "crashed-clock", 10, poster.lease)
    post_reminder(poster.client, crashed)  # …and that clock died before recording it
    clock.now += poster.lease
    slack.fail("chat.postMessage", Fault(status=429, retry_after=30))
    only_posting = replace(poster, checks=0)
    assert sweep(only_posting, clock).retrying == ["e1:1d:C1"]
    clock.advance(seconds=0.3)
    other_clock = replace(poster, worker="other-clock")
    assert sweep(other_clock, clock).reconciled == ["e0:1d:C1"]
    clock.advance(seconds=2)
    assert sweep(other_clock, clock).posted == []
    clock.advance(seconds=28)
    assert sweep(poster, clock).posted == ["e1:1d:C1", "e2:1d:C1"]
    assert posted_ids(slack) == {"e0:1d:C1": 1, "e1:1d:C1": 1, "e2:1d:C1": 1}
