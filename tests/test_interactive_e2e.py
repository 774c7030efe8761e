"""End to end: buttons on k17's answers, clicked through the real `k17 web` process."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import Engine

from bot.core.knowledge import KnowledgeBase
from bot.core.report import QuestionHistory
from bot.slack import payloads
from bot.slack.standin import StandInSlack
from bot.store.db import connect
from bot.store.questions import read_history
from tests.k17_process import run_k17
from tests.slack_conversation import FORM, buttons, new_channel, posted_in, shown, wait_for
from tests.test_web_e2e import RELEASE_QUESTION, WebProcess, command

pytestmark = pytest.mark.e2e

# One-word questions the shipped knowledge base cannot settle on one entry for.
VAGUE = ("policy", "runtime", "nodes", "upgrade", "storage classes", "rollback", "alpha")


@pytest.fixture(scope="module")
def slack() -> Iterator[StandInSlack]:
    with StandInSlack() as standin:
        yield standin


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Engine]]:
    workdir = tmp_path_factory.mktemp("interactive")
    url = f"sqlite:///{workdir / 'k17.db'}"
    engine = connect(url)
    yield url, workdir, engine
    engine.dispose()


@pytest.fixture(scope="module")
def web(slack: StandInSlack, database: tuple[str, Path, Engine]) -> Iterator[WebProcess]:
    url, workdir, _engine = database
    process = WebProcess(slack.api_url, url, workdir)
    yield process
    assert process.stop() == 0


@pytest.fixture
def history(database: tuple[str, Path, Engine]) -> Any:
    return lambda: read_history(database[2])


def click(
    web: WebProcess,
    slack: StandInSlack,
    action_id: str,
    value: str,
    *,
    user: str = payloads.PERSON,
    channel: str = payloads.CHANNEL,
    action_ts: str | None = None,
    ephemeral: bool = True,
) -> dict[str, Any]:
    """Click a button (on an ephemeral message by default); what k17 sent to its response_url."""
    hook = uuid.uuid4().hex
    body = payloads.block_action(
        action_id,
        value,
        slack.response_url(hook),
        user,
        channel=channel,
        ephemeral=ephemeral,
        action_ts=action_ts,
    )
    assert web.post(body, FORM).status_code == 200
    return wait_for(lambda: [c.args for c in slack.calls("webhook") if c.path.endswith(hook)])


def vague_answer(web: WebProcess, slack: StandInSlack) -> dict[str, Any]:
    """An answer offering "did you mean" candidates."""
    for question in VAGUE:
        reply = command(web, slack, question)
        if "k17_none" in buttons(reply):
            return reply
    raise AssertionError(f"none of {VAGUE} got candidates; pick vaguer questions")


def votes(history: Any) -> list[tuple[str, str]]:
    found: QuestionHistory = history()
    return sorted((v.entry_id, v.vote) for v in found.votes)


def test_share_posts_publicly_who_asked_what_and_removes_the_ephemeral_answer(
    web: WebProcess, slack: StandInSlack
) -> None:
    reply = command(web, slack, f"{RELEASE_QUESTION} <!here>")
    channel = new_channel()
    response = click(web, slack, "k17_share", buttons(reply)["k17_share"], channel=channel)
    assert response["delete_original"] is True
    post = wait_for(posted_in(slack, channel))
    public = shown(post)
    assert f"<@{payloads.PERSON}> asked: {RELEASE_QUESTION} &lt;!here&gt;" in public
    assert "<!here>" not in public
    assert "2017" in public


def test_choosing_a_candidate_replaces_the_candidates_with_its_answer(
    web: WebProcess, slack: StandInSlack, history: Any
) -> None:
    reply = vague_answer(web, slack)
    response = click(web, slack, "k17_choose_0", buttons(reply)["k17_choose_0"])
    assert response["replace_original"] is True
    assert "k17_choose_0" not in buttons(response)
    assert {"k17_feedback_up", "k17_feedback_down"} <= set(buttons(response))
    chosen = buttons(reply)["k17_choose_0"].split(":")[1]
    assert chosen in [c.entry_id for c in history().choices]


def test_none_of_these_notes_the_question_and_says_where_to_get_help(
    web: WebProcess, slack: StandInSlack, history: Any
) -> None:
    reply = vague_answer(web, slack)
    question_id = int(buttons(reply)["k17_none"])
    response = click(web, slack, "k17_none", buttons(reply)["k17_none"])
    assert response["replace_original"] is True
    assert "#kubernetes-users" in shown(response)
    assert (question_id, None) in [(c.question_id, c.entry_id) for c in history().choices]


def test_feedback_counts_once_per_person_and_updates_in_place(
    web: WebProcess, slack: StandInSlack, history: Any
) -> None:
    before = votes(history)
    value = buttons(command(web, slack, RELEASE_QUESTION))["k17_feedback_up"]
    entry_id = value.split(":")[1]
    first = click(web, slack, "k17_feedback_up", value)
    assert first["replace_original"] is True
    assert "Thanks for the feedback" in shown(first)
    click(web, slack, "k17_feedback_down", value)  # changing one's mind is not a second vote
    click(web, slack, "k17_feedback_up", value, action_ts="1700000000.000001")
    click(web, slack, "k17_feedback_up", value, action_ts="1700000000.000001")  # replayed
    click(web, slack, "k17_feedback_down", value, user="U0SOMEONE")
    assert sorted(set(votes(history)) - set(before)) == sorted(
        {(entry_id, "up"), (entry_id, "down")}
    )
    assert len(votes(history)) - len(before) == 2


def test_forged_and_stale_clicks_get_401_and_change_nothing(
    web: WebProcess, slack: StandInSlack, history: Any
) -> None:
    value = buttons(command(web, slack, RELEASE_QUESTION))["k17_feedback_down"]
    before = votes(history)
    hook = uuid.uuid4().hex
    body = payloads.block_action("k17_feedback_down", value, slack.response_url(hook))
    assert web.post(body, FORM, secret="forged-secret").status_code == 401
    assert web.post(body, FORM, timestamp=time.time() - 301).status_code == 401
    # A 401 is decided before any listener runs: the genuine click after them is the only one
    # that counts, and the refused ones' response_url is never called.
    assert "Thanks for the feedback" in shown(click(web, slack, "k17_feedback_down", value))
    assert len(votes(history)) == len(before) + 1
    assert [c for c in slack.calls("webhook") if c.path.endswith(hook)] == []


def test_malformed_click_gets_an_ephemeral_message_not_a_5xx(
    web: WebProcess, slack: StandInSlack
) -> None:
    for value in ("", "nonsense", "999999:release-date", "1:" + "x" * 300):
        response = click(web, slack, "k17_feedback_up", value)
        assert response["response_type"] == "ephemeral"
        assert "no longer works" in shown(response)
    raw = urlencode({"payload": '{"type": "block_actions", "actions": "nope"}'}).encode()
    assert 400 <= web.post(raw, FORM).status_code < 500
    value = buttons(command(web, slack, RELEASE_QUESTION))["k17_feedback_up"]
    assert "Thanks for the feedback" in shown(click(web, slack, "k17_feedback_up", value))


def test_every_question_asked_before_a_graceful_shutdown_is_in_the_log(
    slack: StandInSlack, database_url: str, tmp_path: Path
) -> None:
    process = WebProcess(slack.api_url, database_url, tmp_path)
    asked = [f"{RELEASE_QUESTION} ({n})" for n in range(60)]
    for text in asked:
        response = process.post(payloads.slash_command(text, slack.response_url("x")), FORM)
        assert response.status_code == 200
    assert process.stop() == 0  # SIGTERM straight after the last answer
    engine = connect(database_url)
    logged = [q.text for q in read_history(engine).questions]
    engine.dispose()
    assert sorted(t for t in logged if t in asked) == sorted(asked)


def test_k17_report_shows_what_people_clicked(
    slack: StandInSlack, tmp_path: Path, kb: KnowledgeBase
) -> None:
    url = f"sqlite:///{tmp_path / 'k17.db'}"
    web = WebProcess(slack.api_url, url, tmp_path)
    try:
        # 👎 from two people on a private answer (one of them twice), 👍 from a third on the
        # same answer posted in a channel: each person counts once, on the answer they saw.
        answer = buttons(command(web, slack, RELEASE_QUESTION))
        entry_id = answer["k17_feedback_down"].split(":")[1]
        click(web, slack, "k17_feedback_down", answer["k17_feedback_down"])
        click(web, slack, "k17_feedback_down", answer["k17_feedback_down"])
        click(web, slack, "k17_feedback_down", answer["k17_feedback_down"], user="U0SECOND")
        thanks = click(
            web,
            slack,
            "k17_feedback_up",
            answer["k17_feedback_up"],
            user="U0THIRD",
            ephemeral=False,
        )
        assert "Thanks for the feedback" in shown(thanks)
        # A "did you mean" choice, and "None of these" on the same question asked again.
        vague = vague_answer(web, slack)
        asked = vague["text"]
        chosen = buttons(vague)["k17_choose_0"]
        click(web, slack, "k17_choose_0", chosen)
        click(web, slack, "k17_none", buttons(vague_answer(web, slack))["k17_none"])
    finally:
        assert web.stop() == 0  # the question log is written before the process ends

    finished = run_k17("report", "--json", env={"DATABASE_URL": url}, cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr
    report = json.loads(finished.stdout)
    voted = kb.entry(entry_id)
    assert voted is not None
    assert {"entry_id": entry_id, "title": voted.title, "down": 2, "up": 1} in report["thumbs_down"]
    assert report["none_of_these"] == 1
    assert report["totals"]["unanswered"] == 1
    chosen_entry = chosen.split(":")[1]
    assert [c["chosen"] for c in report["choices"] if c["entry_id"] == chosen_entry] == [1]
    proposal = next(p for p in report["proposals"] if p["entry_id"] == chosen_entry)
    assert proposal["chosen"] == 1
    assert len(proposal["alternates"]) == 1
    assert proposal["alternates"][0] in asked
