"""Question text is deleted after K17_QUESTION_LOG_DAYS days; every count remains."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from bot.config import Settings
from bot.core.knowledge import KnowledgeBase
from bot.core.report import build_report
from bot.store.questions import QuestionLog, forget_old_questions, read_history

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def seed(log: QuestionLog, kb: KnowledgeBase) -> list[int]:
    """Questions asked on days 0, 10, 50 and 89 after START, each with feedback."""
    entry = kb.entries[0].id
    ids = []
    for day, outcome in ((0, "declined"), (10, "answered"), (50, "declined"), (89, "answered")):
        asked_at = START + timedelta(days=day)
        question_id = log.record_question(
            text=f"question asked on day {day}",
            surface="dm",
            user_id="U0ASKER",
            outcome=outcome,
            score=50.0,
            now=asked_at,
            entry_id=entry if outcome == "answered" else None,
        )
        log.record_feedback(
            question_id=question_id, entry_id=entry, user_id="U0ASKER", vote="down", now=asked_at
        )
        ids.append(question_id)
    return ids


def test_text_older_than_the_limit_is_deleted_and_counts_remain(
    engine: Engine, kb: KnowledgeBase
) -> None:
    log = QuestionLog(engine, "key", keep_days=90)
    seed(log, kb)
    now = START + timedelta(days=101)
    before = build_report(read_history(engine), kb, now=now)

    assert forget_old_questions(engine, now, days=90) == 2

    history = read_history(engine)
    assert [q.text for q in history.questions] == [
        None,
        None,
        "question asked on day 50",
        "question asked on day 89",
    ]
    after = build_report(history, kb, now=now)
    assert after.totals == before.totals
    assert after.thumbs_down == before.thumbs_down
    assert after.forgotten_unanswered == 1
    assert [g.question for g in after.unanswered] == ["question asked on day 50"]


def test_text_exactly_at_the_limit_is_kept(engine: Engine, kb: KnowledgeBase) -> None:
    log = QuestionLog(engine, "key", keep_days=90)
    seed(log, kb)
    assert forget_old_questions(engine, START + timedelta(days=90), days=90) == 0
    assert forget_old_questions(engine, START + timedelta(days=90, seconds=1), days=90) == 1


def test_forgetting_twice_changes_nothing_more(engine: Engine, kb: KnowledgeBase) -> None:
    seed(QuestionLog(engine, "key"), kb)
    now = START + timedelta(days=200)
    assert forget_old_questions(engine, now, days=90) == 4
    assert forget_old_questions(engine, now, days=90) == 0
    assert len(read_history(engine).questions) == 4


def test_question_log_applies_its_limit_as_questions_arrive(
    engine: Engine, kb: KnowledgeBase
) -> None:
    log = QuestionLog(engine, "key", keep_days=30)
    seed(log, kb)  # day 89's question arrives after day 0 and day 50 are over 30 days old
    texts = [q.text for q in read_history(engine).questions]
    assert texts == [None, None, None, "question asked on day 89"]


def test_shorter_limit_from_the_environment_forgets_sooner(
    engine: Engine, kb: KnowledgeBase
) -> None:
    settings = Settings.from_env({"K17_QUESTION_LOG_DAYS": "7"})
    log = QuestionLog(engine, settings.question_log_key, keep_days=settings.question_log_days)
    seed(log, kb)
    assert log.forget_old(START + timedelta(days=97)) == 1
    assert [q.text for q in read_history(engine).questions] == [None, None, None, None]


def test_question_text_is_kept_90_days_unless_configured() -> None:
    assert Settings.from_env({}).question_log_days == 90
    assert Settings.from_env({"K17_QUESTION_LOG_DAYS": "30"}).question_log_days == 30
