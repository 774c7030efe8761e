"""The knowledge base: entries answering questions about the release, synonyms and events."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.core.events import Event, EventsFile, describe_when, read_events
from bot.core.yamltext import SafeLoader

ENTRIES_FILE = "k17.yaml"
SYNONYMS_FILE = "synonyms.yaml"
EVENTS_FILE = "events.yaml"

MAX_ANSWER_CHARS = 600
REQUIRED_FIELDS = ("id", "title", "answer", "section")
ENTRY_FIELDS = (
    *REQUIRED_FIELDS,
    "alternates",
    "keywords",
    "links",
    "event",
    "related_products",
    "restates",
)
WHEN = "{when}"

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_URL = re.compile(r"https?://[^\s<>|]+")
_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_META_KEYS = ("__line__", "__fields__", "__duplicates__")


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
    # Products next to Kubernetes (settings.NEIGHBOUR_PRODUCTS) the entry does not cover but is
    # related to: a question about one of them is offered this entry as related ("cri-o" and
    # the CRI), however unsure the matcher is of it as an answer.
    related_products: tuple[str, ...] = ()
    # The release notes (their ids in knowledge/release-notes.yaml) that say what this entry
    # says: a question one of them answers is answered by this entry, the note below it.
    restates: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything k17 knows, loaded once and never mutated."""

    entries: tuple[Entry, ...]
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    release: str = "1.7"
    source_url: str = ""
    release_date: date | None = None

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
    kb, problems = read_knowledge(directory)
    if problems:
        raise KnowledgeError(list(problems))
    return kb


def read_knowledge(directory: Path) -> tuple[KnowledgeBase, tuple[Problem, ...]]:
    """Load the knowledge directory as far as possible and list every problem found on the way."""
    problems: list[Problem] = []
    entries_path = directory / ENTRIES_FILE
    synonyms_path = directory / SYNONYMS_FILE
    entries_doc = _read_yaml(entries_path, problems)
    synonyms_doc = _read_yaml(synonyms_path, problems)
    events_file = _events(directory / EVENTS_FILE, problems)
    events = events_file.events

    release = _release(entries_doc, entries_path, problems)
    raw_entries = entries_doc.get("entries") if entries_doc else None
    if entries_doc and not isinstance(raw_entries, list):
        problems.append(Problem(str(entries_path), None, None, "must have an 'entries' list"))
    entries = tuple(
        entry
        for raw in (raw_entries if isinstance(raw_entries, list) else [])
        if (entry := _entry(raw, entries_path, problems)) is not None
    )
    # An event with a mistake is reported once, in events.yaml, not again at each entry naming it.
    event_ids = set(events_file.declared)
    for raw, entry in zip(
        [r for r in (raw_entries or []) if isinstance(r, dict)], entries, strict=False
    ):
        problems.extend(_entry_problems(raw, entry, entries_path, events, event_ids))
    problems.extend(_cross_entry_problems(entries, entries_path))
    synonyms = _synonyms(synonyms_doc, synonyms_path, entries, problems)
    kb = KnowledgeBase(
        entries=entries,
        synonyms=synonyms,
        events=events,
        release=release[0],
        source_url=release[1],
        release_date=release[2],
    )
    return kb, tuple(problems)


def answer_length_bound(entry: Entry, events: tuple[Event, ...]) -> int:
    """The longest the entry's answer can get once {when} is filled in, at any moment."""
    event = next((e for e in events if e.id == entry.event), None)
    if WHEN not in entry.answer or event is None:
        return len(entry.answer)
    return len(entry.answer.replace(WHEN, _longest_when(event)))


def kb_words(kb_entries: tuple[Entry, ...]) -> str:
    """Every word the entries use (titles, answers, alternates, keywords, link labels)."""
    parts: list[str] = []
    for entry in kb_entries:
        parts += [entry.title, entry.answer, entry.section, *entry.alternates, *entry.keywords]
        parts += [link.label for link in entry.links]
    return f" {_stems(' '.join(parts))} "


