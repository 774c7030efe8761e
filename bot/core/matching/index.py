"""The index over a knowledge base: each entry's words, how strongly it owns them, their weights.

Built once per knowledge base. Every entry's title, alternates, keywords, answer, links and
section go through the same reading as a question (words, stems, synonyms rewritten to the
release's own words, features named in several words read as one term); the index keeps, per
entry, how strongly it owns each word (PHRASING_STRENGTH for how people ask for it,
ANSWER_STRENGTH for what its answer says, SECTION_STRENGTH for its announcement section), its
phrasings for rapidfuzz, its BM25 term frequencies, the kinds of fact its answer holds, and
every word's inverse document frequency over the entries. It also spells: a word one typo away
from one the knowledge base writes is read as that word.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.matching.fact_types import AnswerType, answer_types, counted_in
from bot.core.matching.lexicon import english_stems, english_words
from bot.core.matching.settings import (
    ANSWER_STRENGTH,
    BM25_B,
    BM25_FIELDS,
    BM25_K1,
    CHAT_WORDS,
    COMPOUND_TERMS,
    FACT_WORDS,
    FILLER_WORDS,
    MIN_FUZZY_LENGTH,
    MIN_RUN_TOGETHER_PART,
    NEWS_WORDS,
    PHRASING_STRENGTH,
    PLACE_WORDS,
    PRICE_WORDS,
    PROGRAMME_WORDS,
    QUALIFIER_WORDS,
    SECTION_STRENGTH,
    SPELLINGS_REMEMBERED,
    STOPWORDS,
    SUMMARY_WORDS,
    TITLE_SPEAKERS,
    TYPO_SIMILARITY,
    URL_NOISE,
    VENUE_WORDS,
    WEAK_FACTOR,
    WEAK_WORDS,
)
from bot.core.matching.text import (
    all_text,
    answer_text,
    linked_urls,
    one_typo_away,
    read_apart,
    replace_runs,
    sorted_words,
    stem,
    surface_words,
    with_letter_added,
    with_letter_doubled,
    with_letters_swapped,
    words,
)


class Synonyms:
    """Rewrites phrases to the release's words: `np` -> `network policy`, longest phrase first."""

    def __init__(self, synonyms: Mapping[str, Sequence[str]]) -> None:
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for term, targets in synonyms.items():
            if not targets:
                continue
            canonical = tuple(words(targets[0]))
            for phrase in (term, *targets[1:]):
                key = tuple(words(phrase))
                if key and key != canonical:
                    self._phrases.setdefault(key, canonical)
        self._longest = max((len(k) for k in self._phrases), default=0)
        self._starts = frozenset(k[0] for k in self._phrases)

    def rewrite(self, tokens: Sequence[str]) -> list[str]:
        """The tokens with every known phrase replaced by its canonical words."""
        if not self._phrases:
            return list(tokens)
        return replace_runs(tokens, self._longest, self._phrases.get, self._starts)


@dataclass(frozen=True)
class Phrasing:
    """One way of asking for an entry: its content words and their text for rapidfuzz."""

    tokens: frozenset[str]
    text: str  # every word, function words included: "when" and "who" ask different things
    fuzzy: bool  # titles and alternates are compared whole; keywords only by their words


