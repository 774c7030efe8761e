"""The matcher's training set: questions as people type them, each with the entry that answers it.

Read from `knowledge/training/*.yaml` (the format is in that folder's README). Each item is
either answered by one entry (`entry: id`) or out of scope (`oos: true`, with `near:` naming the
entry it could be mistaken for). The confidence model is fitted on it and its figures are
measured on it, always on questions the fit did not see (see bot/core/calibration.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from bot.core.knowledge import KnowledgeBase, Problem, read_yaml_with_lines
from bot.core.matching.decision import Match

TRAINING_DIR = "training"
STYLES = frozenset(
    {"shorthand", "typo", "yesno", "premise", "context", "chat", "paste", "keyword", "plain"}
    | {"product", "indirect"}
)
Outcome = Literal["right", "wrong", "suggested_ok", "missed", "false_answer", "declined_ok"]


class TrainingSetError(Exception):
    """The training set cannot be used; `problems` says where and why, one line each."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class TrainingQuestion:
    """One question and what answers it: an entry id, or None when nothing should."""

    q: str
    entry: str | None
    near: str | None = None
    style: str | None = None

    @property
    def oos(self) -> bool:
        """Whether nothing in the knowledge answers it."""
        return self.entry is None

    @property
    def group(self) -> str:
        """Questions that stand or fall together in cross-validation: one entry's, or one miss."""
        return f"entry:{self.entry}" if self.entry is not None else f"oos:{self.near or self.q}"


@dataclass(frozen=True)
class TrainingSet:
    """Every training question, and the fingerprint of the files they were read from."""

    questions: tuple[TrainingQuestion, ...]
    files: tuple[str, ...]
    sha256: str


# The release-note decision's own questions, labelled with notes rather than curated entries
# (bot/core/notes/fit.py fits them); `k17 kb fit` refits both.
NOTES_TRAINING_FILES = frozenset({"release-notes.yaml", "release-notes-check.yaml"})


def training_files(knowledge_dir: Path) -> list[Path]:
    """The curated matcher's training files in the knowledge directory, in name order."""
    found = (knowledge_dir / TRAINING_DIR).glob("*.yaml")
    return sorted(path for path in found if path.name not in NOTES_TRAINING_FILES)


def read_training_set(knowledge_dir: Path, kb: KnowledgeBase) -> TrainingSet:
    """Read and validate every training file; TrainingSetError lists every problem."""
    files = training_files(knowledge_dir)
    problems: list[Problem] = []
    if not files:
        where = str(knowledge_dir / TRAINING_DIR)
        raise TrainingSetError([Problem(where, None, None, "holds no training set (*.yaml)")])
    ids = {entry.id for entry in kb.entries}
    questions: list[TrainingQuestion] = []
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        try:
            doc = read_yaml_with_lines(path)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            problems.append(Problem(str(path), line, None, f"is not valid YAML: {error}"))
            continue
        questions.extend(_questions(path, doc, ids, problems))
    if problems:
        raise TrainingSetError(problems)
    return TrainingSet(tuple(questions), tuple(p.name for p in files), digest.hexdigest())


def _questions(
    path: Path, doc: object, ids: set[str], problems: list[Problem]
) -> Iterable[TrainingQuestion]:
    if not isinstance(doc, list):
        problems.append(Problem(str(path), None, None, "must be a YAML list of questions"))
        return
    for item in doc:
        line = item.get("__line__") if isinstance(item, dict) else None
        if not isinstance(item, dict):
            problems.append(Problem(str(path), line, None, "each item must be a mapping with 'q'"))
            continue
        q, entry, oos = item.get("q"), item.get("entry"), item.get("oos", False)
        near, style = item.get("near"), item.get("style")
        if not isinstance(q, str) or not q.strip():
            problems.append(Problem(str(path), line, None, "'q' must be a non-empty string"))
        elif oos is True and entry is not None:
            problems.append(Problem(str(path), line, None, "an out-of-scope item has no 'entry'"))
        elif oos is not True and not isinstance(entry, str):
            problems.append(Problem(str(path), line, None, "needs 'entry: ID' or 'oos: true'"))
        elif isinstance(entry, str) and entry not in ids:
            problems.append(Problem(str(path), line, entry, "no such entry in the knowledge"))
        elif near is not None and near not in ids:
            problems.append(Problem(str(path), line, near, "'near' names no such entry"))
        elif style is not None and style not in STYLES:
            known = ", ".join(sorted(STYLES))
            problems.append(Problem(str(path), line, None, f"'style' must be one of {known}"))
        else:
            yield TrainingQuestion(q, entry if isinstance(entry, str) else None, near, style)


def knowledge_fingerprint(kb: KnowledgeBase) -> str:
    """A digest of everything the matcher reads of a knowledge base, formatting aside."""
    content = {
        "release": kb.release,
        "release_date": kb.release_date.isoformat() if kb.release_date else None,
        "synonyms": {term: list(targets) for term, targets in sorted(kb.synonyms.items())},
        "entries": [
            [e.id, e.title, e.answer, e.section, list(e.alternates), list(e.keywords)]
            + [[link.label, link.url] for link in e.links]
            for e in kb.entries
        ],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def outcome(question: TrainingQuestion, match: Match) -> Outcome:
    """How the matcher did on one training question."""
    if question.entry is None:
        return "false_answer" if match.status == "answered" else "declined_ok"
    if match.status == "answered":
        return "right" if match.entry is not None and match.entry.id == question.entry else "wrong"
    if match.status == "suggested" and any(c.entry.id == question.entry for c in match.candidates):
        return "suggested_ok"
    return "missed"
