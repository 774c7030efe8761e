"""`/k17 remind here`, `/k17 remind off` and `/k17 reminders` through k17's real listeners."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from bot.core.knowledge import KnowledgeBase
from bot.slack import payloads
from bot.slack.standin import StandInSlack
from bot.store import reminders as ledger
from bot.store.db import connect
from tests.slack_conversation import Conversation, shown
from tests.test_slack_app import AUGUST_2017, open_conversation

TODAY = datetime(2026, 11, 28, 12, tzinfo=UTC)


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    engine = connect(sqlite_url)
    yield engine
    engine.dispose()


def talk(slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str, now: datetime) -> Conversation:
    return open_conversation(slack, kb, sqlite_url, now=now)


def test_remind_here_subscribes_the_channel_and_lists_what_is_coming(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str, engine: Engine
) -> None:
    k17 = talk(slack, kb, sqlite_url, AUGUST_2017)
    reply = shown(k17.command("remind here"))
    assert "This channel will get event reminders. 8 coming up" in reply
    assert ledger.subscribed_channels(engine) == (payloads.CHANNEL,)

    listed = shown(k17.command("reminders"))
    assert "scheduled for this channel* (8)" in listed
    cfp_week_before = int(datetime(2017, 8, 14, 14, tzinfo=UTC).timestamp())
    assert f"<!date^{cfp_week_before}^{{date_short_pretty}} at {{time}}|" in listed
    assert "close in 7 days" in listed
    assert "… and 2 more, the last <!date^" in listed
    assert "k17 reminders status" not in listed  # a Slack user cannot run the operator's CLI
    assert "Already subscribed." in shown(k17.command("remind here"))
    k17.finish()


def test_remind_here_asks_to_be_invited_first(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str, engine: Engine
) -> None:
    slack.leave_channel(payloads.CHANNEL)
    k17 = talk(slack, kb, sqlite_url, AUGUST_2017)
    assert "/invite @k17" in shown(k17.command("remind here"))
    assert ledger.subscribed_channels(engine) == ()
    k17.finish()


def test_remind_here_in_a_direct_message_points_to_a_channel(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str, engine: Engine
) -> None:
    k17 = talk(slack, kb, sqlite_url, AUGUST_2017)
    reply = shown(k17.command("remind here", channel="D0K17DM01"))
    assert "run `/k17 remind here` in the channel" in reply
    assert ledger.subscribed_channels(engine) == ()
    assert slack.calls("conversations.info") == []
    k17.finish()


def test_remind_off_cancels_the_channels_pending_reminders(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str, engine: Engine
) -> None:
    k17 = talk(slack, kb, sqlite_url, AUGUST_2017)
    k17.command("remind here")
    assert "no more event reminders" in shown(k17.command("remind off"))
    assert {row.status for row in ledger.reminders_by_status(engine)} == {"cancelled"}
    assert "not subscribed" in shown(k17.command("reminders"))
    assert "not subscribed" in shown(k17.command("remind off"))
    k17.finish()


def test_today_a_subscription_schedules_nothing_for_the_2017_events(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str, engine: Engine
) -> None:
    k17 = talk(slack, kb, sqlite_url, TODAY)
    assert "every event it knows is past" in shown(k17.command("remind here"))
    assert ledger.reminders_by_status(engine) == []
    assert "every event k17 knows is past" in shown(k17.command("reminders"))
    k17.finish()


def test_other_sentences_starting_with_remind_are_questions(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str, engine: Engine
) -> None:
    k17 = talk(slack, kb, sqlite_url, AUGUST_2017)
    reply = shown(k17.command("remind me when kubecon is"))
    assert "reminders" not in reply.lower() or "kubecon" in reply.lower()
    assert ledger.subscribed_channels(engine) == ()
    k17.finish()
