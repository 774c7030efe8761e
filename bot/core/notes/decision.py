"""Whether the best notes answer a question: features of a search, weighed by a fitted model."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.matching.fact_types import asked_in
from bot.core.matching.reading import asking_part
from bot.core.matching.text import ALSO_WORDS
from bot.core.notes.index import MATURITY_TERMS, Hit, Query
from bot.core.notes.settings import (
    COMMON_NOTES,
    GENERIC_CONCEPTS,
    GENERIC_SHARE,
    GENERIC_STRENGTH,
    LONG_CONCEPTS,
    LONG_COVERAGE,
    MIN_COVERAGE,
    NEAR_MISS_CONCEPTS,
    OFFER_COVERAGE,
    STRONG_SCORE,
)
from bot.core.yamltext import parse_yaml

DECISION_FILE = "release-notes-decision.yaml"
FEATURES = (
    "bias",
    "share",
    "coverage",
    "unknown",
    "absent",
    "lead",
    "coverage_lead",
    "short",
    "missing",
    "rarest",
    "strength",
    "common",
    "version",
    "asked",
    "extends",
)
# Before any fit: answer only what is nearly all explained by one note.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "bias": -7.0,
    "share": 3.0,
    "coverage": 6.0,
    "unknown": -6.0,
    "absent": -3.0,
    "lead": 1.5,
    "coverage_lead": 1.0,
    "short": -0.5,
    "missing": -3.0,
    "rarest": 1.0,
    "strength": 1.0,
    "common": -0.5,
    "version": 1.0,
    "asked": 1.0,
    "extends": -1.0,
}


@dataclass(frozen=True)
class Decision:
    """The model: one weight per feature, read from the fitted file."""

    weights: Mapping[str, float]

    def probability(self, features: Mapping[str, float]) -> float:
        """The fitted probability that the best note answers the question; 0 when the gate
        turns it away, or when it is asked a maturity it does not tell."""
        if (
            not passes_gate(features)
            or features.get("unstated_maturity")
            or features.get("version", 0.0) < 0
        ):
            return 0.0
        return self._fitted(features)

    def offer_probability(self, features: Mapping[str, float]) -> float:
        """How likely the best note is what the question asks for, when it names too little of
        the question to answer it but enough to be offered (OFFER_COVERAGE); else 0."""
        if features.get("coverage", 0.0) < OFFER_COVERAGE or features.get("near_miss"):
            return 0.0
        # Asked whether it also holds for something else, the note is still what the question
        # is about: offered as related, though never the answer.
        return self._fitted({**features, "extends": 0.0})

    def _fitted(self, features: Mapping[str, float]) -> float:
        z = sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def passes_gate(features: Mapping[str, float]) -> bool:
    """A note that leaves most of the question unsaid never answers it, whatever the model says
    (a long message spreads itself thinner: less need be said); nor does one for a short question
    naming a subject no note names (a near miss)."""
    said = max(features.get("coverage", 0.0), features.get("asked", 0.0))
    needed = LONG_COVERAGE if features.get("long") else MIN_COVERAGE
    return said >= needed and not features.get("near_miss")


def features(
    query: Query,
    hits: Sequence[Hit],
    shown: int = 1,
    notes_using: Callable[[str], int] = lambda _term: 1,
    states_version: Callable[[int, frozenset[str], bool], bool] = lambda _n, _r, _a: False,
    states_maturity: Callable[[int], bool] = lambda _note: True,
) -> dict[str, float]:
    """What backs the best hit, each on a 0-1 scale (the model's inputs, in FEATURES order).

    The lead is measured over the best hit left out of the answer: the `shown` notes that the
    answer lists together are not rivals. `notes_using` counts the notes that use a term;
    `states_version` tells whether a note (by its index) states a version number besides the
    releases the question names (or an API version, asked of an API), and
    `states_maturity` whether it tells a maturity (alpha, beta, stable)."""
    if not hits:
        return dict.fromkeys(FEATURES, 0.0) | {
            "bias": 1.0,
            "unknown": 1.0,
            "absent": 1.0,
            "missing": 1.0,
            "common": 1.0,
            "near_miss": 0.0,
            "unstated_maturity": 0.0,
            "long": 0.0,
            "version": 0.0,
            "asked": 0.0,
            "extends": 0.0,
        }
    top = hits[0]
    # 0-1 each; a concept none of whose terms the note names says nothing of it.
    said = [
        (c, 0.0 if c.terms.isdisjoint(top.named) else c.said(top.named.__contains__))
        for c in query.concepts
    ]
    missing = max((c.weight * (1 - share) for c, share in said), default=0.0)
    # What the question asks, its background aside (all of it when it has none).
    asked = [(c.weight, share) for c, share in said if c.asked] or [
        (c.weight, share) for c, share in said
    ]
    # How many notes use the most specific word the question and the best note share:
    # "NODE_ACCELERATORS" is one note's, "performance" a dozen's.
    fewest = min((notes_using(t) for t in top.named), default=COMMON_NOTES)
    common = min(fewest, COMMON_NOTES) / COMMON_NOTES
    strength = min(top.score / STRONG_SCORE, 1.0)
    second = hits[shown] if len(hits) > shown else None
    return {
        "bias": 1.0,
        "share": min(top.share, 1.0),
        "coverage": top.coverage,
        "unknown": query.share(lambda c: not c.known),
        # What no note names, though a curated entry may ("price", "translation in german").
        "absent": query.share(lambda c: not c.noted),
        # Not weighed by the model but by the gate: in a question of a few words, a subject no
        # note names is what the question is about ("kubectl translation in german").
        # So is a question of one everyday word ("latest", "performance"): an area, or a word
        # any note may use, not a subject one note answers.
        # So is a how-to the best note shares only everyday words with ("where do i report a
        # bug", "how do i expose my deployment on port 80"), asked alone or after a story ("...
        # off class components. How do React hooks handle state?"): a changelog says what
        # changed, not how to use Kubernetes, and the note such words find (a bug fix "reported"
        # for exited containers) is found by coincidence. On the training, check and curated
        # out-of-scope questions this holds of 52 out of scope and 3 in scope.
        # So is a question of two everyday words many notes use, that the best note says by
        # chance ("error message", "pod logs"): its BM25 stays low however fully it covers them.
        "near_miss": float(
            (len(query.concepts) <= NEAR_MISS_CONCEPTS and not all(c.noted for c in query.concepts))
            or (len(query.concepts) == 1 and query.concepts[0].everyday)
            or (
                asks_how_to(asking_part(query.text, marked=False) or query.text)
                and all(c.everyday for c, share in said if share > 0)
            )
            or (
                len(query.concepts) <= GENERIC_CONCEPTS
                and all(c.everyday for c in query.concepts)
                and common >= GENERIC_SHARE
                and strength < GENERIC_STRENGTH
            )
        ),
        # Not weighed by the model, nor a gate to its fit, but a veto on its answer: a maturity
        # checked of a note that tells none ("cronjob beta?" of a fix to the CronJob controller).
        # On the training and check questions the model would answer 2 such, both out of scope.
        # A maturity said in the background or a pasted flag ("--insecure-experimental-...")
        # is not what is checked.
        "unstated_maturity": float(
            any(c.asked and not c.terms.isdisjoint(MATURITY_TERMS) for c in query.concepts)
            and not states_maturity(top.note)
        ),
        # Not weighed by the model but by the gate: a long message, much of it background.
        "long": float(len(query.concepts) >= LONG_CONCEPTS),
        # 0 when a note stating the version asked for was put before a better-ranked one.
        "lead": max(top.rank - second.rank, 0.0) / top.rank if second and top.rank else 1.0,
        "coverage_lead": max(top.coverage - second.coverage, 0.0) if second else top.coverage,
        "short": 1.0 if len(query.concepts) <= 1 else 0.0,
        # The rarest thing the question names that the best note says too: "portworx" alone
        # finds its note, "policy" alone could mean a dozen.
        "rarest": max((c.weight * share for c, share in said), default=0.0),
        # BM25 itself, not as a share: a question of one common word shares all it can.
        "strength": strength,
        "common": common,
        # The heaviest thing the question names that the best note does not: a near miss.
        "missing": missing,
        # How much of what the question asks, its background aside, the best note says.
        "asked": sum(w * share for w, share in asked) / (sum(w for w, _ in asked) or 1.0),
        # "does the ELB fix also apply to Azure?": whether what a note says holds for something
        # else too, that something being what the note does not name (its weight).
        "extends": missing if asks_to_extend(query.text) else 0.0,
        # "which cadvisor version ships": a note stating a version answers it, one stating
        # none is a near miss however well its words match.
        "version": (
            (1.0 if states_version(top.note, query.releases, asks_api(query)) else -1.0)
            if "version" in asked_in(query.text)
            else 0.0
        ),
    }


def asks_api(query: Query) -> bool:
    """Whether the question is about an API ("which autoscaling api version"): an API version
    ("v1", "v2alpha1") answers its version."""
    return any("api" in c.terms or any("/" in t for t in c.terms) for c in query.concepts)


# "also", "as well", "besides", and "too" closing a clause or before a word no adjective is
# ("… on azure too?", "gce pd too right?", "works too like for daemonsets"; not "too many").
_EXTENDS = re.compile(rf"\b(?:besides|{ALSO_WORDS})", re.IGNORECASE)


# "how do i …", "how to …", "where can we …", "what's the best way to …", after a word or three.
_HOW_TO = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:how (?:do|can|should|would|to) (?:i|we|you|one)?|how to"
    r"|where (?:do|can|should) (?:i|we)|what(?:'s| is) the (?:best|right) way)\b",
    re.IGNORECASE,
)


def asks_how_to(question: str) -> bool:
    """Whether a question asks how (or where) to do something, not what changed."""
    return _HOW_TO.search(question) is not None


def asks_to_extend(question: str) -> bool:
    """Whether a question asks if something holds for one more thing: "does X also do Y". An
    "also" in the background before the ask is what the asker wants, not what they check ("I
    need the ELB to also get our security groups. is there an annotation for that?")."""
    return _EXTENDS.search(asking_part(question, marked=False) or question) is not None


def load_decision(directory: Path) -> Decision:
    """The fitted weights in `directory`, or the cautious defaults when none were fitted."""
    path = directory / DECISION_FILE
    if not path.exists():
        return Decision(DEFAULT_WEIGHTS)
    doc = parse_yaml(path.read_text(encoding="utf-8"))
    weights = doc.get("weights") if isinstance(doc, dict) else None
    if not isinstance(weights, dict):
        return Decision(DEFAULT_WEIGHTS)
    return Decision({str(k): float(v) for k, v in weights.items()})
