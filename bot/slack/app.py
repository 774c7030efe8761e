"""The Bolt app: `/k17`, mentions and direct messages, wired in one place by `create_app`."""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App, BoltResponse, Respond
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.config import Settings, unset_empty_variables
from bot.core.answers import render_reply
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.librarian import Librarian, build_librarian
from bot.core.matcher import Match, Matcher
from bot.slack import blocks
from bot.slack.actions import Interactions, record_question
from bot.slack.blocks import Message
from bot.slack.reminders import reminder_command
from bot.slack.responses import ResponseUrls
from bot.store.db import create_schema, open_database
from bot.store.dedup import HandledEvents, event_keys
from bot.store.privacy import hash_earlier_user_ids
from bot.store.questions import QuestionLog

COMMAND = "/k17"
LISTENER_THREADS = 32
# Questions are answered inside the ack (the matcher bounds its work, well under a millisecond
# on any question Slack can send); longer text is acknowledged first and answered afterwards.
ANSWER_IN_ACK_LIMIT = 4000
# People ask the same few questions again and again; the matcher is pure and the knowledge base
# fixed for a process's life, so a repeated question reuses its match (rendering stays per ask,
# since answers depend on the time). Long questions are rare repeats and are not kept.
REMEMBERED_MATCHES = 2048
REMEMBERED_QUESTION_LIMIT = 300
EXAMPLES = (
    "what's new in 1.7?",
    "how do I encrypt secrets at rest?",
    "when is kubecon?",
)

# Slack wraps mentions as <@U123> or <@U123|name>; the one addressing k17 leads the text.
_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*")

FAILURE = blocks.notice("Sorry, something went wrong while answering. Please try again later.")

log = logging.getLogger(__name__)


class _ClientTokenWarning(logging.Filter):
    """Drops Bolt's warning that the token is unused when a client is given.

    Bolt reads SLACK_BOT_TOKEN from the environment itself and warns that the client we pass
    wins; that client is built from the same token, so the warning only alarms operators.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _quiet_token_warning() -> None:
    bolt_log = logging.getLogger("slack_bolt.App")
    if not any(isinstance(f, _ClientTokenWarning) for f in bolt_log.filters):
        bolt_log.addFilter(_ClientTokenWarning())


def _utc_now() -> datetime:
    return datetime.now(UTC)


class RememberedMatches:
    """The matcher's verdicts on recently asked questions, bounded in number and length."""

    def __init__(self, matcher: Matcher | Librarian, size: int = REMEMBERED_MATCHES) -> None:
        self._matcher = matcher
        self._remembered = functools.lru_cache(maxsize=size)(matcher.find_answer)

    def find_answer(self, question: str) -> Match:
        """What the matcher finds for `question`."""
        if len(question) > REMEMBERED_QUESTION_LIMIT:
            return self._matcher.find_answer(question)
        return self._remembered(question)

    def release_note(self, entry_id: str) -> Entry | None:
        """The release-notes answer an id stands for, when the matcher knows the notes."""
        matcher = self._matcher
        return matcher.release_note(entry_id) if isinstance(matcher, Librarian) else None


@dataclass(frozen=True)
class Services:
    """What every listener and subcommand shares: knowledge, matcher, storage, Slack, clock."""

    settings: Settings
    kb: KnowledgeBase
    matcher: Matcher | Librarian | RememberedMatches
    engine: Engine
    client: WebClient
    clock: Callable[[], datetime]
    handled: HandledEvents
    questions: QuestionLog


@dataclass(frozen=True)
class CommandRequest:
    """One `/k17` invocation: the words after the subcommand, where and by whom, and when."""

    text: str
    args: tuple[str, ...]
    channel_id: str
    user_id: str
    now: datetime


@dataclass(frozen=True)
class Subcommand:
    """A word `/k17` treats as a command; `run` returns None to treat the text as a question.

    `slow` subcommands call Slack or the database: they are acknowledged first and answer
    through the command's `response_url`; the others answer in the acknowledgement itself."""

    usage: str
    run: Callable[[Services, CommandRequest], Message | None]
    slow: bool = False
    # After @k17 or in a direct message, a message is this command only when it has no more
    # words than the command: "events" lists the events, "events in the audit log?" is a question.
    words: int = 1


def subcommands() -> dict[str, Subcommand]:
    """The `/k17` subcommand table: add a word here, anything not listed is a question."""
    return _SUBCOMMANDS


class K17App(App):
    """The Bolt app, holding the question log so that a shutdown can write what is queued."""

    question_log: QuestionLog


def _show_help(services: Services, request: CommandRequest) -> Message:
    usages = ["`/k17 <question>`: an answer only you can see"]
    usages += [s.usage for word, s in subcommands().items()]
    usages.append("`@k17 <question>` in a channel: an answer in the thread")
    usages.append(
        "`help`, `events`, `remind here`, `remind off` and `reminders` work after `@k17` "
        "and in a direct message too"
    )
    return blocks.help_message(usages, EXAMPLES)


