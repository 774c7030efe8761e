"""Interactive answers: share, "did you mean" choices, none of these, 👍/👎, and bad clicks."""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest
from sqlalchemy import Engine, select

from bot.config import Settings
from bot.core.answers import render_reply
from bot.core.knowledge import KnowledgeBase
from bot.core.matcher import Candidate, Match, Matcher
from bot.core.report import build_report
from bot.slack import blocks, payloads
from bot.slack.actions import ButtonValue, parse_value, record_question
from bot.slack.app import create_app
from bot.slack.client import create_web_client
from bot.slack.standin import StandInSlack
from bot.slack.web import SlackWebApp
from bot.store.db import connect
from bot.store.questions import QuestionLog, read_history
from bot.store.tables import questions
from tests.conftest import settle_question_log
from tests.slack_conversation import FORM, SECRET, Conversation, buttons, fact_of, shown

ALICE = "U0ALICE"
BOB = "U0BOB"
TEAM_CHANNEL = "C0TEAM"


class UnsureMatcher(Matcher):
    """Never sure: offers the first three entries as "did you mean" candidates."""

    def find_answer(self, question: str) -> Match:
        entries = self._kb.entries[:3]
        return Match(question, "suggested", 61.0, None, tuple(Candidate(e, 61.0) for e in entries))


