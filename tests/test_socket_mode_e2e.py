"""End to end over Socket Mode: the real `k17 socket` process connected to a stand-in Slack."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from bot.slack import payloads
from bot.slack.standin import Fault, StandInSlack
from tests.k17_process import K17Process, run_k17
from tests.slack_conversation import buttons, new_channel, posted_in, shown, wait_for

pytestmark = pytest.mark.e2e

RELEASE_QUESTION = "When was Kubernetes 1.7 released?"
APP_TOKEN = "xapp-1-A0K17APP-e2e-secret"
BOT_TOKEN = "xoxb-e2e-socket"
ACK_DEADLINE = 3.0  # Slack's: an envelope not acknowledged within 3 seconds is retried


class SocketProcess(K17Process):
    """One `k17 socket` process, as the Procfile's socket line starts it."""

    def __init__(
        self,
        standin: StandInSlack,
        workdir: Path,
        command: str = "socket",
        log_level: str = "INFO",
    ) -> None:
        self.standin = standin
        env = {
            "SLACK_API_URL": standin.api_url,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "DATABASE_URL": f"sqlite:///{workdir / 'k17.db'}",
            "LOG_LEVEL": log_level,
        }
        super().__init__(command, env=env, workdir=workdir, log_name="socket.log")
        self.wait_until_connected(1)

    def wait_until_connected(self, connections: int) -> None:
        """Wait until the process has opened `connections` WebSockets in all, one still open."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            self.fail_if_exited()
            opened = self.standin.wait_for_connection(connections, timeout=0.2)
            if opened >= connections and self.standin.open_connections() >= 1:
                return
        raise AssertionError(f"k17 socket did not connect: {self.log.read_text()}")


@pytest.fixture(scope="module")
def k17(standin: StandInSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SocketProcess]:
    process = SocketProcess(standin, tmp_path_factory.mktemp("socket"))
    yield process
    assert process.stop() == 0


def command_payload(text: str, response_url: str) -> dict[str, Any]:
    """`/k17 text` as Socket Mode carries it: the slash command's fields as a JSON object."""
    return dict(parse_qsl(payloads.slash_command(text, response_url).decode()))


