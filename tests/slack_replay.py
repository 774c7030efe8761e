"""Replaying real Slack traffic through a running k17, over HTTP or Socket Mode, and its cases.

Each capture goes through unchanged except where the test needs otherwise: a `response_url`
points at the stand-in Slack (never at hooks.slack.com), a command is `/k17`, a question is one
whose answer the test can recognise, and a click is on a k17 button.
"""

from __future__ import annotations

import copy
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest

from bot.slack.standin import StandInSlack
from tests.slack_captures import Capture, captures, load
from tests.slack_conversation import buttons, posted_in, shown, wait_for
from tests.test_socket_mode_e2e import ACK_DEADLINE, SocketProcess
from tests.test_web_e2e import WebProcess

QUESTION = "When was Kubernetes 1.7 released?"
ANSWER = "June 30, 2017"
# Headers a real slash command delivery carried; each replay is signed afresh.
SLACK_HEADERS = {
    name.lower(): value
    for name, value in load("headers/slash-command-form-post").body.items()
    if not name.lower().startswith("x-slack-") and name.lower() != "content-type"
}
# Real Socket Mode envelopes, by the kind of request they carry.
ENVELOPES = {
    "events": "socket_mode/events-api-message-in-channel",
    "commands": "socket_mode/slash-commands",
    "interactive": "socket_mode/interactive-global-shortcut",
}

MENTIONS = [load("events/app-mention-in-channel"), load("events/app-mention-retry-2-http-timeout")]
DIRECT_MESSAGES = [load("events/message-im-from-user")]
COMMANDS = captures("commands")
CLICKS_WITH_A_RESPONSE_URL = [c for c in captures("block_actions") if "response_url" in c.body]
HANDLED = {c.name for c in MENTIONS + DIRECT_MESSAGES + COMMANDS}
# Slack verifies an HTTP request URL only; Socket Mode has no such request.
CHALLENGES = [c for c in captures("events") if c.body.get("type") == "url_verification"]
# Everything else k17 acknowledges and leaves alone: other apps' buttons, views and shortcuts,
# Home tab visits, bots' and edited messages, messages in channels it only hears of.
LEFT_ALONE = [
    c
    for c in captures("block_actions", "view", "shortcuts", "events")
    if c.name not in HANDLED and c not in CHALLENGES
]
LEFT_ALONE_OVER_SOCKETS = [
    c
    for c in captures("socket_mode")
    if "envelope_id" in c.body and c.name != ENVELOPES["commands"]
]
SOCKET_COMMANDS = [load(ENVELOPES["commands"])]
DISCONNECTS = [
    load("socket_mode/disconnect-warning"),
    load("socket_mode/disconnect-refresh-requested"),
]
HELLO = load("socket_mode/hello")


class Transport(Protocol):
    """How a request reaches k17: signed HTTP to `k17 web`, or an envelope to `k17 socket`."""

    slack: StandInSlack

    def deliver(self, kind: str, payload: dict[str, Any], capture: Capture) -> Any:
        """Deliver `payload` (of `capture`'s kind); the acknowledgement's payload, if any."""
        ...

    def stop(self) -> int:
        """Stop gracefully, letting every listener finish; the exit status."""
        ...


class OverHttp:
    """The real `k17 web` process; each request signed exactly as Slack signs it."""

    def __init__(self, slack: StandInSlack, workdir: Path) -> None:
        self.slack = slack
        self.process = WebProcess(slack.api_url, f"sqlite:///{workdir / 'k17.db'}", workdir)

    def deliver(self, kind: str, payload: dict[str, Any], capture: Capture) -> Any:
        data, content_type = capture.wire(payload)
        headers = {**SLACK_HEADERS, **_retry_headers(capture)}
        response = self.process.post(data, content_type, **headers)
        assert response.status_code == 200, f"{capture}: HTTP {response.status_code}"
        return response.json() if response.content.startswith(b"{") else None

    def stop(self) -> int:
        return self.process.stop()


class OverSocketMode:
    """The real `k17 socket` process; each request in a real Socket Mode envelope."""

    def __init__(self, slack: StandInSlack, workdir: Path) -> None:
        self.slack = slack
        self.process = SocketProcess(slack, workdir)

    def deliver(self, kind: str, payload: dict[str, Any], capture: Capture) -> Any:
        frame = copy.deepcopy(load(ENVELOPES[kind]).body)
        frame.update(envelope_id=str(uuid.uuid4()), payload=payload)
        self.slack.send_frame(frame)
        ack = self.slack.wait_for_ack(frame["envelope_id"], timeout=ACK_DEADLINE)
        assert ack is not None, f"{capture}: not acknowledged within {ACK_DEADLINE} s"
        return ack.payload

    def wait_until_reconnected(self) -> None:
        """Wait until k17 has opened a second connection and closed the first."""
        self.process.wait_until_connected(2)
        deadline = time.monotonic() + 10
        while self.slack.open_connections() > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self.slack.open_connections() == 1, "the old connection was not closed"

    def deliver_frame(self, capture: Capture) -> None:
        """Send a captured Socket Mode frame as it is; wait for its acknowledgement."""
        self.slack.send_frame(capture.body)
        ack = self.slack.wait_for_ack(capture.body["envelope_id"], timeout=ACK_DEADLINE)
        assert ack is not None, f"{capture}: not acknowledged within {ACK_DEADLINE} s"

    def stop(self) -> int:
        return self.process.stop()