class Bot:
    """k17 in-process behind signed requests, with the clicks a person makes on its messages."""

    def __init__(self, slack: StandInSlack, kb: KnowledgeBase, database_url: str, **app: Any):
        settings = Settings(
            slack_bot_token="xoxb-test",
            slack_signing_secret=SECRET,
            slack_api_url=slack.api_url,
            database_url=database_url,
        )
        self.engine = connect(database_url)
        self.slack = slack
        self.kb = kb
        web_app = create_app(settings, kb, create_web_client(settings), engine=self.engine, **app)
        self.conversation = Conversation(SlackWebApp(web_app, SECRET), slack)

    def ask(self, question: str) -> dict[str, Any]:
        """`/k17 question`: the ephemeral answer."""
        return self.conversation.command(question)

    def send_click(
        self,
        action_id: str,
        value: str,
        *,
        user: str = ALICE,
        channel: str = payloads.CHANNEL,
        ephemeral: bool = True,
        action_ts: str | None = None,
        hook: str | None = None,
    ) -> tuple[int, str]:
        hook = hook or uuid.uuid4().hex
        body = payloads.block_action(
            action_id,
            value,
            self.slack.response_url(hook),
            user,
            channel=channel,
            ephemeral=ephemeral,
            action_ts=action_ts,
        )
        return self.conversation.send(body, FORM).status, hook

    def click(self, action_id: str, value: str, **kwargs: Any) -> dict[str, Any]:
        """Click a button; returns what k17 sent back through the click's response_url."""
        status, hook = self.send_click(action_id, value, **kwargs)
        assert status == 200
        return self.responses(hook, 1)[0]

    def responses(self, hook: str, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            found = [c.args for c in self.slack.calls("webhook") if c.path.endswith(hook)]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            self.slack.wait_for("webhook", len(self.slack.calls("webhook")) + 1, timeout=0.1)

    def finish(self) -> None:
        self.conversation.finish()
        settle_question_log()
        self.engine.dispose()


@pytest.fixture
def bot(slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str) -> Iterator[Bot]:
    k17 = Bot(slack, kb, sqlite_url)
    yield k17
    k17.finish()


@pytest.fixture
def unsure(slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str) -> Iterator[Bot]:
    k17 = Bot(slack, kb, sqlite_url, matcher=UnsureMatcher(kb))
    yield k17
    k17.finish()


def logged(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(select(questions))]


# -- answers carry buttons ----------------------------------------------------------------------


def test_command_answer_carries_share_and_feedback_buttons(bot: Bot, kb: KnowledgeBase) -> None:
    entry = kb.entries[0]
    reply = bot.ask(entry.title)
    assert set(buttons(reply)) == {"k17_share", "k17_feedback_up", "k17_feedback_down"}
    question_id = logged(bot.engine)[0]["id"]
    assert set(buttons(reply).values()) == {f"{question_id}:{entry.id}"}
    assert "Share in channel" in shown(reply)


def test_answers_in_threads_and_dms_carry_feedback_but_no_share(
    bot: Bot, kb: KnowledgeBase
) -> None:
    for reply in (
        bot.conversation.mention(kb.entries[0].title, channel=TEAM_CHANNEL),
        bot.conversation.dm(kb.entries[0].title),
    ):
        assert set(buttons(reply)) == {"k17_feedback_up", "k17_feedback_down"}


def test_declined_answer_has_no_buttons(bot: Bot) -> None:
    assert buttons(bot.ask("what's new in kubernetes 1.9?")) == {}


def test_every_question_is_logged_with_surface_outcome_and_hashed_asker(
    bot: Bot, kb: KnowledgeBase
) -> None:
    bot.ask(kb.entries[0].title)
    bot.conversation.mention("what's new in kubernetes 1.9?", channel=TEAM_CHANNEL)
    bot.conversation.dm(kb.entries[1].title)
    rows = logged(bot.engine)
    assert [(r["surface"], r["outcome"]) for r in rows] == [
        ("command", "answered"),
        ("mention", "declined"),
        ("dm", "answered"),
    ]
    assert rows[0]["entry_id"] == kb.entries[0].id
    assert rows[1]["reason"] == "other_release"
    assert rows[1]["text"] == "what's new in kubernetes 1.9?"
    assert all(payloads.PERSON not in str(value) for row in rows for value in row.values())


def test_help_and_events_are_not_questions(bot: Bot) -> None:
    bot.ask("help")
    bot.ask("events")
    assert logged(bot.engine) == []


# -- share in channel ---------------------------------------------------------------------------


def test_share_posts_the_answer_publicly_and_removes_the_ephemeral_copy(
    bot: Bot, kb: KnowledgeBase
) -> None:
    entry = kb.entries[0]
    reply = bot.ask(f"{entry.title} <!channel> & <@U0EVE>")
    response = bot.click("k17_share", buttons(reply)["k17_share"], channel=TEAM_CHANNEL)
    assert response.get("delete_original") in (True, "true")
    [post] = bot.slack.wait_for("chat.postMessage")
    assert post.args["channel"] == TEAM_CHANNEL
    public = shown(post.args)
    assert f"<@{ALICE}> asked:" in public
    assert "&lt;!channel&gt; &amp; &lt;@U0EVE&gt;" in public
    assert "<!channel>" not in public
    assert "<@U0EVE>" not in public
    assert fact_of(entry) in public
    assert "k17_share" not in buttons(post.args)
    assert set(buttons(post.args)) == {"k17_feedback_up", "k17_feedback_down"}


def test_share_where_k17_is_not_a_member_says_how_to_invite_it(bot: Bot, kb: KnowledgeBase) -> None:
    bot.slack.leave_channel(TEAM_CHANNEL)
    reply = bot.ask(kb.entries[0].title)
    response = bot.click("k17_share", buttons(reply)["k17_share"], channel=TEAM_CHANNEL)
    assert "/invite @k17" in shown(response)
    assert response["response_type"] == "ephemeral"
    assert response.get("replace_original") in (False, "false")
    assert bot.slack.messages(TEAM_CHANNEL) == []


def test_replayed_share_click_posts_once(bot: Bot, kb: KnowledgeBase) -> None:
    value = buttons(bot.ask(kb.entries[0].title))["k17_share"]
    for _ in range(3):
        status, _hook = bot.send_click(
            "k17_share", value, channel=TEAM_CHANNEL, action_ts="1700000000.000001"
        )
        assert status == 200
    bot.conversation.finish()
    assert len(bot.slack.messages(TEAM_CHANNEL)) == 1


# -- "did you mean" -----------------------------------------------------------------------------


def test_unsure_answer_offers_candidates_and_none_of_these(unsure: Bot, kb: KnowledgeBase) -> None:
    reply = unsure.ask("something vague")
    question_id = logged(unsure.engine)[0]["id"]
    assert buttons(reply) == {
        "k17_choose_0": f"{question_id}:{kb.entries[0].id}",
        "k17_choose_1": f"{question_id}:{kb.entries[1].id}",
        "k17_choose_2": f"{question_id}:{kb.entries[2].id}",
        "k17_none": str(question_id),
    }
    assert logged(unsure.engine)[0]["candidate_ids"] == ",".join(e.id for e in kb.entries[:3])


def test_choosing_a_candidate_replaces_the_candidates_with_its_answer(
    unsure: Bot, kb: KnowledgeBase
) -> None:
    reply = unsure.ask("something vague")
    chosen = kb.entries[1]
    response = unsure.click("k17_choose_1", buttons(reply)["k17_choose_1"])
    assert response.get("replace_original") in (True, "true")
    assert fact_of(chosen) in shown(response)
    assert "You asked: something vague" in shown(response)
    assert not any(action.startswith("k17_choose") for action in buttons(response))
    assert set(buttons(response)) == {"k17_share", "k17_feedback_up", "k17_feedback_down"}
    history = read_history(unsure.engine)
    assert [(c.entry_id) for c in history.choices] == [chosen.id]


def test_a_chosen_answer_can_be_shared_and_rated(unsure: Bot, kb: KnowledgeBase) -> None:
    reply = unsure.ask("something vague")
    chosen = unsure.click("k17_choose_2", buttons(reply)["k17_choose_2"])
    voted = unsure.click("k17_feedback_up", buttons(chosen)["k17_feedback_up"])
    assert "Thanks for the feedback" in shown(voted)
    unsure.click("k17_share", buttons(chosen)["k17_share"], channel=TEAM_CHANNEL)
    [post] = unsure.slack.wait_for("chat.postMessage")
    assert fact_of(kb.entries[2]) in shown(post.args)
    assert [(v.entry_id, v.vote) for v in read_history(unsure.engine).votes] == [
        (kb.entries[2].id, "up")
    ]


def test_none_of_these_records_the_question_as_unanswered_and_points_to_help(
    unsure: Bot, kb: KnowledgeBase
) -> None:
    reply = unsure.ask("how do I frobnicate the cluster")
    response = unsure.click("k17_none", buttons(reply)["k17_none"])
    assert response.get("replace_original") in (True, "true")
    text = shown(response)
    assert "how do I frobnicate the cluster" in text
    assert "#kubernetes-users" in text
    assert "stackoverflow.com" in text
    assert "CHANGELOG-1.7" in text
    assert buttons(response) == {}
    report = build_report(read_history(unsure.engine), kb, now=datetime.now(UTC))
    assert report.none_of_these == 1
    assert [(g.question, g.outcomes) for g in report.unanswered] == [
        ("how do I frobnicate the cluster", {"unanswered": 1})
    ]


def test_choice_for_an_entry_that_was_not_offered_is_refused(
    unsure: Bot, kb: KnowledgeBase
) -> None:
    reply = unsure.ask("something vague")
    question_id = buttons(reply)["k17_none"]
    response = unsure.click("k17_choose_0", f"{question_id}:{kb.entries[5].id}")
    assert "no longer works" in shown(response)
    assert read_history(unsure.engine).choices == ()


# -- 👍 / 👎 ------------------------------------------------------------------------------------


def test_feedback_updates_the_buttons_in_place_and_counts_once_per_person(
    bot: Bot, kb: KnowledgeBase
) -> None:
    reply = bot.ask(kb.entries[0].title)
    value = buttons(reply)["k17_feedback_down"]
    first = bot.click("k17_feedback_down", value)
    assert first.get("replace_original") in (True, "true")
    assert "👎 Thanks for the feedback" in shown(first)
    assert set(buttons(first)) == {"k17_share"}  # sharing is still possible after voting
    again = bot.click("k17_feedback_up", value)  # a second click, other button
    assert "👎 Thanks for the feedback" in shown(again)  # the first vote stands
    bot.click("k17_feedback_up", value, user=BOB)
    votes = read_history(bot.engine).votes
    assert sorted(v.vote for v in votes) == ["down", "up"]


def test_replayed_feedback_click_is_recorded_once(bot: Bot, kb: KnowledgeBase) -> None:
    value = buttons(bot.ask(kb.entries[0].title))["k17_feedback_up"]
    for _ in range(3):
        bot.click("k17_feedback_up", value, action_ts="1700000000.000002")
    assert len(read_history(bot.engine).votes) == 1


def test_feedback_on_a_public_answer_thanks_only_the_voter(bot: Bot, kb: KnowledgeBase) -> None:
    reply = bot.conversation.mention(kb.entries[0].title, channel=TEAM_CHANNEL)
    response = bot.click(
        "k17_feedback_up", buttons(reply)["k17_feedback_up"], channel=TEAM_CHANNEL, ephemeral=False
    )
    assert response["response_type"] == "ephemeral"
    assert response.get("replace_original") in (False, "false")
    assert "Thanks for the feedback" in shown(response)


def test_feedback_in_a_dm_updates_in_place(bot: Bot, kb: KnowledgeBase) -> None:
    reply = bot.conversation.dm(kb.entries[0].title)
    response = bot.click(
        "k17_feedback_up",
        buttons(reply)["k17_feedback_up"],
        channel=payloads.DM_CHANNEL,
        ephemeral=False,
    )
    assert response.get("replace_original") in (True, "true")
    assert buttons(response) == {}
    assert "👍 Thanks for the feedback" in shown(response)


# -- bad clicks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action_id", "value"),
    [
        ("k17_feedback_up", "release-date"),
        ("k17_feedback_up", ""),
        ("k17_feedback_up", "1:"),
        ("k17_feedback_up", "1:../../etc"),
        ("k17_feedback_up", "x" * 5000),
        ("k17_feedback_up", "99999:release-date"),
        ("k17_share", "99999:release-date"),
        ("k17_choose_0", "not a value"),
        ("k17_none", "99999"),
        ("k17_none", "1:release-date"),
        ("k17_feedback_sideways", "1:release-date"),
        ("k17_something_new", "1:release-date"),
    ],
)
def test_malformed_or_unknown_clicks_get_a_clear_ephemeral_message(
    bot: Bot, action_id: str, value: str
) -> None:
    response = bot.click(action_id, value)
    assert response["response_type"] == "ephemeral"
    assert "no longer works" in shown(response)
    assert read_history(bot.engine).votes == ()
    assert bot.slack.calls("chat.postMessage") == []


