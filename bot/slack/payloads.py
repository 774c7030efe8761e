"""Requests shaped and signed exactly as Slack sends them: for the console, tests and benchmarks."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from bot.slack.standin import BOT_ID, BOT_USER_ID, TEAM_ID

API_APP_ID = "A0K17APP"
PERSON = "U0PERSON1"
CHANNEL = "C0GENERAL"
DM_CHANNEL = "D0PERSON1"

_sequence = itertools.count(1)


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
    """A `/k17` invocation, form-encoded."""
    return urlencode(
        {
            "token": "deprecated-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "k17",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "person",
            "command": command,
            "text": text,
            "api_app_id": API_APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": f"{next(_sequence)}.1.{uuid.uuid4().hex[:8]}",
        }
    ).encode()


def event_callback(event: dict[str, Any], event_id: str | None = None) -> bytes:
    """An Events API delivery of `event`, JSON-encoded."""
    return json.dumps(
        {
            "token": "deprecated-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": API_APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "team_id": TEAM_ID,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
        }
    ).encode()


def mention(
    text: str,
    *,
    channel: str = CHANNEL,
    user: str = PERSON,
    ts: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """An `app_mention` event: `text` typed after `@k17`."""
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts or next_ts(),
        "channel": channel,
        "event_ts": ts or next_ts(),
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(
    text: str, *, channel: str = DM_CHANNEL, user: str = PERSON, ts: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A `message` event in a DM with k17 (`message.im`); `extra` adds subtype, bot_id, …."""
    stamp = ts or next_ts()
    return {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": stamp,
        "event_ts": stamp,
        "channel": channel,
        **extra,
    }


def bot_message(
    text: str, *, channel: str = DM_CHANNEL, bot_id: str = "B0OTHERBOT"
) -> dict[str, Any]:
    """A message another bot posted in a DM channel."""
    return direct_message(
        text, channel=channel, user="U0OTHERBOT", bot_id=bot_id, subtype="bot_message"
    )


def own_message(text: str, *, channel: str = DM_CHANNEL) -> dict[str, Any]:
    """A message k17 itself posted (Slack sends these back as events too)."""
    return direct_message(text, channel=channel, user=BOT_USER_ID, bot_id=BOT_ID)


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
    """A button click (`block_actions`), form-encoded as `payload=<json>`."""
    container: dict[str, Any] = {"type": "message", "message_ts": next_ts(), "channel_id": channel}
    if ephemeral:
        container["is_ephemeral"] = True
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "k17"},
        "user": {"id": user, "username": "person", "team_id": TEAM_ID},
        "api_app_id": API_APP_ID,
        "token": "deprecated-verification-token",
        "container": container,
        "trigger_id": f"{next(_sequence)}.1.{uuid.uuid4().hex[:8]}",
        "channel": {"id": channel, "name": "general"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "k17_candidates",
                "type": "button",
                "value": value,
                "action_ts": action_ts or next_ts(),
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def url_verification(challenge: str) -> bytes:
    """The request Slack sends when the events URL is saved."""
    return json.dumps(
        {
            "token": "deprecated-verification-token",
            "challenge": challenge,
            "type": "url_verification",
        }
    ).encode()


def ssl_check() -> bytes:
    """The form POST Slack sends to check a slash command URL's certificate."""
    return urlencode({"ssl_check": "1", "token": "deprecated-verification-token"}).encode()
