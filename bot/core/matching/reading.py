"""Reading a message: what of it is read, which part asks, and its weighted content words.

A message within MAX_CHARS characters and MAX_TOKENS words is read whole; of a longer one, its
asking clauses found among its last ASK_WINDOW characters, with as much of its opening as still
fits, or its opening alone when nothing there asks (only the first and last SCAN_WINDOW
characters of its first SCAN_LIMIT are looked at, so the work is bounded however long the
paste). Each word is read through the index: a typo of a knowledge-base word is that word,
synonyms are rewritten to the release's words, and features named in several words are one term.

Weights: every word weighs its inverse document frequency over the entries; the words every
release answer shares weigh WEAK_FACTOR of that; a word no entry knows weighs as much as the
rarest word (a topic the knowledge base lacks) unless it is chat (FILLER_WEIGHT); function words,
greetings and exclamations (CHAT_WORDS), and words no entry knows right before the ask
(OPENING_CHAT_WORDS: "ayy when is kubecon") weigh nothing, and the text compared with the
entries' phrasings leaves chat out. The asking part outweighs the background: a message of
several clauses (ASK_BREAKS) asks in the clauses that end in a question mark and ask in words
(ASK_WORDS anywhere, ASK_OPENERS first after ASK_LEADS), or else in its last clause that asks in
words, or else in a short last clause after a colon ("... a slide on this: node authorizer"); a
short clause right before it (TOPIC_LABEL_WORDS: "sts - can I ...") names its topic. A
word said only outside the asking part weighs BACKGROUND_WEIGHT of its weight
(PASTE_BACKGROUND_WEIGHT in a message too long to read whole: a paste is read by its ask). An
ask is any clause with a word besides function words, the release's shared words included ("...
when was 1.7 released?"). When the ask names a release, it is the release asked about. A handle
typed as text ("cc @netops") is whom the message is for and is not read.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.core.matching.fact_types import (
    AnswerType,
    answer_types,
    asked_in,
    counted_things,
    programme_words,
)
from bot.core.matching.index import Index
from bot.core.matching.lexicon import english_stems, english_words, is_adverb
from bot.core.matching.neighbours import context_products, named_products
from bot.core.matching.settings import (
    ACKNOWLEDGING_WORDS,
    ASK_BREAKS,
    ASK_LEADS,
    ASK_OPENERS,
    ASK_WINDOW,
    ASK_WORDS,
    BACKGROUND_CAP,
    BACKGROUND_WEIGHT,
    CHANGE_ASKS,
    CLAIM_TAG_WINDOW,
    CLAIM_TAGS,
    CLAIMED_TYPES,
    CLAIMED_WEIGHT,
    EVENT_NAMES,
    EVERYDAY_UNKNOWN_WEIGHT,
    FALLBACK,
    FILLER_WEIGHT,
    FILLER_WORDS,
    GREETING_COMPANY,
    GREETING_QUESTIONS,
    GREETING_WORDS,
    HOW_IT_WORKS,
    KNOWN_FILLER_WEIGHT,
    MAX_CHARS,
    MAX_TOKENS,
    OPENING_CHAT_WORDS,
    PASTE_BACKGROUND_WEIGHT,
    PHRASING_STRENGTH,
    POINTING_BACK_WORDS,
    PURPOSE,
    QUESTION_MARK_WORDS,
    ROLE_WORDS,
    SCAN_LIMIT,
    SCAN_WINDOW,
    SET_ASIDE_WORDS,
    SETTING_ASIDE,
    SHORT_QUESTION,
    STOPWORDS,
    SUMMARY_WORDS,
    THANKS_WORDS,
    TITLE_MIN_WORDS,
    TITLE_WORDS,
    TOPIC_LABEL_WORDS,
    WEAK_FACTOR,
    WEAK_WORDS,
)
from bot.core.matching.text import (
    asks_what_a_later_release_did,
    camel_case_words,
    later_release,
    release_of,
    stem,
    strip_slack_markup,
    surface_words,
    without_issue_template,
)

_YEAR = re.compile(r"(?:19|20)\d\d")
# "The latest release", "the newest k8s version": words naming the release asked about by when.
_LATEST = frozenset(stem(w) for w in ("latest", "newest", "current"))
# A handle typed as text ("cc @netops", "@sam"): whom the message is for, never what it asks.
# Slack's own mention markup is dropped with the rest of the markup (strip_slack_markup).
_TYPED_HANDLE = re.compile(r"(?<!\S)@[\w.-]+")
# How long an answer should be ("in one sentence", "in like 3 words"): how to answer, not what.
_ANSWER_LENGTH = re.compile(
    r"\b(?:in|with)\s+(?:like\s+|about\s+|just\s+|only\s+)?"
    r"(?:a|one|two|three|four|five|a\s+few|few|\d+)\s+(?:words?|sentences?|lines?)\b",
    re.IGNORECASE,
)

# The source as the one telling ("does the 1.7 post recommend a tutorial", "did the blog say
# anything about ...") points at where the answer is written: what it tells is the subject.
_SOURCE_TELLS = re.compile(
    r"\b(?:the\s+)?(?:(?:v?1\.7(?:\.0)?|release|kubernetes|k8s|kube|official|original)\s+)*"
    r"(?:blog\s+post|post|blog|announcement|article|write-?up|release\s+notes|changelog)\s+"
    r"(?:(?:actually|even|really|ever|officially|also)\s+)?"
    r"(?:suggest|suggests|suggested|recommend|recommends|recommended|propose|proposes|proposed|"
    r"advise|advises|advised|mention|mentions|mentioned|say|says|said|talk\s+about|talks\s+about)"
    r"\b",
    re.IGNORECASE,
)

# The asker saying they are new ("noob here", "i'm a total beginner", "newbie q") says who asks,
# not what: "for beginners" still asks for where newcomers start.
# The source named as the authority ("per the blog", "according to the announcement") says where
# the answer is written, as the source telling does.
# The announcement named as where the answer is written: "according to the blog", "the 1.7 post".
_THE_ANNOUNCEMENT = re.compile(
    r"\b(?:blog(?:\s+post)?|announcement|(?:release|1\.7)\s+post|the\s+post)\b", re.IGNORECASE
)
_THE_RELEASE_NOTES = re.compile(r"\b(?:release\s+notes|changelog)\b", re.IGNORECASE)
_PER_THE_SOURCE = re.compile(
    r"\b(?:according\s+to|(?:as\s+)?per|based\s+on)\s+(?:the\s+)?"
    r"(?:(?:v?1\.7(?:\.0)?|release|kubernetes|k8s|kube|official|original)\s+)*"
    r"(?:blog\s+post|post|blog|announcement|article|write-?up|release\s+notes|changelog)\b",
    re.IGNORECASE,
)

_ASKER_IS_NEW = re.compile(
    r"\b(?:(?:i'?m|i\s+am)\s+(?:a\s+|an\s+)?(?:(?:total|complete|real|bit\s+of\s+a)\s+)?"
    r"(?:noob|n00b|newb|newbie|beginner|newcomer)\b"
    r"|(?:noob|n00b|newb|newbie|beginner)\s+(?:here|alert|q|qs|question|questions)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Query:
    """A question reduced to weighted content words and the entries' words each one matches."""

    tokens: tuple[str, ...]
    weights: tuple[float, ...]
    variants: tuple[tuple[tuple[str, float], ...], ...]
    text: str
    releases: frozenset[str]
    asks: frozenset[AnswerType]  # the kinds of fact the question asks for
    programme: frozenset[str]  # conference-programme words asked by name ("agenda")
    names_release: bool  # the release itself is named: "1.7 vs 1.6" is about 1.7
    years: frozenset[str]  # years named other than the release's own
    unknown_topic: bool  # a word no entry knows that is not chat: a topic the base may lack
    weak: tuple[bool, ...]  # per content word: one of the words every answer shares
    unknown: float = 0.0  # weighted share of the question no entry knows (chat aside)
    said: int = 0  # content words as the user typed them, before synonyms spell them out
    unknown_words: tuple[str, ...] = ()  # those words as typed, heaviest first
    # What it names: those words without chat, a feature an entry's title names in several
    # words counted once ("network policy egress rules" names two things).
    topics: int = 0
    # Neighbouring products it asks about, as typed ("cri-o", "calico"): not where it runs.
    products: tuple[str, ...] = ()
    # Its one content word is an everyday English word ("volumes", "nodes", "metrics"): a whole
    # area of Kubernetes, which an entry using the word does not answer on that word alone.
    everyday: bool = False
    # It names the conference with a word no entry knows beside it ("kubecon europe"): another
    # edition than the one the knowledge describes.
    other_edition: bool = False
    # It asks what a later release did ("did CRDs go GA in 1.8?"): 1.7 only says what was planned.
    later_done: bool = False
    # The things it counts, as the index reads them ("how many people ...": people).
    counted: frozenset[str] = frozenset()
    # Content words said side by side, no function word between them: the two-word names it
    # may say ("pv on local ssd" says "local storage", not "volume local").
    pairs: tuple[tuple[str, str], ...] = ()
    # What it sets aside ("what else besides api aggregation"): content words as the index reads
    # them, which it does not ask about.
    set_aside: frozenset[str] = frozenset()

    def matched_words(self) -> frozenset[str]:
        """Every index word some question word stands for."""
        return frozenset(word for found in self.variants for word, _ in found)


