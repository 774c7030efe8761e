"""The question log: outcomes, hashed askers, feedback once per user and answer, choices."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, text

from bot.store.db import connect, create_schema
from bot.store.questions import ID_BLOCK, QuestionLog, hash_user, read_history
from bot.store.tables import choices, feedback, question_ids, questions
from tests.conftest import settle_question_log

NOW = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)
KEY = "question-log-test-key"


@pytest.fixture
def log(engine: Engine) -> QuestionLog:
    return QuestionLog(engine, KEY, keep_days=90)


def ask(log: QuestionLog, text: str = "what is new in network policy", **fields: object) -> int:
    values: dict[str, object] = {
        "text": text,
        "surface": "command",
        "user_id": "U0ALICE",
        "outcome": "answered",
        "score": 91.5,
        "now": NOW,
        "entry_id": "network-policy",
    }
    values.update(fields)
    return log.record_question(**values)  # type: ignore[arg-type]  # each test varies some fields


def test_question_is_logged_with_outcome_entry_score_surface_and_time(log: QuestionLog) -> None:
    question_id = ask(log, surface="mention")
    logged = log.question(question_id)
    assert logged is not None
    assert logged.text == "what is new in network policy"
    assert (logged.outcome, logged.entry_id, logged.score) == ("answered", "network-policy", 91.5)
    assert logged.surface == "mention"
    assert logged.asked_at == NOW


def test_suggested_question_keeps_its_candidates_and_declined_its_reason(
    log: QuestionLog,
) -> None:
    suggested = ask(
        log, outcome="suggested", entry_id=None, candidate_ids=("crd", "cri"), score=70.0
    )
    declined = ask(
        log, "what's new in 1.9", outcome="declined", entry_id=None, reason="other_release"
    )
    assert log.question(suggested).candidate_ids == ("crd", "cri")  # type: ignore[union-attr]  # just recorded
    assert log.question(declined).reason == "other_release"  # type: ignore[union-attr]  # just recorded


def test_every_surface_is_logged(log: QuestionLog, engine: Engine) -> None:
    for surface in ("command", "mention", "dm"):
        ask(log, surface=surface)
    assert {q.surface for q in read_history(engine).questions} == {"command", "mention", "dm"}


def test_unknown_question_id_is_none(log: QuestionLog) -> None:
    assert log.question(987654) is None


def test_slack_user_id_is_stored_only_as_a_keyed_hash(log: QuestionLog, engine: Engine) -> None:
    question_id = ask(log, user_id="U0SECRETID")
    log.record_feedback(
        question_id=question_id, entry_id="network-policy", user_id="U0SECRETID", vote="up", now=NOW
    )
    log.record_choice(question_id=question_id, user_id="U0SECRETID", entry_id=None, now=NOW)
    with engine.connect() as connection:
        stored = [
            str(value)
            for table in (questions, feedback, choices)
            for row in connection.execute(select(table))
            for value in row
        ]
    assert not any("U0SECRETID" in value for value in stored)
    assert hash_user(KEY, "U0SECRETID") in stored


def test_user_hash_depends_on_the_key() -> None:
    assert hash_user("one key", "U1") != hash_user("another key", "U1")
    assert hash_user("one key", "U1") == hash_user("one key", "U1")
    assert hash_user("one key", "U1") != hash_user("one key", "U2")


def test_question_log_refuses_an_empty_key(engine: Engine) -> None:
    with pytest.raises(ValueError, match="key"):
        QuestionLog(engine, "")


def test_feedback_is_recorded_once_per_user_and_answer(log: QuestionLog, engine: Engine) -> None:
    question_id = ask(log)

    def vote(user: str, value: str, entry: str = "network-policy") -> bool:
        return log.record_feedback(
            question_id=question_id, entry_id=entry, user_id=user, vote=value, now=NOW
        )

    assert vote("U0ALICE", "down") is True
    assert vote("U0ALICE", "down") is False  # a replayed click
    assert vote("U0ALICE", "up") is False  # the first vote stands
    assert vote("U0BOB", "up") is True
    assert vote("U0ALICE", "up", entry="crd") is True  # another answer to the same question
    votes = read_history(engine).votes
    assert sorted((v.entry_id, v.vote) for v in votes) == [
        ("crd", "up"),
        ("network-policy", "down"),
        ("network-policy", "up"),
    ]
    assert log.vote_of(question_id=question_id, entry_id="network-policy", user_id="U0ALICE") == (
        "down"
    )
    assert log.vote_of(question_id=question_id, entry_id="network-policy", user_id="U0EVE") is None


def test_simultaneous_clicks_of_one_user_count_once(log: QuestionLog, engine: Engine) -> None:
    question_id = ask(log)
    results: list[bool] = []
    start = threading.Barrier(8)

    def click() -> None:
        start.wait()
        results.append(
            log.record_feedback(
                question_id=question_id,
                entry_id="network-policy",
                user_id="U0ALICE",
                vote="up",
                now=NOW,
            )
        )

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
    assert len(read_history(engine).votes) == 1


def test_choice_is_recorded_once_per_user_and_question(log: QuestionLog, engine: Engine) -> None:
    question_id = ask(log, outcome="suggested", entry_id=None, candidate_ids=("crd", "cri"))
    assert log.record_choice(question_id=question_id, user_id="U0ALICE", entry_id="crd", now=NOW)
    assert not log.record_choice(
        question_id=question_id, user_id="U0ALICE", entry_id="cri", now=NOW
    )
    assert log.record_choice(question_id=question_id, user_id="U0BOB", entry_id=None, now=NOW)
    assert log.choice_of(question_id=question_id, user_id="U0ALICE") == (True, "crd")
    assert log.choice_of(question_id=question_id, user_id="U0BOB") == (True, None)
    assert log.choice_of(question_id=question_id, user_id="U0EVE") == (False, None)
    assert sorted((c.entry_id or "") for c in read_history(engine).choices) == ["", "crd"]


def test_history_since_leaves_out_older_questions_and_their_feedback(
    log: QuestionLog, engine: Engine
) -> None:
    old = ask(log, "an old question", now=NOW - timedelta(days=10))
    new = ask(log, "a new question", now=NOW)
    for question_id in (old, new):
        log.record_feedback(
            question_id=question_id, entry_id="network-policy", user_id="U1", vote="up", now=NOW
        )
    history = read_history(engine, since=NOW - timedelta(days=1))
    assert [q.text for q in history.questions] == ["a new question"]
    assert [v.question_id for v in history.votes] == [new]


@pytest.mark.parametrize(
    ("field", "value"),
    [("surface", "email"), ("outcome", "maybe")],
)
def test_unknown_surface_or_outcome_is_refused(log: QuestionLog, field: str, value: str) -> None:
    with pytest.raises(ValueError, match=field):
        ask(log, **{field: value})


def test_unknown_vote_is_refused(log: QuestionLog) -> None:
    question_id = ask(log)
    with pytest.raises(ValueError, match="vote"):
        log.record_feedback(
            question_id=question_id, entry_id="x", user_id="U1", vote="meh", now=NOW
        )


def test_time_without_zone_is_refused(log: QuestionLog) -> None:
    with pytest.raises(ValueError, match="time-zone-aware"):
        ask(log, now=datetime(2026, 11, 2, 10, 30))  # a naive time is the mistake under test


def test_question_text_with_slack_markup_and_emoji_is_kept_verbatim(log: QuestionLog) -> None:
    text = "<!channel> 🚀 <@U123> what's new in <https://evil.example|np>? ‏שלום"
    question_id = ask(log, text)
    assert log.question(question_id).text == text  # type: ignore[union-attr]  # just recorded


# -- written after the reply ---------------------------------------------------------------------


def test_question_written_later_is_found_by_its_id_at_once(engine: Engine) -> None:
    deferred = QuestionLog(engine, KEY, deferred=True)
    question_id = ask(deferred, "a question still on its way")
    found = deferred.question(question_id)
    assert found is not None
    assert found.text == "a question still on its way"


def test_every_question_written_later_is_in_the_log_after_a_flush(engine: Engine) -> None:
    deferred = QuestionLog(engine, KEY, deferred=True)
    asked = [ask(deferred, f"question {n}") for n in range(600)]
    assert deferred.flush()
    logged = read_history(engine).questions
    assert sorted(q.id for q in logged) == sorted(asked)
    assert len(set(asked)) == 600


def test_full_queue_makes_the_asking_thread_write_and_loses_nothing(engine: Engine) -> None:
    deferred = QuestionLog(engine, KEY, deferred=True, queue_limit=2)

    def asker(n: int) -> None:
        for k in range(40):
            ask(deferred, f"asker {n} question {k}")

    threads = [threading.Thread(target=asker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert deferred.flush()
    assert len(read_history(engine).questions) == 160


def test_questions_get_ids_while_another_process_holds_the_database(engine: Engine) -> None:
    # Ids come from blocks reserved in the database; the next block is reserved ahead, so a
    # question crossing into it is not kept waiting by another process's write transaction.
    deferred = QuestionLog(engine, KEY, deferred=True)
    first = [ask(deferred, f"before the lock {n}") for n in range(ID_BLOCK * 3 // 4)]
    assert deferred.flush()
    reserved = _reserved_ids(engine)
    deadline = time.monotonic() + 10
    while reserved < first[0] + 2 * ID_BLOCK and time.monotonic() < deadline:
        time.sleep(0.02)
        reserved = _reserved_ids(engine)
    assert reserved == first[0] + 2 * ID_BLOCK
    later: list[int] = []
    with engine.connect() as holder, holder.begin():
        # SQLite begins every transaction with the write lock; PostgreSQL is told to take one.
        if engine.dialect.name == "postgresql":
            holder.execute(text("LOCK TABLE question_ids IN ACCESS EXCLUSIVE MODE"))
        else:
            holder.execute(
                question_ids.update()
                .where(question_ids.c.name == "nothing")
                .values(next_id=question_ids.c.next_id)
            )
        asker = threading.Thread(
            target=lambda: later.extend(ask(deferred, f"during {n}") for n in range(ID_BLOCK // 2))
        )
        asker.start()
        asker.join(timeout=5)
        assert not asker.is_alive()
    assert deferred.flush()
    asked = first + later
    assert len(set(asked)) == len(asked) == ID_BLOCK * 5 // 4
    assert sorted(q.id for q in read_history(engine).questions) == sorted(asked)


def _reserved_ids(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(
                select(question_ids.c.next_id).where(question_ids.c.name == "questions")
            ).scalar_one()
        )


def test_two_processes_sharing_a_database_never_give_out_the_same_id(database_url: str) -> None:
    engines = [connect(database_url), connect(database_url)]
    create_schema(engines[0])
    logs = [QuestionLog(e, KEY, deferred=True) for e in engines]
    ids: list[list[int]] = [[], []]

    def asker(n: int) -> None:
        ids[n].extend(ask(logs[n], f"process {n} question {k}") for k in range(450))

    threads = [threading.Thread(target=asker, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(log.flush() for log in logs)
    assert not set(ids[0]) & set(ids[1])
    assert len(read_history(engines[0]).questions) == 900
    settle_question_log()
    for e in engines:
        e.dispose()


def test_click_reaching_another_process_finds_a_question_still_being_written(
    database_url: str,
) -> None:
    engines = [connect(database_url), connect(database_url)]
    create_schema(engines[0])
    answering, clicked = (QuestionLog(e, KEY, deferred=True) for e in engines)
    question_id = ask(answering, "asked in one process, clicked in the other")
    found = clicked.question(question_id)
    assert found is not None
    assert found.text == "asked in one process, clicked in the other"
    assert answering.flush()
    settle_question_log()
    for e in engines:
        e.dispose()


def test_new_ids_continue_above_those_of_questions_logged_earlier(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            questions.insert().values(
                id=4100,
                asked_at=NOW,
                surface="command",
                user_hash="h",
                text="logged by an earlier k17",
                outcome="declined",
                score=0.0,
                candidate_ids="",
            )
        )
    assert ask(QuestionLog(engine, KEY)) > 4100
