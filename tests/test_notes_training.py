"""The release-note training questions and the decision fitted from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.knowledge import load_knowledge
from bot.core.librarian import build_librarian
from bot.core.notes.decision import DECISION_FILE
from bot.core.notes.fit import (
    CHECK_FILE,
    TRAINING_FILE,
    decision_is_current,
    render_decision_file,
)
from bot.core.notes.generate import load_notes_knowledge

TRAINING = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / TRAINING_FILE).read_text(encoding="utf-8"))
CHECK = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / CHECK_FILE).read_text(encoding="utf-8"))
QUESTION_FILES = pytest.mark.parametrize("questions", [TRAINING, CHECK], ids=["training", "check"])
SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
NEAR_COPY = 85


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


@QUESTION_FILES
def test_every_item_names_a_note_or_is_out_of_scope(questions: list[dict[str, str]]) -> None:
    notes = load_notes_knowledge(DEFAULT_KNOWLEDGE_DIR)
    assert notes is not None
    ids = set(notes.ids)
    for item in questions:
        assert item.get("oos") or item["entry"] in ids, item
        assert not item.get("near", "").startswith("rn-") or item["near"] in ids, item
    in_scope = [i for i in questions if not i.get("oos")]
    out = [i for i in questions if i.get("oos")]
    assert len(in_scope) >= 200
    assert len(out) >= 50
    assert sum(1 for i in out if i.get("near")) >= len(out) / 2


@QUESTION_FILES
def test_no_question_is_a_near_copy_of_a_curated_phrasing(questions: list[dict[str, str]]) -> None:
    kb = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    phrasings = [
        _plain(p) for e in kb.entries for p in (e.title, *e.alternates, *e.keywords) if len(p) > 12
    ]
    for item in questions:
        q = _plain(item["q"])
        assert all(fuzz.ratio(q, p) < NEAR_COPY for p in phrasings), item["q"]


@pytest.mark.skipif(not SHARED_EVAL.is_dir(), reason="the shared evaluation sets are not here")
@QUESTION_FILES
def test_no_question_is_a_near_copy_of_an_evaluation_question(
    questions: list[dict[str, str]],
) -> None:
    asked = [
        _plain(item["q"])
        for name in ("dev.yaml", "release-notes-dev.yaml")
        if (SHARED_EVAL / name).exists()
        for item in yaml.safe_load((SHARED_EVAL / name).read_text(encoding="utf-8"))
    ]
    for item in questions:
        q = _plain(item["q"])
        assert all(fuzz.ratio(q, a) < NEAR_COPY for a in asked), item["q"]


def test_the_check_questions_are_kept_apart_from_the_training_questions() -> None:
    trained = [_plain(item["q"]) for item in TRAINING]
    for item in CHECK:
        q = _plain(item["q"])
        assert all(fuzz.ratio(q, t) < NEAR_COPY for t in trained), item["q"]


def test_the_fit_reports_its_figures_on_the_questions_kept_apart() -> None:
    doc = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / DECISION_FILE).read_text(encoding="utf-8"))
    kept = doc["kept_apart"]
    assert kept["in_scope"] == sum(1 for item in CHECK if not item.get("oos"))
    assert kept["out_of_scope"] == sum(1 for item in CHECK if item.get("oos"))


def test_the_committed_decision_was_fitted_on_the_committed_questions() -> None:
    assert decision_is_current(DEFAULT_KNOWLEDGE_DIR), "run `k17 kb fit-notes` and commit"


def test_fitting_again_gives_the_committed_file_byte_for_byte() -> None:
    kb = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    notes = build_librarian(kb, DEFAULT_KNOWLEDGE_DIR).notes
    assert notes is not None
    fitted = render_decision_file(notes, DEFAULT_KNOWLEDGE_DIR / TRAINING_FILE)
    assert fitted == (DEFAULT_KNOWLEDGE_DIR / DECISION_FILE).read_text(encoding="utf-8")


def test_the_cross_validated_figures_hold_the_line() -> None:
    doc = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / DECISION_FILE).read_text(encoding="utf-8"))
    figures = doc["cross_validated"]
    assert figures["top1"] >= 0.8
    assert figures["wrong"] <= 0.03
    assert figures["false_answer"] <= 0.08


def test_kb_check_reports_weights_fitted_on_other_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from bot.cli import main

    directory = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, directory)
    with (directory / TRAINING_FILE).open("a", encoding="utf-8") as training:
        training.write('- {q: "a question added after the fit", oos: true}\n')
    assert main(["kb", "check", "--dir", str(directory)]) == 1
    assert "stale: fitted on other questions" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("added", "reported"),
    [
        (
            "wasm: [webassembly]",
            "synonym 'wasm' -> ['webassembly']: no release note uses these words",
        ),
        # Questions are grouped into synonyms after the words read as no subject are dropped.
        (
            "out of the box: [default]",
            "synonym 'out of the box': 'of', 'the' are read as no subject, so no question says it",
        ),
        # YAML keeps the last of two equal keys: the first meaning would be lost unseen.
        ("hpa: [pod autoscaler]", "synonym 'hpa' appears twice"),
    ],
)
def test_kb_check_reports_a_notes_synonym_that_finds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], added: str, reported: str
) -> None:
    import shutil

    from bot.cli import main

    directory = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, directory)
    with (directory / "release-notes-synonyms.yaml").open("a", encoding="utf-8") as synonyms:
        synonyms.write(f"  {added}\n")
    assert main(["kb", "check", "--dir", str(directory)]) == 1
    assert reported in capsys.readouterr().out


def test_kb_check_reports_a_restated_note_that_is_no_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from bot.cli import main

    directory = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, directory)
    entries = directory / "k17.yaml"
    text = entries.read_text(encoding="utf-8")
    assert "restates: [rn-statefulset-5076e0]" in text
    entries.write_text(
        text.replace("restates: [rn-statefulset-5076e0]", "restates: [rn-statefulset-000000]"),
        encoding="utf-8",
    )
    assert main(["kb", "check", "--dir", str(directory)]) == 1
    assert (
        "entry 'statefulset-updates' restates 'rn-statefulset-000000', which is no release "
        "note's id" in capsys.readouterr().out
    )


def test_a_note_below_the_coverage_gate_is_only_ever_offered() -> None:
    from bot.core.notes.decision import DEFAULT_WEIGHTS, Decision
    from bot.core.notes.settings import MIN_COVERAGE, OFFER_COVERAGE

    decision = Decision({**DEFAULT_WEIGHTS, "bias": 0.0})
    partly = {"bias": 1.0, "coverage": (MIN_COVERAGE + OFFER_COVERAGE) / 2, "near_miss": 0.0}
    assert decision.probability(partly) == 0.0
    assert decision.offer_probability(partly) > 0.5
    too_little = partly | {"coverage": OFFER_COVERAGE - 0.01}
    assert decision.offer_probability(too_little) == 0.0
    near_miss = partly | {"near_miss": 1.0}
    assert decision.offer_probability(near_miss) == 0.0
