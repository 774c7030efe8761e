"""The reminder ledger: subscriptions, idempotent planning, atomic claims and the row lifecycle.

A row moves pending -> sending -> sent, or ends failed, expired or cancelled. Every transition is
a conditional UPDATE on the current status, so two processes can never both move one row out of
`pending`: that, not the scheduler, is what makes a post happen at most once.

Claims go through the channel's subscription row: a dispatcher locks it (PostgreSQL
`FOR UPDATE SKIP LOCKED`; SQLite's BEGIN IMMEDIATE serialises the whole claim) and takes the
channel's earliest due row. A channel is busy while any of its rows is `sending` under a claim
that has not lapsed, so one post per channel is in flight at a time. Its `next_post_at` (1 s
after the last post, or Slack's Retry-After) only ever moves later, whoever settles a row.
Every claim records when it was made, and only that claim can settle the row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.core.events import Event
from bot.core.reminders import PlannedReminder, plan_reminders
from bot.store.tables import reminders, subscriptions

PENDING, SENDING, SENT = "pending", "sending", "sent"
FAILED, EXPIRED, CANCELLED = "failed", "expired", "cancelled"
STATUSES = (PENDING, SENDING, SENT, FAILED, EXPIRED, CANCELLED)
PACE = timedelta(seconds=1)


@dataclass(frozen=True)
class ReminderRow:
    """A reminder as stored."""

    id: str
    event_id: str
    days_before: int
    channel_id: str
    due_at: datetime
    expires_at: datetime
    text: str
    blocks_json: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    claimed_by: str | None
    claimed_at: datetime | None
    slack_ts: str | None
    last_error: str | None


@dataclass(frozen=True)
class PlanChanges:
    """What a planning pass changed: rows added, pending rows rewritten, pending rows cancelled."""

    added: int
    updated: int
    cancelled: int


def _utc(moment: datetime | None) -> datetime | None:
    # SQLite hands datetimes back naive; everything stored is UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _row(raw: Any) -> ReminderRow:
    m = raw._mapping
    return ReminderRow(
        id=m["id"],
        event_id=m["event_id"],
        days_before=m["days_before"],
        channel_id=m["channel_id"],
        due_at=_utc(m["due_at"]) or m["due_at"],
        expires_at=_utc(m["expires_at"]) or m["expires_at"],
        text=m["text"],
        blocks_json=m["blocks_json"],
        status=m["status"],
        attempts=m["attempts"],
        next_attempt_at=_utc(m["next_attempt_at"]),
        claimed_by=m["claimed_by"],
        claimed_at=_utc(m["claimed_at"]),
        slack_ts=m["slack_ts"],
        last_error=m["last_error"],
    )


def _insert_ignoring_duplicates(connection: Connection, table: Any) -> Any:
    """`INSERT … ON CONFLICT DO NOTHING` in the connection's dialect."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


# -- subscriptions ---------------------------------------------------------------------------


def subscribe(engine: Engine, channel_id: str, now: datetime, by: str | None = None) -> bool:
    """Subscribe a channel; False if it already was."""
    with engine.begin() as connection:
        result = connection.execute(
            _insert_ignoring_duplicates(connection, subscriptions).values(
                channel_id=channel_id, subscribed_at=now, subscribed_by=by
            )
        )
        return bool(result.rowcount)


def unsubscribe(engine: Engine, channel_id: str, now: datetime) -> bool:
    """Unsubscribe a channel and cancel its pending reminders; False if it was not subscribed."""
    with engine.begin() as connection:
        removed = connection.execute(
            delete(subscriptions).where(subscriptions.c.channel_id == channel_id)
        ).rowcount
        connection.execute(
            update(reminders)
            .where(reminders.c.channel_id == channel_id, reminders.c.status == PENDING)
            .values(status=CANCELLED, last_error="channel unsubscribed", updated_at=now)
        )
        return bool(removed)


