"""Errors about what k17 needs but cannot use (a database, Slack, a generated model): one
line, no traceback."""


class UnavailableError(Exception):
    """Something k17 needs (its database, Slack) cannot be reached or written: which, and why."""


class GeneratedFileError(Exception):
    """A file the matcher generates and ships (its fitted model, its English word list) is
    missing, unreadable or made for another version of it: which, and the command remaking it."""
