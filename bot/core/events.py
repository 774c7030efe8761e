"""Dated events from the announcement, with time zones, reminder rules and time-aware wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

EventKind = Literal["deadline", "conference"]
# What events.yaml may mark as assumed: details the source does not give, which k17 needs to
# schedule but never shows as fact.
ASSUMABLE = ("time", "timezone")


@dataclass(frozen=True)
class ReminderRule:
    """Post `days_before` the event's first day, at local time `at`, using `message`."""

    days_before: int
    at: time
    message: str


@dataclass(frozen=True)
class Event:
    """A dated event: a deadline passing at `local_time` on `starts_on`, or a conference.

    `assumed` names what the source does not give (`time`, `timezone`): k17 schedules with it
    but shows users only the dates the source gives.
    """

    id: str
    name: str
    kind: EventKind
    starts_on: date
    ends_on: date
    local_time: time
    timezone: str
    url: str
    place: str = ""
    reminders: tuple[ReminderRule, ...] = ()
    assumed: tuple[str, ...] = ()

    @property
    def time_is_assumed(self) -> bool:
        """Whether the hour or the zone is ours, not the source's: then only dates are shown."""
        return bool(self.assumed)

    @property
    def zone(self) -> ZoneInfo:
        """The event's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def starts_at(self) -> datetime:
        """When the event starts (conference) or the deadline passes, as an aware datetime."""
        return datetime.combine(self.starts_on, self.local_time, tzinfo=self.zone)

    @property
    def ends_at(self) -> datetime:
        """When the event is over: the deadline itself, or the end of a conference's last day."""
        if self.kind == "deadline":
            return self.starts_at
        return datetime.combine(self.ends_on + timedelta(days=1), time(0), tzinfo=self.zone)

    def is_past(self, now: datetime) -> bool:
        """Whether the event is over at `now`."""
        return now >= self.ends_at


def format_day(day: date) -> str:
    """`August 21, 2017`."""
    return f"{day:%B} {day.day}, {day.year}"


def format_span(start: date, end: date) -> str:
    """`December 6-8, 2017`, or full dates when the span crosses months."""
    if start == end:
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B} {start.day}-{end.day}, {start.year}"
    return f"{format_day(start)} - {format_day(end)}"


def announced_dates(event: Event) -> str:
    """The event's dates as the source gives them: `August 21, 2017`, `December 6-8, 2017`."""
    return format_span(event.starts_on, event.ends_on)


def _in_days(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def describe_when(event: Event, now: datetime) -> str:
    """Time-aware wording as of `now`: `closes in 5 days`, `closed on August 21, 2017`."""
    local_today = now.astimezone(event.zone).date()
    span = format_span(event.starts_on, event.ends_on)
    if event.kind == "deadline":
        if event.is_past(now):
            return f"closed on {span}"
        return f"closes {_in_days((event.starts_on - local_today).days)} ({span})"
    if event.is_past(now):
        return f"took place {span}"
    if now >= event.starts_at:
        return f"is happening now ({span})"
    return f"takes place {span} ({_in_days((event.starts_on - local_today).days)})"


def load_events(path: Path) -> tuple[Event, ...]:
    """Load `events.yaml`; raise KnowledgeError listing every problem."""
    from bot.core.knowledge import KnowledgeError, Problem, read_yaml_with_lines

    problems: list[Problem] = []
    file = str(path)
    try:
        doc = read_yaml_with_lines(path)
    except FileNotFoundError:
        raise KnowledgeError([Problem(file, None, None, "file is missing")]) from None
    except Exception as error:  # yaml.YAMLError and friends: report, never crash
        raise KnowledgeError([Problem(file, None, None, f"is not valid YAML: {error}")]) from None
    raw_events = doc.get("events") if isinstance(doc, dict) else None
    if not isinstance(raw_events, list):
        raise KnowledgeError([Problem(file, None, None, "must have an 'events' list")])

    events: list[Event] = []
    seen: set[str] = set()
    for raw in raw_events:
        if not isinstance(raw, dict):
            problems.append(Problem(file, None, None, "each event must be a mapping"))
            continue
        line = raw.get("__line__")
        event_id = str(raw.get("id") or "")

        def problem(message: str, line: Any = line, event_id: str = event_id) -> None:
            problems.append(Problem(file, line, event_id or None, message))

        if not event_id:
            problem("'id' is missing")
        elif event_id in seen:
            problem("duplicate id")
        seen.add(event_id)
        for required in ("name", "kind", "date", "timezone", "url"):
            if not raw.get(required):
                problem(f"'{required}' is missing")
        kind = raw.get("kind")
        if kind not in ("deadline", "conference"):
            problem(f"'kind' must be 'deadline' or 'conference', not {kind!r}")
            continue
        try:
            zone_name = str(raw.get("timezone"))
            ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            problem(
                f"unknown time zone {raw.get('timezone')!r} (use an IANA name like America/Chicago)"
            )
            continue
        start = raw.get("date")
        end = raw.get("end_date", start)
        if not isinstance(start, date) or not isinstance(end, date):
            problem("'date' and 'end_date' must be dates like 2017-12-06")
            continue
        if end < start:
            problem("'end_date' is before 'date'")
        default_time = "23:59" if kind == "deadline" else "09:00"
        at = _parse_time(raw.get("time", default_time))
        if at is None:
            problem(f"'time' must be HH:MM, not {raw.get('time')!r}")
            continue
        assumed = raw.get("assumed") or []
        if not isinstance(assumed, list) or any(a not in ASSUMABLE for a in assumed):
            problem(f"'assumed' lists what the source does not give: {', '.join(ASSUMABLE)}")
            continue
        rules: list[ReminderRule] = []
        for rule in raw.get("reminders") or []:
            rule_at = _parse_time(rule.get("at", "09:00")) if isinstance(rule, dict) else None
            days = rule.get("days_before") if isinstance(rule, dict) else None
            message = rule.get("message") if isinstance(rule, dict) else None
            if rule_at is None or not isinstance(days, int) or days < 0 or not message:
                problem("each reminder needs 'days_before' (>= 0), 'at' (HH:MM) and 'message'")
                continue
            rules.append(ReminderRule(days_before=days, at=rule_at, message=str(message).strip()))
        events.append(
            Event(
                id=event_id,
                name=str(raw.get("name")),
                kind=kind,
                starts_on=start,
                ends_on=end,
                local_time=at,
                timezone=zone_name,
                url=str(raw.get("url")),
                place=str(raw.get("place") or ""),
                reminders=tuple(rules),
                assumed=tuple(str(a) for a in assumed),
            )
        )
    if problems:
        raise KnowledgeError(problems)
    return tuple(events)


def _parse_time(value: Any) -> time | None:
    if isinstance(value, int):  # YAML 1.1 reads an unquoted 09:00 as sexagesimal minutes
        return time(value // 60, value % 60) if 0 <= value < 24 * 60 else None
    try:
        hours, minutes = str(value).split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return None
