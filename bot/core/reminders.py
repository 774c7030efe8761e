"""Reminder planning: which post goes to which channel when, and what it says (pure, no I/O).

Each event in `events.yaml` declares reminder rules (`days_before` the event's first day at local
time `at`). A planned reminder is one (event, rule, channel) with a deterministic id
`{event_id}:{days_before}d:{channel}`, so planning the same events twice, or from several
processes at once, names the same rows.

When a reminder is useful (the rule `useful_until` implements):
- It is due at `at` local time, `days_before` days before the event's date, in the event's own
  time zone, so daylight saving moves the UTC instant and never the wall-clock time.
- Its wording ("in 7 days", "tomorrow", "today") is true for the local day it is due on, so it
  stays useful, and is posted late, until the end of that local day; never after the deadline
  passes or the conference is over, whichever comes first. A reminder planned after its window
  has closed is not planned at all: history is never posted. Rows planned earlier whose window
  closes while no clock runs are marked expired and reported by the dispatcher.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from bot.core.answers import escape
from bot.core.events import Event, ReminderRule, announced_dates, format_span

METADATA_EVENT_TYPE = "k17_reminder"


@dataclass(frozen=True)
class PlannedReminder:
    """One post to make: to `channel_id` between `due_at` and `expires_at` (both UTC)."""

    id: str
    event_id: str
    days_before: int
    channel_id: str
    due_at: datetime
    expires_at: datetime
    text: str
    blocks: tuple[dict[str, Any], ...]

    @property
    def blocks_json(self) -> str:
        """The Block Kit blocks as stored and sent."""
        return json.dumps(list(self.blocks), sort_keys=True, separators=(",", ":"))


def reminder_id(event_id: str, days_before: int, channel_id: str) -> str:
    """The deterministic id of the reminder for (event, offset, channel)."""
    return f"{event_id}:{days_before}d:{channel_id}"


def due_at(event: Event, rule: ReminderRule) -> datetime:
    """When the rule fires, in UTC: local `at` on the day `days_before` the event's first day."""
    day = event.starts_on - timedelta(days=rule.days_before)
    return datetime.combine(day, rule.at, tzinfo=event.zone).astimezone(UTC)


def useful_until(event: Event, rule: ReminderRule) -> datetime:
    """The end of the window in which a late post still says something true (see module doc)."""
    day = event.starts_on - timedelta(days=rule.days_before)
    end_of_day = datetime.combine(day + timedelta(days=1), time(0), tzinfo=event.zone)
    return min(end_of_day, event.ends_at).astimezone(UTC)


def plan_reminders(
    events: Iterable[Event], channels: Iterable[str], now: datetime
) -> tuple[PlannedReminder, ...]:
    """Every reminder still useful at `now` for every channel, ordered by due time then id."""
    channel_ids = sorted(set(channels))
    planned: list[PlannedReminder] = []
    for event in events:
        for rule in event.reminders:
            due = due_at(event, rule)
            expires = useful_until(event, rule)
            if expires <= due or expires <= now:
                continue  # an empty window, or one that closed before we planned it
            text, blocks = render_reminder(event, rule)
            for channel in channel_ids:
                planned.append(
                    PlannedReminder(
                        id=reminder_id(event.id, rule.days_before, channel),
                        event_id=event.id,
                        days_before=rule.days_before,
                        channel_id=channel,
                        due_at=due,
                        expires_at=expires,
                        text=text,
                        blocks=blocks,
                    )
                )
    planned.sort(key=lambda r: (r.due_at, r.id))
    return tuple(planned)


def date_token(moment: datetime) -> str:
    """A Slack date token: each reader sees `moment` in their own time zone."""
    unix = int(moment.timestamp())
    hour = moment.strftime("%I").lstrip("0")
    fallback = f"{moment:%A}, {moment:%B} {moment.day}, {moment.year} at {hour}:{moment:%M %p %Z}"
    return f"<!date^{unix}^{{date_long_pretty}} at {{time}}|{fallback}>"


def _when(event: Event) -> str:
    """The moment for each reader's zone, or only the source's dates when its hour is assumed."""
    if event.time_is_assumed:
        return escape(announced_dates(event))
    return date_token(event.starts_at)


def _relative(days_before: int) -> str:
    if days_before == 0:
        return "today"
    if days_before == 1:
        return "tomorrow"
    return f"in {days_before} days"


def render_reminder(event: Event, rule: ReminderRule) -> tuple[str, tuple[dict[str, Any], ...]]:
    """The reminder's fallback text and Block Kit blocks, with a date token and the source link."""
    # The template is ours but still escaped, so a stray `<` or `&` in YAML cannot form markup.
    message = escape(rule.message).format(
        name=escape(event.name),
        when=_when(event),
        relative=_relative(rule.days_before),
        url=f"<{event.url}>",
    )
    span = format_span(event.starts_on, event.ends_on)
    place = f" · {escape(event.place)}" if event.place else ""
    context = f"<{event.url}|{escape(event.name)}> · {span}{place} · source: Kubernetes 1.7 release"
    blocks: tuple[dict[str, Any], ...] = (
        {"type": "section", "text": {"type": "mrkdwn", "text": f":calendar: {message}"}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": context}]},
    )
    return message, blocks
