"""One kind of error a user reads: every user-facing error is a UserError, and the one handler
shows its sentence (with the hint) and logs only what is unexpected."""

import logging

import pytest

from wijkdata.access import AccessConfigError, AccessDenied
from wijkdata.bench import BenchError
from wijkdata.catalog import CatalogError
from wijkdata.conversation.library import LibraryError
from wijkdata.errors import UserError
from wijkdata.ingest import IngestError
from wijkdata.ingest.errors import LimitExceeded
from wijkdata.store import StoreError
from wijkdata.store.conversations import ConversationError
from wijkdata.ui import errors


@pytest.mark.parametrize("kind", [IngestError, LimitExceeded, StoreError, AccessDenied, AccessConfigError, BenchError,
                                  ConversationError, CatalogError, LibraryError])
def test_every_user_facing_error_is_told_in_its_own_words_and_not_logged(kind, caplog):
    exc = kind("De afspraak is te lang.", "Maak hem korter dan 300 tekens.")
    assert isinstance(exc, UserError)
    with caplog.at_level(logging.ERROR, logger="wijkdata"):
        told = errors.report(exc)
    assert told == "De afspraak is te lang. Maak hem korter dan 300 tekens." and not caplog.records


def test_an_unexpected_error_is_logged_with_its_traceback_and_told_in_general_words(caplog):
    with caplog.at_level(logging.ERROR, logger="wijkdata"):
        try:
            raise KeyError("kolom_die_er_niet_is")
        except KeyError as exc:
            told = errors.report(exc)
    assert "Herlaad de pagina (F5)" in told and "kolom_die_er_niet_is" not in told
    assert caplog.records and caplog.records[0].exc_info
