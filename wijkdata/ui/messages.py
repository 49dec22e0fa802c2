"""Messages that must survive a rerun: said in a callback, or just before ``st.rerun()``, and shown
on the next run at the place they belong. Every such message goes through here.

``tell(place, text, kind)`` keeps one message per place; ``show(place)`` draws it and forgets it;
``take(place)`` hands it over for a place that draws it in its own way (a note box). Places are
short names: "pagina" (a callback's failure, at the top of the page), "upload", "geschiedenis",
"indicatoren", "gesprek_start", "gesprek_bewegen", or a note box's key. ``text`` is markdown:
text a user or a file brought must already be made inert (``plain``)."""

from __future__ import annotations

import streamlit as st

_KEY = "berichten"
_DRAW = {"success": st.success, "error": st.error, "info": st.info, "warning": st.warning}
ICONS = {"error": ":material/error:"}


def tell(place: str, text: str, kind: str = "success") -> None:
    told = dict(st.session_state.get(_KEY) or {})
    told[place] = (kind, text)
    st.session_state[_KEY] = told


def take(place: str) -> tuple[str, str] | None:
    """The message for ``place`` as (kind, text), forgotten here; None when there is none."""
    told = dict(st.session_state.get(_KEY) or {})
    found = told.pop(place, None)
    if found is not None:
        st.session_state[_KEY] = told
    return found


def show(place: str) -> None:
    if found := take(place):
        kind, text = found
        _DRAW[kind](text, icon=ICONS.get(kind))
