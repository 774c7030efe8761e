"""The database: one engine per process, one MetaData for every table, schema created on start."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import CreateColumn

from bot.config import normalise_database_url
from bot.errors import UnavailableError

metadata = MetaData()
# How long a new SQLite file's switch to WAL is retried while another process makes it.
SQLITE_SWITCH_SECONDS = 30.0


def connect(database_url: str) -> Engine:
    """An engine for SQLite (WAL, busy timeout) or PostgreSQL (Heroku `postgres://` too)."""
    url = normalise_database_url(database_url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def open_database(database_url: str, setting: str = "DATABASE_URL") -> Engine:
    """`connect` and `create_schema`; UnavailableError, one line, when the database is unusable.

    `setting` names where the URL came from, so that the line says what to fix.
    """
    engine = connect(database_url)
    try:
        create_schema(engine)
    except DBAPIError as error:
        engine.dispose()
        raise UnavailableError(database_problem(database_url, error, setting)) from None
    return engine


def database_problem(database_url: str, error: DBAPIError, setting: str = "DATABASE_URL") -> str:
    """`cannot use the database at sqlite:///x.db (DATABASE_URL): unable to open database file`.

    The password, if any, is hidden.
    """
    where = make_url(normalise_database_url(database_url)).render_as_string(hide_password=True)
    reason = str(error.orig or error).strip().splitlines()
    return f"cannot use the database at {where} ({setting}): {reason[0] if reason else error}"


# Any constant works; it only has to be the same in every k17 process sharing a database.
_SCHEMA_LOCK = 17_0717


def create_schema(engine: Engine) -> None:
    """Create missing tables and add missing columns; safe from several processes at once."""
    # Import the modules that declare tables so that they are registered on `metadata`.
    import bot.store.tables  # noqa: F401 -- registers tables

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two processes starting together would both see a table missing and both create
            # it; the loser fails. The lock makes them take turns (SQLite's BEGIN IMMEDIATE
            # already does).
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
        metadata.create_all(connection, checkfirst=True)
        _add_missing_columns(connection)


def _add_missing_columns(connection: Connection) -> None:
    """Upgrade tables created by an older k17: columns added since are created, nullable."""
    inspector = inspect(connection)
    for table in metadata.sorted_tables:
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            definition = CreateColumn(column).compile(dialect=connection.dialect)
            # Existing rows have no value for the new column, so it cannot be NOT NULL.
            sql = str(definition).replace(" NOT NULL", "")
            connection.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN {sql}'))


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself so that every transaction takes the write lock up front:
    # two processes claiming the same row then serialise instead of failing on upgrade.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    _use_write_ahead_log(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _use_write_ahead_log(cursor: Any) -> None:
    """Switch a new file to WAL. Processes opening the same new file at once race for the switch,
    and SQLite answers the losers "database is locked" at once, without waiting out the busy
    timeout; the switch is retried until the winner has made it (then it is a no-op)."""
    deadline = time.monotonic() + SQLITE_SWITCH_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")
