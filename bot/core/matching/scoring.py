"""Relevance: how well each entry explains a question, on one 0-100 scale, best first.

Candidates are the entries sharing words with the question, exactly or by a small typo (words of
MIN_FUZZY_LENGTH characters or fewer match only exactly: CRI is not CRD). Relevance is
`coverage` (the weighted share of the question an entry explains) times a blend of `fit` (how
much of one of the entry's phrasings the question says) and rapidfuzz's token_sort_ratio against
the entry's phrasings, blended (BM25_SHARE) with BM25 over the entry's fields (BM25_FIELDS). A
telling question word the entry lacks while another entry is asked by it costs OWNED_PENALTY; a
feature named in several words (said side by side) that another entry is asked by costs
NAME_PENALTY; a name one entry alone is titled by ("bitmovin"), asked of alone, costs the others
TITLE_PENALTY; a kind of fact the answer does not hold costs TYPE_PENALTY.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process

from bot.core.matching.index import Index
from bot.core.matching.reading import Query
from bot.core.matching.settings import (
    BM25_SHARE,
    DISTINCTIVE_WEIGHT,
    NAME_PENALTY,
    OWNED_PENALTY,
    PHRASING_STRENGTH,
    SHORTLIST,
    TELLING_WEIGHT,
    TITLE_PENALTY,
    TYPE_PENALTY,
    TYPO_SIMILARITY,
)
from bot.core.matching.text import sorted_words

# The least share of a word that counts as being asked by it: a phrasing's word, even misspelt.
ASKED_SHARE = PHRASING_STRENGTH * min(TYPO_SIMILARITY.values())
# The entries whose containment the decision measures: the best and the runner-up it weighs.
CONTAINED = 2


class Scored(NamedTuple):
    """An entry's score for one question and what backs it. A named tuple, not a frozen
    dataclass: a dozen are made for every question, and a tuple is made six times faster."""

    score: float
    entry: int  # the entry's position in the knowledge base
    evidence: bool  # a telling word matched, or the question reads like one of its phrasings
    exact: bool  # the question is, word for word, one of the entry's phrasings
    penalized: bool  # asked for a kind of fact (number, version, date, ...) the answer lacks
    complete: bool  # every telling word of the question appears in the entry
    coverage: float = 0.0  # weighted share of the question the entry explains
    fit: float = 0.0  # weighted share of the best phrasing the question says
    similarity: float = 0.0  # rapidfuzz token_sort_ratio against the closest phrasing, 0-1
    asked: float = 0.0  # weighted share of the question in the entry's phrasings
    told: float = 0.0  # share of the question's telling words the entry contains
    bm25: float = 0.0  # BM25 over the entry's fields, as a share of the question's BM25 ceiling
    owned: float = 0.0  # weight of the heaviest telling word the entry lacks and another owns
    orphan: float = 0.0  # weight of the heaviest telling word the entry lacks
    asked_as: bool = False  # word for word one of its titles or alternates, not a keyword
    # rapidfuzz partial_token_sort_ratio against the closest phrasing, 0-1: how nearly one of its
    # phrasings is said within the question, whatever else the question says around it; 0 until
    # measured (`with_containment`), for the entries the decision weighs
    contained: float = 0.0


def score_entries(index: Index, query: Query) -> list[Scored]:
    """Entries that share words with the question, best first."""
    total = sum(query.weights) or 1.0
    overlap: dict[int, float] = {}
    strong: dict[int, float] = {}
    telling: dict[int, int] = {}
    telling_words = sum(1 for w in query.weights if w >= TELLING_WEIGHT)
    for weight, found, weak in zip(query.weights, query.variants, query.weak, strict=True):
        best_for: Mapping[int, float]
        if len(found) == 1 and found[0][1] == 1.0:
            best_for = index.postings[found[0][0]]  # the word as written: its own postings
        else:
            best_for = {}
            for word, similarity in found:
                for entry, value in index.postings[word].items():
                    share = value * similarity
                    if share > best_for.get(entry, 0.0):
                        best_for[entry] = share
        tells = weight >= TELLING_WEIGHT
        for entry, share in best_for.items():
            overlap[entry] = overlap.get(entry, 0.0) + weight * share
            if tells:
                telling[entry] = telling.get(entry, 0) + 1
            if not weak and share >= ASKED_SHARE:
                # Only words the entry is asked by count: a word its answer merely
                # mentions ("Kafka" in the StatefulSet answer) is not what it is about.
                strong[entry] = strong.get(entry, 0.0) + weight
    if not overlap:
        return []
    shortlist = sorted(overlap, key=overlap.__getitem__, reverse=True)[:SHORTLIST]
    matched = query.matched_words()
    weight_of = dict(zip(query.tokens, query.weights, strict=True))
    names = [p for p in query.pairs if p in index.named]
    # The one entry titled by a name the question says, when it names one such entry only.
    title_owners = {index.sole_title[t] for t in query.tokens if t in index.sole_title}
    titled = (
        sum(w for t, w in weight_of.items() if t in index.sole_title)
        if len(title_owners) == 1
        else 0.0
    )
    # token_sort_ratio against each phrasing is ratio against its words sorted (sorted once).
    sorted_text = sorted_words(query.text)
    telling_read = _telling(index, query)
    # One word several entries speak of is no entry's phrasing, whichever lists it as a keyword.
    shared = _one_word_many_speak_of(index, query)
    results: list[Scored] = []
    for entry in shortlist:
        coverage = overlap[entry] / total
        exact = query.text in index.phrasing_texts[entry] and (
            not shared or query.text in index.asked_texts[entry]
        )
        # Word for word one of its titles or alternates, not a keyword.
        asked_as = query.text in index.asked_texts[entry]
        fit = _fit(index.phrasing_shares[entry], matched)
        closest = process.extractOne(
            sorted_text, index.sorted_asked_texts[entry], scorer=fuzz.ratio
        )
        similarity = closest[1] / 100 if closest is not None else 0.0
        bm25 = _bm25(index, query, entry, total)
        owned, orphan = _missing(index, telling_read, entry)
        phrased = coverage * (0.45 + 0.25 * fit + 0.30 * similarity)
        score = 100 * ((1 - BM25_SHARE) * phrased + BM25_SHARE * bm25)
        score *= 1 - OWNED_PENALTY * owned
        if names:  # most questions name no feature in several words: nothing to weigh
            unnamed = {w for pair in names if pair not in index.names[entry] for w in pair}
            score *= 1 - NAME_PENALTY * sum(weight_of[w] for w in unnamed) / total
        if titled and entry not in title_owners:
            score *= 1 - TITLE_PENALTY * titled / total
        # An answer counting other things than the question ("how many people" of commits)
        # holds no count of what is asked.
        penalized = (
            bool(query.asks - index.held[entry])
            or bool(query.programme and not query.programme & index.answer_words[entry])
            or bool(
                query.counted
                and index.counts[entry]
                and query.counted.isdisjoint(index.counts[entry])
            )
        )
        if penalized:
            score *= TYPE_PENALTY
        evidence = strong.get(entry, 0.0) >= 0.25 or similarity >= 0.9
        complete = telling.get(entry, 0) == telling_words
        results.append(
            Scored(
                min(score, 100.0),
                entry,
                evidence,
                exact,
                penalized,
                complete,
                coverage,
                fit,
                similarity,
                strong.get(entry, 0.0) / total,
                telling.get(entry, 0) / telling_words if telling_words else 1.0,
                bm25,
                owned,
                orphan,
                asked_as,
            )
        )
    # Asked word for word as an entry phrases it: that entry comes first, whatever else
    # its neighbours' texts say.
    results.sort(key=lambda r: (-r.asked_as - r.exact, -r.score, r.entry))
    return results


def with_containment(index: Index, query: Query, result: Scored) -> Scored:
    """The scored entry with its containment measured.

    Containment orders nothing, and it is the dearest measure (a partial ratio against every
    phrasing): the decision measures it only for the entries whose confidence it weighs, the
    best always, its rival when a close race or a "did you mean" needs it (half the questions).
    A third candidate's confidence, shown beside a "did you mean", does without it."""
    return result._replace(contained=_containment(index, query, result))


