"""Finding notes: words of a question and of the notes, BM25 over them, and what backs a hit."""

from __future__ import annotations

import heapq
import math
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.matching.fact_types import stated_api_versions, stated_versions
from bot.core.matching.lexicon import english_words
from bot.core.matching.polarity import STEADIER
from bot.core.matching.reading import asking_part, without_answer_framing
from bot.core.matching.settings import (
    CHAT_WORDS,
    CLAIM_TAGS,
    MIN_RUN_TOGETHER_PART,
    POINTING_BACK_WORDS,
)
from bot.core.matching.text import (
    CAMEL_BOUNDARY,
    camel_case_parts,
    read_apart,
    with_letter_added,
    with_letter_doubled,
    without_issue_template,
)
from bot.core.notes.parse import Note
from bot.core.notes.settings import (
    BACKGROUND_WEIGHT,
    BM25_B,
    BM25_K1,
    COVERAGE_RANK,
    EVERYDAY_UNKNOWN_IDF,
    PART_WEIGHT,
    PASTE_WEIGHT,
    POINTED_NOTES,
    RELEASE,
    SECTION_WEIGHT,
    SHORT_SPELLING_LENGTH,
    SPELLING_LENGTH,
    UNKNOWN_IDF,
    WORDINGS_REMEMBERED,
)

_SLACK_LINK = re.compile(r"<([^|<>]+)\|([^<>]*)>")
# A code block or span: a pasted log or command, with spaces or settings in it ("`kubectl get
# pods -o yaml`", "`--flag=value`"). A single word or path in backticks inside a sentence ("how do
# I set a `partition`", "our codegen reads `/swaggerapi/`") names a thing, as the prose does.
_PASTE = re.compile(r"```.*?```|`(?=[^`\n]*[\s=:])[^`\n]+`", re.DOTALL)
_URL = re.compile(r"<https?://[^>]*>|https?://\S+")
# A command-line flag ("--babysit-daemons") within a paste.
FLAG = re.compile(r"(?<![\w-])--([a-z0-9][a-z0-9-]*[a-z0-9])")
_VERSION = re.compile(r"v?\d+(?:\.\d+)+\+?|v\d+(?:(?:alpha|beta)\d+)?")
_PARTS = re.compile(r"[./_-]")
_ANY_PATCH = re.compile(r"\d+(?:\.\d+)+\.x")
_VERSION_TERM = "version"  # what a note stating a version number says, in a question's words
# "scheduled to ship", "slated for 1.8": a plan, not the scheduler ("pods scheduled on nodes").
_PLANNED = re.compile(
    r"\b(?:scheduled|slated)(?=\s+(?:to\s+(?:ship|release|land|launch|arrive|be|go|come|hit|drop)"
    r"|for\s+(?:v?\d|release|removal|deprecation|next|later)))",
    re.IGNORECASE,
)
# An apostrophe inside a word ("aren't", "doesn't"): the word is read whole ("arent", a word
# that names nothing), not as "aren" and "t", which a note's "aren't" would match.
_INNER_APOSTROPHE = re.compile(r"(?<=[A-Za-z])['’](?=[A-Za-z])")
# "The status of CRI-O", "the state of CRI-O": how far along something is, a frame like "is it
# stable", not the status fields the notes speak of ("pods/status", "node status").
_STATUS_OF = re.compile(
    r"\b(?:current\s+)?status\s+of\b|\bthe\s+(?:current\s+)?state\s+of\b"
    # "cri-o status as of 1.7?", "crio status now": the same frame after the name.
    r"|(?<=[\w-]\s)status(?=\s*(?:as\s+of\b|now\b|today\b|update\b|\?|$))",
    re.IGNORECASE,
)
# kubectl's one-letter flags, as the notes write what they stand for: "kubectl logs -l app=web
# -c sidecar" selects by label and names a container.
SHORT_FLAGS = {"l": "label selector", "c": "container", "n": "namespace", "o": "output"}
_SHORT_FLAG = re.compile(r"(?<![\w-])-([lcno])\s+([^\s`'\"]+)")
# "kubectl logs -f": following the log, as the notes say it ("stops following").
_FOLLOWED_LOGS = re.compile(r"(\blogs\b[^\n.?!]*?)\s-f\b")
# Words before which a name is the asker's own ("our RHEL nodes").
OWNING_WORDS = frozenset({"our", "my"})
# A flag with the value the asker gives it ("--resource-name=foo,bar", "--user=alice").
_FLAG_VALUE = re.compile(r"(?<![\w-])(--[a-z0-9][a-z0-9-]*[a-z0-9])=([^\s`'\"]+)")
_VALUE_PARTS = re.compile(r"[,=:]")
# The names examples give to anything: a value named so is the asker's example, not a subject.
PLACEHOLDERS = frozenset(
    ["foo", "bar", "baz", "qux", "quux", "alice", "bob", "carol", "dave", "eve"]
)

