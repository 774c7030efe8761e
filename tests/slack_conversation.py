"""A conversation with k17's real listeners through signed requests, read back from a stand-in."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse

from bot.core.knowledge import Entry
from bot.slack import payloads
from bot.slack.standin import StandInSlack
from bot.slack.web import SlackWebApp

SECRET = "test-signing-secret"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class Conversation:
    """Talk to k17 as Slack would: every request signed, every reply read from the stand-in."""

    def __init__(self, web: SlackWebApp, slack: StandInSlack, secret: str = SECRET) -> None:
        self.web = web
        self.slack = slack
        self.secret = secret

    def send(self, body: bytes, content_type: str = JSON, **headers: str) -> BoltResponse:
        """Deliver one signed request."""
        signed = payloads.signed_headers(self.secret, body, content_type)
        signed.update({k.replace("_", "-"): v for k, v in headers.items()})
        return self.web.handle(body.decode(), signed)

    def command(
        self, text: str, channel: str = payloads.CHANNEL, user: str = payloads.PERSON
    ) -> dict[str, Any]:
        """`/k17 text`; returns the reply, in the acknowledgement or sent to the response_url."""
        hook = uuid.uuid4().hex
        body = payloads.slash_command(
            text, self.slack.response_url(hook), channel=channel, user=user
        )
        response = self.send(body, FORM)
        assert response.status == 200
        in_ack = acknowledged_reply(response)
        if in_ack is not None:
            self.settle()
            return in_ack
        for _ in range(50):
            found = [c for c in self.slack.calls("webhook") if c.path.endswith(hook)]
            if found:
                return found[0].args
            self.slack.wait_for("webhook", len(self.slack.calls("webhook")) + 1, timeout=0.1)
        raise AssertionError(f"no answer to /k17 {text}")

    def event(self, event: dict[str, Any], event_id: str | None = None, **headers: str) -> int:
        """Deliver an event; returns the HTTP status Slack would see."""
        return self.send(payloads.event_callback(event, event_id), JSON, **headers).status

    def posted_after(self, event: dict[str, Any]) -> dict[str, Any]:
        """Deliver an event and return the message k17 posts for it."""
        before = len(self.slack.calls("chat.postMessage"))
        assert self.event(event) == 200
        calls = self.slack.wait_for("chat.postMessage", before + 1)
        assert len(calls) > before, "k17 posted nothing"
        self.settle()
        return calls[before].args

    def mention(self, text: str, **kwargs: Any) -> dict[str, Any]:
        """`@k17 text` in a channel; returns the posted reply."""
        return self.posted_after(payloads.mention(text, **kwargs))

    def dm(self, text: str) -> dict[str, Any]:
        """A direct message to k17; returns the posted reply."""
        return self.posted_after(payloads.direct_message(text))

    def settle(self) -> None:
        """Wait until the questions asked so far are in the question log."""
        question_log = getattr(self.web.app, "question_log", None)
        if question_log is not None:
            assert question_log.flush()

    def finish(self) -> None:
        """Wait for every listener still running, so absent replies can be asserted."""
        self.web.app.listener_runner.listener_executor.shutdown(wait=True)
        self.settle()


def acknowledged_reply(response: BoltResponse) -> dict[str, Any] | None:
    """The message Slack shows from a slash command's acknowledgement, if it carries one."""
    if not response.body or not response.body.startswith("{"):
        return None
    message = json.loads(response.body)
    return message if isinstance(message, dict) and "text" in message else None


# A fact each of the first entries' answers states and no other entry's title or answer does:
# seeing it, the person got that answer, not a decline or a "did you mean" list.
FACTS = {
    "release-date": "June 30, 2017",
    "announcement-authors": "Aparna Sinha",
    "release-themes": "milestone release",
}


def fact_of(entry: Entry) -> str:
    """A fact only `entry`'s answer states."""
    return FACTS[entry.id]


def posted_in(standin: StandInSlack, channel: str) -> Callable[[], list[dict[str, Any]]]:
    """What the stand-in has seen posted to `channel`, read afresh at each call."""
    return lambda: [
        c.args for c in standin.calls("chat.postMessage") if c.args.get("channel") == channel
    ]


def wait_for(found: Callable[[], list[dict[str, Any]]], timeout: float = 10) -> dict[str, Any]:
    """The first of what `found` returns once it returns anything, within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        results = found()
        if results:
            return results[0]
        time.sleep(0.02)
    raise AssertionError("nothing reached the stand-in Slack")


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """The message's buttons: action id -> value."""
    return {
        element["action_id"]: element["value"]
        for block in message.get("blocks", [])
        if block["type"] == "actions"
        for element in block["elements"]
    }


def shown(message: dict[str, Any]) -> str:
    """Everything a person can read in a message: fallback text and every block's text."""
    parts = [str(message.get("text", ""))]

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "text" and isinstance(item, str):
                    parts.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(message.get("blocks"))
    return "\n".join(parts)


def new_channel(prefix: str = "C") -> str:
    """A channel id no other test uses: `C…` for a channel, `D…` for a direct message."""
    return prefix + uuid.uuid4().hex[:10].upper()
