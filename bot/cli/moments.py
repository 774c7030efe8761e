"""`--now`: the moment a command answers or plans as of, given as an ISO date or time."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime

# A bare date means that day wherever the reader is: midday UTC is the same calendar day from
# Hawaii to New Zealand, so "closes in 5 days" is counted from that day for everyone.
BARE_DATE_HOUR = 12


def parse_now(value: str) -> datetime:
    """An ISO date (at midday UTC) or time (UTC unless it carries an offset), for every command."""
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
        moment = moment.replace(hour=BARE_DATE_HOUR)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
