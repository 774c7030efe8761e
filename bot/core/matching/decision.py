"""The decision: answered, suggested or declined, and the Matcher that reads, scores and decides.

Answered when the confidence reaches ANSWER_THRESHOLD (UNKNOWN_TOPIC_THRESHOLD when a question of
at most SHORT_QUESTION things named (chat aside, a title's two-word feature once) has a word no
entry knows that is not chat, or, in at most SHORT_QUESTION words as typed, a telling word the
entry is only asked by and never speaks of), or when the match is clean (every telling word in the
entry's title or answer, nothing unknown, a clear lead), with a relevance of at least
ANSWER_RELEVANCE, and the race is not close (a lead of CLOSE_RACE_MARGIN relevance points,
RIVAL_MARGIN when the runner-up would be answered too or when no telling word backs the best entry;
no race at all when the best entry links everything the runner-up links, as an overview answers its
detail's question too, unless no telling word backs it), or when the question is word for word one
of the entry's phrasings. Otherwise suggested (candidates within SUGGEST_SPREAD of the best, with
CANDIDATE_RELEVANCE or CANDIDATE_SHARE of the best relevance, each shown with its own confidence)
when the confidence reaches SUGGEST_THRESHOLD; declined otherwise. A question naming only another
release (1.8, or a patch release such as 1.7.1; 1.7.0 is the release itself) is declined unless the
best entry's title or answer speaks of that release and it matches on more than its number; a
question naming 1.7 as well ("1.7 vs 1.6") is about 1.7, unless its ask names only the other ("we
run 1.7. when was 1.6 released?"). A year other than the release's that the entry's title and
answer do not mention ("kubecon 2018") is another event: declined. So is a question asking for a
kind of fact no answer holds (a price) or for a person in a part of a conference programme the
knowledge never names (a keynote speaker). A question of one everyday word that several entries
are asked by ("volumes") needs UNKNOWN_TOPIC_THRESHOLD and is never clean, nor settled by a keyword
when the word is one every answer shares or no telling word ("beta", "pods"). A neighbouring
product the best entry does not cover is never answered; the entries the knowledge relates it to
(`related_products`) are offered first, as related, whatever the confidence. Nor is a yes/no
question whether something supports, has or runs a thing no entry knows ("does networkpolicy
support egress rules"), or also does what its entry never says: the best entry is offered. So is
the edition of a conference the knowledge describes when the question names another ("kubecon
eu"): never answered.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.matching.fact_types import asks_an_unstated_role
from bot.core.matching.features import ConfidenceModel, features
from bot.core.matching.index import Index
from bot.core.matching.neighbours import relates_to, uncovered_products
from bot.core.matching.polarity import checks_an_unstated_level
from bot.core.matching.reading import (
    Query,
    clauses_asking_for,
    is_greeting,
    is_thanks,
    read_question,
)
from bot.core.matching.scoring import (
    CONTAINED,
    Scored,
    covers_subject,
    evidence_beyond,
    score_entries,
    with_containment,
)
from bot.core.matching.settings import (
    ANSWER_RELEVANCE,
    ANSWER_THRESHOLD,
    CANDIDATE_RELEVANCE,
    CANDIDATE_SHARE,
    CHAT_WORDS,
    CLEAN_MATCH_ASKED,
    CLEAN_MATCH_LEAD,
    CLEAN_MATCH_RELEVANCE,
    CLOSE_RACE_MARGIN,
    MAX_CANDIDATES,
    RIVAL_MARGIN,
    SHORT_QUESTION,
    SUGGEST_SPREAD,
    SUGGEST_THRESHOLD,
    TELLING_WEIGHT,
    UNKNOWN_TOPIC_THRESHOLD,
)
from bot.core.matching.text import ALSO, CAPABILITY, capability_object, surface_words, words

Status = Literal["answered", "suggested", "declined"]
# Where a question starts: the text's start, or after a sentence's or a clause's end.
_CLAUSE_START = re.compile(r"[.?!,;:\n]")
# The most topic words a "did you mean" names as what k17 does not have.
MAX_UNKNOWN_NAMED = 2


@dataclass(frozen=True)
class Candidate:
    """An entry and how well it matches, on the 0-100 scale."""

    entry: Entry
    score: float


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one question."""

    question: str
    status: Status
    score: float
    entry: Entry | None = None
    candidates: tuple[Candidate, ...] = ()
    # why it declined: "empty", "thanks" (a thank-you, no question), "greeting" (a hello or "what
    # can you do"), "no_match", "other_release"
    reason: str | None = None
    # Topic words of the question no entry knows ("openshift"): what k17 does not have.
    unknown: tuple[str, ...] = ()


