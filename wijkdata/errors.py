"""The one kind of error a user reads: ``UserError(message, hint)``.

``message`` says in Dutch what is wrong (naming a file's row or column where it can), ``hint`` how to
go on. Every error meant for the screen or the command line subclasses it (a file that cannot be
read, a write the database or a role refuses, a wrong user list, a conversation write that cannot
be done, a measurement that cannot run), so one handler (``wijkdata.ui.errors``) shows all of them
and logs everything else as unexpected.
"""

from __future__ import annotations


class UserError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()
