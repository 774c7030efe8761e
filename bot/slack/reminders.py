"""Reminders on the Slack side: posting one, finding it again in history, and `/k17 remind`.

The dispatcher's WebClient has no retry handlers on purpose. slack_sdk's RateLimitErrorRetryHandler
sleeps out Retry-After inside the call, which would stall every other channel behind one rate
limited channel, and its 5xx and connection retries could repeat a post that Slack already
accepted. Instead each call makes one attempt and returns an outcome; the ledger decides: a 429
reschedules the row at Retry-After, a 5xx or timeout leaves it `sending` to be reconciled from
the channel's history before any retry.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.core.events import Event
from bot.core.reminders import METADATA_EVENT_TYPE
from bot.store import reminders as ledger
from bot.store.reminders import ReminderRow

log = logging.getLogger(__name__)

SHOWN_REMINDERS = 6  # keeps the list well inside a section's 3,000 characters

# Errors that mean k17's own credentials need attention; every channel would fail alike.
CREDENTIAL_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}
    | {"missing_scope", "not_allowed_token_type", "ekm_access_denied"}
)
CREDENTIAL_PAUSE = 300.0

# Errors that no retry can fix: the row is marked failed with the reason.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_blocks",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "msg_too_long",
        "no_text",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_non_threadable_channel",
        "team_access_not_granted",
    }
)


@dataclass(frozen=True)
class Posted:
    """Slack accepted the post."""

    ts: str


@dataclass(frozen=True)
class RateLimited:
    """Slack said 429: try this channel again after `retry_after` seconds."""

    retry_after: float


@dataclass(frozen=True)
class Rejected:
    """A permanent error: retrying cannot help."""

    error: str


@dataclass(frozen=True)
class NotSent:
    """An error known to have posted nothing: safe to post again.

    `retry_after` is set for errors only people can fix (a revoked token, a missing scope):
    the row waits that long each time without using up attempts, until it works or expires.
    """

    error: str
    retry_after: float | None = None


@dataclass(frozen=True)
class Unsettled:
    """The post may or may not have reached the channel (5xx, timeout, lost connection).

    `answered` is True when Slack did answer (a 5xx): it has finished with the request, so
    history can be checked soon. Without an answer the request may still be in flight there.
    """

    error: str
    answered: bool = False


Outcome = Posted | RateLimited | Rejected | NotSent | Unsettled


def create_dispatch_client(settings: Settings, timeout: int) -> WebClient:
    """A WebClient that makes exactly one attempt per call (see the module docstring)."""
    return WebClient(
        token=settings.slack_bot_token or "xoxb-k17-local",
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=[],
    )


def post_reminder(client: WebClient, row: ReminderRow) -> Outcome:
    """Post one reminder with its id in the message metadata; one attempt."""
    try:
        response = client.chat_postMessage(
            channel=row.channel_id,
            text=row.text,
            blocks=json.loads(row.blocks_json),
            metadata={
                "event_type": METADATA_EVENT_TYPE,
                "event_payload": {"reminder_id": row.id},
            },
            unfurl_links=False,
            unfurl_media=False,
        )
    except SlackApiError as error:
        return _classify(error)
    except URLError as error:
        if isinstance(error.reason, ConnectionRefusedError):
            return NotSent(f"connection refused: {error.reason}")
        return Unsettled(f"connection error: {error.reason}")
    except ConnectionRefusedError as error:
        return NotSent(f"connection refused: {error}")
    except OSError as error:  # read timeouts and resets: the request may have been accepted
        return Unsettled(f"{type(error).__name__}: {error}")
    return Posted(str(response.get("ts", "")))


def retry_after(error: SlackApiError) -> float | None:
    """Seconds Slack asks to wait when `error` is a rate limit (429), at least one; else None."""
    status = error.response.status_code
    if status != 429 and error.response.get("error") != "ratelimited":
        return None
    raw = error.response.headers.get("Retry-After") or error.response.headers.get("retry-after")
    try:
        seconds = float(raw) if raw is not None else 1.0
    except ValueError:
        seconds = 1.0
    return max(seconds, 1.0)


def _classify(error: SlackApiError) -> Outcome:
    status = error.response.status_code
    code = str(error.response.get("error") or f"http_{status}")
    if (wait := retry_after(error)) is not None:
        return RateLimited(wait)
    if code in PERMANENT_ERRORS:
        return Rejected(code)
    if code in CREDENTIAL_ERRORS:
        return NotSent(code, retry_after=CREDENTIAL_PAUSE)
    if status >= 500:
        return Unsettled(f"http_{status} {code}", answered=True)
    return NotSent(code)


def find_posted(client: WebClient, row: ReminderRow, oldest: datetime) -> str | None:
    """The ts of this reminder's message in its channel since `oldest`, or None if absent.

    Raises SlackApiError or OSError when history cannot be read; the caller tries later.
    """
    cursor: str | None = None
    while True:
        args: dict[str, Any] = {
            "channel": row.channel_id,
            "oldest": f"{oldest.timestamp():.6f}",
            "include_all_metadata": True,
            "limit": 200,
        }
        if cursor:
            args["cursor"] = cursor
        response = client.conversations_history(**args)
        messages: list[dict[str, Any]] = response.get("messages") or []
        for message in messages:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == METADATA_EVENT_TYPE
                and payload.get("reminder_id") == row.id
            ):
                return str(message.get("ts"))
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if not response.get("has_more") or not cursor:
            return None


# -- /k17 remind here, /k17 remind off, /k17 reminders --------------------------------------


def remind_here(
    engine: Any,
    client: WebClient,
    events: tuple[Event, ...],
    channel_id: str,
    subscribed_by: str,
    now: datetime,
) -> str:
    """Subscribe the channel (if the bot is a member) and plan its reminders; the reply.

    `subscribed_by` is the keyed hash of who asked, never their Slack user id."""
    if not channel_id.startswith(("C", "G")):
        # Direct messages (D...) are not channels anyone else reads, and k17 has no scope to
        # look them up: reminders belong in a channel.
        return (
            "Reminders are posted to channels: run `/k17 remind here` in the channel that "
            "should get them (invite me there first with `/invite @k17`)."
        )
    try:
        info = client.conversations_info(channel=channel_id)
        is_member = bool((info.get("channel") or {}).get("is_member"))
    except SlackApiError as error:
        if error.response.get("error") != "channel_not_found":
            raise
        is_member = False
    if not is_member:
        return (
            "I can't post reminders here yet: invite me first with `/invite @k17`, "
            "then run `/k17 remind here` again."
        )
    added = ledger.subscribe(engine, channel_id, now, by=subscribed_by)
    ledger.replan(engine, events, now)
    scheduled = ledger.reminders_by_status(engine, (ledger.PENDING,), channel_id)
    first = "This channel will get event reminders." if added else "Already subscribed."
    if not scheduled:
        return f"{first} No event reminders are coming up: every event it knows is past."
    return f"{first} {len(scheduled)} coming up; `/k17 reminders` lists them."


def remind_off(engine: Any, channel_id: str, now: datetime) -> str:
    """Unsubscribe the channel; the reply."""
    if ledger.unsubscribe(engine, channel_id, now):
        return "This channel will get no more event reminders. `/k17 remind here` turns them on."
    return "This channel is not subscribed to event reminders. `/k17 remind here` turns them on."


def scheduled_reminders(engine: Any, channel_id: str, now: datetime) -> str:
    """What is scheduled for the channel, with dates in each reader's local time; the reply."""
    subscribed = channel_id in ledger.subscribed_channels(engine)
    rows = [
        r
        for r in ledger.reminders_by_status(engine, (ledger.PENDING,), channel_id)
        if r.expires_at > now
    ]
    if not subscribed:
        return (
            "This channel is not subscribed to event reminders. `/k17 remind here` turns them on."
        )
    if not rows:
        return "No event reminders are scheduled here: every event k17 knows is past."
    lines = [f"*Event reminders scheduled for this channel* ({len(rows)}):"]
    for row in rows[:SHOWN_REMINDERS]:
        lines.append(f"• {_local_time(row.due_at)}: {row.text}")
    if len(rows) > SHOWN_REMINDERS:
        last = max(row.due_at for row in rows)
        lines.append(f"… and {len(rows) - SHOWN_REMINDERS} more, the last {_local_time(last)}.")
    return "\n".join(lines)


def _local_time(moment: datetime) -> str:
    """A Slack date token: each reader sees the moment in their own time zone."""
    unix = int(moment.timestamp())
    fallback = moment.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{unix}^{{date_short_pretty}} at {{time}}|{fallback}>"


def reminder_command(
    engine: Any,
    client: WebClient,
    events: tuple[Event, ...],
    words: tuple[str, ...],
    channel_id: str,
    subscribed_by: str,
    now: datetime,
) -> str | None:
    """`/k17 remind here|off`, `/k17 reminders`: the reply, or None when `words` are a question."""
    if words == ("reminders",):
        return scheduled_reminders(engine, channel_id, now)
    if len(words) == 2 and words[0] == "remind":
        if words[1] == "here":
            return remind_here(engine, client, events, channel_id, subscribed_by, now)
        if words[1] == "off":
            return remind_off(engine, channel_id, now)
    return None
