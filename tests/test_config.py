"""Settings from the environment and .env: validated at start, one clear line per problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ENV_FILE_VARIABLE, Settings, SettingsError, environment, read_dotenv

ROOT = Path(__file__).resolve().parent.parent


def problems(env: dict[str, str]) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    return caught.value.problems


def test_no_slack_credentials_means_the_local_console() -> None:
    settings = Settings.from_env({})
    assert not settings.has_slack_credentials
    assert settings.database_url.startswith("sqlite")


def test_http_mode_without_signing_secret_is_refused_by_name() -> None:
    settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"})
    with pytest.raises(SettingsError) as caught:
        settings.require_http()
    [problem] = caught.value.problems
    assert problem.startswith("SLACK_SIGNING_SECRET is required in HTTP mode")


def test_socket_mode_needs_no_signing_secret() -> None:
    settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert settings.socket_mode


def test_every_problem_is_reported_at_once() -> None:
    found = problems(
        {
            "SLACK_BOT_TOKEN": "xoxp-user-token",
            "SLACK_APP_TOKEN": "wrong",
            "PORT": "eighty",
            "LOG_LEVEL": "LOUD",
            "DATABASE_URL": "mysql://db",
            "WEB_CONCURRENCY": "0",
        }
    )
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_APP_TOKEN",
        "PORT",
        "LOG_LEVEL",
        "DATABASE_URL",
        "WEB_CONCURRENCY",
    ):
        assert any(name in p for p in found), name


def test_heroku_postgres_url_is_accepted() -> None:
    settings = Settings.from_env({"DATABASE_URL": "postgres://u:p@db.example:5432/k17"})
    assert settings.database_url == "postgresql+psycopg://u:p@db.example:5432/k17"


def test_tokens_and_secrets_never_appear_in_repr() -> None:
    settings = Settings.from_env(
        {
            "SLACK_BOT_TOKEN": "xoxb-very-secret-token",
            "SLACK_SIGNING_SECRET": "signing-secret-value",
            "DATABASE_URL": "postgres://u:db-password@db/k17",
        }
    )
    shown = repr(settings)
    for secret in ("very-secret-token", "signing-secret-value", "db-password"):
        assert secret not in shown


def test_dotenv_values_are_read_and_real_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\n"
        "export PORT=4000\n"
        "LOG_LEVEL='DEBUG'\n"
        'SLACK_API_URL="http://127.0.0.1:9/api/"\n'
        "K17_SWEEP_SECONDS=45 # seconds\n"
        "\n"
        "not a setting\n"
        "K17_REMINDER_CHANNELS=C1,C2\n"
    )
    assert read_dotenv(dotenv) == {
        "PORT": "4000",
        "LOG_LEVEL": "DEBUG",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        "K17_SWEEP_SECONDS": "45",
        "K17_REMINDER_CHANNELS": "C1,C2",
    }
    monkeypatch.setenv("PORT", "5000")
    env = environment(dotenv)
    assert env["PORT"] == "5000"
    assert env["LOG_LEVEL"] == "DEBUG"


def test_missing_dotenv_is_fine(tmp_path: Path) -> None:
    assert read_dotenv(tmp_path / "absent.env") == {}


def test_env_example_documents_every_variable_k17_reads() -> None:
    source = (ROOT / "bot" / "config.py").read_text()
    read = set(re.findall(r"""(?:text|number|env\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    oauth_only = {"SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"}  # read only to refuse them
    assert read - oauth_only <= documented, sorted(read - oauth_only - documented)
    for name in (
        "K17_QUESTION_LOG_DAYS",
        "K17_QUESTION_LOG_KEY",
        "K17_REMINDER_CHANNELS",
        "K17_SWEEP_SECONDS",
        "K17_KNOWLEDGE_DIR",
    ):
        assert name in documented


def test_env_example_as_dotenv_starts_the_console() -> None:
    settings = Settings.from_env(read_dotenv(ROOT / ".env.example"))
    assert not settings.has_slack_credentials


def test_the_tests_never_read_the_developers_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A README-style .env in the working directory: with it, `k17 clock` would start for real.
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\nLOG_LEVEL=LOUD\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    assert main(["clock"]) == 2
    err = capsys.readouterr().err
    assert "set SLACK_BOT_TOKEN" in err
    assert "LOG_LEVEL" not in err


def test_k17_reads_dotenv_unless_told_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=DEBUG\n")
    (tmp_path / "other.env").write_text("LOG_LEVEL=ERROR\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOG_LEVEL", raising=False)
    monkeypatch.delenv(ENV_FILE_VARIABLE)
    assert environment()["LOG_LEVEL"] == "DEBUG"
    monkeypatch.setenv(ENV_FILE_VARIABLE, "other.env")
    assert environment()["LOG_LEVEL"] == "ERROR"
    monkeypatch.setenv(ENV_FILE_VARIABLE, "")
    assert "LOG_LEVEL" not in environment()
