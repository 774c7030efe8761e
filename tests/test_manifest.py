"""manifest.yml agrees with the listeners: every command, event and action k17 is sent works."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import Settings
from bot.core.knowledge import KnowledgeBase
from bot.slack import payloads
from bot.slack.app import COMMAND, create_app, subcommands
from bot.slack.client import create_web_client
from bot.slack.standin import StandInSlack
from bot.slack.web import SlackWebApp
from tests.slack_conversation import SECRET, Conversation, shown

MANIFEST = Path(__file__).resolve().parent.parent / "manifest.yml"
# The scope each subscribed event needs (docs.slack.dev/reference/events).
EVENT_SCOPES = {"app_mention": "app_mentions:read", "message.im": "im:history"}
# The bot scopes each Web API method k17 calls needs for the channels it works in: public (C...)
# and private (G...) channels (docs.slack.dev/reference/methods).
METHOD_SCOPES = {
    "chat.postMessage": {"chat:write"},
    "conversations.history": {"channels:history", "groups:history"},
    "conversations.info": {"channels:read", "groups:read"},
}
PACKAGE = Path(__file__).resolve().parent.parent / "bot"
# slack_sdk's WebClient names methods family_method: client.conversations_info(...).
WEB_API_CALL = re.compile(
    r"\.(apps|auth|bots|chat|conversations|files|pins|reactions|team|users|usergroups|views)"
    r"_([A-Za-z]+)\("
)


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MANIFEST.read_text())
    return loaded


@pytest.fixture
def k17(slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str) -> Iterator[Conversation]:
    settings = Settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=slack.api_url,
        database_url=sqlite_url,
    )
    conversation = Conversation(
        SlackWebApp(create_app(settings, kb, create_web_client(settings)), SECRET), slack
    )
    yield conversation
    conversation.finish()


def test_manifest_declares_the_command_k17_answers(
    manifest: dict[str, Any], k17: Conversation
) -> None:
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [COMMAND]
    for command in commands:
        assert command["description"]
        assert command["usage_hint"]
        assert command["url"].endswith("/slack/events")
    assert "/k17 events" in shown(k17.command("help"))


def test_every_subscribed_event_is_answered_and_has_its_scope(
    manifest: dict[str, Any], k17: Conversation, kb: KnowledgeBase
) -> None:
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert set(events) == set(EVENT_SCOPES)
    for event in events:
        assert EVENT_SCOPES[event] in scopes
    assert k17.mention(kb.entries[0].title)["thread_ts"]
    assert k17.dm(kb.entries[0].title)["channel"] == payloads.DM_CHANNEL


def test_every_web_api_method_k17_calls_has_its_scopes(manifest: dict[str, Any]) -> None:
    called = {
        f"{family}.{method}"
        for source in PACKAGE.rglob("*.py")
        for family, method in WEB_API_CALL.findall(source.read_text(encoding="utf-8"))
    }
    assert called, "no Web API call found: has the client's naming changed?"
    assert called <= set(METHOD_SCOPES), f"add the scopes of {called - set(METHOD_SCOPES)}"
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    for method in called:
        assert METHOD_SCOPES[method] <= scopes, method


def test_scopes_are_minimal(manifest: dict[str, Any]) -> None:
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(
        [
            "app_mentions:read",
            "channels:history",
            "channels:read",
            "chat:write",
            "chat:write.public",
            "commands",
            "groups:history",
            "groups:read",
            "im:history",
        ]
    )


def test_an_answer_can_be_shared_in_a_public_channel_k17_has_not_joined(
    manifest: dict[str, Any],
) -> None:
    # /k17 works in every channel, so "Share in channel" posts where k17 may not be a member;
    # chat:write alone answers not_in_channel there
    # (docs.slack.dev/reference/scopes/chat.write.public).
    assert "chat:write.public" in manifest["oauth_config"]["scopes"]["bot"]


def test_interactivity_is_enabled_and_buttons_are_acknowledged(
    manifest: dict[str, Any], k17: Conversation, slack: StandInSlack
) -> None:
    interactivity = manifest["settings"]["interactivity"]
    assert interactivity["is_enabled"] is True
    assert interactivity["request_url"].endswith("/slack/events")
    body = payloads.block_action("k17_choose_1", "release-date", slack.response_url())
    assert k17.send(body, "application/x-www-form-urlencoded").status == 200


def test_people_can_message_k17_from_its_app_home(manifest: dict[str, Any]) -> None:
    home = manifest["features"]["app_home"]
    assert home["messages_tab_enabled"] is True
    assert home["messages_tab_read_only_enabled"] is False


def test_manifest_fields_respect_slack_limits(manifest: dict[str, Any]) -> None:
    assert 1 <= len(manifest["display_information"]["name"]) <= 35
    assert len(manifest["features"]["bot_user"]["display_name"]) <= 80
    for command in manifest["features"]["slash_commands"]:
        assert command["command"].startswith("/")
        assert 2 <= len(command["command"]) <= 32


def test_usage_hint_names_every_subcommand(manifest: dict[str, Any]) -> None:
    hint = manifest["features"]["slash_commands"][0]["usage_hint"]
    for word in subcommands():
        assert word in hint, word
