"""`k17 run`, `k17 web`, `k17 clock`, `k17 reminders` and `k17 report`."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    """Add the commands that run or inspect k17 in production."""
