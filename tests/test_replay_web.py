"""Every real Slack request, replayed through the real `k17 web` process, signed as Slack signs."""

from __future__ import annotations

import pytest

from tests.slack_captures import Capture, captures
from tests.slack_replay import (
    CHALLENGES,
    CLICKS_WITH_A_RESPONSE_URL,
    COMMANDS,
    DIRECT_MESSAGES,
    DISCONNECTS,
    HELLO,
    LEFT_ALONE,
    LEFT_ALONE_OVER_SOCKETS,
    MENTIONS,
    SOCKET_COMMANDS,
    OverHttp,
    ReplayCases,
)

pytestmark = pytest.mark.e2e


def test_every_real_request_in_the_collection_is_replayed() -> None:
    replayed = [
        *CHALLENGES, *CLICKS_WITH_A_RESPONSE_URL, *COMMANDS, *DIRECT_MESSAGES, *DISCONNECTS,
        HELLO, *LEFT_ALONE, *LEFT_ALONE_OVER_SOCKETS, *MENTIONS, *SOCKET_COMMANDS,
    ]  # fmt: skip
    headers_only = {"headers/slash-command-form-post"}  # signs every replayed command's headers
    assert {c.name for c in replayed} | headers_only == {c.name for c in captures()}


class TestOverHttp(ReplayCases):
    over = OverHttp

    @pytest.mark.parametrize("capture", CHALLENGES, ids=str)
    def test_a_real_url_verification_gets_its_challenge_back(
        self, transport: OverHttp, capture: Capture
    ) -> None:
        reply = transport.deliver("events", capture.body, capture)
        assert reply == {"challenge": capture.body["challenge"]}