# Words that carry no subject: function words, question words, chat, and the release itself.
# Contractions typed without their apostrophe are function words too, and so are verbs any
# question may use ("keep", "work", "make"): cross-validated top1 0.809 to 0.828 (wrong answers
# 0.021 both, false answers 0.064 to 0.073).
# So are words framing how the asker wants it done, which no note uses ("anything native",
# "without hacking the image", "a couple of").
_STOPWORDS = """
a an the and or but if of to in on at by for with from into onto about as is are was were be
been being am do does did done doing have has had having i me my we our you your he she it
its they them their this that these those there here what which who whom whose when where
why how whats wheres hows can could should would will shall may might must not no yes any
some all each every so than then too very just also only now still ever anymore again please
pls plz thanks thx hi hey hello folks guys team anyone somebody someone know tell told say
said says saying get got gets getting going want wanted need needs needed like mean means
meant thing things stuff way ways lot bit kind sort really actually basically k8s kubernetes
kube 1.7 1.7.0 v1.7 v1.7.0 release released releases note notes changelog new now happen
happened happens change changed changes ship ships shipped shipping include included
includes bundle bundled come comes came use used using rely relies relying under together support
supports supported
isnt arent dont doesnt dosent didnt cant wont wasnt werent shouldnt couldnt wouldnt hasnt havent
im ive youre thats theres whats ll ve re after before though although one up right made make makes
keep keeps work works since intentional intentionally intended deliberate deliberately purpose
expected normal because bunch legit min minimum mess messing messed different anything
something everything part goes went gone between besides according already yet give gimme once
theyre weve theyve youve hes shes itll thatll wouldve couldve shouldve
supposed called through thru via us around recommended else wat wut end
native natively builtin couple hack hacks hacking hacked
"""
STOPWORDS = frozenset(_STOPWORDS.split())


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if _VERSION.fullmatch(word) or any(c.isdigit() for c in word):
        return word.lstrip("v") if _VERSION.fullmatch(word) else word
    # A Snowball stemmer keeps the word it works on in itself: two threads stemming at once
    # (a web worker's requests) would garble each other's word.
    with _STEMMER_LOCK:
        return str(_STEMMER.stemWord(word))


# snowballstemmer hands out PyStemmer's C build of the same algorithm when it is installed (it is
# a dependency): the same stems, 14 times faster, which is most of building the index at start.
_STEMMER = snowballstemmer.stemmer("english")
_STEMMER_LOCK = threading.Lock()


def written_flags(text: str) -> list[str]:
    """The command-line flags of several words a text writes, without their dashes:
    "--enable-cri" names something, "--help" or "--foo" nothing."""
    return [flag for flag in FLAG.findall(text.casefold()) if "-" in flag]


def plain_text(mrkdwn: str) -> str:
    """What a reader sees of mrkdwn: link labels (and the link's last path part), no markup."""
    text = _SLACK_LINK.sub(lambda m: f"{m.group(2)} ", mrkdwn)
    text = _URL.sub(" ", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def surface_tokens(text: str) -> list[str]:
    """Lower-case tokens as written, CamelCase and compounds kept whole ("networkpolicy")."""
    out: list[str] = []
    for raw in re.findall(r"[A-Za-z0-9]+(?:[./_-][A-Za-z0-9]+)*", text):
        out.append(raw.lower())
    return out


def terms(text: str) -> list[str]:
    """The stemmed index terms of a text: each compound whole, its parts and its parts joined."""
    return list(weighted_terms(text))


def weighted_terms(text: str) -> dict[str, float]:
    """Index terms with how much each says: a compound whole 1, one of its parts PART_WEIGHT."""
    found: dict[str, float] = {}

    def add(term: str, weight: float) -> None:
        found[term] = max(found.get(term, 0.0), weight)

    for raw in re.findall(r"[A-Za-z0-9]+(?:[./_-][A-Za-z0-9]+)*\+?", text):
        lower = raw.lower().rstrip("+")
        pieces = [p for p in _PARTS.split(lower) if p]
        camel = (
            [p.lower() for p in CAMEL_BOUNDARY.split(raw) if p]
            if not _VERSION.fullmatch(lower)
            else []
        )
        add(_stem(lower), 1.0)
        if _VERSION.fullmatch(lower):
            continue
        if _ANY_PATCH.fullmatch(lower):
            add(lower[:-2], 1.0)  # "1.13.x" is every 1.13 patch release: it names 1.13
        if len(pieces) > 1:
            add(_stem("".join(pieces)), 1.0)
            for piece in pieces:
                add(_stem(piece), PART_WEIGHT)
        if len(camel) > 1:
            for piece in camel:
                add(_stem(piece), PART_WEIGHT)
            # A run of its parts names a thing too: StatefulSetStatus names the StatefulSet.
            for start in range(len(camel) - 1):
                for end in range(start + 2, len(camel) + (start > 0)):
                    add(_stem("".join(camel[start:end])), PART_WEIGHT)
    return found


@lru_cache(maxsize=WORDINGS_REMEMBERED)  # questions reuse their words
def word_terms(word: str) -> frozenset[str]:
    """The index terms of one word as typed ("changes", "kube-proxy"), read once."""
    return frozenset(weighted_terms(word))


def text_terms(mrkdwn: str) -> frozenset[str]:
    """Every index term of a text as a reader sees it."""
    return frozenset(terms(plain_text(mrkdwn)))


# A short word of letters not ending in "s", as abbreviations are ("pvc", "hpa", "netpol").
_ABBREVIATION = re.compile(r"[a-z]{2,6}(?<!s)")


class Synonyms:
    """The words people use, each with the phrases in the notes' words that mean the same."""

    def __init__(self, synonyms: Mapping[str, Sequence[str]]) -> None:
        self._phrases: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        for term, targets in synonyms.items():
            key = tuple(surface_tokens(term))
            if key:
                self._phrases[key] = tuple(
                    phrase for t in targets if (phrase := tuple(surface_tokens(t)))
                )
        # Typed in the plural ("our pvcs", "two hpas"), an abbreviation means what it does: the
        # stemmer leaves such words whole. A plural listed in its own right keeps its meaning.
        for key, meanings in list(self._phrases.items()):
            last = key[-1]
            plural = (*key[:-1], f"{last}s")
            if _ABBREVIATION.fullmatch(last) and plural not in self._phrases:
                self._phrases[plural] = meanings
        self._longest = max((len(k) for k in self._phrases), default=0)

    def groups(
        self, words: Sequence[str]
    ) -> list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]:
        """The words grouped into concepts: a known phrase with its meanings, or one word."""
        out: list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = []
        i = 0
        while i < len(words):
            for size in range(min(self._longest, len(words) - i), 0, -1):
                found = self._phrases.get(tuple(words[i : i + size]))
                if found is not None:
                    out.append((tuple(words[i : i + size]), found))
                    i += size
                    break
            else:
                out.append(((words[i],), ()))
                i += 1
        return out


