"""Answers from the release notes: a fact from the tables, a category digest, or the notes."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from bot.core.matching.fact_types import (
    asked_in,
)
from bot.core.matching.lexicon import english_stems
from bot.core.matching.reading import asking_part, is_thanks
from bot.core.notes.decision import Decision, asks_api, asks_how_to, features
from bot.core.notes.generate import NotesKnowledge
from bot.core.notes.index import (
    FROM_WORDS,
    STOPWORDS,
    Concept,
    Hit,
    NotesIndex,
    Query,
    go_is_the_verb,
    names_release,
    surface_tokens,
    terms,
    text_terms,
    weighted_terms,
    word_terms,
)
from bot.core.notes.mrkdwn import first_sentence, shorten, split_sentences, visible_length
from bot.core.notes.parse import DEPENDENCIES_SECTION, Download, Note
from bot.core.notes.settings import (
    ANSWER_PROBABILITY,
    DIGEST_ITEM_CHARS,
    DIGEST_ITEMS,
    GROUPING_SECTIONS,
    IDENTIFYING_NOTES,
    MAX_NOTE_CHARS,
    MAX_NOTES,
    MAX_REPLY_CHARS,
    MIN_OTHER_RELEASE_TERMS,
    RELATED_COVERAGE,
    RELATED_SHARE,
    SECTION_ALIASES,
    SUGGEST_PROBABILITY,
    SUGGEST_SHARE,
    SUGGESTION_TITLE_CHARS,
    VERSION_RIVAL_SHARE,
    VERSION_RIVALS,
)
from bot.core.notes.vetoes import (
    NAME_ASKED,
    asks_a_date_of_the_dependencies,
    asks_an_unwritten_version,
    asks_for_the_unnoted,
    asks_how_of_an_announcement,
    asks_if_the_unnoted_exists,
    asks_of_a_rival_provider,
    asks_of_a_rival_tool,
    asks_support_for_the_unsaid,
    asks_to_enable_the_unnoted,
    asks_what_a_components_release_changed,
    lacks_what_is_asked,
    names_a_rival_command,
    names_a_rival_identifier,
    names_an_unnoted_product,
    names_an_unwritten_version,
    names_only_the_setting,
    names_the_rivals_identifier,
    names_what_is_set_aside,
    one_word_shared_by_the_best,
)

Kind = Literal["notes", "digest", "fact"]
# "which binary do I run", "what binary should we deploy": a program to run, not a file.
_PROGRAM_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:binary|binaries|executable|program|component)\s+"
    r"(?:do|does|should|must|would|will|to)\s+(?:i\s+|we\s+|you\s+|one\s+)?(?:need\s+to\s+)?"
    r"(?:run|use|deploy|start|launch|install)\b",
    re.IGNORECASE,
)
# Categories of notes by flag; a question made of nothing but a category's words asks for it.
CATEGORIES: Mapping[str, tuple[str, str]] = {
    "action-required": ("Action required before upgrading", "action required before upgrading"),
    "known-issues": ("Known issues", "known issues bugs problems caveats gotchas"),
    "deprecations": (
        "Deprecations and removals",
        "deprecated deprecations removed removals dropped drop",
    ),
}
# Words that only frame a list question: "what changed in kubectl", "list all kubeadm changes".
LIST_WORDS = frozenset(
    terms(
        "list all summary summarize overview digest rundown recap roundup tldr gist everything "
        "anything important notable major "
        "main key biggest top whats new news updates updated update improvements improved "
        "differences different difference highlights features fixes fixed bug bugs item items "
        "section area component components part upgrade upgrading upgraded before after must "
        "required require action actions should stuff changelog note notes release "
        "deprecated deprecation deprecations removed removal removals dropped known issue issues "
        "problems caveats gotchas breaking changes plan planning"
    )
)
# What a whole cluster is upgraded as: "upgrade my cluster", "upgrading nodes and masters".
UPGRADED_WHOLE = frozenset(
    terms("cluster clusters node nodes master masters control plane everything prod production")
)
DOWNLOAD_WORDS = frozenset(terms("download downloads binary binaries tarball tar.gz archive grab"))
CHECKSUM_WORDS = frozenset(terms("sha256 sha256sum shasum sha hash checksum checksums"))
# The external dependencies the notes list versions for, and words that ask for a version.
# "golang" is "go" (release-notes-synonyms.yaml), so it names the same one.
DEPENDENCIES = frozenset(terms("docker etcd go rkt"))
_VERSION_WORDS = """
version versions release releases validated supported recommended compatible tested works work
which minimum issue issues problem problems bug bugs known validate pin pinned
"""
VERSION_WORDS = frozenset(_VERSION_WORDS.split())
VERSION_TERMS = frozenset(terms(_VERSION_WORDS))
# Words asking whether a version is one the release was validated with, as typed: whether it
# runs with the release asks the same ("can i run docker 17.03 with 1.7").
_VALIDATION_WORDS = """
validated validate supported support supports compatible tested recommended certified ok okay
run runs running use using work works
"""
VALIDATION_WORDS = frozenset(_VALIDATION_WORDS.split())
VALIDATED = terms("validated")[0]  # the list of validated versions says so
_VERSION_NUMBER = re.compile(r"v?\d+(?:\.\d+)+\+?")
# A dependency's name with a version right after it: "docker &gt;= 1.13.1", "Go 1.8".
_VERSION_AFTER = r"\W{0,2}(?:version\s*|v|&gt;=\s*|>=\s*|=\s*)?\d+\.\d+"
PLATFORM_WORDS = frozenset(
    terms(
        "linux darwin windows amd64 arm64 arm 386 ppc64le s390x client server node src source "
        "kubectl"
    )
)
# Words that only frame a question for a fact: "where can I grab the link", "which one is best".
FACT_FRAME_WORDS = frozenset(
    terms(
        "link links url urls file files where find grab fetch official full complete page table "
        "dependency dependencies external information info better best recommend recommended "
        "goes pair paired pairs match matches built build builds compiled compile run runs "
        "running certified check checked ok okay fine safe good against publish published "
        "provide provided available verify verifying architecture architectures arch platform "
        "platforms cpu cpus os source sources box boxes machine machines host hosts ci node nodes "
        "worker workers upstream pin pinned pinning"
    )
)
# What people call a row by: the source tarball is "src", the client binaries are kubectl.
_ROW_ALIASES = {"src": "source", "client": "kubectl"}
_ARCHIVE_SUFFIX = re.compile(r"\.(?:tar\.gz|tgz|zip)$")


@dataclass(frozen=True)
class NotesAnswer:
    """An answer from the release notes and what it rests on."""

    kind: Kind
    id: str  # "rn-pr-46345" (a note), "digest-deprecations", "fact-downloads", "fact-rn-…"
    title: str
    text: str
    section: str
    probability: float
    notes: tuple[Note, ...] = ()
    flagged: bool = False  # a digest of a flag (deprecations, known issues, action required)
    downloads: tuple[Download, ...] = ()  # the download rows a platform question asked for


class NotesAnswerer:
    """The release notes, indexed once; `answer` is pure and thread-safe."""

    def __init__(
        self,
        knowledge: NotesKnowledge,
        synonyms: Mapping[str, Sequence[str]],
        decision: Decision,
        extra_vocabulary: Iterable[str] = (),
        curated_titles: Iterable[str] = (),
    ) -> None:
        self.knowledge = knowledge
        self.decision = decision
        self.index = NotesIndex(knowledge.notes, synonyms, extra_vocabulary)
        # What the curated entries are about, by their titles' words, where no note names it
        # ("golfnow", "kubecon"): a question asking about it is the curated knowledge's.
        titled = terms(" ".join(curated_titles))
        self._curated_subjects = frozenset(
            t for t in titled if not self.index.notes_using(t) and t not in english_stems()
        )
        self._ids = dict(zip(knowledge.notes, knowledge.ids, strict=True))
        # Each section name below the top level, by its words: "kubectl" names both
        # "kubectl (CLI)" under "Action Required Before Upgrading" and under "Notable Features".
        self._sections: dict[str, str] = {}
        # The sections each note is under, by their words, read once rather than per question.
        self._section_keys: dict[Note, frozenset[str]] = {}
        for note in knowledge.notes:
            keys = [_section_key(name) for name in note.section[1:]]
            for key, name in zip(keys, note.section[1:], strict=True):
                self._sections.setdefault(key, name)
            self._section_keys[note] = frozenset(keys)
        self._section_terms = {key: frozenset(key.split()) for key in self._sections}
        # The words of the sections every note of a section is under ("kubectl (CLI)" for "New
        # commands"), read once.
        self._parent_terms: dict[str, frozenset[str]] = {}
        for key in self._sections:
            under = [keys for keys in self._section_keys.values() if key in keys]
            parents = frozenset.intersection(*under) - {key}
            self._parent_terms[key] = frozenset(t for p in parents for t in self._section_terms[p])
        # Each alias as typed, with its index terms, and the section it names (if there is one).
        self._section_aliases = [
            (f" {alias} ", frozenset(terms(alias)), key)
            for alias, target in SECTION_ALIASES.items()
            if (key := _section_key(target)) in self._sections
        ]
        # The sections each term names, in the sections' order: a question's category is looked
        # for only among the sections its words name.
        self._sections_naming: dict[str, list[str]] = {}
        for key, section_terms in self._section_terms.items():
            for term in section_terms:
                self._sections_naming.setdefault(term, []).append(key)
        self._download_terms = (
            frozenset(
                t
                for d in knowledge.downloads
                for t in _row_words(d)
                | text_terms(d.filename)
                | text_terms(_ARCHIVE_SUFFIX.sub("", d.filename))
                | _platform_terms(d)
            )
            | DOWNLOAD_WORDS
            | CHECKSUM_WORDS
            | FACT_FRAME_WORDS
        )
        self._note_terms = [
            text_terms(note.text) if note.section[:1] == (DEPENDENCIES_SECTION,) else frozenset()
            for note in knowledge.notes
        ]
        self._heading_terms = {
            note.section: text_terms(" ".join(note.section)) for note in knowledge.notes
        }

    def read(self, question: str) -> Query:
        """The question as the notes index reads it."""
        return self.index.read(question)

    def hits(self, query: Query) -> list[Hit]:
        """The notes nearest the question, best first; none for a thank-you.

        The external dependencies' notes (Docker's, etcd's, Go's, rkt's versions and known
        issues) only for a question naming a dependency or asking for versions: "is that a
        known issue" of the API server is not asked of rkt's known issues."""
        if is_thanks(query.text):
            return []
        hits = self.index.search(query)
        if query.terms.isdisjoint(_DEPENDENCY_CUES):
            hits = [
                h for h in hits if self.index.notes[h.note].section[:1] != (DEPENDENCIES_SECTION,)
            ]
        return self._stating_the_version_first(query, hits)

    def _stating_the_version_first(self, query: Query, hits: list[Hit]) -> list[Hit]:
        """The hits with a near one stating a version first, when the question asks for a
        version the best states none ("which cluster autoscaler release": "Cluster Autoscaler
        0.6", not the fix to its logging)."""
        if not hits or "version" not in asked_in(query.text):
            return hits
        api = asks_api(query)
        if self.index.states_version(hits[0].note, query.releases, api):
            return hits
        best = hits[0]
        # What the story before the ask names ("flaky dns from the addon") is no rival's due:
        # of the near notes stating a version, the one naming most of the ask comes first, if
        # it names nearly as much of it as the best note.
        ask = query.ask
        rivals = [
            (self.index.coverage_of(ask, hit.named), -at, at)
            for at, hit in enumerate(hits[1:VERSION_RIVALS], 1)
            if hit.rank >= VERSION_RIVAL_SHARE * best.rank
            and self.index.states_version(hit.note, query.releases, api)
        ]
        if not rivals:
            return hits
        named, _, at = max(rivals)
        if named < RELATED_COVERAGE * self.index.coverage_of(ask, best.named):
            return hits
        return [hits[at], *hits[:at], *hits[at + 1 :]]

    def search(self, query: Query) -> tuple[list[Hit], float]:
        """The best notes for a question and the probability that the best one answers it."""
        hits = self.hits(query)
        return hits, self.decision.probability(self.features(query, hits))

    def features(self, query: Query, hits: Sequence[Hit]) -> dict[str, float]:
        """What the decision weighs for the best of these hits."""
        return features(
            query,
            hits,
            self.shown_count(hits),
            self.index.notes_using,
            self.index.states_version,
            self.index.states_maturity,
        )

    def shown_count(self, hits: Sequence[Hit]) -> int:
        """How many of the best hits lead the answer together, before the first one left out."""
        shown = {note.text for note in self.shown(hits)}
        return next(
            (i for i, h in enumerate(hits) if self.index.notes[h.note].text not in shown),
            len(hits),
        )

    def shown(self, hits: Sequence[Hit]) -> list[Note]:
        """The best note and up to two more that score nearly as well, without repeats."""
        if not hits:
            return []
        shown = [self.index.notes[hits[0].note]]
        for hit in hits[1:]:
            note = self.index.notes[hit.note]
            if len(shown) >= MAX_NOTES or hit.rank < RELATED_SHARE * hits[0].rank:
                break
            if hit.coverage < RELATED_COVERAGE * hits[0].coverage:
                continue
            if all(note.text != s.text for s in shown):
                shown.append(note)
        return shown

    def specific(
        self,
        query: Query,
        searched: tuple[list[Hit], float] | None = None,
        threshold: float = ANSWER_PROBABILITY,
    ) -> NotesAnswer | None:
        """The one to three notes that answer a specific question, if confident enough."""
        hits, probability = searched if searched is not None else self.search(query)
        if not hits or probability < threshold:
            return None
        shown = self.shown(hits)
        if self._names_its_identifier(query, hits[0], asked_only=False) and not any(
            self._names_its_identifier(query, hit, asked_only=False) for hit in hits[1 : len(shown)]
        ):
            # The question names what only this note names, in its ask or before it ("we set
            # AffinityInAnnotations=true"): the note is the answer whole, not an excerpt beside
            # its neighbours.
            shown = shown[:1]
        if (
            lacks_what_is_asked(query, shown)
            or asks_an_unwritten_version(query.text, shown)
            or names_an_unwritten_version(query, shown)
            or asks_how_of_an_announcement(query, shown)
            or names_the_rivals_identifier(query.text, " ".join(note.text for note in shown))
            or asks_of_a_rival_provider(query, shown[0])
            or asks_of_a_rival_tool(query, shown[0])
            or names_a_rival_identifier(query, shown[0])
            or names_a_rival_command(query, shown[0])
            or asks_support_for_the_unsaid(query, hits[0])
            or names_what_is_set_aside(query, hits[0])
            or asks_what_a_components_release_changed(query)
            or asks_if_the_unnoted_exists(query)
            or asks_to_enable_the_unnoted(query)
            or names_an_unnoted_product(query)
            or names_only_the_setting(query)
            or asks_for_the_unnoted(query, _LISTED)
            or self._asks_of_a_curated_subject(query)
            or self._names_a_heading_alone(hits)
            or one_word_shared_by_the_best(hits)
            or asks_a_date_of_the_dependencies(query, shown)
        ):
            return None
        top = shown[0]
        if top.section[:1] == (DEPENDENCIES_SECTION,):
            shown = [n for n in shown if n.section[:1] == (DEPENDENCIES_SECTION,)]
            kind: Kind = "fact"
        else:
            kind = "notes"
        text = self._render_notes(shown, query)
        top_id = self._ids[top]
        return NotesAnswer(
            kind,
            f"fact-{top_id}" if kind == "fact" else top_id,
            first_sentence(top.text, 90),
            text,
            " › ".join(top.section),
            probability,
            tuple(shown),
        )

    def flag_note(self, query: Query, beside: str) -> NotesAnswer | None:
        """The one note naming a command-line flag the question writes and `beside` (an answer
        already given) does not: "we set --enable-cri=true, will that break on 1.7" is asked of
        the note removing that flag, whatever highlight the rest of it matches."""
        # A flag of several words, written as such by one note: "--help" or "--foo" name
        # nothing, and a command line of several flags is the asker's setup, not the ask.
        flags = self.index.flags_noted(query.text)
        if len(flags) != 1:
            return None
        flag, naming = flags[0]
        note = self.index.notes[naming[0]]
        if len(naming) > 1 or f"--{flag}" in beside.casefold() or f"--{flag}" not in note.text:
            return None
        return self._choice(note, query, 1.0)

    def _names_a_heading_alone(self, hits: Sequence[Hit]) -> bool:
        """Whether the question names only the heading the best note is under, as it names
        another note under it ("the major themes of 1.7"): it asks for the section, of which one
        note is a part."""
        top = hits[0]
        section = self.index.notes[top.note].section
        if not top.named or not top.named <= self._heading_terms[section]:
            return False
        return any(
            hit.named == top.named and self.index.notes[hit.note].section == section
            for hit in hits[1:]
        )

    def _asks_of_a_curated_subject(self, query: Query) -> bool:
        """Whether the question asks about what a curated entry is about and no note names
        ("which media group does golfnow belong to"), as a name, not an everyday word: a note
        sharing the question's other words ("group") is not about it."""
        return any(
            c.asked and not c.noted and not c.everyday and c.terms & self._curated_subjects
            for c in query.concepts
        )

    def offered(self, query: Query, searched: tuple[list[Hit], float]) -> list[NotesAnswer]:
        """The notes worth a "did you mean" when none answers with confidence, each on its own.

        Each is offered, never the answer: its title is its first sentence and section."""
        hits, probability = searched
        if hits and probability < SUGGEST_PROBABILITY:
            probability = self.decision.offer_probability(self.features(query, hits))
        # A note naming what the question identifies, in its ask or the background before it,
        # leads the choices, however an everyday word of the question ranks another
        # ("--some-flag still honored?", "kubectl proxy --www at a missing folder: complain?").
        identifying = next(
            (
                i
                for i, hit in enumerate(hits[:MAX_NOTES])
                if self._names_its_identifier(query, hit, asked_only=False)
            ),
            None,
        )
        if identifying is not None:
            hits = [hits[identifying], *hits[:identifying], *hits[identifying + 1 :]]
            probability = max(probability, SUGGEST_PROBABILITY)
        if not hits or probability < SUGGEST_PROBABILITY:
            return []
        choices: list[NotesAnswer] = []
        for hit in hits:
            note = self.index.notes[hit.note]
            if len(choices) >= MAX_NOTES or hit.rank < SUGGEST_SHARE * hits[0].rank:
                break
            if any(note.text == c.notes[0].text for c in choices):
                continue
            if lacks_what_is_asked(query, [note]):
                continue
            share = min(hit.rank / hits[0].rank, 1.0) if hits[0].rank else 1.0
            choices.append(self._choice(note, query, probability * share))
        return choices

    def _names_its_identifier(self, query: Query, hit: Hit, asked_only: bool = True) -> bool:
        """Whether the question names something only this note and at most IDENTIFYING_NOTES
        others name, in a word no English text uses ("hardPodAffinitySymmetricWeight",
        "retainKeys"): whatever else it asks, that note is worth offering. `asked_only`: named
        in the ask, not only in the background before it."""
        return any(
            (concept.asked or not asked_only)
            and not concept.everyday
            and any(
                term in hit.named
                and term not in english_stems()
                and self.index.notes_using(term) <= IDENTIFYING_NOTES
                for term in concept.terms
            )
            for concept in query.concepts
        )

    def note_id(self, note: Note) -> str:
        """The note's own id ("rn-pr-46345"), as curated entries name what they restate."""
        return self._ids[note]

    def by_id(self, answer_id: str) -> NotesAnswer | None:
        """The answer a note's, a listed fact's or a digest's id stands for, without a question:
        what a "did you mean" button names is found again whatever was asked."""
        if answer_id.startswith("digest-"):
            return next(
                (
                    self._digest(flag, key)
                    for flag in (None, *CATEGORIES)
                    for key in (None, *self._sections)
                    if _digest_id(flag, None if key is None else self._sections[key]) == answer_id
                ),
                None,
            )
        wanted = answer_id.removeprefix("fact-")
        note = next((n for n, i in self._ids.items() if i == wanted), None)
        if note is None:
            return None
        found = self._choice(note, None, 1.0)
        return found if found.id == answer_id else None

    def _choice(self, note: Note, query: Query | None, probability: float) -> NotesAnswer:
        kind: Kind = "fact" if note.section[:1] == (DEPENDENCIES_SECTION,) else "notes"
        where = _section_name(note.section[-1]) or note.section[-1]
        # Plain text (a button's), cut at a word like any other: its first paragraph's sentence.
        plain = note.text.split(" · ", 1)[0].replace("*", "").replace("`", "")
        sentence = first_sentence(plain, len(plain))
        room = SUGGESTION_TITLE_CHARS - len(where) - 3
        if len(sentence) > room:
            sentence = sentence[: room - 1].rsplit(" ", 1)[0].rstrip(" ,;:(") + "…"
        return NotesAnswer(
            kind,
            f"fact-{self._ids[note]}" if kind == "fact" else self._ids[note],
            f"{sentence} ({where})",
            self._render_notes([note], query),
            " › ".join(note.section),
            probability,
            (note,),
        )

    def speaks_of_release(self, query: Query, found: NotesAnswer | None) -> bool:
        """Whether an answer to a question naming another release speaks of that release."""
        if found is None or not found.notes:
            return False
        top = found.notes[0]
        rest = [
            c for c in query.concepts if not c.terms & query.releases and not c.terms <= LIST_WORDS
        ]
        return len(rest) >= MIN_OTHER_RELEASE_TERMS and all(
            names_release(top.text, r) for r in query.releases
        )

    @staticmethod
    def confident_notes(searched: tuple[list[Hit], float]) -> int:
        """How many notes answer the question on their own with confidence."""
        hits, probability = searched
        if not hits or probability < ANSWER_PROBABILITY:
            return 0
        return sum(1 for h in hits if h.rank >= RELATED_SHARE * hits[0].rank)

    def category(self, query: Query) -> NotesAnswer | None:
        """A digest when the question is nothing but a category or a section ("kubectl changes")."""
        if asks_what_a_components_release_changed(query):
            return None  # "what's new in dashboard 1.6.1": its own release notes say, not these
        flags = _flags(query)
        # A release named here is the one upgraded from ("changes since 1.6"): not a section.
        rest = [c.terms for c in _rest(query)]
        key = None
        if rest:
            named = {k for t in rest[0] for k in self._sections_naming.get(t, ())}
            key = next(
                (
                    k
                    for k in self._sections
                    if k in named
                    and all(r & self._section_terms[k] for r in rest)
                    and all(any(t in r for r in rest) for t in self._section_terms[k])
                ),
                None,
            )
            if key is None:
                key = self._subsection(rest) or self._aliased_section(query, rest)
            if key is None:
                return None
        if (not flags and key is None) or len(flags) > 1:
            return None
        return self._digest(next(iter(flags), None), key)

    def _subsection(self, rest: list[frozenset[str]]) -> str | None:
        """The section a question names with the one it is under: "new kubectl commands" names
        "New commands", which only "kubectl (CLI)" holds; "kubectl features" names no one
        section, features being under every area."""
        said = {t for r in rest for t in r}
        named = {k for t in said for k in self._sections_naming.get(t, ())}
        for key, key_terms in self._section_terms.items():
            if key not in named or not key_terms <= said:
                continue  # the question does not say the section's whole name
            parent_terms = self._parent_terms[key]
            if all(r & (key_terms | parent_terms) for r in rest) and any(
                r & parent_terms and not r & key_terms for r in rest
            ):
                return key
        return None

    def _aliased_section(self, query: Query, rest: list[frozenset[str]]) -> str | None:
        """The section a question names by what people call its part of Kubernetes, when it
        asks for changes: "kubelet changes" names Node Components; "what does the kubelet do"
        asks what the notes never say."""
        words = surface_tokens(query.text)
        if _CHANGE_CUES.isdisjoint(t for w in words for t in word_terms(w)):
            return None  # no word asks for changes
        said = f" {' '.join(words)} "
        named = {
            key
            for alias, alias_terms, key in self._section_aliases
            if alias in said and all(r & alias_terms for r in rest)
        }
        return next(iter(named)) if len(named) == 1 else None

    @staticmethod
    def names_beyond(query: Query, text: str) -> bool:
        """Whether the question names something, beside the words framing a list, that `text`
        does not say whole: "what changed in the kubelet" names more than "the node authorizer",
        "api server changes" more than "API aggregation"."""
        said = text_terms(text)
        return any(c.said(said.__contains__) < 1.0 for c in _rest(query))

    def offered_digest(self, query: Query) -> NotesAnswer | None:
        """The digest of the one category a question names beside what notes name but no
        section is called ("known issues with gpus"): worth offering, not answering."""
        flags, rest = _flags(query), _rest(query)
        if len(flags) != 1 or not rest or not all(c.noted for c in rest):
            return None
        found = self._digest(next(iter(flags)), None)
        return replace(found, probability=SUGGEST_PROBABILITY) if found is not None else None

    def _digest(self, flag: str | None, key: str | None) -> NotesAnswer | None:
        section = self._sections[key] if key is not None else None
        notes = [n for n in self.knowledge.notes if key is None or key in self._section_keys[n]]
        if flag is not None:
            notes = [n for n in notes if _flagged(n, flag)]
        if not notes:
            return None
        title = CATEGORIES[flag][0] if flag else f"Changes in {_section_path(notes, section)}"
        if flag and section:
            title += f" for {section}"
        # The part of the notes holding most of them (the first, of parts as large): "kubectl"
        # is two action-required items and three dozen notable features.
        tops = Counter(n.section[:1] for n in notes)
        url = self.knowledge.section_url(tops.most_common(1)[0][0])
        return NotesAnswer(
            "digest",
            _digest_id(flag, section),
            title,
            self._render_digest(title, notes, url),
            section or title,
            1.0,
            tuple(notes),
            flagged=flag is not None,
        )

    def dependency(self, query: Query) -> NotesAnswer | None:
        """The listed versions of docker, etcd, Go or rkt when a question asks for them."""
        # Each dependency once, however many words name it ("go toolchain"), in the order asked.
        named = list(
            dict.fromkeys(t for c in query.concepts for t in sorted(c.terms & DEPENDENCIES))
        )
        said = surface_tokens(query.text)
        if _goes_only_as_a_verb(said):
            named = [d for d in named if d != "go"]  # "when we go to 1.8" moves the cluster
        # A version number asks about that version ("is docker 1.12.6 ok").
        asks = VERSION_WORDS & set(said) or any(_VERSION_NUMBER.fullmatch(w) for w in said)
        if not named or not asks:
            return None
        picked: list[int] = []
        for dependency in named:
            listed = [
                i
                for i, note in enumerate(self.index.notes)
                if note.section[:1] == (DEPENDENCIES_SECTION,) and dependency in self._note_terms[i]
            ]
            if not listed or not all(
                any(names_release(self.index.notes[i].text, r) for i in listed)
                for r in query.releases
            ):
                return None  # none listed, or asked for another release ("docker for 1.9")
            # The listed note that names most of the question; the list's own order breaks a
            # tie (the validated Docker versions come before the pointer to Docker 1.13's issues).
            best = max(
                listed, key=lambda i: (self.index.coverage_of(query, self._note_terms[i]), -i)
            )
            # Whether a version is validated is answered by the versions that are, first; a note
            # naming that version ("issues with Docker 1.13.X") follows.
            validating = next((i for i in listed if VALIDATED in self._note_terms[i]), best)
            if not VALIDATION_WORDS.isdisjoint(said) and validating != best:
                picked.append(validating)
            picked.append(best)
        shown = [self.index.notes[i] for i in dict.fromkeys(picked)]
        stated = (
            frozenset(t for i in picked for t in self._note_terms[i])
            | VERSION_TERMS
            | FACT_FRAME_WORDS
        )
        # What the asker is doing before an ask naming the dependency ("building from source with
        # go1.7.5 fails. which go version is needed?") need not be stated.
        ask = asking_part(query.text, marked=False)
        asked_only = (
            ask is not None
            and bool(VERSION_WORDS & set(surface_tokens(ask)))
            and bool(DEPENDENCIES & set(terms(ask)))
        )
        if not (
            _states_all(query, stated, asked_only)
            or _asks_if_validated(query, stated)
            or _states_the_ask(query, stated, DEPENDENCIES, VERSION_TERMS)
        ):
            return None  # asks what the list does not hold: a size, a rival, another version
        # A note elsewhere that states a version of it and names more of the question follows
        # the list: "shared pid namespace needs which docker" is the node note's docker >= 1.13.1.
        listed_coverage = max(self.index.coverage_of(query, self._note_terms[i]) for i in picked)
        elsewhere = next(
            (
                hit.note
                for hit in self.hits(query)[:MAX_NOTES]
                if self.index.notes[hit.note].section[:1] != (DEPENDENCIES_SECTION,)
                and hit.coverage >= listed_coverage
                and any(
                    _states_version_of(self.index.notes[hit.note].text, dependency)
                    for dependency in named
                )
            ),
            None,
        )
        if elsewhere is not None:
            shown.append(self.index.notes[elsewhere])
        if asks_an_unwritten_version(query.text, shown):
            return None  # "what kernel version": the list names the kernel, versions Docker
        top = shown[0]
        return NotesAnswer(
            "fact",
            f"fact-{self._ids[top]}",
            first_sentence(top.text, 90),
            self._render_notes(shown, query),
            " › ".join(top.section),
            1.0,
            tuple(shown),
        )

    def downloads(self, query: Query) -> NotesAnswer | None:
        """The download rows a question about binaries, tarballs or checksums asks for."""
        asked = set(query.terms)
        wanted = asked & PLATFORM_WORDS
        # Asked for in the ask itself: a "hash collision" told before "does 1.7 fix that" is
        # no checksum asked for.
        asking = {t for c in query.concepts if c.asked for t in c.terms}
        if not asking & (DOWNLOAD_WORDS | CHECKSUM_WORDS) or self._asks_its_own_subject(query):
            return None
        if (
            not wanted
            and (NAME_ASKED.search(query.text) or _PROGRAM_ASKED.search(query.text))
            and not _named_files(query.text, self.knowledge.downloads)
        ):
            # "what's the binary called", "which binary do i run": the name of a program, which
            # no file row gives.
            return None
        # A hash asked for beside no file ("stuck on hash collisions in 1.6, which hash now?")
        # may be an algorithm: a checksum only when the whole question is about files.
        hash_alone = not asking & DOWNLOAD_WORDS and not asked & wanted
        rows = [d for d in self.knowledge.downloads if wanted <= _row_words(d)] if wanted else []
        # A file is asked for by its name and platform: what the asker says of their own
        # machines before the ask ("our build farm is power8") is theirs, not the file's.
        if (wanted and not rows) or not (
            _states_all(query, self._download_terms, asked_only=not hash_alone)
            or _states_the_ask(query, self._download_terms, DOWNLOAD_WORDS | CHECKSUM_WORDS)
        ):
            return None  # a file the table has no row for, or something no row states (a size)
        named = _named_files(query.text, self.knowledge.downloads)
        if named:
            rows = named
        elif asked & CHECKSUM_WORDS and not wanted and self.knowledge.downloads:
            # "sha256 of 1.7.0": the release's own archives, the first table.
            first = self.knowledge.downloads[0].section
            rows = [d for d in self.knowledge.downloads if d.section == first]
        url = self.knowledge.section_urls.get("Downloads for v1.7.0", self.knowledge.url)
        if rows:
            lines = [
                f"• <{d.url}|{d.filename}> ({d.section}), sha256 `{d.sha256}`" for d in rows[:5]
            ]
            more = f"\n…and {len(rows) - 5} more." if len(rows) > 5 else ""
            text = "*Downloads for v1.7.0*:\n" + "\n".join(lines) + more
        else:
            groups: dict[str, int] = {}
            for d in self.knowledge.downloads:
                groups[d.section] = groups.get(d.section, 0) + 1
            listed = ", ".join(f"{name} ({count})" for name, count in groups.items())
            main = self.knowledge.downloads[0] if self.knowledge.downloads else None
            text = f"The v1.7.0 downloads: {listed}." + (
                f" The full release: <{main.url}|{main.filename}>." if main else ""
            )
        text += f"\nAll files and checksums: <{url}|Downloads for v1.7.0>"
        return NotesAnswer(
            "fact",
            "fact-downloads",
            "Downloads for v1.7.0",
            text,
            "Downloads for v1.7.0",
            1.0,
            downloads=tuple(rows),
        )

    def _asks_its_own_subject(self, query: Query) -> bool:
        """Whether the ask names no file and something the download table does not state,
        though files were named before it: "... outside the core binaries. which component do
        we build for that?" asks for a component; "need the arm64 kubectl binary. where do i
        get it?" and "what's the ppc64le one?" point back at a file."""
        ask = asking_part(query.text)
        if ask is None:
            return False
        said = frozenset(terms(" ".join(w for w in surface_tokens(ask) if w not in STOPWORDS)))
        return not said & (DOWNLOAD_WORDS | CHECKSUM_WORDS) and not said <= self._download_terms

    def _excerpt(self, note: Note, query: Query, budget: int) -> str:
        """The note's first sentence and the sentences naming most of the question, in order."""
        sentences = split_sentences(note.text)
        separators = _separators(note.text, sentences)
        named = {i: self.index.coverage(query, sentences[i]) for i in range(1, len(sentences))}
        best = max(named.values(), default=0.0)
        if asks_how_to(asking_part(query.text) or query.text):
            # Asked how, a note's example shows it: the code it prints and the sentence leading
            # into it ("To activate default deny in the v1 API, you can create ...:") go first,
            # after whatever story the asker tells ("the annotation is gone, so how do I ...").
            for i in range(1, len(sentences)):
                if sentences[i].startswith("```"):
                    named[i] = best + 0.5
                    if i > 1 and sentences[i - 1].endswith(":"):
                        named[i - 1] = best + 1.0
        keep = {0}
        used = len(sentences[0])
        # What the first sentence says goes on in the next ("... dropped the flag. It is
        # accepted in 1.7, but ignored."): its consequence is part of the note's headline.
        if (
            len(sentences) > 1
            and _GOES_ON.match(sentences[1])
            and used + len(sentences[1]) + 3 <= budget
        ):
            keep.add(1)
            used += len(sentences[1]) + 3
        for i in sorted(named, key=lambda i: -named[i]):
            if named[i] >= best / 2 > 0 and used + len(sentences[i]) + 3 <= budget:
                keep.add(i)
                used += len(sentences[i]) + 3
                # The sentence after it that goes on about it ("These had no effect ...") is
                # part of what it says: its reason or its consequence.
                after = i + 1
                if (
                    after < len(sentences)
                    and after not in keep
                    and _GOES_ON.match(sentences[after])
                    and used + len(sentences[after]) + 3 <= budget
                ):
                    keep.add(after)
                    used += len(sentences[after]) + 3
        # Then the sentences next to those kept, nearest first: they carry their context.
        for i in sorted(range(len(sentences)), key=lambda i: min(abs(i - k) for k in keep)):
            if i not in keep and used + len(sentences[i]) + 3 <= budget:
                keep.add(i)
                used += len(sentences[i]) + 3
        parts: list[str] = []
        for i, sentence in enumerate(sentences):
            if i in keep:
                if i - 1 in keep:
                    parts.append(separators[i])
                elif parts:
                    parts.append(" ")
                parts.append(sentence)
            elif not parts or parts[-1] != "…":
                parts += [" ", "…"] if parts else ["…"]
        return "".join(parts)

    def note_lines(self, answer: NotesAnswer, query: Query, budget: int) -> list[str]:
        """An answer's notes as lines that fit in `budget` characters together."""
        lines: list[str] = []
        for note in answer.notes:
            room = budget - sum(len(line) + 1 for line in lines)
            line = self._note_line(note, None)
            if len(line) > room:
                spare = room - (len(line) - len(note.text)) - 1
                if spare < MAX_NOTE_CHARS // 2:
                    break
                line = self._note_line(replace(note, text=self._excerpt(note, query, spare)), spare)
            if len(line) > room:
                break
            lines.append(line)
        return lines

    def _render_notes(self, notes: Sequence[Note], query: Query | None = None) -> str:
        head = "From the v1.7.0 release notes:\n"
        if len(notes) == 1:
            # One note alone may use the whole reply; a longer one keeps the sentences that
            # say what was asked.
            line = self._note_line(notes[0], None)
            overflow = len(head) + len(line) - MAX_REPLY_CHARS
            if overflow > 0 and query is not None:
                budget = len(notes[0].text) - overflow - 1
                line = self._note_line(
                    replace(notes[0], text=self._excerpt(notes[0], query, budget)), None
                )
            if len(head) + len(line) > MAX_REPLY_CHARS:
                limit = max(visible_length(notes[0].text) - overflow - 1, MAX_NOTE_CHARS)
                line = self._note_line(notes[0], limit)
            return head + line
        lines = [
            self._note_line(
                replace(note, text=self._excerpt(note, query, MAX_NOTE_CHARS))
                if query is not None and len(note.text) > MAX_NOTE_CHARS
                else note,
                MAX_NOTE_CHARS,
            )
            for note in notes
        ]
        while len(head) + len("\n".join(lines)) > MAX_REPLY_CHARS and len(lines) > 1:
            lines.pop()
        return head + "\n".join(lines)

    def _note_line(self, note: Note, limit: int | None) -> str:
        tag = f"[{note.maturity}] " if note.maturity else ""
        flag = "⚠️ *Action required:* " if note.action_required else ""
        flag = "*Known issue:* " if note.known_issue else flag
        where = f"_{' › '.join(note.section)}_"
        refs = ", ".join(f"<{r.url}|{r.label}>" for r in note.references[:2])
        link = refs or f"<{self.knowledge.section_url(note.section)}|release notes>"
        text = note.text if limit is None else shorten(note.text, limit)
        return f"• {flag}{tag}{text} ({where}, {link})"

    def _render_digest(self, title: str, notes: Sequence[Note], url: str) -> str:
        # What to do first, then what breaks, then the features the release team tagged with
        # their maturity (ThirdPartyResource's deprecation before a flag's).
        ordered = sorted(
            _by_subsection(notes),
            key=lambda n: (not n.action_required, not n.known_issue, not n.maturity),
        )
        unique: list[Note] = []
        for note in ordered:
            if all(note.text != u.text for u in unique):
                unique.append(note)
        action = sum(1 for n in unique if n.action_required)
        head = f"*{title}* in the v1.7.0 release notes: {len(unique)} item"
        head += "s" if len(unique) != 1 else ""
        head += f", {action} action required (listed first)" if action else ""
        lines = []
        for note in unique[:DIGEST_ITEMS]:
            mark = "⚠️ " if note.action_required else ""
            mark += f"[{note.maturity}] " if note.maturity else ""
            ref = note.references[0] if note.references else None
            cite = f" (<{ref.url}|{ref.label}>)" if ref else ""
            lines.append(f"• {mark}{shorten(note.text, DIGEST_ITEM_CHARS)}{cite}")
        more = len(unique) - DIGEST_ITEMS
        tail = f"\n…and {more} more: " if more > 0 else "\nSee "
        text = head + ":\n" + "\n".join(lines) + tail + f"<{url}|the release notes section>"
        while len(text) > MAX_REPLY_CHARS and lines:
            lines.pop()
            more += 1
            text = head + ":\n" + "\n".join(lines) + f"\n…and {more} more: <{url}|the section>"
        return text