def is_thanks(message: str) -> bool:
    """Whether a message only thanks or acknowledges ("thanks, that worked!"): no question."""
    said = set(surface_words(message))
    return bool(said) and said <= ACKNOWLEDGING_WORDS and not said.isdisjoint(THANKS_WORDS)


def is_greeting(message: str) -> bool:
    """Whether a message only greets ("hi", "hello k17") or asks what k17 is ("what can you do")."""
    said = surface_words(message)
    if " ".join(said) in GREETING_QUESTIONS:
        return True
    words = set(said)
    return bool(words) and words <= GREETING_COMPANY and not words.isdisjoint(GREETING_WORDS)


# Words before a release that say the asker runs it: "on 1.6", "running 1.6", "from 1.6".
_RUNNING_ON = frozenset({"on", "from", "running", "using", "still"})


def _runs_on_only(said: list[str], releases: frozenset[str]) -> bool:
    """Whether every other release a message names is one it says the asker runs ("on 1.6")."""
    mentions = [(i, release_of(w)) for i, w in enumerate(said)]
    return bool(releases) and all(
        i > 0 and said[i - 1] in _RUNNING_ON for i, release in mentions if release in releases
    )


def read_question(index: Index, question: str) -> Query | None:
    """The question's weighted content words, or None when it has no words at all."""
    text = without_answer_framing(_TYPED_HANDLE.sub(" ", bounded_message(question)))
    said = index.words_apart(surface_words(text), camel_case_words(text))[:MAX_TOKENS]
    raw = [index.read_word(w) for w in said]
    if not raw:
        return None
    tokens = index.compounds(index.join_split_words(index.synonyms.rewrite(raw)))
    releases = frozenset(
        r for r in (release_of(t) for t in tokens) if r is not None and r != index.release
    )
    # "The version after 1.7" names 1.8, not 1.7.
    later = later_release(said, index.release)
    if later is not None:
        releases |= {later}
    opening = _opening_chat(said, raw)
    # A word no entry knows right before the ask greets or exclaims ("ayy when is kubecon"): it
    # weighs nothing, as listed chat does.
    chatted = {t for t in opening if not index.variants(t)}
    content = list(dict.fromkeys(t for t in tokens if t not in index.stop and t not in chatted))
    # How much of an answer is wanted beside a subject ("tl;dr of the security stuff") says how
    # to answer, not what: it is chat, or "nutshell" would ask for the release's themes.
    summary = _summary_beside_subject(index, content)
    chatted |= summary
    content = [t for t in content if t not in summary]
    years = frozenset(w for w in said if _YEAR.fullmatch(w) and w != index.release_year)
    unknown_topic = False
    weights: list[float] = []
    variants: list[tuple[tuple[str, float], ...]] = []
    weak: list[bool] = []
    spelled: dict[str, str] = {}
    typed = dict(zip(raw, said, strict=True))
    unknown_words: list[tuple[float, str]] = []
    asked, asking = _asking_words(index, text)
    if asking is not None and (
        any(release_of(w) == index.release for w in surface_words(scanned_message(question)))
        or _runs_on_only(said, releases)
    ):
        # Beside 1.7, a release named only in the background ("running fine since 1.5, just
        # upgraded to 1.7. what replaces TPR?") is where the asker comes from, not the one asked
        # about; 1.7 may be named in a long message's middle, which is cut from what is read.
        # So is one the asker runs on ("our operator still uses TPRs on 1.6. when are they
        # removed?").
        releases = frozenset(r for r in releases if any(release_of(t) == r for t in asking))
    # A paste is read by its ask: what was cut to fit around it weighs least.
    pasted = len(question) > MAX_CHARS
    background = PASTE_BACKGROUND_WEIGHT if pasted else BACKGROUND_WEIGHT
    unknown_flags: list[bool] = []
    said_words = _said_words(index, raw)
    # A product named only as where the asker runs Kubernetes is background, not a topic.
    # In a question of a few words the product is as likely its subject ("crd on rancher").
    setting = context_products(said) if len(said_words) > SHORT_QUESTION else frozenset()
    # A claim the asker checks ("netpol was dropped for istio, right?") names its subject, and
    # what it claims of it may be wrong: its words no entry knows weigh as chat, not as a topic.
    checked = _checks_a_claim(text)
    asked_flags: list[bool] = []
    other_edition = False
    for position, token in enumerate(content):
        found = index.variants(token)
        # A word no entry uses is a topic the knowledge base lacks, unless it is chat the lists
        # know ("boss", "slide").
        chat = token in index.filler or (
            not found and (token in setting or is_adverb(typed.get(token, token)))
        )
        if chat:
            unknown = FILLER_WEIGHT
        elif checked:
            unknown = CLAIMED_WEIGHT
        else:
            # An everyday English word no entry uses is as often chat the lists lack as a
            # subject; a name or a term of art ("istio", "vault") is what near misses ask about.
            unknown = EVERYDAY_UNKNOWN_WEIGHT if token in english_stems() else 1.0
        if chat:
            chatted.add(token)
        idf = max((index.idf[v] for v, _ in found), default=unknown)
        # A misspelt common word is still a common word.
        is_weak = (
            token in index.weak
            or any(v in index.weak for v, _ in found)
            or _names_this_release(index, content, position)
        )
        if token in index.filler:
            # Chat an entry happens to use ("keep", "manager") still reads as chat.
            idf = min(idf, KNOWN_FILLER_WEIGHT)
        in_ask = asking is None or token in asking
        emphasis = 1.0 if in_ask else background
        weights.append(idf * (WEAK_FACTOR if is_weak else 1.0) * emphasis)
        # What the question is about is what it asks: a pasted log's words are background.
        # A word every release answer shares ("received") names no topic, known or not.
        unknown_topic = unknown_topic or (
            not found and not chat and not is_weak and in_ask and not checked
        )
        # A word right after the conference's name that no entry about the conference uses
        # ("kubecon europe", "kubecon eu") names another edition than the one described.
        other_edition = other_edition or (
            not chat
            and in_ask
            and token.isalpha()
            and position > 0
            and content[position - 1] in EVENT_NAMES
            and not _said_of_the_event(index, found)
            # "the austin kubecon running" says what it does, not which one it is.
            and not _is_verb_form(typed.get(token, token))
        )
        if not found and not chat and not is_weak and release_of(token) is None:
            # Another release is not a topic the knowledge lacks (the release rules decide it),
            # nor is a word every answer shares ("compared").
            unknown_flags.append(True)
            if token.isalpha() and in_ask:
                unknown_words.append((-weights[-1], typed.get(token, token)))
        else:
            unknown_flags.append(False)
        asked_flags.append(in_ask)
        variants.append(found)
        weak.append(is_weak)
        if found:
            spelled[token] = found[0][0]
    names_subject = _names_own_subject(asked, asking)
    if names_subject:
        # An ask that names its own subject bounds its background; one that points back ("is
        # that new?", "does that work in 1.7?") leaves it its weight, or the one word the ask
        # says ("new") would decide the answer alone. On the kept-apart release-note questions
        # 13 curated answers to what the background asked became offers; the curated CV held.
        weights = _bounded_background(weights, asked_flags)
    weights = _outweighing_no_subject(index, content, weights)
    unknown_weight = sum(w for w, unknown in zip(weights, unknown_flags, strict=True) if unknown)
    return Query(
        tuple(content),
        tuple(weights),
        tuple(variants),
        # Chat around the question is not part of what it says ("lol when is kubecon"), nor is
        # the background before an ask that names its own subject: that ask is what reads like
        # an entry's phrasing. An ask of one word refers back ("... what should we move to?"),
        # as does one pointing back ("... is there a plugin for that?").
        " ".join(
            spelled.get(t, t)
            for t in (asked if names_subject else tokens)
            if t not in chatted and t not in index.chat
        ),
        releases,
        _asked_types(text) | (_claimed_types(text) if checked else frozenset()),
        # Named where the message asks, if it asks apart from its background: a pasted cron
        # job's "schedule" asks for no conference programme.
        programme_words(said) & frozenset(asked) if asking is not None else programme_words(said),
        later is None and _names_release(index, tokens, asked if asking is not None else []),
        years,
        unknown_topic,
        tuple(weak),
        unknown_weight / (sum(weights) or 1.0),
        len(said_words),
        tuple(dict.fromkeys(word for _, word in sorted(unknown_words, key=lambda u: u[0]))),
        _topics(index, said_words),
        # A product in the background ("Environment: Calico v2.3") is where it runs, not the ask.
        named_products(surface_words(ask) if (ask := asking_part(text)) else said),
        _everyday(index, raw),
        other_edition,
        asks_what_a_later_release_did(text, index.release),
        frozenset(index.read_word(w) for w in counted_things(said)),
        tuple(
            dict.fromkeys(
                pair
                for pair in itertools.pairwise(tokens)
                if not any(w in index.stop or w in chatted for w in pair)
            )
        ),
        _set_aside(index, said),
    )


