"""Reading the CHANGELOG's v1.7.0 section: every note with its section path, links and flags."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

MATURITIES = {"alpha": "alpha", "beta": "beta", "stable": "stable", "ga": "stable"}
ACTION_SECTION = "Action Required Before Upgrading"
KNOWN_ISSUES_SECTION = "Known Issues"
DEPRECATIONS_SECTION = "Deprecations"
DEPENDENCIES_SECTION = "External Dependency Version Information"
# A list item this short, without a link and with its own list below, names a group
# ("Bug fixes", "AWS:"), not a change.
MAX_LABEL_WORDS = 4

_MATURITY = re.compile(r"^\[([A-Za-z]+)\]\s*")
_GITHUB_REF = re.compile(r"https://github\.com/([\w.-]+)/([\w.-]+)/(pull|issues)/(\d+)$")
_AUTHOR = re.compile(r"https://github\.com/([\w-]+)$")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# What is left of "([#39164](...), [@danwinship](...))" once its links are set apart.
_EMPTY_PARENS = re.compile(r"\(\s*[,\s]*\)")
_DEPRECATES = re.compile(r"\bdeprecat", re.IGNORECASE)
# "Namespace. ([#46750](...))." leaves a sentence with two stops once its links are set apart.
# A list marker and label right after a note's closing citation: "...(#43715, @deads2k))* CentOS".
_GLUED_ITEM = re.compile(r"\)\)\*\s+[^()\[\]*]+$")
_DOUBLED_STOP = re.compile(r"(?<=\w)\.\.(?!\.)")
_CODE = ("fence", "code_block")
_PARTS = ("paragraph", *_CODE)


class NotesError(Exception):
    """The release notes do not read as a CHANGELOG section; `problems` says where and why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Reference:
    """A pull request or issue a note cites: `#39164`, or `kubernetes/release#356`."""

    label: str
    url: str


@dataclass(frozen=True)
class Note:
    """One release note: where it sits, what it says (Slack mrkdwn) and what it cites."""

    section: tuple[str, ...]
    text: str
    line: int
    references: tuple[Reference, ...] = ()
    authors: tuple[str, ...] = ()
    maturity: str | None = None
    action_required: bool = False
    known_issue: bool = False
    deprecation: bool = False


@dataclass(frozen=True)
class Download:
    """One row of a download table: a release archive and its sha256."""

    section: str
    filename: str
    url: str
    sha256: str
    line: int


@dataclass(frozen=True)
class ReleaseNotes:
    """Everything the notes say: notes in reading order and the download tables."""

    title: str
    notes: tuple[Note, ...]
    downloads: tuple[Download, ...]
    sections: tuple[tuple[str, ...], ...] = field(default=())


def parse_release_notes(markdown: str) -> ReleaseNotes:
    """Parse the CHANGELOG section; raise NotesError listing every malformed line."""
    # Only generating the notes parses Markdown; answering reads the generated YAML.
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    md = MarkdownIt("commonmark").enable("table")
    root = SyntaxTreeNode(md.parse(markdown))
    reader = _Reader()
    reader.read(root)
    if not reader.title:
        reader.problems.append("line 1: no '# v1.x.y' title: not a CHANGELOG section")
    if not reader.notes:
        reader.problems.append("no release notes found (no list items under a heading)")
    if reader.problems:
        raise NotesError(reader.problems)
    return ReleaseNotes(
        reader.title, tuple(reader.notes), tuple(reader.downloads), tuple(reader.sections)
    )


@dataclass
class _Heading:
    level: int
    text: str
    bold: bool


