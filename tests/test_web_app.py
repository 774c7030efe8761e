"""The WSGI app: health, routing, signatures and hostile input, called as gunicorn calls it."""

from __future__ import annotations

import io
import json
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.knowledge import KnowledgeBase
from bot.slack import payloads
from bot.slack.standin import StandInSlack
from bot.slack.web import MAX_BODY_BYTES, SlackWebApp
from tests.slack_conversation import SECRET, buttons, fact_of, shown

FORM = "application/x-www-form-urlencoded"


def call(
    web: SlackWebApp,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    content_length: str | None = None,
) -> tuple[int, bytes]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)) if content_length is None else content_length,
    }
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    seen: list[str] = []
    data = b"".join(web(environ, lambda status, _headers: seen.append(status)))
    return int(seen[0].split()[0]), data


def signed(body: bytes, content_type: str = "application/json", **kwargs: Any) -> dict[str, str]:
    return payloads.signed_headers(SECRET, body, content_type, **kwargs)


def test_health_check_answers_without_calling_slack(web: SlackWebApp, slack: StandInSlack) -> None:
    status, body = call(web, "GET", "/healthz")
    assert status == 200
    assert json.loads(body) == {"ok": True}
    assert slack.calls() == []


def test_unknown_paths_and_methods_are_refused(web: SlackWebApp) -> None:
    assert call(web, "GET", "/")[0] == 404
    assert call(web, "GET", "/slack/events")[0] == 405
    assert call(web, "POST", "/healthz")[0] == 405


def test_url_verification_echoes_the_challenge(web: SlackWebApp) -> None:
    body = payloads.url_verification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
    status, data = call(web, "POST", "/slack/events", body, signed(body))
    assert status == 200
    assert json.loads(data)["challenge"].startswith("3eZbrw1a")


def test_ssl_check_is_answered(web: SlackWebApp, slack: StandInSlack) -> None:
    body = payloads.ssl_check()
    assert call(web, "POST", "/slack/events", body, signed(body, FORM))[0] == 200
    assert slack.calls("webhook") == []


def test_forged_signature_is_refused_without_side_effects(
    web: SlackWebApp, slack: StandInSlack
) -> None:
    body = payloads.slash_command("help", slack.response_url())
    headers = payloads.signed_headers("not-the-secret", body, FORM)
    assert call(web, "POST", "/slack/events", body, headers)[0] == 401
    body = payloads.event_callback(payloads.direct_message("When was Kubernetes 1.7 released?"))
    assert (
        call(
            web,
            "POST",
            "/slack/events",
            body,
            payloads.signed_headers("x", body, "application/json"),
        )[0]
        == 401
    )
    web.app.listener_runner.listener_executor.shutdown(wait=True)
    assert [c.method for c in slack.calls()] == []


def test_stale_signature_is_refused(web: SlackWebApp, slack: StandInSlack) -> None:
    body = payloads.slash_command("help", slack.response_url())
    headers = signed(body, FORM, timestamp=time.time() - 301)
    assert call(web, "POST", "/slack/events", body, headers)[0] == 401
    assert slack.calls("webhook") == []


def test_unsigned_request_is_refused(web: SlackWebApp) -> None:
    body = payloads.url_verification("abc")
    assert call(web, "POST", "/slack/events", body, {"content-type": "application/json"})[0] == 401


def test_oversized_body_is_refused_before_reading(web: SlackWebApp) -> None:
    body = b"x" * (MAX_BODY_BYTES + 1)
    assert call(web, "POST", "/slack/events", body, signed(body))[0] == 413


def a_real_request_gets_its_reply(
    web: SlackWebApp, slack: StandInSlack, kb: KnowledgeBase, kind: str
) -> None:
    """A valid request of `kind` (event, command, click) gets 200 and the reply it asks for."""
    entry = kb.entries[0]
    if kind == "event":
        before = len(slack.calls("chat.postMessage"))
        body = payloads.event_callback(payloads.direct_message(entry.title))
        assert call(web, "POST", "/slack/events", body, signed(body))[0] == 200
        posts = slack.wait_for("chat.postMessage", before + 1)
        assert len(posts) == before + 1
        assert fact_of(entry) in shown(posts[-1].args)
        return
    body = payloads.slash_command(entry.title, slack.response_url("real-command"))
    status, data = call(web, "POST", "/slack/events", body, signed(body, FORM))
    assert status == 200
    reply = json.loads(data)
    assert fact_of(entry) in shown(reply)
    if kind == "command":
        return
    hook = f"real-click-{len(slack.calls('webhook'))}"
    value = buttons(reply)["k17_feedback_up"]
    body = payloads.block_action("k17_feedback_up", value, slack.response_url(hook))
    assert call(web, "POST", "/slack/events", body, signed(body, FORM))[0] == 200
    web.app.listener_runner.listener_executor.shutdown(wait=True)
    [response] = [c.args for c in slack.calls("webhook") if c.path.endswith(hook)]
    assert "Thanks for the feedback" in shown(response)


