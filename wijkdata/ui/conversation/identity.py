"""Who writes: chosen per browser, never carried by a link.

A browser gets a random author id the first time it opens the Gesprek page, kept in a cookie of
this site only; a reload or a restart of the app keeps writing the same notes. The name someone
writes under is typed once and kept in that browser too. A link shared with a colleague carries
neither, so she never becomes the same author.
"""

from __future__ import annotations

import json
import uuid
from urllib.parse import quote, unquote

import streamlit as st

from wijkdata.ui.conversation import keys

ID_COOKIE = "wijkdata_auteur"
NAME_COOKIE = "wijkdata_naam"
YEAR = 365 * 24 * 3600


def _cookie(name: str) -> str:
    try:
        value = st.context.cookies.get(name)
    except Exception:  # noqa: BLE001 - no request behind this run: no cookie
        return ""
    return unquote(value) if isinstance(value, str) else ""  # AppTest hands a stand-in object


def _remember(values: dict[str, str]) -> None:
    """Writes cookies in this browser (a zero-height frame of our own; nothing is fetched)."""
    lines = "".join(f"doc.cookie = {json.dumps(f'{k}={quote(v)}; path=/; max-age={YEAR}; SameSite=Strict')};"
                    for k, v in values.items())
    st.iframe(f"<script>const doc = window.parent.document; {lines}</script>", height=1)


def author_id() -> str:
    """This browser's author id (made and remembered on its first visit)."""
    if keys.AUTHOR not in st.session_state:
        given = _cookie(ID_COOKIE)
        st.session_state[keys.AUTHOR] = given if given.isalnum() and len(given) <= 32 else uuid.uuid4().hex[:16]
    if _cookie(ID_COOKIE) != st.session_state[keys.AUTHOR]:
        # on every run, not once: a frame drawn once can be gone with the next run before its script ran
        _remember({ID_COOKIE: st.session_state[keys.AUTHOR]})
    return st.session_state[keys.AUTHOR]


def author_name() -> str:
    return st.session_state.get(keys.AUTHOR_NAME, "").strip()


def name_field() -> None:
    """'Ik schrijf als': the name under this browser's notes, remembered in this browser."""
    st.session_state.setdefault(keys.AUTHOR_NAME, _cookie(NAME_COOKIE)[:80])
    st.text_input("Ik schrijf als", key=keys.AUTHOR_NAME, max_chars=80, placeholder="Uw naam (optioneel)",
                  help="Staat bij uw notities. Deze browser onthoudt hem; een gedeelde link neemt hem niet mee.")
    if author_name() != _cookie(NAME_COOKIE):
        _remember({NAME_COOKIE: author_name()})
