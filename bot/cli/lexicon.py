"""`k17 kb lexicon`: regenerate the shipped English word list, or check it is current."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(kb_commands: Any) -> None:
    """Add `kb lexicon` to the `kb` subcommands."""
    lexicon = kb_commands.add_parser(
        "lexicon",
        help="regenerate the English words spelling correction leaves alone (from pyspellchecker)",
    )
    lexicon.add_argument(
        "--check", action="store_true", help="only check that the shipped word list is current"
    )
    lexicon.set_defaults(run=run_lexicon)


def run_lexicon(args: argparse.Namespace) -> int:
    """Write the word list, or with --check exit 1 when it differs from what it would be."""
    from bot.core.matching.lexicon import LEXICON_FILE, draft_lexicon, read_lexicon

    try:
        drafted = draft_lexicon()
    except ImportError:
        print(
            "k17: kb lexicon needs pyspellchecker, a development dependency: "
            "pip install -e '.[dev]'",
            file=sys.stderr,
        )
        return 1
    shipped = LEXICON_FILE.read_text(encoding="utf-8") if LEXICON_FILE.exists() else ""
    if args.check:
        if shipped == drafted:
            print(f"{LEXICON_FILE}: current")
            return 0
        print(f"k17: {LEXICON_FILE} is stale: run `k17 kb lexicon`", file=sys.stderr)
        return 1
    LEXICON_FILE.write_text(drafted, encoding="utf-8")
    print(f"{LEXICON_FILE}: {len(read_lexicon(drafted))} words")
    return 0
