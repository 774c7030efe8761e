"""`help`, `events`, `remind here|off` and `reminders` work after @k17 and in a DM as after /k17."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from bot.core.knowledge import KnowledgeBase
from bot.slack import payloads
from bot.slack.standin import StandInSlack
from tests.slack_conversation import Conversation, new_channel, shown
from tests.test_slack_app import open_conversation


@pytest.fixture
def k17(slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str) -> Iterator[Conversation]:
    conversation = open_conversation(slack, kb, sqlite_url)
    yield conversation
    conversation.finish()


def dm(k17: Conversation, text: str) -> str:
    return shown(k17.dm(text))


def mention(k17: Conversation, text: str, channel: str = payloads.CHANNEL) -> str:
    return shown(k17.mention(text, channel=channel))


Say = Callable[[Conversation, str], str]


@pytest.mark.parametrize("say", [dm, mention], ids=["dm", "mention"])
def test_help_shows_the_commands(k17: Conversation, say: Say) -> None:
    for text in ("help", "Help?"):
        reply = say(k17, text)
        assert "/k17 events" in reply
        assert "work after `@k17` and in a direct message" in reply


@pytest.mark.parametrize("say", [dm, mention], ids=["dm", "mention"])
def test_events_lists_the_events_not_the_audit_log_entry(k17: Conversation, say: Say) -> None:
    reply = say(k17, "events")
    assert "closed on August 21, 2017" in reply
    assert "KubeCon" in reply
    assert "audit" not in reply.lower()


def test_a_question_that_starts_with_a_command_word_is_still_a_question(
    k17: Conversation,
) -> None:
    assert "<!date^" not in dm(k17, "events in the advanced audit log?")
    assert "/k17 events" not in dm(k17, "help with network policy in 1.7")


def test_an_empty_mention_gets_the_help(k17: Conversation) -> None:
    assert "/k17 events" in mention(k17, "")


def test_remind_here_reminders_and_remind_off_in_a_channel_mention(k17: Conversation) -> None:
    channel = new_channel()
    assert "will get event reminders" in mention(k17, "remind here!", channel)
    assert "not subscribed" not in mention(k17, "reminders", channel)
    assert "no more event reminders" in mention(k17, "remind off", channel)
    assert "not subscribed" in mention(k17, "Reminders?", channel)


def test_remind_here_in_a_direct_message_points_to_a_channel(k17: Conversation) -> None:
    assert "run `/k17 remind here` in the channel" in dm(k17, "remind here")


def test_a_command_in_a_mention_is_answered_in_the_thread(k17: Conversation) -> None:
    reply = k17.mention("help", ts="1700000000.000200")
    assert reply["thread_ts"] == "1700000000.000200"
