"""The local console: k17's real listeners behind a stand-in Slack, typed to in a terminal."""

from __future__ import annotations

import dataclasses
import json
import secrets
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.config import Settings
from bot.core.knowledge import KnowledgeBase
from bot.slack import payloads
from bot.slack.app import create_app
from bot.slack.client import create_web_client
from bot.slack.reading import Button, as_read, indent, plain
from bot.slack.standin import Call, StandInSlack
from bot.slack.web import SlackWebApp

__all__ = ["plain", "run_console"]

CONSOLE_CHANNEL = "C0CONSOLE"
REPLY_TIMEOUT = 10.0
INTRO = """k17 local console (a stand-in Slack on {where}; nothing leaves this machine){as_of}
  /k17 <question>    the slash command (try /k17 help, /k17 events)
  @k17 <question>    a mention in a channel, answered in its thread
  anything else      a direct message to k17
  1, 2, share, none  press a button k17 shows, by its number or its word
Ctrl-D or `exit` to quit.
"""

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
HEADINGS = {
    "private": "k17 (only visible to you):",
    "thread": "k17 (in the thread):",
    "dm": "k17:",
    "channel": "k17 (in the channel, for everyone):",
    "replaced": "k17 (updating its message):",
    "removed": "(k17 removed the copy only you could see)",
}
PRESS_HINT = "(press a button: type its number, or its word, like share or helpful)"


@dataclass
class Conversation:
    """The console's side of Slack: the stand-in, the app's door, and the buttons on screen."""

    web: SlackWebApp
    slack: StandInSlack
    secret: str
    clock: Callable[[], datetime]
    styled: bool = False
    buttons: tuple[Button, ...] = ()
    # Where the message with those buttons is: its channel and whether only you see it.
    buttons_channel: str = payloads.CHANNEL
    buttons_ephemeral: bool = True

    def say(self, said: str) -> str:
        """What k17 answers to one typed line: a button's number or word, or a message."""
        button = self.button_for(said)
        if button is not None:
            return self.press(button)
        return self.send(said)

    def button_for(self, said: str) -> Button | None:
        """The button on screen that `said` names, by number or word, if exactly one."""
        word = said.strip().lower()
        found = [b for b in self.buttons if word in b.words]
        return found[0] if len(found) == 1 else None

    def send(self, said: str) -> str:
        """Send one line the way Slack would: `/k17 …` a command, `@k17 …` a mention, else a DM."""
        if said.split(maxsplit=1)[0].lower() == "/k17":
            hook = uuid.uuid4().hex
            body = payloads.slash_command(said[4:].strip(), self.slack.response_url(hook))
            response = self._deliver(body, FORM)
            if response.status != 200:
                return f"(Slack would see HTTP {response.status}: {response.body})"
            in_ack = acknowledged_reply(response.body)
            found = in_ack if in_ack is not None else self._hook_reply(hook)
            return self._show(HEADINGS["private"], found, payloads.CHANNEL, ephemeral=True)
        if said.lower().startswith("@k17"):
            channel, heading = CONSOLE_CHANNEL, HEADINGS["thread"]
            event = payloads.mention(said[4:].strip(), channel=channel)
        else:
            channel, heading = payloads.DM_CHANNEL, HEADINGS["dm"]
            event = payloads.direct_message(said)
        before = len(self.slack.calls("chat.postMessage"))
        response = self._deliver(payloads.event_callback(event), JSON)
        if response.status != 200:
            return f"(Slack would see HTTP {response.status}: {response.body})"
        posted = self._wait(lambda: self.slack.calls("chat.postMessage")[before:])
        return self._show(heading, posted[0].args if posted else None, channel, ephemeral=False)

    def press(self, button: Button) -> str:
        """Click `button` as Slack sends a click, and show what k17 did about it."""
        hook = uuid.uuid4().hex
        before = len(self.slack.calls("chat.postMessage"))
        body = payloads.block_action(
            button.action_id,
            button.value,
            self.slack.response_url(hook),
            channel=self.buttons_channel,
            ephemeral=self.buttons_ephemeral,
        )
        channel, ephemeral = self.buttons_channel, self.buttons_ephemeral
        response = self._deliver(body, FORM)
        if response.status != 200:
            return f"(Slack would see HTTP {response.status}: {response.body})"
        reply = self._hook_reply(hook)
        shown = [
            self._show(HEADINGS["channel"], call.args, call.args.get("channel", channel), False)
            for call in self.slack.calls("chat.postMessage")[before:]
        ]
        if reply is not None and reply.get("delete_original"):
            shown.append(HEADINGS["removed"])
            if not shown[:-1]:
                self.buttons = ()
        elif reply is not None:
            replaced = reply.get("replace_original", True) is not False
            heading = HEADINGS["replaced"] if replaced else HEADINGS["private"]
            shown.append(self._show(heading, reply, channel, ephemeral or not replaced))
        return "\n".join(shown) if shown else "(k17 did not answer)"

    def _deliver(self, body: bytes, content_type: str) -> Any:
        headers = payloads.signed_headers(self.secret, body, content_type)
        return self.web.handle(body.decode(), headers)

    def _hook_reply(self, hook: str) -> dict[str, Any] | None:
        found = self._wait(
            lambda: [c for c in self.slack.calls("webhook") if c.path.endswith(hook)]
        )
        return found[0].args if found else None

    def _wait(self, arrived: Callable[[], list[Call]]) -> list[Call]:
        deadline = time.monotonic() + REPLY_TIMEOUT
        found = arrived()
        while not found and time.monotonic() < deadline:
            self.slack.wait_for("webhook", len(self.slack.calls("webhook")) + 1, timeout=0.05)
            found = arrived()
        return found

    def _show(
        self, heading: str, message: dict[str, Any] | None, channel: str, ephemeral: bool
    ) -> str:
        if message is None:
            return "(k17 did not answer)"
        text, buttons = as_read(message, self.clock(), self.styled)
        if buttons:
            self.buttons = buttons
            self.buttons_channel, self.buttons_ephemeral = channel, ephemeral
            text += "\n" + PRESS_HINT
        return heading + "\n" + indent(text)


def run_console(
    settings: Settings,
    kb: KnowledgeBase,
    lines: Iterable[str],
    out: TextIO,
    *,
    now: datetime | None = None,
    styled: bool = False,
) -> int:
    """Answer every line as Slack would, and press the buttons its replies show."""
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
        talk = Conversation(SlackWebApp(app, secret), slack, secret, clock, styled)
        as_of = f"\nAnswers are as of {now:%Y-%m-%d %H:%M %Z}." if now is not None else ""
        out.write(INTRO.format(where=slack.api_url, as_of=as_of))
        out.flush()
        try:
            for line in lines:
                said = line.strip()
                if said.lower() in ("exit", "quit"):
                    break
                if said:
                    out.write(talk.say(said) + "\n")
                    out.flush()
        finally:
            executor = getattr(app, "listener_runner", None)
            pool = getattr(executor, "listener_executor", None)
            if pool is not None:
                pool.shutdown(wait=True)
    return 0


def acknowledged_reply(body: str) -> dict[str, Any] | None:
    """The message a slash command's acknowledgement carries (Slack shows it), if any."""
    if not body.startswith("{"):
        return None
    try:
        message = json.loads(body)
    except ValueError:
        return None
    return message if isinstance(message, dict) and "text" in message else None