def _by_subsection(notes: Sequence[Note]) -> list[Note]:
    """The notes taking turns by the section each is in, in the notes' order: the first of each
    subsection, then the second of each, so that a digest's few lines show every part of it
    ("New commands", "Updates to existing commands", "Bug fixes"), not the first part only."""
    parts: dict[tuple[str, ...], list[Note]] = {}
    for note in notes:
        parts.setdefault(note.section, []).append(note)
    turns = itertools.zip_longest(*parts.values())
    return [note for turn in turns for note in turn if note is not None]


_FROM_TERMS = frozenset(terms(" ".join(FROM_WORDS)))
_DEPENDENCY_CUES = DEPENDENCIES | frozenset(
    terms("version versions validated dependency dependencies golang runtime runtimes")
)
_CATEGORY_TERMS = {key: frozenset(terms(words)) for key, (_, words) in CATEGORIES.items()}
_LISTED = frozenset().union(*_CATEGORY_TERMS.values())  # what the notes list: "gotchas"
_ACTION_CUES = frozenset(terms("action required breaking before upgrading"))
_KNOWN_CUES = frozenset(terms("known caveats gotchas"))
_ACTION_NAMED = frozenset(terms("action required breaking"))
_CHANGE_CUES = frozenset(
    terms(
        "changes changed new news updates updated improvements improved differences highlights "
        "features fixes fixed bugs notable"
    )
)


