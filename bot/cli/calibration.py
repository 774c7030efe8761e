"""`k17 kb fit`: refit the confidence model from the training set, or check it is current."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.cli.errors import CliError


def register(
    kb_commands: Any, add_knowledge_dir_argument: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add `kb fit` to the `kb` parser."""
    fit = kb_commands.add_parser(
        "fit",
        help="refit the confidence models from the training sets (knowledge/training/)",
        description="Refit the matcher's confidence model and the release-note decision from "
        "their training sets and write their weights with their provenance; figures come from "
        "cross-validation grouped by entry or note.",
    )
    add_knowledge_dir_argument(fit)
    fit.add_argument(
        "--check",
        action="store_true",
        help="only check that the shipped weights were fitted on this training set and knowledge",
    )
    fit.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write here (default: the shipped file)"
    )
    fit.add_argument(
        "--verbose", "-v", action="store_true", help="also list the questions it got wrong"
    )
    fit.set_defaults(run=run_fit)


def run_fit(args: argparse.Namespace) -> int:
    """Fit and write the weights, or with --check exit 1 when they are stale."""
    from bot.cli.knowledge_base import knowledge_dir
    from bot.core.knowledge import load_knowledge
    from bot.core.matching.features import FITTED_FILE
    from bot.core.training import TrainingSetError, read_training_set

    directory = knowledge_dir(args.directory)
    kb = load_knowledge(directory)
    try:
        training = read_training_set(directory, kb)
    except TrainingSetError as error:
        for problem in error.problems:
            print(f"k17: {problem}", file=sys.stderr)
        return 1
    output: Path = args.output or FITTED_FILE
    if args.check:
        return _check(kb, training, output) or _check_notes(directory, kb)
    from bot.core.calibration import calibrate, render

    try:
        import sklearn  # noqa: F401 -- only `kb fit` needs it, from the development extra
    except ImportError as error:
        raise CliError(
            f"fitting needs the development extra ({error.name} is missing): "
            "pip install -e '.[dev]'"
        ) from None
    calibration = calibrate(kb, training)
    try:
        output.write_text(render(calibration), encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror or error}") from None
    figures = calibration.figures
    print(
        f"fitted on {len(training.questions)} questions ({figures.in_scope} in scope, "
        f"{figures.out_of_scope} out of scope) from {', '.join(training.files)}; "
        f"weights written to {output}"
    )
    print(
        f"cross-validated: top1 {figures.top1:.3f}  suggested_ok {figures.suggested_ok:.3f}  "
        f"wrong {figures.wrong:.3f}  false_answer {figures.false_answer:.3f}"
    )
    if args.verbose:
        _print_by_style(calibration.results)
        for question, outcome in calibration.results:
            if outcome in ("wrong", "false_answer", "missed", "suggested_ok"):
                print(f"  {outcome:12} {question.entry or '(oos)':28} {question.q[:90]}")
    if args.output is None:  # the shipped weights: the release-note decision is refitted too
        from bot.cli.release_notes import fit_notes

        fit_notes(directory)
    return 0


def _check_notes(directory: Path, kb: Any) -> int:
    from bot.core.notes.fit import check_decision_file

    problems = check_decision_file(directory)
    for problem in problems:
        print(f"k17: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _print_by_style(results: Any) -> None:
    """How each style of question fared, cross-validated: where the matcher is weakest."""
    from collections import Counter

    counts: dict[str, Counter[str]] = {}
    for question, outcome in results:
        counts.setdefault(question.style or "-", Counter())[outcome] += 1
    print("by style (cross-validated outcomes):")
    for style, outcomes in sorted(counts.items()):
        shown = ", ".join(f"{name} {count}" for name, count in sorted(outcomes.items()))
        print(f"  {style:10} {shown}")


def _check(kb: Any, training: Any, output: Path) -> int:
    from bot.core.calibration import stale_reasons

    reasons = stale_reasons(kb, training, output)
    for reason in reasons:
        print(f"k17: {reason}", file=sys.stderr)
    if reasons:
        print("k17: run `make calibrate` (k17 kb fit) and commit the result", file=sys.stderr)
        return 1
    print(f"{output}: current for {', '.join(training.files)} and this knowledge base")
    return 0