def test_click_for_an_entry_no_longer_in_the_knowledge_base_says_so(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str
) -> None:
    retired = kb.entries[0]
    smaller = dataclasses.replace(kb, entries=kb.entries[1:])
    bot = Bot(slack, smaller, sqlite_url)
    question_id = QuestionLog(bot.engine, SECRET).record_question(
        text=retired.title,
        surface="command",
        user_id=ALICE,
        outcome="answered",
        score=95.0,
        now=datetime.now(UTC),
        entry_id=retired.id,
    )
    try:
        for action_id in ("k17_feedback_down", "k17_share"):
            response = bot.click(action_id, f"{question_id}:{retired.id}")
            assert "no longer in my knowledge base" in shown(response)
        assert read_history(bot.engine).votes == ()
        assert slack.calls("chat.postMessage") == []
    finally:
        bot.finish()


def test_forged_click_is_refused_with_401_and_changes_nothing(bot: Bot, kb: KnowledgeBase) -> None:
    value = buttons(bot.ask(kb.entries[0].title))["k17_feedback_up"]
    body = payloads.block_action("k17_feedback_up", value, bot.slack.response_url("forged"))
    headers = payloads.signed_headers("not-the-signing-secret", body, FORM)
    assert bot.conversation.web.handle(body.decode(), headers).status == 401
    tampered = payloads.signed_headers(SECRET, body, FORM)
    assert bot.conversation.web.handle(body.decode() + "x", tampered).status == 401
    bot.conversation.finish()
    assert read_history(bot.engine).votes == ()
    assert [c for c in bot.slack.calls("webhook") if "forged" in c.path] == []


