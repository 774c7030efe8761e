"""`k17 report`: what the knowledge base should learn from the question log."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.config import Settings, environment
from bot.core.knowledge import load_knowledge
from bot.core.report import build_report, render_report, report_as_dict
from bot.errors import UnavailableError


def register(commands: Any) -> None:
    """Add `report` to the parser."""
    report = commands.add_parser(
        "report",
        help="unanswered questions, 👎 answers and proposed alternates from the question log",
        description=(
            "Read the question log and show what the knowledge base should learn. "
            "Nothing is changed: review the proposals and commit them by hand."
        ),
    )
    report.add_argument(
        "--since", type=_days, metavar="DAYS", help="only questions asked in the last DAYS days"
    )
    report.add_argument("--json", action="store_true", help="one JSON object for machines")
    report.set_defaults(run=run_report)


def run_report(args: argparse.Namespace) -> int:
    """Print the report over the configured database."""
    # The database layer loads only here, so that `k17 ask` starts fast.
    from sqlalchemy.exc import DBAPIError

    from bot.store.db import database_problem, open_database
    from bot.store.questions import forget_old_questions, read_history

    settings = Settings.from_env(environment())
    kb = load_knowledge(settings.knowledge_dir)
    now = datetime.now(UTC)
    since = now - timedelta(days=args.since) if args.since is not None else None
    engine = open_database(settings.database_url)
    try:
        # The report never shows text the retention limit should already have deleted.
        forget_old_questions(engine, now, settings.question_log_days)
        history = read_history(engine, since)
    except DBAPIError as error:
        raise UnavailableError(database_problem(settings.database_url, error)) from None
    finally:
        engine.dispose()
    report = build_report(history, kb, now=now, since=since)
    if args.json:
        json.dump(report_as_dict(report), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_report(report))
    return 0


def _days(raw: str) -> int:
    try:
        days = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a whole number of days") from None
    if days < 1:
        raise argparse.ArgumentTypeError("must be at least 1 day")
    return days
