"""The README's promise: Slack user ids are stored only as a keyed hash, in every table."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, select

from bot.config import Settings
from bot.core.knowledge import KnowledgeBase
from bot.slack import payloads
from bot.slack.app import create_app
from bot.slack.client import create_web_client
from bot.slack.standin import StandInSlack
from bot.store import reminders as ledger
from bot.store.db import connect, metadata
from bot.store.dedup import HandledEvents
from bot.store.questions import hash_user
from bot.store.tables import handled_events, subscriptions
from tests.slack_conversation import FORM, buttons, new_channel, posted_in, wait_for
from tests.test_slack_app import open_conversation

PERSON = "U0PRIVATE7"


def test_no_table_keeps_a_raw_slack_user_id(
    slack: StandInSlack, kb: KnowledgeBase, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'k17.db'}"
    k17 = open_conversation(slack, kb, url)
    channel = new_channel()
    reply = k17.command("When was Kubernetes 1.7 released?", channel=channel, user=PERSON)
    for action_id in ("k17_feedback_up", "k17_share"):
        click = payloads.block_action(
            action_id,
            buttons(reply)[action_id],
            slack.response_url(uuid.uuid4().hex),
            PERSON,
            channel=channel,
            ephemeral=True,
        )
        assert k17.send(click, FORM).status == 200
    wait_for(posted_in(slack, channel))
    assert "will get event reminders" in str(k17.command("remind here", channel, user=PERSON))
    k17.finish()

    engine = connect(url)
    with engine.connect() as connection:
        stored = {
            table.name: [str(v) for row in connection.execute(select(table)) for v in row]
            for table in metadata.sorted_tables
        }
    engine.dispose()
    assert stored["handled_events"], "the share was not recorded"
    assert stored["subscriptions"], "the subscription was not recorded"
    assert {name: [v for v in values if PERSON in v] for name, values in stored.items()} == {
        name: [] for name in stored
    }


def test_user_ids_stored_raw_by_earlier_versions_are_hashed_at_start(
    kb: KnowledgeBase, engine: Engine
) -> None:
    ledger.subscribe(engine, "C0EARLIER", datetime.now(UTC), by=PERSON)
    HandledEvents(engine).first_delivery([f"share:1700000000.000001:{PERSON}", "event:Ev1"])

    settings = Settings(slack_bot_token="xoxb-test", question_log_key="the-key")
    for _start in range(2):  # a second start changes nothing more
        app = create_app(settings, kb, create_web_client(settings), engine=engine)
        app.listener_runner.listener_executor.shutdown(wait=True)

    with engine.connect() as connection:
        subscribed_by: str = connection.execute(select(subscriptions.c.subscribed_by)).scalar_one()
        keys: list[str] = list(connection.execute(select(handled_events.c.key)).scalars())
    assert subscribed_by == hash_user("the-key", PERSON)
    assert keys == ["event:Ev1"]
