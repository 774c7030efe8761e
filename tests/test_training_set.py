"""The matcher's training set: labelled with real entries, broad enough, and in its own words."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from rapidfuzz import fuzz, process

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.knowledge import KnowledgeBase

TRAINING_SET = DEFAULT_KNOWLEDGE_DIR / "training" / "announcement.yaml"
EVAL_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
STYLES = {
    "shorthand",
    "typo",
    "yesno",
    "premise",
    "context",
    "chat",
    "paste",
    "keyword",
    "plain",
    "product",
    "indirect",
}
# A question this close to another text (rapidfuzz ratio) is a copy of it, not a new phrasing.
NEAR_COPY = 85


@pytest.fixture(scope="module")
def questions() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = yaml.safe_load(TRAINING_SET.read_text(encoding="utf-8"))
    return items


def comparable(text: str) -> str:
    """Lower-case with punctuation and runs of whitespace collapsed to single spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def near_copies(questions: list[dict[str, Any]], texts: list[str]) -> list[str]:
    targets = [comparable(text) for text in texts]
    return [
        item["q"]
        for item in questions
        if process.extractOne(
            comparable(item["q"]), targets, scorer=fuzz.ratio, score_cutoff=NEAR_COPY
        )
    ]


def test_every_item_is_one_question_labelled_with_an_entry_or_as_out_of_scope(
    questions: list[dict[str, Any]], kb: KnowledgeBase
) -> None:
    ids = {entry.id for entry in kb.entries}
    for item in questions:
        assert isinstance(item["q"], str), item
        assert item["q"].strip(), item
        assert item.get("style") in STYLES, item
        if item.get("oos"):
            assert "entry" not in item, item
            if "near" in item:
                assert item["near"] in ids, item
        else:
            assert item.get("entry") in ids, item
            assert "near" not in item, item


def test_every_entry_is_asked_about_at_least_twelve_ways(
    questions: list[dict[str, Any]], kb: KnowledgeBase
) -> None:
    per_entry = Counter(item["entry"] for item in questions if not item.get("oos"))
    assert sum(per_entry.values()) >= 800
    assert {entry.id: per_entry[entry.id] for entry in kb.entries if per_entry[entry.id] < 12} == {}


def test_out_of_scope_questions_are_mostly_near_misses(questions: list[dict[str, Any]]) -> None:
    out_of_scope = [item for item in questions if item.get("oos")]
    assert len(out_of_scope) >= 300
    assert sum(1 for item in out_of_scope if "near" in item) >= len(out_of_scope) / 2


def test_every_style_is_represented_inside_and_outside_scope(
    questions: list[dict[str, Any]],
) -> None:
    inside = {item["style"] for item in questions if not item.get("oos")}
    outside = {item["style"] for item in questions if item.get("oos")}
    assert inside == STYLES
    assert outside == STYLES


def test_no_question_is_asked_twice(questions: list[dict[str, Any]]) -> None:
    """Near repeats would let cross-validation score a question by its own twin."""
    texts = [comparable(item["q"]) for item in questions]
    repeats = [
        text
        for index, text in enumerate(texts)
        if process.extractOne(text, texts[index + 1 :], scorer=fuzz.ratio, score_cutoff=NEAR_COPY)
    ]
    assert repeats == []


def test_no_question_copies_a_title_alternate_or_keyword(
    questions: list[dict[str, Any]], kb: KnowledgeBase
) -> None:
    texts = [
        text for entry in kb.entries for text in (entry.title, *entry.alternates, *entry.keywords)
    ]
    assert near_copies(questions, texts) == []


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="the evaluation sets live outside the repository")
def test_no_question_copies_an_evaluation_question(questions: list[dict[str, Any]]) -> None:
    evaluation = [
        str(item["q"])
        for path in sorted(EVAL_DIR.glob("*.yaml"))
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if isinstance(item, dict) and "q" in item
    ]
    assert near_copies(questions, evaluation) == []
