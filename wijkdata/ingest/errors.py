"""The one exception type that carries a Dutch message to the user."""

from __future__ import annotations


class IngestError(Exception):
    """A file cannot be read as a table at all. ``message`` says what, ``hint`` how to fix it."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class LimitExceeded(IngestError):
    """The file is larger than the reader takes on (rows, columns, cells, line length): the reader
    stops at once instead of, say, trying the next sheet of a workbook."""