def _section_path(notes: Sequence[Note], section: str | None) -> str | None:
    """A section's name after the areas it is under when its notes share them ("New commands"
    after "kubectl (CLI)"); its name alone when they do not ("Features" is under every area).
    Headings that only group ("Other notable changes", "Features") are left out."""
    if section is None:
        return None
    paths = {n.section[1 : n.section.index(section)] for n in notes if section in n.section}
    if len(paths) != 1:
        return section
    return " › ".join([*(s for s in paths.pop() if s not in GROUPING_SECTIONS), section])


def _digest_id(flag: str | None, section: str | None) -> str:
    """A digest's id: "digest-deprecations", "digest-kubectl", "digest-known-issues-kubeadm"."""
    digest_id = "digest-" + "-".join(filter(None, (flag, _section_name(section))))
    return re.sub(r"[^a-z0-9]+", "-", digest_id.lower()).strip("-")


def _goes_only_as_a_verb(said: Sequence[str]) -> bool:
    """Whether every "go" said is the verb and no other word names the Go language."""
    return (
        "go" in said
        and not {"golang", "toolchain"} & set(said)
        and all(go_is_the_verb(said, i) for i, word in enumerate(said) if word == "go")
    )


def _states_version_of(text: str, dependency: str) -> bool:
    """Whether a note's text gives a version of a dependency (its index term, "docker")."""
    return re.search(rf"\b{dependency}\w*{_VERSION_AFTER}", text, re.IGNORECASE) is not None


