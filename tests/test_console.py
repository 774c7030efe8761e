"""The local console: the real listeners behind a stand-in Slack, as a newcomer types to them."""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from bot.core.knowledge import KnowledgeBase
from bot.slack.console import plain, run_console
from tests.k17_process import ISOLATED, K17, run_k17


def console(
    kb: KnowledgeBase,
    sqlite_url: str,
    *lines: str,
    now: datetime | None = None,
    styled: bool = False,
) -> str:
    out = io.StringIO()
    settings = Settings(database_url=sqlite_url)
    assert run_console(settings, kb, list(lines), out, now=now, styled=styled) == 0
    return out.getvalue()


def replies(shown: str) -> list[str]:
    """Each reply the console printed, heading first, after its introduction."""
    found: list[str] = []
    for line in shown.split("Ctrl-D or `exit` to quit.\n", 1)[1].splitlines():
        if line.startswith(("k17", "(")):
            found.append(line)
        elif found:
            found[-1] += "\n" + line
    return found


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
    assert "Upcoming: closes in 12 days" in shown
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


AUGUST_14 = datetime(2017, 8, 14, 12, tzinfo=UTC)


def test_dates_bold_emoji_and_links_read_as_slack_shows_them(
    kb: KnowledgeBase, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Amsterdam")  # the reader's zone
    time.tzset()
    try:
        shown = console(
            kb, sqlite_url, "/k17 events", "/k17 remind here", "/k17 reminders", now=AUGUST_14
        )
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    events, _, scheduled = replies(shown)
    # The announcement gives the CFP's date only, so the date is shown as it gives it; the
    # reminders k17 itself schedules are Slack date tokens, read in the reader's zone.
    assert "🗓️ KubeCon + CloudNativeCon North America speaking submissions (CFP)" in events
    assert "August 21, 2017 · Upcoming: closes in 7 days" in events
    assert "Details (http://events.linuxfoundation.org/" in events
    assert "• today at 16:00 CEST: Speaking submissions (CFP)" in scheduled
    assert "• Aug 20, 2017 at 16:00 CEST: Last call" in scheduled
    for raw in ("{date", "<!date", "*", ":spiral_calendar_pad:", "<http", "|Details>"):
        assert raw not in shown


def test_bold_is_bold_on_a_terminal(kb: KnowledgeBase, sqlite_url: str) -> None:
    shown = console(kb, sqlite_url, "/k17 events", now=AUGUST_14, styled=True)
    assert "\x1b[1mUpcoming\x1b[0m: closes in 7 days" in shown


def test_a_vote_is_a_button_pressed_by_its_word(kb: KnowledgeBase, sqlite_url: str) -> None:
    asked, voted = replies(console(kb, sqlite_url, "/k17 is network policy stable?", "helpful"))
    assert "[1] Share in channel  [2] 👍 helpful  [3] 👎 not helpful" in asked
    assert voted.startswith("k17 (updating its message):")
    assert "👍 Thanks for the feedback." in voted
    assert "👎" not in voted


def test_sharing_posts_in_the_channel_and_removes_the_private_copy(
    kb: KnowledgeBase, sqlite_url: str
) -> None:
    _, shared, removed = replies(console(kb, sqlite_url, "/k17 is network policy stable?", "1"))
    assert shared.startswith("k17 (in the channel, for everyone):")
    assert "U0PERSON1 asked: is network policy stable?" in shared
    assert "Network Policy API is promoted to stable" in shared
    assert removed == "(k17 removed the copy only you could see)"


def test_did_you_mean_choices_are_numbered_and_answer_when_chosen(
    kb: KnowledgeBase, sqlite_url: str
) -> None:
    offered, chosen = replies(console(kb, sqlite_url, "/k17 tell me about the policy", "1"))
    network_policy = next(entry for entry in kb.entries if entry.id == "network-policy")
    assert f"[1] {network_policy.title}" in offered
    assert "[4] None of these" in offered
    assert chosen.startswith("k17 (updating its message):")
    assert "The Network Policy API is promoted to stable" in chosen


def test_none_of_these_is_recorded_for_the_report(
    kb: KnowledgeBase,
    sqlite_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, answered = replies(console(kb, sqlite_url, "/k17 tell me about the policy", "none"))
    assert "promoted to stable" not in answered
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["report", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["totals"]["unanswered"] == 1
    assert report["unanswered"][0]["question"] == "tell me about the policy"


def test_a_typed_number_without_buttons_on_screen_is_a_question(
    kb: KnowledgeBase, sqlite_url: str
) -> None:
    [reply] = replies(console(kb, sqlite_url, "2"))
    assert reply.startswith("k17:\n")


@pytest.mark.e2e
def test_the_console_keeps_nothing_unless_told_where(tmp_path: Path) -> None:
    typed = "/k17 remind here\n/k17 is network policy stable?\n"
    console_run = run_k17("run", "--now", "2017-08-10", env={}, cwd=tmp_path, stdin=typed)
    assert console_run.returncode == 0, console_run.stderr
    assert "8 coming up" in console_run.stdout
    assert list(tmp_path.iterdir()) == []  # no k17.db where it was started
    status = run_k17("reminders", "status", env={}, cwd=tmp_path)
    assert status.stdout.startswith("pending=0  sending=0  sent=0")

    kept = f"sqlite:///{tmp_path / 'kept.db'}"
    run_k17("run", "--now", "2017-08-10", "--database", kept, env={}, cwd=tmp_path, stdin=typed)
    status = run_k17("reminders", "status", env={"DATABASE_URL": kept}, cwd=tmp_path)
    assert status.stdout.startswith("pending=8  ")


@pytest.mark.e2e
def test_now_means_the_same_moment_in_the_console_and_in_ask(tmp_path: Path) -> None:
    typed = "/k17 when does the kubecon cfp close?\n"
    console_run = run_k17("run", "--now", "2017-08-16", env={}, cwd=tmp_path, stdin=typed)
    asked = run_k17(
        "ask", "when does the kubecon cfp close?", "--now", "2017-08-16", env={}, cwd=tmp_path
    )
    assert "Answers are as of 2017-08-16 12:00 UTC." in console_run.stdout
    assert "closes in 5 days" in console_run.stdout
    assert "closes in 5 days" in asked.stdout


HELP = "I answer questions about the Kubernetes 1.7 release."


class Terminal:
    """`k17 run` on a pseudo-terminal, typed to as a person types, keys and all."""

    def __init__(self, workdir: Path) -> None:
        self.master, replica = os.openpty()
        self.process = subprocess.Popen(
            [str(K17), "run", "--now", "2017-08-10"],
            stdin=replica,
            stdout=replica,
            stderr=replica,
            env={**ISOLATED, "HOME": str(workdir), "TERM": "xterm"},
            cwd=workdir,
            start_new_session=True,
        )
        os.close(replica)
        self.seen = ""

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_for(self, text: str, count: int = 1, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.seen.count(text) < count:
            assert time.monotonic() < deadline, f"{text!r} x{count} not shown: {self.seen[-2000:]}"
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                with contextlib.suppress(OSError):  # the terminal closes when k17 ends
                    self.seen += os.read(self.master, 65536).decode(errors="replace")

    def close(self) -> int:
        """The exit status; a k17 still running after 30 s is killed, never left waiting."""
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        finally:
            os.close(self.master)


@pytest.mark.e2e
def test_typed_lines_can_be_edited_and_recalled_like_a_shell(tmp_path: Path) -> None:
    terminal = Terminal(tmp_path)
    try:
        terminal.wait_for("you> ")
        terminal.type("/k17 hep\x1b[Dl\r")  # left arrow, then the missing letter
        terminal.wait_for(HELP)
        terminal.wait_for("you> ", 2)
        terminal.type("\x1b[A\r")  # up arrow: the line before, again
        terminal.wait_for(HELP, 2)
        terminal.wait_for("you> ", 3)
        terminal.type("\x04")  # Ctrl-D
    finally:
        assert terminal.close() == 0
    assert (tmp_path / ".k17_history").read_text().splitlines()[-1] == "/k17 help"
