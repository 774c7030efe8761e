"""Rows written before every table kept Slack user ids only as a keyed hash, brought in line."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import Engine, delete, select, update

from bot.store.tables import handled_events, subscriptions

# What the keyed hash looks like (hex HMAC-SHA256); anything else in a user column is a raw id.
_HASHED = re.compile(r"^[0-9a-f]{64}$")


def hash_earlier_user_ids(engine: Engine, user_hash: Callable[[str], str]) -> int:
    """Replace raw user ids left by older versions with `user_hash(id)`; how many rows changed.

    Channel subscriptions stored who subscribed as a raw id, and the record of shares already
    posted (`share:<action_ts>:<user>`, kept a day) did too. Running it again changes nothing.
    """
    changed = 0
    with engine.begin() as connection:
        rows = connection.execute(
            select(subscriptions.c.channel_id, subscriptions.c.subscribed_by).where(
                subscriptions.c.subscribed_by.is_not(None)
            )
        ).all()
        for channel_id, user_id in rows:
            if not _HASHED.match(str(user_id)):
                connection.execute(
                    update(subscriptions)
                    .where(subscriptions.c.channel_id == channel_id)
                    .values(subscribed_by=user_hash(str(user_id)))
                )
                changed += 1
        shares = [
            str(row.key)
            for row in connection.execute(
                select(handled_events.c.key).where(handled_events.c.key.like("share:%"))
            ).all()
        ]
        raw = [key for key in shares if not _HASHED.match(key.rsplit(":", 1)[-1])]
        for key in raw:
            # Only a replayed click within the day would have matched it: the row can go.
            connection.execute(delete(handled_events).where(handled_events.c.key == key))
        changed += len(raw)
    return changed
