"""One place that asks the curated knowledge first and the release notes second."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal

import yaml
from rapidfuzz.distance import OSA

from bot.core.knowledge import ENTRIES_FILE, Entry, KnowledgeBase, Link, read_yaml_with_fields
from bot.core.matcher import MAX_CANDIDATES, Candidate, Match, Matcher
from bot.core.matching.fact_types import AnswerType, answer_types, asked_in, asks_identifier
from bot.core.matching.lexicon import english_stems, english_words
from bot.core.matching.reading import names_the_announcement
from bot.core.matching.text import asks_what_a_later_release_did
from bot.core.notes.answer import NotesAnswer, NotesAnswerer
from bot.core.notes.decision import load_decision
from bot.core.notes.generate import CHANGELOG_URL, load_notes_knowledge
from bot.core.notes.index import (
    FLAG,
    STOPWORDS,
    Query,
    surface_tokens,
    terms,
    text_terms,
    written_flags,
)
from bot.core.notes.settings import (
    APPEND_PROBABILITY,
    APPENDED_NOTES_HEADING,
    COVERAGE_LEAD,
    MAX_REPLY_CHARS,
    NOTE_LINES_MARGIN,
    OFFER_SUBJECT_COVERAGE,
    RARE_NOTE_TERM_NOTES,
    RELEASE,
    UNSAID_SUBJECT_WEIGHT,
)
from bot.core.notes.vetoes import (
    actions_asked,
    asks_what_a_components_release_changed,
    flags_whose_value_is_asked,
    gives_a_value,
    names_the_rivals_identifier,
    written_actions,
)
from bot.core.yamltext import parse_yaml

NOTES_SYNONYMS_FILE = "release-notes-synonyms.yaml"
NOTES_SECTION = "Release notes"  # a release-notes answer's section starts with this
NOTES_SOURCE = f"<{CHANGELOG_URL}#v170|Kubernetes v1.7.0 release notes>"
AnswerKind = Literal["curated", "notes", "digest", "fact"]
# The maturity levels a question may check, as the notes index reads them.
MATURITY_TERMS = text_terms("alpha beta stable ga experimental")
# A curated synonym this few edits from its one-word meaning spells out a typo ("deamonset").
TYPO_EDITS = 2
MIN_TYPO_LENGTH = 5
# Kinds of fact whose absence from a highlight and the note it restates leaves the highlight
# offered, not given: "which containerd version does cri-containerd need".
DOUBTED_TYPES: frozenset[AnswerType] = frozenset(
    {"version", "number", "count", "price", "date", "person", "place", "cloud", "identifier"}
)
# A capitalised word after a lower-case word, not a sentence's start, or an acronym: a name.
_NAME_INSIDE_A_SENTENCE = re.compile(r"(?<=[a-z0-9,;] )[A-Z][A-Za-z0-9]+|\b[A-Z]{2,}[a-z]*\b")
# Below this, a note's probability does not outweigh the curated matcher's doubt about a word
# neither source writes.
DOUBTED_PROBABILITY = 0.6
# A question of at most this many words besides a flag asks about the flag.
FLAG_QUESTION_WORDS = 5


def answer_kind(entry_id: str | None) -> AnswerKind | None:
    """Which kind of answer an entry id stands for: curated, notes, digest or fact."""
    if entry_id is None:
        return None
    if entry_id.startswith("digest-"):
        return "digest"
    if entry_id.startswith("fact-"):
        return "fact"
    if entry_id.startswith("rn-"):
        return "notes"
    return "curated"


def notes_source(section: str) -> tuple[str, str] | None:
    """For a release-notes answer's section: the notes' link and the section within them."""
    prefix = f"{NOTES_SECTION} › "
    if not section.startswith(prefix):
        return None
    return NOTES_SOURCE, section[len(prefix) :]


class Librarian:
    """Answers from the curated entries where they answer, else from the release notes."""

    def __init__(self, kb: KnowledgeBase, notes: NotesAnswerer | None) -> None:
        self.matcher = Matcher(kb)
        self.notes = notes
        self._terms: dict[str, frozenset[str]] = {}  # each curated entry's terms, once asked
        self._held: dict[str, frozenset[AnswerType]] = {}  # the kinds of fact each answer holds
        # The curated entry saying what a note says, by the note's id.
        self._restated_by = {note: entry for entry in kb.entries for note in entry.restates}
        # The names the notes write ("Windows", "GKE"): capitalised inside a sentence.
        self._names = frozenset(
            name.casefold()
            for note in (notes.knowledge.notes if notes is not None else ())
            for name in _NAME_INSIDE_A_SENTENCE.findall(note.text)
        )
        self._written_actions = written_actions(
            [
                *(note.text for note in (notes.knowledge.notes if notes is not None else ())),
                *(" ".join((e.answer, *e.alternates)) for e in kb.entries),
            ]
        )
        self._curated_text = " ".join(
            " ".join((e.answer, *e.alternates, *e.keywords)) for e in kb.entries
        ).casefold()

    def find_answer(self, question: str) -> Match:
        """The curated answer, a release-notes answer, or the curated matcher's suggestion."""
        match = self._find_answer(question)
        if match.status == "answered" and (
            self._asks_of_an_unwritten_flag(question)
            or any(
                not gives_a_value(flag, match.entry.answer if match.entry else "")
                for flag in flags_whose_value_is_asked(question)
            )
            or (self.notes is not None and not actions_asked(question) <= self._written_actions)
        ):
            # "kubectl apply --server-dry-run in 1.7?": a flag neither source writes is what
            # the question asks about, and the answer sharing its other words is about
            # something else. It is offered, never given. So is a kubectl action neither
            # writes ("kubectl rollout pause" of DaemonSet rollback and history).
            return replace(match, status="suggested", entry=None)
        return match

    def _asks_of_an_unwritten_flag(self, question: str) -> bool:
        """Whether a question of a few words asks about a command-line flag of several words,
        given without a value, that no note and no curated entry writes."""
        if self.notes is None:
            return False
        flags = written_flags(question)
        if not flags or any(f"--{flag}=" in question.casefold() for flag in flags):
            return False
        said = [w for w in surface_tokens(FLAG.sub(" ", question)) if w not in STOPWORDS]
        noted = {flag for flag, _ in self.notes.index.flags_noted(question)}
        return len(said) <= FLAG_QUESTION_WORDS and any(
            flag not in noted and f"--{flag}" not in self._curated_text for flag in flags
        )

    def _find_answer(self, question: str) -> Match:
        match = self.matcher.find_answer(question)
        if self.notes is None or match.reason in ("empty", "thanks", "greeting"):
            return match
        if (
            match.status == "answered"
            and match.entry is not None
            and asks_identifier(question)
            and (
                "identifier" not in self._held_by(match.entry)
                or names_the_rivals_identifier(question, match.entry.answer)
            )
        ):
            # "what's the new cri rpc named": a highlight spelling out no name is offered, and a
            # note that spells one out may answer.
            match = replace(match, status="suggested", entry=None)
        query = self.notes.read(question)
        if query.releases:
            return _about_another_release(self.notes, match, query)
        if match.status == "answered" and names_the_announcement(question):
            # "according to the blog": the post's own words, with the notes' count below.
            return _with_more_notes(match, self.notes.confident_notes(self.notes.search(query)))
        grouped = self.notes.category(query)
        if grouped is not None and grouped.flagged:
            # Deprecations, known issues, action required: the notes' own lists, always.
            return _as_match(question, grouped)
        fact = self.notes.dependency(query)
        if fact is not None:
            return _as_match(question, fact)
        files = self.notes.downloads(query)
        if files is not None and files.downloads:
            return _as_match(question, files)  # a platform's binaries: the table says it best
        if (
            grouped is not None
            and match.status == "answered"
            and match.entry is not None
            and self.notes.names_beyond(query, match.entry.title)
            and not self._restates_all(match.entry, grouped)
        ):
            # The section the question asks about ("what changed in the kubelet"), where the
            # curated entry's title names something else (the node authorizer): the digest.
            return _as_match(question, grouped)
        searched = self.notes.search(query)
        found = self.notes.specific(query, searched)
        if match.status == "answered" and match.entry is not None:
            count = self.notes.confident_notes(searched)
            # The maturity a question asks of a feature ("is X alpha") is what it checks, not
            # a subject: a note naming that level for something else explains nothing more.
            subject = query.without(MATURITY_TERMS)
            curated = self.notes.index.coverage_of(subject, self._entry_terms(match.entry))
            best = searched[0][0] if searched[0] else None
            if (
                found is not None
                and best is not None
                and self.notes.index.coverage_of(subject, best.named) >= curated + COVERAGE_LEAD
            ):
                return _as_match(question, found)
            # Below the curated answer, which stays first, a note may add its detail on less
            # confidence than it needs to answer alone. The maturity checked ("netpol stable now?
            # any short name?") is the curated answer's to give: a note telling what else is asked
            # (the short name) need not state one.
            detail, detailed = query, searched
            if len(subject.concepts) < len(query.concepts) and curated < 1.0:
                detail, detailed = subject, self.notes.search(subject)
            found = self.notes.specific(detail, detailed, APPEND_PROBABILITY)
            if found is not None and self._strays_from(match.entry, found):
                found = None
            flagged = self.notes.flag_note(query, match.entry.answer)
            if flagged is not None and (found is None or found.notes[:1] != flagged.notes):
                found = flagged  # the flag the question writes is the detail it asks about
            if found is None:
                if self._leaves_unsaid(query, match.entry):
                    # What the question asks about is the notes' business, and none answers.
                    offered = self.notes.offered(query, searched)
                    suggested = replace(match, status="suggested", entry=None)
                    return _offering(suggested, query, offered, self.notes.offered_digest(query))
                return _with_more_notes(match, count)
            # The highlight answers; the note it restates adds the detail asked for.
            room = MAX_REPLY_CHARS - len(match.entry.answer) - NOTE_LINES_MARGIN
            return _with_note(match, found, self.notes.note_lines(found, query, room), count)
        grouped = grouped or self.notes.downloads(query)
        if (
            grouped is not None
            and (found is None or not self.notes.names_beyond(query, grouped.section))
            # "what's new in cluster autoscaler 1.0": its own release notes say, not the
            # section on the autoscaler this release shipped.
            and not asks_what_a_components_release_changed(query)
        ):
            # A section named alone ("what changed in kubeadm") is its digest; with more named
            # ("is cluster/ubuntu still around for provisioning") the note saying it answers.
            return _as_match(question, grouped)
        if found is not None:
            restating = self._restated_by.get(found.id)
            if restating is None:
                return _as_match(question, found)
            if _doubt_stands(match, restating, found, self._names):
                # The curated matcher doubted this very highlight for what the question adds
                # ("containerd on windows nodes"); the note it restates does not say it either.
                offered = self.notes.offered(query, searched)
                return _offering(match, query, offered, self.notes.offered_digest(query))
            # The highlight saying what the note says answers; the note adds its detail.
            score = round(found.probability * 100, 1)
            lead = Match(question, "answered", score, restating, (Candidate(restating, score),))
            room = MAX_REPLY_CHARS - len(restating.answer) - NOTE_LINES_MARGIN
            lines = self.notes.note_lines(found, query, room)
            return _with_note(lead, found, lines, self.notes.confident_notes(searched))
        if match.reason == "other_release":
            # The question comes from another release ("upgrading from 1.6"): about this one.
            match = replace(match, reason="no_match")
        offered = self.notes.offered(query, searched)
        return _offering(match, query, offered, self.notes.offered_digest(query))

    def _strays_from(self, entry: Entry, found: NotesAnswer) -> bool:
        """Whether a note found beside a highlight shares none of its rare words: a DaemonSet
        known issue is no detail of KubeCon's registration, however the question's other words
        led to it."""
        assert self.notes is not None
        if any(self.notes.note_id(note) in entry.restates for note in found.notes):
            return False  # the note the highlight restates is its own
        said = text_terms(" ".join(note.text for note in found.notes))
        rare = {
            term
            for term in said
            if 0 < self.notes.index.notes_using(term) <= RARE_NOTE_TERM_NOTES
            and term not in STOPWORDS
            and term not in english_stems()
            and not term.replace(".", "").isdigit()
        }
        return bool(rare) and rare.isdisjoint(self._entry_terms(entry))

    def release_note(self, entry_id: str) -> Entry | None:
        """The answer a release note's, listed fact's or digest's id stands for, if any."""
        found = self.notes.by_id(entry_id) if self.notes is not None else None
        return _as_match("", found).entry if found is not None else None

    def _restates_all(self, entry: Entry, digest: NotesAnswer) -> bool:
        """Whether the entry restates every note of the digest: the section it stands for."""
        assert self.notes is not None
        return all(self.notes.note_id(note) in entry.restates for note in digest.notes)

    def _held_by(self, entry: Entry) -> frozenset[AnswerType]:
        found = self._held.get(entry.id)
        if found is None:
            found = self._held[entry.id] = answer_types(entry.answer, RELEASE)
        return found

    def _leaves_unsaid(self, query: Query, entry: Entry) -> bool:
        """Whether the question asks about a rare thing the notes name and the curated entry
        never does: "can i still use kube-up to build a cluster on aws" is not answered by the
        highlight on pluggable cloud providers, though it speaks of building clusters on AWS. A bare
        number ("200 nodes", "3 masters") is the asker's measure, not a thing asked about."""
        said = self._entry_terms(entry)
        return any(
            c.asked
            and c.noted
            and not c.everyday
            and not c.release
            and not all(term.isdigit() for term in c.terms)
            and c.weight >= UNSAID_SUBJECT_WEIGHT
            and c.terms.isdisjoint(said)
            for c in query.concepts
        )

    def _entry_terms(self, entry: Entry) -> frozenset[str]:
        found = self._terms.get(entry.id)
        if found is None:
            text = " ".join(
                (entry.title, entry.answer, *entry.alternates, *entry.keywords, entry.section)
            )
            found = self._terms[entry.id] = text_terms(text)
        return found


