"""End to end: the real `k17 web` process on 127.0.0.1, signed requests, a stand-in Slack."""

from __future__ import annotations

import concurrent.futures
import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.slack import payloads
from bot.slack.standin import StandInSlack
from tests.k17_process import K17Process, free_port, run_k17
from tests.slack_conversation import FORM, JSON, SECRET, new_channel, posted_in, shown, wait_for

pytestmark = pytest.mark.e2e

RELEASE_QUESTION = "When was Kubernetes 1.7 released?"


class WebProcess(K17Process):
    """One `k17 web` process, as the Procfile's web line starts it."""

    def __init__(
        self,
        api_url: str,
        database_url: str,
        workdir: Path,
        log_level: str = "WARNING",
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            "PORT": str(self.port),
            "SLACK_API_URL": api_url,
            "SLACK_BOT_TOKEN": "xoxb-e2e",
            "SLACK_SIGNING_SECRET": SECRET,
            "DATABASE_URL": database_url,
            "WEB_CONCURRENCY": "2",
            "LOG_LEVEL": log_level,
            **(extra_env or {}),
        }
        super().__init__(
            "web", "--host", "127.0.0.1", env=env, workdir=workdir, log_name=f"web-{self.port}.log"
        )
        self.client = httpx.Client(base_url=self.url, timeout=10)
        self._wait_until_healthy()

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            self.fail_if_exited()
            try:
                if self.client.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"k17 web did not become healthy: {self.log.read_text()}")

    def post(
        self, body: bytes, content_type: str = JSON, secret: str = SECRET, **headers: Any
    ) -> httpx.Response:
        """POST a body signed as Slack signs it (or with another secret / timestamp)."""
        timestamp = headers.pop("timestamp", None)
        signed = payloads.signed_headers(secret, body, content_type, timestamp=timestamp)
        signed.update({k.replace("_", "-"): str(v) for k, v in headers.items()})
        return self.client.post("/slack/events", content=body, headers=signed)

    def stop(self, timeout: float = 30) -> int:
        """Close the HTTP client, then SIGTERM as Heroku stops a dyno; returns the exit status."""
        self.client.close()
        return super().stop(timeout)


@pytest.fixture(scope="module")
def web(standin: StandInSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebProcess]:
    workdir = tmp_path_factory.mktemp("web")
    process = WebProcess(standin.api_url, f"sqlite:///{workdir / 'k17.db'}", workdir)
    yield process
    assert process.stop() == 0


def command(web: WebProcess, standin: StandInSlack, text: str) -> dict[str, Any]:
    """`/k17 text`: the reply Slack shows, from the acknowledgement or the response_url."""
    hook = uuid.uuid4().hex
    response = web.post(payloads.slash_command(text, standin.response_url(hook)), FORM)
    assert response.status_code == 200
    if response.content.startswith(b"{"):
        return dict(response.json())
    return wait_for(lambda: [c.args for c in standin.calls("webhook") if c.path.endswith(hook)])


def test_slash_command_is_answered_ephemerally_in_its_acknowledgement(
    standin: StandInSlack, tmp_path: Path
) -> None:
    web = WebProcess(standin.api_url, f"sqlite:///{tmp_path / 'k17.db'}", tmp_path)
    hook = uuid.uuid4().hex
    response = web.post(payloads.slash_command(RELEASE_QUESTION, standin.response_url(hook)), FORM)
    assert response.status_code == 200
    reply = response.json()
    assert reply["response_type"] == "ephemeral"
    assert "June 30, 2017" in shown(reply)
    assert "Source:" in shown(reply)
    assert web.stop() == 0  # a graceful stop finishes every answer already begun
    assert [c for c in standin.calls("webhook") if c.path.endswith(hook)] == []


def test_help_and_events(web: WebProcess, standin: StandInSlack) -> None:
    assert "/k17 events" in shown(command(web, standin, "help"))
    events = shown(command(web, standin, "events"))
    assert "August 21, 2017 · *Past*" in events  # the announced date; its hour is assumed
    assert "Past" in events


