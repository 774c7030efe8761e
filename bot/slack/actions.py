"""What k17 does when someone clicks a button: share, choose a candidate, none of these, 👍/👎.

Every click is validated like any other input. A value that does not parse, a question the log
no longer holds, or an entry the knowledge base no longer has gets a short ephemeral message for
the person who clicked; nothing raises out of a listener for bad input.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.answers import Reply, render_answer
from bot.core.kbcheck import AnswerFinder
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.matcher import Candidate, Match
from bot.core.report import AskedQuestion
from bot.slack import blocks
from bot.slack.blocks import Message
from bot.store.dedup import HandledEvents
from bot.store.questions import QuestionLog

_ENTRY_VALUE = re.compile(r"^(\d{1,12}):([A-Za-z0-9][A-Za-z0-9._-]{0,199})$")
_QUESTION_VALUE = re.compile(r"^(\d{1,12})$")

STALE = "That button no longer works. Ask again with `/k17 <question>` and I'll answer afresh."
GONE = (
    "That answer is no longer in my knowledge base; it may have been reworded or retired. "
    "Ask again with `/k17 <question>`."
)
CANNOT_POST = (
    "I can't post in this conversation. Invite me with `/invite @k17` and share again, "
    "or ask me in a channel I'm in."
)

log = logging.getLogger(__name__)


class Answers(AnswerFinder, Protocol):
    """The answers a click is resolved by: found again from the question, or by a note's id."""

    def release_note(self, entry_id: str) -> Entry | None:
        """The release-notes answer an id stands for (a note, a listed fact, a digest)."""
        ...


@dataclass(frozen=True)
class ButtonValue:
    """What a button carries: the logged question and, for most buttons, an entry id."""

    question_id: int
    entry_id: str | None


def parse_value(value: object, *, with_entry: bool = True) -> ButtonValue | None:
    """`"<question id>:<entry id>"` (or just the question id); None when malformed."""
    if not isinstance(value, str):
        return None
    if with_entry:
        found = _ENTRY_VALUE.match(value)
        return ButtonValue(int(found[1]), found[2]) if found else None
    found = _QUESTION_VALUE.match(value)
    return ButtonValue(int(found[1]), None) if found else None


def record_question(
    questions: QuestionLog,
    match: Match,
    *,
    surface: str,
    user_id: str,
    now: datetime,
) -> int | None:
    """Log a question and its outcome; None (and a logged error) when the log is unavailable."""
    try:
        return questions.record_question(
            text=match.question,
            surface=surface,
            user_id=user_id,
            outcome=match.status,
            score=match.score,
            now=now,
            entry_id=match.entry.id if match.entry is not None else None,
            candidate_ids=[c.entry.id for c in match.candidates]
            if match.status == "suggested"
            else (),
            reason=match.reason,
        )
    except Exception:
        # The person still gets an answer, just without buttons that would need the log.
        log.exception("could not log a question surface=%s", surface)
        return None


