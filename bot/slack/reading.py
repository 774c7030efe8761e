"""Slack messages as a person reads them, for a terminal: dates, bold, emoji, links, buttons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.slack.blocks import CHOOSE_ACTION_PREFIX

# The shortcodes k17 and its knowledge base write, and the everyday ones people use. A table
# rather than an emoji package: the console is the only reader, and Slack shows a code it does
# not know as typed, as we do.
EMOJI = {
    "calendar": "📆",
    "spiral_calendar_pad": "🗓️",
    "date": "📅",
    "white_check_mark": "✅",
    "heavy_check_mark": "✔️",
    "x": "❌",
    "warning": "⚠️",
    "information_source": "ℹ️",
    "thumbsup": "👍",
    "+1": "👍",
    "thumbsdown": "👎",
    "-1": "👎",
    "tada": "🎉",
    "wave": "👋",
    "rocket": "🚀",
    "bulb": "💡",
    "mag": "🔍",
    "link": "🔗",
    "memo": "📝",
    "question": "❓",
    "speech_balloon": "💬",
    "eyes": "👀",
    "sparkles": "✨",
    "lock": "🔒",
    "bell": "🔔",
}
BOLD, ITALIC, RESET = "\x1b[1m", "\x1b[3m", "\x1b[0m"

_DATE_TOKEN = re.compile(r"<!date\^(\d+)\^([^|>^]*)(?:\^[^|>]*)?\|([^>]*)>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)\|([^>]+)>")
_BARE_LINK = re.compile(r"<((?:https?|mailto):[^>]+)>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
_USER = re.compile(r"<([@#][A-Z0-9]+)(?:\|([^>]*))?>")
_EMOJI = re.compile(r":([a-z0-9_+-]+):")
# Slack's emphasis: the marker hugs the words and stands apart from the words around it.
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])")


@dataclass(frozen=True)
class Button:
    """A button as the console offers it: its number, what it says, and what pressing sends."""

    number: int
    label: str
    words: tuple[str, ...]
    action_id: str
    value: str


def plain(mrkdwn: str, now: datetime | None = None, styled: bool = False) -> str:
    """Slack mrkdwn as displayed: dates in the reader's zone, emphasis, emoji, links as text + URL.

    `now` is the reader's moment, for "today" and "yesterday"; `styled` shows bold and italics
    with terminal escapes instead of dropping their markers.
    """
    reader_now = (now or datetime.now().astimezone()).astimezone()
    text = _DATE_TOKEN.sub(lambda m: _date(m, reader_now), mrkdwn)
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = _BARE_LINK.sub(lambda m: m.group(1), text)
    text = _SPECIAL.sub(lambda m: f"@{m.group(1)}", text)
    text = _USER.sub(lambda m: m.group(2) or m.group(1), text)
    text = _EMOJI.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)
    bold, italic, reset = (BOLD, ITALIC, RESET) if styled else ("", "", "")
    text = _BOLD.sub(lambda m: f"{bold}{m.group(1)}{reset}", text)
    text = _ITALIC.sub(lambda m: f"{italic}{m.group(1)}{reset}", text)
    text = _STRIKE.sub(lambda m: m.group(1), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def as_read(
    message: dict[str, Any], now: datetime | None = None, styled: bool = False
) -> tuple[str, tuple[Button, ...]]:
    """A message's blocks (or text) as a person sees them, and its buttons, numbered from 1."""
    blocks = message.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        return plain(str(message.get("text", "")), now, styled), ()
    shown: list[str] = []
    buttons: list[Button] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "section":
            shown.append(plain(block.get("text", {}).get("text", ""), now, styled))
        elif kind == "context":
            shown.append(
                " ".join(plain(e.get("text", ""), now, styled) for e in block.get("elements", []))
            )
        elif kind == "header":
            shown.append(plain(block.get("text", {}).get("text", ""), now, styled).upper())
        elif kind == "actions":
            row = [_button(len(buttons) + 1 + i, e) for i, e in enumerate(block["elements"])]
            buttons.extend(row)
            shown.append("  ".join(f"[{b.number}] {b.label}" for b in row))
    return "\n".join(shown), tuple(buttons)


def _button(number: int, element: dict[str, Any]) -> Button:
    label = str(element.get("text", {}).get("text", ""))
    spoken = str(element.get("accessibility_label") or "")
    shown = f"{label} {spoken.lower()}" if spoken and spoken.lower() != label.lower() else label
    words = {str(number), label.lower(), spoken.lower()} - {""}
    first = label.split(maxsplit=1)[0].lower() if " " in label else ""
    if first and not str(element.get("action_id", "")).startswith(CHOOSE_ACTION_PREFIX):
        words.add(first)  # "share", "none": a candidate's title stays a question to ask
    return Button(
        number=number,
        label=shown,
        words=tuple(sorted(words)),
        action_id=str(element.get("action_id", "")),
        value=str(element.get("value", "")),
    )


def _date(match: re.Match[str], now: datetime) -> str:
    """A date token in the reader's zone, in the format it asks for (api.slack.com's list)."""
    moment = datetime.fromtimestamp(int(match.group(1))).astimezone()
    day = moment.date()
    ordinal = f"{day:%B} {_ordinal(day.day)}, {day.year}"
    formats = {
        "{date_num}": day.isoformat(),
        "{date}": ordinal,
        "{date_short}": f"{day:%b} {day.day}, {day.year}",
        "{date_long}": f"{day:%A}, {ordinal}",
        "{date_pretty}": _relative_day(day, now) or ordinal,
        "{date_short_pretty}": _relative_day(day, now) or f"{day:%b} {day.day}, {day.year}",
        "{date_long_pretty}": _relative_day(day, now) or f"{day:%A}, {ordinal}",
        "{time}": f"{moment:%H:%M %Z}",
        "{time_secs}": f"{moment:%H:%M:%S %Z}",
    }
    text = match.group(2)
    for token, value in formats.items():
        text = text.replace(token, value)
    return text


def _relative_day(day: date, now: datetime) -> str | None:
    today = now.date()
    return {
        today: "today",
        today - timedelta(days=1): "yesterday",
        today + timedelta(days=1): "tomorrow",
    }.get(day)


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def indent(text: str) -> str:
    """Indent a reply under its heading."""
    return "\n".join("  " + line if line else "" for line in text.splitlines())
