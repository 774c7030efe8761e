"""Turning a match into the reply a user reads (Slack mrkdwn), time-aware for events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.events import describe_when
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.matcher import Match
from bot.core.matching.polarity import state_polarity

WHEN = "{when}"
# Where to ask what k17 does not cover: a decline says where else to look.
ELSEWHERE = (
    "For anything else about Kubernetes, see the docs at "
    "<https://kubernetes.io/docs/|kubernetes.io>, ask on "
    "<https://stackoverflow.com/questions/tagged/kubernetes|Stack Overflow> or in "
    "#kubernetes-users on <http://slack.k8s.io/|the Kubernetes Slack>."
)


@dataclass(frozen=True)
class Suggestion:
    """A "did you mean" candidate with its rendered answer."""

    entry: Entry
    score: float
    text: str


@dataclass(frozen=True)
class Reply:
    """What the user reads: the mrkdwn text plus what the Slack shell needs to render blocks."""

    match: Match
    text: str
    entry: Entry | None = None
    suggestions: tuple[Suggestion, ...] = ()


def escape(text: str) -> str:
    """Escape user text for mrkdwn so it can never ping, mention or disguise a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_answer(entry: Entry, kb: KnowledgeBase, now: datetime) -> str:
    """An entry's answer as of `now`: `{when}` becomes "closes in 5 days" or "closed on ..."."""
    if entry.event is None or WHEN not in entry.answer:
        return entry.answer
    event = kb.event(entry.event)
    if event is None:
        return entry.answer
    return entry.answer.replace(WHEN, describe_when(event, now))


def render_reply(match: Match, kb: KnowledgeBase, now: datetime) -> Reply:
    """The reply for a match as of `now`."""
    if match.status == "answered" and match.entry is not None:
        text = state_polarity(match.question, render_answer(match.entry, kb, now), kb.release)
        return Reply(match, text, match.entry)
    if match.status == "suggested":
        suggestions = tuple(
            Suggestion(c.entry, c.score, render_answer(c.entry, kb, now)) for c in match.candidates
        )
        lines = "\n".join(f"• {s.entry.title}" for s in suggestions)
        if match.unknown:
            # Subject discipline: the related entries are offered as related, never as the answer.
            named = " or ".join(f"*{escape(word)}*" for word in match.unknown)
            lead = (
                f"I don't have anything on {named} in Kubernetes {kb.release}. "
                f"Related, from what {kb.release} does cover:"
            )
            return Reply(match, f"{lead}\n{lines}", None, suggestions)
        return Reply(match, f"I'm not sure I understood. Did you mean:\n{lines}", None, suggestions)
    return Reply(match, _declined_text(match, kb))


def _declined_text(match: Match, kb: KnowledgeBase) -> str:
    scope = (
        f"I can answer questions about the Kubernetes {kb.release} release: its security, "
        "stateful workload and extensibility features, deprecations, adoption, and community "
        "events such as KubeCon."
    )
    if match.reason == "other_release":
        return (
            f"I only know about Kubernetes {kb.release}, not other releases (nor what a later "
            f"{kb.release}.x patch release changed). For those, see the release notes at "
            "<https://github.com/kubernetes/kubernetes/releases|GitHub>. "
            f"Ask me anything about {kb.release}."
        )
    if match.reason == "thanks":
        return f"You're welcome! Ask me anything else about Kubernetes {kb.release}."
    if match.reason == "empty":
        return f"Ask me a question, for example _When is KubeCon?_ {scope}"
    if match.reason == "greeting":
        return (
            f"Hi! I answer questions about Kubernetes {kb.release}: its release announcement and "
            "release notes (security, stateful workloads, extensibility, what to do before "
            "upgrading, deprecations) and events such as KubeCon. Try _When is KubeCon?_ or "
            f"_Is network policy stable in {kb.release}?_"
        )
    return f"I don't know that one. {scope} {ELSEWHERE}"