@dataclass(frozen=True)
class Wording:
    """One way to say a concept: one word (any of its terms, a compound's part saying less) or
    a phrase (all of its words: "horizontal pod autoscaler" is not said by "autoscaler")."""

    terms: Mapping[str, float]
    phrase: bool

    def said(self, present: Callable[[str], bool]) -> float:
        """How much of this wording a text says, 0-1."""
        if self.phrase:
            return sum(1 for t in self.terms if present(t)) / len(self.terms)
        # Its best-said term; every term says something (a compound's part PART_WEIGHT).
        best = 0.0
        for term, weight in self.terms.items():
            if weight > best and present(term):
                best = weight
        return best


@lru_cache(maxsize=WORDINGS_REMEMBERED)  # questions reuse their words; a wording is read-only
def wording(words: tuple[str, ...]) -> Wording | None:
    """The wording of one word or a phrase, without function words."""
    if len(words) == 1:
        terms = {t: f for t, f in weighted_terms(words[0]).items() if _content(t)}
        return Wording(terms, phrase=False) if terms else None
    wholes = [next(iter(weighted_terms(w)), "") for w in words]
    terms = {t: 1.0 for t in wholes if _content(t)}
    return Wording(terms, phrase=len(terms) > 1) if terms else None


def _content(term: str) -> bool:
    return term not in STOPWORDS and len(term) > 1


@dataclass(frozen=True)
class Concept:
    """One thing a question names: the wordings that say it, and its weight."""

    wordings: tuple[Wording, ...]
    weight: float  # the rarity of its rarest known wording, 0-1; unknown concepts weigh most
    known: bool  # some note or curated entry uses one of its terms
    noted: bool = False  # some note uses one of its terms: the notes could say it
    asked: bool = True  # said where the question asks, not in its background or a paste
    everyday: bool = False  # one everyday English word as typed ("latest", "nodes")

    @cached_property
    def terms(self) -> frozenset[str]:
        """Every index term of every wording."""
        return frozenset(t for w in self.wordings for t in w.terms)

    @property
    def release(self) -> bool:
        """Whether the concept is a Kubernetes release number ("1.6"), whosever it is."""
        return bool(self.terms) and all(_RELEASE.match(t) for t in self.terms)

    def said(self, present: Callable[[str], bool]) -> float:
        """How much of the concept a text says (0-1): its best-said wording."""
        best = 0.0
        for way in self.wordings:
            said = way.said(present)
            if said > best:
                best = said
        return best


@dataclass(frozen=True)
class Query:
    """A question as weighted concepts; unknown ones are what nothing in the knowledge names."""

    text: str
    concepts: tuple[Concept, ...]
    releases: frozenset[str]  # Kubernetes releases named other than 1.7 ("1.8", "1.6")

    @cached_property
    def terms(self) -> frozenset[str]:
        """Every index term of every concept."""
        return frozenset(t for c in self.concepts for t in c.terms)

    @cached_property
    def weight(self) -> float:
        """The concepts' weights together (1 when they weigh nothing): what a share divides."""
        return sum(c.weight for c in self.concepts) or 1.0

    def without(self, unsaid: frozenset[str]) -> Query:
        """The question without the concepts that only say these terms."""
        kept = tuple(c for c in self.concepts if not c.terms <= unsaid)
        return Query(self.text, kept, self.releases)

    @cached_property
    def ask(self) -> Query:
        """The question without its background: the concepts it asks (all when none is)."""
        asked = tuple(c for c in self.concepts if c.asked)
        return Query(self.text, asked, self.releases) if asked else self

    def share(self, present: Callable[[Concept], float]) -> float:
        """The weighted share of the question's concepts that `present` says (0-1 each)."""
        return sum(c.weight * present(c) for c in self.concepts) / self.weight

    def named_share(self, named: frozenset[str]) -> float:
        """The weighted share of the question's concepts said by `named`, its terms a text names.

        `share` with the concepts the text names none of left out: each of those adds nothing."""
        return (
            sum(
                c.weight * c.said(named.__contains__)
                for c in self.concepts
                if not c.terms.isdisjoint(named)
            )
            / self.weight
        )


class Hit(NamedTuple):
    """A note's BM25 score for a query and the shares of the question it explains (a named
    tuple: dozens are made for every question, and a tuple is made faster than a dataclass)."""

    note: int  # the note's position in the notes
    score: float
    coverage: float  # weighted share of the question's concepts the note names
    share: float  # BM25 score over the most the question's known concepts could score
    named: frozenset[str] = frozenset()  # the note's terms that the question names

    @property
    def rank(self) -> float:
        """What orders the hits: BM25, raised for a note that names more of the question."""
        return _rank(self.score, self.coverage)


