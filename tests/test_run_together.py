"""`k17 run` on one machine: the Slack listeners and the reminder sweep from one command."""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.slack import payloads
from bot.slack.standin import StandInSlack
from tests.k17_process import K17Process, free_port
from tests.slack_conversation import SECRET, new_channel, shown, wait_for
from tests.test_clock import write_due_events
from tests.test_socket_mode_e2e import APP_TOKEN, command

pytestmark = pytest.mark.e2e


def one_machine(standin: StandInSlack, workdir: Path, channel: str, **slack: str) -> dict[str, str]:
    """The environment of k17 on one machine: SQLite, one subscribed channel, a due reminder."""
    knowledge = workdir / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, knowledge)
    write_due_events(workdir / "due", events=1)
    due = (workdir / "due" / "events.yaml").read_text(encoding="utf-8").removeprefix("events:\n")
    with (knowledge / "events.yaml").open("a", encoding="utf-8") as events:
        events.write(due)
    return {
        "SLACK_API_URL": standin.api_url,
        "SLACK_BOT_TOKEN": "xoxb-together",
        "DATABASE_URL": f"sqlite:///{workdir / 'k17.db'}",
        "K17_KNOWLEDGE_DIR": str(knowledge),
        "K17_REMINDER_CHANNELS": channel,
        "K17_SWEEP_SECONDS": "1",
        **slack,
    }


def reminders_posted(standin: StandInSlack, channel: str) -> list[dict[str, Any]]:
    return [m for m in standin.messages(channel) if m.get("metadata")]


def test_socket_mode_answers_and_posts_reminders_in_one_process(
    standin: StandInSlack, tmp_path: Path
) -> None:
    channel = new_channel()
    env = one_machine(standin, tmp_path, channel, SLACK_APP_TOKEN=APP_TOKEN)
    k17 = K17Process("run", env=env, workdir=tmp_path, log_name="run.log")
    try:
        reminder = wait_for(lambda: reminders_posted(standin, channel), timeout=30)
        assert reminder["metadata"]["event_payload"]["reminder_id"] == f"event-000:1d:{channel}"
        assert "Event 0 closes tomorrow" in shown(reminder)
        assert "June 30, 2017" in shown(command(standin, "When was Kubernetes 1.7 released?"))
        assert "/k17 events" in shown(command(standin, "help"))
    finally:
        assert k17.stop() == 0
    assert len(reminders_posted(standin, channel)) == 1
    assert "clock stopped" in k17.log.read_text()


def test_http_mode_answers_and_posts_reminders_from_one_command(
    standin: StandInSlack, tmp_path: Path
) -> None:
    port = free_port()
    channel = new_channel()
    env = one_machine(standin, tmp_path, channel, SLACK_SIGNING_SECRET=SECRET, PORT=str(port))
    k17 = K17Process("run", env=env, workdir=tmp_path, log_name="run.log")
    try:
        reminder = wait_for(lambda: reminders_posted(standin, channel), timeout=30)
        assert "Event 0 closes tomorrow" in shown(reminder)
        hook = uuid.uuid4().hex
        body = payloads.slash_command("help", standin.response_url(hook))
        headers = payloads.signed_headers(SECRET, body, "application/x-www-form-urlencoded")
        answer = _post_when_listening(f"http://127.0.0.1:{port}/slack/events", body, headers)
        assert answer.status_code == 200
        assert "/k17 events" in answer.text
    finally:
        assert k17.stop() == 0
    assert len(reminders_posted(standin, channel)) == 1
    with pytest.raises(httpx.TransportError):  # the web server stopped with it
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)


def _post_when_listening(url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.post(url, content=body, headers=headers, timeout=10)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