def _containment(index: Index, query: Query, result: Scored) -> float:
    """How nearly one of the entry's phrasings is said among the question's other words (0-1).

    A question no longer than a phrasing is not said "in" it ("client" in "kubelet client cert
    rotation"): it is only as alike as its similarity."""
    # partial_token_sort_ratio is partial_ratio over the words sorted, as the index keeps them.
    shorter = index.asked_by_length[result.entry][
        : bisect_left(index.asked_lengths[result.entry], len(query.text))
    ]
    # Containment is at least the similarity: a phrasing said less within the question than
    # that changes nothing, and rapidfuzz gives up on it sooner when told so.
    inside = process.extractOne(
        sorted_words(query.text),
        shorter,
        scorer=fuzz.partial_ratio,
        score_cutoff=100 * result.similarity,
    )
    return max(result.similarity, inside[1] / 100 if inside is not None else 0.0)


def evidence_beyond(index: Index, query: Query, entry: int, ignored: frozenset[str]) -> bool:
    """Whether the entry is asked by a telling word of the question besides `ignored` ones: a
    word of its title, alternates or keywords, not one its answer only mentions in passing (the
    "release notes" a deprecation's answer links to)."""
    strength = index.strength[entry]
    return any(
        token not in ignored
        and not weak
        and any(strength.get(word, 0.0) >= PHRASING_STRENGTH for word, _ in found)
        for token, found, weak in zip(query.tokens, query.variants, query.weak, strict=True)
    )


