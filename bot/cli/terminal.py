"""Typing to the local console: readline's line editing, and history kept between sessions."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HISTORY_LINES = 1000


@contextmanager
def typed_lines(prompt: str, history: Path) -> Iterator[Iterator[str]]:
    """Lines typed after `prompt` until Ctrl-D, editable as in any shell; history in `history`."""
    try:
        import readline  # importing it is what gives input() editing and arrow-key history
    except ImportError:  # a Python built without readline still reads lines, unedited
        readline = None  # type: ignore[assignment]  # only its absence is checked below
    if readline is not None:
        readline.set_history_length(HISTORY_LINES)
        with contextlib.suppress(OSError):  # the first session has none yet
            readline.read_history_file(history)

    def lines() -> Iterator[str]:
        while True:
            try:
                yield input(prompt)
            except EOFError:
                print()
                return

    try:
        yield lines()
    finally:
        if readline is not None:
            with contextlib.suppress(OSError):  # a read-only home loses only the history
                readline.write_history_file(history)
