"""`k17 eval`: the scoring rules of the evaluation README, the floor, and bad question sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.core.evaluation import (
    Question,
    QuestionSetError,
    contains,
    read_question_set,
    score_records,
)


def record(status: str, text: str = "", suggestions: list[str] | None = None) -> dict[str, Any]:
    return {
        "question": "q",
        "status": status,
        "entry": "e" if status == "answered" else None,
        "score": 70.0,
        "text": text,
        "suggestions": [
            {"entry": "s", "title": "t", "score": 50.0, "text": s} for s in suggestions or []
        ],
    }


def test_phrases_match_any_alternative_ignoring_case() -> None:
    assert contains("KubeCon is in Austin, Dec 6-8", "dec. 6 | Dec 6")
    assert not contains("KubeCon is in Austin", "Dec 6 | December 6")


def test_figures_follow_the_scoring_rules() -> None:
    questions = [
        Question("right", ("austin", "dec 6 | december 6")),
        Question("wrong", ("austin",)),
        Question("long", ("austin",)),
        Question("suggested well", ("austin",)),
        Question("suggested badly", ("austin",)),
        Question("declined", ("austin",)),
        Question("pizza", oos=True),
        Question("weather", oos=True),
    ]
    records = [
        record("answered", "Austin, December 6-8"),
        record("answered", "Somewhere else"),
        record("answered", "Austin " + "x" * 1200),
        record("suggested", "Did you mean", ["In Austin"]),
        record("suggested", "Did you mean", ["Elsewhere"]),
        record("declined", "I don't know"),
        record("answered", "Pizza"),
        record("declined", "I don't know"),
    ]
    figures = score_records(questions, records)
    assert (figures.in_scope, figures.out_of_scope) == (6, 2)
    assert figures.top1 == pytest.approx(1 / 6)
    assert figures.suggested_ok == pytest.approx(1 / 6)
    assert figures.wrong == pytest.approx(2 / 6)  # a too-long answer counts as wrong
    assert figures.too_long == 1
    assert figures.false_answer == pytest.approx(1 / 2)
    assert {f.question for f in figures.failures} == {
        "wrong",
        "long",
        "suggested well",
        "suggested badly",
        "declined",
        "pizza",
    }


@pytest.mark.parametrize(
    "doc",
    [
        None,
        [],
        {"q": "not a list"},
        ["just a string"],
        [{"expect": ["x"]}],
        [{"q": "no expectation"}],
        [{"q": "empty expectation", "expect": []}],
        [{"q": "bad oos", "oos": "yes"}],
        [{"q": "both", "oos": True, "expect": ["x"]}],
    ],
)
def test_malformed_question_sets_are_refused(doc: Any) -> None:
    with pytest.raises(QuestionSetError):
        read_question_set(doc)


QUESTION_SET = """
- q: "is np stable in k8s 1.7?"
  expect: ["stable"]
- q: "kubecon austin dates"
  expect: ["Austin", "Dec 6 | December 6"]
- q: "what's the best bbq in austin"
  oos: true
"""


@pytest.fixture
def question_set(tmp_path: Path) -> Path:
    path = tmp_path / "questions.yaml"
    path.write_text(QUESTION_SET, encoding="utf-8")
    return path


def test_eval_prints_the_figures(question_set: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(question_set), "--now", "2017-07-01"]) == 0
    out = capsys.readouterr().out
    assert "top1          1.000" in out
    assert "false_answer  0.000" in out


def test_eval_json_has_figures_and_failures(
    question_set: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(question_set), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["top1"] == 1.0
    assert figures["wrong"] == 0.0
    assert figures["in_scope"] == 2
    assert figures["out_of_scope"] == 1
    assert figures["failures"] == []


def test_eval_passes_a_floor_it_meets(question_set: Path, tmp_path: Path) -> None:
    floor = tmp_path / "floor.json"
    floor.write_text('{"top1": 0.9, "wrong": 0.0, "false_answer": 0.0}')
    assert main(["eval", str(question_set), "--floor", str(floor)]) == 0


def test_eval_fails_below_the_floor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = tmp_path / "hard.yaml"
    questions.write_text('- q: "what is the best pizza"\n  expect: ["pepperoni"]\n')
    floor = tmp_path / "floor.json"
    floor.write_text('{"top1": 0.9, "wrong": 0.02, "false_answer": 0.03}')
    assert main(["eval", str(questions), "--floor", str(floor)]) == 1
    assert "top1 0.000 < floor 0.9" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("- q: [unclosed", "not valid YAML at line"),
        ("just: a mapping", "must be a non-empty YAML list"),
        ('- q: "x"\n', "item 1: 'expect' must be a non-empty list"),
    ],
)
def test_bad_question_set_is_one_line_and_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    path = tmp_path / "questions.yaml"
    if content is not None:
        path.write_text(content)
    assert main(["eval", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("content", [None, "not json", '{"top1": "high"}', "[1, 2]"])
def test_bad_floor_is_one_line_and_non_zero(
    question_set: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None
) -> None:
    floor = tmp_path / "floor.json"
    if content is not None:
        floor.write_text(content)
    assert main(["eval", str(question_set), "--floor", str(floor)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
