"""Auditing the knowledge against its sources: every link vouched for, no yes or no contradicted.

Two checks `k17 kb check` runs on a knowledge base that loads:
- Every URL the knowledge shows (answers, links, the release and event URLs) is linked by a source
  document in `sources/`, or listed with its provenance in `sources/links.yaml`. Offline: a link
  the announcement never gave, or a typo in one, is caught before a user clicks it.
- No title or alternate asks a yes/no question about maturity or defaults ("is it stable", "GA",
  "production ready", "on by default") that the first word of its answer contradicts: an answer
  opening "Yes, as alpha" to "is it stable?" is a confident wrong answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.kbdraft import absolute_url, extract_links
from bot.core.knowledge import (
    ENTRIES_FILE,
    EVENTS_FILE,
    Entry,
    KnowledgeBase,
    Problem,
    read_yaml_with_lines,
)

SOURCES_DIR = "sources"
VOUCHED_LINKS_FILE = "links.yaml"

_ANSWER_URL = re.compile(r"<(https?://[^|>]+)(?:\|[^>]*)?>")
_OPENING = re.compile(r"[\W_]*(yes|no)\b", re.IGNORECASE)
_STATED = re.compile(r"\b(alpha|beta|stable)\b", re.IGNORECASE)
# What a question asks about, in the release's maturity words; `stable` covers GA and
# production-ready, which Kubernetes only says of stable (v1) features.
_ASKED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("alpha", re.compile(r"\balpha\b")),
    ("beta", re.compile(r"\bbeta\b")),
    (
        "stable",
        re.compile(
            r"\b(stable|ga|generally available|production[ -]ready|ready for production"
            r"|prod[ -]ready|graduated?)\b"
        ),
    ),
    ("default", re.compile(r"\b(by default|on by default|default[- ]on|out of the box)\b")),
)


@dataclass(frozen=True)
class VouchedLink:
    """A URL no source links verbatim, kept because `provenance` says where it comes from."""

    url: str
    provenance: str
    replaces: str = ""


def audit_knowledge(directory: Path, kb: KnowledgeBase) -> list[Problem]:
    """Every unsourced URL (when `directory` has sources) and every contradicted yes/no question."""
    problems = contradicted_questions(kb, directory / ENTRIES_FILE)
    sources = directory / SOURCES_DIR
    if sources.is_dir():
        problems += unsourced_links(kb, directory)
    return problems


def unsourced_links(kb: KnowledgeBase, directory: Path) -> list[Problem]:
    """URLs in the knowledge that no source document links and `sources/links.yaml` omits."""
    problems: list[Problem] = []
    vouched = read_vouched_links(directory / SOURCES_DIR / VOUCHED_LINKS_FILE, problems)
    known = source_urls(directory / SOURCES_DIR) | {link.url for link in vouched}
    entries_file = str(directory / ENTRIES_FILE)

    def check(url: str, file: str, line: int | None, who: str | None, where: str) -> None:
        if absolute_url(url) not in known:
            problems.append(Problem(file, line, who, f"{where} {url} is in no source document"))

    if kb.source_url:
        check(kb.source_url, entries_file, None, None, "'release.url'")
    for entry in kb.entries:
        for url in dict.fromkeys(answer_urls(entry)):
            check(url, entries_file, entry.line, entry.id, "link")
    for event in kb.events:
        check(event.url, str(directory / EVENTS_FILE), None, None, f"event '{event.id}' url")
    return problems


def answer_urls(entry: Entry) -> list[str]:
    """Every URL the entry shows: in its answer text, then in its `links`."""
    return [*_ANSWER_URL.findall(entry.answer), *(link.url for link in entry.links)]


def source_urls(sources: Path) -> set[str]:
    """Every link of every Markdown source, absolute and without analytics parameters."""
    urls: set[str] = set()
    for path in sorted(sources.glob("*.md")):
        urls.update(link.url for link in extract_links(path.read_text(encoding="utf-8")))
    return urls


def read_vouched_links(path: Path, problems: list[Problem]) -> tuple[VouchedLink, ...]:
    """`sources/links.yaml`; each listed URL needs its provenance. A missing file lists none."""
    if not path.exists():
        return ()
    try:
        doc: Any = read_yaml_with_lines(path)
    except Exception as error:  # yaml.YAMLError and friends: report, never crash
        problems.append(Problem(str(path), None, None, f"is not valid YAML: {error}"))
        return ()
    raw_links = doc.get("links") if isinstance(doc, dict) else None
    if not isinstance(raw_links, list):
        problems.append(Problem(str(path), None, None, "must have a 'links' list"))
        return ()
    links: list[VouchedLink] = []
    for raw in raw_links:
        entry = raw if isinstance(raw, dict) else {}
        url, provenance = str(entry.get("url") or ""), str(entry.get("provenance") or "").strip()
        if not url or not provenance:
            line = entry.get("__line__")
            problems.append(
                Problem(str(path), line, None, "each link needs 'url' and 'provenance'")
            )
            continue
        links.append(VouchedLink(url, provenance, str(entry.get("replaces") or "")))
    return tuple(links)


def contradicted_questions(kb: KnowledgeBase, entries_file: Path) -> list[Problem]:
    """Titles and alternates whose maturity or default question the answer's Yes/No contradicts."""
    problems: list[Problem] = []
    for entry in kb.entries:
        opening = answer_opening(entry.answer)
        if opening is None:
            continue
        for question in (entry.title, *entry.alternates):
            reason = contradiction(question, entry.answer)
            if reason:
                message = f"'{question}' is answered '{opening.capitalize()}' but {reason}"
                problems.append(Problem(str(entries_file), entry.line, entry.id, message))
    return problems


def answer_opening(answer: str) -> str | None:
    """`yes` or `no` when the answer opens with it (markup aside), else None."""
    found = _OPENING.match(answer)
    return found.group(1).lower() if found else None


def stated_maturity(answer: str) -> str | None:
    """The first maturity the answer states (alpha, beta, stable), or None."""
    found = _STATED.search(answer)
    return found.group(1).lower() if found else None


def asked_maturities(question: str) -> list[str]:
    """What the question asks about: alpha, beta, stable (GA, production ready) or default."""
    text = question.lower()
    return [level for level, pattern in _ASKED if pattern.search(text)]


def contradiction(question: str, answer: str) -> str:
    """Why `answer`'s opening Yes or No is wrong for `question`, or "" when it is not."""
    opening = answer_opening(answer)
    asked = asked_maturities(question)
    if opening is None or not asked:
        return ""
    if len(asked) > 1:
        return f"it asks which of {' or '.join(asked)}, which no yes or no answers"
    level, stated = asked[0], stated_maturity(answer)
    if level == "default":
        return "" if "by default" in answer.lower() else "the answer never says what is default"
    if opening == "yes" and level != stated:
        return f"it asks about {level} and the answer states {stated or 'no maturity'}"
    if opening == "no" and level == stated:
        return f"it asks about {level}, which the answer states"
    return ""
