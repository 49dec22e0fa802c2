"""No traceback ever reaches a user: a Dutch sentence instead, and the details in the server log.

Three places can fail: the page itself (``page_guard`` around ``page.run()`` in app.py), a widget
callback, which Streamlit runs before app.py (``safely``), and a fragment, which reruns without
app.py (``page_guard`` inside it). Streamlit's own rerun/stop signals are BaseExceptions and pass.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from contextlib import contextmanager

import streamlit as st

from wijkdata.errors import UserError
from wijkdata.ui import messages
from wijkdata.ui.format import plain

log = logging.getLogger("wijkdata")
# The page tests set this, so that an unexpected error fails the test instead of becoming a polite box.
RAISE_UNEXPECTED = False


def dutch_message(exc: Exception) -> str:
    """What the user reads about an exception: a UserError's own sentence, else a general one."""
    if isinstance(exc, UserError):
        return str(exc)
    stamp = dt.datetime.now().strftime("%d-%m-%Y %H:%M:%S")
    return ("Er ging iets mis bij het tonen van dit onderdeel. Wat al was opgeslagen, is bewaard. "
            "Herlaad de pagina (F5) en probeer het opnieuw. Gebeurt het weer, meld dan aan de beheerder "
            f"het tijdstip {stamp}; de details staan in het logboek van de server.")


def report(exc: Exception) -> str:
    if not isinstance(exc, UserError):
        if RAISE_UNEXPECTED:
            raise exc
        log.exception("Onverwachte fout")  # full traceback for the administrator, not the screen
    return dutch_message(exc)


@contextmanager
def page_guard(show_pending: bool = True):
    """Runs a page (or fragment); an exception becomes a Dutch error box instead of a traceback.
    With ``show_pending``, a failed callback of this run is told first."""
    if show_pending:
        messages.show("pagina")
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the whole point: nothing raw reaches the screen
        # a message can quote a file's headers or name a file: shown as text, never as markdown
        st.error(plain(report(exc)), icon=":material/error:")


def safely(callback):
    """Wraps a widget callback so that a failure is told in Dutch at the top of the next run.
    What the user typed stays in the widget's state, so a failed save loses nothing on screen."""
    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            messages.tell("pagina", plain(report(exc)), "error")
    return run