_SETTING_ASIDE = tuple(tuple(marker.split()) for marker in SETTING_ASIDE)
_SETTING_ASIDE_FIRST = frozenset(marker[0] for marker in _SETTING_ASIDE)


def _set_aside(index: Index, said: Sequence[str]) -> frozenset[str]:
    """The content words after "besides", "other than", ... up to the next function word: the
    subject the question sets aside ("wat else besides api agregation": api, aggregation)."""
    found: list[str] = []
    if _SETTING_ASIDE_FIRST.isdisjoint(said):
        return frozenset()  # most questions set nothing aside: read at no cost
    for start in range(len(said)):
        for marker in _SETTING_ASIDE:
            if tuple(said[start : start + len(marker)]) != marker:
                continue
            for word in said[start + len(marker) : start + len(marker) + SET_ASIDE_WORDS]:
                token = index.read_word(word)
                if token in index.stop:
                    break
                found.append(token)
    if not found:
        return frozenset()
    tokens = index.compounds(index.join_split_words(index.synonyms.rewrite(found)))
    return frozenset(t for t in tokens if t not in index.stop)


def _outweighing_no_subject(
    index: Index, tokens: Sequence[str], weights: Sequence[float]
) -> list[float]:
    """The weights with how the asker rates things ("major", "big") weighing no more than the
    heaviest word of the question that is no chat: "does 1.7 have any major new features" is
    about new features, however rarely the knowledge says "major"."""
    said = [w for t, w in zip(tokens, weights, strict=True) if t not in index.filler]
    if not said:
        return list(weights)
    ceiling = max(said)
    return [
        min(w, ceiling) if t in index.qualifiers else w
        for t, w in zip(tokens, weights, strict=True)
    ]