class Matcher:
    """An index over a knowledge base, built once; `find_answer` is pure and thread-safe."""

    def __init__(self, kb: KnowledgeBase, model: ConfidenceModel | None = None) -> None:
        self._kb = kb
        self._index = Index(kb)
        self._entries = kb.entries
        self._model = model or _shipped_model()

    def with_model(self, model: ConfidenceModel) -> Matcher:
        """The same index deciding with another confidence model (for fitting and measuring)."""
        other = copy.copy(self)
        other._model = model
        return other

    def find_answer(self, question: str) -> Match:
        """Match one question: answered, suggested (up to three candidates) or declined."""
        if is_thanks(question):
            return Match(question, "declined", 0.0, reason="thanks")
        if is_greeting(question):
            return Match(question, "declined", 0.0, reason="greeting")
        query = read_question(self._index, question)
        if query is None:
            return Match(question, "declined", 0.0, reason="empty")
        if not query.tokens:
            reason = "other_release" if query.releases else "no_match"
            return Match(question, "declined", 0.0, reason=reason)
        scored = score_entries(self._index, query)
        if not scored:
            reason = "other_release" if query.releases else "no_match"
            return Match(question, "declined", 0.0, reason=reason)
        refusal = self._refusal(question, query, scored[0])
        if refusal is not None:
            return Match(question, "declined", round(scored[0].score, 1), reason=refusal)
        return self._decide(question, query, scored)

    def features_of(self, question: str) -> tuple[Entry, dict[str, float]] | None:
        """The best entry and the confidence model's inputs for it; None when none is weighed."""
        query = read_question(self._index, question)
        if query is None or not query.tokens:
            return None
        scored = score_entries(self._index, query)
        if not scored or self._refusal(question, query, scored[0]) is not None:
            return None
        top = with_containment(self._index, query, scored[0])
        runner_up = scored[1] if len(scored) > 1 else None
        return self._entries[top.entry], features(query, top, runner_up, len(scored))

    def _refusal(self, question: str, query: Query, top: Scored) -> str | None:
        """Why the question is declined whatever the confidence: another release or year."""
        own = self._index.own_words[top.entry]
        if query.later_done:
            # What a later release did: the 1.7 sources say only what was planned for it.
            return "other_release"
        if (
            query.releases
            and not query.names_release
            and (
                query.releases - own
                or not evidence_beyond(self._index, query, top.entry, query.releases)
            )
        ):
            # Another release is named, and the best entry does not speak of it or matches
            # on nothing but that release's number ("when will 1.8 be released").
            return "other_release"
        if (
            query.releases
            and not query.names_release
            and self._dates_another_release(question, query, top)
        ):
            # "we're moving off TPRs soon. what's the release date for 1.8?": the date asked is
            # the other release's, whatever the background shares with an entry.
            return "other_release"
        if query.years - own:
            # Another year ("kubecon 2018") is another event or release than the one described.
            return "no_match"
        if query.asks - self._index.held_anywhere - {"programme"} or (
            "person" in query.asks
            and query.programme
            and not query.programme & self._index.postings.keys()
        ):
            # A kind of fact no answer holds (a price), or a person in a part of a conference
            # programme the knowledge never names (a keynote speaker): the words the question
            # shares with an entry are its subject, not what it asks, so nothing is offered.
            return "no_match"
        return None

    def _dates_another_release(self, question: str, query: Query, top: Scored) -> bool:
        """Whether a clause asking when names another release and nothing else of the entry."""
        for clause in clauses_asking_for(question, "date"):
            asked = read_question(self._index, clause)
            if (
                asked is not None
                and asked.releases & query.releases
                and not evidence_beyond(self._index, asked, top.entry, asked.releases)
            ):
                return True
        return False

    def _confidence(self, query: Query, top: Scored, runner_up: Scored | None, count: int) -> float:
        return self._model.confidence(features(query, top, runner_up, count))

    def _decide(self, question: str, query: Query, scored: list[Scored]) -> Match:
        """Answered, suggested or declined, from the ranked entries."""

        # An entry's own confidence needs its containment, the dearest measure: measured once,
        # for the best entry and for its rival only when a close race or the choices weigh it.
        # A rival's containment never changes the best entry's confidence (only its score does).
        @cache
        def measured(rank: int) -> Scored:
            return with_containment(self._index, query, scored[rank])

        top = measured(0)
        best_score, best = top.score, top.entry
        runner_up = scored[1] if len(scored) > 1 else None
        confidence = self._confidence(query, top, runner_up, len(scored))
        lead = best_score - runner_up.score if runner_up is not None else 100.0
        # Two entries that would each be answered need a clear lead between them; otherwise a
        # hair's breadth of relevance is enough, as the model already weighs the lead.
        close_race = (
            runner_up is not None
            and (
                lead < CLOSE_RACE_MARGIN
                or (
                    lead < RIVAL_MARGIN
                    and self._confidence(query, measured(1), top, len(scored)) >= ANSWER_THRESHOLD
                )
            )
            # An overview that links everything its rival links already gives the rival's
            # answer too ("user stories" and the Box case study it points to): no coin toss.
            and not self._index.links[runner_up.entry] <= self._index.links[best]
        ) or (
            # Backed by no telling word, only words every release answer shares ("1.7 changes
            # list"): a lead of less than RIVAL_MARGIN is a coin toss between neighbours.
            runner_up is not None and not top.evidence and lead < RIVAL_MARGIN
        )
        # Asked word for word as the knowledge base phrases it: the author settled the race.
        # A word every release answer shares ("beta"), or an everyday one most entries use
        # ("pods"), is no entry's own, whatever its keywords.
        shared_word = query.everyday and (all(query.weak) or max(query.weights) < TELLING_WEIGHT)
        # A keyword said alone settles it only when the entry itself speaks of it: "fluentd", a
        # keyword of DaemonSet rollback for the agent people roll back, is not its subject.
        settled = (
            top.exact
            and not shared_word
            and (runner_up is None or not runner_up.exact)
            and (top.asked_as or covers_subject(self._index, query, best))
        ) or (top.asked_as and (runner_up is None or not runner_up.asked_as))
        # Every telling word of the question is in this entry's title or answer (not only in how
        # people ask for it: "docker" asked of containerd is a neighbour's subject), the
        # knowledge knows every word, most of it is how people ask for this entry, and it leads
        # clearly: the entry covers what the question is about, whatever the model makes of it.
        clean = (
            top.told == 1.0
            and top.complete
            and top.orphan == 0.0
            and query.unknown == 0.0
            and top.asked >= CLEAN_MATCH_ASKED
            and best_score >= CLEAN_MATCH_RELEVANCE
            and lead >= CLEAN_MATCH_LEAD
            and covers_subject(self._index, query, best)
            and not query.everyday
        )
        # A topic word no entry knows ("openshift", "windows") in a question of two words is
        # what a near miss looks like: the rest may fit an entry perfectly. So is a short
        # question about a subject the entry is only asked by and never speaks of ("docker
        # support" of the containerd entry): a neighbour's subject, not its own. Reading only
        # names so (not everyday words: "made public", "tarball") gained 14 right answers on
        # the training questions and cost 3 wrong and 2 false ones: not kept.
        # The unknown topic is counted by what the question names, chat aside and a feature a
        # title names in several words once: "network policy egress rules" names two things.
        near_miss = (
            (query.said <= SHORT_QUESTION and not covers_subject(self._index, query, best))
            or (query.topics <= SHORT_QUESTION and query.unknown_topic)
            or query.everyday
        )
        threshold = UNKNOWN_TOPIC_THRESHOLD if near_miss else ANSWER_THRESHOLD
        # A neighbouring product the entry does not speak of ("does 1.7 support cri-o" of the CRI
        # entry): the entry is related, never the answer, however it is phrased. Below
        # ANSWER_RELEVANCE the best entry explains too little of the question to be its answer,
        # however the model extrapolates (a pasted log sharing a word or two with it).
        uncovered = uncovered_products(self._index, query.products, best)
        # Asked whether it supports (has, runs) something no entry knows ("does networkpolicy
        # support egress rules"), or also does something the entry never says ("network policy
        # also encrypts the traffic, right?"): the entry is related, never the answer. The second
        # took 2 right answers and 2 false ones of the cross-validated training questions to
        # offers.
        unsupported = bool(set(_capability_asked(question)) & set(query.unknown_words))
        unsupported = unsupported or _extends_beyond(self._index, query, question, best)
        # When something happens that no entry knows of ("when do cfp acceptance emails go out"):
        # the entry's date is another event's. A claim checked ("kubecon is in seattle, right?
        # when is it") names what it may have wrong, not another event.
        unsupported = unsupported or (
            query.unknown_topic and _dates_the_unknown(question, query.unknown_words)
        )
        # "what does zookeeper actually do": what a thing is, of a thing the entry names only as
        # an example ("Kafka, Zookeeper and etcd"), is not what the entry explains.
        unsupported = unsupported or (
            _asks_what_it_is(question)
            and self._index.title_words[best].isdisjoint(query.tokens)
            and len(query.tokens) <= 2
        )
        # "are deployments GA": a maturity checked of an entry stating none (Bitmovin's canary
        # deployments) is not what the entry tells.
        unsupported = unsupported or checks_an_unstated_level(question, self._entries[best].answer)
        # "who was the docs lead": a role the answer never names is not who led the release.
        unsupported = unsupported or asks_an_unstated_role(question, self._entries[best].answer)
        # The subject a question sets aside ("what else besides api aggregation") is what the
        # asker has already: the entry it titles, and nothing else the question asks, is offered,
        # never given as the answer ("encrypt other resources besides secrets" is encryption's).
        title = self._index.title_words[best]
        aside = (
            bool(query.set_aside) and title.intersection(query.tokens) <= query.set_aside <= title
        )
        # Another edition of a conference the knowledge describes ("kubecon eu"): the edition it
        # describes is offered, never given as the answer, however sure the model is of it.
        if (
            not uncovered
            and not unsupported
            and not query.other_edition
            and not aside
            and (
                settled
                or (
                    (clean or confidence >= threshold)
                    and best_score >= ANSWER_RELEVANCE
                    and not close_race
                    and not top.penalized
                )
            )
        ):
            entry = self._entries[best]
            score = round(max(confidence, ANSWER_THRESHOLD), 1)
            return Match(question, "answered", score, entry, (Candidate(entry, score),))
        candidates = tuple(
            Candidate(self._entries[s.entry], round(c, 1))
            for s, c in (
                (
                    s,
                    self._confidence(
                        query,
                        measured(rank) if rank < CONTAINED else s,
                        top if rank else runner_up,
                        len(scored),
                    ),
                )
                for rank, s in enumerate(scored[:MAX_CANDIDATES])
                if s.score >= min(CANDIDATE_RELEVANCE, CANDIDATE_SHARE * best_score)
                and s.score >= best_score - SUGGEST_SPREAD
            )
        )
        # A neighbouring product the knowledge relates to an entry it does not cover ("cri-o"
        # and the CRI): that entry is offered as related however unsure the model is of it.
        related = bool(uncovered) and any(relates_to(c.entry, uncovered) for c in candidates)
        if related:  # the entries the product relates to lead the choices
            candidates = tuple(sorted(candidates, key=lambda c: not relates_to(c.entry, uncovered)))
        # The entry about the subject, lacking only the kind of fact asked ("the judging criteria
        # for kubecon talks" of the CFP's dates): offered as related, however unsure the model is.
        lacks_only_the_fact = (
            top.penalized and best_score >= CANDIDATE_RELEVANCE and lead >= CLEAN_MATCH_LEAD
        )
        if candidates and (confidence >= SUGGEST_THRESHOLD or related or lacks_only_the_fact):
            return Match(
                question,
                "suggested",
                round(confidence, 1),
                None,
                candidates,
                unknown=tuple(dict.fromkeys((*uncovered, *query.unknown_words)))[
                    :MAX_UNKNOWN_NAMED
                ],
            )
        return Match(question, "declined", round(confidence, 1), reason="no_match")


