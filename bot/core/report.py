"""The knowledge-base report: what k17 could not answer well, read from the question log.

Pure: it takes the log as plain records and proposes changes as text for people to review;
nothing here (or anywhere) edits the knowledge base.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import yaml
from rapidfuzz import fuzz, process, utils

from bot.core.knowledge import KnowledgeBase
from bot.core.librarian import answer_kind

# Two questions belong together when their sorted content words are this similar (0-100): high
# enough that "upgrade etcd" and "upgrade helm" stay apart, low enough for typos and word order.
SIMILAR_QUESTIONS = 85.0
# Words that say a sentence is a question rather than what it is about.
# fmt: off
_QUESTION_WORDS = frozenset({
    "a", "about", "an", "and", "any", "are", "be", "can", "could", "did", "do", "does", "find",
    "for", "get", "has", "have", "hey", "hi", "how", "i", "in", "is", "it", "its", "k8s", "know",
    "kubernetes", "me", "my", "of", "on", "or", "please", "s", "should", "t", "tell", "that",
    "the", "there", "this", "to", "was", "we", "were", "what", "whats", "when", "where", "which",
    "who", "why", "will", "with", "would", "you", "your",
})
# fmt: on
EXAMPLES_PER_GROUP = 3
_SLACK_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class AskedQuestion:
    """One logged question; `text` is None once the retention limit deleted it."""

    id: int
    asked_at: datetime
    surface: str
    outcome: str
    text: str | None
    entry_id: str | None
    score: float
    candidate_ids: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True)
class Vote:
    """A 👍 ("up") or 👎 ("down") on the answer `entry_id` given to a question."""

    question_id: int
    entry_id: str
    vote: str


@dataclass(frozen=True)
class Choice:
    """A "did you mean" answer: the entry chosen, or None for "None of these"."""

    question_id: int
    entry_id: str | None


@dataclass(frozen=True)
class QuestionHistory:
    """The part of the question log a report covers."""

    questions: tuple[AskedQuestion, ...] = ()
    votes: tuple[Vote, ...] = ()
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class QuestionGroup:
    """Similar questions k17 did not answer, with how often each way of asking came up."""

    question: str
    count: int
    examples: tuple[str, ...]
    outcomes: dict[str, int]


@dataclass(frozen=True)
class EntryFeedback:
    """The 👍/👎 count of one entry."""

    entry_id: str
    title: str
    down: int
    up: int


@dataclass(frozen=True)
class CandidateChoices:
    """How often an entry was offered as a "did you mean" candidate and how often chosen."""

    entry_id: str
    title: str
    offered: int
    chosen: int


@dataclass(frozen=True)
class AlternateProposal:
    """Questions whose chosen candidate suggests them as alternates of an entry, as YAML."""

    entry_id: str
    title: str
    chosen: int
    alternates: tuple[str, ...]
    yaml: str


@dataclass(frozen=True)
class Report:
    """Everything `k17 report` shows."""

    since: datetime | None
    now: datetime
    totals: dict[str, int]
    unanswered: tuple[QuestionGroup, ...] = ()
    forgotten_unanswered: int = 0
    thumbs_down: tuple[EntryFeedback, ...] = ()
    choices: tuple[CandidateChoices, ...] = ()
    none_of_these: int = 0
    proposals: tuple[AlternateProposal, ...] = field(default=())
    # Answered questions by what answered them: curated, notes, digest or fact.
    kinds: dict[str, int] = field(default_factory=dict)


def normalise_question(text: str) -> str:
    """A question reduced to its words: Slack markup unwrapped, lower case, no punctuation."""
    unwrapped = _SLACK_MARKUP.sub(lambda m: m.group(2) or "", text)
    return str(utils.default_process(unwrapped))


def tidy_question(text: str) -> str:
    """A question on one line as a report shows it: labels and links kept, ids dropped."""
    return _SPACES.sub(" ", _SLACK_MARKUP.sub(_readable, text)).strip()


def _readable(markup: re.Match[str]) -> str:
    # Mentions (<@U1>, <#C1>, <!here>) name people and channels by id: keep only their label.
    target, label = markup.group(1), markup.group(2)
    if label:
        return label
    return "" if target.startswith(("@", "#", "!")) else target


def content_words(text: str) -> str:
    """The words that say what a question is about (all its words when nothing else is left)."""
    words = normalise_question(text)
    content = " ".join(word for word in words.split() if word not in _QUESTION_WORDS)
    return content or words


def group_similar(asked: list[tuple[str, str]]) -> list[QuestionGroup]:
    """Group (question, outcome) pairs by similarity of the question, most frequent first."""
    by_words: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for text, outcome in asked:
        words = content_words(text)
        if words:
            by_words[words].append((tidy_question(text), outcome))
    ordered = sorted(by_words.items(), key=lambda item: (-len(item[1]), item[0]))
    heads: list[str] = []
    members: list[list[tuple[str, str]]] = []
    for words, spelled in ordered:
        index = _similar_head(words, heads)
        if index is None:
            heads.append(words)
            members.append(list(spelled))
        else:
            members[index].extend(spelled)
    groups = []
    for spelled in members:
        spellings = Counter(text for text, _ in spelled).most_common(EXAMPLES_PER_GROUP + 1)
        groups.append(
            QuestionGroup(
                question=spellings[0][0],
                count=len(spelled),
                examples=tuple(text for text, _ in spellings[1:]),
                outcomes=dict(sorted(Counter(outcome for _, outcome in spelled).items())),
            )
        )
    return sorted(groups, key=lambda g: (-g.count, g.question.casefold()))


def _similar_head(words: str, heads: list[str]) -> int | None:
    # Numbers must agree exactly: "new in 1.8" and "new in 1.9" are different questions.
    numbers = _numbers(words)
    for _head, _score, index in process.extract(
        words, heads, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR_QUESTIONS, limit=None
    ):
        if _numbers(heads[index]) == numbers:
            return int(index)
    return None


def _numbers(words: str) -> frozenset[str]:
    return frozenset(word for word in words.split() if any(ch.isdigit() for ch in word))


def build_report(
    history: QuestionHistory, kb: KnowledgeBase, now: datetime, since: datetime | None = None
) -> Report:
    """The report over `history`: gaps, 👎, candidate choices and proposed alternates."""
    asked = {question.id: question for question in history.questions}
    totals = Counter(question.outcome for question in history.questions)
    totals["questions"] = len(history.questions)

    none_ids = {c.question_id for c in history.choices if c.entry_id is None}
    unanswered: list[AskedQuestion] = [
        q
        for q in history.questions
        if (q.outcome == "declined" and q.reason not in ("empty", "greeting")) or q.id in none_ids
    ]
    groups = group_similar(
        [(q.text, "unanswered" if q.id in none_ids else _declined(q)) for q in unanswered if q.text]
    )
    totals["unanswered"] = len(none_ids)

    return Report(
        since=since,
        now=now,
        totals=dict(totals),
        unanswered=tuple(groups),
        forgotten_unanswered=sum(1 for q in unanswered if not q.text),
        thumbs_down=_thumbs_down(history.votes, kb),
        choices=_candidate_choices(history, kb),
        none_of_these=len(none_ids),
        proposals=_proposals(history.choices, asked, kb),
        kinds=dict(
            Counter(
                answer_kind(q.entry_id) or "curated"
                for q in history.questions
                if q.outcome == "answered"
            )
        ),
    )


def report_as_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data."""
    data = asdict(report)
    data["since"] = report.since.isoformat() if report.since else None
    data["now"] = report.now.isoformat()
    return data