@pytest.mark.parametrize(
    ("body", "content_type", "kind"),
    [
        (b"{not json", "application/json", "event"),
        (b"\xff\xfe\x00garbage", "application/json", "event"),
        (b"payload=%7Bnot-json", FORM, "click"),
        (b"[1, 2, 3]", "application/json", "event"),
        (b"{}", "application/json", "event"),
        (b'{"type": "event_callback", "event": "nope"}', "application/json", "event"),
        (b'{"type": "event_callback", "event": {"type": "message"}}', "application/json", "event"),
        (b"command=%2Fk17", FORM, "command"),
        (b"", FORM, "command"),
        (b"\x00" * 100, "application/octet-stream", "event"),
    ],
)
def test_signed_garbage_gets_no_server_error_and_real_requests_still_get_their_reply(
    web: SlackWebApp,
    slack: StandInSlack,
    kb: KnowledgeBase,
    body: bytes,
    content_type: str,
    kind: str,
) -> None:
    status, _ = call(web, "POST", "/slack/events", body, signed(body, content_type))
    assert status < 500
    assert call(web, "GET", "/healthz")[0] == 200
    assert slack.calls("chat.postMessage") == []
    a_real_request_gets_its_reply(web, slack, kb, kind)


@pytest.mark.parametrize("length", ["abc", "-5"])
def test_malformed_content_length_is_refused(web: SlackWebApp, length: str) -> None:
    assert call(web, "POST", "/slack/events", b"{}", signed(b"{}"), content_length=length)[0] == 400


SLACK_KEYS = [
    "type", "event", "event_id", "team_id", "api_app_id", "challenge", "token", "actions",
    "user", "team", "channel", "container", "view", "message", "authorizations", "command",
    "text", "response_url", "trigger_id", "enterprise", "ssl_check", "payload", "subtype",
    "channel_type", "ts", "thread_ts", "bot_id", "callback_id", "state", "is_enterprise_install",
]  # fmt: skip
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=20),
    st.sampled_from(["event_callback", "message", "app_mention", "block_actions", "/k17", "im"]),
)  # fmt: skip
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(SLACK_KEYS), inner, max_size=5)
    ),
    max_leaves=12,
)
_payloads = st.dictionaries(st.sampled_from(SLACK_KEYS), _values, max_size=8)


def test_no_signed_payload_shape_causes_a_server_error_and_real_ones_are_still_answered(
    web: SlackWebApp, slack: StandInSlack, kb: KnowledgeBase
) -> None:
    @settings(max_examples=150, deadline=None)
    @given(payload=_payloads, as_form=st.booleans())
    def each_shape(payload: dict[str, Any], as_form: bool) -> None:
        if as_form:
            body = urlencode({"payload": json.dumps(payload)}).encode()
            content_type = FORM
        else:
            body = json.dumps(payload).encode()
            content_type = "application/json"
        status, _ = call(web, "POST", "/slack/events", body, signed(body, content_type))
        assert status < 500

    each_shape()
    for kind in ("event", "click"):
        a_real_request_gets_its_reply(web, slack, kb, kind)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"x-slack-request-timestamp": "not-a-number", "x-slack-signature": "v0=abc"},
        {"x-slack-request-timestamp": "", "x-slack-signature": ""},
        {"x-slack-request-timestamp": "99999999999999999999", "x-slack-signature": "v0="},
    ],
)
@pytest.mark.parametrize(
    "body", [b"{not json", b'{"type": "url_verification", "challenge": "x"}', b"a=b"]
)
def test_unsigned_or_badly_signed_requests_are_unauthorised(
    web: SlackWebApp, headers: dict[str, str], body: bytes
) -> None:
    assert (
        call(web, "POST", "/slack/events", body, {"content-type": "application/json", **headers})[0]
        == 401
    )
