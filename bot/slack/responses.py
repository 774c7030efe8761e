"""Replies through a slash command's `response_url`, over kept-alive connections."""

from __future__ import annotations

import http.client
import json
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

ATTEMPTS = 3
MAX_RETRY_AFTER = 10.0

Connection = http.client.HTTPConnection


class ResponseUrls:
    """Posts replies to `response_url`s, retrying 429 (after Retry-After), 5xx and lost connections.

    Each listener thread keeps its connection to Slack's hooks host open, so a reply costs no
    TCP or TLS handshake (Bolt's `respond()` opens a new connection for every reply), and the
    standard library's client keeps the per-reply CPU cost small.
    """

    def __init__(self, timeout: float = 10.0, pause: Callable[[float], None] = time.sleep) -> None:
        self._timeout = timeout
        self._pause = pause
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: set[Connection] = set()  # every thread's connections, so close() reaches all

    def send(self, url: str, message: dict[str, Any]) -> bool:
        """Post `message` to `url`; False (logged, without the URL) if Slack never accepted it."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            log.warning("reply not sent: response_url is not an http(s) URL")
            return False
        target = parts.path + (f"?{parts.query}" if parts.query else "") or "/"
        body = json.dumps(message).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        status: int | str = "unsent"
        for attempt in range(ATTEMPTS):
            connection = self._connection(parts.scheme, parts.netloc)
            try:
                connection.request("POST", target, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                self._drop(parts.scheme, parts.netloc)
                status = type(error).__name__
                self._pause(_backoff(attempt))
                continue
            status = response.status
            if response.will_close:
                self._drop(parts.scheme, parts.netloc)
            if status == 429:
                self._pause(_retry_after(response.getheader("Retry-After")))
                continue
            if status >= 500:
                self._pause(_backoff(attempt))
                continue
            if status >= 400:
                break
            return True
        # The URL itself is a credential for this reply: log what failed, never where.
        log.warning("reply via response_url failed status=%s", status)
        return False

    def _connection(self, scheme: str, netloc: str) -> Connection:
        pool: dict[tuple[str, str], Connection] = self._local.__dict__.setdefault("pool", {})
        connection = pool.get((scheme, netloc))
        if connection is None:
            kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            connection = kind(netloc, timeout=self._timeout)
            pool[(scheme, netloc)] = connection
            with self._lock:
                self._open.add(connection)
        return connection

    def _drop(self, scheme: str, netloc: str) -> None:
        pool: dict[tuple[str, str], Connection] = self._local.__dict__.setdefault("pool", {})
        connection = pool.pop((scheme, netloc), None)
        if connection is not None:
            connection.close()
            with self._lock:
                self._open.discard(connection)

    def close(self) -> None:
        """Close every kept-alive connection."""
        with self._lock:
            connections, self._open = self._open, set()
        for connection in connections:
            connection.close()

    def __del__(self) -> None:
        # The app owning this client can go away without a shutdown hook (tests, the console).
        self.close()


def _backoff(attempt: int) -> float:
    return float(0.25 * 2**attempt + random.uniform(0, 0.1))  # noqa: S311 -- jitter, not secrecy


def _retry_after(value: str | None) -> float:
    try:
        return min(float(value or "1"), MAX_RETRY_AFTER)
    except ValueError:
        return 1.0
