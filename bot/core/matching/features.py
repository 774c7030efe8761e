"""The confidence model: what backs the best entry, and how likely its answer is right.

A small logistic model of "the best entry's answer is right". Its inputs, each 0-1 unless said:
the relevance score, its lead over the runner-up, coverage (the weighted share of the question
the entry explains), fit and similarity to the entry's closest phrasing, `asked` (the share
explained by how people ask for the entry, not by its answer text), `told` (the share of telling
words the entry contains), `unknown` (the share no entry knows), whether every telling word is
explained, whether a telling phrasing word backs it, whether a kind of fact was asked of an
answer without one, a word-for-word phrasing, log(1 + content words), whether it is the only
candidate, `bm25` (BM25 over the entry's fields as a share of the question's ceiling), `owned`
(the weight of the heaviest telling word the entry lacks and another entry is asked by) and
`orphan` (the heaviest telling word it lacks at all). The reported score is this likelihood,
0-100. The weights are fitted from the training set by `k17 kb fit` (bot/core/fit.py) and
generated into `fitted.py`, so answering needs no fitting and no numerical library.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.matching import fitted
from bot.core.matching.reading import Query
from bot.core.matching.scoring import Scored

FEATURES = (
    "score",
    "margin",
    "coverage",
    "fit",
    "similarity",
    "asked",
    "told",
    "unknown",
    "complete",
    "evidence",
    "penalized",
    "exact",
    "length",
    "single",
    "bm25",
    "owned",
    "orphan",
)


@dataclass(frozen=True)
class ConfidenceModel:
    """A logistic model's weights, one per name in FEATURES, and its bias."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(fitted.WEIGHTS))
    bias: float = fitted.BIAS

    def confidence(self, features: Mapping[str, float]) -> float:
        """How likely the entry's answer is right, 0-100."""
        logit = self.bias + sum(self.weights[name] * value for name, value in features.items())
        return 100 / (1 + math.exp(-max(min(logit, 50.0), -50.0)))


def features(query: Query, top: Scored, runner_up: Scored | None, count: int) -> dict[str, float]:
    """The confidence model's inputs for the best entry, each named as in FEATURES."""
    return {
        "score": top.score / 100,
        "margin": (top.score - (runner_up.score if runner_up is not None else 0.0)) / 100,
        "coverage": top.coverage,
        "fit": top.fit,
        "similarity": top.similarity,
        "asked": top.asked,
        "told": top.told,
        "unknown": query.unknown,
        "complete": float(top.complete),
        "evidence": float(top.evidence),
        "penalized": float(top.penalized),
        "exact": float(top.exact),
        "length": math.log1p(len(query.tokens)),
        "single": float(count == 1),
        "bm25": top.bm25,
        "owned": top.owned,
        "orphan": top.orphan,
    }
