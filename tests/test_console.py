"""The local console: the real listeners behind a stand-in Slack, as a newcomer types to them."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core.knowledge import KnowledgeBase
from bot.slack.console import plain, run_console
from tests.k17_process import run_k17


def console(kb: KnowledgeBase, sqlite_url: str, *lines: str, now: datetime | None = None) -> str:
    out = io.StringIO()
    assert run_console(Settings(database_url=sqlite_url), kb, list(lines), out, now=now) == 0
    return out.getvalue()


def test_slash_command_answers_only_to_you(kb: KnowledgeBase, sqlite_url: str) -> None:
    shown = console(kb, sqlite_url, "/k17 When was Kubernetes 1.7 released?")
    assert "k17 (only visible to you):" in shown
    assert "June 30, 2017" in shown
    assert "Source: Kubernetes 1.7 announcement (https://" in shown


def test_mention_is_answered_in_the_thread(kb: KnowledgeBase, sqlite_url: str) -> None:
    shown = console(kb, sqlite_url, "@k17 When was Kubernetes 1.7 released?")
    assert "k17 (in the thread):" in shown
    assert "June 30, 2017" in shown


def test_anything_else_is_a_direct_message(kb: KnowledgeBase, sqlite_url: str) -> None:
    shown = console(kb, sqlite_url, "When was Kubernetes 1.7 released?")
    assert "\nk17:\n" in shown
    assert "June 30, 2017" in shown


def test_help_and_events_as_of_a_past_date(kb: KnowledgeBase, sqlite_url: str) -> None:
    shown = console(kb, sqlite_url, "/k17", "/k17 events", now=datetime(2017, 8, 10, tzinfo=UTC))
    assert "/k17 events" in shown
    # Midnight UTC is still August 9 in Chicago, where the deadline falls.
    assert "Upcoming: closes in 12 days" in shown.replace("*", "")
    assert "Answers are as of 2017-08-10" in shown


def test_exit_stops_reading(kb: KnowledgeBase, sqlite_url: str) -> None:
    shown = console(kb, sqlite_url, "exit", "/k17 help")
    assert "only visible to you" not in shown


def test_replies_read_as_slack_displays_them() -> None:
    text = plain(
        "*Due* <!date^1503377940^{date_long_pretty}|Aug 21> "
        "<https://k8s.io|docs> &lt;!here&gt; <@U1>"
    )
    assert "2017" in text
    assert "docs (https://k8s.io)" in text
    assert "<!here>" in text
    assert "@U1" in text


@pytest.mark.e2e
def test_make_run_without_credentials_opens_the_console(tmp_path: Path) -> None:
    result = run_k17(
        "run",
        "--now",
        "2017-08-10",
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'k17.db'}"},
        cwd=tmp_path,
        stdin="/k17 help\n@k17 When was Kubernetes 1.7 released?\n",
    )
    assert result.returncode == 0, result.stderr
    assert "local console" in result.stdout
    assert "/k17 events" in result.stdout
    assert "June 30, 2017" in result.stdout


@pytest.mark.e2e
def test_run_rejects_a_malformed_now(tmp_path: Path) -> None:
    result = run_k17("run", "--now", "next tuesday", env={}, cwd=tmp_path)
    assert result.returncode == 2
    assert "2017-08-10" in result.stderr
