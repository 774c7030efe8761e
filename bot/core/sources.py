"""Source documents for `k17 kb build`: which are Markdown or HTML, and HTML read as Markdown."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import PurePosixPath
from typing import Literal

DocumentKind = Literal["markdown", "html"]
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")

# What only Markdown writes: a heading, a link, or front matter naming a title.
_MARKDOWN_SIGNS = re.compile(
    r"^#{1,6}\s+\S|\[[^\]\n]+\]\([^)\s]+\)|\A---\s*\n(?:.*\n)*?title:", re.MULTILINE
)
_HTML_START = re.compile(
    r"\A(?:\ufeff)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_PARAGRAPHS = {"p", "div", "section", "article", "main", "blockquote", "table", "tr", "ul", "ol"}
# Page furniture, not the announcement: navigation, scripts, forms.
_SKIPPED = {"script", "style", "noscript", "nav", "header", "footer", "form", "svg", "template"}


def document_kind(text: str, name: str, content_type: str = "") -> DocumentKind | None:
    """Markdown or HTML by media type, file suffix or content; None for anything else."""
    media = content_type.split(";", 1)[0].strip().lower()
    suffix = PurePosixPath(name.split("?", 1)[0]).suffix.lower()
    if media in ("text/html", "application/xhtml+xml") or suffix in HTML_SUFFIXES:
        return "html"
    if media == "text/markdown" or suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if _HTML_START.match(text):
        return "html"
    if _MARKDOWN_SIGNS.search(text):
        return "markdown"
    return None


def html_as_markdown(html: str) -> str:
    """The Markdown an HTML page's text reads as: title, headings, paragraphs, bullets, links."""
    writer = _MarkdownWriter()
    writer.feed(html)
    writer.close()
    return writer.markdown()


class _MarkdownWriter(HTMLParser):
    """Writes an HTML page's readable parts as Markdown, the form the drafter reads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._links: list[str] = []
        self._skipping = 0
        self._title: list[str] | None = None
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "title":
            self._title = []
        elif self._skipping:
            return
        elif tag in _HEADINGS:
            self._parts.append("\n\n" + "#" * _HEADINGS[tag] + " ")
        elif tag in _PARAGRAPHS:
            self._parts.append("\n\n")
        elif tag == "li":
            self._parts.append("\n- ")
        elif tag == "br":
            self._parts.append("\n")
        elif tag in ("strong", "b"):
            self._parts.append("**")
        elif tag == "a":
            self._links.append(dict(attrs).get("href") or "")
            self._parts.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(self._skipping - 1, 0)
        elif tag == "title" and self._title is not None:
            self.title = " ".join("".join(self._title).split())
            self._title = None
        elif self._skipping:
            return
        elif tag in _HEADINGS or tag in _PARAGRAPHS:
            self._parts.append("\n\n")
        elif tag in ("strong", "b"):
            self._parts.append("**")
        elif tag == "a" and self._links:
            href = self._links.pop()
            self._parts.append(f"]({href})" if href else "]")

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
        elif not self._skipping:
            self._parts.append(re.sub(r"\s+", " ", data))

    def markdown(self) -> str:
        """The Markdown written so far, with the page title as front matter."""
        body = "".join(self._parts).replace("[]", "")
        lines = [line.strip() for line in body.splitlines()]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
        if self.title:
            quoted = self.title.replace('"', '\\"')
            text = f'---\ntitle: "{quoted}"\n---\n\n{text}'
        return text
