"""The clock process: plans reminders and sweeps the ledger for due ones, posting each once.

APScheduler only supplies the tick (an interval sweep, a sweep at start and a planner job, all in
memory, nothing pickled). What is due lives in the reminders table, so a crash, a restart, a
deploy overlap or several clocks at once neither lose nor double a post: rows are claimed
atomically, posts carry the reminder id in message metadata, and a row whose outcome is unknown
is reconciled from the channel's history before it is ever posted again. Web processes never
import this module.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from bot.config import Settings
from bot.core.events import Event, load_events
from bot.core.knowledge import KnowledgeError
from bot.slack.reminders import (
    NotSent,
    Posted,
    RateLimited,
    Rejected,
    Unsettled,
    create_dispatch_client,
    find_posted,
    post_reminder,
    retry_after,
)
from bot.stopping import StopRequest, stop_signals
from bot.store import reminders as ledger
from bot.store.db import connect, create_schema
from bot.store.reminders import ReminderRow

log = logging.getLogger(__name__)

PLAN_SECONDS = 60.0
GIVE_UP_AFTER = 6  # attempts; then the row is failed with its last error
MAX_BACKOFF = timedelta(minutes=5)
# History is searched from a little before the due time: a reminder is never posted earlier.
HISTORY_MARGIN = timedelta(minutes=5)
# Real seconds the posting loop waits, at most, for a reconciliation to settle another row.
RECHECK_SECONDS = 1.0


def utc_now() -> datetime:
    """The real time, in UTC."""
    return datetime.now(UTC)


def backoff(attempts: int) -> timedelta:
    """2 s, 4 s, 8 s … after each failed attempt, at most five minutes."""
    return min(timedelta(seconds=2 ** max(attempts, 1)), MAX_BACKOFF)


def worker_name() -> str:
    """A name for this process's claims: host, pid and a random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class SweepReport:
    """What one sweep did."""

    posted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    retrying: list[str] = field(default_factory=list)
    reconciled: list[str] = field(default_factory=list)
    unsettled: list[str] = field(default_factory=list)


@dataclass
class HistoryPause:
    """Until when Slack asked this process to stop reading channel history (a Retry-After)."""

    until: datetime | None = None


@dataclass(frozen=True)
class Dispatch:
    """What a sweep needs: the ledger, Slack, who claims, and the clock it reads and waits on.

    `post_timeout` is the Slack client's timeout: a claim is trusted for twice that plus ten
    seconds before another process may reconcile it, so a live post is never second-guessed.
    `threads` posts go out at once (one per channel) while `checks` threads read channel
    history for unsettled rows, one row each at a time. `sleep` waits for paced channels; the
    clock process passes `stop.wait`, so that a stop cuts the wait short.
    """

    engine: Engine
    client: WebClient
    worker: str
    post_timeout: float = 15.0
    clock: Callable[[], datetime] = utc_now
    sleep: Callable[[float], object] = time.sleep
    threads: int = 8
    checks: int = 2
    horizon: float = 5.0
    stop: threading.Event = field(default_factory=threading.Event)
    history_pause: HistoryPause = field(default_factory=HistoryPause)

    @property
    def lease(self) -> timedelta:
        """How long a claim is trusted before the row may be reconciled."""
        return timedelta(seconds=2 * self.post_timeout + 10)


def dispatch_due(now: datetime, dispatch: Dispatch) -> SweepReport:
    """One sweep as of `now`: expire, then post everything due while reconciling unsettled rows.

    Rows left `sending` by a crash or a lost answer are checked against channel history beside
    the posting, so slow history never holds up due posts, and rows found unposted are posted
    in the same sweep. Keeps going while more rows become claimable within `dispatch.horizon`
    seconds (channels waiting out their 1 s pacing or a short Retry-After). Every claim reads
    `dispatch.clock` as it is made. Once `dispatch.stop` is set it starts nothing new and
    returns when the posts and history reads in flight are done.
    """
    report = SweepReport()
    for row in ledger.expire_overdue(dispatch.engine, now):
        report.expired.append(row.id)
        log.warning(
            "reminder expired unposted id=%s channel=%s due_at=%s expires_at=%s",
            row.id,
            row.channel_id,
            row.due_at.isoformat(),
            row.expires_at.isoformat(),
        )
    settled = threading.Event()
    with ThreadPoolExecutor(
        max_workers=dispatch.threads + dispatch.checks, thread_name_prefix="k17-sweep"
    ) as pool:
        checking = [
            pool.submit(_reconcile, dispatch, report, settled) for _ in range(dispatch.checks)
        ]
        while not dispatch.stop.is_set():
            # Read before claiming: once every check had ended, this claim saw all they settled.
            checked = all(check.done() for check in checking)
            claimed = ledger.claim_due(
                dispatch.engine, dispatch.clock(), dispatch.worker, dispatch.threads, dispatch.lease
            )
            if claimed:
                for row, outcome in zip(
                    claimed,
                    pool.map(lambda r: post_reminder(dispatch.client, r), claimed),
                    strict=True,
                ):
                    _settle(row, outcome, dispatch, report)
                continue
            now = dispatch.clock()
            ready = ledger.next_ready_at(dispatch.engine, now)
            if ready is not None and ready <= now + timedelta(seconds=dispatch.horizon):
                dispatch.sleep(max((ready - now).total_seconds(), 0.01))
                continue
            if checked:
                break
            # A row being reconciled may come back to be posted: wait until one is settled.
            settled.wait(RECHECK_SECONDS)
            settled.clear()
    for check in checking:
        check.result()  # a reconciliation's database error fails the sweep, as a claim's does
    return report