class _LineLoader(SafeLoader):  # type: ignore[misc,valid-type]  # a loader class chosen at import
    """A YAML loader that records the line of every mapping as `__line__`.

    A date-shaped value that is no date (`2017-08-32`) stays text, so that the check expecting a
    date reports it with its file and line instead of the parser raising ValueError.
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date or time, or the text as written when it is not a real one."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


class _FieldLineLoader(_LineLoader):
    """Also records each key's line as `__fields__` and repeated keys as `__duplicates__`."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        lines: dict[str, int] = {}
        duplicates: list[tuple[str, int]] = []
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in lines:
                duplicates.append((key, key_node.start_mark.line + 1))
            lines.setdefault(key, key_node.start_mark.line + 1)
        mapping["__fields__"] = lines
        mapping["__duplicates__"] = duplicates
        return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)


def read_yaml_with_lines(path: Path) -> Any:
    """Parse a YAML file, annotating each mapping with the line it starts on."""
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LineLoader)  # noqa: S506 -- _LineLoader is a SafeLoader


def read_yaml_with_fields(path: Path) -> Any:
    """Parse a YAML file, annotating each mapping with its line and each key's line."""
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_FieldLineLoader)  # noqa: S506 -- a SafeLoader subclass


def _read_yaml(path: Path, problems: list[Problem]) -> dict[str, Any]:
    try:
        data = read_yaml_with_fields(path)
    except FileNotFoundError:
        problems.append(Problem(str(path), None, None, "file is missing"))
        return {}
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(str(path), None, None, f"cannot be read: {error}"))
        return {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        problems.append(Problem(str(path), line, None, f"is not valid YAML: {reason}"))
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(str(path), None, None, "must be a YAML mapping"))
        return {}
    for key, line in data.get("__duplicates__", []):
        problems.append(Problem(str(path), line, None, f"key '{key}' appears twice"))
    return data


def _events(path: Path, problems: list[Problem]) -> EventsFile:
    # Parse once ourselves first: a YAML syntax error is then reported with its line.
    before = len(problems)
    if not _read_yaml(path, problems) and len(problems) > before:
        return EventsFile((), (), frozenset())
    found = read_events(path)
    problems.extend(found.problems)
    return found


def _release(
    doc: dict[str, Any], path: Path, problems: list[Problem]
) -> tuple[str, str, date | None]:
    if not doc:
        return "1.7", "", None
    meta = doc.get("release")
    if not isinstance(meta, dict):
        problems.append(Problem(str(path), None, None, "'release' (version, url, date) is missing"))
        return "1.7", "", None
    line = meta.get("__line__")
    fields: dict[str, int] = meta.get("__fields__", {})
    version = str(meta.get("version") or "")
    url = str(meta.get("url") or "")
    released = meta.get("date")
    if not version:
        where = fields.get("version", line)
        problems.append(Problem(str(path), where, None, "'release.version' is missing"))
    if not _URL.fullmatch(url):
        where = fields.get("url", line)
        problems.append(Problem(str(path), where, None, "'release.url' must be an http(s) URL"))
    if released is not None and not isinstance(released, date):
        where = fields.get("date", line)
        problems.append(Problem(str(path), where, None, "'release.date' must be like 2017-06-30"))
        released = None
    return version or "1.7", url, released


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(v) for v in value if v is not None and not isinstance(v, dict | list))


def _entry(raw: Any, path: Path, problems: list[Problem]) -> Entry | None:
    if not isinstance(raw, dict):
        problems.append(Problem(str(path), None, None, "each entry must be a mapping"))
        return None
    line = raw.get("__line__")
    links = tuple(
        Link(label=str(link.get("label") or ""), url=str(link.get("url") or ""))
        for link in raw.get("links") or []
        if isinstance(link, dict)
    )
    return Entry(
        id=str(raw.get("id") or ""),
        title=str(raw.get("title") or "").strip(),
        answer=str(raw.get("answer") or "").strip(),
        section=str(raw.get("section") or "").strip(),
        alternates=tuple(a.strip() for a in _strings(raw.get("alternates"))),
        keywords=tuple(k.strip() for k in _strings(raw.get("keywords"))),
        links=links,
        event=str(raw["event"]) if raw.get("event") else None,
        line=int(line) if isinstance(line, int) else None,
        related_products=tuple(p.strip().casefold() for p in _strings(raw.get("related_products"))),
        restates=tuple(n.strip() for n in _strings(raw.get("restates"))),
    )


