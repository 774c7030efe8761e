"""`k17 ask` and `k17 eval`."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any) -> None:
    """Add `ask` and `eval` to the parser."""
    ask = commands.add_parser("ask", help="answer a question as k17 would in Slack")
    ask.add_argument("question", help="the question, or - to read one question per line")
    ask.add_argument("--json", action="store_true", help="one JSON object per line")
    ask.set_defaults(run=run_ask)


def run_ask(args: argparse.Namespace) -> int:
    """Answer questions."""
    raise NotImplementedError
