"""Real Slack requests (tests/data/slack-payloads), encoded on the wire as Slack sends them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, urlencode

CAPTURES = Path(__file__).parent / "data" / "slack-payloads"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
# The envelope an inner event is replayed in: a real delivery of a direct message.
ENVELOPE = "events/message-im-from-user"


@dataclass(frozen=True)
class Capture:
    """One request a Slack workspace sent: its kind (folder), how it travels, and its payload."""

    name: str
    kind: str
    encoding: str
    body: dict[str, Any]
    raw: str | None
    headers: dict[str, str]

    @property
    def delivery(self) -> dict[str, Any]:
        """The payload as Slack delivers it; an inner event arrives in a real envelope."""
        if self.encoding != "json (inner event only)":
            return self.body
        return {**load(ENVELOPE).body, "event": self.body}

    def wire(self, body: dict[str, Any] | None = None) -> tuple[bytes, str]:
        """The HTTP body and content type Slack sends; `body` replaces the captured payload."""
        if body is None and self.encoding == "json (inner event only)":
            body = self.delivery
        if body is None and self.raw is not None:
            text = self.raw
        else:
            payload = self.body if body is None else body
            if self.encoding == "form fields":
                return urlencode(payload).encode(), FORM
            text = json.dumps(payload, separators=(",", ":"))
        if self.encoding.startswith("form payload"):
            return f"payload={quote_plus(text)}".encode(), FORM
        return text.encode(), FORM if self.encoding == "form fields" else JSON

    def __str__(self) -> str:
        return self.name


def load(name: str) -> Capture:
    """The capture `kind/file` (without `.json`)."""
    path = CAPTURES / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return Capture(
        name=name,
        kind=path.parent.name,
        encoding=str(data["encoding"]),
        body=data.get("body", {}),
        raw=data.get("raw_body") or data.get("raw_payload"),
        headers=dict(data.get("headers") or {}),
    )


def captures(*kinds: str) -> list[Capture]:
    """Every capture of the given kinds (all kinds when none is given), in name order."""
    paths = sorted(CAPTURES.glob("*/*.json"))
    return [
        load(f"{path.parent.name}/{path.stem}")
        for path in paths
        if not kinds or path.parent.name in kinds
    ]