def covers_subject(index: Index, query: Query, entry: int) -> bool:
    """Whether every telling word of the question is in the entry's title or answer.

    Numbers (releases, years) are left to the release and year rules, and words naming the kind
    of fact asked ("location") to the answer types.
    """
    subject = index.subject[entry]
    return all(
        weak
        or weight < TELLING_WEIGHT
        or not token.isalpha()
        or token in index.fact_words
        or any(word in subject for word, _ in found)
        for token, weight, found, weak in zip(
            query.tokens, query.weights, query.variants, query.weak, strict=True
        )
    )


def _one_word_many_speak_of(index: Index, query: Query) -> bool:
    """Whether the question is one word that several entries speak of ("kubelet", "plugin"):
    the subject of none of them alone, whichever is asked by it."""
    if len(query.tokens) != 1 or query.weak[0]:
        return False  # a word every release answer shares ("released") is left to its keyword
    return all(index.speakers.get(word, 0) > 1 for word, _ in query.variants[0])


def _bm25(index: Index, query: Query, entry: int, total: float) -> float:
    """BM25 of the entry for the question, as a share of what a perfect entry would get (the
    question's words weigh `total` together)."""
    frequency = index.term_frequency[entry]
    norm = index.bm25_norm[entry]
    said = 0.0
    for weight, found in zip(query.weights, query.variants, strict=True):
        best = 0.0
        for word, similarity in found:
            tf = frequency.get(word)
            if tf:
                value = similarity * tf / (tf + norm)
                if value > best:
                    best = value
        if best:  # a word the entry lacks adds nothing
            said += weight * best
    return said / total


@dataclass(frozen=True)
class _Telling:
    """A telling word of the question: its weight, the index words it stands for, and whether
    some entry is asked by one of them (it then belongs to that entry)."""

    weight: float
    words: tuple[str, ...]
    owned: bool


def _telling(index: Index, query: Query) -> list[_Telling]:
    """The question's telling words, read once for every entry `_missing` weighs."""
    telling = []
    for token, weight, found, weak in zip(
        query.tokens, query.weights, query.variants, query.weak, strict=True
    ):
        if weak or weight < TELLING_WEIGHT or token in index.filler:
            continue
        owned = weight >= DISTINCTIVE_WEIGHT and any(word in index.asked_by for word, _ in found)
        telling.append(_Telling(weight, tuple(word for word, _ in found), owned))
    return telling


def _missing(index: Index, telling: list[_Telling], entry: int) -> tuple[float, float]:
    """The heaviest telling word the entry lacks that another entry is asked by, and overall."""
    strength = index.strength[entry].keys()
    owned = 0.0
    orphan = 0.0
    for word in telling:
        if not strength.isdisjoint(word.words):
            continue
        orphan = max(orphan, word.weight)
        if word.owned:
            owned = max(owned, word.weight)
    return owned, orphan


def _fit(shares: Mapping[str, tuple[tuple[int, float], ...]], matched: frozenset[str]) -> float:
    """The largest weighted share of one of the entry's phrasings that the question says (a
    phrasing sharing no word with the question fits it not at all)."""
    said: dict[int, float] = {}
    for word in matched:
        found = shares.get(word)
        if found is not None:
            for position, share in found:
                said[position] = said.get(position, 0.0) + share
    return max(said.values(), default=0.0)
