"""The error for a database or Slack that k17 cannot reach: one line, no traceback."""


class UnavailableError(Exception):
    """Something k17 needs (its database, Slack) cannot be reached or written: which, and why."""
