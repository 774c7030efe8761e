"""The knowledge base: entries answering questions about the release, synonyms and events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.events import Event, load_events

ENTRIES_FILE = "k17.yaml"
SYNONYMS_FILE = "synonyms.yaml"
EVENTS_FILE = "events.yaml"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a knowledge file, located as precisely as we can."""

    file: str
    line: int | None
    entry: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        who = f" entry '{self.entry}'" if self.entry else ""
        return f"{where}{who}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge base is invalid; `problems` lists everything that is wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Link:
    """A labelled link from the announcement."""

    label: str
    url: str


@dataclass(frozen=True)
class Entry:
    """One answer: the canonical question, the answer in Slack mrkdwn, and how people ask it."""

    id: str
    title: str
    answer: str
    section: str
    alternates: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    event: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything k17 knows, loaded once and never mutated."""

    entries: tuple[Entry, ...]
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    release: str = "1.7"
    source_url: str = ""

    def entry(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        return None

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        for event in self.events:
            if event.id == event_id:
                return event
        return None


def load_knowledge(directory: Path) -> KnowledgeBase:
    """Load and validate the knowledge directory; raise KnowledgeError with every problem."""
    problems: list[Problem] = []
    entries_doc = _read_yaml(directory / ENTRIES_FILE, problems)
    synonyms_doc = _read_yaml(directory / SYNONYMS_FILE, problems)
    events: tuple[Event, ...] = ()
    try:
        events = load_events(directory / EVENTS_FILE)
    except KnowledgeError as error:
        problems.extend(error.problems)
    if problems:
        raise KnowledgeError(problems)

    meta = entries_doc.get("release", {}) if isinstance(entries_doc, dict) else {}
    raw_entries = entries_doc.get("entries", []) if isinstance(entries_doc, dict) else []
    entries = tuple(_entry(raw, directory / ENTRIES_FILE, problems) for raw in raw_entries if raw)
    synonyms = _synonyms(synonyms_doc, directory / SYNONYMS_FILE, problems)
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(
        entries=entries,
        synonyms=synonyms,
        events=events,
        release=str(meta.get("version", "1.7")),
        source_url=str(meta.get("url", "")),
    )


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping as `__line__`."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def read_yaml_with_lines(path: Path) -> Any:
    """Parse a YAML file, annotating each mapping with the line it starts on."""
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LineLoader)  # noqa: S506 -- _LineLoader is a SafeLoader


def _read_yaml(path: Path, problems: list[Problem]) -> dict[str, Any]:
    try:
        data = read_yaml_with_lines(path)
    except FileNotFoundError:
        problems.append(Problem(str(path), None, None, "file is missing"))
        return {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problems.append(Problem(str(path), line, None, f"is not valid YAML: {error}"))
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(str(path), None, None, "must be a YAML mapping"))
        return {}
    return data


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(v) for v in value if v is not None and not isinstance(v, dict))


def _entry(raw: Any, path: Path, problems: list[Problem]) -> Entry:
    if not isinstance(raw, dict):
        problems.append(Problem(str(path), None, None, "each entry must be a mapping"))
        return Entry(id="", title="", answer="", section="")
    line = raw.get("__line__")
    links = tuple(
        Link(label=str(link.get("label", "")), url=str(link.get("url", "")))
        for link in raw.get("links") or []
        if isinstance(link, dict)
    )
    return Entry(
        id=str(raw.get("id") or ""),
        title=str(raw.get("title") or ""),
        answer=str(raw.get("answer") or "").strip(),
        section=str(raw.get("section") or ""),
        alternates=_strings(raw.get("alternates")),
        keywords=_strings(raw.get("keywords")),
        links=links,
        event=str(raw["event"]) if raw.get("event") else None,
        line=int(line) if isinstance(line, int) else None,
    )


def _synonyms(
    doc: dict[str, Any], path: Path, problems: list[Problem]
) -> dict[str, tuple[str, ...]]:
    raw = doc.get("synonyms", {})
    if not isinstance(raw, dict):
        problems.append(Problem(str(path), None, None, "'synonyms' must be a mapping"))
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for term, targets in raw.items():
        if term == "__line__":
            continue
        values = (targets,) if isinstance(targets, str) else _strings(targets)
        result[str(term).lower()] = tuple(v.lower() for v in values)
    return result
