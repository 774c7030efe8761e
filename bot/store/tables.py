"""Every table k17 stores, declared on the shared MetaData."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

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
    Index("ix_reminders_channel_status", "channel_id", "status"),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("channel_id", String(50), primary_key=True),
    Column("subscribed_at", DateTime(timezone=True), nullable=False),
    Column("subscribed_by", String(100), nullable=True),
    # Pacing: no post to this channel before this instant (1 s after the last post, or Slack's
    # Retry-After); it only ever moves later. Locking this row is how one dispatcher claims for
    # the channel at a time.
    Column("next_post_at", DateTime(timezone=True), nullable=True),
)

# The question log: every question asked on any surface and what k17 did with it. The asker is
# kept only as a keyed hash, and `text` is set to NULL once it is older than the retention limit.
questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("asked_at", DateTime(timezone=True), nullable=False),
    Column("surface", String(20), nullable=False),
    Column("user_hash", String(64), nullable=False),
    Column("text", Text, nullable=True),
    Column("outcome", String(20), nullable=False),
    Column("reason", String(40), nullable=True),
    Column("entry_id", String(200), nullable=True),
    Column("score", Float, nullable=False),
    Column("candidate_ids", Text, nullable=False, default=""),
    Index("ix_questions_asked_at", "asked_at"),
)

# Question ids handed out ahead of their rows, a block at a time per process: an answer's
# buttons carry the id while the row is still on its way to the database.
question_ids = Table(
    "question_ids",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("next_id", Integer, nullable=False),
)

# 👍 / 👎 on an answer: one vote per user and answer (the question and the entry shown for it).
feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Integer, ForeignKey("questions.id"), nullable=False),
    Column("entry_id", String(200), nullable=False),
    Column("user_hash", String(64), nullable=False),
    Column("vote", String(10), nullable=False),
    Column("voted_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("question_id", "entry_id", "user_hash", name="uq_feedback_once"),
)

# "Did you mean" answers: the candidate a user chose, or NULL for "None of these".
choices = Table(
    "choices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Integer, ForeignKey("questions.id"), nullable=False),
    Column("user_hash", String(64), nullable=False),
    Column("entry_id", String(200), nullable=True),
    Column("chosen_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("question_id", "user_hash", name="uq_choices_once"),
)