def test_stale_click_is_refused_with_401_and_changes_nothing(bot: Bot, kb: KnowledgeBase) -> None:
    value = buttons(bot.ask(kb.entries[0].title))["k17_feedback_up"]
    body = payloads.block_action("k17_feedback_up", value, bot.slack.response_url("stale"))
    headers = payloads.signed_headers(SECRET, body, FORM, timestamp=time.time() - 6 * 60)
    assert bot.conversation.web.handle(body.decode(), headers).status == 401
    bot.conversation.finish()
    assert read_history(bot.engine).votes == ()


def test_garbage_action_payload_gets_a_4xx_and_a_real_click_still_gets_its_reply(
    bot: Bot, kb: KnowledgeBase
) -> None:
    for body in (b"payload=%7Bnot+json", b"payload=%5B%5D", b'payload={"type":"block_actions"}'):
        status = bot.conversation.send(body, FORM).status
        assert 400 <= status < 500
    value = buttons(bot.ask(kb.entries[0].title))["k17_feedback_up"]
    assert "👍 Thanks for the feedback" in shown(bot.click("k17_feedback_up", value))
    assert [v.vote for v in read_history(bot.engine).votes] == ["up"]


# -- when the question log is unavailable ---------------------------------------------------------


def test_answer_without_a_question_log_still_answers_without_buttons(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    broken = connect(f"sqlite:///{tmp_path / 'missing' / 'k17.db'}")  # its directory is absent
    match = Match("something vague", "suggested", 61.0, None, (Candidate(kb.entries[0], 61.0),))
    now = datetime.now(UTC)
    logged_id = record_question(
        QuestionLog(broken, "key"), match, surface="command", user_id=ALICE, now=now
    )
    assert logged_id is None
    message = blocks.answer_message(
        render_reply(match, kb, now), kb, "something vague", question_id=logged_id
    )
    assert buttons(message.as_kwargs()) == {}
    assert kb.entries[0].title in shown(message.as_kwargs())
    broken.dispose()


@pytest.mark.parametrize(
    ("value", "with_entry", "parsed"),
    [
        ("12:release-date", True, ButtonValue(12, "release-date")),
        ("12", False, ButtonValue(12, None)),
        ("12", True, None),
        ("12:release-date", False, None),
        ("-1:release-date", True, None),
        ("12:", True, None),
        ("12:<@U1>", True, None),
        (None, True, None),
        (12, False, None),
        ("1" * 13 + ":x", True, None),
    ],
)
def test_button_values_are_parsed_strictly(
    value: object, with_entry: bool, parsed: ButtonValue | None
) -> None:
    assert parse_value(value, with_entry=with_entry) == parsed


def test_click_without_a_user_changes_nothing(bot: Bot, kb: KnowledgeBase) -> None:
    value = buttons(bot.ask(kb.entries[0].title))["k17_feedback_up"]
    for action_id in ("k17_feedback_up", "k17_share"):
        response = bot.click(action_id, value, user="")
        assert "no longer works" in shown(response)
    assert read_history(bot.engine).votes == ()
    assert bot.slack.calls("chat.postMessage") == []


def test_choice_and_feedback_are_stored_on_sqlite_and_postgresql(
    slack: StandInSlack, kb: KnowledgeBase, database_url: str
) -> None:
    k17 = Bot(slack, kb, database_url, matcher=UnsureMatcher(kb))
    try:
        reply = k17.ask("something vague")
        chosen = k17.click("k17_choose_1", buttons(reply)["k17_choose_1"])
        for user in (ALICE, ALICE, BOB):
            k17.click("k17_feedback_down", buttons(chosen)["k17_feedback_down"], user=user)
        history = read_history(k17.engine)
        assert [c.entry_id for c in history.choices] == [kb.entries[1].id]
        assert [(v.entry_id, v.vote) for v in history.votes] == [(kb.entries[1].id, "down")] * 2
    finally:
        k17.finish()


def test_click_without_a_response_url_is_acknowledged_and_changes_nothing(
    bot: Bot, kb: KnowledgeBase
) -> None:
    value = buttons(bot.ask(kb.entries[0].title))["k17_feedback_up"]
    body = payloads.block_action("k17_feedback_up", value, "")
    payload = json.loads(parse_qs(body.decode())["payload"][0])
    del payload["response_url"]
    status = bot.conversation.send(urlencode({"payload": json.dumps(payload)}).encode(), FORM)
    assert status.status == 200
    bot.conversation.finish()
    assert read_history(bot.engine).votes == ()