def _summary_beside_subject(index: Index, tokens: Sequence[str]) -> frozenset[str]:
    """The words saying how much is wanted ("tl;dr", "overview") when a subject an entry knows
    stands beside them, or what is new ("a summary of the new features"); none when they are all
    the question says ("1.7 in a nutshell")."""
    summary = frozenset(t for t in tokens if t in index.summary)
    if not summary:
        return summary
    subject = any(t in index.news for t in tokens) or any(
        t.isalpha()
        and t not in index.summary
        and t not in index.filler
        and t not in index.weak
        and (found := index.variants(t))
        and not any(v in index.weak for v, _ in found)
        for t in tokens
    )
    return summary if subject else frozenset()


def _is_verb_form(word: str) -> bool:
    """Whether a word is an English verb's -ing or -ed form ("running", "happening",
    "mentioned"), not a noun that ends so ("lightning")."""
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            base = word[: -len(ending)]
            bases = (base, base + "e", base[:-1] if base[-1:] == base[-2:-1] else base)
            if any(b in english_words() for b in bases):
                return True
    return False


def _said_of_the_event(index: Index, found: Sequence[tuple[str, float]]) -> bool:
    """Whether an entry about the conference uses one of these index words ("austin")."""
    events = {e for name in EVENT_NAMES for e in index.postings.get(name, {})}
    return any(not events.isdisjoint(index.postings[word]) for word, _ in found)


