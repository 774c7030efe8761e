"""No signed request gets a 5xx: real Slack payloads, mutated, through the WSGI app k17 serves."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.slack import payloads
from bot.slack.standin import StandInSlack
from bot.slack.web import SlackWebApp
from tests.slack_captures import Capture, captures
from tests.slack_conversation import SECRET

INTERACTIVE = captures("block_actions", "view", "shortcuts")
EVERYTHING = INTERACTIVE + captures("commands", "events")
K17_ACTIONS = ["k17_share", "k17_feedback_up", "k17_feedback_down", "k17_choose_0", "k17_none"]

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=12),
    st.sampled_from(["", "block_actions", "1:release-date", "k17_share", "event_callback"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=2), st.dictionaries(st.text(max_size=8), inner, max_size=2)
    ),
    max_leaves=6,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a payload a mutation can reach: each key and list item, all the way down."""
    found: list[tuple[Any, ...]] = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        found.append((*prefix, key))
        if isinstance(item, dict | list) and item:
            found.extend(paths(item, (*prefix, key)))
    return found


def mutate(payload: dict[str, Any], path: tuple[Any, ...], how: str, value: Any) -> None:
    parent: Any = payload
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if how == "remove":
        del parent[last]
    elif how == "empty" and isinstance(parent[last], list | dict | str):
        parent[last] = type(parent[last])()
    else:
        parent[last] = value


@st.composite
def mutated(draw: st.DrawFn, sources: list[Capture]) -> tuple[Capture, dict[str, Any]]:
    """A real payload aimed at k17 (a k17 button, the stand-in's hooks), then changed 1-3 times."""
    capture = draw(st.sampled_from(sources))
    payload = copy.deepcopy(capture.delivery)
    if isinstance(payload.get("actions"), list) and payload["actions"]:
        payload["actions"][0]["action_id"] = draw(st.sampled_from(K17_ACTIONS))
        payload["actions"][0]["value"] = draw(st.sampled_from(["1:release-date", "1", "x"]))
    for _ in range(draw(st.integers(1, 3))):
        reachable = paths(payload)
        if not reachable:
            break
        path = draw(st.sampled_from(reachable))
        how = draw(st.sampled_from(["remove", "empty", "replace"]))
        mutate(payload, path, how, draw(_values))
    return capture, payload


def status(web: SlackWebApp, slack: StandInSlack, capture: Capture, payload: Any) -> int:
    if isinstance(payload, dict) and isinstance(payload.get("response_url"), str):
        payload["response_url"] = slack.response_url("mutated")  # never hooks.slack.com
    if capture.encoding == "form fields":
        payload = {k: v if isinstance(v, str) else json.dumps(v) for k, v in payload.items()}
    body, content_type = capture.wire(payload)
    headers = payloads.signed_headers(SECRET, body, content_type)
    return web.handle(body.decode(), headers).status


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=mutated(INTERACTIVE))
def test_a_mutated_real_click_view_or_shortcut_never_gets_a_server_error(
    web: SlackWebApp, slack: StandInSlack, case: tuple[Capture, dict[str, Any]]
) -> None:
    assert status(web, slack, *case) < 500


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=mutated(EVERYTHING))
def test_a_mutated_real_command_or_event_never_gets_a_server_error(
    web: SlackWebApp, slack: StandInSlack, case: tuple[Capture, dict[str, Any]]
) -> None:
    assert status(web, slack, *case) < 500