@dataclass(frozen=True)
class Interactions:
    """The interactive answers' listeners' logic, sharing what the Slack app built."""

    kb: KnowledgeBase
    questions: QuestionLog
    client: WebClient
    clock: Callable[[], datetime]
    handled: HandledEvents
    # Answers that are not curated entries (release notes) are found again from the question.
    answers: Answers | None = None

    def share(self, body: Mapping[str, Any], respond: Respond) -> None:
        """Post an ephemeral answer in the channel, saying who asked what; remove the copy."""
        if not respond.response_url:  # nobody to tell, nothing to update: ignore the click
            return
        found = self._answer_for(body, respond)
        if found is None:
            return
        question, entry = found
        clicker, channel, clicked_at = _user(body), _channel(body), _action_ts(body)
        if not channel or not clicked_at:
            _tell(respond, STALE)
            return
        # A replayed click carries the same action_ts: it must not post the answer twice.
        clicked = f"share:{clicked_at}:{self.questions.user_hash(clicker)}"
        if not self.handled.first_delivery([clicked]):
            return
        message = blocks.shared_answer_message(
            self._reply(question, entry), self.kb, clicker, question.text or "", question.id
        )
        try:
            self.client.chat_postMessage(
                channel=channel, unfurl_links=False, unfurl_media=False, **message.as_kwargs()
            )
        except SlackApiError as error:
            log.info("share refused error=%s", error.response.get("error"))
            _tell(respond, CANNOT_POST)
            return
        respond(delete_original=True)

    def choose(self, body: Mapping[str, Any], respond: Respond) -> None:
        """Replace the "did you mean" candidates with the chosen answer, and note the choice."""
        if not respond.response_url:
            return
        found = self._answer_for(body, respond)
        if found is None:
            return
        question, entry = found
        self.questions.record_choice(
            question_id=question.id, user_id=_user(body), entry_id=entry.id, now=self.clock()
        )
        message = self._answer_message(question, entry, body)
        respond(replace_original=True, **message.as_kwargs())

    def none_of_these(self, body: Mapping[str, Any], respond: Respond) -> None:
        """Note the question as unanswered and say where to get help instead."""
        if not respond.response_url:
            return
        value = parse_value(_action(body).get("value"), with_entry=False)
        question = self.questions.question(value.question_id) if value else None
        if question is None or not _user(body):
            _tell(respond, STALE)
            return
        self.questions.record_choice(
            question_id=question.id, user_id=_user(body), entry_id=None, now=self.clock()
        )
        message = blocks.no_answer_message(question.text or "")
        respond(replace_original=True, **message.as_kwargs())

    def feedback(self, body: Mapping[str, Any], respond: Respond) -> None:
        """Record a 👍/👎 once per person and answer; thank them without disturbing others."""
        if not respond.response_url:
            return
        vote = blocks.VOTES.get(str(_action(body).get("action_id", "")))
        if vote is None:
            _tell(respond, STALE)
            return
        found = self._answer_for(body, respond)
        if found is None:
            return
        question, entry = found
        self.questions.record_feedback(
            question_id=question.id,
            entry_id=entry.id,
            user_id=_user(body),
            vote=vote,
            now=self.clock(),
        )
        given = self.questions.vote_of(
            question_id=question.id, entry_id=entry.id, user_id=_user(body)
        )
        if _seen_only_by_clicker(body):
            message = self._answer_message(question, entry, body, voted=given or vote)
            respond(replace_original=True, **message.as_kwargs())
        else:
            # Replacing a message others see would take the buttons away from them too.
            _tell(respond, blocks.THANKS)

    def stale(self, body: Mapping[str, Any], respond: Respond) -> None:
        """A k17 button this version does not know: say so instead of failing."""
        if not respond.response_url:
            return
        log.info("unknown action action_id=%s", str(_action(body).get("action_id", ""))[:60])
        _tell(respond, STALE)

    def _answer_for(
        self, body: Mapping[str, Any], respond: Respond
    ) -> tuple[AskedQuestion, Entry] | None:
        value = parse_value(_action(body).get("value"))
        question = self.questions.question(value.question_id) if value else None
        if value is None or question is None or value.entry_id is None or not _user(body):
            _tell(respond, STALE)
            return None
        if value.entry_id not in (question.entry_id, *question.candidate_ids):
            log.info("button for an entry the question was not given question=%d", question.id)
            _tell(respond, STALE)
            return None
        entry = self._entry(question, value.entry_id)
        if entry is None:
            _tell(respond, GONE)
            return None
        return question, entry

    def _entry(self, question: AskedQuestion, entry_id: str) -> Entry | None:
        # A release note, digest or fact is no curated entry: it is found again, as the answer
        # or among the choices, from the question it was given for.
        if self.answers is not None and question.text:
            match = self.answers.find_answer(question.text)
            given = (match.entry, *(c.entry for c in match.candidates))
            found = next((e for e in given if e is not None and e.id == entry_id), None)
            if found is not None:
                return found
        # Asked again it is answered otherwise (the knowledge changed): the id still names it.
        found = self.kb.entry(entry_id)
        if found is None and self.answers is not None:
            found = self.answers.release_note(entry_id)
        return found

    def _reply(self, question: AskedQuestion, entry: Entry) -> Reply:
        now = self.clock()
        match = Match(
            question.text or "",
            "answered",
            question.score,
            entry,
            (Candidate(entry, question.score),),
        )
        return Reply(match, render_answer(entry, self.kb, now), entry)

    def _answer_message(
        self,
        question: AskedQuestion,
        entry: Entry,
        body: Mapping[str, Any],
        voted: str | None = None,
    ) -> Message:
        ephemeral = _is_ephemeral(body)
        return blocks.answer_message(
            self._reply(question, entry),
            self.kb,
            question.text or "",
            show_question=question.surface == "command",
            question_id=question.id,
            shareable=ephemeral and question.surface == "command",
            voted=voted,
        )


def _tell(respond: Respond, text: str) -> None:
    # A new ephemeral message for the clicker only; the message they clicked stays as it was.
    respond(response_type="ephemeral", replace_original=False, **blocks.notice(text).as_kwargs())


def _action(body: Mapping[str, Any]) -> Mapping[str, Any]:
    actions = body.get("actions")
    if isinstance(actions, list) and actions and isinstance(actions[0], dict):
        return actions[0]
    return {}


def _user(body: Mapping[str, Any]) -> str:
    user = body.get("user")
    return str(user.get("id") or "") if isinstance(user, dict) else ""


def _container(body: Mapping[str, Any]) -> Mapping[str, Any]:
    container = body.get("container")
    return container if isinstance(container, dict) else {}


def _channel(body: Mapping[str, Any]) -> str:
    channel = body.get("channel")
    if isinstance(channel, dict) and channel.get("id"):
        return str(channel["id"])
    return str(_container(body).get("channel_id") or "")


def _action_ts(body: Mapping[str, Any]) -> str:
    return str(_action(body).get("action_ts") or "")[:40]


def _is_ephemeral(body: Mapping[str, Any]) -> bool:
    return bool(_container(body).get("is_ephemeral"))


def _seen_only_by_clicker(body: Mapping[str, Any]) -> bool:
    # Ephemeral answers and direct messages with k17 are seen by the clicker alone.
    return _is_ephemeral(body) or _channel(body).startswith("D")
