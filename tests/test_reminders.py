"""Reminder planning: ids, due times in the event's zone (DST), useful windows, what a post says."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.events import Event, ReminderRule, load_events
from bot.core.reminders import PlannedReminder, plan_reminders

SHIPPED_EVENTS = load_events(DEFAULT_KNOWLEDGE_DIR / "events.yaml")


def chicago_deadline(day: date, *rules: ReminderRule) -> Event:
    return Event(
        id="cfp",
        name="Call for proposals",
        kind="deadline",
        starts_on=day,
        ends_on=day,
        local_time=time(23, 59),
        timezone="America/Chicago",
        url="https://example.org/cfp",
        reminders=rules,
    )


def rule(
    days_before: int, at: time = time(9), message: str = "Closes {relative}, {when}."
) -> ReminderRule:
    return ReminderRule(days_before=days_before, at=at, message=message)


def by_days_before(event: Event) -> dict[int, PlannedReminder]:
    """The event's reminders for one channel, planned on 2026-01-01, by days before it."""
    planned = plan_reminders([event], ["C1"], datetime(2026, 1, 1, tzinfo=UTC))
    return {r.days_before: r for r in planned}


def test_planning_the_same_events_twice_names_the_same_reminders() -> None:
    now = datetime(2017, 8, 10, tzinfo=UTC)
    first = plan_reminders(SHIPPED_EVENTS, ["C2", "C1"], now)
    second = plan_reminders(SHIPPED_EVENTS, ["C1", "C2", "C1"], now)
    assert first == second
    assert len(first) == 16  # 8 rules still ahead on August 10, for two channels
    assert first[0].id == "kubecon-cfp:7d:C1"
    assert [r.due_at for r in first] == sorted(r.due_at for r in first)


def test_the_2017_events_plan_nothing_today() -> None:
    assert plan_reminders(SHIPPED_EVENTS, ["C1"], datetime(2026, 11, 28, tzinfo=UTC)) == ()


def test_reminders_fire_at_local_time_on_both_sides_of_daylight_saving() -> None:
    # Chicago springs forward on 2026-03-08: 09:00 is 15:00 UTC before and 14:00 UTC after.
    event = chicago_deadline(date(2026, 3, 10), rule(7), rule(1))
    planned = by_days_before(event)
    assert planned[7].due_at == datetime(2026, 3, 3, 15, 0, tzinfo=UTC)
    assert planned[1].due_at == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def test_reminders_keep_local_time_when_daylight_saving_ends() -> None:
    # Chicago falls back on 2026-11-01.
    event = chicago_deadline(date(2026, 11, 3), rule(7), rule(0))
    planned = by_days_before(event)
    assert planned[7].due_at == datetime(2026, 10, 27, 14, 0, tzinfo=UTC)
    assert planned[0].due_at == datetime(2026, 11, 3, 15, 0, tzinfo=UTC)


def test_a_late_reminder_is_useful_until_its_local_day_ends_or_the_deadline_passes() -> None:
    event = chicago_deadline(date(2026, 3, 10), rule(7), rule(0))
    planned = by_days_before(event)
    assert planned[7].expires_at == datetime(2026, 3, 4, 6, 0, tzinfo=UTC)  # midnight CST
    assert planned[0].expires_at == datetime(2026, 3, 11, 4, 59, tzinfo=UTC)  # 23:59 CDT


def test_a_reminder_whose_window_has_closed_is_not_planned() -> None:
    event = chicago_deadline(date(2026, 3, 10), rule(7), rule(1))
    late = plan_reminders([event], ["C1"], datetime(2026, 3, 5, tzinfo=UTC))
    assert [r.days_before for r in late] == [1]


def test_a_reminder_after_the_deadline_on_its_day_is_never_planned() -> None:
    event = chicago_deadline(date(2026, 3, 10), rule(0, at=time(23, 59)))
    assert plan_reminders([event], ["C1"], datetime(2026, 1, 1, tzinfo=UTC)) == ()


def test_a_post_shows_the_moment_in_each_readers_time_zone_when_the_hour_is_known() -> None:
    event = chicago_deadline(date(2026, 3, 10), rule(7))
    (reminder,) = plan_reminders([event], ["C1"], datetime(2026, 1, 1, tzinfo=UTC))
    deadline = int(datetime(2026, 3, 11, 4, 59, tzinfo=UTC).timestamp())
    fallback = "Tuesday, March 10, 2026 at 11:59 PM CDT"
    token = f"<!date^{deadline}^{{date_long_pretty}} at {{time}}|{fallback}>"
    assert reminder.text == f"Closes in 7 days, {token}."
    section, _ = reminder.blocks
    assert token in section["text"]["text"]


def test_a_post_gives_only_the_announced_date_when_the_hour_is_assumed() -> None:
    # The announcement says "open till August 21": the 23:59 Chicago k17 schedules with is its
    # own assumption, so no reader is shown an hour (or, east of Chicago, August 22).
    now = datetime(2017, 8, 10, tzinfo=UTC)
    reminder = plan_reminders(SHIPPED_EVENTS, ["C1"], now)[0]
    assert reminder.text.startswith(
        "Speaking submissions (CFP) for KubeCon + CloudNativeCon North America close in 7 days, "
        "August 21, 2017. Submit your talk: "
    )
    assert "<!date" not in reminder.text
    assert "11:59" not in reminder.text
    section, context = reminder.blocks
    assert "August 21, 2017" in section["text"]["text"]
    assert (
        "<http://events.linuxfoundation.org/events/cloudnativecon-and-kubecon-north-america/program/cfp|"
        in (context["elements"][0]["text"])
    )


def test_markup_in_a_message_template_cannot_ping_a_channel() -> None:
    event = chicago_deadline(date(2026, 3, 10), rule(1, message="<!channel> & friends: {relative}"))
    (reminder,) = plan_reminders([event], ["C1"], datetime(2026, 1, 1, tzinfo=UTC))
    assert reminder.text == "&lt;!channel&gt; &amp; friends: tomorrow"


ZONES = ("America/Chicago", "Europe/Amsterdam", "America/Los_Angeles", "Australia/Sydney", "UTC")


@given(
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    zone=st.sampled_from(ZONES),
    offsets=st.sets(st.integers(min_value=0, max_value=30), min_size=1, max_size=4),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    channels=st.sets(st.from_regex(r"C[A-Z0-9]{8}", fullmatch=True), min_size=1, max_size=3),
)
def test_every_planned_reminder_is_due_at_its_local_time_and_named_once(
    day: date, zone: str, offsets: set[int], at: time, channels: set[str]
) -> None:
    event = replace(
        chicago_deadline(day, *(rule(days) for days in offsets)),
        timezone=zone,
        local_time=time(23, 59),
    )
    event = replace(event, reminders=tuple(replace(r, at=at) for r in event.reminders))
    now = datetime(2019, 1, 1, tzinfo=UTC)
    planned = plan_reminders([event], channels, now)
    assert planned == plan_reminders([event], sorted(channels), now)
    assert len({r.id for r in planned}) == len(planned)
    for reminder in planned:
        local = reminder.due_at.astimezone(event.zone)
        wall = datetime.combine(day - timedelta(days=reminder.days_before), at)
        round_trip = wall.replace(tzinfo=event.zone).astimezone(UTC).astimezone(event.zone)
        if round_trip.replace(tzinfo=None) == wall:  # not inside a spring-forward gap
            assert local.replace(tzinfo=None) == wall
        assert reminder.due_at < reminder.expires_at <= event.ends_at