class _Reader:
    """Walks the Markdown tree once, keeping the heading path."""

    def __init__(self) -> None:
        self.title = ""
        self.notes: list[Note] = []
        self.downloads: list[Download] = []
        self.sections: list[tuple[str, ...]] = []
        self.problems: list[str] = []
        self._headings: list[_Heading] = []
        self._bold_levels: set[int] = set()
        self._section_has_list = False
        self._paragraphs: list[SyntaxTreeNode] = []

    def read(self, root: SyntaxTreeNode) -> None:
        for node in root.children:
            if node.type == "heading":
                self._flush_paragraphs()
                self._heading(node)
            elif node.type == "bullet_list":
                self._section_has_list = True
                self._require_section(node)
                for item in node.children:
                    self._item(item, self._path())
            elif node.type == "paragraph":
                self._paragraphs.append(node)
            elif node.type == "table":
                self._table(node)
            elif node.type in ("html_block", "fence", "code_block", "hr"):
                continue  # comments and stray code are not notes
            else:
                self._problem(node, f"unexpected {node.type.replace('_', ' ')}")
        self._flush_paragraphs()

    def _heading(self, node: SyntaxTreeNode) -> None:
        level = int(node.tag[1:])
        inline = node.children[0] if node.children else None
        text = _plain(inline).strip() if inline is not None else ""
        if not text:
            self._problem(node, "empty heading")
            return
        if level == 1:
            self.title = text
            self._headings = []
            return
        bold = inline is not None and _is_bold(inline)
        if bold:
            self._bold_levels.add(level)
        elif level in self._bold_levels:
            # A plain heading at the level of the bold release sections ("## Kubefed" between
            # "## **Notable Features**" and its "### **...**") belongs to the section before it.
            level += 1
        while self._headings and self._headings[-1].level >= level:
            self._headings.pop()
        self._headings.append(_Heading(level, text, bold))
        self._section_has_list = False
        self.sections.append(self._path())

    def _path(self) -> tuple[str, ...]:
        return tuple(h.text for h in self._headings)

    def _require_section(self, node: SyntaxTreeNode) -> bool:
        if not self._headings:
            self._problem(node, "a list before any section heading")
            return False
        return True

    def _flush_paragraphs(self) -> None:
        # Paragraphs are notes only in a section without a list (the major themes); elsewhere
        # they introduce the list ("Populated via ...").
        paragraphs, self._paragraphs = self._paragraphs, []
        if self._section_has_list or not self._headings:
            return
        for paragraph in paragraphs:
            inline = paragraph.children[0]
            if _only_links(inline):
                continue
            self._add_note(paragraph, [inline], self._path())

    def _item(self, item: SyntaxTreeNode, path: tuple[str, ...]) -> None:
        own = [c for c in item.children if c.type != "bullet_list"]
        lists = [c for c in item.children if c.type == "bullet_list"]
        inlines = [c.children[0] for c in own if c.type == "paragraph"]
        # A command or manifest the note prints ("run the following command:") is part of it.
        parts = [c.children[0] if c.type == "paragraph" else c for c in own if c.type in _PARTS]
        label = _plain(inlines[0]).strip().rstrip(":") if inlines else ""
        if (
            lists
            and len(inlines) == 1
            and len(label.split()) <= MAX_LABEL_WORDS
            and not _links(inlines[0])
            and not any(ch.isdigit() for ch in label)
        ):
            for child in (c for sub in lists for c in sub.children):
                self._item(child, (*path, label))
            return
        folded: list[SyntaxTreeNode] = []
        separate: list[SyntaxTreeNode] = []
        for child in (c for sub in lists for c in sub.children):
            (separate if _cites(child) else folded).append(child)
        texts = parts + [n.children[0] for c in folded for n in _paragraphs(c)]
        if not texts:
            self._problem(item, "an empty list item")
            return
        if all(_only_links(t) for t in texts):
            return  # a list of links (earlier pre-releases) is a table of contents, not a note
        self._add_note(item, texts, path)
        for child in separate:
            self._item(child, path)

    def _add_note(
        self, node: SyntaxTreeNode, blocks: list[SyntaxTreeNode], path: tuple[str, ...]
    ) -> None:
        """A note from its paragraphs' inline runs and the code blocks among them, in order."""
        line = (node.map[0] + 1) if node.map else 0
        references: list[Reference] = []
        authors: list[str] = []
        parts: list[str] = []
        for block in blocks:
            if block.type in _CODE:
                # Kept line for line, after the paragraph that introduces it.
                parts.append(f"\n```{_literal(block.content.strip(chr(10)))}```")
                continue
            text, refs, who = _render(block, line, self.problems)
            if _GLUED_ITEM.search(block.content):
                # "...@deads2k))* CentOS provider": a list item that lost its line break.
                text = text[: text.rfind("*")]
            text = _EMPTY_PARENS.sub("", text)
            text = re.sub(r"\s+([.,;:])", r"\1", re.sub(r"\s+", " ", text)).strip()
            parts.append(_DOUBLED_STOP.sub(".", text))
            references += [r for r in refs if r not in references]
            authors += [a for a in who if a not in authors]
        text = ""
        for part in (p for p in parts if p.strip()):
            if text and not part.startswith("\n"):
                part = ("\n" if text.endswith("```") else " · ") + part
            text += part
        maturity = None
        tag = _MATURITY.match(text)
        if tag:
            maturity = MATURITIES.get(tag.group(1).lower())
            if maturity is None:
                self.problems.append(
                    f"line {line}: unknown maturity tag [{tag.group(1)}] "
                    "(expected [alpha], [beta], [stable] or [GA])"
                )
            text = text[tag.end() :]
        if not text:
            self.problems.append(f"line {line}: a note with no text")
            return
        top = path[0] if path else ""
        self.notes.append(
            Note(
                section=path,
                text=text,
                line=line,
                references=tuple(references),
                authors=tuple(authors),
                maturity=maturity,
                action_required=top == ACTION_SECTION or "Action Required:" in text,
                known_issue=top == KNOWN_ISSUES_SECTION,
                deprecation=top == DEPRECATIONS_SECTION or bool(_DEPRECATES.search(text)),
            )
        )

    def _table(self, node: SyntaxTreeNode) -> None:
        section = self._headings[-1].text if self._headings else ""
        for row in _rows(node):
            line = (row.map[0] + 1) if row.map else 0
            cells = [c.children[0] if c.children else None for c in row.children]
            if len(cells) != 2 or cells[0] is None or cells[1] is None:
                self.problems.append(f"line {line}: a download row needs a file and its sha256")
                continue
            links = _links(cells[0])
            digest = _plain(cells[1]).strip()
            if len(links) != 1 or not _SHA256.fullmatch(digest):
                self.problems.append(
                    f"line {line}: a download row needs one linked file and a 64-digit sha256"
                )
                continue
            label, url = links[0]
            self.downloads.append(Download(section, label, url, digest, line))

    def _problem(self, node: SyntaxTreeNode, message: str) -> None:
        line = (node.map[0] + 1) if node.map else 0
        self.problems.append(f"line {line}: {message}")


