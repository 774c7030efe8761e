"""Errors about what k17 needs but cannot use (a database, Slack, a generated model): one
line, no traceback."""


class UnavailableError(Exception):
    """Something k17 needs (its database, Slack) cannot be reached or written: which, and why."""


class FittedModelError(Exception):
    """The matcher's generated model file is missing, unreadable or fitted for other features."""