def _rank(score: float, coverage: float) -> float:
    """A hit's rank from its BM25 score and coverage (`Hit.rank`)."""
    return score * (COVERAGE_RANK + coverage)


# The words that tell a maturity, as the index reads them: a question checking one ("cronjob
# beta?") is answered only by a note that tells one.
MATURITY_TERMS = frozenset(terms("alpha beta stable ga experimental promoted graduated preview"))
_MATURITY_SAID = frozenset(["alpha", "beta", "stable", "ga", "experimental", "yet", "still"])
# "... node binaries for windows - which file?", "link?": asking for the file or its link names
# nothing of its own, and points back at what the message names before it.
_FILE_SAID = frozenset(["file", "files", "link", "links", "url"])


# "1.8", "v1.7.1", and "1.7.x": every patch release of 1.7, none of them 1.7.0 itself.
_RELEASE = re.compile(r"^v?1\.(\d{1,2})(?:\.(\d+|x))?$")
# A version right after one of these is theirs, not a Kubernetes release ("docker 1.12.6"), as is
# one after the tool's name and one of VERSION_WORDS ("docker version 1.12.6", "Go version: 1.8.3",
# "go >= 1.8"). Any other word between makes the number a release of its own: "which etcd version
# does 1.8 need" asks about Kubernetes 1.8.
VERSIONED_TOOLS = frozenset(
    ["docker", "etcd", "go", "golang", "rkt", "containerd", "cri-o", "runc"]
)
VERSION_WORDS = frozenset(
    ["version", "versions", "v", "release", "to", "at", ">=", "=", "==", "<=", ">", "<"]
)
TOOL_WINDOW = 2
# Words after which "go" is the verb, not the language: "when we go to 1.8", "before you go to".
_GO_AS_VERB_AFTER = """
i we you they it will would can could should must to let lets then and once when before after if
gonna wanna
"""
GO_AS_VERB_AFTER = frozenset(_GO_AS_VERB_AFTER.split())
# Words that name the Go language beside "go": "which go", "upgrade go", "go version".
_GO_NAMED_AFTER = """
which what whats the in with newer older of our a upgrade upgraded upgrading bump bumped bumping
install installed update updated need needs require requires use uses using build builds built
compile compiled compiling
"""
_GO_LANGUAGE_BEFORE = frozenset(_GO_NAMED_AFTER.split())
_GO_NAMED_BEFORE = """
version versions lang toolchain compiler build struct structs source code app apps module modules
client binary binaries type types lib library libraries
"""
_GO_LANGUAGE_AFTER = frozenset(_GO_NAMED_BEFORE.split())
_A_RELEASE_NUMBER = re.compile(r"v?\d")
# A release right after one of these is where the reader comes from: "upgrading from 1.6"
# and "what changed since 1.6" ask about 1.7.
FROM_WORDS = frozenset(["from", "since", "than", "vs", "versus", "compared", "comparing"])
# What an older release did, said in the past ("what it did in 1.6", "worked fine on 1.6"): the
# asker compares 1.7 with it.
PAST_WORDS = frozenset(["did", "was", "were", "worked", "used", "had", "behaved", "fine", "ok"])


SEVEN = int(RELEASE.split(".")[1])  # the minor number of the release the notes are of


def releases_named(
    words: Sequence[str],
    asked: Iterable[str] | None = None,
    tools: frozenset[str] = VERSIONED_TOOLS,
) -> frozenset[str]:
    """Kubernetes 1.x releases a question asks about other than 1.7.

    A question that names 1.7 too compares the two ("1.6 vs 1.7"), like one that upgrades from
    the other: both ask about 1.7. A patch release of 1.7 ("1.7.1") is another release when the
    ask names it ("what did 1.7.1 fix"): the v1.7.0 notes never say what a patch changed. Named
    only in the background ("we run 1.7.5. where did ...?"), it is where the asker runs 1.7, and
    another release named in that background is what they compare it with ("on 1.7.4 we get a
    403; it worked on our 1.6 cluster. what changed?")."""
    asking = set(words if asked is None else asked)
    found: dict[str, bool] = {}  # each release, and whether the ask names it
    runs_seven = False
    for position, word in enumerate(words):
        m = _RELEASE.match(word)
        if m is None:
            continue
        if _a_tools_version(words[max(position - TOOL_WINDOW - 1, 0) : position], tools):
            continue
        coming_from = (position > 0 and words[position - 1] in FROM_WORDS) or (
            # "doesn't do what it did in 1.6", "it worked on 1.6": how the older one behaved.
            int(m.group(1)) < SEVEN
            and position > 1
            and words[position - 1] in ("in", "on", "with")
            and words[position - 2] in PAST_WORDS
        )
        if m.group(1) == "7":
            if (m.group(2) or "0").strip("0") == "":
                return frozenset()
            if word not in asking:
                runs_seven = True
            elif not coming_from:
                found[word.removeprefix("v")] = True
        elif not coming_from and (word in asking or int(m.group(1)) > SEVEN):
            # An older release named only before the ask is where the asker comes from: "stuck
            # on hash collisions in 1.6. is that fixed?" asks about 1.7.
            release = f"1.{m.group(1)}"
            found[release] = found.get(release, False) or word in asking
    return frozenset(r for r, in_ask in found.items() if in_ask or not runs_seven)


