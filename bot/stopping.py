"""SIGTERM and SIGINT as a request to stop, recorded without doing work inside the handler.

A signal handler runs in the main thread between two of its bytecodes, wherever that thread is.
One that sets a `threading.Event` or logs can deadlock: the main thread may be holding the very
lock the handler then waits for (the event's condition, while it enters `Event.wait`; a log
stream's buffer, while it writes). The handler here only appends the signal number to a list,
which takes no lock; the main thread waits for it by polling, and does the stopping itself.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# How long a stop may wait to be noticed: short beside a process's shutdown, long beside a poll.
POLL_SECONDS = 0.1


class StopRequest:
    """The stop signals received so far; `wait` returns the first once one arrives."""

    def __init__(self) -> None:
        self.received: list[int] = []

    def record(self, signum: int, _frame: FrameType | None) -> None:
        """The signal handler: appending to a list is all it does."""
        self.received.append(signum)

    @property
    def requested(self) -> bool:
        """Whether a stop signal has arrived."""
        return bool(self.received)

    def wait(self, poll: float = POLL_SECONDS) -> int:
        """Block until a stop signal arrives; its number."""
        while not self.received:
            time.sleep(poll)
        return self.received[0]

    def signal_name(self) -> str:
        """The first stop signal's name ("SIGTERM"), or "none" before any."""
        return signal.Signals(self.received[0]).name if self.received else "none"


@contextmanager
def stop_signals() -> Iterator[StopRequest]:
    """SIGTERM and SIGINT recorded as a stop request while the block runs; the handlers that
    were installed before are restored after it."""
    request = StopRequest()
    previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {
        sig: signal.signal(sig, request.record) for sig in STOP_SIGNALS
    }
    try:
        yield request
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