def test_mention_is_answered_in_thread(web: WebProcess, standin: StandInSlack) -> None:
    channel = new_channel()
    event = payloads.mention(RELEASE_QUESTION, channel=channel, ts="1700000000.000100")
    assert web.post(payloads.event_callback(event)).status_code == 200
    reply = wait_for(posted_in(standin, channel))
    assert reply["thread_ts"] == "1700000000.000100"
    assert "June 30, 2017" in shown(reply)


def test_direct_message_is_answered(web: WebProcess, standin: StandInSlack) -> None:
    channel = new_channel("D")
    event = payloads.direct_message(RELEASE_QUESTION, channel=channel)
    assert web.post(payloads.event_callback(event)).status_code == 200
    reply = wait_for(posted_in(standin, channel))
    assert not reply.get("thread_ts")
    assert "June 30, 2017" in shown(reply)


def test_url_verification_and_ssl_check(web: WebProcess) -> None:
    response = web.post(payloads.url_verification("challenge-e2e"))
    assert response.status_code == 200
    assert response.json()["challenge"] == "challenge-e2e"
    assert web.post(payloads.ssl_check(), FORM).status_code == 200


def test_forged_and_stale_requests_are_refused_with_no_side_effect(
    web: WebProcess, standin: StandInSlack
) -> None:
    channel = new_channel("D")
    hook = uuid.uuid4().hex
    forged_command = payloads.slash_command(RELEASE_QUESTION, standin.response_url(hook))
    forged_event = payloads.event_callback(
        payloads.direct_message(RELEASE_QUESTION, channel=channel)
    )
    assert web.post(forged_command, FORM, secret="forged").status_code == 401
    assert web.post(forged_event, secret="forged").status_code == 401
    assert web.post(forged_command, FORM, timestamp=time.time() - 600).status_code == 401
    assert web.post(forged_event, timestamp=time.time() - 600).status_code == 401
    # A genuine request after them is answered; the refused ones never are.
    command(web, standin, "help")
    assert posted_in(standin, channel)() == []
    assert [c for c in standin.calls("webhook") if c.path.endswith(hook)] == []


def test_bot_messages_are_ignored(standin: StandInSlack, tmp_path: Path) -> None:
    web = WebProcess(standin.api_url, f"sqlite:///{tmp_path / 'k17.db'}", tmp_path)
    channel = new_channel("D")
    for event in (
        payloads.bot_message(RELEASE_QUESTION, channel=channel),
        payloads.own_message(RELEASE_QUESTION, channel=channel),
    ):
        assert web.post(payloads.event_callback(event)).status_code == 200
    marker = new_channel("D")
    event = payloads.direct_message(RELEASE_QUESTION, channel=marker)
    assert web.post(payloads.event_callback(event)).status_code == 200
    wait_for(posted_in(standin, marker))
    assert web.stop() == 0  # a graceful stop finishes every answer already begun
    assert posted_in(standin, channel)() == []


def test_injection_is_escaped(web: WebProcess, standin: StandInSlack) -> None:
    reply = shown(command(web, standin, "<!channel> <@U0BOSS> see <https://evil.example|the docs>"))
    assert "<!channel>" not in reply
    assert "<@U0BOSS>" not in reply
    assert "<https://evil.example" not in reply
    channel = new_channel()
    event = payloads.mention("<!here> what is <https://evil.example|this>", channel=channel)
    assert web.post(payloads.event_callback(event)).status_code == 200
    posted = shown(wait_for(posted_in(standin, channel)))
    assert "<!here>" not in posted
    assert "<https://evil.example" not in posted


def test_garbage_gets_client_errors_and_real_requests_are_still_answered(
    web: WebProcess, standin: StandInSlack
) -> None:
    bodies: list[tuple[bytes, str]] = [
        (b"{not json", JSON),
        (b"\xff\xfe garbage", JSON),
        (b"payload=%7Bbroken", FORM),
        (b'{"type": "event_callback", "event": "nope"}', JSON),
        (os.urandom(2048), "application/octet-stream"),
    ]
    for body, content_type in bodies:
        assert 400 <= web.post(body, content_type).status_code < 500
        assert 400 <= web.client.post("/slack/events", content=body).status_code < 500
    huge = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    assert web.post(huge).status_code == 413
    assert web.client.get("/nowhere").status_code == 404
    assert web.client.get("/healthz").status_code == 200
    assert "June 30, 2017" in shown(command(web, standin, RELEASE_QUESTION))
    channel = new_channel("D")
    event = payloads.direct_message(RELEASE_QUESTION, channel=channel)
    assert web.post(payloads.event_callback(event)).status_code == 200
    assert "June 30, 2017" in shown(wait_for(posted_in(standin, channel)))


