"""k17's listeners, driven in-process by signed requests and read back from a stand-in Slack."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.config import Settings
from bot.core.knowledge import KnowledgeBase
from bot.core.matcher import Candidate, Match, Matcher
from bot.slack import payloads
from bot.slack.app import create_app, subcommands
from bot.slack.client import create_web_client
from bot.slack.standin import StandInSlack
from bot.slack.web import SlackWebApp
from tests.slack_conversation import FACTS, SECRET, Conversation, buttons, fact_of, shown

AUGUST_2017 = datetime(2017, 8, 10, 12, tzinfo=UTC)


def open_conversation(
    slack: StandInSlack,
    kb: KnowledgeBase,
    database_url: str,
    matcher: Matcher | None = None,
    now: datetime | None = None,
) -> Conversation:
    settings = Settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=slack.api_url,
        database_url=database_url,
    )
    app = create_app(
        settings,
        kb,
        create_web_client(settings),
        matcher=matcher,
        clock=(lambda: now) if now else (lambda: datetime.now(UTC)),
    )
    return Conversation(SlackWebApp(app, SECRET), slack)


@pytest.fixture
def k17(slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str) -> Iterator[Conversation]:
    conversation = open_conversation(slack, kb, sqlite_url)
    yield conversation
    conversation.finish()


class UnsureMatcher(Matcher):
    """A matcher that is never sure: it offers the first three entries as candidates."""

    def find_answer(self, question: str) -> Match:
        entries = self._kb.entries[:3]
        return Match(question, "suggested", 60.0, None, tuple(Candidate(e, 60.0) for e in entries))


def test_each_fact_the_conversations_look_for_is_stated_by_one_answer_alone(
    kb: KnowledgeBase,
) -> None:
    for entry_id, fact in FACTS.items():
        stating = [e.id for e in kb.entries if fact in e.answer or fact in e.title]
        assert stating == [entry_id], fact


def test_slash_command_answers_ephemerally_with_source(
    k17: Conversation, kb: KnowledgeBase
) -> None:
    entry = kb.entries[0]
    reply = k17.command(entry.title)
    assert reply["response_type"] == "ephemeral"
    assert reply["text"]
    assert fact_of(entry) in shown(reply)
    context = [b for b in reply["blocks"] if b["type"] == "context"]
    assert any(
        "Source:" in e["text"] and kb.source_url in e["text"]
        for b in context
        for e in b["elements"]
    )
    assert any(entry.section in e["text"] for b in context for e in b["elements"])


def test_empty_command_and_help_show_usage_with_examples(k17: Conversation) -> None:
    for text in ("", "help", "HELP"):
        reply = k17.command(text)
        assert "/k17 events" in shown(reply)
        assert "Try" in shown(reply)


def test_help_lists_every_subcommand(k17: Conversation) -> None:
    reply = shown(k17.command("help"))
    for word in subcommands():
        assert f"/k17 {word}" in reply


def test_events_show_the_announced_dates_and_whether_past(k17: Conversation) -> None:
    reply = k17.command("events")
    text = shown(reply)
    assert "August 21, 2017 · *Past*" in text
    assert "December 6-8, 2017 · *Past*" in text
    assert "<!date" not in text  # the announcement gives no hour: none is shown as fact
    assert "Past" in text  # the 2017 events are over today
    assert "Upcoming" not in text


def test_events_as_of_2017_are_upcoming(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str
) -> None:
    conversation = open_conversation(slack, kb, sqlite_url, now=AUGUST_2017)
    text = shown(conversation.command("events"))
    conversation.finish()
    assert "Upcoming" in text
    assert "closes in 11 days" in text


def test_unknown_subcommand_words_are_questions(k17: Conversation, kb: KnowledgeBase) -> None:
    reply = k17.command("eventually what is network policy")
    assert "You asked: eventually what is network policy" in shown(reply)


def test_unsure_answer_offers_candidate_buttons(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str
) -> None:
    conversation = open_conversation(slack, kb, sqlite_url, matcher=UnsureMatcher(kb))
    reply = conversation.mention("something vague")
    conversation.finish()
    actions = [b for b in reply["blocks"] if b["type"] == "actions"]
    assert actions, "no candidate buttons"
    buttons = actions[0]["elements"]
    candidates = [b for b in buttons if b["action_id"].startswith("k17_choose")]
    assert [b["value"].split(":")[-1] for b in candidates] == [e.id for e in kb.entries[:3]]
    assert buttons[-1]["text"]["text"] == "None of these"
    assert len({b["action_id"] for b in buttons}) == len(buttons)
    assert "not sure" in shown(reply)


def test_candidate_button_clicks_are_acknowledged(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str
) -> None:
    conversation = open_conversation(slack, kb, sqlite_url, matcher=UnsureMatcher(kb))
    reply = conversation.command("something vague")
    value = buttons(reply)["k17_choose_0"]
    body = payloads.block_action("k17_choose_0", value, slack.response_url("click"), ephemeral=True)
    assert conversation.send(body, "application/x-www-form-urlencoded").status == 200
    conversation.finish()
    [chosen] = [c.args for c in slack.calls("webhook") if c.path.endswith("click")]
    assert fact_of(kb.entries[0]) in shown(chosen)


def test_mention_is_answered_in_the_thread_of_the_question(
    k17: Conversation, kb: KnowledgeBase
) -> None:
    reply = k17.mention(kb.entries[0].title, channel="C0TEAM", ts="1700000000.000100")
    assert reply["channel"] == "C0TEAM"
    assert reply["thread_ts"] == "1700000000.000100"
    assert fact_of(kb.entries[0]) in shown(reply)


def test_mention_inside_a_thread_is_answered_in_that_thread(
    k17: Conversation, kb: KnowledgeBase
) -> None:
    reply = k17.mention(kb.entries[0].title, ts="1700000001.000200", thread_ts="1700000000.000100")
    assert reply["thread_ts"] == "1700000000.000100"


def test_other_release_is_declined_publicly_without_a_confident_answer(k17: Conversation) -> None:
    reply = k17.mention("what is new in 1.9")
    assert "I only know about Kubernetes 1.7, not other releases" in shown(reply)
    assert not [b for b in reply["blocks"] if b["type"] == "context" and "Source:" in json.dumps(b)]


def test_direct_message_is_answered_without_a_thread(k17: Conversation, kb: KnowledgeBase) -> None:
    reply = k17.dm(kb.entries[0].title)
    assert reply["channel"] == payloads.DM_CHANNEL
    assert not reply.get("thread_ts")
    assert fact_of(kb.entries[0]) in shown(reply)


def test_mention_injection_is_escaped(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str
) -> None:
    conversation = open_conversation(slack, kb, sqlite_url, matcher=UnsureMatcher(kb))
    reply = conversation.mention("<!channel> <!here> <@U0BOSS> <https://evil.example|docs> & more")
    conversation.finish()
    text = shown(reply)
    for raw in ("<!channel>", "<!here>", "<@U0BOSS>", "<https://evil.example"):
        assert raw not in text
    assert "&lt;!channel&gt;" in text


def test_command_injection_is_escaped(k17: Conversation) -> None:
    text = shown(k17.command("<!everyone> tell <@U0BOSS> about <https://evil.example|this>"))
    assert "<!everyone>" not in text
    assert "<@U0BOSS>" not in text
    assert "<https://evil.example" not in text


@pytest.mark.parametrize(
    "event",
    [
        payloads.bot_message("When was Kubernetes 1.7 released?"),
        payloads.own_message("When was Kubernetes 1.7 released?"),
        payloads.direct_message("When was Kubernetes 1.7 released?", subtype="message_changed"),
        payloads.direct_message("joined", subtype="channel_join"),
        payloads.direct_message("gone", subtype="message_deleted"),
        {**payloads.mention("When was Kubernetes 1.7 released?"), "bot_id": "B0OTHERBOT"},
        {**payloads.direct_message("in a channel"), "channel_type": "channel", "channel": "C0TEAM"},
    ],
    ids=["other-bot", "itself", "edit", "join", "delete", "bot-mention", "channel-message"],
)
def test_messages_not_typed_to_k17_by_a_person_get_no_reply(
    k17: Conversation, slack: StandInSlack, event: dict[str, object]
) -> None:
    assert k17.event(event) == 200
    k17.finish()
    assert slack.calls("chat.postMessage") == []


@pytest.mark.parametrize(
    "event_type", ["reaction_added", "member_joined_channel", "app_home_opened"]
)
def test_unhandled_events_are_acknowledged(k17: Conversation, event_type: str) -> None:
    assert k17.event({"type": event_type, "user": "U0PERSON1", "event_ts": "1.2"}) == 200


def test_retried_event_is_answered_once(
    k17: Conversation, slack: StandInSlack, kb: KnowledgeBase
) -> None:
    event = payloads.direct_message(kb.entries[0].title)
    assert k17.event(event, event_id="Ev0RETRY") == 200
    assert (
        k17.event(
            event, event_id="Ev0RETRY", x_slack_retry_num="1", x_slack_retry_reason="http_timeout"
        )
        == 200
    )
    k17.finish()
    assert len(slack.calls("chat.postMessage")) == 1


def test_same_message_under_another_event_id_is_answered_once(
    k17: Conversation, slack: StandInSlack, kb: KnowledgeBase
) -> None:
    event = payloads.mention(kb.entries[0].title)
    assert k17.event(event, event_id="Ev0FIRST") == 200
    assert k17.event(event, event_id="Ev0SECOND") == 200
    k17.finish()
    assert len(slack.calls("chat.postMessage")) == 1


def test_failed_answer_apologises_to_the_asker(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str
) -> None:
    class BrokenMatcher(Matcher):
        def find_answer(self, question: str) -> Match:
            raise RuntimeError("index is corrupt")

    conversation = open_conversation(slack, kb, sqlite_url, matcher=BrokenMatcher(kb))
    reply = conversation.command("anything")
    dm = conversation.dm("anything")
    conversation.finish()
    assert "went wrong" in shown(reply)
    assert "went wrong" in shown(dm)


def test_commands_are_acknowledged_within_slacks_deadline_while_slack_is_slow(
    k17: Conversation, slack: StandInSlack, kb: KnowledgeBase
) -> None:
    slack.set_latency(1.0)  # every Web API answer takes a second: listeners pile up
    for _ in range(24):
        assert k17.event(payloads.direct_message(kb.entries[0].title)) == 200
    body = payloads.slash_command("help", slack.response_url("busy"))
    started = time.monotonic()
    response = k17.send(body, "application/x-www-form-urlencoded")
    acknowledged_after = time.monotonic() - started
    assert response.status == 200
    assert acknowledged_after < 3.0  # Slack's deadline; beyond it the person sees a timeout
    slack.set_latency(0.0)


def test_question_is_answered_in_the_commands_own_response(
    k17: Conversation, slack: StandInSlack, kb: KnowledgeBase
) -> None:
    body = payloads.slash_command(kb.entries[0].title, slack.response_url("in-ack"))
    response = k17.send(body, "application/x-www-form-urlencoded")
    assert response.status == 200
    reply = json.loads(response.body)
    assert reply["response_type"] == "ephemeral"
    assert fact_of(kb.entries[0]) in shown(reply)
    k17.finish()
    assert [c for c in slack.calls("webhook") if c.path.endswith("in-ack")] == []


def test_very_long_question_is_acknowledged_first_and_answered_through_the_response_url(
    k17: Conversation, slack: StandInSlack, kb: KnowledgeBase
) -> None:
    question = kb.entries[0].title + " " + "please " * 800
    body = payloads.slash_command(question, slack.response_url("long"))
    response = k17.send(body, "application/x-www-form-urlencoded")
    assert response.status == 200
    assert not response.body
    reply = k17.command(question)
    assert reply["response_type"] == "ephemeral"
    # Eight hundred words of padding ("please" is chat) leave the entry's own title as the ask:
    # its answer arrives through the response URL.
    assert fact_of(kb.entries[0]) in shown(reply)


def test_a_bot_token_in_the_environment_raises_no_warning_at_start(
    slack: StandInSlack,
    kb: KnowledgeBase,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    with caplog.at_level(logging.WARNING):
        conversation = open_conversation(slack, kb, sqlite_url)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    conversation.finish()
