"""Slack mrkdwn as a reader sees it: visible length, sentences, cutting without breaking links."""

from __future__ import annotations

import re

# A Slack link, a code block or span, or a run of other text.
_PIECES = re.compile(r"<[^<>]*>|```.*?```|`[^`]*`|[^<`]+|[<`]", re.DOTALL)
_LINK_LABEL = re.compile(r"<[^|<>]*\|([^<>]*)>|<([^<>]*)>")
# Sentence ends, and the " · " that joins a note's paragraphs.
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z*`<])|\s·\s")


_CODE_BLOCK = re.compile(r"```.*?```", re.DOTALL)


def split_sentences(text: str) -> list[str]:
    """The sentences of a note, its joined paragraphs apart; a code block is one sentence."""
    sentences: list[str] = []
    start = 0
    for block in _CODE_BLOCK.finditer(text):
        sentences += _prose_sentences(text[start : block.start()])
        sentences.append(block.group())
        start = block.end()
    return sentences + _prose_sentences(text[start:]) or [text]


def _prose_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def first_sentence(text: str, limit: int) -> str:
    """The first sentence of a text without its link targets, cut to `limit`."""
    plain = re.sub(r"<[^|>]+\|([^>]*)>", r"\1", text)
    sentence = re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0]
    return shorten(sentence, limit)


def shorten(text: str, limit: int) -> str:
    """Text cut at a word boundary to `limit` visible characters; links and code stay whole."""
    if visible_length(text) <= limit:
        return text
    out: list[str] = []
    used = 0
    for piece in _PIECES.findall(text):
        size = visible_length(piece)
        if used + size > limit:
            if not piece.startswith(("<", "`")):
                out.append(piece[: max(limit - used, 0)].rsplit(" ", 1)[0])
            break
        out.append(piece)
        used += size
    return "".join(out).rstrip(" ,;:·(") + "…"


def visible_length(text: str) -> int:
    """How many characters a reader sees: a link counts as its label."""
    return len(_LINK_LABEL.sub(lambda m: m.group(1) or m.group(2) or "", text))