def event_payload(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    """An Events API delivery as Socket Mode carries it."""
    body: dict[str, Any] = json.loads(payloads.event_callback(event, event_id))
    return body


def command(standin: StandInSlack, text: str) -> dict[str, Any]:
    """`/k17 text` over the socket; the answer, from the acknowledgement or the response_url."""
    hook = uuid.uuid4().hex
    envelope_id = standin.push("slash_commands", command_payload(text, standin.response_url(hook)))
    ack = standin.wait_for_ack(envelope_id, timeout=ACK_DEADLINE)
    assert ack is not None, f"/k17 {text} was not acknowledged within {ACK_DEADLINE} s"
    if ack.payload:
        answer: dict[str, Any] = ack.payload
        return answer
    return wait_for(lambda: [c.args for c in standin.calls("webhook") if c.path.endswith(hook)])


def test_connects_with_the_app_token_and_keeps_tokens_out_of_the_log(
    k17: SocketProcess, standin: StandInSlack
) -> None:
    assert standin.calls("apps.connections.open")
    assert standin.open_connections() == 1
    command(standin, "help")  # something happened worth logging
    log = k17.log.read_text()
    assert APP_TOKEN not in log
    assert BOT_TOKEN not in log
    assert "ticket=" not in log


def test_slash_command_is_acknowledged_and_answered(
    k17: SocketProcess, standin: StandInSlack
) -> None:
    reply = command(standin, RELEASE_QUESTION)
    assert reply["response_type"] == "ephemeral"
    assert "June 30, 2017" in shown(reply)
    assert "Source:" in shown(reply)


def test_help_and_events(k17: SocketProcess, standin: StandInSlack) -> None:
    assert "/k17 events" in shown(command(standin, "help"))
    assert "December 6-8, 2017 · *Past*" in shown(command(standin, "events"))


def test_mention_is_acknowledged_and_answered_in_thread(
    k17: SocketProcess, standin: StandInSlack
) -> None:
    channel = new_channel()
    event = payloads.mention(RELEASE_QUESTION, channel=channel, ts="1700000000.000100")
    envelope_id = standin.push("events_api", event_payload(event))
    assert standin.wait_for_ack(envelope_id, timeout=ACK_DEADLINE) is not None
    reply = wait_for(posted_in(standin, channel))
    assert reply["thread_ts"] == "1700000000.000100"
    assert "June 30, 2017" in shown(reply)


def test_direct_message_is_answered(k17: SocketProcess, standin: StandInSlack) -> None:
    channel = new_channel("D")
    event = payloads.direct_message(RELEASE_QUESTION, channel=channel)
    envelope_id = standin.push("events_api", event_payload(event))
    assert standin.wait_for_ack(envelope_id, timeout=ACK_DEADLINE) is not None
    reply = wait_for(posted_in(standin, channel))
    assert not reply.get("thread_ts")
    assert "June 30, 2017" in shown(reply)


def click_payload(action_id: str, value: str, response_url: str) -> dict[str, Any]:
    """A click on an ephemeral answer's button as Socket Mode carries it: a JSON object."""
    body = payloads.block_action(action_id, value, response_url, ephemeral=True)
    form = dict(parse_qsl(body.decode()))
    click: dict[str, Any] = json.loads(form["payload"])
    return click


def test_a_button_on_an_answer_is_pressed_and_answered(
    k17: SocketProcess, standin: StandInSlack
) -> None:
    value = buttons(command(standin, RELEASE_QUESTION))["k17_feedback_up"]
    hook = uuid.uuid4().hex
    envelope_id = standin.push(
        "interactive", click_payload("k17_feedback_up", value, standin.response_url(hook))
    )
    assert standin.wait_for_ack(envelope_id, timeout=ACK_DEADLINE) is not None
    response = wait_for(lambda: [c.args for c in standin.calls("webhook") if c.path.endswith(hook)])
    assert "👍 Thanks for the feedback" in shown(response)
    assert "k17_feedback_up" not in buttons(response)


def test_retried_event_is_answered_once(slack: StandInSlack, tmp_path: Path) -> None:
    k17 = SocketProcess(slack, tmp_path)
    channel = new_channel()
    body = event_payload(payloads.mention(RELEASE_QUESTION, channel=channel))
    first = slack.push("events_api", body)
    retry = slack.push("events_api", body, retry_attempt=1, retry_reason="timeout")
    assert slack.wait_for_ack(first, timeout=ACK_DEADLINE) is not None
    assert slack.wait_for_ack(retry, timeout=ACK_DEADLINE) is not None
    wait_for(posted_in(slack, channel))
    assert k17.stop() == 0  # a graceful stop finishes every answer already begun
    assert len(posted_in(slack, channel)()) == 1


def test_bot_messages_get_no_reply(slack: StandInSlack, tmp_path: Path) -> None:
    k17 = SocketProcess(slack, tmp_path)
    channel = new_channel("D")
    ignored = [
        slack.push("events_api", event_payload(payloads.bot_message("hi", channel=channel))),
        slack.push("events_api", event_payload(payloads.own_message("hi", channel=channel))),
    ]
    marker = new_channel("D")
    slack.push("events_api", event_payload(payloads.direct_message("hi", channel=marker)))
    wait_for(posted_in(slack, marker))
    for envelope_id in ignored:  # acknowledged, so Slack does not retry them
        assert slack.wait_for_ack(envelope_id, timeout=ACK_DEADLINE) is not None
    assert k17.stop() == 0  # a graceful stop finishes every answer already begun
    assert posted_in(slack, channel)() == []


def test_reconnects_when_slack_asks_and_keeps_answering(
    slack: StandInSlack, tmp_path: Path
) -> None:
    k17 = SocketProcess(slack, tmp_path)
    try:
        assert "June 30, 2017" in shown(command(slack, RELEASE_QUESTION))
        slack.disconnect("refresh_requested")
        k17.wait_until_connected(2)
        assert len(slack.calls("apps.connections.open")) == 2
        deadline = time.monotonic() + 10
        while slack.open_connections() > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert slack.open_connections() == 1, "the old connection was not closed"
        assert "June 30, 2017" in shown(command(slack, RELEASE_QUESTION))
        channel = new_channel()
        slack.push("events_api", event_payload(payloads.mention(RELEASE_QUESTION, channel=channel)))
        assert "June 30, 2017" in shown(wait_for(posted_in(slack, channel)))
    finally:
        assert k17.stop() == 0


def test_k17_run_with_an_app_token_uses_socket_mode(slack: StandInSlack, tmp_path: Path) -> None:
    k17 = SocketProcess(slack, tmp_path, command="run")
    try:
        assert "June 30, 2017" in shown(command(slack, RELEASE_QUESTION))
    finally:
        assert k17.stop() == 0


def test_sigterm_ends_the_process_promptly_and_gracefully(
    slack: StandInSlack, tmp_path: Path
) -> None:
    k17 = SocketProcess(slack, tmp_path)
    started = time.monotonic()
    assert k17.stop(timeout=30) == 0
    # slack_sdk's built-in client notices a closed socket within its 3-second receive timeout.
    assert time.monotonic() - started < 10, "SIGTERM took too long"
    deadline = time.monotonic() + 5
    while slack.open_connections() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert slack.open_connections() == 0, "the WebSocket was left open"


def test_answer_being_written_at_sigterm_still_reaches_slack(
    slack: StandInSlack, tmp_path: Path
) -> None:
    k17 = SocketProcess(slack, tmp_path)
    command(slack, "help")  # Bolt's one-time auth.test is behind us
    slack.set_latency(4.0)  # Slack is slow: the answer is still on its way when SIGTERM comes
    channel = new_channel()
    envelope_id = slack.push(
        "events_api", event_payload(payloads.mention(RELEASE_QUESTION, channel=channel))
    )
    assert slack.wait_for_ack(envelope_id, timeout=ACK_DEADLINE) is not None
    assert k17.stop(timeout=30) == 0
    # The stand-in records a post only once its four seconds are over: the post is there as
    # soon as the process has ended only if k17 waited for it.
    posted = posted_in(slack, channel)()
    assert len(posted) == 1, "k17 ended before its answer reached Slack"
    assert "June 30, 2017" in shown(posted[0])


def test_a_refused_app_token_is_one_clear_line(slack: StandInSlack, tmp_path: Path) -> None:
    slack.fail("apps.connections.open", Fault(error="invalid_auth"))
    finished = run_k17(
        "socket",
        env={
            "SLACK_API_URL": slack.api_url,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'k17.db'}",
            "LOG_LEVEL": "WARNING",
        },
        cwd=tmp_path,
    )
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    assert "invalid_auth" in finished.stderr
    assert "SLACK_APP_TOKEN" in finished.stderr
    assert APP_TOKEN not in finished.stderr + finished.stdout
