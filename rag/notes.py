"""Notes: things a user should know that are not errors (a file read with a few bytes replaced).

Library code calls `note()`; it goes to the ``rag.notes`` logger, so the Python API prints it as
the caller configures logging (Python's default shows it on stderr), while the command line shows
each note as one line ``note: ...`` on stderr (`show_on_stderr`).
"""
from __future__ import annotations

import logging
import sys

LOGGER = logging.getLogger("rag.notes")


def note(message: str) -> None:
    """Report one line to whoever listens (the CLI prints it as ``note: MESSAGE``)."""
    LOGGER.warning(message)


class _StderrHandler(logging.Handler):
    """Writes to the sys.stderr of the moment (tests and servers swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            print(f"note: {record.getMessage()}", file=sys.stderr, flush=True)
        except Exception:  # a note must never break the work it describes
            self.handleError(record)


def show_on_stderr() -> None:
    """Print notes as ``note: ...`` lines on stderr (once, however often it is called)."""
    if not any(isinstance(h, _StderrHandler) for h in LOGGER.handlers):
        LOGGER.addHandler(_StderrHandler())
    LOGGER.propagate = False
