"""One exception family for every failure a user can cause.

The CLI prints these as a single line on stderr and exits with ``exit_code``; anything
else escaping the pipeline is a bug and is allowed to show a traceback.
"""

from __future__ import annotations


class RewriteError(Exception):
    """A failure the user can understand and fix; ``str()`` is the one-line message."""

    exit_code: int = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(RewriteError):
    """The input cannot be read or is not an article we can work on."""

    exit_code = 2


class UsageError(RewriteError):
    """Options that contradict each other or name something that does not exist."""

    exit_code = 2


class OutputError(RewriteError):
    """The result cannot be written where asked (exists, is the input, not writable)."""

    exit_code = 1


class ModelError(RewriteError):
    """A model cannot be found, fetched, or loaded."""

    exit_code = 4


class UnsupportedContentError(RewriteError):
    """``--strict`` found statements in the output that the source does not support."""

    exit_code = 3
