"""Block Kit rendering: fallback text, source line, candidates, events with Slack date tokens."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

from bot.core.answers import Reply, Suggestion
from bot.core.knowledge import KnowledgeBase
from bot.core.matcher import Candidate, Match
from bot.slack.blocks import (
    BUTTON_TEXT_LIMIT,
    SECTION_LIMIT,
    answer_message,
    date_token,
    events_message,
    quote_question,
    source_line,
)

AUGUST_2017 = datetime(2017, 8, 10, 15, tzinfo=UTC)
TODAY = datetime(2026, 11, 1, tzinfo=UTC)


def test_echoed_questions_cannot_ping_mention_or_disguise_links() -> None:
    quoted = quote_question("<!channel> <@U123> <https://evil.example|docs> & co")
    assert "<" not in quoted
    assert ">" not in quoted
    assert "&amp; co" in quoted


def test_slack_escapes_in_typed_text_are_shown_once() -> None:
    assert quote_question("a &lt; b &amp;&amp; c &gt; d") == "a &lt; b &amp;&amp; c &gt; d"


def test_long_questions_are_shortened_when_echoed() -> None:
    assert len(quote_question("why " * 500)) <= 200


def test_answer_carries_fallback_text_and_source(kb: KnowledgeBase) -> None:
    entry = kb.entries[0]
    reply = Reply(Match(entry.title, "answered", 100.0, entry), entry.answer, entry)
    message = answer_message(reply, kb, entry.title)
    assert message.text == entry.answer
    assert message.blocks[0]["text"]["text"] == entry.answer
    assert message.blocks[-1]["elements"][0]["text"] == source_line(entry.section, kb)


def test_source_line_names_the_announcement_section_and_links_it(kb: KnowledgeBase) -> None:
    line = source_line("Security", kb)
    assert f"<{kb.source_url}|Kubernetes 1.7 announcement>" in line
    assert line.endswith("Security")


def test_candidates_are_buttons_with_entry_ids(kb: KnowledgeBase) -> None:
    entries = kb.entries[:3]
    match = Match("q", "suggested", 60.0, None, tuple(Candidate(e, 60.0) for e in entries))
    reply = Reply(
        match, "Did you mean…", None, tuple(Suggestion(e, 60.0, e.answer) for e in entries)
    )
    message = answer_message(reply, kb, "q <!here>", question_id=7)
    buttons = next(b for b in message.blocks if b["type"] == "actions")["elements"]
    chosen = [b for b in buttons if b["action_id"].startswith("k17_choose_")]
    assert [b["value"] for b in chosen] == [f"7:{e.id}" for e in entries]
    assert all(len(b["text"]["text"]) <= BUTTON_TEXT_LIMIT for b in buttons)
    assert "<!here>" not in str(message.blocks)
    assert message.text == "Did you mean…"


def test_sections_respect_slack_limits(kb: KnowledgeBase) -> None:
    entry = kb.entries[0]
    reply = Reply(Match("q", "answered", 100.0, entry), "x" * 10_000, entry)
    message = answer_message(reply, kb, "q")
    assert all(
        len(b["text"]["text"]) <= SECTION_LIMIT for b in message.blocks if b["type"] == "section"
    )
    assert len(message.text) <= 4000


def test_date_token_shows_local_time_with_a_fallback() -> None:
    token = date_token(datetime(2017, 8, 21, 23, 59, tzinfo=UTC), "August 21, 2017", with_time=True)
    assert token == "<!date^1503359940^{date_long_pretty} at {time}|August 21, 2017>"


def test_events_are_upcoming_before_and_past_after(kb: KnowledgeBase) -> None:
    before = events_message(kb.events, AUGUST_2017)
    after = events_message(kb.events, TODAY)
    assert "upcoming" in before.text
    assert "past" not in before.text
    assert "past" in after.text
    assert "upcoming" not in after.text


def test_events_give_the_announced_dates_without_an_assumed_hour(kb: KnowledgeBase) -> None:
    message = events_message(kb.events, AUGUST_2017)
    sections = " ".join(b["text"]["text"] for b in message.blocks if b["type"] == "section")
    for dates in ("August 21, 2017", "October 6, 2017", "December 6-8, 2017"):
        assert dates in sections
    assert "<!date" not in sections
    assert "23:59" not in sections
    assert "America/Chicago" not in sections
    note = message.blocks[-1]["elements"][0]["text"]
    assert note == "Dates are as the announcement gives them; it names no hour or time zone."


def test_an_event_with_a_known_hour_is_shown_in_the_readers_time_zone(kb: KnowledgeBase) -> None:
    known = [dataclasses.replace(event, assumed=()) for event in kb.events]
    message = events_message(known, AUGUST_2017)
    sections = " ".join(b["text"]["text"] for b in message.blocks if b["type"] == "section")
    assert len(re.findall(r"<!date\^\d+\^", sections)) >= len(kb.events)
    assert message.blocks[-1]["elements"][0]["text"] == "Dates are shown in your time zone."


def test_no_events_says_so() -> None:
    assert "no events" in events_message((), TODAY).text
