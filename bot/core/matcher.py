"""The matcher's public names, for callers that import them from here (see bot.core.matching)."""

from bot.core.matching.decision import Candidate, Match, Matcher, Status
from bot.core.matching.fact_types import AnswerType, answer_types, asked_types
from bot.core.matching.reading import asking_part, bounded_message
from bot.core.matching.settings import (
    ANSWER_THRESHOLD,
    CLOSE_RACE_MARGIN,
    MAX_CANDIDATES,
    MAX_CHARS,
    MAX_TOKENS,
    SUGGEST_THRESHOLD,
)
from bot.core.matching.text import stem, strip_slack_markup, surface_words, words

__all__ = [
    "ANSWER_THRESHOLD",
    "CLOSE_RACE_MARGIN",
    "MAX_CANDIDATES",
    "MAX_CHARS",
    "MAX_TOKENS",
    "SUGGEST_THRESHOLD",
    "AnswerType",
    "Candidate",
    "Match",
    "Matcher",
    "Status",
    "answer_types",
    "asked_types",
    "asking_part",
    "bounded_message",
    "stem",
    "strip_slack_markup",
    "surface_words",
    "words",
]
