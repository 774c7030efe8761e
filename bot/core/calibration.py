"""Fitting the confidence model from the training set, with figures from cross-validation.

`calibrate` reads every training question through the matcher once, fits a logistic model of
"the best entry's answer is right" on what backs the best entry (bot/core/matching/features.py),
and measures it by k-fold cross-validation grouped by entry: the questions of one entry, and each
out-of-scope question with the others near the same entry, are held out together, and each held-
out question is answered with weights fitted without it, through the whole decision. Figures never
come from the questions a model was fitted on. Deterministic: the same training set, knowledge and
settings give the same file byte for byte.

scikit-learn does the fitting (a development dependency, imported here only); answering reads the
generated weights and needs no numerical library.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bot.core.evaluation import Figures
from bot.core.knowledge import KnowledgeBase
from bot.core.matching.decision import Matcher
from bot.core.matching.features import FEATURES, FITTED_FILE, ConfidenceModel
from bot.core.matching.settings import ANSWER_THRESHOLD
from bot.core.training import (
    Outcome,
    TrainingQuestion,
    TrainingSet,
    knowledge_fingerprint,
    outcome,
)

DECIMALS = 4


@dataclass(frozen=True)
class FitSettings:
    """How the model is fitted: folds, L2 regularisation, the cost of a false answer."""

    # Ten folds of about a tenth of the entries each. With five, which entries shared a fold
    # moved the figures by half a point of false answers when five repeated questions were
    # dropped (0.032 -> 0.038 at 3,060 questions). Ten folds measure 0.731 / 0.208 / 0.010 /
    # 0.033, as holding out each entry alone does (0.730 / 0.210 / 0.010 / 0.033, ten times
    # slower to fit), at no cost.
    folds: int = 10
    # Inverse L2 strength: weights stay near what the evidence supports on a few hundred rows.
    regularisation_c: float = 1.0
    # A false answer costs more than a suggestion: out-of-scope rows weigh this much more.
    # Cross-validated on 2,898 questions: 3.0 gave top1 0.744, wrong 0.013, false 0.037; 3.5
    # gives 0.730, 0.011, 0.033, the right answer then offered a click away instead (4.0:
    # 0.718, 0.010, 0.032).
    out_of_scope_weight: float = 3.5
    knowledge_phrasings: bool = True


def figures_of(results: Sequence[tuple[TrainingQuestion, Outcome]]) -> Figures:
    """The scoring rules of `k17 eval`, applied to training outcomes."""
    counts = Counter(o for _, o in results)
    in_scope = sum(1 for q, _ in results if not q.oos)
    out = len(results) - in_scope

    def share(count: int, total: int) -> float:
        return round(count / total, DECIMALS) if total else 0.0

    return Figures(
        in_scope=in_scope,
        out_of_scope=out,
        top1=share(counts["right"], in_scope),
        suggested_ok=share(counts["suggested_ok"], in_scope),
        wrong=share(counts["wrong"], in_scope),
        false_answer=share(counts["false_answer"], out),
        too_long=0,
        failures=(),
    )


@dataclass(frozen=True)
class Calibration:
    """A fitted model, its cross-validated figures and where it came from."""

    model: ConfidenceModel
    figures: Figures
    results: tuple[tuple[TrainingQuestion, Outcome], ...]
    provenance: Mapping[str, Any]

    def document(self) -> dict[str, Any]:
        """The generated file's content: weights, bias and provenance."""
        return {
            "generated_by": "k17 kb fit",
            "weights": dict(self.model.weights),
            "bias": self.model.bias,
            "provenance": dict(self.provenance),
        }