@cache
def _shipped_model() -> ConfidenceModel:
    return ConfidenceModel.fitted()


def _capability_asked(question: str) -> list[str]:
    """The words of what a yes/no question asks something to support, have or run ("does
    networkpolicy support egress rules" asks for egress rules); none for a statement or a
    question of another kind ("how long do we have before it stops working")."""
    found = CAPABILITY.search(question)
    if found is None:
        return []
    clause = _CLAUSE_START.split(question[: found.start()])[-1]
    if any(word not in CHAT_WORDS for word in surface_words(clause)):
        return []
    return surface_words(capability_object(found))


_SENTENCE_END = re.compile(r"[.?!\n]")


def _extends_beyond(index: Index, query: Query, question: str, entry: int) -> bool:
    """Whether the sentence asking if the entry's feature also does something names a telling
    word the entry never says: "network policy also encrypts the traffic, right?" is not the
    network policy entry's to confirm, while "can it also send to a webhook?" is audit logs'."""
    found = ALSO.search(question)
    if found is None:
        return False
    ends = [m.start() for m in _SENTENCE_END.finditer(question)]
    start = max((e + 1 for e in ends if e < found.start()), default=0)
    end = min((e for e in ends if e >= found.end()), default=len(question))
    sentence = set(words(question[start:end]))
    strength = index.strength[entry]
    return any(
        token in sentence
        and not weak
        and weight >= TELLING_WEIGHT
        and not any(word in strength for word, _ in variants)
        for token, weight, variants, weak in zip(
            query.tokens, query.weights, query.variants, query.weak, strict=True
        )
    )


def _dates_the_unknown(question: str, unknown: tuple[str, ...]) -> bool:
    """Whether a clause asking when names a word no entry knows ("when do the acceptance emails
    go out"), rather than the rest of the message ("did i miss it? when does the discount end")."""
    return any(
        not {w.casefold() for w in unknown}.isdisjoint(surface_words(clause))
        for clause in clauses_asking_for(question, "date")
    )


# "what does X (actually) do", "what is X", "what's an X": what a thing is.
_WHAT_IT_IS = re.compile(
    r"^\W*(?:what(?:'s|s)?|what\s+(?:is|are|does|do))\s+(?:an?\s+|the\s+)?[\w.-]+"
    r"(?:\s+(?:actually\s+|even\s+|really\s+)?(?:do|does|mean|for))?\W*$",
    re.IGNORECASE,
)


def _asks_what_it_is(question: str) -> bool:
    """Whether a question asks only what one thing is or does ("what does zookeeper do")."""
    return _WHAT_IT_IS.search(question.strip()) is not None