def envelope_kind(capture: Capture) -> str:
    """Which Socket Mode envelope carries a request of this capture's kind."""
    return {"events": "events", "commands": "commands"}.get(capture.kind, "interactive")


def _retry_headers(capture: Capture) -> dict[str, str]:
    # A captured retry is replayed as one: Slack's X-Slack-Retry-Num and -Reason included.
    return {k: v for k, v in capture.headers.items() if k.lower().startswith("x-slack-retry")}


def with_response_url(payload: dict[str, Any], slack: StandInSlack) -> tuple[dict[str, Any], str]:
    """`payload` with its response_url (if it has one) pointing at a fresh stand-in hook."""
    hook = uuid.uuid4().hex
    changed = copy.deepcopy(payload)
    if "response_url" in changed:
        changed["response_url"] = slack.response_url(hook)
    return changed, hook


def replied(slack: StandInSlack, hook: str) -> dict[str, Any]:
    """What k17 sent to the response_url `hook`, once it has."""
    return wait_for(lambda: [c.args for c in slack.calls("webhook") if c.path.endswith(hook)])


def ask(transport: Transport, capture: Capture, text: str) -> dict[str, Any]:
    """Replay a real slash command as `/k17 text`; the reply the person sees."""
    fields, hook = with_response_url(capture.body, transport.slack)
    fields.update(command="/k17", text=text)
    acknowledged = transport.deliver("commands", fields, capture)
    if isinstance(acknowledged, dict) and "text" in acknowledged:
        return acknowledged
    return replied(transport.slack, hook)


class ReplayCases:
    """Every real request, replayed through `transport`: the status and what a person sees."""

    over: type[OverHttp] | type[OverSocketMode]

    @pytest.fixture(scope="class")
    def transport(self, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Transport]:
        """One k17 process for the class's replays, with its own stand-in Slack."""
        with StandInSlack() as slack:
            running = self.over(slack, tmp_path_factory.mktemp("replay"))
            yield running
            assert running.stop() == 0

    @pytest.fixture
    def quiet(self, slack: StandInSlack, tmp_path: Path) -> Transport:
        """A k17 process of its own, for a test that stops it to see that nothing happened."""
        return self.over(slack, tmp_path)

    @pytest.mark.parametrize("capture", COMMANDS, ids=str)
    def test_a_real_slash_command_is_answered(self, transport: Transport, capture: Capture) -> None:
        text = QUESTION if capture.body["text"] else ""
        reply = ask(transport, capture, text)
        assert reply["response_type"] == "ephemeral"
        assert (ANSWER if text else "/k17 events") in shown(reply)

    @pytest.mark.parametrize("capture", MENTIONS, ids=str)
    def test_a_real_mention_is_answered_in_its_thread(
        self, transport: Transport, capture: Capture
    ) -> None:
        body = copy.deepcopy(capture.body)
        event = body["event"]
        event["text"] = event["text"].split(">", 1)[0] + f"> {QUESTION}"
        transport.deliver("events", body, capture)
        reply = wait_for(posted_in(transport.slack, event["channel"]))
        assert reply["thread_ts"] == event["ts"]
        assert ANSWER in shown(reply)

    @pytest.mark.parametrize("capture", DIRECT_MESSAGES, ids=str)
    def test_a_real_direct_message_is_answered(
        self, transport: Transport, capture: Capture
    ) -> None:
        body = copy.deepcopy(capture.body)
        body["event"]["text"] = QUESTION
        transport.deliver("events", body, capture)
        reply = wait_for(posted_in(transport.slack, body["event"]["channel"]))
        assert ANSWER in shown(reply)

    @pytest.mark.parametrize("capture", CLICKS_WITH_A_RESPONSE_URL, ids=str)
    def test_a_real_click_on_a_k17_button_counts_the_vote(
        self, transport: Transport, capture: Capture
    ) -> None:
        answer = ask(transport, load("commands/public-channel-with-text"), QUESTION)
        click, hook = with_response_url(capture.body, transport.slack)
        click["actions"][0].update(
            action_id="k17_feedback_up", value=buttons(answer)["k17_feedback_up"]
        )
        transport.deliver("interactive", click, capture)
        assert "Thanks for the feedback" in shown(replied(transport.slack, hook))

    def test_what_k17_does_not_handle_is_acknowledged_and_left_alone(
        self, quiet: Transport
    ) -> None:
        try:
            for capture in LEFT_ALONE:
                payload, _hook = with_response_url(capture.delivery, quiet.slack)
                quiet.deliver(envelope_kind(capture), payload, capture)
        finally:
            assert quiet.stop() == 0  # every listener has finished
        assert quiet.slack.calls("chat.postMessage") == []
        assert quiet.slack.calls("webhook") == []