def build_librarian(kb: KnowledgeBase, directory: Path) -> Librarian:
    """The librarian over `kb` and the release notes generated into `directory`, if any."""
    knowledge = load_notes_knowledge(directory)
    if knowledge is None:
        return Librarian(kb, None)
    synonyms = _read_synonyms(directory / NOTES_SYNONYMS_FILE)
    # The curated synonyms' words are known to the notes too ("np", "sts"), except a typo they
    # spell out ("deamonset"): the notes correct it to the word they write themselves.
    vocabulary = [" ".join((e.title, e.answer, *e.alternates, *e.keywords)) for e in kb.entries] + [
        said for said, meanings in kb.synonyms.items() if not _is_typo(said, meanings)
    ]
    titles = [entry.title for entry in kb.entries]
    notes = NotesAnswerer(knowledge, synonyms, load_decision(directory), vocabulary, titles)
    return Librarian(kb, notes)


def _is_typo(said: str, meanings: Sequence[str]) -> bool:
    """Whether a synonym spells out a typo: a word no dictionary has, for one word at most two
    edits away ("deamonset"); not an abbreviation ("lvl") or an English word ("led")."""
    return (
        len(said) >= MIN_TYPO_LENGTH
        and said.isalpha()
        and said not in english_words()
        and len(meanings) == 1
        and " " not in said
        and " " not in meanings[0]
        and OSA.distance(said, meanings[0]) <= TYPO_EDITS
    )


