"""Selections in the URL: a copied link opens the same team, indicator, peer group and period.

On the first run of a session the URL fills the widgets' session state; after that the widgets
lead and every run writes their values back into the URL.
"""

from __future__ import annotations

from typing import Callable

import streamlit as st

_DONE = "_url_restored"


def restore_from_url(params: dict[str, tuple[str, Callable[[list[str]], object]]]) -> None:
    """``params`` maps a URL parameter to (session-state key, parser of its values). A parser
    returns None for a value that is not valid (an old link to a team that no longer exists):
    that one is ignored."""
    done = st.session_state.setdefault(_DONE, set())
    for name, (key, parse) in params.items():
        if key in done:
            continue
        done.add(key)
        raw = st.query_params.get_all(name)
        if not raw:
            continue
        value = parse(raw)
        if value is not None:
            st.session_state[key] = value


def write_to_url(values: dict[str, object]) -> None:
    for name, value in values.items():
        if value in (None, "", []):
            if name in st.query_params:
                del st.query_params[name]
        elif isinstance(value, (list, tuple)):
            if st.query_params.get_all(name) != [str(v) for v in value]:
                st.query_params[name] = [str(v) for v in value]
        elif st.query_params.get(name) != str(value):
            st.query_params[name] = str(value)