def calibrate(
    kb: KnowledgeBase, training: TrainingSet, settings: FitSettings | None = None
) -> Calibration:
    """Fit on every training question; measure by cross-validation grouped by entry."""
    settings = settings or FitSettings()
    # Fitting reads features only: it needs no model, least of all a stale one.
    matcher = Matcher(kb, model=ConfidenceModel.untrained())
    phrasings = (
        [
            TrainingQuestion(text, entry.id)
            for entry in kb.entries
            for text in (entry.title, *entry.alternates)
        ]
        if settings.knowledge_phrasings
        else []
    )
    rows = [(q, matcher.features_of(q.q)) for q in (*training.questions, *phrasings)]
    labelled = [(q, found[1], found[0].id == q.entry) for q, found in rows if found is not None]
    folds = cross_validation_folds(training.questions, settings.folds)
    results: list[tuple[TrainingQuestion, Outcome]] = []
    for held_out in folds:
        model = _fit([r for r in labelled if r[0].group not in held_out], settings)
        judge = matcher.with_model(model)
        results.extend(
            (q, outcome(q, judge.find_answer(q.q)))
            for q in training.questions
            if q.group in held_out
        )
    model = _fit(labelled, settings)
    figures = figures_of(results)
    provenance = {
        "training_set": {
            "files": list(training.files),
            "sha256": training.sha256,
            "questions": len(training.questions),
            "in_scope": sum(1 for q in training.questions if not q.oos),
            "out_of_scope": sum(1 for q in training.questions if q.oos),
            "entries_covered": len({q.entry for q in training.questions if q.entry}),
        },
        "knowledge": {"sha256": knowledge_fingerprint(kb), "entries": len(kb.entries)},
        "settings": {
            **asdict(settings),
            "answer_threshold": ANSWER_THRESHOLD,
            "features": list(FEATURES),
            "grouping": "by entry; out-of-scope questions by the entry they are near",
            "library": _library(),
        },
        "cross_validated": {
            name: value for name, value in figures.as_dict().items() if name != "failures"
        },
    }
    return Calibration(model, figures, tuple(results), provenance)


def render(calibration: Calibration) -> str:
    """The generated file's text, byte for byte the same for the same calibration."""
    return json.dumps(calibration.document(), indent=2) + "\n"


def stale_reasons(kb: KnowledgeBase, training: TrainingSet, path: Path = FITTED_FILE) -> list[str]:
    """Why the weights in `path` do not belong to this training set and knowledge; [] if they do."""
    try:
        provenance = json.loads(path.read_text(encoding="utf-8")).get("provenance", {})
    except (OSError, ValueError) as error:
        return [f"{path}: cannot be read ({error})"]
    reasons = []
    if provenance.get("training_set", {}).get("sha256") != training.sha256:
        reasons.append(f"{path}: fitted on another training set than {', '.join(training.files)}")
    if provenance.get("knowledge", {}).get("sha256") != knowledge_fingerprint(kb):
        reasons.append(f"{path}: fitted on another knowledge base than this one")
    if provenance.get("settings", {}).get("features") != list(FEATURES):
        reasons.append(f"{path}: fitted on other features than the matcher's")
    return reasons


def cross_validation_folds(
    questions: Sequence[TrainingQuestion], count: int
) -> list[frozenset[str]]:
    """The groups held out in each fold: whole groups, balanced by size, in a fixed order."""
    sizes = Counter(q.group for q in questions)
    folds: list[set[str]] = [set() for _ in range(min(count, len(sizes)))]
    load = [0] * len(folds)
    for group, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        lightest = load.index(min(load))
        folds[lightest].add(group)
        load[lightest] += size
    return [frozenset(f) for f in folds]


def _fit(
    rows: Sequence[tuple[TrainingQuestion, Mapping[str, float], bool]], settings: FitSettings
) -> ConfidenceModel:
    """A logistic model of 'the best entry is right', out-of-scope rows weighted up."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    # Rounded: sums over sets of words differ in their last bits from run to run (string hashing
    # is seeded per process), and the fit must give the same weights byte for byte.
    features = [[round(values[name], 9) for name in FEATURES] for _, values, _ in rows]
    labels = [int(right) for _, _, right in rows]
    weights = [settings.out_of_scope_weight if q.oos else 1.0 for q, _, _ in rows]
    if len(set(labels)) < 2:
        raise ValueError("the training questions need both right and wrong best entries")
    fitted = LogisticRegression(C=settings.regularisation_c, max_iter=10_000, tol=1e-8)
    # One thread: a parallel BLAS sums in a varying order, and the last digit kept would vary.
    with threadpool_limits(limits=1):
        fitted.fit(features, labels, sample_weight=weights)
    coefficients = [round(float(c), DECIMALS) for c in fitted.coef_[0]]
    return ConfidenceModel(
        dict(zip(FEATURES, coefficients, strict=True)),
        round(float(fitted.intercept_[0]), DECIMALS),
    )


def _library() -> str:
    import sklearn

    return f"scikit-learn {sklearn.__version__}"
