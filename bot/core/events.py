"""Dated events from the announcement, with time zones, reminder rules and time-aware wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from bot.core.knowledge import Problem

EventKind = Literal["deadline", "conference"]
# What a reminder message may say, filled in by `render_reminder`.
PLACEHOLDERS = ("name", "when", "relative", "url")
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


@dataclass(frozen=True)
class EventsFile:
    """What `events.yaml` holds: the valid events, every problem, and every id it declares."""

    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    declared: frozenset[str]


def load_events(path: Path) -> tuple[Event, ...]:
    """Load `events.yaml`; raise KnowledgeError listing every problem."""
    from bot.core.knowledge import KnowledgeError

    found = read_events(path)
    if found.problems:
        raise KnowledgeError(list(found.problems))
    return found.events


def read_events(path: Path) -> EventsFile:
    """Read `events.yaml` as far as possible: one bad event never hides the valid ones."""
    from bot.core.knowledge import KnowledgeError, Problem, read_yaml_with_fields

    file = str(path)
    try:
        doc = read_yaml_with_fields(path)
    except FileNotFoundError:
        return EventsFile((), (Problem(file, None, None, "file is missing"),), frozenset())
    except Exception as error:  # yaml.YAMLError and friends: report, never crash
        message = f"is not valid YAML: {error}"
        return EventsFile((), (Problem(file, None, None, message),), frozenset())
    raw_events = doc.get("events") if isinstance(doc, dict) else None
    if not isinstance(raw_events, list):
        problem = Problem(file, None, None, "must have an 'events' list")
        return EventsFile((), (problem,), frozenset())

    events: list[Event] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for raw in raw_events:
        if not isinstance(raw, dict):
            problems.append(Problem(file, None, None, "each event must be a mapping"))
            continue
        try:
            event = _event(raw, file, seen)
        except KnowledgeError as error:
            problems.extend(error.problems)
            continue
        events.append(event)
    return EventsFile(tuple(events), tuple(problems), frozenset(seen))


def _event(raw: dict[str, Any], file: str, seen: set[str]) -> Event:
    """One event mapping, or KnowledgeError with every problem it has, each at its line."""
    from bot.core.knowledge import KnowledgeError, Problem

    problems: list[Problem] = []
    event_id = str(raw.get("id") or "")
    fields: dict[str, int] = raw.get("__fields__") or {}

    def problem(message: str, field: str | None = None, line: int | None = None) -> None:
        where = line or fields.get(field or "", raw.get("__line__"))
        problems.append(Problem(file, where, event_id or None, message))

    if not event_id:
        problem("'id' is missing")
    elif event_id in seen:
        problem("duplicate id", "id")
    seen.add(event_id)
    for required in ("name", "kind", "date", "timezone", "url"):
        if not raw.get(required):
            problem(f"'{required}' is missing")
    kind = raw.get("kind")
    if kind not in ("deadline", "conference"):
        problem(f"'kind' must be 'deadline' or 'conference', not {kind!r}", "kind")
    zone_name = str(raw.get("timezone"))
    try:
        ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        problem(
            f"unknown time zone {raw.get('timezone')!r} (use an IANA name like America/Chicago)",
            "timezone",
        )
    start = raw.get("date")
    end = raw.get("end_date", start)
    for field in ("date", "end_date"):
        value = raw.get(field)
        if value is not None and not isinstance(value, date):
            problem(f"'{field}' must be a calendar date like 2017-12-06, not {value!r}", field)
    if isinstance(start, date) and isinstance(end, date) and end < start:
        problem("'end_date' is before 'date'", "end_date")
    default_time = "23:59" if kind == "deadline" else "09:00"
    at = _parse_time(raw.get("time", default_time))
    if at is None:
        problem(f"'time' must be HH:MM (00:00 to 23:59), not {raw.get('time')!r}", "time")
    assumed = raw.get("assumed") or []
    if not isinstance(assumed, list) or any(a not in ASSUMABLE for a in assumed):
        problem(f"'assumed' lists what the source does not give: {', '.join(ASSUMABLE)}", "assumed")
    rules: list[ReminderRule] = []
    for rule in raw.get("reminders") or []:
        rule_line = rule.get("__line__") if isinstance(rule, dict) else None
        rule_at = _parse_time(rule.get("at", "09:00")) if isinstance(rule, dict) else None
        days = rule.get("days_before") if isinstance(rule, dict) else None
        message = rule.get("message") if isinstance(rule, dict) else None
        if rule_at is None or not isinstance(days, int) or days < 0 or not message:
            problem(
                "each reminder needs 'days_before' (>= 0), 'at' (HH:MM) and 'message'",
                line=rule_line,
            )
            continue
        for mistake in message_problems(str(message)):
            problem(mistake, line=rule_line)
        rules.append(ReminderRule(days_before=days, at=rule_at, message=str(message).strip()))
    # Each of these three has been reported above when it is missing or malformed.
    if problems or not isinstance(start, date) or not isinstance(end, date) or at is None:
        raise KnowledgeError(problems)
    return Event(
        id=event_id,
        name=str(raw.get("name")),
        kind="deadline" if kind == "deadline" else "conference",
        starts_on=start,
        ends_on=end,
        local_time=at,
        timezone=zone_name,
        url=str(raw.get("url")),
        place=str(raw.get("place") or ""),
        reminders=tuple(rules),
        assumed=tuple(str(a) for a in assumed),
    )


def message_problems(message: str) -> list[str]:
    """What is wrong with a reminder message template: unknown placeholders, stray braces."""
    try:
        parts = list(Formatter().parse(message))
    except ValueError:
        return [
            f"reminder message {message!r} has an unmatched brace "
            "(write {{ or }} for a literal one)"
        ]
    known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    return [
        f"reminder message has unknown placeholder {{{field}}} (known: {known})"
        for _, field, spec, conversion in parts
        if field is not None and (field not in PLACEHOLDERS or spec or conversion)
    ]


def _parse_time(value: Any) -> time | None:
    if isinstance(value, int):  # YAML 1.1 reads an unquoted 09:00 as sexagesimal minutes
        return time(value // 60, value % 60) if 0 <= value < 24 * 60 else None
    try:
        hours, minutes = str(value).split(":")
        return time(int(hours), int(minutes))
    except (ValueError, TypeError):
        return None