def names_release(text: str, release: str) -> bool:
    """Whether a note's text names a Kubernetes release or one of its patches ("removed in 1.8",
    "v1.6.0-v1.6.5"), not a tool's version ("compiled with Go 1.8"), read as a question's words
    are read by `releases_named`."""
    for found in re.finditer(rf"(?<![\w.])v?{re.escape(release)}(?!\d)", text):
        before = [w.strip(":,;()*").lower() for w in text[: found.start()].split()]
        # A list of a tool's versions is the tool's throughout: "Docker versions 1.10.3,
        # 1.11.2, 1.12.6" names no Kubernetes 1.12.
        while before and (_LISTED_VERSION.fullmatch(before[-1]) or before[-1] in ("and", "or")):
            before.pop()
        if not _a_tools_version(before[-TOOL_WINDOW - 1 :]):
            return True
    return False


_LISTED_VERSION = re.compile(r"v?\d+(?:\.\d+)+")


def _a_tools_version(words_before: Sequence[str], tools: frozenset[str] = VERSIONED_TOOLS) -> bool:
    """Whether a version number right after these words is a tool's ("docker", "go version")."""
    if not words_before:
        return False
    last = len(words_before) - 1
    if _names_tool(words_before, last, tools):
        return True
    return (
        last > 0
        and words_before[last] in VERSION_WORDS
        and _names_tool(words_before, last - 1, tools)
    )


def _names_tool(words: Sequence[str], position: int, tools: frozenset[str]) -> bool:
    return words[position] in tools and not go_is_the_verb(words, position)


def versioned_names(texts: Iterable[str]) -> frozenset[str]:
    """The names these texts write a version number right after ("Swagger 1.2", "Bumped
    Heapster to v1.4.0"): a question naming one of them with a number asks of its version, not
    of a Kubernetes release. Kubernetes' own programs ("kubectl v1.6.4") go by its releases,
    and a verb or a word of time before a release ("upgrading 1.8", "prior 1.7") names none."""
    names: set[str] = set()
    for text in texts:
        words = surface_tokens(plain_text(text))
        for i, word in enumerate(words):
            if not _LISTED_VERSION.fullmatch(word):
                continue
            j = i - 1
            while j >= 0 and i - j <= TOOL_WINDOW and words[j] in VERSION_WORDS:
                j -= 1
            name = words[j] if j >= 0 else ""
            if (
                _NAME.fullmatch(name)
                and name not in STOPWORDS
                and name not in _NOT_NAMES
                and not name.startswith("kube")
                and not name.endswith(("ing", "ed"))
            ):
                names.add(name)
    return frozenset(names)


_NAME = re.compile(r"[a-z][a-z0-9-]*")
_NOT_NAMES = frozenset(["either", "prior", "than", "since", "until", "till"])


def go_is_the_verb(words: Sequence[str], position: int) -> bool:
    """Whether the word at `position` is "go" the verb ("when we go to 1.8", "where did
    cluster/ubuntu go"), not the language: not after a word naming the language ("which go",
    "upgrade go to 1.8") nor before one ("go version", "go 1.8", "go structs")."""
    if words[position] != "go" or position == 0:
        return False
    before = words[position - 1]
    if before in GO_AS_VERB_AFTER:
        return True
    after = words[position + 1] if position + 1 < len(words) else ""
    return (
        before not in _GO_LANGUAGE_BEFORE
        and after not in _GO_LANGUAGE_AFTER
        and not _A_RELEASE_NUMBER.match(after)
    )


