"""`k17 kb notes`: regenerate the release-note knowledge from the CHANGELOG source."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.errors import CliError


def register(kb_commands: Any) -> None:
    """Add `kb notes` to the `kb` subcommands."""
    from bot.cli.knowledge_base import add_knowledge_dir_argument

    notes = kb_commands.add_parser(
        "notes", help="regenerate release-notes.yaml from the release notes in sources/"
    )
    add_knowledge_dir_argument(notes)
    notes.set_defaults(run=run_notes)

    fit = kb_commands.add_parser(
        "fit-notes",
        help="fit the release-note decision from training/release-notes.yaml, with "
        "cross-validated figures",
    )
    add_knowledge_dir_argument(fit)
    fit.set_defaults(run=run_fit)


def run_notes(args: argparse.Namespace) -> int:
    """Write DIR/release-notes.yaml from DIR/sources/, byte for byte reproducibly."""
    from bot.cli.knowledge_base import knowledge_dir
    from bot.core.notes.generate import NOTES_FILE, SOURCE_FILE, render_notes_file
    from bot.core.notes.parse import NotesError

    directory = knowledge_dir(args.directory)
    source = directory / SOURCE_FILE
    try:
        markdown = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{source}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"{source}: cannot be read ({error.__class__.__name__})") from None
    try:
        text = render_notes_file(markdown)
    except NotesError as error:
        for problem in error.problems:
            print(f"{source}: {problem}", file=sys.stderr)
        return 1
    target = directory / NOTES_FILE
    unchanged = target.exists() and target.read_text(encoding="utf-8") == text
    if not unchanged:
        target.write_text(text, encoding="utf-8")
    print(f"{target}: {'unchanged' if unchanged else 'written'}", file=sys.stderr)
    return 0


def run_fit(args: argparse.Namespace) -> int:
    """Write DIR/release-notes-decision.yaml fitted on DIR/training/release-notes.yaml."""
    from bot.cli.knowledge_base import knowledge_dir

    fit_notes(knowledge_dir(args.directory))
    return 0


def fit_notes(directory: Path) -> None:
    """Fit the release-note decision in `directory` and print its cross-validated figures."""
    import yaml

    from bot.core.knowledge import load_knowledge
    from bot.core.librarian import build_librarian
    from bot.core.notes.decision import DECISION_FILE
    from bot.core.notes.fit import CHECK_FILE, TRAINING_FILE, TrainingError, render_decision_file

    librarian = build_librarian(load_knowledge(directory), directory)
    if librarian.notes is None:
        raise CliError(f"{directory}: no release-notes.yaml; run `k17 kb notes` first")
    try:
        text = render_decision_file(librarian.notes, directory / TRAINING_FILE)
    except TrainingError as error:
        raise CliError(str(error)) from None
    target = directory / DECISION_FILE
    target.write_text(text, encoding="utf-8")
    doc = yaml.safe_load(text)
    print(f"{target}: written", file=sys.stderr)
    for key, meaning in (
        ("cross_validated", "cross-validated on the training questions"),
        ("kept_apart", f"on the questions of {CHECK_FILE}, never fitted on"),
    ):
        if key in doc:
            figures = "  ".join(f"{name} {value}" for name, value in doc[key].items())
            print(f"{meaning}: {figures}", file=sys.stderr)