def retried_event_is_answered_once_across_two_processes(
    standin: StandInSlack, database_url: str, workdir: Path
) -> None:
    first = WebProcess(standin.api_url, database_url, workdir)
    second = WebProcess(standin.api_url, database_url, workdir)
    channels = [new_channel("D") for _ in range(5)]
    try:
        for channel in channels:
            body = payloads.event_callback(
                payloads.direct_message(RELEASE_QUESTION, channel=channel),
                event_id=f"Ev{uuid.uuid4().hex[:8]}",
            )
            # The original delivery and Slack's retries land on both processes at once.
            with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
                sent = [
                    pool.submit(first.post, body),
                    pool.submit(
                        second.post, body, x_slack_retry_num=1, x_slack_retry_reason="http_timeout"
                    ),
                    pool.submit(
                        first.post, body, x_slack_retry_num=2, x_slack_retry_reason="http_timeout"
                    ),
                    pool.submit(
                        second.post, body, x_slack_retry_num=3, x_slack_retry_reason="http_error"
                    ),
                ]
                assert [f.result().status_code for f in sent] == [200, 200, 200, 200]
            wait_for(posted_in(standin, channel))
    finally:
        # A graceful stop finishes every answer already begun: a duplicate would be in by now.
        assert first.stop() == 0
        assert second.stop() == 0
    assert [len(posted_in(standin, channel)()) for channel in channels] == [1] * len(channels)


def test_retried_event_is_answered_once_across_two_processes_on_sqlite(
    standin: StandInSlack, tmp_path: Path
) -> None:
    retried_event_is_answered_once_across_two_processes(
        standin, f"sqlite:///{tmp_path / 'shared.db'}", tmp_path
    )


@pytest.mark.postgres
def test_retried_event_is_answered_once_across_two_processes_on_postgres(
    standin: StandInSlack, postgres_url: str, tmp_path: Path
) -> None:
    retried_event_is_answered_once_across_two_processes(standin, postgres_url, tmp_path)


def test_sigterm_stops_the_server_gracefully(standin: StandInSlack, tmp_path: Path) -> None:
    process = WebProcess(standin.api_url, f"sqlite:///{tmp_path / 'k17.db'}", tmp_path)
    channel = new_channel("D")
    event = payloads.event_callback(payloads.direct_message(RELEASE_QUESTION, channel=channel))
    assert process.post(event).status_code == 200
    assert process.stop() == 0
    assert len(posted_in(standin, channel)()) == 1


def test_web_refuses_to_start_without_signing_secret(tmp_path: Path) -> None:
    result = run_k17(
        "web",
        env={"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cr3t-value"[:0]},
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "SLACK_SIGNING_SECRET" in result.stderr
    assert "Traceback" not in result.stderr
    assert json.dumps(result.stderr)  # one readable message, no secrets to leak


def test_tokens_secrets_and_bodies_never_reach_the_log(
    standin: StandInSlack, tmp_path: Path
) -> None:
    process = WebProcess(
        standin.api_url, f"sqlite:///{tmp_path / 'k17.db'}", tmp_path, log_level="INFO"
    )
    channel = new_channel("D")
    assert (
        process.post(
            payloads.event_callback(payloads.direct_message(RELEASE_QUESTION, channel=channel))
        ).status_code
        == 200
    )
    wait_for(posted_in(standin, channel))
    assert (
        process.post(
            payloads.event_callback(payloads.direct_message("x")), secret="forged"
        ).status_code
        == 401
    )
    assert process.stop() == 0
    logged = process.log.read_text()
    assert "xoxb-e2e" not in logged
    assert SECRET not in logged
    assert "event_callback" not in logged  # nor request bodies, even forged ones


def test_socket_mode_needs_an_app_token(tmp_path: Path) -> None:
    result = run_k17(
        "socket", env={"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, cwd=tmp_path
    )
    assert result.returncode == 2
    assert "SLACK_APP_TOKEN" in result.stderr
