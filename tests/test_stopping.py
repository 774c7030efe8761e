"""SIGTERM and SIGINT as a stop request: recorded by the handler, acted on by the main thread."""

from __future__ import annotations

import os
import signal
import threading
import time

from bot.stopping import stop_signals


def send_later(sig: signal.Signals, delay: float) -> threading.Thread:
    def send() -> None:
        time.sleep(delay)
        os.kill(os.getpid(), sig)

    thread = threading.Thread(target=send)
    thread.start()
    return thread


def test_a_sigterm_ends_the_wait_and_names_the_signal() -> None:
    with stop_signals() as requested:
        sender = send_later(signal.SIGTERM, 0.05)
        assert requested.wait() == signal.SIGTERM
        sender.join()
    assert requested.signal_name() == "SIGTERM"


def test_a_sigint_is_a_stop_request_too_and_raises_nothing() -> None:
    with stop_signals() as requested:
        sender = send_later(signal.SIGINT, 0.05)
        assert requested.wait() == signal.SIGINT  # no KeyboardInterrupt
        sender.join()


def test_a_signal_that_arrives_before_the_wait_is_not_lost() -> None:
    with stop_signals() as requested:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.01)
        assert requested.requested
        assert requested.wait() == signal.SIGTERM


def test_the_handlers_in_place_before_are_restored_after() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with stop_signals():
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before


def test_nothing_is_requested_before_a_signal() -> None:
    with stop_signals() as requested:
        assert not requested.requested
        assert requested.signal_name() == "none"
