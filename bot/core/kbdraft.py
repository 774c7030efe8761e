"""Drafting knowledge-base entries from a release announcement in Markdown, for curation by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import yaml

from bot.core.knowledge import MAX_ANSWER_CHARS, Link
from bot.core.notes.generate import CHANGELOG_URL, github_anchor
from bot.core.notes.mrkdwn import shorten
from bot.core.notes.parse import parse_release_notes

DEFAULT_BASE_URL = "https://kubernetes.io"

_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]+)\s*\)")
_BOLD_LINE = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"#{1,6}\s+(.+)")
_BULLET = re.compile(r"[-*+]\s+(.+)")
_SUBHEADING = re.compile(r"([A-Z][\w ’'&/-]{1,40}):")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE = re.compile(
    rf"\b(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?(?:,\s*\d{{4}})?"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})\b"
)
_VERSION = re.compile(r"\b(\d+\.\d+)\b")
_TRACKING = ("_ga", "utm_")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*<_])")
_CHANGELOG_TITLE = re.compile(r"^# v\d+\.\d+\.\d+\s*$", re.MULTILINE)


@dataclass(frozen=True)
class DraftEntry:
    """One drafted entry: the schema of knowledge/k17.yaml, with the dates its text mentions."""

    id: str
    title: str
    answer: str
    section: str
    links: tuple[Link, ...] = ()
    dates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    """A drafted knowledge base: the release it describes and one entry per highlight or section."""

    version: str
    url: str
    released: date | None
    title: str
    authors: tuple[str, ...]
    entries: tuple[DraftEntry, ...]
    links: tuple[Link, ...] = field(default=())
    dates: tuple[str, ...] = field(default=())
    from_release_notes: bool = False  # k17 already answers every note from the generated file


def absolute_url(url: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """Make a link absolute on `base_url` and drop analytics parameters (`_ga`, `utm_*`)."""
    joined = urljoin(base_url.rstrip("/") + "/", url.strip())
    parts = urlsplit(joined)
    if not parts.query:
        return joined
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if not k.startswith(_TRACKING)]
    return urlunsplit(parts._replace(query=urlencode(kept, safe="/:")))


def extract_links(markdown: str, base_url: str = DEFAULT_BASE_URL) -> tuple[Link, ...]:
    """Every Markdown link of the text, absolute and in order, each URL once."""
    seen: set[str] = set()
    links: list[Link] = []
    for label, url in _LINK.findall(_strip_front_matter(markdown)[1]):
        absolute = absolute_url(url, base_url)
        if absolute not in seen:
            seen.add(absolute)
            links.append(Link(label=" ".join(label.split()), url=absolute))
    return tuple(links)


def extract_dates(text: str) -> tuple[str, ...]:
    """Date phrases in the text ("Dec. 6-8", "August 21", "2017-06-30"), each once, in order."""
    found: list[str] = []
    for match in _DATE.finditer(text):
        phrase = " ".join(match.group(0).split())
        if phrase not in found:
            found.append(phrase)
    return tuple(found)


def draft_knowledge(markdown: str, base_url: str = DEFAULT_BASE_URL) -> Draft:
    """Draft one entry per highlight bullet or paragraph of an announcement, plus its metadata."""
    meta, body = _strip_front_matter(markdown)
    title = " ".join(str(meta.get("title") or "").split())
    released = meta.get("date") if isinstance(meta.get("date"), date) else None
    authors = tuple(
        " ".join(a.split()) for a in str(meta.get("author") or "").split(",") if a.strip()
    )
    version_match = _VERSION.search(title) or _VERSION.search(body)
    version = version_match.group(1) if version_match else ""
    url = absolute_url(str(meta["url"]), base_url) if meta.get("url") else ""

    ids: set[str] = set()
    entries: list[DraftEntry] = []
    if released or authors:
        entries.append(_metadata_entry(version, title, url, released, authors, ids))
    section = "Introduction"
    for kind, text in _blocks(body):
        if kind == "heading":
            section = text
            continue
        answer = _answer(text, base_url)
        if not answer:
            continue
        links = tuple(
            Link(" ".join(label.split()), absolute_url(u, base_url))
            for label, u in _LINK.findall(text)
        )
        starts_with_link = kind == "bullet" and bool(links) and text.lstrip().startswith("[")
        subject = links[0].label if starts_with_link else _first_clause(answer)
        entries.append(
            DraftEntry(
                id=_unique_id(_slug(subject), ids),
                title=f"What is {subject}?" if starts_with_link else f"What about {subject}?",
                answer=answer,
                section=section,
                links=links,
                dates=extract_dates(_plain(text)),
            )
        )
    return Draft(
        version=version,
        url=url,
        released=released,
        title=title,
        authors=authors,
        entries=tuple(entries),
        links=extract_links(markdown, base_url),
        dates=extract_dates(_plain(body)),
    )


def is_release_notes(markdown: str) -> bool:
    """Whether a Markdown text is a CHANGELOG section ("# v1.7.0"), not an announcement."""
    return bool(_CHANGELOG_TITLE.search(_strip_front_matter(markdown)[1]))


def draft_release_notes(markdown: str) -> Draft:
    """Draft one entry per release note, read by the release notes' own parser.

    Comments, download tables and group labels are no notes; NotesError lists malformed lines."""
    notes = parse_release_notes(markdown)
    version = ".".join(notes.title.lstrip("v").split(".")[:2])
    ids: set[str] = set()
    titles: set[str] = set()
    texts: set[str] = set()
    entries = []
    for note in notes.notes:
        if note.text.casefold() in texts:
            continue  # a note listed again under another heading is one entry
        texts.add(note.text.casefold())
        cited = ", ".join(f"<{r.url}|{r.label}>" for r in note.references)
        cited = f" ({cited})" if cited else ""
        subject = _note_subject(note.text)
        title = f"What about {subject}?"
        if title in titles:
            title = f"What about {subject} ({note.section[-1]})?"
        titles.add(title)
        entries.append(
            DraftEntry(
                id=_unique_id(_slug(subject), ids),
                title=title,
                answer=_shortened(_escape_brackets(note.text), MAX_ANSWER_CHARS - len(cited))
                + cited,
                section=" › ".join(note.section),
                links=tuple(Link(r.label, r.url) for r in note.references),
                dates=extract_dates(_plain(note.text)),
            )
        )
    return Draft(
        version=version,
        url=f"{CHANGELOG_URL}#{github_anchor(notes.title)}",
        released=None,
        title=notes.title,
        authors=(),
        entries=tuple(entries),
        links=tuple(link for entry in entries for link in entry.links),
        from_release_notes=True,
    )


def render_draft(draft: Draft, source: str) -> str:
    """The draft as knowledge-base YAML, with a header saying what to curate."""
    header = [
        f"# Draft knowledge base for Kubernetes {draft.version or '?'}, built from {source}.",
        "# Curate by hand: rewrite titles as questions people ask, tighten answers (<= 600",
        "# characters, links kept), add alternates and keywords, then run `k17 kb check`.",
    ]
    if draft.from_release_notes:
        header += [
            "# k17 already answers every one of these notes from knowledge/release-notes.yaml",
            "# (generated by `k17 kb notes`): lift into k17.yaml only the few worth a curated",
            "# answer, and keep release-notes.yaml for the rest.",
        ]
    if draft.dates:
        header.append(
            "# Dates found (dated events belong in events.yaml): " + "; ".join(draft.dates)
        )
    doc: dict[str, Any] = {
        "release": {
            "version": draft.version,
            "url": draft.url,
            **({"date": draft.released} if draft.released else {}),
        },
        "entries": [_entry_document(entry) for entry in draft.entries],
    }
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(header) + "\n" + text


def _entry_document(entry: DraftEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "title": entry.title,
        "answer": entry.answer,
        "section": entry.section,
        "alternates": [],
        "keywords": list(entry.dates),
        "links": [{"label": link.label, "url": link.url} for link in entry.links],
    }


def _strip_front_matter(markdown: str) -> tuple[dict[str, Any], str]:
    text = markdown.lstrip("\ufeff")
    if not text.startswith("---"):
        return {}, text
    closing = text.find("\n---", 3)
    if closing == -1:
        return {}, text
    try:
        meta = yaml.safe_load(text[3:closing])
    except yaml.YAMLError:
        meta = None
    body = text[closing + 4 :].split("\n", 1)[1] if "\n" in text[closing + 4 :] else ""
    return (meta if isinstance(meta, dict) else {}), body


def _blocks(body: str) -> list[tuple[str, str]]:
    """("heading" | "bullet" | "paragraph", text) in reading order."""
    blocks: list[tuple[str, str]] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("paragraph", " ".join(paragraph)))
            paragraph.clear()

    for raw_line in body.splitlines():
        line = _clean(raw_line)
        if not line:
            flush()
            continue
        heading = _HEADING.fullmatch(line) or _BOLD_LINE.fullmatch(line)
        subheading = _SUBHEADING.fullmatch(line)
        bullet = _BULLET.fullmatch(line)
        if heading or subheading:
            flush()
            match = heading or subheading
            assert match is not None  # one of the two matched
            blocks.append(("heading", _section_name(match.group(1))))
        elif bullet:
            flush()
            blocks.append(("bullet", bullet.group(1)))
        else:
            paragraph.append(line)
    flush()
    return blocks


def _clean(line: str) -> str:
    return " ".join(line.replace("&nbsp;", " ").replace("\u00a0", " ").split())


def _section_name(text: str) -> str:
    name = _plain(text).strip(" :")
    return name[:1].upper() + name[1:]


def _answer(text: str, base_url: str) -> str:
    """Markdown to Slack mrkdwn: links become <url|label>, **bold** becomes *bold*."""
    mrkdwn = _LINK.sub(
        lambda m: f"<{absolute_url(m.group(2), base_url)}|{' '.join(m.group(1).split())}>", text
    )
    return _fit(re.sub(r"\*\*(.+?)\*\*", r"*\1*", mrkdwn).strip())


def _fit(mrkdwn: str, limit: int = MAX_ANSWER_CHARS) -> str:
    """An answer cut at a sentence to fit `limit` (the knowledge base's limit) characters."""
    if len(mrkdwn) <= limit:
        return mrkdwn
    kept = ""
    for sentence in _SENTENCE_END.split(mrkdwn):
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    return kept or mrkdwn[: limit - 1] + "…"


def _plain(text: str) -> str:
    text = _LINK.sub(lambda m: m.group(1), text)
    text = re.sub(r"<([^|>]+)\|([^>]+)>", r"\2", text)
    return re.sub(r"[*_`]", "", text)


def _first_clause(answer: str) -> str:
    """The text up to the first comma or sentence end, at most eight words."""
    clause = re.split(r"[,.;:!?]\s", _plain(answer) + " ", maxsplit=1)[0]
    words = clause.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


def _note_subject(text: str) -> str:
    """A note's first sentence, at most twelve words: "CRI: Fix StopContainer timeout"."""
    sentence = re.split(r"(?<=[.!?])\s|\s·\s", _plain(text), maxsplit=1)[0].rstrip(".")
    words = sentence.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def _shortened(mrkdwn: str, limit: int) -> str:
    """A note cut to `limit` characters at a word, its links and code spans whole."""
    room = limit
    cut = mrkdwn
    while len(cut) > limit and room > 0:
        cut = shorten(mrkdwn, room)
        room -= 20
    return cut


def _escape_brackets(mrkdwn: str) -> str:
    """Angle brackets that are not a Slack link, escaped as Slack shows them: `<gpu-type>`."""
    pieces = re.split(r"(<https?://[^<>|]+\|[^<>]*>|<https?://[^<>|]+>)", mrkdwn)
    return "".join(
        piece if i % 2 else piece.replace("<", "&lt;").replace(">", "&gt;")
        for i, piece in enumerate(pieces)
    )


def _slug(text: str) -> str:
    words = _NOT_SLUG.sub(" ", _plain(text).lower()).split()
    return "-".join(words[:6]) or "entry"


def _unique_id(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _metadata_entry(
    version: str,
    title: str,
    url: str,
    released: date | None,
    authors: tuple[str, ...],
    ids: set[str],
) -> DraftEntry:
    name = f"Kubernetes {version}" if version else "this release"
    parts = []
    if released:
        parts.append(f"{name} was announced on *{released:%B} {released.day}, {released.year}*")
    if authors:
        parts.append(f"in a post by {' and '.join(authors)}")
    post = f" <{url}|{title or 'Announcement'}>" if url else ""
    return DraftEntry(
        id=_unique_id("release-date", ids),
        title=f"When was {name} released?",
        answer=" ".join(parts) + "." + post,
        section="Introduction",
        links=(Link(title or "Announcement", url),) if url else (),
        dates=(released.isoformat(),) if released else (),
    )
