"""The WSGI app gunicorn serves: `POST /slack/events` into Bolt, `GET /healthz`, junk refused."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.request import payload_utils
from slack_sdk.signature import SignatureVerifier

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slack's largest payloads (a message with 50 blocks) stay far below this.
MAX_BODY_BYTES = 512 * 1024

StartResponse = Callable[..., Any]
Environ = dict[str, Any]

log = logging.getLogger(__name__)

_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    411: "Length Required",
    413: "Content Too Large",
    500: "Internal Server Error",
}


class SlackWebApp:
    """A WSGI application: Slack requests go to the Bolt app, everything else is refused cleanly."""

    def __init__(self, app: App, signing_secret: str, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self._verifier = SignatureVerifier(signing_secret) if signing_secret else None
        self._max_body = max_body

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH:
            if method not in ("GET", "HEAD"):
                return _reply(start_response, 405, {"error": "use GET"})
            return _reply(start_response, 200, {"ok": True})
        if path != EVENTS_PATH:
            return _reply(start_response, 404, {"error": "not found"})
        if method != "POST":
            return _reply(start_response, 405, {"error": "use POST"})
        status, body = self._read_body(environ)
        if body is None:
            return _reply(start_response, status, {"error": _REASONS.get(status, "bad request")})
        response = self.handle(body, _headers(environ), environ.get("QUERY_STRING", ""))
        return _reply_bolt(start_response, response)

    def handle(
        self, body: str, headers: Mapping[str, str | Sequence[str]], query: str = ""
    ) -> BoltResponse:
        """Dispatch one request body to Bolt; malformed payloads get 400, forged ones 401."""
        if not self._signed(body, headers) and not _is_ssl_check(body):
            # Refused here rather than by Bolt, whose refusal logs the whole request body.
            return BoltResponse(status=401, body={"error": "invalid request"})
        try:
            request = BoltRequest(body=body, query=query, headers=dict(headers))
        except Exception:  # Bolt's parser raises on malformed JSON or payload fields
            if not self._signed(body, headers):
                return BoltResponse(status=401, body={"error": "invalid request"})
            log.info("refused malformed Slack payload bytes=%d", len(body))
            return BoltResponse(status=400, body={"error": "malformed payload"})
        if not well_formed(request.body):
            if not self._signed(body, headers):
                return BoltResponse(status=401, body={"error": "invalid request"})
            log.info("refused malformed Slack payload bytes=%d", len(body))
            return BoltResponse(status=400, body={"error": "malformed payload"})
        try:
            response = self.app.dispatch(request)
        except Exception:
            log.exception("dispatch failed")
            response = BoltResponse(status=500, body={"error": "internal error"})
        if response.status >= 500 and not self._signed(body, headers):
            # A request we cannot authenticate never earns a 5xx (Bolt's verifier errors do).
            return BoltResponse(status=401, body={"error": "invalid request"})
        return response

    def _signed(self, body: str, headers: Mapping[str, str | Sequence[str]]) -> bool:
        if self._verifier is None:
            return False
        try:
            return self._verifier.is_valid(
                body=body,
                timestamp=str(headers.get("x-slack-request-timestamp", "")),
                signature=str(headers.get("x-slack-signature", "")),
            )
        except ValueError:  # a timestamp that is not a number
            return False

    def _read_body(self, environ: Environ) -> tuple[int, str | None]:
        raw_length = environ.get("CONTENT_LENGTH") or ""
        stream = environ.get("wsgi.input")
        if stream is None:
            return 400, None
        if raw_length:
            try:
                length = int(raw_length)
            except ValueError:
                return 400, None
            if length < 0:
                return 400, None
            if length > self._max_body:
                return 413, None
            data = stream.read(length)
        else:
            # Chunked uploads carry no length: read one byte past the limit to detect excess.
            data = stream.read(self._max_body + 1)
            if len(data) > self._max_body:
                return 413, None
        try:
            return 200, data.decode("utf-8")
        except UnicodeDecodeError:
            return 400, None


# What Bolt reads from every request before a listener runs (its public payload utilities, all
# evaluated for each listener's arguments). Each indexes the fields it expects: `actions[0]`,
# `event["type"]`, `view["callback_id"]`, `workflow_step`.
_BOLT_READERS = (
    payload_utils.to_options,
    payload_utils.to_shortcut,
    payload_utils.to_action,
    payload_utils.to_view,
    payload_utils.to_command,
    payload_utils.to_event,
    payload_utils.to_message,
    payload_utils.to_step,
)


def well_formed(body: Any) -> bool:
    """Whether Bolt can route `body` without failing: the fields it dereferences are readable.

    Nothing else is checked. Slack adds fields over the years and sends `null` where a value is
    absent (`"enterprise": null` outside Enterprise Grid); a guard stricter than Bolt would
    refuse real traffic. Fields Bolt reads while parsing (team, user, channel, enterprise,
    authorizations) are checked by parsing itself: SlackWebApp refuses what BoltRequest cannot
    build.
    """
    if not isinstance(body, dict):
        return False
    # Read with `.get()` on every request: `event` by IgnoringSelfEvents, `view` by the warning
    # Bolt logs for a request no listener takes.
    if any(name in body and not isinstance(body[name], dict) for name in ("event", "view")):
        return False
    try:
        for read in _BOLT_READERS:
            read(body)
    except (KeyError, IndexError, TypeError, AttributeError):
        return False
    return all(isinstance(value, str) for value in _matched_values(body))


def readable_by_bolt(body: Any) -> bool:
    """Whether Bolt can parse `body` (a Socket Mode payload) into a request and route it."""
    try:
        BoltRequest(body=body, mode="socket_mode")
    except Exception:  # Bolt's parser raises on fields of unexpected types
        return False
    return well_formed(body)


def _matched_values(body: dict[str, Any]) -> list[Any]:
    """The values Bolt's listener matchers test against k17's patterns, which must be text."""
    values: list[Any] = []
    if payload_utils.is_event(body):
        values.append(body["event"]["type"])
    if payload_utils.is_block_actions(body):
        action = payload_utils.to_action(body)
        values.append(action.get("action_id") if isinstance(action, dict) else None)
    if payload_utils.is_action(body) and not payload_utils.is_block_actions(body):
        values.append(body["callback_id"])  # attachment and dialog actions match on it
    if payload_utils.is_shortcut(body):
        values.append(body["callback_id"])
    if payload_utils.is_view(body):
        values.append(body["view"]["callback_id"])
    return values


def _is_ssl_check(body: str) -> bool:
    # Slack's certificate check needs no answer but 200; Bolt replies without side effects.
    return body.startswith("ssl_check=1") or "&ssl_check=1" in body


def _headers(environ: Environ) -> dict[str, str | Sequence[str]]:
    headers: dict[str, str | Sequence[str]] = {}
    for key, value in environ.items():
        if key in ("CONTENT_LENGTH", "CONTENT_TYPE"):
            headers[key.lower().replace("_", "-")] = str(value)
        elif key.startswith("HTTP_"):
            headers[key[5:].lower().replace("_", "-")] = str(value)
    return headers


def _reply(start_response: StartResponse, status: int, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(
        f"{status} {_REASONS.get(status, 'Error')}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
    )
    return [data]


def _reply_bolt(start_response: StartResponse, response: BoltResponse) -> list[bytes]:
    data = response.body.encode("utf-8") if isinstance(response.body, str) else b""
    headers: list[tuple[str, str]] = []
    for name, values in response.headers.items():
        if name.lower() == "content-length":
            continue
        headers.extend((name, value) for value in values)
    headers.append(("Content-Length", str(len(data))))
    start_response(f"{response.status} {_REASONS.get(response.status, 'Status')}", headers)
    return [data]