def _flags(query: Query) -> set[str]:
    """The categories a question names with their cue: "known issues", "deprecated"."""
    asked = set(query.terms)
    flags = {
        key for key in CATEGORIES if _CATEGORY_TERMS[key] & asked and _category_cue(key, asked)
    }
    if {"action-required", "known-issues"} <= flags and asked.isdisjoint(_ACTION_NAMED):
        # "known issues to know about before upgrading": when they are asked, not what.
        flags.discard("action-required")
    return flags


def _rest(query: Query) -> list[Concept]:
    """What a question names beside the words framing a list and the release upgraded from;
    nothing when it asks of upgrading what is upgraded as a whole ("upgrade my cluster")."""
    framing = LIST_WORDS | _FROM_TERMS
    # A concept said in a framing word frames, whatever its synonyms ("dropped": "no longer").
    rest = [
        c
        for c in query.concepts
        if not any(w.terms.keys() <= framing for w in c.wordings) and not c.release
    ]
    if "action-required" in _flags(query) and all(c.terms <= UPGRADED_WHOLE for c in rest):
        return []  # nothing but the cluster upgraded: "kubeadm upgrade a cluster" names kubeadm
    return rest


# A sentence opening on a word that points back goes on about the one before it.
_GOES_ON = re.compile(r"(?:These|This|They|It|That|Those|Such|Otherwise)\b")


