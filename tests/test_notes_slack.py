"""Release-note answers in Slack: Block Kit with the notes' source line, buttons that work."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.knowledge import KnowledgeBase
from bot.core.librarian import Librarian, answer_kind, build_librarian
from bot.core.matcher import Match
from bot.core.report import build_report, render_report
from bot.slack.standin import StandInSlack
from bot.store.questions import read_history
from tests.slack_conversation import buttons, shown
from tests.test_actions import ALICE, TEAM_CHANNEL, Bot, logged

NOTES_SOURCE = "|Kubernetes v1.7.0 release notes> › "


@pytest.fixture
def bot(slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str) -> Iterator[Bot]:
    k17 = Bot(slack, kb, sqlite_url)
    yield k17
    k17.finish()


def _context(reply: dict[str, Any]) -> str:
    return " ".join(
        element["text"]
        for block in reply["blocks"]
        if block["type"] == "context"
        for element in block["elements"]
    )


def test_a_note_answer_cites_the_release_notes_and_carries_buttons(bot: Bot) -> None:
    reply = bot.ask("does portworx still have to run on the master node?")
    assert "Portworx volume driver no longer has to run on the master" in shown(reply)
    assert NOTES_SOURCE + "Action Required Before Upgrading › Storage" in _context(reply)
    assert set(buttons(reply)) == {"k17_share", "k17_feedback_up", "k17_feedback_down"}


def test_a_digest_and_a_fact_read_as_answers(bot: Bot) -> None:
    digest = bot.ask("known issues")
    assert "*Known issues* in the v1.7.0 release notes: 5 items" in shown(digest)
    assert NOTES_SOURCE in _context(digest)
    fact = bot.ask("arm64 node binaries")
    assert "kubernetes-node-linux-arm64.tar.gz" in shown(fact)
    assert NOTES_SOURCE + "Downloads for v1.7.0" in _context(fact)


def test_a_fact_asked_in_the_title_line_of_a_message_is_the_fact(bot: Bot) -> None:
    # Written as an issue: a title, then what the asker is doing, with no question in it.
    reply = bot.ask(
        "Tested etcd version for 1.7\nWe are setting up fresh control plane machines and want "
        "to run the same etcd the release was tested on."
    )
    assert "etcd version 3.0.17" in shown(reply)
    assert NOTES_SOURCE + "External Dependency Version Information" in _context(reply)


def test_sharing_a_note_answer_posts_it_in_the_channel(bot: Bot) -> None:
    reply = bot.ask("etcd version for 1.7")
    bot.click("k17_share", buttons(reply)["k17_share"], channel=TEAM_CHANNEL)
    [post] = bot.slack.wait_for("chat.postMessage")
    assert f"<@{ALICE}> asked:" in shown(post.args)
    assert "etcd version 3.0.17" in shown(post.args)


def test_feedback_on_a_note_answer_is_recorded(bot: Bot) -> None:
    reply = bot.ask("does portworx still have to run on the master node?")
    response = bot.click("k17_feedback_down", buttons(reply)["k17_feedback_down"])
    assert "Portworx" in shown(response)
    [row] = logged(bot.engine)
    assert row["entry_id"].startswith("rn-")


def test_the_report_counts_answers_by_kind(bot: Bot, kb: KnowledgeBase) -> None:
    for question in (
        "known issues",
        "etcd version for 1.7",
        "when is kubecon",
        "portworx on master",
    ):
        bot.ask(question)
    bot.finish()
    report = build_report(read_history(bot.engine), kb, datetime.now(UTC))
    assert report.kinds == {"digest": 1, "fact": 1, "curated": 1, "notes": 1}
    assert "Answered by: curated 1, digest 1, fact 1, notes 1" in render_report(report)


def test_an_unsure_question_about_a_note_offers_it_and_its_button_gives_its_answer(
    bot: Bot,
) -> None:
    reply = bot.ask("two schedulers racing for one lock")
    assert "Did you mean one of these?" in shown(reply)
    assert "leader election lock based on scheduler name (kube-scheduler)" in shown(reply)
    offered = buttons(reply)["k17_choose_0"]
    response = bot.click("k17_choose_0", offered)
    assert response.get("replace_original") in (True, "true")
    assert "From the v1.7.0 release notes:" in shown(response)
    assert "leader election lock based on scheduler name" in shown(response)
    assert NOTES_SOURCE + "Notable Features" in _context(response)
    assert set(buttons(response)) == {"k17_share", "k17_feedback_up", "k17_feedback_down"}
    [choice] = read_history(bot.engine).choices
    assert f"{choice.question_id}:{choice.entry_id}" == offered
    assert answer_kind(choice.entry_id) == "notes"


def test_a_chosen_note_can_be_rated_and_shared(bot: Bot) -> None:
    reply = bot.ask("two schedulers racing for one lock")
    note_id = buttons(reply)["k17_choose_0"].split(":", 1)[1]
    chosen = bot.click("k17_choose_0", buttons(reply)["k17_choose_0"])
    voted = bot.click("k17_feedback_up", buttons(chosen)["k17_feedback_up"])
    assert "leader election lock" in shown(voted)
    bot.click("k17_share", buttons(chosen)["k17_share"], channel=TEAM_CHANNEL)
    [post] = bot.slack.wait_for("chat.postMessage")
    assert "leader election lock based on scheduler name" in shown(post.args)
    assert answer_kind(note_id) == "notes"
    assert [(v.entry_id, v.vote) for v in read_history(bot.engine).votes] == [(note_id, "up")]


def test_an_offered_digest_button_gives_the_digest(bot: Bot) -> None:
    reply = bot.ask("known issues with gpus")
    [action] = [a for a, v in buttons(reply).items() if v.endswith(":digest-known-issues")]
    response = bot.click(action, buttons(reply)[action])
    assert "*Known issues* in the v1.7.0 release notes: 5 items" in shown(response)
    assert NOTES_SOURCE in _context(response)


class ChangedKnowledge(Librarian):
    """k17 after its knowledge changed: the questions asked before are no longer understood."""

    def find_answer(self, question: str) -> Match:
        return Match(question, "declined", 0.0, reason="no_match")


def test_a_note_button_still_gives_the_note_once_its_question_is_answered_otherwise(
    slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str
) -> None:
    before = Bot(slack, kb, sqlite_url)
    offered = buttons(before.ask("two schedulers racing for one lock"))["k17_choose_0"]
    before.finish()
    notes = build_librarian(kb, DEFAULT_KNOWLEDGE_DIR).notes
    after = Bot(slack, kb, sqlite_url, matcher=ChangedKnowledge(kb, notes))
    try:
        response = after.click("k17_choose_0", offered)
    finally:
        after.finish()
    assert "leader election lock based on scheduler name" in shown(response)
    assert NOTES_SOURCE + "Notable Features" in _context(response)
