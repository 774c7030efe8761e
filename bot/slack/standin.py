"""A stand-in for the Slack Web API on 127.0.0.1, for the local console, tests and benchmarks.

It speaks the same HTTP protocol as slack.com/api: the bot's WebClient is pointed at it through
SLACK_API_URL. It records every call, keeps channel histories (with message metadata) so that
reminder reconciliation can read them back, serves `response_url` webhooks, and can be told to
fail the next calls of a method (429 with Retry-After, 5xx, slow responses, Slack errors).

It also stands in for Socket Mode: `apps.connections.open` (with an `xapp-` token) hands out a
`ws://` URL on the same port, where a plain RFC 6455 WebSocket says `hello`, delivers the
envelopes a test pushes, records the acknowledgements the app sends back, answers pings and can
ask the app to reconnect (`disconnect`).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import itertools
import json
import random
import socket
import struct
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

BOT_USER_ID = "UK17BOT"
BOT_ID = "BK17BOT"
TEAM_ID = "T0K17TEAM"
APP_ID = "A0K17APP"

_WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455, section 1.3
_TEXT, _CLOSE, _PING, _PONG = 0x1, 0x8, 0x9, 0xA
_MAX_FRAME = 1 << 20


@dataclass(frozen=True)
class Call:
    """One request the stand-in received: the API method (or `webhook`) and its arguments."""

    method: str
    args: dict[str, Any]
    received_at: float
    path: str = ""
    status: int = 200  # the HTTP status it was answered with


@dataclass
class Fault:
    """How to answer the next `times` calls of a method instead of succeeding."""

    status: int = 200
    error: str | None = None
    retry_after: float | None = None
    delay: float = 0.0
    times: int = 1
    record: bool = False  # record the message as posted before answering (a lost response)
    share: float = 1.0  # the part of the calls it hits, at random, until it has hit `times`


@dataclass(frozen=True)
class SocketAck:
    """An acknowledgement the app sent over Socket Mode: the envelope and the optional payload."""

    envelope_id: str
    payload: Any
    received_at: float


@dataclass
class _State:
    calls: list[Call] = field(default_factory=list)
    acks: list[SocketAck] = field(default_factory=list)
    history: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    faults: dict[str, list[Fault]] = field(default_factory=lambda: defaultdict(list))
    missing_channels: set[str] = field(default_factory=set)
    not_member: set[str] = field(default_factory=set)
    archived: set[str] = field(default_factory=set)
    latency: float = 0.0
    slow: dict[str, float] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops connections when a client posts from several
    # threads at once, and each dropped SYN costs a 1 s retransmit that real Slack never shows.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away is not an error; anything else prints as socketserver does."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a reset or broken pipe: the caller stopped (a timeout, a killed process)
        super().handle_error(request, client_address)


class StandInSlack:
    """A Slack Web API stand-in serving on 127.0.0.1 in a background thread."""

    def __init__(self, port: int = 0) -> None:
        self._state = _State()
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._chance = random.Random()  # noqa: S311  # which calls a `share` fault hits; not security
        self._server = _Server(("127.0.0.1", port), _handler_for(self))
        self._tickets: set[str] = set()
        self._links: list[_Link] = []
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> StandInSlack:
        """Start serving; returns self so that `StandInSlack().start()` reads well."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket (and every Socket Mode connection)."""
        for link in self._open_links():
            link.close(1001, "going away")
        # serve_forever() notices shutdown() only when its select() wakes, every 0.5 s by
        # default; shutting the listening socket wakes it at once (Linux), so stopping takes
        # microseconds instead of half a second. Where the platform refuses, the poll remains.
        with contextlib.suppress(OSError):
            self._server.socket.shutdown(socket.SHUT_RDWR)
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

    def slow(self, method: str, seconds: float) -> None:
        """Take `seconds` to act on and answer each call of `method`, as a loaded Slack does.

        The call is recorded when it arrives; its effect (a message in the channel's history)
        and its answer come `seconds` later, so a post still in flight cannot be read back.
        """
        with self._lock:
            self._state.slow[method] = seconds

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

    # -- Socket Mode -----------------------------------------------------------------------
    def wait_for_connection(self, count: int = 1, timeout: float = 10.0) -> int:
        """Wait until `count` Socket Mode connections were greeted in all; return how many were."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self._links) < count and (remaining := deadline - time.monotonic()) > 0:
                self._lock.wait(remaining)
            return len(self._links)

    def open_connections(self) -> int:
        """How many Socket Mode connections are open now."""
        return len(self._open_links())

    def push(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
        accepts_response_payload: bool | None = None,
    ) -> str:
        """Deliver an envelope over the newest open connection, as Slack does; its envelope_id.

        `kind` is the envelope type: `events_api`, `slash_commands` or `interactive`.
        """
        envelope_id = str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": (
                kind == "slash_commands"
                if accepts_response_payload is None
                else accepts_response_payload
            ),
        }
        if kind == "events_api":
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason
        self._newest_link().send_text(json.dumps(envelope))
        return envelope_id

    def send_frame(self, frame: dict[str, Any]) -> None:
        """Send one frame exactly as given (an envelope or a control message) over Socket Mode."""
        self._newest_link().send_text(json.dumps(frame))

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the app to reconnect, as Slack does before it recycles a connection."""
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "standin"}}
        self._newest_link().send_text(json.dumps(message))

    def acks(self) -> list[SocketAck]:
        """Acknowledgements received over Socket Mode so far, in order."""
        with self._lock:
            return list(self._state.acks)

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> SocketAck | None:
        """Wait for the app to acknowledge `envelope_id`; None if it did not in time."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for ack in self._state.acks:
                    if ack.envelope_id == envelope_id:
                        return ack
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._lock.wait(remaining)

    def _open_links(self) -> list[_Link]:
        with self._lock:
            return [link for link in self._links if link.open]

    def _newest_link(self) -> _Link:
        links = self._open_links()
        if not links:
            raise RuntimeError("no Socket Mode connection is open")
        return links[-1]

    def _issue_ticket(self) -> str:
        ticket = uuid.uuid4().hex
        with self._lock:
            self._tickets.add(ticket)
        return ticket

    def _serve_link(self, request: BaseHTTPRequestHandler) -> None:
        """Upgrade `request` to a WebSocket and serve it until either side closes it."""
        ticket = dict(parse_qsl(urlsplit(request.path).query)).get("ticket", "")
        key = request.headers.get("Sec-WebSocket-Key", "")
        with self._lock:
            known = ticket in self._tickets
            self._tickets.discard(ticket)  # a ticket opens one connection, as Slack's do
        request.close_connection = True
        if not known or not key or request.headers.get("Sec-WebSocket-Version") != "13":
            request.send_response(401 if not known else 400)
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        digest = hashlib.sha1((key + _WEBSOCKET_GUID).encode()).digest()  # noqa: S324  # RFC 6455 mandates SHA-1 for the handshake, not for security
        accept = base64.b64encode(digest)
        request.send_response(101, "Switching Protocols")
        request.send_header("Upgrade", "websocket")
        request.send_header("Connection", "Upgrade")
        request.send_header("Sec-WebSocket-Accept", accept.decode())
        request.end_headers()
        link = _Link(request.connection, request.rfile)
        with self._lock:
            self._links.append(link)
            self._lock.notify_all()
        link.send_text(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": self.open_connections(),
                    "debug_info": {"host": "standin", "approximate_connection_time": 3600},
                    "connection_info": {"app_id": APP_ID},
                }
            )
        )
        try:
            link.serve(self._received)
        finally:
            with self._lock:
                self._lock.notify_all()

    def _received(self, text: str) -> None:
        try:
            message = json.loads(text)
        except ValueError:
            return
        if isinstance(message, dict) and "envelope_id" in message:
            ack = SocketAck(str(message["envelope_id"]), message.get("payload"), time.time())
            with self._lock:
                self._state.acks.append(ack)
                self._lock.notify_all()

    def reset(self) -> None:
        """Forget calls, histories and faults."""
        with self._lock:
            self._state = _State()

    # -- request handling ------------------------------------------------------------------
    def _answer(
        self, method: str, args: dict[str, Any], path: str, token: str = ""
    ) -> tuple[int, dict[str, str], Any]:
        with self._lock:
            faults = self._state.faults.get(method)
            fault = faults[0] if faults else None
            if fault is not None and self._chance.random() >= fault.share:
                fault = None
            if faults and fault is not None:
                fault.times -= 1
                if fault.times <= 0:
                    faults.pop(0)
        if self._state.latency:
            time.sleep(self._state.latency)
        self._record(method, args, path, fault.status if fault is not None else 200)
        if slow := self._state.slow.get(method):
            time.sleep(slow)
        if fault is not None and not fault.record:
            return self._fault_response(fault)
        status, body = self._succeed(method, args, token)
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

    def _record(self, method: str, args: dict[str, Any], path: str, status: int) -> None:
        with self._lock:
            self._state.calls.append(Call(method, args, time.time(), path, status))
            self._lock.notify_all()

    def _succeed(self, method: str, args: dict[str, Any], token: str = "") -> tuple[int, Any]:
        channel = str(args.get("channel", ""))
        if method == "apps.connections.open":
            if not token.startswith("xapp-"):
                return 200, {"ok": False, "error": "not_allowed_token_type"}
            link = f"ws://127.0.0.1:{self.port}/link/?ticket={self._issue_ticket()}"
            return 200, {"ok": True, "url": link}
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


class _Link:
    """One Socket Mode WebSocket, server side: unmasked frames out, masked frames in."""

    def __init__(self, connection: socket.socket, reader: io.BufferedIOBase) -> None:
        self._connection = connection
        self._reader = reader
        self._send_lock = threading.Lock()
        self.open = True
        self._close_sent = False

    def send_text(self, text: str) -> None:
        """Send one text frame."""
        self._send(_TEXT, text.encode())

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Send a close frame and hang up."""
        self._send_close(code, reason)
        self._hang_up()

    def serve(self, on_text: Callable[[str], None]) -> None:
        """Read frames until the peer closes: text to `on_text`, pings answered with pongs."""
        try:
            while self.open:
                frame = self._read_frame()
                if frame is None:
                    break
                opcode, data = frame
                if opcode == _TEXT:
                    on_text(data.decode("utf-8", "replace"))
                elif opcode == _PING:
                    self._send(_PONG, data)
                elif opcode == _CLOSE:
                    code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else 1000
                    self._send_close(code, "")
                    break
        finally:
            self._hang_up()

    def _read_frame(self) -> tuple[int, bytes] | None:
        message = b""
        while True:
            head = self._read(2)
            if head is None:
                return None
            fin, opcode, masked = head[0] & 0x80, head[0] & 0x0F, head[1] & 0x80
            length = head[1] & 0x7F
            if length >= 126:
                extended = self._read(2 if length == 126 else 8)
                if extended is None:
                    return None
                length = struct.unpack("!H" if len(extended) == 2 else "!Q", extended)[0]
            mask = self._read(4) if masked else b""
            if not masked or mask is None or length > _MAX_FRAME:
                # RFC 6455 5.1: a server must close on an unmasked client frame.
                self._send_close(1002, "protocol error")
                return None
            data = self._read(length)
            if data is None:
                return None
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            if opcode >= 0x8:  # control frames may arrive between fragments
                return opcode, data
            message += data
            if fin:
                return (opcode or _TEXT), message

    def _read(self, size: int) -> bytes | None:
        try:
            data = self._reader.read(size) if size else b""
        except OSError:
            return None
        return data if data is not None and len(data) == size else None

    def _send(self, opcode: int, payload: bytes) -> None:
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, length)
        elif length < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 127, length)
        with self._send_lock:
            if not self.open:
                raise ConnectionError("the Socket Mode connection is closed")
            try:
                self._connection.sendall(header + payload)
            except OSError:
                self.open = False
                raise

    def _send_close(self, code: int, reason: str) -> None:
        if self._close_sent:
            return
        self._close_sent = True
        with contextlib.suppress(OSError):  # the peer is gone already
            self._send(_CLOSE, struct.pack("!H", code) + reason.encode())

    def _hang_up(self) -> None:
        self.open = False
        with contextlib.suppress(OSError):  # already closed by the peer
            self._connection.shutdown(socket.SHUT_RDWR)


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
            if self.headers.get("Upgrade", "").lower() == "websocket":
                standin._serve_link(self)
                return
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
            authorization = self.headers.get("Authorization", "")
            token = authorization.removeprefix("Bearer ").strip() or str(args.get("token", ""))
            status, headers, body = standin._answer(method, args, self.path, token)
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
