"""Matching a user's question to a knowledge-base entry: answered, suggested or declined.

A pipeline, one module a step: `text` (words as the matcher reads them), `reading` (what of a
message is read, which part asks, each word's weight), `index` (what every entry says and how
strongly), `fact_types` (the kind of fact asked and held), `scoring` (relevance, best first),
`features` (the confidence model), `decision` (the outcome, and the `Matcher` that runs the
steps); `polarity` gives a yes/no check of a maturity level the right yes or no. Every tunable
number and word list is in `settings`; the confidence model's weights are generated into
`fitted.json` by `k17 kb fit`.
"""

from bot.core.matching.decision import Candidate, Match, Matcher, Status
from bot.core.matching.features import ConfidenceModel

__all__ = ["Candidate", "ConfidenceModel", "Match", "Matcher", "Status"]