# Kinds of fact a message asks for only where it asks: a clause of its background naming a
# "schedule" or "sessions" (a pasted cron job, the asker's web app) asks for no programme, and
# one booking a hotel near the venue asks for no venue.
ASKED_ONLY_TYPES: frozenset[AnswerType] = frozenset({"programme", "venue"})


def _asked_types(text: str) -> frozenset[AnswerType]:
    """The kinds of fact the message asks for, each clause read from its start: "our nodes
    show 1.7, when did that come out" asks when; those of ASKED_ONLY_TYPES only where it asks."""
    clauses = _clauses(text)
    if len(clauses) < 2:
        return asked_in(text)
    asking = _asking_clauses_of(text, clauses, True)
    found: set[AnswerType] = set()
    for i, (start, end, _) in enumerate(clauses):
        asked = asked_in(text[start:end])
        found |= asked if not asking or i in asking else asked - ASKED_ONLY_TYPES
    return frozenset(found)


def _claimed_types(text: str) -> frozenset[AnswerType]:
    """The kinds of fact a claim states that only an answer holding one can confirm or correct:
    "the community meeting is thursdays at 10am, right?" needs an answer giving its time."""
    return answer_types(text, "") & CLAIMED_TYPES


def _checks_a_claim(text: str) -> bool:
    """Whether a message ends by checking a claim: "..., right?", "... correct?", "... true?"."""
    words = surface_words(text[-CLAIM_TAG_WINDOW:])
    return bool(words) and words[-1] in CLAIM_TAGS


def _names_own_subject(asked: Sequence[str], asking: frozenset[str] | None) -> bool:
    """Whether a message's ask names what it asks about, rather than referring back to it."""
    # "did 1.7 change anything there?" points back as "... for that?" does; "is there" does not.
    points_back = bool(POINTING_BACK_WORDS & set(asked)) or asked[-1:] == ["there"]
    says_only_change = asking is not None and all(
        t in CHANGE_ASKS or release_of(t) is not None for t in asking
    )
    return asking is not None and len(asking) > 1 and not points_back and not says_only_change


def _names_release(index: Index, tokens: Sequence[str], asked: Sequence[str]) -> bool:
    """Whether the message is about the release itself: it names it, in its ask when the ask
    names a release ("1.7 came out before 1.6, right? when was 1.6 released" asks of 1.6)."""
    own = stem(index.release)
    if any(release_of(t) is not None for t in asked):
        return own in asked
    return own in tokens


def _bounded_background(weights: list[float], asked: Sequence[bool]) -> list[float]:
    """The weights with the background scaled down to at most BACKGROUND_CAP of the ask's.

    However long the background (a pasted log, a page of context), what the message asks
    decides what it is about."""
    ask = sum(w for w, a in zip(weights, asked, strict=True) if a)
    background = sum(w for w, a in zip(weights, asked, strict=True) if not a)
    if not ask or background <= BACKGROUND_CAP * ask:
        return weights
    factor = BACKGROUND_CAP * ask / background
    return [w if a else w * factor for w, a in zip(weights, asked, strict=True)]


def _said_words(index: Index, read: Sequence[str]) -> list[str]:
    """The content words of a message as typed, in order, without the words every answer shares."""
    return list(
        dict.fromkeys(
            t for t in read if t not in index.stop and t not in index.weak and not release_of(t)
        )
    )


def _everyday(index: Index, read: Sequence[str]) -> bool:
    """Whether the message's one content word is an everyday English word, or one every release
    answer shares, that several entries are asked by ("volumes", "beta"): an area, not one entry's
    subject ("shipped"). With the release named ("1.7 date") it asks of the release.
    """
    words = {t for t in read if t not in index.stop}
    if len(words) != 1:
        return False
    (word,) = words
    asked_by = [
        e for e, value in index.postings.get(word, {}).items() if value >= PHRASING_STRENGTH
    ]
    return (word in index.weak or word in english_stems()) and len(asked_by) > 1