def _category_cue(key: str, asked: set[str]) -> bool:
    if key == "action-required":
        return bool(asked & _ACTION_CUES)
    if key == "known-issues":
        return bool(asked & _KNOWN_CUES) or asked <= LIST_WORDS
    return True


def _flagged(note: Note, flag: str) -> bool:
    return {
        "action-required": note.action_required,
        "known-issues": note.known_issue,
        "deprecations": note.deprecation,
    }[flag]


def _section_name(name: str | None) -> str | None:
    return re.sub(r"\(.*?\)", " ", name).strip() if name else None


def _section_key(name: str) -> str:
    """A section name by its whole words, without its aside: "kubectl (CLI)" is "kubectl"."""
    words = re.sub(r"\(.*?\)", " ", name).split()
    return " ".join(t for w in words for t in list(weighted_terms(w))[:1] if t not in STOPWORDS)


def _named_files(text: str, downloads: Sequence[Download]) -> list[Download]:
    """The downloads whose file name the question spells out, longest names first."""
    said = text.lower()
    named = [d for d in downloads if d.filename.lower() in said or _named_stem(d.filename, said)]
    return [d for d in named if not any(d.filename in o.filename != d.filename for o in named)]


def _named_stem(filename: str, said: str) -> bool:
    """Whether a question names a file by its name without the archive suffix, as a whole word:
    "kubernetes-server-linux-s390x sha256" (not "kubernetes", every file's first word)."""
    stem = _ARCHIVE_SUFFIX.sub("", filename.lower())
    return "-" in stem and re.search(rf"(?<![\w-]){re.escape(stem)}(?![\w-])", said) is not None


