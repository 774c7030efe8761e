"""Polarity: a yes/no question about a feature's maturity gets the right yes or no first.

An answer written as "Yes, as *alpha*: ..." answers "is it available?"; asked "is it GA?", the
right first word is "No". A yes/no question naming one maturity level (alpha, beta, stable/GA)
of an answer that states exactly one gets *Yes* or *No* from comparing the two; any other
question gets no yes or no at all (the answer's own leading "Yes" is dropped when the question
does not ask yes or no, or asks "alpha or beta?").
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.core.matching.settings import ASK_LEADS, ASK_OPENERS, CLAIM_TAGS, STOPWORDS
from bot.core.matching.text import surface_words, without_issue_template
from bot.core.notes.settings import APPENDED_NOTES_HEADING

# "A more stable hashing algorithm": how steady something is, not its maturity.
STEADIER = re.compile(r"\b(?:more|less|most|least|very)\s+stable\b", re.IGNORECASE)

# A maturity level, and the words that name it in a question.
LEVEL_WORDS = {
    "ga": "stable",
    "stable": "stable",
    "beta": "beta",
    "alpha": "alpha",
    "experimental": "alpha",
}
LEVEL_PHRASES = {
    ("generally", "available"): "stable",
    ("production", "ready"): "stable",
    ("production", "grade"): "stable",
    ("prod", "ready"): "stable",
}
# Words that ask an open question, not a yes/no one ("what is alpha in 1.7").
OPEN_ASKING = frozenset({"what", "whats", "how", "when", "where", "who", "which", "why"})
# "... is it ga", "is that stable": a yes/no check in the middle of a message.
_CHECK = re.compile(r"\b(?:is|are|was|were)\s+(?:it|this|that|they|these|those|still)\b")
# "X is alpha, right?": a claim tagged for confirmation is checked.
_TAGGED_CLAIM = re.compile(rf"\b(?:{'|'.join(sorted(CLAIM_TAGS))})\s*\?")
_ANSWER_LEVEL = re.compile(r"\b(alpha|beta|stable|ga|generally available)\b", re.IGNORECASE)
# "... not yet stable": a level the answer says the feature has not reached.
_DENIED_LEVEL = re.compile(
    r"\bnot (?:yet )?(?:alpha|beta|stable|ga|generally available)\b", re.IGNORECASE
)
_LEAD = re.compile(r"^(?:\*?(yes|no)\*?)\b[,.!]?\s*", re.IGNORECASE)
_LEAD_CLAUSE = re.compile(r"^(?:\*?(?:yes|no|only)\*?)\b[^:.]{0,40}:\s*", re.IGNORECASE)
# "Only as *alpha*: ...": available, at that level only.
_ONLY_AS = re.compile(r"^only as \*?(alpha|beta)\*?:\s*", re.IGNORECASE)


def asked_levels(words: list[str]) -> dict[str, str]:
    """The maturity levels a question names, each with the word the user used for it."""
    found: dict[str, str] = {}
    for word in words:
        if word in LEVEL_WORDS:
            found.setdefault(LEVEL_WORDS[word], word)
    pairs = set(pairwise(words))
    for pair, level in LEVEL_PHRASES.items():
        if pair in pairs:
            found.setdefault(level, " ".join(pair))
    return found


def asks_yes_or_no(question: str) -> bool:
    """Whether the question checks something ("is it GA?", "does 1.7 ...?") rather than asks."""
    words = surface_words(question)
    if any(w in OPEN_ASKING for w in words):
        return False
    said = [w for w in words if w in ASK_OPENERS or w not in STOPWORDS or w in ASK_LEADS]
    first = next((w for w in said if w not in ASK_LEADS), "")
    return (
        first in ASK_OPENERS
        or bool(_CHECK.search(" ".join(words)))
        or bool(_TAGGED_CLAIM.search(question.casefold()))
    )


def checks_an_unstated_level(question: str, answer: str) -> bool:
    """Whether a question checks a maturity ("are deployments GA?", "deployments stable yet?") of
    an answer that states none: a user story naming canary deployments says nothing of any level."""
    question = without_issue_template(question)
    words = surface_words(question)
    if not asked_levels(words) or any(w in OPEN_ASKING for w in words):
        return False  # "what's alpha in 1.7" asks which, not whether
    if not asks_yes_or_no(question) and not question.rstrip().endswith("?"):
        return False  # "kubernetes 1.7 GA day" names the release, it checks nothing
    plain = STEADIER.sub("", _DENIED_LEVEL.sub("", answer.replace("*", "")))
    return _ANSWER_LEVEL.search(plain) is None


def state_polarity(question: str, answer: str, release: str) -> str:
    """The answer with the right yes or no first for a yes/no maturity question, or none."""
    question = without_issue_template(question)
    levels = asked_levels(surface_words(question))
    # Notes added below the answer name the levels of other features ("encrypted secrets
    # (alpha)"): the answer's own text says what level its feature is.
    own = answer.split(f"\n{APPENDED_NOTES_HEADING}\n", 1)[0]
    plain = STEADIER.sub("", _DENIED_LEVEL.sub("", own.replace("*", "")))
    stated = {_level(m) for m in _ANSWER_LEVEL.findall(plain)}
    yes_or_no = asks_yes_or_no(question)
    if yes_or_no and len(levels) == 1 and len(stated) == 1:
        (asked, said), held = next(iter(levels.items())), next(iter(stated))
        lead = _LEAD.match(answer)
        if asked == held:
            if lead is not None and lead.group(1).casefold() == "yes":
                return answer
            only = _ONLY_AS.match(answer)
            if only is not None:
                return f"Yes, as *{held}*: {answer[only.end() :]}"
            return f"*Yes*: {_capitalised(_LEAD.sub('', answer, count=1))}"
        said = "GA" if said == "ga" else said
        body = _capitalised(_LEAD_CLAUSE.sub("", answer, count=1))
        return f"*No*: it is *{held}* in {release}, not {said}. {body}"
    if _LEAD.match(answer) and (not yes_or_no or len(levels) > 1):
        return _capitalised(_LEAD.sub("", answer, count=1))
    return answer


def _level(word: str) -> str:
    word = word.casefold()
    return "stable" if word in ("ga", "generally available") else word


def _capitalised(text: str) -> str:
    stripped = text.lstrip("*")
    if not stripped:
        return text
    at = len(text) - len(stripped)
    return text[:at] + stripped[0].upper() + stripped[1:]
