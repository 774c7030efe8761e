"""The database: one engine per process, one MetaData for every table, schema created on start."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event

from bot.config import normalise_database_url

metadata = MetaData()


def connect(database_url: str) -> Engine:
    """An engine for SQLite (WAL, busy timeout) or PostgreSQL (Heroku `postgres://` too)."""
    url = normalise_database_url(database_url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def create_schema(engine: Engine) -> None:
    """Create every table that does not exist yet; safe to run from several processes at once."""
    # Import the modules that declare tables so that they are registered on `metadata`.
    import bot.store.tables  # noqa: F401 -- registers tables

    metadata.create_all(engine, checkfirst=True)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself so that every transaction takes the write lock up front:
    # two processes claiming the same row then serialise instead of failing on upgrade.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")
