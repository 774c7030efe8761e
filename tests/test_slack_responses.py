"""Replies through response_url: kept-alive connections, retried on 429, 5xx and lost links."""

from __future__ import annotations

import socket

from bot.slack.responses import ResponseUrls
from bot.slack.standin import Fault, StandInSlack

MESSAGE = {"response_type": "ephemeral", "text": "hello", "blocks": []}


def test_reply_reaches_the_response_url(slack: StandInSlack) -> None:
    replies = ResponseUrls()
    assert replies.send(slack.response_url("a"), MESSAGE)
    [call] = slack.calls("webhook")
    assert call.args == MESSAGE
    assert call.path == "/webhook/a"


def test_rate_limited_reply_is_retried_after_retry_after(slack: StandInSlack) -> None:
    slack.fail("webhook", Fault(status=429, retry_after=7))
    pauses: list[float] = []
    replies = ResponseUrls(pause=pauses.append)
    assert replies.send(slack.response_url("b"), MESSAGE)
    assert len(slack.calls("webhook")) == 2
    assert pauses == [7]


def test_server_error_is_retried(slack: StandInSlack) -> None:
    slack.fail("webhook", Fault(status=503, times=2))
    pauses: list[float] = []
    replies = ResponseUrls(pause=pauses.append)
    assert replies.send(slack.response_url("c"), MESSAGE)
    assert len(slack.calls("webhook")) == 3
    assert len(pauses) == 2
    assert pauses[0] < pauses[1]  # backing off


def test_reply_gives_up_after_repeated_failures(slack: StandInSlack) -> None:
    slack.fail("webhook", Fault(status=500, times=5))
    replies = ResponseUrls(pause=lambda _seconds: None)
    assert not replies.send(slack.response_url("d"), MESSAGE)
    assert len(slack.calls("webhook")) == 3


def test_unreachable_response_url_is_reported_not_raised() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert not ResponseUrls(timeout=1, pause=lambda _seconds: None).send(
        f"http://127.0.0.1:{port}/webhook/x", MESSAGE
    )


def test_not_a_url_is_refused() -> None:
    assert not ResponseUrls().send("file:///etc/passwd", MESSAGE)


def test_connection_is_reused_across_replies(slack: StandInSlack) -> None:
    replies = ResponseUrls()
    for name in ("e", "f", "g"):
        assert replies.send(slack.response_url(name), MESSAGE)
    assert len(slack.calls("webhook")) == 3
