"""`k17 reminders plan`, `k17 reminders status` and `k17 clock` as a person runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.k17_process import run_k17


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, sqlite_url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_APP_TOKEN",
        "K17_REMINDER_CHANNELS",
        "K17_KNOWLEDGE_DIR",
    ):
        monkeypatch.delenv(name, raising=False)


def test_plan_as_of_august_2017_shows_the_schedule_in_utc_and_local_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["reminders", "plan", "--now", "2017-08-10", "--channel", "C0123ABCD"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Reminders as of 2017-08-10 12:00 UTC for C0123ABCD")
    assert "2017-08-14 14:00 UTC (Mon Aug 14 09:00 CDT)  C0123ABCD  kubecon-cfp:7d:C0123ABCD" in out
    assert "close in 7 days, August 21, 2017. Submit your talk" in out
    assert "11:59" not in out
    assert "2017-12-06 15:00 UTC (Wed Dec 06 09:00 CST)" in out
    assert sum(line.startswith("2017-") for line in out.splitlines()) == 8


def test_plan_today_says_the_2017_events_are_past(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reminders", "plan", "--now", "2026-11-28T12:00"]) == 0
    out = capsys.readouterr().out
    assert "no channel is subscribed yet" in out
    assert "every event's reminders are in the past" in out


def test_plan_rejects_a_malformed_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reminders", "plan", "--now", "next tuesday"]) == 2
    assert "is not an ISO date" in capsys.readouterr().err


def test_status_counts_every_state_of_an_empty_ledger(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reminders", "status"]) == 0
    assert capsys.readouterr().out.strip() == (
        "pending=0  sending=0  sent=0  failed=0  expired=0  cancelled=0"
    )


@pytest.mark.e2e
def test_the_clock_refuses_to_start_without_a_slack_token(tmp_path: Path) -> None:
    # A real process with a time limit: a clock that did start would otherwise never return.
    result = run_k17("clock", env={}, cwd=tmp_path)
    assert result.returncode == 2
    assert "set SLACK_BOT_TOKEN" in result.stderr
