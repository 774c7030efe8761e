"""Replies as users read them: time-aware answers, suggestions, declines and escaping."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.core.answers import escape, render_answer, render_reply
from bot.core.events import Event
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.matcher import Candidate, Match, Matcher

CFP = Event(
    id="kubecon-cfp",
    name="KubeCon speaking submissions",
    kind="deadline",
    starts_on=date(2017, 8, 21),
    ends_on=date(2017, 8, 21),
    local_time=time(23, 59),
    timezone="America/Chicago",
    url="http://events.linuxfoundation.org/cfp",
)
CFP_ENTRY = Entry(
    id="kubecon-cfp",
    title="When do KubeCon speaking submissions close?",
    answer="The KubeCon CFP {when}. <http://events.linuxfoundation.org/cfp|Submit a talk>",
    section="Get Involved",
    event="kubecon-cfp",
)
SLACK_ENTRY = Entry(
    id="slack",
    title="How can I get into the Kubernetes Slack workspace?",
    answer="Join at <http://slack.k8s.io/|slack.k8s.io>.",
    section="Get Involved",
)
KB = KnowledgeBase(entries=(CFP_ENTRY, SLACK_ENTRY), events=(CFP,))


def at(day: int, month: int = 8) -> datetime:
    return datetime(2017, month, day, 12, tzinfo=UTC)


def test_deadline_ahead_says_how_many_days_remain() -> None:
    assert render_answer(CFP_ENTRY, KB, at(16)).startswith("The KubeCon CFP closes in 5 days")


def test_deadline_passed_says_when_it_closed() -> None:
    text = render_answer(CFP_ENTRY, KB, at(1, month=9))
    assert "closed on August 21, 2017" in text
    assert "{when}" not in text


def test_answer_without_event_is_given_verbatim() -> None:
    assert render_answer(SLACK_ENTRY, KB, at(16)) == SLACK_ENTRY.answer


def test_answered_reply_is_the_answer_with_links() -> None:
    reply = render_reply(
        Matcher(KB).find_answer("get into the kubernetes slack workspace"), KB, at(16)
    )
    assert reply.text == "Join at <http://slack.k8s.io/|slack.k8s.io>."
    assert reply.entry == SLACK_ENTRY


def test_suggested_reply_lists_titles_and_renders_each_answer() -> None:
    match = Match(
        "kubecon?",
        "suggested",
        50.0,
        candidates=(Candidate(CFP_ENTRY, 50.0), Candidate(SLACK_ENTRY, 40.0)),
    )
    reply = render_reply(match, KB, at(16))
    assert reply.text.startswith("I'm not sure I understood. Did you mean:")
    assert CFP_ENTRY.title in reply.text
    assert SLACK_ENTRY.title in reply.text
    assert reply.entry is None
    assert "closes in 5 days" in reply.suggestions[0].text


def test_declined_reply_says_what_k17_can_answer() -> None:
    reply = render_reply(Match("pizza?", "declined", 0.0, reason="no_match"), KB, at(16))
    assert reply.text.startswith("I don't know that one.")
    assert "Kubernetes 1.7" in reply.text


def test_other_release_reply_says_k17_only_knows_its_release() -> None:
    reply = render_reply(Match("1.9?", "declined", 0.0, reason="other_release"), KB, at(16))
    assert reply.text.startswith("I only know about Kubernetes 1.7")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("<!channel> hi", "&lt;!channel&gt; hi"),
        ("<@U123>", "&lt;@U123&gt;"),
        ("<http://evil|docs>", "&lt;http://evil|docs&gt;"),
        ("a & b", "a &amp; b"),
    ],
)
def test_user_text_is_escaped(typed: str, shown: str) -> None:
    assert escape(typed) == shown


def test_shipped_cfp_answer_is_time_aware(kb: KnowledgeBase) -> None:
    match = Matcher(kb).find_answer("cfp deadline for kubecon austin?")
    assert match.status == "answered"
    before = render_reply(match, kb, at(16)).text
    after = render_reply(match, kb, at(1, month=9)).text
    assert "closes in 5 days" in before
    assert "closed on August 21, 2017" in after
