"""`k17 kb fit`: the confidence model refitted from the training set, reproducibly, kept current."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.calibration import calibrate, cross_validation_folds, stale_reasons
from bot.core.knowledge import KnowledgeBase, load_knowledge
from bot.core.matching import ConfidenceModel, Matcher
from bot.core.matching.features import FEATURES
from bot.core.training import TrainingQuestion, TrainingSetError, read_training_set
from bot.errors import GeneratedFileError

SMALL_TRAINING = """\
- q: "is network policy stable now"
  entry: network-policy
  style: yesno
- q: "np ga in 1.7?"
  entry: network-policy
  style: shorthand
- q: "can pods be firewalled from each other"
  entry: network-policy
- q: "when is the austin conference"
  entry: kubecon-austin
- q: "kubecon dates pls"
  entry: kubecon-austin
  style: chat
- q: "what replaced third party resources"
  entry: tpr-to-crd
- q: "tpr gone? what now"
  entry: tpr-to-crd
  style: shorthand
- q: "best tacos in austin"
  oos: true
  near: kubecon-austin
- q: "is calico the network plugin 1.7 ships with"
  oos: true
  near: network-policy
- q: "how do i migrate a crd to a newer api group in 1.9"
  oos: true
  near: tpr-to-crd
"""


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge with a small training set of its own."""
    directory = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, directory, ignore=shutil.ignore_patterns("training"))
    (directory / "training").mkdir()
    (directory / "training" / "questions.yaml").write_text(SMALL_TRAINING, encoding="utf-8")
    return directory


def test_the_shipped_weights_are_fitted_on_the_shipped_training_set(kb: KnowledgeBase) -> None:
    training = read_training_set(DEFAULT_KNOWLEDGE_DIR, kb)
    assert stale_reasons(kb, training) == [], "run `make calibrate` and commit fitted.json"


