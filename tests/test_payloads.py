"""The builders of synthetic Slack requests start from real ones and keep their shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from bot.slack import payloads
from tests.slack_captures import CAPTURES, load

SHIPPED = sorted(payloads.CAPTURED.glob("*/*.json"))


def keys(value: Any) -> Any:
    """The shape of a payload: its keys, all the way down, without the values."""
    if isinstance(value, dict):
        return {k: keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [keys(v) for v in value[:1]]
    return None


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_shipped_captures_are_unchanged_copies_of_the_collection(path: Path) -> None:
    assert path.read_bytes() == (CAPTURES / path.parent.name / path.name).read_bytes()


def test_a_slash_command_has_every_field_of_a_real_one() -> None:
    built = dict(parse_qsl(payloads.slash_command("when is kubecon?", "https://x/y").decode()))
    real = load("commands/public-channel-with-text").body
    assert built.keys() == real.keys()
    assert built["text"] == "when is kubecon?"
    assert built["is_enterprise_install"] == "false"


@pytest.mark.parametrize(
    ("ephemeral", "real"),
    [
        (True, "block_actions/button-on-ephemeral-message-in-dm"),
        (False, "block_actions/button-on-app-message-in-channel"),
    ],
)
def test_a_click_has_the_shape_of_a_real_one(ephemeral: bool, real: str) -> None:
    body = payloads.block_action("k17_share", "1:release-date", "https://x/y", ephemeral=ephemeral)
    built = json.loads(dict(parse_qsl(body.decode()))["payload"])
    captured = load(real).body
    shape = keys(captured)
    shape["actions"][0]["value"] = None  # the only field a k17 button adds
    assert keys(built) == shape
    assert built["enterprise"] is None
    assert ("message" in built) is not ephemeral


def test_an_event_delivery_has_the_shape_of_a_real_one() -> None:
    built = json.loads(payloads.event_callback(payloads.direct_message("hi")))
    assert keys(built) == keys(load("events/message-im-from-user").body)
    assert built["event"]["blocks"][0]["elements"][0]["elements"][-1]["text"] == "hi"


def test_a_mention_has_the_shape_of_a_real_one() -> None:
    event = payloads.mention("when is kubecon?", thread_ts="1.2")
    real = load("events/app-mention-in-channel").body["event"]
    assert keys(event) == {**keys(real), "thread_ts": None}
    assert event["text"].endswith("> when is kubecon?")
