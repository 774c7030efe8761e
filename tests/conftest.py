"""Shared fixtures: the shipped knowledge base, a stand-in Slack, SQLite files and PostgreSQL."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from bot.config import DEFAULT_KNOWLEDGE_DIR, ENV_FILE_VARIABLE, Settings, normalise_database_url
from bot.core.knowledge import KnowledgeBase, load_knowledge
from bot.core.matcher import Matcher
from bot.slack.app import create_app
from bot.slack.client import create_web_client
from bot.slack.standin import StandInSlack
from bot.slack.web import SlackWebApp
from bot.store.db import connect, create_schema
from tests.slack_conversation import SECRET

POSTGRES_ENV = "K17_TEST_POSTGRES_URL"

# No test reads the developer's .env: k17 run in this process, or in a child process that
# inherits this environment, reads no .env file at all.
os.environ[ENV_FILE_VARIABLE] = ""


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The knowledge base k17 ships."""
    return load_knowledge(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture(scope="module")
def matcher(kb: KnowledgeBase) -> Matcher:
    """One index over the shipped knowledge base for the whole module."""
    return Matcher(kb)


@pytest.fixture
def slack() -> Iterator[StandInSlack]:
    """A stand-in Slack Web API on 127.0.0.1 that records what the bot sends."""
    with StandInSlack() as standin:
        yield standin


@pytest.fixture(scope="module")
def standin() -> Iterator[StandInSlack]:
    """One stand-in Slack for a whole module, as its end-to-end process stays connected to it."""
    with StandInSlack() as slack:
        yield slack


@pytest.fixture
def web(slack: StandInSlack, kb: KnowledgeBase, sqlite_url: str) -> Iterator[SlackWebApp]:
    """The WSGI app `k17 web` serves, in this process, talking to the stand-in Slack."""
    config = Settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=slack.api_url,
        database_url=sqlite_url,
    )
    served = SlackWebApp(create_app(config, kb, create_web_client(config)), SECRET)
    yield served
    served.app.listener_runner.listener_executor.shutdown(wait=True)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database file."""
    return f"sqlite:///{tmp_path / 'k17.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, private schema on the PostgreSQL named by K17_TEST_POSTGRES_URL; skip if unset."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    base = normalise_database_url(base)
    schema = f"k17_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'k17.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


# The question log's background threads: one reserving ids ahead, one writing rows.
QUESTION_LOG_THREADS = ("k17-question-ids", "k17-question-log")


def settle_question_log(timeout: float = 5.0) -> None:
    """Wait for the question log's background threads before an engine is disposed of: a
    thread still reserving ids would open a connection the disposal no longer closes."""
    for thread in threading.enumerate():
        if thread.name in QUESTION_LOG_THREADS:
            thread.join(timeout)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """k17's schema on a SQLite file and on PostgreSQL, in turn."""
    engine = connect(database_url)
    create_schema(engine)
    yield engine
    settle_question_log()
    engine.dispose()