def check_notes_synonyms(directory: Path) -> list[str]:
    """Each notes synonym whose meaning no note uses, with its file and line."""
    path = directory / NOTES_SYNONYMS_FILE
    knowledge = load_notes_knowledge(directory)
    if knowledge is None or not path.exists():
        return []
    try:
        synonyms = _read_synonyms(path)
    except (yaml.YAMLError, AttributeError) as error:
        return [f"{path}: not a mapping of synonyms ({error.__class__.__name__})"]
    words = [f"{note.text} {' '.join(note.section)}" for note in knowledge.notes]
    words += [f"{d.filename} {d.section} sha256" for d in knowledge.downloads]
    vocabulary = frozenset(t for text in words for t in text_terms(text))
    lines = path.read_text(encoding="utf-8").splitlines()
    listed = read_yaml_with_fields(path).get("synonyms")
    problems = [
        f"{path}:{line}: synonym '{term}' appears twice"
        for term, line in (listed.get("__duplicates__", []) if isinstance(listed, dict) else [])
    ]
    for term, targets in synonyms.items():
        line = next(
            (n for n, text in enumerate(lines, 1) if text.strip().startswith(f"{term}:")), 0
        )
        if not text_terms(" ".join(targets)) & vocabulary:
            problems.append(
                f"{path}:{line}: synonym '{term}' -> {targets}: no release note uses these words"
            )
        # A question is grouped into synonyms after its function words are dropped: a key
        # holding one ("going away") is never said.
        unread = [f"'{w}'" for w in surface_tokens(term) if w in STOPWORDS]
        if unread:
            problems.append(
                f"{path}:{line}: synonym '{term}': {', '.join(unread)} are read as no subject, "
                "so no question says it"
                if len(unread) > 1
                else f"{path}:{line}: synonym '{term}': {unread[0]} is read as no subject, "
                "so no question says it"
            )
    return problems


