"""Block Kit messages k17 sends: answers, "did you mean" buttons, help and the events list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.answers import Reply, escape
from bot.core.events import Event, announced_dates, describe_when, format_day, format_span
from bot.core.knowledge import KnowledgeBase
from bot.core.librarian import notes_source

# Interactive answers hook these. Buttons carry "<question id>:<entry id>" as their value
# ("None of these" only the question id), so a click finds its logged question and answer.
CHOOSE_ACTION_PREFIX = "k17_choose"
ACTION_PREFIX = "k17_"
NONE_ACTION = "k17_none"
SHARE_ACTION = "k17_share"
FEEDBACK_UP_ACTION = "k17_feedback_up"
FEEDBACK_DOWN_ACTION = "k17_feedback_down"
VOTES = {FEEDBACK_UP_ACTION: "up", FEEDBACK_DOWN_ACTION: "down"}
THANKS = "Thanks for the feedback."
HELP_ELSEWHERE = (
    "For help from people, ask in *#kubernetes-users* on the Kubernetes Slack "
    "(<https://slack.k8s.io|slack.k8s.io>) or on "
    "<https://stackoverflow.com/questions/tagged/kubernetes|Stack Overflow>, or read the "
    "<https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.7.md|"
    "Kubernetes 1.7 release notes>."
)

# Slack's documented limits (section text 3000, button text 75, fallback text kept short).
SECTION_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
FALLBACK_LIMIT = 4000
ECHO_LIMIT = 200


@dataclass(frozen=True)
class Message:
    """A Slack message: notification/screen-reader `text` and the `blocks` people see."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)

    def as_kwargs(self) -> dict[str, Any]:
        """Arguments for chat.postMessage or respond()."""
        return {"text": self.text, "blocks": self.blocks}


