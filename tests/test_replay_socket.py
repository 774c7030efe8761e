"""Every real Slack request, replayed through the real `k17 socket` process in real envelopes."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.slack.standin import StandInSlack
from tests.slack_captures import Capture, load
from tests.slack_conversation import shown
from tests.slack_replay import (
    ANSWER,
    DISCONNECTS,
    ENVELOPES,
    HELLO,
    LEFT_ALONE_OVER_SOCKETS,
    QUESTION,
    SOCKET_COMMANDS,
    OverSocketMode,
    ReplayCases,
    ask,
)

pytestmark = pytest.mark.e2e


class TestOverSocketMode(ReplayCases):
    over = OverSocketMode

    @pytest.mark.parametrize("capture", SOCKET_COMMANDS, ids=str)
    def test_a_real_socket_mode_command_is_answered_in_its_acknowledgement(
        self, transport: OverSocketMode, capture: Capture
    ) -> None:
        assert capture.body["accepts_response_payload"] is True
        command = replace(capture, kind="commands", body=capture.body["payload"])
        reply = ask(transport, command, QUESTION)
        assert ANSWER in shown(reply)

    def test_real_envelopes_k17_does_not_handle_are_acknowledged_and_left_alone(
        self, quiet: OverSocketMode
    ) -> None:
        try:
            for capture in LEFT_ALONE_OVER_SOCKETS:
                quiet.deliver_frame(capture)
        finally:
            assert quiet.stop() == 0
        assert quiet.slack.calls("chat.postMessage") == []

    @pytest.mark.parametrize("disconnect", DISCONNECTS, ids=str)
    def test_after_a_real_hello_and_disconnect_k17_reconnects_and_keeps_answering(
        self, quiet: OverSocketMode, disconnect: Capture
    ) -> None:
        try:
            quiet.slack.send_frame(HELLO.body)
            quiet.slack.send_frame(disconnect.body)
            quiet.wait_until_reconnected()
            reply = ask(quiet, load("commands/empty-text"), QUESTION)
            assert ANSWER in shown(reply)
        finally:
            assert quiet.stop() == 0


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda b: b.update(actions=[]), id="no actions"),
        pytest.param(lambda b: b["actions"][0].pop("action_id"), id="action without action_id"),
        pytest.param(lambda b: b.update(team=7), id="team a number"),
    ],
)
def test_an_envelope_bolt_cannot_read_is_acknowledged_not_redelivered(
    slack: StandInSlack, tmp_path: Path, change: Callable[[dict[str, Any]], None]
) -> None:
    k17 = OverSocketMode(slack, tmp_path)
    try:
        click = copy.deepcopy(load("block_actions/button-on-app-message-in-channel").body)
        change(click)
        assert k17.deliver("interactive", click, load(ENVELOPES["interactive"])) is None
        assert ANSWER in shown(ask(k17, load("commands/empty-text"), QUESTION))
    finally:
        assert k17.stop() == 0
    assert "Traceback" not in k17.process.log.read_text()