def _rows(table: SyntaxTreeNode) -> Iterator[SyntaxTreeNode]:
    for part in table.children:
        if part.type == "tbody":
            yield from part.children


def _paragraphs(item: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    found = [c for c in item.children if c.type == "paragraph"]
    for sub in (c for c in item.children if c.type == "bullet_list"):
        for child in sub.children:
            found += _paragraphs(child)
    return found


def _cites(item: SyntaxTreeNode) -> bool:
    """Whether a list item cites its own pull request or issue (then it is its own note)."""
    for paragraph in (c for c in item.children if c.type == "paragraph"):
        if any(_GITHUB_REF.match(url) for _, url in _links(paragraph.children[0])):
            return True
    return False


def _links(inline: SyntaxTreeNode) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for node in _walk(inline):
        if node.type == "link":
            found.append((_plain(node).strip(), str(node.attrs.get("href", ""))))
    return found


def _walk(node: SyntaxTreeNode) -> Iterator[SyntaxTreeNode]:
    for child in node.children:
        yield child
        yield from _walk(child)


def _plain(node: SyntaxTreeNode) -> str:
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_plain(c) for c in node.children)


def _is_bold(inline: SyntaxTreeNode) -> bool:
    meaningful = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
    return len(meaningful) == 1 and meaningful[0].type == "strong"


def _only_links(inline: SyntaxTreeNode) -> bool:
    return all(
        c.type == "link" or (c.type == "text" and not c.content.strip(" &"))
        for c in inline.children
    )


def _literal(text: str) -> str:
    """Text as Slack mrkdwn shows it literally."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _render(
    inline: SyntaxTreeNode, line: int, problems: list[str]
) -> tuple[str, list[Reference], list[str]]:
    """An inline run as Slack mrkdwn, with the references and authors it cites set apart."""
    references: list[Reference] = []
    authors: list[str] = []

    def render(node: SyntaxTreeNode) -> str:
        if node.type == "text":
            return _literal(node.content)
        if node.type == "code_inline":
            return f"`{node.content}`"
        if node.type in ("softbreak", "hardbreak"):
            return " "
        if node.type == "strong":
            inner = "".join(render(c) for c in node.children).strip()
            return f"*{inner}*" if inner else ""
        if node.type == "em":
            inner = "".join(render(c) for c in node.children).strip()
            return f"_{inner}_" if inner else ""
        if node.type == "link":
            label = _plain(node).strip()
            url = str(node.attrs.get("href", ""))
            ref = _GITHUB_REF.match(url)
            if label.startswith("#") or (ref and label.split("#")[-1].isdigit()):
                if ref is None or label.split("#")[-1] != ref.group(4):
                    problems.append(f"line {line}: reference '{label}' does not link to it: {url}")
                    return ""
                owner, repo, number = ref.group(1), ref.group(2), ref.group(4)
                local = (owner, repo) == ("kubernetes", "kubernetes")
                name = f"#{number}" if local else f"{owner}/{repo}#{number}"
                references.append(Reference(name, url))
                return ""
            if label.startswith("@"):
                if not _AUTHOR.match(url):
                    problems.append(f"line {line}: author '{label}' does not link to GitHub")
                authors.append(label[1:])
                return ""
            if not url.startswith(("http://", "https://")):
                return _literal(label)
            return f"<{url}|{_literal(label)}>"
        if node.type == "image":
            return ""
        return "".join(render(c) for c in node.children)

    return render(inline), references, authors
