"""A stand-in for the Slack Web API on 127.0.0.1, for the local console, tests and benchmarks.

It speaks the same HTTP protocol as slack.com/api: the bot's WebClient is pointed at it through
SLACK_API_URL. It records every call, keeps channel histories (with message metadata) so that
reminder reconciliation can read them back, serves `response_url` webhooks, and can be told to
fail the next calls of a method (429 with Retry-After, 5xx, slow responses, Slack errors).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER_ID = "UK17BOT"
BOT_ID = "BK17BOT"
TEAM_ID = "T0K17TEAM"


@dataclass(frozen=True)
class Call:
    """One request the stand-in received: the API method (or `webhook`) and its arguments."""

    method: str
    args: dict[str, Any]
    received_at: float
    path: str = ""


@dataclass
class Fault:
    """How to answer the next `times` calls of a method instead of succeeding."""

    status: int = 200
    error: str | None = None
    retry_after: float | None = None
    delay: float = 0.0
    times: int = 1
    record: bool = False  # record the message as posted before answering (a lost response)


@dataclass
class _State:
    calls: list[Call] = field(default_factory=list)
    history: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    faults: dict[str, list[Fault]] = field(default_factory=lambda: defaultdict(list))
    missing_channels: set[str] = field(default_factory=set)
    not_member: set[str] = field(default_factory=set)
    archived: set[str] = field(default_factory=set)
    latency: float = 0.0


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops connections when a client posts from several
    # threads at once, and each dropped SYN costs a 1 s retransmit that real Slack never shows.
    request_queue_size = 128


class StandInSlack:
    """A Slack Web API stand-in serving on 127.0.0.1 in a background thread."""

    def __init__(self, port: int = 0) -> None:
        self._state = _State()
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._server = _Server(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> StandInSlack:
        """Start serving; returns self so that `StandInSlack().start()` reads well."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> StandInSlack:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._server.server_address[1])

    @property
    def api_url(self) -> str:
        """The value for SLACK_API_URL."""
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "hook") -> str:
        """A `response_url` that the stand-in serves, for slash commands and actions."""
        return f"http://127.0.0.1:{self.port}/webhook/{name}"

    # -- configuration ---------------------------------------------------------------------
    def fail(self, method: str, fault: Fault) -> None:
        """Answer the next `fault.times` calls of `method` with `fault`."""
        with self._lock:
            self._state.faults[method].append(fault)

    def set_latency(self, seconds: float) -> None:
        """Delay every answer, as a real network would."""
        self._state.latency = seconds

    def remove_channel(self, channel: str) -> None:
        """Make `channel` unknown (`channel_not_found`)."""
        self._state.missing_channels.add(channel)

    def leave_channel(self, channel: str) -> None:
        """Make the bot a non-member of `channel` (`not_in_channel`)."""
        self._state.not_member.add(channel)

    def archive_channel(self, channel: str) -> None:
        """Archive `channel` (`is_archived`)."""
        self._state.archived.add(channel)

    # -- observation -----------------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[Call]:
        """Calls received so far, optionally of one method (`webhook` for response_url posts)."""
        with self._lock:
            return [c for c in self._state.calls if method is None or c.method == method]

    def messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages posted with chat.postMessage, in order, optionally in one channel."""
        with self._lock:
            if channel is not None:
                return list(self._state.history.get(channel, []))
            return [m for msgs in self._state.history.values() for m in msgs]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until at least `count` calls of `method` arrived; return them (maybe fewer)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self._state.calls if c.method == method]
                remaining = deadline - time.monotonic()
                if len(found) >= count or remaining <= 0:
                    return found
                self._lock.wait(remaining)

    def reset(self) -> None:
        """Forget calls, histories and faults."""
        with self._lock:
            self._state = _State()

    # -- request handling ------------------------------------------------------------------
    def _answer(
        self, method: str, args: dict[str, Any], path: str
    ) -> tuple[int, dict[str, str], Any]:
        with self._lock:
            faults = self._state.faults.get(method)
            fault = faults[0] if faults else None
            if faults and fault is not None:
                fault.times -= 1
                if fault.times <= 0:
                    faults.pop(0)
        if self._state.latency:
            time.sleep(self._state.latency)
        if fault is not None and not fault.record:
            self._record(method, args, path, counted=True)
            return self._fault_response(fault)
        self._record(method, args, path, counted=True)
        status, body = self._succeed(method, args)
        if fault is not None:  # the call took effect, but its answer is slow or lost
            return self._fault_response(fault)
        return status, {}, body

    def _fault_response(self, fault: Fault) -> tuple[int, dict[str, str], Any]:
        if fault.delay:
            time.sleep(fault.delay)
        headers = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = f"{fault.retry_after:g}"
        if fault.error:
            return fault.status, headers, {"ok": False, "error": fault.error}
        if fault.status == 429:
            return 429, headers, {"ok": False, "error": "ratelimited"}
        return fault.status, headers, {"ok": False, "error": "internal_error"}

    def _record(self, method: str, args: dict[str, Any], path: str, counted: bool) -> None:
        with self._lock:
            self._state.calls.append(Call(method, args, time.time(), path))
            self._lock.notify_all()

    def _succeed(self, method: str, args: dict[str, Any]) -> tuple[int, Any]:
        channel = str(args.get("channel", ""))
        if method == "auth.test":
            return 200, {
                "ok": True,
                "url": "https://k17.example.slack.com/",
                "team": "k17",
                "user": "k17",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
            }
        if channel and method.startswith(("chat.", "conversations.")):
            if channel in self._state.missing_channels:
                return 200, {"ok": False, "error": "channel_not_found"}
            if channel in self._state.archived and method.startswith("chat."):
                return 200, {"ok": False, "error": "is_archived"}
            if channel in self._state.not_member and method == "chat.postMessage":
                return 200, {"ok": False, "error": "not_in_channel"}
        if method == "chat.postMessage":
            ts = f"{int(time.time())}.{next(self._ts):06d}"
            message = {
                "type": "message",
                "ts": ts,
                "user": BOT_USER_ID,
                "bot_id": BOT_ID,
                "text": args.get("text", ""),
                "blocks": _json_arg(args.get("blocks")),
                "thread_ts": args.get("thread_ts"),
                "metadata": _json_arg(args.get("metadata")),
            }
            with self._lock:
                self._state.history[channel].append(message)
            return 200, {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return 200, {"ok": True, "message_ts": f"{int(time.time())}.{next(self._ts):06d}"}
        if method in ("chat.update", "chat.delete"):
            return 200, {"ok": True, "channel": channel, "ts": args.get("ts")}
        if method == "conversations.history":
            oldest = float(args.get("oldest") or 0)
            with self._lock:
                found = [
                    m for m in self._state.history.get(channel, []) if float(m["ts"]) >= oldest
                ]
            include_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
            messages = [
                m if include_metadata else {k: v for k, v in m.items() if k != "metadata"}
                for m in reversed(found)
            ]
            return 200, {"ok": True, "messages": messages, "has_more": False}
        if method == "conversations.info":
            return 200, {
                "ok": True,
                "channel": {
                    "id": channel,
                    "is_member": channel not in self._state.not_member,
                    "is_archived": channel in self._state.archived,
                },
            }
        if method == "webhook":
            return 200, "ok"
        return 200, {"ok": True}


def _json_arg(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _handler_for(standin: StandInSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet: the console and tests read calls, not access logs."""

        def do_GET(self) -> None:
            self._reply(200, {}, {"ok": True})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8", "replace")
            args: dict[str, Any]
            if self.headers.get("Content-Type", "").startswith("application/json"):
                try:
                    loaded = json.loads(raw or "{}")
                except ValueError:
                    loaded = {}
                args = loaded if isinstance(loaded, dict) else {}
            else:
                args = dict(parse_qsl(raw))
            if self.path.startswith("/webhook/"):
                method = "webhook"
            else:
                method = self.path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
            status, headers, body = standin._answer(method, args, self.path)
            self._reply(status, headers, body)

        def _reply(self, status: int, headers: dict[str, str], body: Any) -> None:
            data = (body if isinstance(body, str) else json.dumps(body)).encode()
            try:
                self.send_response(status)
                content_type = "text/plain" if isinstance(body, str) else "application/json"
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test); nothing to tell it

    return Handler