def render_report(report: Report) -> str:
    """The report as plain text for a terminal."""
    totals = report.totals
    since = f"since {report.since:%Y-%m-%d %H:%M} UTC" if report.since else "in the log"
    asked = totals.get("questions", 0)
    lines = [
        f"k17 report: {asked} question{'' if asked == 1 else 's'} {since} "
        f"({totals.get('answered', 0)} answered, {totals.get('suggested', 0)} suggested, "
        f"{totals.get('declined', 0)} declined, {totals.get('unanswered', 0)} unanswered "
        'after "did you mean")',
        "Answered by: "
        + (", ".join(f"{kind} {count}" for kind, count in sorted(report.kinds.items())) or "-"),
        "",
        "Unanswered and declined questions, grouped by similarity",
    ]
    if not report.unanswered and not report.forgotten_unanswered:
        lines.append("  none")
    for group in report.unanswered:
        outcomes = ", ".join(f"{name} {count}" for name, count in sorted(group.outcomes.items()))
        lines.append(f"  {group.count:>4}  {group.question}  ({outcomes})")
        lines.extend(f"        also: {example}" for example in group.examples)
    if report.forgotten_unanswered:
        lines.append(
            f"  {report.forgotten_unanswered:>4}  more whose text was deleted after the "
            "retention limit"
        )

    lines += ["", "Entries with the most 👎"]
    if not report.thumbs_down:
        lines.append("  none")
    lines.extend(
        f"  👎 {item.down:>3}  👍 {item.up:>3}  {item.entry_id}: {item.title}"
        for item in report.thumbs_down
    )

    lines += ["", '"Did you mean" candidates: times chosen / times offered']
    if not report.choices and not report.none_of_these:
        lines.append("  none")
    lines.extend(
        f"  {item.chosen:>4} / {item.offered:<4} {item.entry_id}: {item.title}"
        for item in report.choices
    )
    if report.none_of_these:
        lines.append(f'  {report.none_of_these:>4}        "None of these"')

    lines += ["", "Proposed alternates (review, then add by hand to knowledge/k17.yaml)"]
    if not report.proposals:
        lines.append("  none")
    for proposal in report.proposals:
        times = "time" if proposal.chosen == 1 else "times"
        lines.append(f"  # {proposal.entry_id}: chosen {proposal.chosen} {times}")
        lines.extend("  " + line for line in proposal.yaml.splitlines())
    return "\n".join(lines) + "\n"