def shorten(text: str, limit: int) -> str:
    """Cut `text` to `limit` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quote_question(question: str) -> str:
    """A user's question made safe to show back: Slack's own escapes undone, then escaped once."""
    plain = question.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return escape(shorten(" ".join(plain.split()), ECHO_LIMIT))


def answer_message(
    reply: Reply,
    kb: KnowledgeBase,
    question: str,
    *,
    show_question: bool = False,
    question_id: int | None = None,
    shareable: bool = False,
    voted: str | None = None,
) -> Message:
    """The reply to a question: the answer with its source, candidates, or a polite decline.

    With the question's log id, answers carry 👍/👎 (and "Share in channel" when `shareable`)
    and candidates are buttons; `voted` shows the thanks in place of the 👍/👎 buttons."""
    blocks: list[dict[str, Any]] = []
    asked = quote_question(question)
    if show_question and asked:
        blocks.append(_context(f"You asked: {asked}"))
    if reply.match.status == "answered" and reply.entry is not None:
        blocks.append(_section(reply.text))
        blocks.append(_context(source_line(reply.entry.section, kb)))
        if question_id is not None:
            blocks.extend(answer_actions(question_id, reply.entry.id, shareable, voted))
        return Message(shorten(reply.text, FALLBACK_LIMIT), blocks)
    if reply.match.status == "suggested" and reply.suggestions:
        lead = f"I'm not sure what you mean by “{asked}”." if asked else "I'm not sure."
        lead = f"{lead} Did you mean one of these?"
        if reply.match.unknown:
            # Related, not the answer: the reply's first line says what k17 does not have.
            lead = reply.text.split("\n", 1)[0]
        if question_id is None:
            titles = "\n".join(f"• {escape(s.entry.title)}" for s in reply.suggestions)
            blocks.append(_section(f"{lead}\n{titles}"))
        else:
            blocks.append(_section(lead))
            blocks.append(
                candidate_buttons([s.entry.id for s in reply.suggestions], reply, question_id)
            )
        return Message(shorten(reply.text, FALLBACK_LIMIT), blocks)
    blocks.append(_section(reply.text))
    blocks.append(_context("Try `/k17 help` to see what I can answer."))
    return Message(shorten(reply.text, FALLBACK_LIMIT), blocks)


def candidate_buttons(entry_ids: Sequence[str], reply: Reply, question_id: int) -> dict[str, Any]:
    """One button per "did you mean" candidate, then "None of these"."""
    titles = {s.entry.id: s.entry.title for s in reply.suggestions}
    return {
        "type": "actions",
        "block_id": "k17_candidates",
        "elements": [
            {
                "type": "button",
                "action_id": f"{CHOOSE_ACTION_PREFIX}_{index}",
                "text": {
                    "type": "plain_text",
                    "text": shorten(titles[entry_id], BUTTON_TEXT_LIMIT),
                    "emoji": True,
                },
                "value": f"{question_id}:{entry_id}",
            }
            for index, entry_id in enumerate(entry_ids[:24])
        ]
        + [_button(NONE_ACTION, "None of these", str(question_id))],
    }


def answer_actions(
    question_id: int, entry_id: str, shareable: bool, voted: str | None = None
) -> list[dict[str, Any]]:
    """The buttons under an answer: "Share in channel", 👍 and 👎 (or thanks once voted)."""
    value = f"{question_id}:{entry_id}"
    buttons = [_button(SHARE_ACTION, "Share in channel", value)] if shareable else []
    if voted is None:
        buttons += [
            _button(FEEDBACK_UP_ACTION, "👍", value, label="Helpful"),
            _button(FEEDBACK_DOWN_ACTION, "👎", value, label="Not helpful"),
        ]
    found: list[dict[str, Any]] = []
    if buttons:
        found.append({"type": "actions", "block_id": "k17_answer", "elements": buttons})
    if voted is not None:
        found.append(_context(f"{'👍' if voted == 'up' else '👎'} {THANKS}"))
    return found


def shared_answer_message(
    reply: Reply, kb: KnowledgeBase, asker: str, question: str, question_id: int
) -> Message:
    """An answer shared in a channel: who asked what (escaped), the answer, its source."""
    if reply.entry is None:
        raise ValueError("only answers can be shared")
    asked = quote_question(question)
    who = f"<@{asker}> asked: {asked}" if asked else f"<@{asker}> asked k17"
    blocks = [
        _context(who),
        _section(reply.text),
        _context(source_line(reply.entry.section, kb)),
        *answer_actions(question_id, reply.entry.id, shareable=False),
    ]
    return Message(shorten(f"{who}\n{reply.text}", FALLBACK_LIMIT), blocks)


def no_answer_message(question: str) -> Message:
    """After "None of these": the question is noted for the knowledge base; where to ask."""
    asked = quote_question(question)
    lead = f"Sorry, I don't have an answer to “{asked}” yet." if asked else "Sorry, I don't know."
    text = f"{lead} I've noted it so that the people who keep my answers can add one."
    return Message(f"{text} {HELP_ELSEWHERE}", [_section(text), _section(HELP_ELSEWHERE)])


def source_line(section: str, kb: KnowledgeBase) -> str:
    """`Source: <url|Kubernetes 1.7 announcement>`, then the section it comes from."""
    notes = notes_source(section)
    if notes is not None:
        return f"Source: {notes[0]} › {escape(notes[1])}"
    name = f"Kubernetes {escape(kb.release)} announcement"
    where = f"<{kb.source_url}|{name}>" if kb.source_url else name
    return f"Source: {where} › {escape(section)}" if section else f"Source: {where}"


def help_message(usages: Sequence[str], examples: Sequence[str]) -> Message:
    """Usage of `/k17` with example questions."""
    lines = "\n".join(f"• {usage}" for usage in usages)
    tried = "\n".join(f"• `/k17 {escape(example)}`" for example in examples)
    text = (
        "I answer questions about the Kubernetes 1.7 release. Ask me with `/k17 <question>`, "
        "by mentioning me in a channel, or in a direct message."
    )
    blocks = [
        _section(text),
        _section(f"*Commands*\n{lines}"),
        _section(f"*Try*\n{tried}"),
    ]
    return Message(f"{text}\n{lines}", blocks)


def date_token(moment: datetime, fallback: str, with_time: bool) -> str:
    """A Slack date token: each reader sees `moment` in their own time zone."""
    pattern = "{date_long_pretty} at {time}" if with_time else "{date_long_pretty}"
    return f"<!date^{int(moment.timestamp())}^{pattern}|{escape(fallback)}>"


def events_message(events: Sequence[Event], now: datetime) -> Message:
    """The announcement's events, each marked past or upcoming, in the reader's time zone when
    the source gives an hour and as the source dates them when it does not."""
    if not events:
        return Message("I know of no events for this release.", [_section("I know of no events.")])
    blocks: list[dict[str, Any]] = [_section("*Kubernetes 1.7 community events*")]
    fallback_lines: list[str] = []
    for event in sorted(events, key=lambda e: e.starts_at):
        past = event.is_past(now)
        status = "Past" if past else "Upcoming"
        when = describe_when(event, now)
        span = format_span(event.starts_on, event.ends_on)
        if event.time_is_assumed:
            local = escape(announced_dates(event))
        elif event.kind == "deadline":
            fallback = f"{span} {event.local_time:%H:%M} ({event.timezone})"
            local = date_token(event.starts_at, fallback, with_time=True)
        else:
            local = date_token(event.starts_at, format_day(event.starts_on), with_time=False)
            if event.ends_on != event.starts_on:
                last_day = datetime.combine(event.ends_on, event.local_time, tzinfo=event.zone)
                local += " – " + date_token(last_day, format_day(event.ends_on), with_time=False)
        place = f" · {escape(event.place)}" if event.place else ""
        icon = ":white_check_mark:" if past else ":spiral_calendar_pad:"
        blocks.append(
            _section(
                f"{icon} *{escape(event.name)}*{place}\n"
                f"{local} · *{status}*: {escape(when)}\n<{event.url}|Details>"
            )
        )
        fallback_lines.append(f"{event.name}: {status.lower()}, {when}")
    blocks.append(_context(_dates_note(events)))
    return Message(shorten("\n".join(fallback_lines), FALLBACK_LIMIT), blocks)


def _dates_note(events: Sequence[Event]) -> str:
    if all(event.time_is_assumed for event in events):
        return "Dates are as the announcement gives them; it names no hour or time zone."
    if any(event.time_is_assumed for event in events):
        return (
            "Dates with an hour are shown in your time zone; the others are as the announcement "
            "gives them."
        )
    return "Dates are shown in your time zone."


def notice(text: str) -> Message:
    """A one-paragraph message (errors, confirmations)."""
    return Message(text, [_section(text)])


def _button(action_id: str, text: str, value: str, label: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": shorten(text, BUTTON_TEXT_LIMIT), "emoji": True},
        "value": value,
    }
    if label:
        button["accessibility_label"] = label
    return button


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": shorten(text, SECTION_LIMIT)}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": shorten(text, 3000)}]}