def _topics(index: Index, said: Sequence[str]) -> int:
    """How many things the content words name: chat aside, a title's two-word feature once, and
    not the kind of fact asked ("date" in "cfp notification date" names what is asked of them)."""
    named = [t for t in said if t not in index.filler and t not in index.fact_words]
    return len(named) - sum(1 for pair in itertools.pairwise(named) if pair in index.title_names)


def _opening_chat(said: Sequence[str], read: Sequence[str]) -> frozenset[str]:
    """The words before a message's first asking word, when at most OPENING_CHAT_WORDS precede it.

    `said` are the words as typed, `read` the same words as read (spelled, stemmed). "ayy when is
    kubecon", "bruh is np stable": an unknown word right before the ask greets or exclaims.
    """
    for i, word in enumerate(said[: OPENING_CHAT_WORDS + 1]):
        if word in ASK_WORDS or word in ASK_OPENERS:
            if i == len(said) - 1:
                break
            return frozenset(read[:i])
    return frozenset()


# What the asker already knows and sets aside: "what other highlights besides security?"
_SET_ASIDE = re.compile(
    r"\b(?:besides|other than|apart from|aside from|except(?:\s+for)?)\s+"
    # ... up to the clause's end or its ask ("besides aggregation which other extension points")
    r"((?:(?!\b(?:what|whats|which|who|how|when|where|why|is|are|does|do|did|can|could|will"
    r"|should|was|were)\b)[^?.!;:,])*)",
    re.IGNORECASE,
)


def set_aside(text: str) -> str:
    """What a message sets aside as known or not wanted ("besides Route53 and CoreDNS, ..."):
    the words after "besides", "other than", ..., up to the clause's end or its ask."""
    return " ".join(found.group(1) for found in _SET_ASIDE.finditer(text))


def without_set_aside(text: str) -> str:
    """The message without what it sets aside, nor the word setting it aside: "what else
    besides api aggregation" is "what else"."""
    return _SET_ASIDE.sub(" ", text)


def _asking_words(index: Index, text: str) -> tuple[list[str], frozenset[str] | None]:
    """The words of the message's asking part, and its content words or None to weigh every
    word alike (then the words are the whole message's). What the ask sets aside ("besides
    security and statefulsets") is background, not what it asks about."""
    part = asking_part(text)
    if _SET_ASIDE.search(part or text):
        part = _SET_ASIDE.sub(" ", part or text)
    if part is None:
        return [], None
    said = index.words_apart(surface_words(part), camel_case_words(part))
    raw = [index.read_word(w) for w in said[:MAX_TOKENS]]
    tokens = index.compounds(index.join_split_words(index.synonyms.rewrite(raw)))
    asking = frozenset(t for t in tokens if t not in index.stop and t not in index.filler)
    if asking <= HOW_IT_WORKS and not POINTING_BACK_WORDS.isdisjoint(raw):
        # "..., how does it work" asks how what came before it works.
        return [], None
    return (tokens, asking) if asking else ([], None)


# The words each framing needs, looked for before its pattern is run: most messages have none.
_SOURCE_CUES = ("post", "blog", "announcement", "article", "write", "notes", "changelog")
_FRAMING_CUES = (
    (_SOURCE_TELLS, _SOURCE_CUES),
    (_PER_THE_SOURCE, _SOURCE_CUES),
    (_ASKER_IS_NEW, ("noob", "n00b", "newb", "beginner", "newcomer")),
)


@lru_cache(maxsize=64)
def without_answer_framing(text: str) -> str:
    """A message without how it frames its answer: how long it should be ("in one sentence", "in
    like 3 words"), what the source "recommends" ("does the post recommend X" asks for X) and
    the asker saying they are new ("noob here").

    Remembered for the few messages being read: the curated entries and the notes both read it."""
    lowered = text.casefold()
    if any(cue in lowered for cue in ("word", "sentence", "line")):
        text = _ANSWER_LENGTH.sub(" ", text)
    for framing, cues in _FRAMING_CUES:
        if not any(cue in lowered for cue in cues):
            continue
        unframed = framing.sub(" ", text)
        # A frame that is all the message says ("what did the 1.7 post say") is what it asks.
        if unframed != text and any(
            w not in STOPWORDS and w not in SUMMARY_WORDS for w in surface_words(unframed)
        ):
            text = unframed
    return text


def is_question(text: str) -> bool:
    """Whether a message asks anything: a question mark, an asking word, or an opener."""
    return "?" in text or _asks(text)


def _asks(clause: str) -> bool:
    """Whether a clause asks in words: an asking word anywhere, or an opener first."""
    said = list(itertools.dropwhile(ASK_LEADS.__contains__, surface_words(clause)))
    return bool(said) and (said[0] in ASK_OPENERS or any(w in ASK_WORDS for w in said))


