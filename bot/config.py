"""Settings: one frozen object built once from the environment and validated at start-up."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///k17.db"
DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
ENV_FILE_VARIABLE = "K17_ENV_FILE"
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
# Slack's OAuth settings, which Bolt reads from the environment itself. It switches to OAuth
# (an installation store, no bot token) when the client id and secret merely exist, even empty.
OAUTH_VARIABLES = (
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_SCOPES",
    "SLACK_USER_SCOPES",
    "SLACK_REDIRECT_URI",
    "SLACK_INSTALL_PATH",
    "SLACK_REDIRECT_URI_PATH",
)
# Variables Bolt reads from the process environment itself, whatever k17 passes it.
_READ_BY_BOLT = (
    *OAUTH_VARIABLES,
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_VERIFICATION_TOKEN",
)


class SettingsError(Exception):
    """The environment does not describe a runnable k17; `problems` has one line per variable."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    """Everything k17 reads from its environment."""

    slack_bot_token: str = ""
    slack_signing_secret: str = field(default="", repr=False)
    slack_app_token: str = field(default="", repr=False)
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 3000
    log_level: str = "INFO"
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    question_log_days: int = 90
    question_log_key: str = field(default="", repr=False)
    reminder_channels: tuple[str, ...] = ()
    sweep_seconds: float = 30.0
    web_concurrency: int = 2

    def __repr__(self) -> str:
        # Tokens and secrets never reach logs, not even through repr().
        shown = {
            "slack_bot_token": _mask(self.slack_bot_token),
            "slack_api_url": self.slack_api_url,
            "database_url": _mask_url(self.database_url),
            "port": self.port,
            "log_level": self.log_level,
            "knowledge_dir": str(self.knowledge_dir),
            "socket_mode": self.socket_mode,
        }
        return "Settings(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"

    @property
    def socket_mode(self) -> bool:
        """Socket Mode when an app-level token is configured, HTTP otherwise."""
        return bool(self.slack_app_token)

    @property
    def has_slack_credentials(self) -> bool:
        """Whether k17 can talk to a real Slack workspace."""
        return bool(self.slack_bot_token)

    def require_http(self) -> None:
        """Refuse to serve Slack over HTTP without the signing secret that verifies requests.

        Only the commands that serve HTTP ask: the clock and `k17 reminders` never use it.
        """
        if not self.slack_signing_secret:
            raise SettingsError(
                [
                    "SLACK_SIGNING_SECRET is required in HTTP mode (find it under Basic "
                    "Information in your app's settings), or set SLACK_APP_TOKEN to use "
                    "Socket Mode."
                ]
            )

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Read and validate settings; raise SettingsError listing every problem at once."""
        problems: list[str] = []

        def text(name: str, default: str = "") -> str:
            return env.get(name, default).strip() or default

        def number(name: str, default: float, minimum: float, integer: bool) -> float:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                value = int(raw) if integer else float(raw)
            except ValueError:
                kind = "a whole number" if integer else "a number"
                problems.append(f"{name}={raw!r} is not {kind}; unset it to use {default:g}.")
                return default
            if value < minimum:
                problems.append(f"{name}={raw!r} must be at least {minimum:g}.")
                return default
            return value

        bot_token = text("SLACK_BOT_TOKEN")
        signing_secret = text("SLACK_SIGNING_SECRET")
        app_token = text("SLACK_APP_TOKEN")
        if bot_token and not bot_token.startswith("xoxb-"):
            problems.append("SLACK_BOT_TOKEN must be a bot token starting with 'xoxb-'.")
        if app_token and not app_token.startswith("xapp-"):
            problems.append(
                "SLACK_APP_TOKEN must be an app-level token starting with 'xapp-' "
                "(with the connections:write scope) for Socket Mode."
            )
        if app_token and not bot_token:
            problems.append("SLACK_APP_TOKEN is set, so Socket Mode also needs SLACK_BOT_TOKEN.")
        oauth = [name for name in OAUTH_VARIABLES if text(name)]
        if oauth:
            kind, pronoun = (
                ("is an OAuth setting", "it") if len(oauth) == 1 else ("are OAuth settings", "them")
            )
            problems.append(
                f"{', '.join(oauth)} {kind}: "
                f"k17 is a single-workspace app with SLACK_BOT_TOKEN; unset {pronoun}."
            )

        api_url = text("SLACK_API_URL", DEFAULT_SLACK_API_URL)
        if not api_url.startswith(("http://", "https://")):
            problems.append(f"SLACK_API_URL={api_url!r} must be an http(s) URL.")
        if not api_url.endswith("/"):
            api_url += "/"

        database_url = normalise_database_url(text("DATABASE_URL", DEFAULT_DATABASE_URL))
        if not database_url.startswith(("sqlite", "postgresql")):
            problems.append(
                "DATABASE_URL must be a sqlite:/// or postgres(ql):// URL, "
                f"not {_mask_url(database_url)!r}."
            )

        log_level = text("LOG_LEVEL", "INFO").upper()
        if log_level not in _LOG_LEVELS:
            problems.append(f"LOG_LEVEL={log_level!r} must be one of {', '.join(_LOG_LEVELS)}.")
            log_level = "INFO"

        port = int(number("PORT", 3000, 1, integer=True))
        if port > 65535:
            problems.append(f"PORT={port} must be at most 65535.")

        knowledge_dir = Path(text("K17_KNOWLEDGE_DIR", str(DEFAULT_KNOWLEDGE_DIR)))
        if not knowledge_dir.is_dir():
            problems.append(f"K17_KNOWLEDGE_DIR={str(knowledge_dir)!r} is not a directory.")

        channels = tuple(
            c.strip() for c in env.get("K17_REMINDER_CHANNELS", "").split(",") if c.strip()
        )
        for channel in channels:
            if channel[:1] not in ("C", "G") or not channel.isalnum():
                problems.append(
                    f"K17_REMINDER_CHANNELS: {channel!r} is not a channel id like C0123ABCD "
                    "(copy it from the channel's details)."
                )

        settings = cls(
            slack_bot_token=bot_token,
            slack_signing_secret=signing_secret,
            slack_app_token=app_token,
            slack_api_url=api_url,
            database_url=database_url,
            port=port,
            log_level=log_level,
            knowledge_dir=knowledge_dir,
            question_log_days=int(number("K17_QUESTION_LOG_DAYS", 90, 1, integer=True)),
            question_log_key=text("K17_QUESTION_LOG_KEY") or signing_secret or "k17-local",
            reminder_channels=channels,
            sweep_seconds=number("K17_SWEEP_SECONDS", 30.0, 1.0, integer=False),
            web_concurrency=int(number("WEB_CONCURRENCY", 2, 1, integer=True)),
        )
        if problems:
            raise SettingsError(problems)
        return settings