class NotesIndex:
    """An index over the release notes, built once; `search` is pure and thread-safe."""

    def __init__(
        self,
        notes: Sequence[Note],
        synonyms: Mapping[str, Sequence[str]],
        extra_vocabulary: Iterable[str] = (),
    ) -> None:
        self.notes = tuple(notes)
        self.synonyms = Synonyms(synonyms)
        self._frequency: list[dict[str, float]] = []
        postings: dict[str, list[int]] = {}
        stating_version: dict[int, frozenset[str]] = {}
        stating_api_version: dict[int, frozenset[str]] = {}
        stating_maturity: set[int] = set()
        for index, note in enumerate(self.notes):
            frequency: dict[str, float] = {}
            for term in terms(plain_text(note.text)):
                frequency[term] = frequency.get(term, 0.0) + 1.0
            versions = stated_versions(note.text, RELEASE)
            if versions:
                # "Upgrade Node Problem Detector to v0.4.1" tells the detector's version.
                stating_version[index] = versions
                frequency[_VERSION_TERM] = frequency.get(_VERSION_TERM, 0.0) + SECTION_WEIGHT
            apis = stated_api_versions(note.text)
            if apis:
                stating_api_version[index] = apis
            for term in terms(" ".join(note.section)):
                frequency[term] = frequency.get(term, 0.0) + SECTION_WEIGHT
            if note.maturity:
                tag = _stem(note.maturity)
                frequency[tag] = frequency.get(tag, 0.0) + SECTION_WEIGHT
            if note.maturity or not MATURITY_TERMS.isdisjoint(
                terms(STEADIER.sub(" ", plain_text(note.text)))
            ):
                stating_maturity.add(index)
            self._frequency.append(frequency)
            for term in frequency:
                postings.setdefault(term, []).append(index)
        self._postings = postings
        self._versioned = VERSIONED_TOOLS | versioned_names(n.text for n in self.notes)
        count = max(len(self.notes), 1)
        self._idf = {
            t: math.log(1 + (count - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()
        }
        self._max_idf = max(self._idf.values(), default=1.0)
        lengths = [sum(f.values()) for f in self._frequency]
        average = sum(lengths) / len(lengths) if lengths else 1.0
        self._norm = [BM25_K1 * (1 - BM25_B + BM25_B * n / average) for n in lengths]
        self._known = frozenset(postings) | frozenset(terms(" ".join(extra_vocabulary)))
        # Questions reuse their words: each concept's scores over the notes are computed once
        # (bounded, to keep a worker's memory flat) and only read afterwards.
        self._scored = lru_cache(maxsize=WORDINGS_REMEMBERED)(self._score_concept)
        # Likewise each concept, as said in the ask, the background or a paste: read once
        # (bounded) and shared by the questions saying it, being read-only.
        self._concepts = lru_cache(maxsize=WORDINGS_REMEMBERED)(self._concept)
        # Each word the knowledge writes, with how often: of two words one edit away from a
        # typo, the more common one is meant ("relased" is "released", not "related").
        written = " ".join([*(plain_text(n.text) for n in self.notes), *extra_vocabulary])
        self._written: dict[str, int] = {}
        for word in surface_tokens(written):
            if word.isalpha() and len(word) >= SPELLING_LENGTH - 1:
                self._written[word] = self._written.get(word, 0) + 1
        self._spellings = list(self._written)
        # The notes' words in order, one note after another: a name typed in camel case is
        # read as its parts only where a note writes them so ("active deadline seconds").
        self._spaced = "".join(
            f" {' '.join(surface_tokens(plain_text(n.text)))} |" for n in self.notes
        )
        self._spelled: dict[str, str] = {}
        self._stating_version = stating_version
        self._stating_api_version = stating_api_version
        self._stating_maturity = frozenset(stating_maturity)

    def states_version(
        self, index: int, beside: frozenset[str] = frozenset(), api: bool = False
    ) -> bool:
        """Whether the note at `index` states a version number ("v0.26.1", "1.12.6") besides
        the releases a question names ("migrate before upgrading to 1.8" tells no etcd version
        for 1.8), or with `api` an API version ("autoscaling/v1")."""
        stated = self._stating_version.get(index, frozenset())
        if api:
            stated |= self._stating_api_version.get(index, frozenset())
        return not stated <= beside

    def states_maturity(self, index: int) -> bool:
        """Whether the note at `index` tells a maturity: its tag, or "beta", "GA", "promoted" in
        its text or section."""
        return index in self._stating_maturity

    def spell(self, word: str) -> str:
        """The word as the knowledge writes it, when it is one typo away from one ("verison").

        Only a longer word is corrected, and only when nothing in the knowledge uses it, it is
        no function word ("happened") and no English word ("mailing" is not "failing"); two
        edits would turn too many words into others, so one is the most."""
        if len(word) < SHORT_SPELLING_LENGTH or not word.isalpha():
            return word
        spelled = self._spelled.get(word)
        if spelled is None:
            if len(self._spelled) >= WORDINGS_REMEMBERED:
                self._spelled.clear()  # bounded: a worker's memory stays flat
            spelled = self._spelled[word] = self._nearest_written(word)
        return spelled

    def _nearest_written(self, word: str) -> str:
        said = terms(word)
        if (
            not said
            or any(t in self._known or t in STOPWORDS for t in said)
            or word in english_words()
        ):
            return word
        if len(word) < SPELLING_LENGTH:
            # Too short to correct by edit distance ("cinder" is not "kinder"), but a letter
            # typed once where it is doubled is still the word ("aply" is "apply"), and so is a
            # word missing a letter that only one written word has ("limt" is "limit"). A short
            # word's plural ("tprs") is not a typo.
            doubled = [w for w in with_letter_doubled(word) if w in self._written]
            if word.endswith("s") and not doubled:
                return word
            completed = set(doubled) or {w for w in with_letter_added(word) if w in self._written}
            return completed.pop() if len(completed) == 1 else word
        near = process.extract(
            word, self._spellings, scorer=OSA.distance, score_cutoff=1, limit=None
        )
        best = max(near, key=lambda found: (self._written[found[0]], found[0]), default=None)
        return best[0] if best is not None else word

    def words_apart(
        self, said: Sequence[str], names: Mapping[str, tuple[str, ...]] | None = None
    ) -> list[str]:
        """Two words typed as one, told apart where the notes write both ("thirdparty" is "third
        party"); every other word as typed. A name in camel case (`names`, with its parts) is one
        field's name, read whole, unless it is known only as a note writes its parts:
        "activeDeadlineSeconds" is what a note writes "active deadline seconds"."""
        names = names or {}
        return [
            part
            for word in said
            for part in (
                self._camel_case_name(word, names[word])
                if word in names
                else self._run_together(word)
            )
        ]

    def _camel_case_name(self, word: str, parts: tuple[str, ...]) -> tuple[str, ...]:
        if any(t in self._known for t in terms(word)) or f" {' '.join(parts)} " not in self._spaced:
            return (word,)  # a field no note writes ("ipBlock") is a subject the notes lack
        return parts

    def _run_together(self, word: str) -> tuple[str, ...]:
        if (
            len(word) < 2 * MIN_RUN_TOGETHER_PART
            or word in self._written
            or word in english_words()
            or any(t in self._known for t in terms(word))
        ):
            return (word,)
        return read_apart(word, self._written, MIN_RUN_TOGETHER_PART)

    def flags_noted(self, text: str) -> list[tuple[str, list[int]]]:
        """The command-line flags of several words a text writes ("--enable-cri") that notes
        name, each with the notes naming it."""
        return [
            (flag, list(self._postings[_stem(flag)]))
            for flag in written_flags(text)
            if _stem(flag) in self._postings
        ]

    def notes_using(self, term: str) -> int:
        """How many notes use an index term: one says it is specific, dozens that it is common."""
        return len(self._postings.get(term, ()))

    def read(self, question: str) -> Query:
        """The question's concepts, each weighted by its rarity in the notes.

        A pasted log or command (in backticks) is evidence, not the ask: its words find notes
        but weigh PASTE_WEIGHT of the prose's in how much of the question a note names."""
        question = _PLANNED.sub("planned", without_answer_framing(without_issue_template(question)))
        question = _INNER_APOSTROPHE.sub("", _STATUS_OF.sub("of", question))
        unpasted = self._without_example_values(plain_text(_PASTE.sub(" ", question)))
        prose = self._without_the_askers_own(
            [
                self.spell(w)
                for w in self.words_apart(surface_tokens(unpasted), camel_case_parts(unpasted))
                if w not in CHAT_WORDS  # "btw", "lol", "cc": chat, not a subject the notes lack
            ]
        )
        pasted_text = " ".join(_PASTE.findall(question))
        pasted = surface_tokens(plain_text(pasted_text))
        # A flag a note names, pasted with the error it caused ("`unknown flag: --babysit-
        # daemons`"), is what the question is about: it weighs as the prose does.
        named = [f for f in FLAG.findall(pasted_text) if _stem(f) in self._postings]
        prose += [f for f in named if f not in prose]
        pasted = [w for w in pasted if w not in named]
        # The background before the ask ("we run calico on 300 nodes. is ...?") says less of
        # what the question is about than the ask itself. The ask is found by its asking words
        # only: taking a clause that asks with nothing but its question mark as the ask too
        # refitted the decision to one more right answer in 501 kept-apart questions, but took
        # a long message's answer below the threshold.
        ask = asking_part(unpasted, marked=False)
        asked = (
            None
            if ask is None
            else {
                self.spell(w) for w in self.words_apart(surface_tokens(ask), camel_case_parts(ask))
            }
        )
        # A release named before the ask is where the asker runs Kubernetes or what they
        # compare it with, even when the ask itself names nothing ("... what changed?").
        releases = releases_named(prose, asked, self._versioned)
        if asked is not None and asked <= STOPWORDS | CLAIM_TAGS | _MATURITY_SAID | _FILE_SAID:
            # "is that true", "right?", "is that stable?": the ask names nothing but a level
            # checked, and points back at the message.
            asked = None
        # An ask pointing back ("... someone mentioned Frakti. what's its status?") asks about
        # what the background names that few notes name: it is asked, not background.
        points_back = ask is not None and not POINTING_BACK_WORDS.isdisjoint(surface_tokens(ask))
        concepts: list[Concept] = []
        seen: dict[frozenset[str], int] = {}  # each concept's terms, and where it is listed
        for words, paste in ((prose, False), (pasted, True)):
            # A paste asked about in everyday words only ("`kube-controller-manager --flag`
            # still honored?") is what the question is about: it weighs as the prose would.
            factor = PASTE_WEIGHT if paste and any(not c.everyday for c in concepts) else 1.0
            said_words = [
                w
                for i, w in enumerate(words)
                if w not in STOPWORDS and not go_is_the_verb(words, i)
            ]
            for said, meanings in self.synonyms.groups(said_words):
                background = asked is not None and not paste and asked.isdisjoint(said)
                concept = self._concepts(said, meanings, factor, background)
                if concept is None:
                    continue
                if points_back and not concept.asked and self._names_few(concept) and not paste:
                    concept = self._concepts(said, meanings, factor, False)
                    if concept is None:
                        continue
                at = seen.get(concept.terms)
                if at is None:
                    seen[concept.terms] = len(concepts)
                    concepts.append(concept)
                elif concept.asked and not concepts[at].asked:
                    # Said in the background and asked again ("the CSR controller was split
                    # up; into which controllers?"): it is asked.
                    concepts[at] = concept
        return Query(question, tuple(concepts), releases)

    def _concept(
        self,
        said: tuple[str, ...],
        meanings: tuple[tuple[str, ...], ...],
        factor: float,
        background: bool,
    ) -> Concept | None:
        """The concept of words said with these meanings, weighed as said in the prose (factor
        1) or a paste (PASTE_WEIGHT), in the ask or the background; None when it has no words."""
        wordings = tuple(w for w in map(wording, (said, *meanings)) if w is not None)
        if not wordings:
            return None
        terms = frozenset(t for w in wordings for t in w.terms)
        rarity = [r for w in wordings if (r := self._rarity(w)) is not None]
        known = any(t in self._known for t in terms)
        weight = max(rarity) if rarity else (UNKNOWN_IDF if not known else 0.5)
        if not rarity and len(said) == 1 and said[0] in english_words():
            # An everyday word no note uses ("trick", "nukes", "bolt on") is as often how the
            # asker talks as a subject the notes lack: it weighs no more than a known one.
            weight = min(weight, EVERYDAY_UNKNOWN_IDF)
        weight *= BACKGROUND_WEIGHT if background else factor
        return Concept(
            wordings,
            weight,
            known,
            noted=bool(rarity),
            asked=factor == 1.0 and not background,
            everyday=len(said) == 1 and said[0] in english_words(),
        )

    def _without_example_values(self, text: str) -> str:
        """The text with the values given to flags kept only where the notes name them: in
        "--resource-name=foo,bar" or "--user=alice,bob" the flag is the subject and the values
        are the asker's own; in "--feature-gates=AffinityInAnnotations=true" the gate is named.
        kubectl's one-letter flags are read as what they stand for ("-l app=web": a label
        selector, "-c sidecar": a container), and "logs -f" as following the log."""

        def named(value: str) -> list[str]:
            return [
                part
                for part in _VALUE_PARTS.split(value)
                if part.casefold() not in PLACEHOLDERS
                and any(t in self._known for t in terms(part))
            ]

        text = _FLAG_VALUE.sub(
            lambda found: " ".join((found.group(1), *named(found.group(2)))), text
        )
        text = _FOLLOWED_LOGS.sub(r"\1 follow", text)
        return _SHORT_FLAG.sub(
            lambda found: " ".join(("", SHORT_FLAGS[found.group(1)], *named(found.group(2)), "")),
            text,
        )

    def _without_the_askers_own(self, words: list[str]) -> list[str]:
        """The words without a name neither the notes nor the curated entries know said right
        after "our" or "my" ("on our RHEL nodes", "my acme-prod cluster"): the asker's own
        setting, which no note could name, not a subject the notes lack."""
        return [
            word
            for i, word in enumerate(words)
            if not (
                i > 0
                and words[i - 1] in OWNING_WORDS
                and not any(t in self._known for t in terms(word))
            )
        ]

    def _names_few(self, concept: Concept) -> bool:
        """Whether a concept is a name few notes use: not an everyday word, and some wording of
        it used by no more than POINTED_NOTES notes."""
        return (
            concept.noted
            and not concept.everyday
            and any(0 < self.notes_using(t) <= POINTED_NOTES for t in concept.terms)
        )

    def _rarity(self, said: Wording) -> float | None:
        """A wording's idf on a 0-1 scale (a phrase's mean), or None if no note uses it."""
        return self._rarity_of(tuple(said.terms.items()), said.phrase)

    def _rarity_of(self, terms: tuple[tuple[str, float], ...], phrase: bool) -> float | None:
        idf = [self._idf[t] * f for t, f in terms if t in self._idf]
        if not idf:
            return None
        value = sum(idf) / len(terms) if phrase else max(idf)
        return value / self._max_idf

    def _concept_scores(self, concept: Concept) -> tuple[Mapping[int, float], float]:
        """Each note's BM25 for a concept (its best wording's), and the most it could score."""
        return self._scored(tuple((tuple(w.terms.items()), w.phrase) for w in concept.wordings))

    def _score_concept(
        self, wordings: tuple[tuple[tuple[tuple[str, float], ...], bool], ...]
    ) -> tuple[dict[int, float], float]:
        best: dict[int, float] = {}
        for terms, phrase in wordings:
            for index, value in self._score_wording(terms, phrase).items():
                if value > best.get(index, 0.0):
                    best[index] = value
        rarest = max(
            (self._rarity_of(terms, phrase) or 0.0 for terms, phrase in wordings), default=0.0
        )
        return best, rarest * self._max_idf * (BM25_K1 + 1)

    def _score_wording(
        self, terms: tuple[tuple[str, float], ...], phrase: bool
    ) -> dict[int, float]:
        """Each note's BM25 for one wording: its best term, or a phrase's words together."""
        found: dict[int, float] = {}
        for term, factor in terms:
            idf = self._idf.get(term)
            if idf is None:
                continue
            for index in self._postings[term]:
                tf = self._frequency[index][term]
                value = factor * idf * tf * (BM25_K1 + 1) / (tf + self._norm[index])
                if phrase:
                    found[index] = found.get(index, 0.0) + value / len(terms)
                elif value > found.get(index, 0.0):
                    found[index] = value
        return found

    def search(self, query: Query, limit: int = 10) -> list[Hit]:
        """The best notes for a query, best first: each concept scores its best wording once."""
        scores: dict[int, float] = {}
        ceiling = 0.0
        for concept in query.concepts:
            best, most = self._concept_scores(concept)
            for index, value in best.items():
                scores[index] = scores.get(index, 0.0) + value
            ceiling += most
        ceiling = ceiling or 1.0
        # BM25 finds the candidates; among them, a note that names more of the question leads.
        candidates = heapq.nsmallest(
            limit * 3, scores.items(), key=lambda item: (-item[1], item[0])
        )
        asked = query.terms
        ranked = []
        shares: dict[frozenset[str], float] = {}  # many candidates name the same few terms
        for index, score in candidates:
            named = frozenset(asked & self._frequency[index].keys())
            share = shares.get(named)
            if share is None:
                share = shares[named] = query.named_share(named)
            ranked.append((-_rank(score, share), index, score, share, named))
        # Ordered as their hits rank; only the best become hits.
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [
            Hit(index, score, share, score / ceiling, named)
            for _, index, score, share, named in ranked[:limit]
        ]

    def coverage(self, query: Query, text: str) -> float:
        """The weighted share of the question's concepts that a text names."""
        return self.coverage_of(query, text_terms(text))

    @staticmethod
    def coverage_of(query: Query, present: frozenset[str]) -> float:
        """The weighted share of the question's concepts among `present` terms."""
        return query.named_share(query.terms & present)
