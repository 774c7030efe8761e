"""Every table k17 stores, declared on the shared MetaData."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, Text

from bot.store.db import metadata

# Slack delivers events at least once: a row per event id and per (channel, ts) answered.
handled_events = Table(
    "handled_events",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# Reminders: the source of truth for what is posted, one row per (event, offset, channel).
reminders = Table(
    "reminders",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("event_id", String(100), nullable=False),
    Column("days_before", Integer, nullable=False),
    Column("channel_id", String(50), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("text", Text, nullable=False),
    Column("blocks_json", Text, nullable=False),
    Column("status", String(20), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True), nullable=True),
    Column("claimed_by", String(100), nullable=True),
    Column("claimed_at", DateTime(timezone=True), nullable=True),
    Column("slack_ts", String(50), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_reminders_status_due", "status", "due_at"),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("channel_id", String(50), primary_key=True),
    Column("subscribed_at", DateTime(timezone=True), nullable=False),
    Column("subscribed_by", String(100), nullable=True),
)
