"""Variables as the environment gives them: empty means unset everywhere, OAuth is refused."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from bot.config import Settings, SettingsError, environment, unset_empty_variables
from bot.slack import payloads
from bot.slack.standin import StandInSlack
from tests.k17_process import run_k17
from tests.slack_conversation import FORM, shown
from tests.test_web_e2e import WebProcess

HTTP = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "secret"}


@pytest.mark.parametrize("name", ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SCOPES"])
def test_an_oauth_variable_is_refused_in_one_line_naming_it(name: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({**HTTP, name: "1234.5678"})
    assert len(refused.value.problems) == 1
    assert name in refused.value.problems[0]
    assert "single-workspace" in refused.value.problems[0]


def test_several_oauth_variables_are_one_line() -> None:
    env = {
        **HTTP,
        "SLACK_CLIENT_ID": "1.2",
        "SLACK_CLIENT_SECRET": "s",
        "SLACK_SCOPES": "chat:write",
    }
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(env)
    assert refused.value.problems == [
        "SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SCOPES are OAuth settings: k17 is a "
        "single-workspace app with SLACK_BOT_TOKEN; unset them."
    ]


def test_empty_oauth_variables_count_as_unset() -> None:
    env = {**HTTP, "SLACK_CLIENT_ID": "", "SLACK_CLIENT_SECRET": " "}
    assert Settings.from_env(env).has_slack_credentials


def test_empty_variables_are_unset_for_the_libraries_that_read_them_too() -> None:
    environ = {"SLACK_CLIENT_ID": "", "SLACK_CLIENT_SECRET": "  ", "SLACK_BOT_TOKEN": "xoxb-1"}
    unset_empty_variables(environ)
    assert environ == {"SLACK_BOT_TOKEN": "xoxb-1"}


@pytest.mark.e2e
def test_k17_web_with_empty_oauth_variables_still_answers(
    standin: StandInSlack, tmp_path: Path
) -> None:
    # As a deployment whose config lists the OAuth variables without values: Bolt sees them.
    empty = {"SLACK_CLIENT_ID": "", "SLACK_CLIENT_SECRET": ""}
    web = WebProcess(standin.api_url, f"sqlite:///{tmp_path / 'k17.db'}", tmp_path, extra_env=empty)
    try:
        hook = uuid.uuid4().hex
        response = web.post(payloads.slash_command("help", standin.response_url(hook)), FORM)
        assert response.status_code == 200
        assert "/k17 events" in shown(response.json())
    finally:
        assert web.stop() == 0


def test_k17_web_with_an_oauth_client_id_refuses_to_start_in_one_line(tmp_path: Path) -> None:
    finished = run_k17(
        "web", env={**HTTP, "SLACK_CLIENT_ID": "1234.5678", "PORT": "0"}, cwd=tmp_path
    )
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    assert "SLACK_CLIENT_ID" in finished.stderr


def test_an_empty_environment_variable_does_not_hide_the_dotenv_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\nLOG_LEVEL=DEBUG\n")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    env = environment(dotenv)
    assert env["SLACK_BOT_TOKEN"] == "xoxb-from-dotenv"
    assert env["LOG_LEVEL"] == "WARNING"  # a real value still wins