def _show_events(services: Services, request: CommandRequest) -> Message:
    return blocks.events_message(services.kb.events, request.now)


def _remind(services: Services, request: CommandRequest) -> Message | None:
    words = tuple(command_word(w) for w in request.text.split())
    reply = reminder_command(
        services.engine,
        services.client,
        services.kb.events,
        words,
        request.channel_id,
        services.questions.user_hash(request.user_id),
        request.now,
    )
    return blocks.notice(reply) if reply is not None else None


_SUBCOMMANDS: dict[str, Subcommand] = {
    "help": Subcommand("`/k17 help`: this message", _show_help),
    "events": Subcommand("`/k17 events`: the community events, in your time zone", _show_events),
    "remind": Subcommand(
        "`/k17 remind here` / `/k17 remind off`: event reminders in this channel",
        _remind,
        slow=True,
        words=2,
    ),
    "reminders": Subcommand(
        "`/k17 reminders`: what is scheduled for this channel", _remind, slow=True
    ),
}


def answer(
    services: Services, question: str, *, surface: str, user_id: str, show_question: bool = False
) -> Message:
    """The message answering `question` as of the services' clock, logged with its outcome."""
    now = services.clock()
    match = services.matcher.find_answer(question)
    reply = render_reply(match, services.kb, now)
    logged = record_question(services.questions, match, surface=surface, user_id=user_id, now=now)
    return blocks.answer_message(
        reply,
        services.kb,
        question,
        show_question=show_question,
        question_id=logged,
        shareable=surface == "command",
    )


def reply_or_apologise(services: Services, event: dict[str, Any], surface: str) -> Message:
    """The reply to a mention or direct message, or an apology when answering failed (logged)."""
    text = question_text(str(event.get("text") or ""))
    channel_id, user_id = str(event["channel"]), str(event.get("user") or "")
    try:
        return command_reply(services, text, channel_id, user_id, surface=surface)
    except Exception:
        log.exception("answering failed surface=%s", surface)
        return FAILURE


def command_reply(
    services: Services, text: str, channel_id: str, user_id: str, surface: str = "command"
) -> Message:
    """What `/k17 <text>`, `@k17 <text>` or a DM answers: a subcommand's message, or an answer."""
    words = text.split()
    if not words:
        return _show_help(services, CommandRequest(text, (), channel_id, user_id, services.clock()))
    subcommand = subcommands().get(command_word(words[0]))
    if subcommand is not None and (surface == "command" or len(words) <= subcommand.words):
        request = CommandRequest(text, tuple(words[1:]), channel_id, user_id, services.clock())
        message = subcommand.run(services, request)
        if message is not None:
            return message
    return answer(
        services, text, surface=surface, user_id=user_id, show_question=surface == "command"
    )


def answers_in_ack(text: str) -> bool:
    """Whether `/k17 <text>` is answered in the acknowledgement (no slow I/O, bounded work)."""
    if len(text) > ANSWER_IN_ACK_LIMIT:
        return False
    words = text.split(maxsplit=1)
    subcommand = _SUBCOMMANDS.get(command_word(words[0])) if words else None
    return subcommand is None or not subcommand.slow


def command_word(word: str) -> str:
    """A word as the subcommand table knows it: `Help?` is `help`, `here!` is `here`."""
    return word.lower().rstrip("?!.")


def question_text(text: str) -> str:
    """A mention's or DM's text without the leading `<@k17>` that addressed it."""
    return _LEADING_MENTION.sub("", text, count=1).strip()


def is_from_person(event: dict[str, Any]) -> bool:
    """Plain messages typed by a person: no bots, no edits, joins or other subtypes."""
    return not (event.get("bot_id") or event.get("subtype") or event.get("bot_profile"))


