"""`--now`: the moment a command answers or plans as of, given as an ISO date or time."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime


def parse_now(value: str, bare_date_hour: int = 0) -> datetime:
    """An ISO date (at `bare_date_hour` UTC) or time (UTC unless it carries an offset)."""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO date or time like 2017-08-10 or 2017-08-10T09:00-05:00"
        ) from None
    try:
        date.fromisoformat(text)
    except ValueError:
        pass
    else:
        moment = moment.replace(hour=bare_date_hour)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
