"""The `k17` command as a terminal runs it: its version, and one clear line for every mistake."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import __version__
from bot.config import DEFAULT_KNOWLEDGE_DIR
from tests.k17_process import run_k17


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