def _row_words(download: Download) -> set[str]:
    words = _ARCHIVE_SUFFIX.sub("", download.filename).replace("kubernetes", "")
    words = " ".join(f"{w} {_ROW_ALIASES.get(w, '')}" for w in words.replace("-", " ").split())
    return set(terms(words + " " + download.section.split()[0]))


def _platform_terms(download: Download) -> frozenset[str]:
    """A file's neighbouring name parts as one word, the way platforms are written together
    ("linux-amd64", "node-windows")."""
    parts = _ARCHIVE_SUFFIX.sub("", download.filename).split("-")
    return frozenset(t for a, b in itertools.pairwise(parts) for t in terms(f"{a}-{b}"))


def _separators(text: str, sentences: Sequence[str]) -> list[str]:
    """What joins each sentence to the one before it in `text`: " · " between a note's
    paragraphs ("have been validated · Docker version 1.12.6 known issues"), else a space."""
    separators = [""]
    end = text.find(sentences[0]) + len(sentences[0]) if sentences else 0
    for sentence in sentences[1:]:
        start = text.find(sentence, end)
        separators.append(" · " if "·" in text[end:start] else " ")
        end = start + len(sentence)
    return separators


def _asks_if_validated(query: Query, stated: frozenset[str]) -> bool:
    """Whether a question asks if a version the list leaves out is validated ("is docker 17.03
    validated"): the versions that are answer it. Its bugs ("known bugs in docker 17.03") are
    not the list's to tell."""
    unstated = [c for c in query.concepts if c.said(stated.__contains__) < 1.0 and not c.release]
    return (
        bool(unstated)
        and all(any(_VERSION_NUMBER.fullmatch(t) for t in c.terms) for c in unstated)
        and not VALIDATION_WORDS.isdisjoint(surface_tokens(query.text))
    )


def _states_the_ask(
    query: Query, stated: frozenset[str], cues: frozenset[str], asks: frozenset[str] | None = None
) -> bool:
    """Whether a fact states all that a question mark's clause asking for it names (one of `cues`
    and, if given, one of `asks`), whatever the rest of the message says of what the asker will
    do with it ("sha256 of the server tarball? want to pin it in our ansible")."""
    ask = asking_part(query.text, marked=True)
    said = frozenset(terms(ask)) if ask is not None else frozenset()
    return (
        bool(said & cues)
        and (asks is None or bool(said & asks))
        and _states_all(
            replace(query, concepts=tuple(c for c in query.concepts if c.terms & said)), stated
        )
    )


def _states_all(query: Query, stated: frozenset[str], asked_only: bool = False) -> bool:
    """Whether a fact states everything the question names, beside the words framing a list.

    Each whole: "kubectl.exe" is not stated by a table that lists no such file. With
    `asked_only`, the background before the ask and a pasted log need not be ("our build farm
    is power8. sha256 of the ppc64le node tarball?")."""
    return all(
        c.said(stated.__contains__) == 1.0 or c.terms <= LIST_WORDS | _FROM_TERMS or c.release
        for c in query.concepts
        if c.asked or not asked_only
    )
