"""The schema is created and upgraded at start, also by several processes starting together."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import inspect, text

from bot.store.db import connect, create_schema, metadata


def test_schema_is_created_once_and_again_changes_nothing(database_url: str) -> None:
    engine = connect(database_url)
    create_schema(engine)
    create_schema(engine)
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in metadata.sorted_tables} <= tables
    engine.dispose()


def test_processes_starting_together_all_get_the_schema(database_url: str) -> None:
    engines = [connect(database_url) for _ in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(create_schema, engines))
    assert {t.name for t in metadata.sorted_tables} <= set(inspect(engines[0]).get_table_names())
    for engine in engines:
        engine.dispose()


def test_a_table_from_an_older_version_gets_the_new_columns(database_url: str) -> None:
    engine = connect(database_url)
    with engine.begin() as connection:
        connection.execute(text('CREATE TABLE "handled_events" ("key" VARCHAR(200) PRIMARY KEY)'))
        connection.execute(text("INSERT INTO handled_events (key) VALUES ('kept')"))
    create_schema(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("handled_events")}
    assert {c.name for c in metadata.tables["handled_events"].columns} <= columns
    with engine.connect() as connection:
        assert connection.execute(text("SELECT key FROM handled_events")).scalar_one() == "kept"
    engine.dispose()


def test_many_starting_together_on_new_sqlite_files_never_find_them_locked(
    tmp_path: Path,
) -> None:
    # The first connections to a new file race to switch it to WAL; the losers wait their turn.
    for attempt in range(20):
        engines = [connect(f"sqlite:///{tmp_path / f'k17-{attempt}.db'}") for _ in range(8)]
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(create_schema, engines))
        for engine in engines:
            engine.dispose()
