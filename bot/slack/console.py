"""The local console: k17's real listeners behind a stand-in Slack, typed to in a terminal."""

from __future__ import annotations

import dataclasses
import json
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.config import Settings
from bot.core.knowledge import KnowledgeBase
from bot.slack import payloads
from bot.slack.app import create_app
from bot.slack.client import create_web_client
from bot.slack.standin import Call, StandInSlack
from bot.slack.web import SlackWebApp

CONSOLE_CHANNEL = "C0CONSOLE"
REPLY_TIMEOUT = 10.0
INTRO = """k17 local console (a stand-in Slack on {where}; nothing leaves this machine){as_of}
  /k17 <question>    the slash command (try /k17 help, /k17 events)
  @k17 <question>    a mention in a channel, answered in its thread
  anything else      a direct message to k17
Ctrl-D or `exit` to quit.
"""

_DATE_TOKEN = re.compile(r"<!date\^(\d+)\^([^|>]*)(?:\^[^|>]*)?\|([^>]*)>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)\|([^>]+)>")
_BARE_LINK = re.compile(r"<((?:https?|mailto):[^>]+)>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)>")
_USER = re.compile(r"<([@#][A-Z0-9]+)(?:\|([^>]*))?>")


def run_console(
    settings: Settings,
    kb: KnowledgeBase,
    lines: Iterable[str],
    out: TextIO,
    *,
    now: datetime | None = None,
    prompt: Callable[[], None] | None = None,
) -> int:
    """Answer every line as Slack would: `/k17 …` a command, `@k17 …` a mention, else a DM."""
    with StandInSlack() as slack:
        secret = secrets.token_hex(16)
        local = dataclasses.replace(
            settings,
            slack_bot_token="xoxb-k17-console",  # noqa: S106 -- only the stand-in sees it
            slack_signing_secret=secret,
            slack_app_token="",
            slack_api_url=slack.api_url,
        )
        clock = (lambda: now) if now is not None else (lambda: datetime.now(UTC))
        app = create_app(local, kb, create_web_client(local), clock=clock)
        web = SlackWebApp(app, secret)
        as_of = f"\nAnswers are as of {now:%Y-%m-%d %H:%M %Z}." if now is not None else ""
        out.write(INTRO.format(where=slack.api_url, as_of=as_of))
        out.flush()
        try:
            if prompt:
                prompt()
            for line in lines:
                said = line.strip()
                if said.lower() in ("exit", "quit"):
                    break
                if said:
                    out.write(converse(web, slack, said, secret) + "\n")
                    out.flush()
                if prompt:
                    prompt()
        finally:
            executor = getattr(app, "listener_runner", None)
            pool = getattr(executor, "listener_executor", None)
            if pool is not None:
                pool.shutdown(wait=True)
    return 0


def converse(web: SlackWebApp, slack: StandInSlack, said: str, secret: str) -> str:
    """Send one line the way Slack would and return what k17 answered, as a person reads it."""
    if said.split(maxsplit=1)[0].lower() == "/k17":
        hook = uuid.uuid4().hex
        body = payloads.slash_command(said[4:].strip(), slack.response_url(hook))
        content_type = "application/x-www-form-urlencoded"
        heading = "k17 (only visible to you):"

        def arrived() -> list[Call]:
            return [c for c in slack.calls("webhook") if c.path.endswith(hook)]

    else:
        if said.lower().startswith("@k17"):
            event = payloads.mention(said[4:].strip(), channel=CONSOLE_CHANNEL)
            heading = "k17 (in the thread):"
        else:
            event = payloads.direct_message(said)
            heading = "k17:"
        body = payloads.event_callback(event)
        content_type = "application/json"
        before = len(slack.calls("chat.postMessage"))

        def arrived() -> list[Call]:
            return slack.calls("chat.postMessage")[before:]

    response = web.handle(body.decode(), payloads.signed_headers(secret, body, content_type))
    if response.status != 200:
        return f"(Slack would see HTTP {response.status}: {response.body})"
    in_ack = acknowledged_reply(response.body) if content_type.endswith("urlencoded") else None
    if in_ack is not None:
        return heading + "\n" + indent(as_read(in_ack))
    method = "webhook" if content_type.endswith("urlencoded") else "chat.postMessage"
    deadline = time.monotonic() + REPLY_TIMEOUT
    found = arrived()
    while not found and time.monotonic() < deadline:
        slack.wait_for(method, len(slack.calls(method)) + 1, timeout=0.2)
        found = arrived()
    if not found:
        return "(k17 did not answer)"
    return heading + "\n" + indent(as_read(found[0].args))


def acknowledged_reply(body: str) -> dict[str, Any] | None:
    """The message a slash command's acknowledgement carries (Slack shows it), if any."""
    if not body.startswith("{"):
        return None
    try:
        message = json.loads(body)
    except ValueError:
        return None
    return message if isinstance(message, dict) and "text" in message else None


def as_read(message: dict[str, Any]) -> str:
    """A message's blocks (or text) as a person sees them in Slack."""
    blocks = message.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        return plain(str(message.get("text", "")))
    shown: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "section":
            shown.append(plain(block.get("text", {}).get("text", "")))
        elif kind == "context":
            shown.append(" ".join(plain(e.get("text", "")) for e in block.get("elements", [])))
        elif kind == "actions":
            shown.append(
                "  ".join(
                    f"[ {e.get('text', {}).get('text', '')} ]" for e in block.get("elements", [])
                )
            )
        elif kind == "header":
            shown.append(plain(block.get("text", {}).get("text", "")).upper())
    return "\n".join(shown)


def plain(mrkdwn: str) -> str:
    """Slack mrkdwn as displayed: date tokens in local time, links with their labels."""

    def date(match: re.Match[str]) -> str:
        moment = datetime.fromtimestamp(int(match.group(1)), UTC).astimezone()
        pretty = f"{moment:%A}, {moment:%B} {moment.day}, {moment.year}"
        clock = f"{moment:%H:%M %Z}"
        return match.group(2).replace("{date_long_pretty}", pretty).replace("{time}", clock)

    text = _DATE_TOKEN.sub(date, mrkdwn)
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = _BARE_LINK.sub(lambda m: m.group(1), text)
    text = _SPECIAL.sub(lambda m: f"@{m.group(1)}", text)
    text = _USER.sub(lambda m: m.group(2) or m.group(1), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def indent(text: str) -> str:
    """Indent a reply under its heading."""
    return "\n".join("  " + line if line else "" for line in text.splitlines())
