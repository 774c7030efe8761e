"""The stand-in's Socket Mode side speaks RFC 6455 the way Slack's WebSocket endpoint does."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import struct
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.standin import StandInSlack

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


class RawClient:
    """A minimal WebSocket client over a plain socket, so each frame is visible."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname or "", parts.port or 80), timeout=5)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {parts.path}?{parts.query} HTTP/1.1\r\nHost: {parts.hostname}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        self.reader = self.sock.makefile("rb")
        self.status = int(self.reader.readline().split()[1])
        self.headers: dict[str, str] = {}
        while (line := self.reader.readline().strip()) != b"":
            name, _, value = line.decode().partition(":")
            self.headers[name.strip().lower()] = value.strip()
        digest = hashlib.sha1((key + GUID).encode()).digest()  # noqa: S324  # RFC 6455 handshake
        self.expected_accept = base64.b64encode(digest).decode()

    def send(self, opcode: int, payload: bytes, masked: bool = True) -> None:
        mask = os.urandom(4) if masked else b""
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload)) if masked else payload
        header = struct.pack("!BB", 0x80 | opcode, (0x80 if masked else 0) | len(payload))
        self.sock.sendall(header + mask + body)

    def receive(self) -> tuple[int, bytes]:
        first, second = self.reader.read(2)
        length = second & 0x7F
        if length == 126:
            length = struct.unpack("!H", self.reader.read(2))[0]
        elif length == 127:
            length = struct.unpack("!Q", self.reader.read(8))[0]
        assert not second & 0x80, "a server never masks its frames"
        return first & 0x0F, self.reader.read(length)

    def receive_json(self) -> dict[str, object]:
        opcode, data = self.receive()
        assert opcode == TEXT
        message: dict[str, object] = json.loads(data)
        return message

    def close(self) -> None:
        self.reader.close()
        self.sock.close()


@pytest.fixture
def link_url(slack: StandInSlack) -> str:
    response = WebClient(base_url=slack.api_url).apps_connections_open(app_token="xapp-1-test")
    url = str(response["url"])
    assert url.startswith(f"ws://127.0.0.1:{slack.port}/link/?ticket=")
    return url


@pytest.fixture
def client(link_url: str) -> Iterator[RawClient]:
    raw = RawClient(link_url)
    yield raw
    raw.close()


def test_opening_a_connection_needs_an_app_token(slack: StandInSlack) -> None:
    with pytest.raises(SlackApiError) as refused:
        WebClient(base_url=slack.api_url, token="xoxb-bot").apps_connections_open(
            app_token="xoxb-bot"
        )
    assert refused.value.response["error"] == "not_allowed_token_type"


def test_handshake_is_accepted_and_greeted_with_hello(
    slack: StandInSlack, client: RawClient
) -> None:
    assert client.status == 101
    assert client.headers["sec-websocket-accept"] == client.expected_accept
    hello = client.receive_json()
    assert hello["type"] == "hello"
    assert slack.wait_for_connection(1) == 1
    assert slack.open_connections() == 1


def test_a_ticket_opens_one_connection_only(link_url: str, client: RawClient) -> None:
    again = RawClient(link_url)
    try:
        assert again.status == 401
    finally:
        again.close()


def test_envelopes_are_delivered_and_acknowledgements_recorded(
    slack: StandInSlack, client: RawClient
) -> None:
    client.receive_json()  # hello
    envelope_id = slack.push("events_api", {"type": "event_callback"}, retry_attempt=1)
    envelope = client.receive_json()
    assert envelope["envelope_id"] == envelope_id
    assert envelope["type"] == "events_api"
    assert envelope["retry_attempt"] == 1
    assert envelope["accepts_response_payload"] is False
    client.send(TEXT, json.dumps({"envelope_id": envelope_id, "payload": {"text": "hi"}}).encode())
    ack = slack.wait_for_ack(envelope_id)
    assert ack is not None
    assert ack.payload == {"text": "hi"}


def test_pings_are_answered_with_the_same_payload(client: RawClient) -> None:
    client.receive_json()  # hello
    client.send(PING, b"still there?")
    assert client.receive() == (PONG, b"still there?")


def test_disconnect_asks_for_a_refresh(slack: StandInSlack, client: RawClient) -> None:
    client.receive_json()  # hello
    slack.disconnect()
    message = client.receive_json()
    assert message["type"] == "disconnect"
    assert message["reason"] == "refresh_requested"


def test_an_unmasked_client_frame_closes_the_connection(
    slack: StandInSlack, client: RawClient
) -> None:
    client.receive_json()  # hello
    client.send(TEXT, b"{}", masked=False)
    opcode, data = client.receive()
    assert opcode == CLOSE
    assert struct.unpack("!H", data[:2])[0] == 1002


def test_a_close_is_echoed_and_the_connection_ends(slack: StandInSlack, client: RawClient) -> None:
    client.receive_json()  # hello
    client.send(CLOSE, struct.pack("!H", 1000))
    opcode, data = client.receive()
    assert opcode == CLOSE
    assert struct.unpack("!H", data[:2])[0] == 1000
    assert client.reader.read(1) == b""
    with pytest.raises(RuntimeError):
        slack.push("events_api", {})


def test_a_client_resetting_its_connection_prints_no_traceback(
    slack: StandInSlack, capfd: pytest.CaptureFixture[str]
) -> None:
    raw = socket.create_connection(("127.0.0.1", slack.port), timeout=5)
    raw.sendall(b"GET /api/auth.test HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert raw.recv(65536).startswith(b"HTTP/1.1 200")
    # The connection stays open for a next request; the client resets it instead.
    serving = [t for t in threading.enumerate() if "process_request_thread" in t.name]
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    raw.close()
    for thread in serving:
        thread.join(timeout=5)
    assert "Traceback" not in capfd.readouterr().err
