"""Errors of reading and checking a file (a kind of wijkdata.errors.UserError)."""

from __future__ import annotations

from wijkdata.errors import UserError


class IngestError(UserError):
    """A file cannot be read, mapped or checked. ``message`` says what, ``hint`` how to fix it."""


class LimitExceeded(IngestError):
    """The file is larger than the reader takes on (rows, columns, cells, line length): the reader
    stops at once instead of, say, trying the next sheet of a workbook."""
