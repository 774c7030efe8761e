"""The `k17` command: ask, eval, kb, run, web, clock, reminders, report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import __version__
from bot.cli import answering, knowledge_base, operations, reminders, report
from bot.cli.errors import CliError
from bot.config import SettingsError
from bot.core.knowledge import KnowledgeError
from bot.errors import GeneratedFileError, UnavailableError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="k17",
        description="Answers questions about the Kubernetes 1.7 release; posts event reminders.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    answering.register(commands)
    knowledge_base.register(commands)
    operations.register(commands)
    report.register(commands)
    reminders.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `k17` command; user mistakes are one line on stderr and a non-zero exit."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except CliError as error:
        print(f"k17: {error}", file=sys.stderr)
        return 2
    except SettingsError as error:
        for problem in error.problems:
            print(f"k17: {problem}", file=sys.stderr)
        return 2
    except KnowledgeError as error:
        print("k17: the knowledge base is invalid:", file=sys.stderr)
        for knowledge_problem in error.problems:
            print(f"  {knowledge_problem}", file=sys.stderr)
        return 1
    except (UnavailableError, GeneratedFileError) as error:
        print(f"k17: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return status