@lru_cache(maxsize=256)
def _clauses(text: str) -> tuple[tuple[int, int, bool], ...]:
    """The message's clauses as (start, end, ends with a question mark), blank ones dropped.

    Remembered for the few messages being read: their ask and the facts asked both need them."""
    clauses: list[tuple[int, int, bool]] = []
    start = 0
    for found in ASK_BREAKS.finditer(text):
        if text[start : found.start()].strip():
            clauses.append((start, found.start(), bool(found.group(1))))
        elif found.group(1) and clauses:
            clauses[-1] = (clauses[-1][0], clauses[-1][1], True)
        start = found.end()
    if text[start:].strip():
        clauses.append((start, len(text), False))
    for i in range(1, len(clauses)):
        start, end, marked = clauses[i]
        if marked and FALLBACK.match(text, start, end):
            # "... rename a context or do i edit the yaml by hand?": the question mark ends
            # the fallback, and asks what came before it.
            clauses[i - 1] = (clauses[i - 1][0], clauses[i - 1][1], True)
    return tuple(clauses)


# Words that name nothing a question could be about: a clause of them with a question mark
# ("anything change in 1.7?", "works now?") leaves its subject to the background before it.
_NOT_NAMING = STOPWORDS | WEAK_WORDS | FILLER_WORDS


@lru_cache(maxsize=256)
def _asking_clauses_of(
    text: str, clauses: tuple[tuple[int, int, bool], ...], marked: bool
) -> tuple[int, ...]:
    """`_asking_clauses`, remembered: reading the ask and the kinds of fact it asks for both need
    it of the same message."""
    return tuple(_asking_clauses(text, clauses, marked))


def _asking_clauses(
    text: str, clauses: Sequence[tuple[int, int, bool]], marked: bool = True
) -> list[int]:
    """Which clauses ask, with the short topic label right before them; none when none asks.
    `marked`: a clause ending in a question mark that names QUESTION_MARK_WORDS things asks,
    though no asking word says so."""
    # What the asker will do otherwise asks nothing ("... or do I edit it by hand?").
    fallbacks = {i for i, (start, end, _) in enumerate(clauses) if FALLBACK.match(text, start, end)}
    clauses = [(s, e, asked and i not in fallbacks) for i, (s, e, asked) in enumerate(clauses)]
    asks = [i for i, (start, end, asked) in enumerate(clauses) if asked and _asks(text[start:end])]
    if not asks and marked:
        # A question mark asks, though no asking word does ("tprs deprecated in 1.7?").
        asks = [
            i
            for i, (start, end, asked) in enumerate(clauses)
            if asked and _names_things(text[start:end])
        ]
    if not asks:
        for i in reversed(range(len(clauses))):
            if i not in fallbacks and _asks(text[clauses[i][0] : clauses[i][1]]):
                asks = [i]
                break
    if not asks and len(clauses) > 1:
        start, end, _ = clauses[-1]
        # A request followed by what the asker will do with the answer asks for what it names
        # ("checksum of the client tarball, need to check our mirror before we hand it out").
        if (
            text[clauses[-2][1] : start].strip() == ","
            and PURPOSE.match(text, start, end)
            and _names_things(text[clauses[-2][0] : clauses[-2][1]])
        ):
            return [len(clauses) - 2]
        # No clause asks in words: a short last clause after a colon names the topic asked for
        # ("my manager wants a slide on this: node authorizer").
        if (
            text[clauses[-2][1] : start].strip() == ":"
            and len(surface_words(text[start:end])) <= TOPIC_LABEL_WORDS
        ):
            return [len(clauses) - 1]
        # Nor does any clause of a body under a short first line: the title names it. A label
        # ("kubelet log:") or a table's header ("NAME READY STATUS") heads a paste instead.
        start, end, _ = clauses[0]
        title = text[start:end]
        if (
            "\n" in text[end : clauses[1][0]]
            and not text[:start].strip()
            and not text[end : clauses[1][0]].strip().startswith(":")
            and not title.isupper()
            and TITLE_MIN_WORDS <= len(surface_words(title)) <= TITLE_WORDS
        ):
            return [0]
    if not asks:
        return []
    if len(asks) == 1 and asks[0] + 1 < len(clauses):
        # A short request before a colon ("pls check: hostPath with .. in it, still ok?",
        # "quick q: ...") asks about what follows it: that is the ask.
        start, end, _ = clauses[asks[0]]
        if (
            text[end : clauses[asks[0] + 1][0]].strip() == ":"
            and len(surface_words(text[start:end])) <= TOPIC_LABEL_WORDS
        ):
            return list(range(asks[0] + 1, len(clauses)))
    # A short label before the ask names its topic ("statefulsets - can they roll back?").
    # A line of its own is not a label: the last line of a pasted log is background; nor is a
    # sentence about the asker ("we run 1.7.5. where did ...?") or their own things ("our prod
    # cluster. when was 1.7 released?").
    before = asks[0] - 1
    if before >= 0:
        start, end, _ = clauses[before]
        gap = text[end : clauses[asks[0]][0]]
        label = surface_words(text[start:end])
        if (
            "\n" not in gap
            and len(label) <= TOPIC_LABEL_WORDS
            and label[:1] not in (["we"], ["i"], ["our"], ["my"])
            and not _says_what_the_asker_does(label)
            and ROLE_WORDS.isdisjoint(label[-1:])  # "storage admin: ..." says who asks
        ):
            asks.insert(0, before)
    return asks