def _entry_problems(
    raw: dict[str, Any],
    entry: Entry,
    path: Path,
    events: tuple[Event, ...],
    event_ids: set[str],
) -> list[Problem]:
    fields: dict[str, int] = raw.get("__fields__", {})
    who = entry.id or None
    found: list[Problem] = []

    def problem(field_name: str | None, message: str) -> None:
        line = fields.get(field_name, entry.line) if field_name else entry.line
        found.append(Problem(str(path), line, who, message))

    for key, repeated_at in raw.get("__duplicates__", []):
        found.append(Problem(str(path), repeated_at, who, f"'{key}' appears twice"))
    for key in raw:
        if key not in ENTRY_FIELDS and key not in _META_KEYS:
            problem(key, f"unknown field '{key}' (expected one of {', '.join(ENTRY_FIELDS)})")
    for required in REQUIRED_FIELDS:
        value = raw.get(required)
        if value is None or (isinstance(value, str) and not value.strip()):
            problem(required if required in raw else None, f"'{required}' is missing or empty")
        elif not isinstance(value, str | int | float):
            problem(required, f"'{required}' must be text")
    if entry.id and not _ID.fullmatch(entry.id):
        problem("id", f"id '{entry.id}' must be kebab-case (lowercase words joined by '-')")

    for list_field in ("alternates", "keywords", "links", "related_products", "restates"):
        value = raw.get(list_field)
        if value is not None and not isinstance(value, list):
            problem(list_field, f"'{list_field}' must be a list")
        elif isinstance(value, list) and list_field != "links":
            for item in value:
                if not isinstance(item, str | int | float) or not str(item).strip():
                    problem(list_field, f"'{list_field}' holds a non-text or empty item: {item!r}")
    seen: set[str] = set()
    for alternate in entry.alternates:
        key = _words(alternate)
        if key in seen or key == _words(entry.title):
            problem("alternates", f"alternate '{alternate}' is repeated")
        seen.add(key)

    for link in raw.get("links") or [] if isinstance(raw.get("links"), list) else []:
        link_line = link.get("__line__") if isinstance(link, dict) else None
        if not isinstance(link, dict):
            problem("links", f"each link needs 'label' and 'url', not {link!r}")
            continue
        if not str(link.get("label") or "").strip():
            found.append(Problem(str(path), link_line, who, "link has no 'label'"))
        url = str(link.get("url") or "")
        if not _URL.fullmatch(url):
            found.append(
                Problem(str(path), link_line, who, f"link url {url!r} is not an http(s) URL")
            )

    # Imported here: the matcher's package imports this module.
    from bot.core.matching.settings import NEIGHBOUR_PRODUCTS

    for product in entry.related_products:
        if product.replace("-", "") not in NEIGHBOUR_PRODUCTS:
            problem(
                "related_products",
                f"related product '{product}' is not a neighbouring product the matcher knows "
                "(NEIGHBOUR_PRODUCTS in bot/core/matching/settings.py)",
            )
    for message in _answer_problems(entry.answer):
        problem("answer", message)
    if entry.event and entry.event not in event_ids:
        known = ", ".join(sorted(event_ids)) or "none"
        problem("event", f"unknown event '{entry.event}' (events.yaml has: {known})")
    if WHEN in entry.answer and not entry.event:
        problem("answer", "answer uses {when} but the entry has no 'event'")
    if entry.event and entry.event in event_ids and WHEN not in entry.answer:
        problem("answer", "entry has an 'event' but its answer has no {when}")
    length = answer_length_bound(entry, events)
    if length > MAX_ANSWER_CHARS:
        problem(
            "answer", f"answer is {length} characters once rendered (at most {MAX_ANSWER_CHARS})"
        )
    return found