def _settle(row: ReminderRow, outcome: Any, dispatch: Dispatch, report: SweepReport) -> None:
    now = dispatch.clock()
    engine, worker = dispatch.engine, dispatch.worker
    if isinstance(outcome, Posted):
        if ledger.mark_sent(engine, row, worker, outcome.ts, now):
            report.posted.append(row.id)
            log.info("reminder posted id=%s channel=%s ts=%s", row.id, row.channel_id, outcome.ts)
        else:
            log.error("reminder posted but its claim was lost id=%s", row.id)
    elif isinstance(outcome, RateLimited):
        retry_at = now + timedelta(seconds=outcome.retry_after)
        ledger.release(engine, row, worker, now, retry_at, "ratelimited", retry_at, attempted=False)
        report.retrying.append(row.id)
        log.info("reminder rate limited id=%s retry_after=%gs", row.id, outcome.retry_after)
    elif isinstance(outcome, Rejected):
        ledger.mark_failed(engine, row, worker, now, outcome.error)
        report.failed.append(row.id)
        log.error(
            "reminder failed id=%s channel=%s error=%s", row.id, row.channel_id, outcome.error
        )
    elif isinstance(outcome, NotSent):
        if outcome.retry_after is not None:
            retry_at = now + timedelta(seconds=outcome.retry_after)
            ledger.release(engine, row, worker, now, retry_at, outcome.error)
            report.retrying.append(row.id)
            log.error(
                "reminder not sent, check k17's Slack token id=%s error=%s", row.id, outcome.error
            )
        elif row.attempts >= GIVE_UP_AFTER:
            ledger.mark_failed(engine, row, worker, now, f"gave up: {outcome.error}")
            report.failed.append(row.id)
            log.error("reminder failed id=%s error=%s", row.id, outcome.error)
        else:
            ledger.release(engine, row, worker, now, now + backoff(row.attempts), outcome.error)
            report.retrying.append(row.id)
            log.warning("reminder not sent, retrying id=%s error=%s", row.id, outcome.error)
    elif isinstance(outcome, Unsettled):
        # Slack may have posted it: check the channel's history before trying again, and only
        # once a request that got no answer can no longer be in flight.
        wait = backoff(row.attempts) if outcome.answered else dispatch.lease
        ledger.keep_sending(engine, row, worker, now, now + wait, outcome.error)
        report.unsettled.append(row.id)
        log.warning("reminder outcome unknown id=%s error=%s", row.id, outcome.error)


def _reconcile(dispatch: Dispatch, report: SweepReport, settled: threading.Event) -> None:
    """Settle `sending` rows left by a crash or a lost answer, one claim at a time, until none
    is left or the clock stops; `settled` is set after each row."""
    try:
        while not dispatch.stop.is_set():
            paused = dispatch.history_pause.until
            if paused is not None and dispatch.clock() < paused:
                return
            claimed = ledger.claim_unsettled(
                dispatch.engine, dispatch.clock(), dispatch.worker, dispatch.lease
            )
            if not claimed:
                return
            if not _check(claimed[0], dispatch, report):
                return
            settled.set()
    finally:
        settled.set()