def subscribed_channels(engine: Engine) -> tuple[str, ...]:
    """Every subscribed channel id, sorted."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(subscriptions.c.channel_id).order_by(subscriptions.c.channel_id)
        )
        return tuple(row[0] for row in rows)


# -- planning --------------------------------------------------------------------------------


def record_plan(engine: Engine, planned: Sequence[PlannedReminder], now: datetime) -> PlanChanges:
    """Make the ledger match a plan: add new rows, rewrite and cancel only pending ones.

    Safe to run from several processes at once: inserts ignore existing ids, and every rewrite
    is conditional on the row still being pending (or cancelled, so a channel that subscribes
    again gets its reminders back). Sent, sending, failed and expired rows are never touched.
    Pending rows missing from the plan are cancelled (event, rule or subscription removed),
    unless their window has closed, in which case the dispatcher marks them expired and
    reports them.
    """
    wanted = {reminder.id: reminder for reminder in planned}
    added = updated = cancelled = 0
    with engine.begin() as connection:
        existing = {
            row.id: row
            for row in map(
                _row,
                connection.execute(
                    select(reminders).where(reminders.c.status.in_((PENDING, CANCELLED)))
                ),
            )
        }
        known: set[str] = set(connection.execute(select(reminders.c.id)).scalars())
        new_rows = [
            {
                "id": r.id,
                "event_id": r.event_id,
                "days_before": r.days_before,
                "channel_id": r.channel_id,
                "due_at": r.due_at,
                "expires_at": r.expires_at,
                "text": r.text,
                "blocks_json": r.blocks_json,
                "status": PENDING,
                "attempts": 0,
                "updated_at": now,
            }
            for r in planned
            if r.id not in known
        ]
        if new_rows:
            # Another planner may insert the same ids meanwhile: RETURNING counts only ours.
            inserted = connection.execute(
                _insert_ignoring_duplicates(connection, reminders).returning(reminders.c.id),
                new_rows,
            )
            added = len(inserted.all())
        for row in existing.values():
            target = wanted.get(row.id)
            if target is None:
                if row.status == PENDING and row.expires_at > now:
                    cancelled += connection.execute(
                        update(reminders)
                        .where(reminders.c.id == row.id, reminders.c.status == PENDING)
                        .values(status=CANCELLED, last_error="no longer planned", updated_at=now)
                    ).rowcount
                continue
            same = (
                row.status == PENDING
                and row.due_at == target.due_at
                and row.expires_at == target.expires_at
                and row.text == target.text
                and row.blocks_json == target.blocks_json
            )
            if same:
                continue
            updated += connection.execute(
                update(reminders)
                .where(reminders.c.id == row.id, reminders.c.status.in_((PENDING, CANCELLED)))
                .values(
                    due_at=target.due_at,
                    expires_at=target.expires_at,
                    text=target.text,
                    blocks_json=target.blocks_json,
                    status=PENDING,
                    next_attempt_at=None,
                    last_error=None,
                    updated_at=now,
                )
            ).rowcount
    return PlanChanges(added=added, updated=updated, cancelled=cancelled)


# -- dispatching -----------------------------------------------------------------------------


def expire_overdue(engine: Engine, now: datetime) -> list[ReminderRow]:
    """Mark pending rows whose useful window closed as expired; return them for reporting."""
    with engine.begin() as connection:
        rows = [
            _row(r)
            for r in connection.execute(
                update(reminders)
                .where(reminders.c.status == PENDING, reminders.c.expires_at <= now)
                .values(status=EXPIRED, last_error="window closed before it was posted")
                .values(updated_at=now)
                .returning(*reminders.c)
            )
        ]
    return rows


def _due(now: datetime) -> Any:
    return and_(
        reminders.c.status == PENDING,
        reminders.c.due_at <= now,
        reminders.c.expires_at > now,
        func.coalesce(reminders.c.next_attempt_at, reminders.c.due_at) <= now,
    )


_in_flight = reminders.alias("in_flight")


def _channel_free(channel: Any, now: datetime) -> Any:
    """No row of the channel is sending under a claim that has not lapsed (nor due a check)."""
    return ~(
        select(_in_flight.c.id)
        .where(
            _in_flight.c.channel_id == channel,
            _in_flight.c.status == SENDING,
            _in_flight.c.next_attempt_at > now,
        )
        .exists()
    )


def claim_due(
    engine: Engine, now: datetime, worker: str, limit: int, lease: timedelta
) -> list[ReminderRow]:
    """Atomically take up to `limit` due rows, at most one per free channel, for `worker`.

    `now` must be read just before the call: the claim is trusted until `now + lease`.
    """
    with engine.begin() as connection:
        ready = (
            select(subscriptions.c.channel_id)
            .where(
                or_(subscriptions.c.next_post_at.is_(None), subscriptions.c.next_post_at <= now),
                select(reminders.c.id)
                .where(reminders.c.channel_id == subscriptions.c.channel_id, _due(now))
                .exists(),
                _channel_free(subscriptions.c.channel_id, now),
            )
            .order_by(subscriptions.c.next_post_at.nulls_first(), subscriptions.c.channel_id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=subscriptions)
        )
        channels = [row[0] for row in connection.execute(ready)]
        claimed: list[ReminderRow] = []
        for channel in channels:
            earliest = (
                select(reminders.c.id)
                .where(reminders.c.channel_id == channel, _due(now))
                .order_by(reminders.c.due_at, reminders.c.id)
                .limit(1)
                .scalar_subquery()
            )
            # Checked again now that the channel is locked: on PostgreSQL the statement above
            # may have read the channel's rows before another clock's claim committed.
            row = connection.execute(
                update(reminders)
                .where(
                    reminders.c.id == earliest,
                    reminders.c.status == PENDING,
                    _channel_free(channel, now),
                )
                .values(
                    status=SENDING,
                    claimed_by=worker,
                    claimed_at=now,
                    attempts=reminders.c.attempts + 1,
                    next_attempt_at=now + lease,
                    updated_at=now,
                )
                .returning(*reminders.c)
            ).first()
            if row is not None:
                claimed.append(_row(row))
    return claimed


def next_ready_at(engine: Engine, now: datetime) -> datetime | None:
    """The earliest instant at which another pending, still-useful row may become claimable."""
    row_ready = func.coalesce(reminders.c.next_attempt_at, reminders.c.due_at)
    with engine.connect() as connection:
        paced = connection.execute(
            select(func.min(subscriptions.c.next_post_at)).where(
                subscriptions.c.next_post_at > now,
                select(reminders.c.id)
                .where(reminders.c.channel_id == subscriptions.c.channel_id, _due(now))
                .exists(),
            )
        ).scalar()
        waiting = connection.execute(
            select(func.min(row_ready)).where(
                reminders.c.status == PENDING, reminders.c.expires_at > now, row_ready > now
            )
        ).scalar()
    moments = [m for m in (_utc(paced), _utc(waiting)) if m is not None]
    return min(moments) if moments else None


def _pause_channel(connection: Connection, channel_id: str, until: datetime) -> None:
    """No post to the channel before `until`; a longer pause already set (Retry-After) stays."""
    later = subscriptions.c.next_post_at.is_(None) | (subscriptions.c.next_post_at < until)
    connection.execute(
        update(subscriptions)
        .where(subscriptions.c.channel_id == channel_id)
        .values(next_post_at=case((later, until), else_=subscriptions.c.next_post_at))
    )


def _held(row: ReminderRow, worker: str) -> Any:
    """The row, while it is sending under the claim `row` was read with, by this worker.

    The claim's time tells two claims by one worker apart: a reconciliation that outlived
    its lease must not settle the row after the same process has claimed it again to post.
    """
    return and_(
        reminders.c.id == row.id,
        reminders.c.status == SENDING,
        reminders.c.claimed_by == worker,
        reminders.c.claimed_at == row.claimed_at,
    )


def _settle(
    engine: Engine, row: ReminderRow, worker: str, pause_until: datetime, **values: Any
) -> bool:
    """Update a row this worker still holds as sending; False if the claim was lost."""
    with engine.begin() as connection:
        done = connection.execute(
            update(reminders).where(_held(row, worker)).values(**values)
        ).rowcount
        _pause_channel(connection, row.channel_id, pause_until)
        return bool(done)


def mark_sent(engine: Engine, row: ReminderRow, worker: str, ts: str, now: datetime) -> bool:
    """Record the post; False if the claim was lost (another worker reconciled it)."""
    return _settle(
        engine,
        row,
        worker,
        now + PACE,
        status=SENT,
        slack_ts=ts,
        next_attempt_at=None,
        last_error=None,
        updated_at=now,
    )


def release(
    engine: Engine,
    row: ReminderRow,
    worker: str,
    now: datetime,
    retry_at: datetime,
    error: str,
    channel_pause_until: datetime | None = None,
    *,
    attempted: bool = True,
) -> bool:
    """Give a claimed row back as pending, to be tried again at `retry_at`. A claim Slack only
    asked to wait with (`attempted=False`: a 429) gives its attempt back: a reminder is given
    up only after attempts that said something against the post, never for being told "later"."""
    return _settle(
        engine,
        row,
        worker,
        channel_pause_until or now + PACE,
        status=PENDING,
        next_attempt_at=retry_at,
        last_error=error,
        updated_at=now,
        **({} if attempted else {"attempts": reminders.c.attempts - 1}),
    )


def keep_sending(
    engine: Engine, row: ReminderRow, worker: str, now: datetime, check_at: datetime, error: str
) -> bool:
    """Leave a row whose post may have reached Slack as sending, to reconcile at `check_at`.

    Its channel stays busy until then: a post that got no answer may still arrive.
    """
    return _settle(
        engine, row, worker, now + PACE, next_attempt_at=check_at, last_error=error, updated_at=now
    )


def mark_failed(engine: Engine, row: ReminderRow, worker: str, now: datetime, error: str) -> bool:
    """Record a permanent failure with its reason; False if the claim was lost."""
    return _settle(
        engine,
        row,
        worker,
        now + PACE,
        status=FAILED,
        next_attempt_at=None,
        last_error=error,
        updated_at=now,
    )


def claim_unsettled(
    engine: Engine, now: datetime, worker: str, lease: timedelta, limit: int = 1
) -> list[ReminderRow]:
    """Take over `sending` rows of unknown outcome whose reconciliation time has come, once each.

    The outcome is unknown after a crash or a lost response; each row goes to exactly one worker.
    `now` must be read just before the call, and `limit` kept to what is checked at once: each
    claim is trusted until `now + lease`, and the check must finish inside it.
    """
    with engine.begin() as connection:
        candidates = [
            row[0]
            for row in connection.execute(
                select(reminders.c.id)
                .where(reminders.c.status == SENDING, reminders.c.next_attempt_at <= now)
                .order_by(reminders.c.next_attempt_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ]
        taken: list[ReminderRow] = []
        for reminder_id in candidates:
            row = connection.execute(
                update(reminders)
                .where(
                    reminders.c.id == reminder_id,
                    reminders.c.status == SENDING,
                    reminders.c.next_attempt_at <= now,
                )
                .values(claimed_by=worker, claimed_at=now, next_attempt_at=now + lease)
                .values(updated_at=now)
                .returning(*reminders.c)
            ).first()
            if row is not None:
                taken.append(_row(row))
        return taken


def settle_not_posted(
    engine: Engine, row: ReminderRow, worker: str, now: datetime, give_up_after: int
) -> str | None:
    """After reconciliation found no post: back to pending, or expired/failed.

    The new status, or None if the claim was lost meanwhile (and the row left as it was).
    """
    if row.expires_at <= now:
        status, error = EXPIRED, "window closed before it could be posted"
    elif row.attempts >= give_up_after:
        status, error = FAILED, f"not posted after {row.attempts} attempts: {row.last_error}"
    else:
        status, error = PENDING, f"not found in channel history after: {row.last_error}"
    with engine.begin() as connection:
        done = connection.execute(
            update(reminders)
            .where(_held(row, worker))
            .values(status=status, next_attempt_at=now, last_error=error, updated_at=now)
        ).rowcount
    return status if done else None


# -- reading ---------------------------------------------------------------------------------


def reminders_by_status(
    engine: Engine, statuses: Iterable[str] = STATUSES, channel_id: str | None = None
) -> list[ReminderRow]:
    """Rows in the given states, optionally for one channel, by due time."""
    query = select(reminders).where(reminders.c.status.in_(tuple(statuses)))
    if channel_id is not None:
        query = query.where(reminders.c.channel_id == channel_id)
    with engine.connect() as connection:
        return [_row(r) for r in connection.execute(query.order_by(reminders.c.due_at, "id"))]


def status_counts(engine: Engine) -> dict[str, int]:
    """How many rows are in each state (every state listed, zeros included)."""
    counts = dict.fromkeys(STATUSES, 0)
    with engine.connect() as connection:
        query = select(reminders.c.status, func.count()).group_by(reminders.c.status)
        for row in connection.execute(query):
            counts[str(row[0])] = int(row[1])
    return counts


def replan(engine: Engine, events: Iterable[Event], now: datetime) -> PlanChanges:
    """Plan every event for every subscribed channel and record it (idempotent)."""
    return record_plan(engine, plan_reminders(events, subscribed_channels(engine), now), now)
