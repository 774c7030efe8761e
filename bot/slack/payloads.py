"""Requests shaped and signed exactly as Slack sends them: for the console, tests and benchmarks.

Every builder starts from a request a real workspace sent (`captured/`, each file with its
source, copied unchanged from the test suite's collection of real Slack payloads) and changes
only what k17 reads: the text, who, where, when and the button clicked. A payload written from
scratch encodes our assumptions, and its test passes exactly where production fails.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import hmac
import itertools
import json
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bot.slack.standin import BOT_ID, BOT_USER_ID

PERSON = "U0PERSON1"
CHANNEL = "C0GENERAL"
DM_CHANNEL = "D0PERSON1"
CAPTURED = Path(__file__).parent / "captured"

_sequence = itertools.count(1)


@functools.cache
def _captured(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CAPTURED / f"{name}.json").read_text(encoding="utf-8"))
    return data


def captured(name: str) -> dict[str, Any]:
    """A fresh copy of the payload of the captured request `kind/file`."""
    return copy.deepcopy(_captured(name)["body"])


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`v0=` + HMAC-SHA256 over `v0:{timestamp}:{body}`, as Slack signs every request."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str, body: bytes, content_type: str, timestamp: float | None = None
) -> dict[str, str]:
    """The headers Slack sends with `body`, signed with `secret` at `timestamp` (default now)."""
    stamp = str(int(time.time() if timestamp is None else timestamp))
    return {
        "content-type": content_type,
        "x-slack-request-timestamp": stamp,
        "x-slack-signature": signature(secret, stamp, body),
    }


def next_ts() -> str:
    """A fresh, unique Slack message timestamp."""
    return f"{time.time():.0f}.{next(_sequence):06d}"


def slash_command(
    text: str,
    response_url: str,
    *,
    user: str = PERSON,
    channel: str = CHANNEL,
    command: str = "/k17",
) -> bytes:
    """A `/k17` invocation, form-encoded (from a real command typed in a public channel)."""
    fields = captured("commands/public-channel-with-text")
    fields.update(
        channel_id=channel,
        user_id=user,
        command=command,
        text=text,
        response_url=response_url,
        trigger_id=f"{next(_sequence)}.1.{uuid.uuid4().hex[:8]}",
    )
    return urlencode(fields).encode()


def event_callback(event: dict[str, Any], event_id: str | None = None) -> bytes:
    """An Events API delivery of `event`, JSON-encoded (in a real 2025 envelope)."""
    envelope = captured("events/message-im-from-user")
    envelope.update(
        event=event,
        event_id=event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        event_time=int(time.time()),
    )
    envelope["authorizations"][0]["user_id"] = BOT_USER_ID
    return json.dumps(envelope).encode()


def _typed(event: dict[str, Any], text: str, *elements: dict[str, Any]) -> None:
    # Slack sends what a person typed twice: as text and as a rich_text block.
    event["text"] = text
    event["client_msg_id"] = str(uuid.uuid4())
    section = event["blocks"][0]["elements"][0]
    section["elements"] = [*elements, {"type": "text", "text": text}]


def mention(
    text: str,
    *,
    channel: str = CHANNEL,
    user: str = PERSON,
    ts: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """An `app_mention` event: `text` typed after `@k17` (from a real mention in a channel)."""
    event: dict[str, Any] = captured("events/app-mention-in-channel")["event"]
    _typed(event, text, {"type": "user", "user_id": BOT_USER_ID})
    event["text"] = f"<@{BOT_USER_ID}> {text}"
    stamp = ts or next_ts()
    event.update(user=user, channel=channel, ts=stamp, event_ts=stamp)
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(
    text: str, *, channel: str = DM_CHANNEL, user: str = PERSON, ts: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A `message` event in a DM with k17 (`message.im`); `extra` adds subtype, bot_id, …."""
    event: dict[str, Any] = captured("events/message-im-from-user")["event"]
    _typed(event, text)
    stamp = ts or next_ts()
    event.update(user=user, channel=channel, ts=stamp, event_ts=stamp, **extra)
    return event


def bot_message(
    text: str, *, channel: str = DM_CHANNEL, bot_id: str = "B0OTHERBOT"
) -> dict[str, Any]:
    """A message another (classic) bot posted in a DM channel: subtype `bot_message`, no user."""
    event: dict[str, Any] = captured("events/message-bot-message-subtype-classic-bot")["event"]
    stamp = next_ts()
    event.update(
        text=text, channel=channel, channel_type="im", bot_id=bot_id, ts=stamp, event_ts=stamp
    )
    return event


def own_message(text: str, *, channel: str = DM_CHANNEL) -> dict[str, Any]:
    """A message k17 itself posted, as Slack sends it back: bot_id and the bot user, no subtype."""
    event: dict[str, Any] = captured("events/message-im-posted-by-the-app-itself")["event"]
    _typed(event, text)
    del event["client_msg_id"]  # only messages people type carry one
    stamp = next_ts()
    event.update(user=BOT_USER_ID, bot_id=BOT_ID, channel=channel, ts=stamp, event_ts=stamp)
    event["bot_profile"]["id"] = BOT_ID
    return event


def block_action(
    action_id: str,
    value: str,
    response_url: str,
    user: str = PERSON,
    *,
    channel: str = CHANNEL,
    ephemeral: bool = False,
    action_ts: str | None = None,
) -> bytes:
    """A button click (`block_actions`), form-encoded as `payload=<json>`.

    From real clicks in ordinary workspaces (`"enterprise": null`): on an ephemeral message
    (no `message` key at all), or on a message the app posted in a channel."""
    if ephemeral:
        payload = captured("block_actions/button-on-ephemeral-message-in-dm")
    else:
        payload = captured("block_actions/button-on-app-message-in-channel")
    payload["user"]["id"] = user
    payload["channel"]["id"] = channel
    payload["container"].update(channel_id=channel, message_ts=next_ts())
    payload["response_url"] = response_url
    payload["actions"][0].update(action_id=action_id, value=value, action_ts=action_ts or next_ts())
    return urlencode({"payload": json.dumps(payload)}).encode()


def url_verification(challenge: str) -> bytes:
    """The request Slack sends when the events URL is saved (from a real one)."""
    body = captured("events/url-verification-real")
    body["challenge"] = challenge
    return json.dumps(body).encode()


def ssl_check() -> bytes:
    """The form POST Slack sends to check a slash command URL's certificate."""
    return urlencode({"ssl_check": "1", "token": "deprecated-verification-token"}).encode()
