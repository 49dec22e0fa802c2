"""Selections in the URL: a copied link opens the same team, indicator, peer group and period.

A widget without a value yet (a new session, or a page widget after a page switch) takes it from
the URL; after that the widget leads and every run writes its value back into the URL.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st


def restore_from_url(params: dict[str, tuple[str, Callable[[list[str]], object]]]) -> None:
    """``params`` maps a URL parameter to (session-state key, parser of its values). A parser
    returns None for a value that is not valid (an old link to a team that no longer exists):
    that one is ignored."""
    for name, (key, parse) in params.items():
        if key in st.session_state:
            continue
        raw = st.query_params.get_all(name)
        if raw:
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