def check_restated_notes(directory: Path, kb: KnowledgeBase) -> list[str]:
    """Each note id a curated entry restates that the generated release notes do not hold."""
    knowledge = load_notes_knowledge(directory)
    if knowledge is None:
        return []
    ids = set(knowledge.ids)
    return [
        f"{directory / ENTRIES_FILE}:{entry.line or 0}: entry '{entry.id}' restates '{note}', "
        "which is no release note's id (knowledge/release-notes.yaml)"
        for entry in kb.entries
        for note in entry.restates
        if note not in ids
    ]


def _read_synonyms(path: Path) -> dict[str, list[str]]:
    if not path.exists():
        return {}
    doc = parse_yaml(path.read_text(encoding="utf-8")) or {}
    raw = doc.get("synonyms", {}) if isinstance(doc, dict) else {}
    return {
        str(term): [str(t) for t in (targets if isinstance(targets, list) else [targets])]
        for term, targets in raw.items()
    }


def _about_another_release(notes: NotesAnswerer, match: Match, query: Query) -> Match:
    """A question about another release: only what the notes say of that release answers.

    The notes' digests, download table and search all speak of 1.7; the dependency list
    names the Docker releases validated, and some notes name what 1.8 will do."""
    if match.status == "answered":
        return match  # a curated entry speaks of that release (the matcher checked)
    if asks_what_a_later_release_did(query.text, RELEASE) or _asks_when_it_ships(query):
        # "was TPR removed in 1.8 in the end?": the notes say only what 1.8 was to do; and
        # "what's the target ship date for 1.8?" they never say, whatever their "targeted".
        return replace(match, status="declined", candidates=(), reason="other_release", unknown=())
    fact = notes.dependency(query)
    if fact is not None:
        return _as_match(match.question, fact)
    searched = notes.search(query)
    found = notes.specific(query, searched)
    if found is not None and notes.speaks_of_release(query, found):
        return _as_match(match.question, found)
    # A note saying what to do before that release ("migrate StorageClasses before 1.8"),
    # too unsure to answer, is offered.
    subject = query.without(query.releases)
    speaking = [
        o
        for o in notes.offered(query, searched)
        if notes.speaks_of_release(query, o)
        and notes.index.coverage(subject, o.notes[0].text) >= OFFER_SUBJECT_COVERAGE
    ]
    if speaking and not asks_what_a_later_release_did(query.text, RELEASE):
        return _offering(replace(match, reason="no_match"), query, speaking, None)
    # What another release did is nowhere here, whatever 1.7 entries its words come near ("which
    # 1.7.x patch fixes the crash loop"): a plain decline, not a "did you mean".
    return replace(match, status="declined", candidates=(), reason="other_release", unknown=())


