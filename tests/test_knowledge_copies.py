"""No title, alternate or keyword copies a question the knowledge base is measured or trained with.

A knowledge base that holds the evaluation's questions (or the matcher tests' questions) word for
word scores well on them and says nothing about the next user's question. This guard fails when a
title, alternate or keyword is, after normalising, equal to or a near copy (rapidfuzz `ratio` of
85 or more) of a question in:
- the shared evaluation sets `../shared/eval/*.yaml`, when they are present;
- the matcher tests' question sets: the `parametrize` values and upper-case module constants of
  `tests/test_matcher_*.py` (entry ids aside);
- the training set `knowledge/training/*.yaml`, when it exists.

Two kinds of pair are not copies: a one-word question (it can only be the word itself, and no
rewording of a keyword exists), and a pair naming different releases ("what's new in 1.7" and
"what's new in 1.8" ask different things; the second is a test that k17 declines).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.knowledge import Entry, KnowledgeBase

NEAR_COPY = 85.0
TESTS = Path(__file__).parent
SHARED_EVAL = DEFAULT_KNOWLEDGE_DIR.parent.parent / "shared" / "eval"
TRAINING = DEFAULT_KNOWLEDGE_DIR / "training"
_RELEASE = re.compile(r"\b\d+\.\d+\b")


def normalise(text: str) -> str:
    """Lower case, punctuation as spaces, single spaces: `What's new?` -> `what s new`."""
    return " ".join(re.sub(r"[^a-z0-9.]+|\.(?!\d)", " ", text.lower()).split())


def eval_questions(directory: Path) -> Iterator[tuple[str, str]]:
    """(file, question) for every `q:` of the evaluation sets in `directory`."""
    for path in sorted(directory.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(item, dict) and isinstance(item.get("q"), str):
                yield path.name, item["q"]


def _strings(node: ast.AST) -> list[str]:
    constants = (n for n in ast.walk(node) if isinstance(n, ast.Constant))
    return [c.value for c in constants if isinstance(c.value, str)]


def module_questions(path: Path) -> Iterator[tuple[str, str]]:
    """(file, question) for the `parametrize` values and upper-case constants of a test module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr == "parametrize":
            found += _strings(node.args[1])
    for statement in tree.body:
        target: ast.AST | None = None
        if isinstance(statement, ast.Assign):
            target = statement.targets[0]
        elif isinstance(statement, ast.AnnAssign):
            target = statement.target
        value = getattr(statement, "value", None)
        literal = isinstance(value, ast.List | ast.Tuple | ast.Set | ast.Constant)
        if isinstance(target, ast.Name) and target.id.isupper() and literal and value is not None:
            found += _strings(value)
    yield from ((path.name, text) for text in found)


def training_questions(directory: Path) -> Iterator[tuple[str, str]]:
    """(file, question) for every `q:` of the training set, which has the evaluation's format."""
    yield from ((f"training/{file}", text) for file, text in eval_questions(directory))


def phrasings(kb: KnowledgeBase) -> Iterator[tuple[str, str, str]]:
    """(entry id, kind, text) for every title, alternate and keyword."""
    for entry in kb.entries:
        yield entry.id, "title", entry.title
        yield from ((entry.id, "alternate", text) for text in entry.alternates)
        yield from ((entry.id, "keyword", text) for text in entry.keywords)


def copies(kb: KnowledgeBase, questions: list[tuple[str, str]]) -> list[str]:
    """Each phrasing that equals or nearly copies a question, named with the question's file."""
    entry_ids = {entry.id for entry in kb.entries}
    asked = [
        (file, normalise(text))
        for file, text in questions
        if text not in entry_ids and len(normalise(text).split()) >= 2
    ]
    choices = [text for _, text in asked]
    found: list[str] = []
    for entry_id, kind, text in phrasings(kb):
        mine = normalise(text)
        for _, score, index in process.extract(
            mine, choices, scorer=fuzz.ratio, score_cutoff=NEAR_COPY, limit=None
        ):
            file, question = asked[index]
            releases = set(_RELEASE.findall(mine)), set(_RELEASE.findall(question))
            if all(releases) and releases[0] != releases[1]:
                continue  # both name a release, different ones: a different question
            found.append(f"{entry_id}: {kind} '{text}' ~ a question in {file} ({score:.0f})")
    return found


def matcher_test_questions() -> list[tuple[str, str]]:
    """Every question the matcher's own tests ask."""
    return [q for path in sorted(TESTS.glob("test_matcher_*.py")) for q in module_questions(path)]


def test_no_phrasing_copies_a_matcher_test_question(kb: KnowledgeBase) -> None:
    questions = matcher_test_questions()
    assert len(questions) >= 100
    assert copies(kb, questions) == []


def test_no_phrasing_copies_a_training_question(kb: KnowledgeBase) -> None:
    if not TRAINING.is_dir():
        pytest.skip("no knowledge/training/ set in this checkout")
    assert copies(kb, list(training_questions(TRAINING))) == []


def test_no_phrasing_copies_an_evaluation_question(kb: KnowledgeBase) -> None:
    if not SHARED_EVAL.is_dir():
        pytest.skip("../shared/eval is not present")
    questions = list(eval_questions(SHARED_EVAL))
    assert questions
    assert copies(kb, questions) == []


def test_the_guard_finds_exact_and_near_copies_and_spares_other_releases() -> None:
    entry = Entry(
        "whats-new",
        "What's new in Kubernetes 1.7?",
        "Highlights.",
        "What's New",
        alternates=("new features in 1.7", "kubecon"),
        keywords=("highlights",),
    )
    questions = [
        ("a.yaml", "WHAT'S NEW in Kubernetes 1.7"),
        ("b.yaml", "new feature in 1.7"),
        ("c.yaml", "What's new in Kubernetes 1.8?"),
        ("d.yaml", "kubecon"),
        ("e.yaml", "whats-new"),
        ("f.yaml", "New features in it?"),
    ]
    assert copies(KnowledgeBase(entries=(entry,)), questions) == [
        "whats-new: title 'What's new in Kubernetes 1.7?' ~ a question in a.yaml (100)",
        "whats-new: alternate 'new features in 1.7' ~ a question in b.yaml (97)",
        "whats-new: alternate 'new features in 1.7' ~ a question in f.yaml (86)",
    ]
