"""`k17 kb notes`: regenerate the release-note knowledge from the CHANGELOG source."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.errors import CliError


def register(kb_commands: Any) -> None:
    """Add `kb notes` to the `kb` subcommands."""
    from bot.cli.knowledge_base import add_directory_option

    notes = kb_commands.add_parser(
        "notes", help="regenerate release-notes.yaml from the release notes in sources/"
    )
    add_directory_option(notes)
    notes.set_defaults(run=run_notes)


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