def create_app(
    settings: Settings,
    kb: KnowledgeBase,
    client: WebClient,
    *,
    engine: Engine | None = None,
    matcher: Matcher | Librarian | None = None,
    clock: Callable[[], datetime] = _utc_now,
) -> K17App:
    """Build the Bolt app with every listener registered; creates the schema if needed."""
    if engine is None:
        engine = open_database(settings.database_url)
    else:
        create_schema(engine)
    remembered = RememberedMatches(matcher or build_librarian(kb, settings.knowledge_dir))
    services = Services(
        settings=settings,
        kb=kb,
        matcher=remembered,
        engine=engine,
        client=client,
        clock=clock,
        handled=HandledEvents(engine),
        # Rows are written after the reply, by the log's own writer thread.
        questions=QuestionLog(
            engine,
            settings.question_log_key or settings.slack_signing_secret or "k17-local",
            settings.question_log_days,
            deferred=True,
        ),
    )
    hash_earlier_user_ids(engine, services.questions.user_hash)
    interactions = Interactions(kb, services.questions, client, clock, services.handled, remembered)
    replies = ResponseUrls()
    _quiet_token_warning()
    unset_empty_variables()  # else an empty SLACK_CLIENT_ID= still switches Bolt to OAuth
    app = K17App(
        client=client,
        signing_secret=settings.slack_signing_secret,
        # auth.test goes to SLACK_API_URL on the first request, never at construction.
        token_verification_enabled=False,
        # The default pool has 5 threads, and every command's ack runs in it.
        listener_executor=ThreadPoolExecutor(
            max_workers=LISTENER_THREADS, thread_name_prefix="k17-listener"
        ),
        request_verification_enabled=not settings.socket_mode,
    )
    app.question_log = services.questions

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse | None:
        # One traceback per failure, with what identifies the request but never its content.
        log.error(
            "listener failed type=%s event_id=%s",
            body.get("type") or "command",
            body.get("event_id", ""),
            exc_info=error,
        )
        return None

    @app.middleware
    def answer_command_at_once(
        body: dict[str, Any],
        next: Callable[[], BoltResponse | None],
    ) -> BoltResponse | None:
        # A question is answered in the request's own thread, in the HTTP response Slack shows
        # as the reply. Handing it to the listener pool would add a thread switch and Bolt's
        # 10 ms wait for the acknowledgement to every command.
        if body.get("command") != COMMAND or not answers_in_ack(str(body.get("text") or "")):
            return next()
        try:
            message = command_reply(
                services,
                str(body.get("text") or ""),
                str(body.get("channel_id") or ""),
                str(body.get("user_id") or ""),
            )
        except Exception:
            log.exception("answering failed type=command")
            message = FAILURE
        return BoltResponse(
            status=200,
            body=json.dumps({"response_type": "ephemeral", **message.as_kwargs()}),
            headers={"content-type": "application/json;charset=utf-8"},
        )

    @app.command(COMMAND)
    def on_command(ack: Ack, command: dict[str, Any]) -> None:
        # What the middleware above leaves: slow subcommands and very long text.
        text = str(command.get("text") or "")
        channel_id = str(command.get("channel_id") or "")
        user_id = str(command.get("user_id") or "")
        ack()
        response_url = str(command.get("response_url") or "")
        try:
            message = command_reply(services, text, channel_id, user_id)
        except Exception:
            replies.send(response_url, {"response_type": "ephemeral", **FAILURE.as_kwargs()})
            raise
        replies.send(response_url, {"response_type": "ephemeral", **message.as_kwargs()})

    @app.event("app_mention")
    def on_mention(body: dict[str, Any], event: dict[str, Any]) -> None:
        if not is_from_person(event) or not services.handled.first_delivery(
            event_keys(body, event)
        ):
            return
        message = reply_or_apologise(services, event, "mention")
        client.chat_postMessage(
            channel=str(event["channel"]),
            thread_ts=str(event.get("thread_ts") or event["ts"]),
            unfurl_links=False,
            unfurl_media=False,
            **message.as_kwargs(),
        )

    @app.event("message")
    def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("channel_type") != "im" or not is_from_person(event):
            return
        if not services.handled.first_delivery(event_keys(body, event)):
            return
        message = reply_or_apologise(services, event, "dm")
        thread_ts = event.get("thread_ts")  # a DM thread the person started stays a thread
        client.chat_postMessage(
            channel=str(event["channel"]),
            thread_ts=str(thread_ts) if thread_ts else None,
            unfurl_links=False,
            unfurl_media=False,
            **message.as_kwargs(),
        )

    @app.action(blocks.SHARE_ACTION)
    def on_share(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        interactions.share(body, respond)

    @app.action(re.compile(f"^{blocks.CHOOSE_ACTION_PREFIX}_[0-9]+$"))
    def on_choose(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        interactions.choose(body, respond)

    @app.action(blocks.NONE_ACTION)
    def on_none_of_these(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        interactions.none_of_these(body, respond)

    @app.action(re.compile("^k17_feedback_"))
    def on_feedback(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        interactions.feedback(body, respond)

    # Any other k17 button (from an older version, or made up) gets a clear message.
    @app.action(re.compile(f"^{blocks.ACTION_PREFIX}"))
    def on_k17_action(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        interactions.stale(body, respond)

    # Anything else Slack sends still gets a 200, so it is not retried.
    @app.event(re.compile(".*"))
    def on_other_event() -> None:
        return None

    def acknowledge(ack: Ack) -> None:
        ack()

    # Other apps' buttons, views and shortcuts (a workspace may route them here) are left alone.
    everything = re.compile(".*")
    app.action(everything)(acknowledge)
    app.view(everything)(acknowledge)
    app.view({"type": "view_closed", "callback_id": everything})(acknowledge)
    app.shortcut(everything)(acknowledge)
    return app
