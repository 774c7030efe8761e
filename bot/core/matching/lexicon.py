"""English words, so that spelling correction never turns one real word into another.

A word one typo away from a word the knowledge base writes is read as that word ("netwrok" is
"network"), unless it is itself an English word: "mailing" is not "failing", "internet" is not
"interest", "pending" is not "sending". The lexicon is pyspellchecker's English word-frequency
list (a pure-Python package whose dictionary is built from subtitles and cleaned of
misspellings), cut to the common words, seen at least LEXICON_MIN_FREQUENCY times: a rare word
one letter from a knowledge word ("polices") is more often a typo of it than meant.
"""

from __future__ import annotations

import threading
from functools import cache

from spellchecker import SpellChecker

from bot.core.matching.settings import LEXICON_MIN_FREQUENCY
from bot.core.matching.text import stem

# The word list is loaded once per process. Without the lock, every thread of a web worker that
# meets it first builds its own copy of the whole dictionary at once (a worker grew by 250 MiB).
_LOADING = threading.Lock()


@cache
def english_words() -> frozenset[str]:
    """Case-folded English words common enough to be words, not typos."""
    with _LOADING:
        return _common_words()


@cache
def english_stems() -> frozenset[str]:
    """The stems of those words, as the matcher reads them: a question word's stem in here was
    typed as a real word, and is matched as written or not at all."""
    with _LOADING:
        return _common_stems()


@cache
def _common_stems() -> frozenset[str]:
    return frozenset(stem.__wrapped__(word) for word in _common_words())


@cache
def _common_words() -> frozenset[str]:
    frequency = SpellChecker(language="en", distance=1).word_frequency
    return frozenset(word for word, count in frequency.items() if count >= LEXICON_MIN_FREQUENCY)