def read_dotenv(path: Path) -> dict[str, str]:
    """`NAME=value` lines of a .env file; blank lines, comments and `export ` prefixes allowed."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.removeprefix("export ").split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:  # an unquoted value ends where a comment starts
            value = value.split(" #", 1)[0].rstrip()
        values[name.strip()] = value
    return values


def environment(dotenv: Path | None = None) -> dict[str, str]:
    """The process environment over the values of a .env file: real variables with a value win.

    The file is `dotenv`, else the one K17_ENV_FILE names, else ./.env. K17_ENV_FILE set but
    empty reads no file at all: the test suite sets it so that a developer's .env never leaks in.
    """
    # An empty variable counts as unset, so it cannot hide the value the .env file gives.
    present = {k: v for k, v in os.environ.items() if v.strip()}
    if dotenv is None:
        named = os.environ.get(ENV_FILE_VARIABLE, ".env")
        if not named:
            return present
        dotenv = Path(named)
    return {**read_dotenv(dotenv), **present}


def unset_empty_variables(environ: MutableMapping[str, str] = os.environ) -> None:
    """Remove the variables Bolt reads itself where they are empty: empty means unset everywhere."""
    for name in _READ_BY_BOLT:
        if name in environ and not environ[name].strip():
            del environ[name]


def normalise_database_url(url: str) -> str:
    """Accept Heroku's `postgres://` form and pick the psycopg 3 driver for PostgreSQL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def configure_logging(level: str) -> None:
    """Log key=value lines to stdout at the configured level."""
    logging.basicConfig(
        level=level,
        format="%(asctime)s level=%(levelname)s logger=%(name)s %(message)s",
    )


def _mask(secret: str) -> str:
    return secret[:5] + "…" if secret else ""


def _mask_url(url: str) -> str:
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
