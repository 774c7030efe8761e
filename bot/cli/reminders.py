"""`k17 clock`, `k17 reminders plan` and `k17 reminders status`."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime
from typing import Any

from bot.cli.errors import CliError
from bot.cli.moments import parse_now
from bot.config import Settings, configure_logging, environment
from bot.core.events import load_events
from bot.core.reminders import plan_reminders
from bot.errors import UnavailableError

_DATE_TOKEN = re.compile(r"<!date\^\d+\^[^|>]*\|([^>]*)>")
_LINK = re.compile(r"<(https?://[^|>]+)(?:\|[^>]*)?>")


def register(commands: Any) -> None:
    """Add `clock` and `reminders` to the parser."""
    clock = commands.add_parser("clock", help="run the reminder clock (the Procfile's clock:)")
    clock.add_argument(
        "--post-timeout",
        type=int,
        default=15,
        metavar="SECONDS",
        help="Slack call timeout; an unsettled post is reconciled after twice this plus 10 s",
    )
    clock.set_defaults(run=run_clock)

    reminders = commands.add_parser("reminders", help="show the reminder schedule and ledger")
    actions = reminders.add_subparsers(dest="action", required=True, metavar="ACTION")
    plan = actions.add_parser("plan", help="the reminders planned as of a date (changes nothing)")
    plan.add_argument(
        "--now",
        help="plan as of this date (midday UTC) or time (ISO 8601, UTC unless it has an offset)",
    )
    plan.add_argument(
        "--channel", action="append", default=[], help="plan for this channel id (repeatable)"
    )
    plan.set_defaults(run=run_plan)
    status = actions.add_parser("status", help="pending, sent, failed and expired reminders")
    status.add_argument("--limit", type=int, default=20, help="rows shown per state (default 20)")
    status.set_defaults(run=run_status)


def _plan_moment(raw: str | None) -> datetime:
    """`--now` for a plan, in UTC: a date (midday UTC) or a time; the present without one."""
    if not raw:
        return datetime.now(UTC)
    try:
        return parse_now(raw).astimezone(UTC)
    except argparse.ArgumentTypeError as error:
        raise CliError(f"--now {error}") from None


def as_terminal_text(mrkdwn: str) -> str:
    """Slack markup as a terminal shows it: date tokens as their fallback, bare links."""
    text = _DATE_TOKEN.sub(lambda m: m.group(1), mrkdwn)
    return _LINK.sub(lambda m: m.group(1), text).replace("&lt;", "<").replace("&gt;", ">")


def run_clock(args: argparse.Namespace) -> int:
    """Run the clock process until SIGTERM."""
    from bot.clock import run_clock as run

    settings = Settings.from_env(environment())
    configure_logging(settings.log_level)
    if not settings.has_slack_credentials:
        raise CliError(
            "k17 clock posts reminders to Slack: set SLACK_BOT_TOKEN "
            "(and SLACK_API_URL to post to a stand-in instead)"
        )
    if args.post_timeout < 1:
        raise CliError("--post-timeout must be at least 1 second")
    from sqlalchemy.exc import DBAPIError

    from bot.store.db import database_problem

    try:
        run(settings, post_timeout=args.post_timeout)
    except DBAPIError as error:  # the schema could not be created: no database to sweep
        raise UnavailableError(database_problem(settings.database_url, error)) from None
    return 0


def run_plan(args: argparse.Namespace) -> int:
    """Print the schedule as of --now, for --channel or the subscribed channels."""
    settings = Settings.from_env(environment())
    now = _plan_moment(args.now)
    events = load_events(settings.knowledge_dir / "events.yaml")
    channels = list(args.channel)
    for channel in channels:
        if channel[:1] not in ("C", "G") or not channel.isalnum():
            raise CliError(f"--channel {channel!r} is not a channel id like C0123ABCD")
    if not channels:
        from bot.store import reminders as ledger
        from bot.store.db import open_database

        engine = open_database(settings.database_url)
        channels = sorted(set(ledger.subscribed_channels(engine)) | set(settings.reminder_channels))
        engine.dispose()
    shown = channels or ["CHANNEL"]
    planned = plan_reminders(events, shown, now)
    print(f"Reminders as of {now:%Y-%m-%d %H:%M} UTC for {', '.join(shown)}")
    if not channels:
        print("(no channel is subscribed yet: `/k17 remind here` or K17_REMINDER_CHANNELS)")
    if not planned:
        print("Nothing to post: every event's reminders are in the past.")
        return 0
    zones = {event.id: event.zone for event in events}
    for reminder in planned:
        local = reminder.due_at.astimezone(zones[reminder.event_id])
        state = "due now, still useful" if reminder.due_at <= now else "scheduled"
        print(
            f"\n{reminder.due_at:%Y-%m-%d %H:%M} UTC ({local:%a %b %d %H:%M %Z})  "
            f"{reminder.channel_id}  {reminder.id}  [{state}; useful until "
            f"{reminder.expires_at:%Y-%m-%d %H:%M} UTC]"
        )
        print(f"    {as_terminal_text(reminder.text)}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    """Print how many reminders are in each state, and the rows of each."""
    # The database layer loads only for the commands that use it: `k17 ask` starts faster.
    from bot.store import reminders as ledger
    from bot.store.db import open_database

    settings = Settings.from_env(environment())
    engine = open_database(settings.database_url)
    counts = ledger.status_counts(engine)
    print("  ".join(f"{status}={count}" for status, count in counts.items()))
    for status in ledger.STATUSES:
        rows = ledger.reminders_by_status(engine, (status,))
        if not rows:
            continue
        print(f"\n{status} ({len(rows)}):")
        for row in rows[: args.limit]:
            detail = f"ts={row.slack_ts}" if row.slack_ts else (row.last_error or "")
            print(f"  {row.due_at:%Y-%m-%d %H:%M} UTC  {row.id}  attempts={row.attempts}  {detail}")
        if len(rows) > args.limit:
            print(f"  … and {len(rows) - args.limit} more")
    engine.dispose()
    return 0