def _declined(question: AskedQuestion) -> str:
    return f"declined: {question.reason}" if question.reason else "declined"


def _title(kb: KnowledgeBase, entry_id: str) -> str:
    entry = kb.entry(entry_id)
    if entry is None and answer_kind(entry_id) != "curated":
        return f"(a release-notes {answer_kind(entry_id)} answer)"
    return entry.title if entry else "(no longer in the knowledge base)"


def _thumbs_down(votes: tuple[Vote, ...], kb: KnowledgeBase) -> tuple[EntryFeedback, ...]:
    down = Counter(v.entry_id for v in votes if v.vote == "down")
    up = Counter(v.entry_id for v in votes if v.vote == "up")
    ranked = sorted(down, key=lambda entry_id: (-down[entry_id], up[entry_id], entry_id))
    return tuple(
        EntryFeedback(entry_id, _title(kb, entry_id), down[entry_id], up[entry_id])
        for entry_id in ranked
    )


def _candidate_choices(history: QuestionHistory, kb: KnowledgeBase) -> tuple[CandidateChoices, ...]:
    offered = Counter(
        entry_id
        for question in history.questions
        if question.outcome == "suggested"
        for entry_id in question.candidate_ids
    )
    chosen = Counter(c.entry_id for c in history.choices if c.entry_id is not None)
    ranked = sorted(
        set(offered) | set(chosen),
        key=lambda entry_id: (-chosen[entry_id], -offered[entry_id], entry_id),
    )
    return tuple(
        CandidateChoices(entry_id, _title(kb, entry_id), offered[entry_id], chosen[entry_id])
        for entry_id in ranked
    )


def _proposals(
    chosen: tuple[Choice, ...], asked: dict[int, AskedQuestion], kb: KnowledgeBase
) -> tuple[AlternateProposal, ...]:
    per_entry: dict[str, Counter[str]] = defaultdict(Counter)
    times: Counter[str] = Counter()
    for choice in chosen:
        question = asked.get(choice.question_id)
        entry = kb.entry(choice.entry_id) if choice.entry_id else None
        if entry is None or question is None:
            continue
        times[entry.id] += 1
        if not question.text:
            continue
        known = {normalise_question(text) for text in (entry.title, *entry.alternates)}
        words = normalise_question(question.text)
        if words and words not in known:
            per_entry[entry.id][tidy_question(question.text)] += 1
    proposals = []
    for entry_id, spellings in per_entry.items():
        entry = kb.entry(entry_id)
        assert entry is not None  # only entries found above are kept
        distinct: dict[str, str] = {}
        for text, _count in spellings.most_common():
            distinct.setdefault(normalise_question(text), text)
        alternates = tuple(distinct.values())
        snippet = yaml.safe_dump(
            [{"id": entry_id, "alternates": list(alternates)}],
            allow_unicode=True,
            sort_keys=False,
            width=1000,
        )
        proposals.append(
            AlternateProposal(entry_id, entry.title, times[entry_id], alternates, snippet)
        )
    return tuple(sorted(proposals, key=lambda p: (-p.chosen, p.entry_id)))