def _check(row: ReminderRow, dispatch: Dispatch, report: SweepReport) -> bool:
    """Look for one unsettled row's post in its channel's history and settle the row.

    False when Slack rate limits history reads: no row is checked again before Retry-After.
    """
    engine, worker = dispatch.engine, dispatch.worker
    try:
        ts = find_posted(dispatch.client, row, row.due_at - HISTORY_MARGIN)
    except SlackApiError as error:
        code = str(error.response.get("error") or error.response.status_code)
        now = dispatch.clock()
        if code in ("channel_not_found", "not_in_channel", "is_archived"):
            if ledger.mark_failed(engine, row, worker, now, code):
                report.failed.append(row.id)
                log.error("reminder failed id=%s error=%s", row.id, code)
            return True
        wait = backoff(row.attempts)
        limited = retry_after(error)
        if limited is not None:
            wait = max(wait, timedelta(seconds=limited))
            paused = dispatch.history_pause.until
            dispatch.history_pause.until = max(paused or now, now + wait)
            log.warning("channel history rate limited retry_after=%gs", limited)
        ledger.keep_sending(engine, row, worker, now, now + wait, code)
        return limited is None
    except OSError as error:
        now = dispatch.clock()
        ledger.keep_sending(engine, row, worker, now, now + backoff(row.attempts), str(error))
        return True
    now = dispatch.clock()
    if ts is not None:
        if ledger.mark_sent(engine, row, worker, ts, now):
            report.reconciled.append(row.id)
            log.info("reminder found already posted id=%s ts=%s", row.id, ts)
        return True
    status = ledger.settle_not_posted(engine, row, worker, now, GIVE_UP_AFTER)
    if status == ledger.EXPIRED:
        report.expired.append(row.id)
        log.warning("reminder expired unposted id=%s", row.id)
    elif status == ledger.FAILED:
        report.failed.append(row.id)
        log.error("reminder failed id=%s after %d attempts", row.id, row.attempts)
    elif status == ledger.PENDING:
        log.info("reminder not in channel history, posting again id=%s", row.id)
    return True


def plan(engine: Engine, settings: Settings, now: datetime) -> None:
    """Re-read events.yaml and record the plan; an invalid file is logged and changes nothing."""
    try:
        events: tuple[Event, ...] = load_events(settings.knowledge_dir / "events.yaml")
    except KnowledgeError as error:
        for problem in error.problems:
            log.error("events not planned: %s", problem)
        return
    changes = ledger.replan(engine, events, now)
    if changes.added or changes.updated or changes.cancelled:
        log.info(
            "reminders planned added=%d updated=%d cancelled=%d",
            changes.added,
            changes.updated,
            changes.cancelled,
        )


def build_scheduler(
    sweep: Callable[[], None], replan: Callable[[], None], sweep_seconds: float, now: datetime
) -> Any:
    """The clock's APScheduler: a sweep every `sweep_seconds` and one at `now`, a planner job.

    Jobs live in memory (nothing to pickle or share); missed ticks fold into one run
    (`coalesce`), never overlap (`max_instances=1`) and are never skipped as too late
    (`misfire_grace_time=None`): a sweep selects everything due, so running late loses nothing.
    """
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        sweep,
        "interval",
        seconds=sweep_seconds,
        id="sweep",
        next_run_time=now,  # a catch-up sweep right at start
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
    )
    scheduler.add_job(
        replan,
        "interval",
        seconds=PLAN_SECONDS,
        id="plan",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
    )
    return scheduler


def run_clock(settings: Settings, post_timeout: int = 15) -> None:
    """Run the clock until SIGTERM or SIGINT: seed subscriptions, plan, sweep on an interval."""
    with stop_signals() as requested:
        _run_clock(settings, post_timeout, requested)


def _run_clock(settings: Settings, post_timeout: int, requested: StopRequest) -> None:
    stop = threading.Event()
    engine = connect(settings.database_url)
    try:
        create_schema(engine)
    except DBAPIError:
        # Another process created the tables at the same moment (PostgreSQL reports the race
        # as a duplicate type); the second attempt finds them.
        time.sleep(1)
        create_schema(engine)
    now = utc_now()
    load_events(settings.knowledge_dir / "events.yaml")  # refuse to start on a broken file
    for channel in settings.reminder_channels:
        ledger.subscribe(engine, channel, now, by="K17_REMINDER_CHANNELS")
    plan(engine, settings, now)

    dispatch = Dispatch(
        engine=engine,
        client=create_dispatch_client(settings, post_timeout),
        worker=worker_name(),
        post_timeout=post_timeout,
        sleep=stop.wait,
        horizon=min(settings.sweep_seconds, 5.0),
        stop=stop,
    )

    sweeping = threading.Lock()

    def sweep() -> None:
        with sweeping:
            report = dispatch_due(utc_now(), dispatch)
        if report.posted or report.failed or report.expired or report.reconciled:
            log.info(
                "sweep posted=%d failed=%d expired=%d reconciled=%d retrying=%d",
                len(report.posted),
                len(report.failed),
                len(report.expired),
                len(report.reconciled),
                len(report.retrying),
            )

    scheduler = build_scheduler(
        sweep, lambda: plan(engine, settings, utc_now()), settings.sweep_seconds, utc_now()
    )

    log.info("clock started worker=%s sweep_seconds=%g", dispatch.worker, settings.sweep_seconds)
    # The jobs run in the scheduler's threads while this one waits for a signal, so a signal
    # arriving at any moment, even while the scheduler starts, stops the clock.
    scheduler.start()
    requested.wait()
    stop.set()  # first: a sweep in flight finishes the posts it started, then returns
    log.info("clock stopping signal=%s", requested.signal_name())
    scheduler.shutdown(wait=False)
    with sweeping:  # the sweep in flight, if any, has seen `stop` and finishes its posts
        engine.dispose()
    log.info("clock stopped")