class Index:
    """What every entry says and how strongly, built once; read-only afterwards."""

    def __init__(self, kb: KnowledgeBase) -> None:
        english_stems()  # the word list loads with the index, before any request needs it
        self.entries = kb.entries
        self.release = kb.release
        self.release_year = str(kb.release_date.year) if kb.release_date else ""
        self.synonyms = Synonyms(kb.synonyms)
        self.stop = frozenset(stem(w) for w in STOPWORDS)
        self.chat = frozenset(stem(w) for w in CHAT_WORDS)
        self.filler = frozenset(stem(w) for w in FILLER_WORDS)
        self.qualifiers = frozenset(stem(w) for w in QUALIFIER_WORDS)
        # Summary words as typed and as the synonyms read them ("tldr" is "nutshell").
        self.summary = frozenset(
            word for w in SUMMARY_WORDS for word in (stem(w), *self.synonyms.rewrite([stem(w)]))
        )
        self.news = frozenset(
            word for w in NEWS_WORDS for word in (stem(w), *self.synonyms.rewrite([stem(w)]))
        )
        self._compound_terms = {tuple(words(t)): ("".join(words(t)),) for t in COMPOUND_TERMS}
        self._compound_starts = frozenset(t[0] for t in self._compound_terms)
        weak = {stem(w) for w in WEAK_WORDS}
        weak.update(self.synonyms.rewrite(["k8s"]))
        weak.add(stem(kb.release))
        self.weak = frozenset(weak)

        self.strength: list[dict[str, float]] = []
        self.held: list[frozenset[AnswerType]] = []
        self.counts: list[frozenset[str]] = []  # the things each answer counts, stemmed
        self.answer_words: list[frozenset[str]] = []
        self.own_words: list[frozenset[str]] = []
        self.subject: list[frozenset[str]] = []
        # Words that ask for a kind of fact ("location", "agenda"): what is asked, not about what.
        self.fact_words = frozenset(
            stem(w)
            for w in (*PLACE_WORDS, *VENUE_WORDS, *PROGRAMME_WORDS, *PRICE_WORDS, *FACT_WORDS)
        )
        self.phrasings: list[tuple[Phrasing, ...]] = []
        self.names: list[frozenset[tuple[str, str]]] = []
        self.term_frequency: list[dict[str, float]] = []
        # Each word's entries, in entry order, with how strongly each owns it.
        postings: dict[str, dict[int, float]] = {}
        for index, entry in enumerate(self.entries):
            strength: dict[str, float] = {}
            for token in self.content(entry.section):
                strength[token] = SECTION_STRENGTH
            for token in self.content(answer_text(entry)):
                strength[token] = ANSWER_STRENGTH
            phrasings: list[Phrasing] = []
            for text, whole in (
                *((t, True) for t in (entry.title, *entry.alternates)),
                *((k, False) for k in entry.keywords),
            ):
                tokens = self.content(text)
                for token in tokens:
                    strength[token] = PHRASING_STRENGTH
                if tokens:
                    every = self.compounds(self.synonyms.rewrite(words(text)))
                    phrasings.append(Phrasing(frozenset(tokens), " ".join(every), whole))
            self.strength.append(strength)
            self.term_frequency.append(self._field_frequency(entry))
            answer = answer_text(entry)
            placeholder = " {when}" if "{when}" in entry.answer else ""
            self.held.append(answer_types(answer + placeholder, kb.release))
            self.counts.append(counted_in(answer))
            self.answer_words.append(frozenset(words(answer)))
            # What the entry itself says (title and answer), not how people ask for it: only
            # these may speak of another release or year ("removal in 1.8").
            self.own_words.append(frozenset(words(f"{entry.title} {answer}")))
            # What the entry is about: the content words of its title and answer. A word it is
            # only asked by ("docker" for containerd) is a neighbouring subject, not its own.
            # A name it writes in several words is its subject typed as one ("podManagementPolicy").
            self.subject.append(
                frozenset(
                    (
                        *self.content(entry.title),
                        *self.content(answer),
                        *self.run_together_names(f"{entry.title}\n{answer}"),
                    )
                )
            )
            self.phrasings.append(tuple(phrasings))
            self.names.append(
                frozenset(
                    pair
                    for phrasing in (entry.title, *entry.alternates, *entry.keywords)
                    for pair in self.name_pairs(phrasing)
                )
            )
            for token, value in strength.items():
                postings.setdefault(token, {})[index] = value
        self.postings = postings
        # How many entries speak of each word in their title or answer: "storageos" one,
        # "kubelet" several.
        self.speakers = Counter(word for subject in self.subject for word in subject)
        # The words some entry is asked by (owns at PHRASING_STRENGTH): a telling question word
        # that one of them stands for belongs to that entry. Read once, not per question.
        self.asked_by = frozenset(
            token
            for token, owners in postings.items()
            if any(value >= PHRASING_STRENGTH for value in owners.values())
        )
        self.links = [linked_urls(entry) for entry in self.entries]
        # The kinds of fact some answer holds: a question asking for another kind ("how much does
        # it cost" of a knowledge base that states no price) has no answer here at all.
        self.held_anywhere: frozenset[AnswerType] = frozenset(itertools.chain(*self.held))
        self.named = frozenset(pair for names in self.names for pair in names)
        # The names one entry alone is titled by, that no everyday word spells ("bitmovin",
        # "storageos"): an overview listing that name among others is not what asks of it alone.
        titled: dict[str, set[int]] = {}
        for number, entry in enumerate(self.entries):
            for word in self.content(entry.title):
                titled.setdefault(word, set()).add(number)
        self.sole_title: dict[str, int] = {
            word: next(iter(owners))
            for word, owners in titled.items()
            if len(owners) == 1
            and word not in self.weak
            and word not in english_stems()
            and self.speakers[word] <= TITLE_SPEAKERS
        }
        # Each entry's title words: what a question setting a subject aside may name.
        self.title_words = [frozenset(self.content(entry.title)) for entry in self.entries]
        # The features titles name in several words ("network policy", "node authorizer").
        self.title_names = frozenset(
            pair for entry in self.entries for pair in self.name_pairs(entry.title)
        )
        lengths = [sum(tf.values()) for tf in self.term_frequency]
        average = sum(lengths) / len(lengths) if lengths else 1.0
        # BM25's length normalisation, per entry: K = k1 * (1 - b + b * length / average).
        self.bm25_norm = [
            BM25_K1 * (1 - BM25_B + BM25_B * length / (average or 1.0)) for length in lengths
        ]
        count = max(len(self.entries), 1)
        scale = math.log(1 + count)
        self.idf = {t: math.log(1 + count / len(p)) / scale for t, p in postings.items()}
        # Each phrasing's words with their weights, for `fit`: fixed once the weights are known.
        self.phrasing_weights = [
            tuple(self._weighed(phrasing.tokens) for phrasing in phrasings)
            for phrasings in self.phrasings
        ]
        # Per entry, each word's share of every phrasing using it: a question's `fit` to a
        # phrasing is the sum of its words' shares, added up only over the words it says.
        self.phrasing_shares: list[dict[str, tuple[tuple[int, float], ...]]] = []
        for weighed in self.phrasing_weights:
            shares: dict[str, list[tuple[int, float]]] = {}
            for position, (pairs, total) in enumerate(weighed):
                for token, weight in pairs if total else ():
                    shares.setdefault(token, []).append((position, weight / total))
            self.phrasing_shares.append({t: tuple(s) for t, s in shares.items()})
        # Each entry's phrasings as whole texts, to tell a question asked word for word, and its
        # titles' and alternates' words sorted once, as rapidfuzz's token_sort_ratio sorts them.
        self.phrasing_texts = [frozenset(p.text for p in phrasings) for phrasings in self.phrasings]
        self.asked_texts = [
            frozenset(p.text for p in phrasings if p.fuzzy) for phrasings in self.phrasings
        ]
        self.sorted_asked_texts = [
            tuple(sorted_words(p.text) for p in phrasings if p.fuzzy)
            for phrasings in self.phrasings
        ]
        # The same, shortest first, with their lengths as written apart: containment compares
        # only the phrasings shorter than the question, found by bisecting the lengths.
        by_length = [
            sorted((len(p.text), sorted_words(p.text)) for p in phrasings if p.fuzzy)
            for phrasings in self.phrasings
        ]
        self.asked_lengths = [tuple(length for length, _ in found) for found in by_length]
        self.asked_by_length = [tuple(text for _, text in found) for found in by_length]
        # Typos are looked up among words long enough to be matched fuzzily: first as written,
        # against every word the knowledge base and the function-word lists use ("documentatino"
        # is "documentation", a word that then weighs nothing), then as stems.
        self._vocabulary = sorted(t for t in postings if len(t) >= MIN_FUZZY_LENGTH)
        written = Counter(w for e in self.entries for w in surface_words(all_text(e)))
        written.update(w for phrase in kb.synonyms for w in surface_words(phrase))
        # Two typos away, only the knowledge's own words are meant: a long word that far from a
        # chat word is another word ("streamed" is not "treated").
        self._said_by_knowledge = frozenset(written)
        written.update(STOPWORDS | WEAK_WORDS | FILLER_WORDS)
        self._written = frozenset(written)
        self._written_count = written
        self._written_sorted = sorted(w for w in written if len(w) >= MIN_FUZZY_LENGTH)
        # People reuse their words, and a fuzzy look-up over the vocabulary costs more than the
        # rest of reading a word: each is looked up once, in caches bounded to keep memory flat.
        self._spellings = lru_cache(maxsize=SPELLINGS_REMEMBERED)(self._nearest_written)
        self._known_spellings = lru_cache(maxsize=SPELLINGS_REMEMBERED)(self._nearest_known)
        self._variants = lru_cache(maxsize=SPELLINGS_REMEMBERED)(self._nearest_index_words)
        # Every word of a question is read this way, and again in its ask: one look-up a word.
        self._readings = lru_cache(maxsize=SPELLINGS_REMEMBERED)(self._reading)
        self._apart = lru_cache(maxsize=SPELLINGS_REMEMBERED)(self._run_together)

    def _weighed(self, tokens: frozenset[str]) -> tuple[tuple[tuple[str, float], ...], float]:
        """Each word with its weight (idf, WEAK_FACTOR for shared words), and their total."""
        pairs = tuple(
            (token, self.idf.get(token, 1.0) * (WEAK_FACTOR if token in self.weak else 1.0))
            for token in tokens
        )
        return pairs, sum(weight for _, weight in pairs)

    def _field_frequency(self, entry: Entry) -> dict[str, float]:
        """Each content word's BM25 term frequency over the entry's fields, fields weighted."""
        fields = {
            "title": [entry.title],
            "alternates": list(entry.alternates),
            "keywords": list(entry.keywords),
            "answer": [answer_text(entry)],
            "links": [
                " ".join(
                    [
                        link.label,
                        *(w for w in re.split(r"[^a-z0-9]+", link.url.casefold()) if w),
                    ]
                )
                for link in entry.links
            ],
        }
        frequency: dict[str, float] = {}
        for name, texts in fields.items():
            for text in texts:
                for token in self.content(text):
                    if name == "links" and token in URL_NOISE:
                        continue
                    frequency[token] = frequency.get(token, 0.0) + BM25_FIELDS[name]
        return frequency

    def content(self, text: str) -> list[str]:
        """Content words of knowledge-base text, synonyms rewritten, in order, deduplicated."""
        tokens = self.compounds(self.synonyms.rewrite(words(text)))
        return list(dict.fromkeys(t for t in tokens if t not in self.stop))

    def run_together_names(self, text: str) -> tuple[str, ...]:
        """Two or three content words side by side, typed as one and stemmed: "Pod Management
        Policy" is also "podmanagementpolicy", as a field name or a hurried typist writes it."""
        said = surface_words(text)
        return tuple(
            stem("".join(said[start:end]))
            for start in range(len(said))
            for end in range(start + 2, min(start + 4, len(said) + 1))
            if not any(word in self.stop for word in said[start:end])
        )

    def name_pairs(self, text: str) -> list[tuple[str, str]]:
        """The two-word names `text` says: content words side by side, with no function word
        between them ("volumes from local storage" names "local storage", not "volume local")."""
        tokens = self.compounds(self.synonyms.rewrite(words(text)))
        return [
            pair
            for pair in itertools.pairwise(tokens)
            if not any(w in self.stop or w in self.weak for w in pair)
        ]

    def compounds(self, tokens: list[str]) -> list[str]:
        """`pod security policy` -> `podsecuritypolicy`: a feature's name read as one term."""
        return replace_runs(tokens, 3, self._compound_terms.get, self._compound_starts)

    def join_split_words(self, tokens: list[str]) -> list[str]:
        """`roll back` -> `rollback`, `stateful set` -> `statefulset` when the index knows it."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            # Function words are never half of a name: "in production" is not "introduction".
            if (
                i + 1 < len(tokens)
                and not (tokens[i] in self.postings and tokens[i + 1] in self.postings)
                and tokens[i] not in self.stop
                and tokens[i + 1] not in self.stop
            ):
                joined = self._known_spelling(stem(tokens[i] + tokens[i + 1]))
                if joined is not None:
                    out.append(joined)
                    i += 2
                    continue
            out.append(tokens[i])
            i += 1
        return out

    def words_apart(self, said: Sequence[str], names: frozenset[str] = frozenset()) -> list[str]:
        """Two words typed as one, told apart where the knowledge writes both ("thirdparty" is
        "third party", "cloudnative" is "cloud native"); every other word as typed, and so are
        `names` (a field typed in camel case, "readyReplicas", is one name)."""
        return [part for word in said for part in ((word,) if word in names else self._apart(word))]

    def _run_together(self, word: str) -> tuple[str, ...]:
        if word in self._written or word in english_words():
            return (word,)
        return read_apart(word, self._said_by_knowledge, MIN_RUN_TOGETHER_PART)

    def read_word(self, word: str) -> str:
        """A typed word as the index reads it: spelled as the knowledge base writes it, stemmed."""
        return self._readings(word)

    def _reading(self, word: str) -> str:
        read = stem(self.spell(word))
        if read in self.postings or not word.endswith(("able", "ible")):
            return read
        # "filterable", "upgradable": what can be done, read as the doing the knowledge says
        # ("filtering", "upgrade"), which the stemmer leaves apart.
        for base in (word[:-4], f"{word[:-4]}e"):
            if len(base) >= MIN_FUZZY_LENGTH and stem(base) in self.postings:
                return stem(base)
        return read

    def spell(self, word: str) -> str:
        """The word as the knowledge base writes it, when it is one typo away from one and is
        not itself an English word ("mailing" is not "failing")."""
        if word in self._written or not word.isalpha() or word in english_words():
            return word
        if len(word) < MIN_FUZZY_LENGTH:
            # Too short to correct by edit distance (CRI is not CRD), but a letter typed once
            # where it is doubled is still the word ("aded" is "added", "stuf" is "stuff"), and
            # so is a word of four letters missing one that only one knowledge word has ("locl"
            # is "local", "slak" is "slack"). Two letters typed the wrong way round in a
            # function word are that word ("waht", "teh", "whne"): the words typed fastest.
            swapped = {w for w in with_letters_swapped(word) if w in STOPWORDS}
            if len(swapped) == 1:
                return swapped.pop()
            doubled = next((w for w in with_letter_doubled(word) if w in english_words()), None)
            if doubled is not None or len(word) < MIN_FUZZY_LENGTH - 1 or word.endswith("s"):
                return doubled or word  # "tprs", "coms": a short word's plural, not a typo
            completed = {w for w in with_letter_added(word) if w in self._written}
            return completed.pop() if len(completed) == 1 else word
        return self._spellings(word)

    def _nearest_written(self, word: str) -> str:
        """The nearest word the knowledge base writes; of equally near ones, the one it writes
        most often ("relased" is "released", not "related"). Near none, the English word it
        misspells, if one."""
        limit = 1 if len(word) <= 7 else 2
        found = process.extract(
            word, self._written_sorted, scorer=OSA.distance, score_cutoff=limit, limit=None
        )
        found = [f for f in found if f[1] < 2 or f[0] in self._said_by_knowledge]
        if not found:
            return _nearest_english(word)
        return min(found, key=lambda f: (f[1], -self._written_count[f[0]], f[0]))[0]

    def _known_spelling(self, word: str) -> str | None:
        """The index word `word` is, or is one typo away from (for long words), else None."""
        if word in self.postings:
            return word
        if len(word) < 2 * MIN_FUZZY_LENGTH - 2 or not word.isalpha():
            return None
        return self._known_spellings(word)

    def _nearest_known(self, word: str) -> str | None:
        found = process.extractOne(word, self._vocabulary, scorer=OSA.distance, score_cutoff=1)
        return found[0] if found is not None else None

    def variants(self, token: str) -> tuple[tuple[str, float], ...]:
        """The index words a question word stands for: itself, or its nearest spellings."""
        if token in self.postings:
            return ((token, 1.0),)
        if len(token) < MIN_FUZZY_LENGTH or not token.isalpha() or token in self.filler:
            return ()  # chat is chat, not a misspelt topic: "headline" is not "deadline"
        if token in english_stems():
            return ()  # a real word is not a misspelt one: "internet" is not "interest"
        return self._variants(token)

    def _nearest_index_words(self, token: str) -> tuple[tuple[str, float], ...]:
        limit = 1 if len(token) <= 7 else 2
        found = process.extract(
            token, self._vocabulary, scorer=OSA.distance, score_cutoff=limit, limit=3
        )
        return tuple((word, TYPO_SIMILARITY[int(d)]) for word, d, _ in found if d > 0)


def _nearest_english(word: str) -> str:
    """The one common English word a typo away from `word` ("replacment" is "replacement"), if
    only one is: read as that word, it is matched, or weighed as everyday English, as typed
    right. A word near none or several is kept as typed ("istio" is a name). The words one typo
    away are spelt out and looked up (a few hundred set look-ups), not searched for among the
    dictionary's 19,000: a fresh typo costs microseconds, not a millisecond."""
    found = {w for w in one_typo_away(word) if w in english_words()}
    return found.pop() if len(found) == 1 else word
