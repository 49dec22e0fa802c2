"""Errors from the store, as Dutch sentences a user can act on.

Database trouble (a read-only file, a full disk, a lock held too long) reaches the user as a
StoreError with a sentence instead of a driver traceback. The engine translates it where
SQLAlchemy reports it (``handle_error``), so every write path is covered, not only the import.
"""

from __future__ import annotations

from wijkdata.errors import UserError


class StoreError(UserError):
    """A write or read the store cannot do, told in Dutch (message is the sentence)."""


NOTHING_LOST = "Er is niets half opgeslagen: wat al bewaard was, staat er nog."

# (words in the driver's message, lower case) -> what the user is told
_DRIVER_MESSAGES = [
    (("readonly", "read-only", "read only"),
     "De database kan niet worden beschreven: het bestand is alleen-lezen. Vraag de beheerder om "
     "schrijfrechten op het databasebestand (WIJKDATA_DB_URL) en probeer het daarna opnieuw."),
    (("disk is full", "disk full", "no space left", "diskfull"),
     "De schijf van de server is vol, dus er kon niets worden opgeslagen. Vraag de beheerder om ruimte "
     "vrij te maken en probeer het daarna opnieuw."),
    (("database is locked", "lock timeout", "could not obtain lock", "deadlock"),
     "De database is bezet door een andere bewerking. Wacht een paar seconden en probeer het opnieuw."),
    (("unable to open database", "could not connect", "connection refused", "server closed the connection"),
     "De database is niet bereikbaar. Vraag de beheerder of de database draait en of WIJKDATA_DB_URL klopt."),
    (("disk i/o error", "input/output error", "i/o error"),
     "De server kon niet op de schijf schrijven (een schijffout, of een schijf die alleen gelezen mag worden). "
     "Vraag de beheerder de schijf en de rechten op het databasebestand te controleren."),
    (("malformed", "not a database", "file is encrypted"),
     "Het databasebestand is beschadigd of is geen database. Vraag de beheerder een reservekopie terug te zetten."),
]


def translate_driver_error(exc: BaseException) -> StoreError | None:
    """The Dutch StoreError for a database driver error, or None when it is not one we know."""
    text = str(exc).lower()
    for words, sentence in _DRIVER_MESSAGES:
        if any(w in text for w in words):
            return StoreError(f"{sentence} {NOTHING_LOST}")
    return None
