"""The `k17` command as a terminal runs it: its version, and one clear line for every mistake."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bot import __version__
from bot.config import DEFAULT_KNOWLEDGE_DIR
from tests.k17_process import free_port, run_k17


@pytest.mark.e2e
def test_version_is_printed(tmp_path: Path) -> None:
    result = run_k17("--version", env={}, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"k17 {__version__}\n"


def knowledge_with_events(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the shipped knowledge directory with one edit to events.yaml."""
    directory = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, directory)
    events = directory / "events.yaml"
    text = events.read_text(encoding="utf-8")
    assert old in text
    events.write_text(text.replace(old, new, 1), encoding="utf-8")
    return directory


@pytest.mark.e2e
def test_kb_check_reports_an_impossible_date_with_file_and_line(tmp_path: Path) -> None:
    directory = knowledge_with_events(tmp_path, "date: 2017-08-21", "date: 2017-08-32")
    result = run_k17("kb", "check", "--dir", str(directory), env={}, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = directory.joinpath("events.yaml").read_text().splitlines().index("    date: 2017-08-32")
    assert result.stdout.splitlines()[0] == (
        f"{directory / 'events.yaml'}:{line + 1} entry 'kubecon-cfp': "
        "'date' must be a calendar date like 2017-12-06, not '2017-08-32'"
    )
    assert result.stdout.endswith("knowledge base invalid: 1 problem\n")


@pytest.mark.e2e
def test_a_placeholder_typo_is_refused_before_any_reminder_is_planned(tmp_path: Path) -> None:
    directory = knowledge_with_events(tmp_path, "close {relative}", "close {relativ}")
    env = {"K17_KNOWLEDGE_DIR": str(directory)}
    checked = run_k17("kb", "check", env=env, cwd=tmp_path)
    assert checked.returncode == 1
    assert "unknown placeholder {relativ}" in checked.stdout
    planned = run_k17("reminders", "plan", "--channel", "C0123ABCD", env=env, cwd=tmp_path)
    assert planned.returncode == 1
    assert "Traceback" not in planned.stderr
    assert "unknown placeholder {relativ}" in planned.stderr


UNWRITABLE = "sqlite:///nonexistent/dir/k17.db"
UNREACHABLE = "postgres://k17:hunter2@127.0.0.1:1/k17"
HTTP_MODE = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "secret"}


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single line a failed command printed, after checking it printed only that."""
    assert result.returncode == 1, result
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


@pytest.mark.e2e
@pytest.mark.parametrize(
    "command",
    [("reminders", "status"), ("reminders", "plan"), ("report",), ("clock",), ("run",), ("web",)],
    ids=" ".join,
)
def test_an_unwritable_database_is_one_line_from_every_command(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    env = {**HTTP_MODE, "DATABASE_URL": UNWRITABLE, "PORT": str(free_port())}
    assert one_line(run_k17(*command, env=env, cwd=tmp_path)) == (
        f"k17: cannot use the database at {UNWRITABLE} (DATABASE_URL): "
        "unable to open database file\n"
    )


@pytest.mark.e2e
def test_an_unwritable_database_is_one_line_in_socket_mode_and_the_console(tmp_path: Path) -> None:
    socket_mode = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1-A1-1-secret",
        "DATABASE_URL": UNWRITABLE,
    }
    cases: tuple[tuple[tuple[str, ...], dict[str, str], str], ...] = (
        (("socket",), socket_mode, "DATABASE_URL"),
        (("run", "--database", UNWRITABLE), {}, "--database"),
    )
    for command, env, setting in cases:
        line = one_line(run_k17(*command, env=env, cwd=tmp_path))
        assert line.startswith(f"k17: cannot use the database at {UNWRITABLE} ({setting}): ")


@pytest.mark.e2e
@pytest.mark.parametrize("command", [("reminders", "status"), ("run",)], ids=" ".join)
def test_an_unreachable_database_is_one_line_without_its_password(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    env = {**HTTP_MODE, "DATABASE_URL": UNREACHABLE}
    line = one_line(run_k17(*command, env=env, cwd=tmp_path))
    assert line.startswith(
        "k17: cannot use the database at postgresql+psycopg://k17:***@127.0.0.1:1/k17 "
        "(DATABASE_URL): "
    )
    assert "hunter2" not in line


@pytest.mark.e2e
def test_the_clock_and_the_ledger_need_no_signing_secret(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "DATABASE_URL": f"sqlite:///{tmp_path / 'k17.db'}"}
    status = run_k17("reminders", "status", env=env, cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("pending=0")
    # The clock gets past its settings to the database, which it cannot use.
    clock = run_k17("clock", env={**env, "DATABASE_URL": UNWRITABLE}, cwd=tmp_path)
    assert "cannot use the database" in one_line(clock)


@pytest.mark.e2e
def test_http_mode_still_needs_the_signing_secret(tmp_path: Path) -> None:
    result = run_k17("run", env={"SLACK_BOT_TOKEN": "xoxb-1"}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("k17: SLACK_SIGNING_SECRET is required in HTTP mode")


@pytest.mark.e2e
@pytest.mark.parametrize("command", ["socket", "run"])
def test_socket_mode_with_slack_unreachable_is_one_line(command: str, tmp_path: Path) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/api/"
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1-A1-1-secret",
        "SLACK_API_URL": nowhere,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'k17.db'}",
    }
    result = run_k17(command, env=env, cwd=tmp_path)
    assert result.returncode == 1
    # Before it, the log shows each retry of the connection; no traceback.
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        f"k17: cannot reach Slack at {nowhere} to open a Socket Mode connection"
    )
