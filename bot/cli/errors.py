"""The error a command raises for a user mistake: printed as one line, no traceback."""


class CliError(Exception):
    """A user mistake, such as a missing file or a malformed option."""