def _names_things(clause: str) -> bool:
    """Whether a clause names enough things to ask about them without an asking word."""
    named = sum(w.isalpha() and w not in _NOT_NAMING for w in surface_words(clause))
    return named >= QUESTION_MARK_WORDS


def _says_what_the_asker_does(label: Sequence[str]) -> bool:
    """Whether a short clause says what the asker is doing ("verifying a mirror", "upgrading our
    cluster"): background, not the topic label that "networking" or "sts rollouts" is."""
    return (
        len(label) > 1
        and label[0].endswith("ing")
        and label[1] in ("a", "an", "the", "our", "my", "some", "this", "these", "those")
    )


@lru_cache(maxsize=256)
def names_the_announcement(text: str) -> bool:
    """Whether a message names the announcement, and not the release notes, as its source:
    "whats deprecated according to the blog" asks what the post says."""
    return bool(_THE_ANNOUNCEMENT.search(text)) and not _THE_RELEASE_NOTES.search(text)


def clauses_asking_for(text: str, kind: AnswerType) -> list[str]:
    """The clauses of a message that ask for a kind of fact ("when does the discount end")."""
    said = [text[start:end] for start, end, _ in _clauses(text)]
    return [clause for clause in said if kind in asked_in(clause)]


def asking_part(text: str, marked: bool = True) -> str | None:
    """The clauses of a message that ask, when it has background besides; None otherwise.
    `marked`: a clause ending in a question mark that names things asks, though no asking word
    says so (as `_asking_clauses` reads it).

    Remembered for the few messages being read: reading a question weighs its ask and names the
    products it asks about from it, and the release notes read the same ask again."""
    clauses = _clauses(text)
    if len(clauses) < 2:
        return None
    asks = _asking_clauses_of(text, clauses, marked)
    if not asks:
        return None
    return " ".join(text[clauses[i][0] : clauses[i][1]] for i in asks)


@lru_cache(maxsize=64)
def scanned_message(question: str) -> str:
    """All of a message that is ever looked at, Slack markup reduced: its first and last
    SCAN_WINDOW characters of at most SCAN_LIMIT (all of it when it is shorter).

    Remembered for the few messages being read: bounding a message and finding the release it
    names both scan it."""
    scan = without_issue_template(question[:SCAN_LIMIT])
    if len(scan) <= 2 * SCAN_WINDOW:
        return strip_slack_markup(scan)
    return strip_slack_markup(scan[:SCAN_WINDOW]) + "\n" + strip_slack_markup(scan[-SCAN_WINDOW:])


def bounded_message(question: str) -> str:
    """What is read of a message, Slack markup reduced: all of it, or its ask and its opening.

    A message within MAX_CHARS characters and MAX_TOKENS words is read whole. A longer one is
    read from a bounded window (its first and last SCAN_WINDOW characters of at most SCAN_LIMIT):
    the asking clauses among its last ASK_WINDOW characters are kept, with as much of its opening
    as the word and character budget leaves; with no ask there, its opening is read as before.
    """
    text = scanned_message(question)
    head = text[:MAX_CHARS]
    if len(text) <= MAX_CHARS and len(surface_words(text)) <= MAX_TOKENS:
        return head
    base = max(len(text) - ASK_WINDOW, 0)
    tail = text[base:]
    clauses = _clauses(tail)
    asks = _asking_clauses(tail, clauses)
    said = surface_words(" ".join(tail[clauses[i][0] : clauses[i][1]] for i in asks))
    if not any(word not in STOPWORDS for word in said):
        # Nothing asked in words of its own ("... please please"): the opening says what it is.
        return head
    start = base + clauses[asks[0]][0]
    if start == base and base and not text[base - 1].isspace():
        # The window cut a word in two: its second half is not a word the user wrote.
        rest = tail.split(None, 1)
        start = len(text) - len(rest[1]) if len(rest) > 1 else len(text)
    ask = _last_words(text[start:].strip(), MAX_TOKENS)
    budget = MAX_TOKENS - len(surface_words(ask))
    room = MAX_CHARS - len(ask) - 1
    context = _first_words(text[: min(start, max(room, 0))], budget)
    return f"{context.rstrip()}\n{ask}" if context.strip() else ask


def _first_words(text: str, budget: int) -> str:
    """The opening of `text` that holds at most `budget` words."""
    count = 0
    end = 0
    for chunk in re.finditer(r"\S+", text):
        count += len(surface_words(chunk.group()))
        if count > budget:
            break
        end = chunk.end()
    return text[:end]


def _last_words(text: str, budget: int) -> str:
    """The end of `text` that holds at most `budget` words."""
    count = 0
    start = len(text)
    for chunk in reversed(list(re.finditer(r"\S+", text))):
        count += len(surface_words(chunk.group()))
        if count > budget:
            break
        start = chunk.start()
    return text[start:]


def _names_this_release(index: Index, content: Sequence[str], position: int) -> bool:
    """Whether the word at `position` says which release the next one is ("the latest
    kubernetes release"): it names the release, as "release" does, not a subject."""
    return (
        content[position] in _LATEST
        and position + 1 < len(content)
        and content[position + 1] in index.weak
    )
