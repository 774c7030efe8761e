"""The payload guard: every request Slack sends reaches k17; shapes Bolt cannot read get 400."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

import pytest

from bot.slack import payloads
from bot.slack.standin import StandInSlack
from bot.slack.web import SlackWebApp, well_formed
from tests.slack_captures import Capture, captures, load
from tests.slack_conversation import SECRET, wait_for

HTTP_KINDS = ("block_actions", "view", "shortcuts", "commands", "events")
REAL_CLICK = "block_actions/button-on-app-message-in-channel"


def deliver(web: SlackWebApp, capture: Capture, body: dict[str, Any] | None = None) -> int:
    data, content_type = capture.wire(body)
    response = web.handle(data.decode(), payloads.signed_headers(SECRET, data, content_type))
    return response.status


def k17_click(slack: StandInSlack, hook: str) -> dict[str, Any]:
    """The real click from an ordinary workspace, on a k17 button, answering to the stand-in."""
    body = copy.deepcopy(load(REAL_CLICK).body)
    body["actions"][0].update(action_id="k17_feedback_up", value="999999:release-date")
    body["response_url"] = slack.response_url(hook)
    return body


@pytest.mark.parametrize("capture", captures(*HTTP_KINDS), ids=str)
def test_the_guard_accepts_every_payload_slack_really_sends(capture: Capture) -> None:
    assert well_formed(capture.delivery)


def test_a_click_from_an_ordinary_workspace_reaches_k17(
    web: SlackWebApp, slack: StandInSlack
) -> None:
    hook = uuid.uuid4().hex
    body = k17_click(slack, hook)
    assert body["enterprise"] is None
    assert body["is_enterprise_install"] is False
    assert deliver(web, load(REAL_CLICK), body) == 200
    reply = wait_for(lambda: [c.args for c in slack.calls("webhook") if c.path.endswith(hook)])
    assert "no longer works" in reply["text"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda b: b.update(actions=[]), id="no actions"),
        pytest.param(lambda b: b["actions"][0].pop("action_id"), id="action without action_id"),
        pytest.param(lambda b: b["actions"][0].update(action_id=7), id="numeric action_id"),
        pytest.param(lambda b: b.update(actions=["k17_share"]), id="action not an object"),
        pytest.param(lambda b: b.update(actions="k17_share"), id="actions not a list"),
    ],
)
def test_a_click_bolt_cannot_route_gets_400_not_500(
    web: SlackWebApp, slack: StandInSlack, change: Any
) -> None:
    body = k17_click(slack, uuid.uuid4().hex)
    change(body)
    assert deliver(web, load(REAL_CLICK), body) == 400


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda b: b.update(event="app_mention"), id="event not an object"),
        pytest.param(lambda b: b.update(event=None), id="event null"),
        pytest.param(lambda b: b["event"].update(type=["app_mention"]), id="event type a list"),
    ],
)
def test_an_event_bolt_cannot_route_gets_400_not_500(web: SlackWebApp, change: Any) -> None:
    capture = load("events/app-mention-in-channel")
    body = json.loads(json.dumps(capture.body))
    change(body)
    assert deliver(web, capture, body) == 400