def test_fitting_twice_writes_the_same_file(knowledge: Path, tmp_path: Path) -> None:
    # Separate processes with different string-hash seeds: sets iterate in another order.
    written = []
    for seed in ("1", "2"):
        output = tmp_path / f"fitted-{seed}.json"
        subprocess.run(
            [sys.executable, "-m", "bot", "kb", "fit", "--dir", str(knowledge), "-o", str(output)],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        written.append(output.read_bytes())
    assert written[0] == written[1]


def test_the_fit_records_where_its_weights_came_from(knowledge: Path) -> None:
    kb = load_knowledge(knowledge)
    training = read_training_set(knowledge, kb)
    calibration = calibrate(kb, training)
    provenance = calibration.provenance
    assert provenance["training_set"]["sha256"] == training.sha256
    assert provenance["training_set"]["in_scope"] == 7
    assert provenance["training_set"]["out_of_scope"] == 3
    assert provenance["settings"]["features"] == list(FEATURES)
    assert set(provenance["cross_validated"]) >= {"top1", "wrong", "false_answer"}
    assert set(calibration.model.weights) == set(FEATURES)


def test_every_question_is_scored_once_by_weights_fitted_without_its_entry(
    knowledge: Path,
) -> None:
    kb = load_knowledge(knowledge)
    training = read_training_set(knowledge, kb)
    folds = cross_validation_folds(training.questions, 5)
    groups = [group for fold in folds for group in fold]
    assert sorted(groups) == sorted({q.group for q in training.questions})
    # One entry's questions are held out together: none is scored by weights they shaped.
    held_out_with = {
        q.q: i for i, fold in enumerate(folds) for q in training.questions if q.group in fold
    }
    assert held_out_with["is network policy stable now"] == held_out_with["np ga in 1.7?"]
    assert len(calibrate(kb, training).results) == len(training.questions)


def test_out_of_scope_questions_are_grouped_apart_from_the_entry_they_are_near() -> None:
    miss = TrainingQuestion("is calico the default", None, near="network-policy")
    hit = TrainingQuestion("is np stable", "network-policy")
    assert miss.group != hit.group


def test_check_passes_after_a_fit_and_fails_once_the_training_set_changes(
    knowledge: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fitted = tmp_path / "fitted.json"
    assert main(["kb", "fit", "--dir", str(knowledge), "-o", str(fitted)]) == 0
    out = capsys.readouterr().out
    assert "cross-validated: top1" in out
    assert main(["kb", "fit", "--dir", str(knowledge), "--check", "-o", str(fitted)]) == 0
    training = knowledge / "training" / "questions.yaml"
    training.write_text(SMALL_TRAINING + '- q: "kubecon when"\n  entry: kubecon-austin\n')
    assert main(["kb", "fit", "--dir", str(knowledge), "--check", "-o", str(fitted)]) == 1
    err = capsys.readouterr().err
    assert "fitted on another training set than questions.yaml" in err
    assert "make calibrate" in err


def test_a_matcher_answers_with_the_weights_it_is_given(kb: KnowledgeBase) -> None:
    always = ConfidenceModel(dict.fromkeys(FEATURES, 0.0), 20.0)
    # A near miss the weights decide; a neighbouring product ("openshift") no weights can answer.
    question = "tpr in kubeflow"
    assert Matcher(kb).find_answer(question).status != "answered"
    assert Matcher(kb, always).find_answer(question).status == "answered"


def test_a_training_question_for_an_unknown_entry_is_named_with_its_line(knowledge: Path) -> None:
    training = knowledge / "training" / "questions.yaml"
    training.write_text(SMALL_TRAINING + '- q: "what is kube-router"\n  entry: kube-router\n')
    with pytest.raises(TrainingSetError) as raised:
        read_training_set(knowledge, load_knowledge(knowledge))
    assert [str(p) for p in raised.value.problems] == [
        f"{training}:{SMALL_TRAINING.count(chr(10)) + 1} entry 'kube-router': "
        "no such entry in the knowledge"
    ]


def test_kb_fit_reports_a_bad_training_set_in_one_line(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    training = knowledge / "training" / "questions.yaml"
    training.write_text('- q: "is np stable"\n')
    assert main(["kb", "fit", "--dir", str(knowledge), "--check"]) == 1
    assert capsys.readouterr().err == f"k17: {training}:1: needs 'entry: ID' or 'oos: true'\n"


def test_kb_fit_without_the_development_extra_says_how_to_install_it(knowledge: Path) -> None:
    # A fresh process in which scikit-learn cannot be imported, as on a production install.
    script = (
        "import sys; sys.modules['sklearn'] = None\n"
        "from bot.cli import main\n"
        f"sys.exit(main(['kb', 'fit', '--dir', {str(knowledge)!r}, '-o', '/dev/null']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == (
        "k17: fitting needs the development extra (sklearn is missing): pip install -e '.[dev]'\n"
    )


def test_a_model_fitted_for_other_features_is_one_line_saying_to_refit(tmp_path: Path) -> None:
    stale = tmp_path / "fitted.json"
    weights = dict.fromkeys(FEATURES[1:], 1.0)
    stale.write_text(json.dumps({"weights": weights, "bias": 0.0}), encoding="utf-8")
    with pytest.raises(GeneratedFileError) as raised:
        ConfidenceModel.fitted(stale)
    assert str(raised.value) == (
        f"{stale} has no weight for {FEATURES[0]}: it was fitted for another version of the "
        "matcher; run `k17 kb fit`"
    )


def test_fitting_needs_no_usable_shipped_model(
    knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unusable() -> ConfidenceModel:
        raise GeneratedFileError("fitted.json is stale")

    monkeypatch.setattr("bot.core.matching.decision._shipped_model", unusable)
    fitted = tmp_path / "fitted.json"
    assert main(["kb", "fit", "--dir", str(knowledge), "-o", str(fitted)]) == 0
    assert ConfidenceModel.fitted(fitted).weights.keys() == set(FEATURES)
