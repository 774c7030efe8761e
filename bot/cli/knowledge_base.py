"""`k17 kb check` and `k17 kb build`."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    """Add `kb` to the parser."""
    kb = commands.add_parser("kb", help="check or draft the knowledge base")
    kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