def _answer_problems(answer: str) -> list[str]:
    """Malformed Slack markup in an answer: unbalanced <...>, non-http links, unknown {fields}."""
    messages: list[str] = []
    depth_start: int | None = None
    for index, char in enumerate(answer):
        if char == "<":
            if depth_start is not None:
                messages.append(f"unbalanced '<' at character {depth_start + 1}")
            depth_start = index
        elif char == ">":
            if depth_start is None:
                messages.append(f"stray '>' at character {index + 1} (write &gt;)")
                continue
            messages += _link_problems(answer[depth_start + 1 : index])
            depth_start = None
    if depth_start is not None:
        messages.append(f"unbalanced '<' at character {depth_start + 1}")
    for name in _PLACEHOLDER.findall(answer):
        if name != "when":
            messages.append(f"unknown placeholder {{{name}}} (only {WHEN} is filled in)")
    return messages


def _link_problems(inner: str) -> list[str]:
    url, bar, label = inner.partition("|")
    if not _URL.fullmatch(url):
        return [f"malformed link <{inner}>: links must be <https://...|label>"]
    if bar and not label.strip():
        return [f"link <{inner}> has an empty label"]
    if "|" in label:
        return [f"link <{inner}> has more than one '|'"]
    return []


def _cross_entry_problems(entries: tuple[Entry, ...], path: Path) -> list[Problem]:
    found: list[Problem] = []
    first_line: dict[str, int | None] = {}
    owner: dict[str, str] = {}
    for entry in entries:
        if entry.id and entry.id in first_line:
            at = first_line[entry.id]
            found.append(
                Problem(str(path), entry.line, entry.id, f"duplicate id (first used at line {at})")
            )
        first_line.setdefault(entry.id, entry.line)
        for phrase in (entry.title, *entry.alternates):
            key = _words(phrase)
            if not key:
                continue
            other = owner.setdefault(key, entry.id)
            if other != entry.id:
                found.append(
                    Problem(
                        str(path), entry.line, entry.id, f"'{phrase}' is also asked by '{other}'"
                    )
                )
    return found


def _synonyms(
    doc: dict[str, Any], path: Path, entries: tuple[Entry, ...], problems: list[Problem]
) -> dict[str, tuple[str, ...]]:
    if not doc:
        return {}
    raw = doc.get("synonyms", {})
    if not isinstance(raw, dict):
        problems.append(Problem(str(path), None, None, "'synonyms' must be a mapping"))
        return {}
    lines: dict[str, int] = raw.get("__fields__", {})
    for term, repeated_at in raw.get("__duplicates__", []):
        problems.append(Problem(str(path), repeated_at, None, f"synonym '{term}' appears twice"))
    vocabulary = kb_words(entries) if entries else ""
    result: dict[str, tuple[str, ...]] = {}
    for term, targets in raw.items():
        if term in _META_KEYS:
            continue
        line = lines.get(str(term))
        if isinstance(targets, str):
            values: tuple[str, ...] = (targets,)
        elif isinstance(targets, list) and targets and len(_strings(targets)) == len(targets):
            values = _strings(targets)
        else:
            problems.append(
                Problem(str(path), line, None, f"synonym '{term}' must map to a word or a list")
            )
            continue
        for value in values:
            if not _words(value):
                problems.append(
                    Problem(str(path), line, None, f"synonym '{term}' has an empty target")
                )
            elif vocabulary and f" {_stems(value)} " not in vocabulary:
                problems.append(
                    Problem(
                        str(path),
                        line,
                        None,
                        f"synonym '{term}' -> '{value}': '{value}' appears nowhere in the "
                        "knowledge base",
                    )
                )
        result[str(term).lower()] = tuple(v.lower() for v in values)
    return result


def _words(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def _stems(text: str) -> str:
    # Plurals do not matter to the matcher, so "custom resource definitions" covers the singular.
    return " ".join(
        word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
        for word in _words(text).split()
    )


def _longest_when(event: Event) -> str:
    """The longest wording describe_when can produce for this event, before, during or after."""
    start = event.starts_at
    probes: list[datetime] = [
        start - timedelta(days=9999),
        start - timedelta(days=2),
        start + timedelta(minutes=1),
        event.ends_at + timedelta(days=1),
    ]
    return max((describe_when(event, now) for now in probes), key=len)