# A release's schedule, as people ask for it: "when is 1.8 due", "target ship date for 1.8".
SCHEDULE_TERMS = frozenset(
    terms(
        "ship shipping shipped release released releasing date target targeted eta due expected "
        "planned scheduled launch ga cut land out come"
    )
)


def _asks_when_it_ships(query: Query) -> bool:
    """Whether what a question naming another release asks names nothing but that release's
    schedule (the background before it aside): when it ships, which no v1.7.0 note says."""
    asked = [c for c in query.concepts if c.asked and not c.release]
    return bool(asked) and all(c.terms <= SCHEDULE_TERMS for c in asked)


def _as_match(question: str, answer: NotesAnswer) -> Match:
    score = round(100 * answer.probability, 1)
    links = tuple(
        Link(ref.label, ref.url) for note in answer.notes[:3] for ref in note.references[:1]
    )
    entry = Entry(
        id=answer.id,
        title=answer.title,
        answer=answer.text,
        section=f"{NOTES_SECTION} › {answer.section}",
        links=links,
    )
    return Match(question, "answered", score, entry, (Candidate(entry, score),))


def _doubt_stands(
    match: Match, restating: Entry, found: NotesAnswer, names: frozenset[str]
) -> bool:
    """Whether the curated matcher offered `restating` rather than answer with it, for what the
    note it restates does not say either: a name other notes write ("containerd on windows
    nodes") or a kind of fact ("which containerd version does cri-containerd need")."""
    plain = " ".join(note.text for note in found.notes)
    asked = asked_in(match.question) | (
        {"identifier"} if asks_identifier(match.question) else frozenset()
    )
    lacking = asked - answer_types(f"{restating.answer} {plain}", RELEASE)
    if lacking & DOUBTED_TYPES:
        return True
    if match.status != "suggested" or not match.candidates:
        return False
    if match.candidates[0].entry.id != restating.id:
        return False
    said = text_terms(plain)
    unsaid = [w for w in match.unknown if not text_terms(w) & said]
    # A word neither source writes ("partition") leaves the doubt to how sure the notes are.
    return any(w.casefold() in names for w in unsaid) or (
        bool(unsaid) and found.probability < DOUBTED_PROBABILITY
    )


