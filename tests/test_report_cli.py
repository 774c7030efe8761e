"""`k17 report` over a seeded question log, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.core.knowledge import KnowledgeBase
from bot.store.db import connect, create_schema
from bot.store.questions import QuestionLog

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def seeded(database_url: str, kb: KnowledgeBase) -> str:
    """A question log as a week of Slack use leaves it, plus questions too old to keep."""
    engine = connect(database_url)
    create_schema(engine)
    log = QuestionLog(engine, "report-key", keep_days=90)
    now = datetime.now(UTC)
    first, second, third = (entry.id for entry in kb.entries[:3])

    def ask(
        text: str, outcome: str, days_ago: float, user: str = "U0ASKER", **fields: object
    ) -> int:
        return log.record_question(
            text=text,
            surface="command",
            user_id=user,
            outcome=outcome,
            score=60.0,
            now=now - timedelta(days=days_ago),
            **fields,  # type: ignore[arg-type]  # each test varies some fields
        )

    for days_ago, text in (
        (1, "does k17 know about 1.9?"),
        (2, "Does k17 know about 1.9"),
        (3, "does k17 know about 1.9 ???"),
    ):
        ask(text, "declined", days_ago, reason="other_release")
    ask("is there a windows installer", "declined", 20, reason="no_match")
    ask("a question from last year", "declined", 400, reason="no_match")
    answered = ask("an answered question", "answered", 1, entry_id=first)
    for user, vote in (("U1", "down"), ("U2", "down"), ("U3", "up"), ("U1", "down")):
        log.record_feedback(question_id=answered, entry_id=first, user_id=user, vote=vote, now=now)
    picked = ask("zz picked candidate wording", "suggested", 1, candidate_ids=(second, third))
    log.record_choice(question_id=picked, user_id="U0ASKER", entry_id=second, now=now)
    nothing = ask("pod overhead accounting", "suggested", 2, candidate_ids=(third, second))
    log.record_choice(question_id=nothing, user_id="U0ASKER", entry_id=None, now=now)
    engine.dispose()
    return database_url


@pytest.fixture
def report_env(seeded: str, monkeypatch: pytest.MonkeyPatch) -> str:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "K17_KNOWLEDGE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", seeded)
    monkeypatch.setenv("K17_QUESTION_LOG_DAYS", "90")
    return seeded


def run_report(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["report", *args]) == 0
    return capsys.readouterr().out


def test_report_groups_declined_questions_and_lists_thumbs_down_and_choices(
    report_env: str, capsys: pytest.CaptureFixture[str], kb: KnowledgeBase
) -> None:
    out = run_report(capsys)
    first, second, third = kb.entries[:3]
    assert "8 questions in the log (1 answered, 2 suggested, 5 declined, 1 unanswered" in out
    assert "   3  does k17 know about 1.9?  (declined: other_release 3)" in out
    assert "   1  pod overhead accounting  (unanswered 1)" in out
    assert "   1  is there a windows installer  (declined: no_match 1)" in out
    assert "more whose text was deleted after the retention limit" in out
    assert "a question from last year" not in out
    assert f"👎   2  👍   1  {first.id}: {first.title}" in out
    assert f"     1 / 2    {second.id}: {second.title}" in out
    assert f"     0 / 2    {third.id}: {third.title}" in out
    assert '     1        "None of these"' in out
    assert f"  - id: {second.id}\n    alternates:\n    - zz picked candidate wording\n" in out


def test_report_since_leaves_out_older_questions(
    report_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run_report(capsys, "--since", "7")
    assert "6 questions since" in out
    assert "windows installer" not in out
    assert "retention limit" not in out


def test_report_as_json_for_machines(
    report_env: str, capsys: pytest.CaptureFixture[str], kb: KnowledgeBase
) -> None:
    data = json.loads(run_report(capsys, "--json", "--since", "30"))
    assert data["totals"]["questions"] == 7
    assert [(g["question"], g["count"]) for g in data["unanswered"]] == [
        ("does k17 know about 1.9?", 3),
        ("is there a windows installer", 1),
        ("pod overhead accounting", 1),
    ]
    assert data["thumbs_down"][0] == {
        "entry_id": kb.entries[0].id,
        "title": kb.entries[0].title,
        "down": 2,
        "up": 1,
    }
    proposal = data["proposals"][0]
    assert yaml.safe_load(proposal["yaml"]) == [
        {"id": kb.entries[1].id, "alternates": ["zz picked candidate wording"]}
    ]


def test_report_changes_nothing_in_the_knowledge_base(
    report_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p: p.read_bytes() for p in (ROOT / "knowledge").glob("*.yaml")}
    run_report(capsys)
    assert {p: p.read_bytes() for p in (ROOT / "knowledge").glob("*.yaml")} == before


@pytest.mark.parametrize("days", ["0", "-3", "week"])
def test_bad_since_is_one_clear_error(days: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--since", days])
    assert exit_info.value.code == 2
    assert "--since" in capsys.readouterr().err


def test_unreachable_database_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert main(["report"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "k17: cannot use the database at postgresql+psycopg://nobody@127.0.0.1:1/none "
        "(DATABASE_URL): "
    )
    assert err.count("\n") == 1


@pytest.mark.e2e
def test_k17_report_command_prints_the_report(report_env: str) -> None:
    k17 = Path(sys.executable).with_name("k17")
    result = subprocess.run(
        [str(k17), "report", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["declined"] == 5