def _offering(
    match: Match, query: Query, notes: list[NotesAnswer], digest: NotesAnswer | None
) -> Match:
    """The curated suggestions with the notes and digest too unsure to answer: never an answer.

    The curated choices keep their order; each note goes before the first one it outscores.
    The digest of a category the question names keeps a place among the choices."""
    # What no curated entry knows, the notes may name: then k17 has something on it.
    noted = frozenset(t for c in query.concepts if c.noted for t in c.terms)
    unknown = tuple(word for word in match.unknown if not text_terms(word) & noted)
    if not notes and digest is None:
        return replace(match, unknown=unknown)
    offered = list(match.candidates)
    for choice in [*notes, *([digest] if digest is not None else [])]:
        candidate = _as_match(match.question, choice).candidates[0]
        at = next((i for i, c in enumerate(offered) if c.score < candidate.score), len(offered))
        offered.insert(at, candidate)
    best = offered[:MAX_CANDIDATES]
    if digest is not None and all(c.entry.id != digest.id for c in best):
        best[-1] = _as_match(match.question, digest).candidates[0]
    return replace(
        match,
        status="suggested",
        score=max(match.score, *(c.score for c in best)),
        candidates=tuple(best),
        reason=None,
        unknown=unknown,
    )


def _with_note(match: Match, found: NotesAnswer, lines: list[str], count: int) -> Match:
    if match.entry is None or not lines:
        return _with_more_notes(match, count)
    answer = f"{match.entry.answer}\n{APPENDED_NOTES_HEADING}\n" + "\n".join(lines)
    more = count - len(lines)
    if more > 0:
        answer += f"\n_…and {more} more note{'s' if more != 1 else ''} on this._"
    entry = replace(match.entry, answer=answer)
    return replace(match, entry=entry, candidates=(Candidate(entry, match.score),))


def _with_more_notes(match: Match, count: int) -> Match:
    if count == 0 or match.entry is None:
        return match
    more = f"\n_The v1.7.0 release notes have {count} more note{'s' if count != 1 else ''} on this."
    more += " Ask me about a detail to see them._"
    entry = replace(match.entry, answer=match.entry.answer + more)
    return replace(match, entry=entry, candidates=(Candidate(entry, match.score),))
