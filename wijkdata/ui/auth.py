"""Optional login: Streamlit's OIDC login (``st.login``) when ``[auth]`` is in secrets.toml, with
the user list of ``[[wijkdata.gebruikers]]`` deciding team and role (see wijkdata.access).
Without ``[auth]`` the app runs in the open mode and says so in the sidebar."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from wijkdata.access import OPEN_ACCESS, Access, AccessConfigError, access_for, parse_users
from wijkdata.ui.format import plain

APP_TITLE = "wijkdata – Samen in gesprek over cijfers"


def _plain_dict(value):
    """st.secrets hands out its own mapping type; the core wants plain dicts and lists."""
    if isinstance(value, Mapping):
        return {k: _plain_dict(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_dict(v) for v in value]
    return value


def _secrets() -> dict:
    try:
        return _plain_dict(st.secrets)
    except Exception:  # noqa: BLE001 - no secrets file, or one Streamlit cannot read: no login
        return {}


def _provider(auth: dict) -> str | None:
    """st.login() for one provider set in [auth] itself, st.login(name) for a named [auth.name]."""
    if "client_id" in auth:
        return None
    named = [name for name, section in auth.items() if isinstance(section, dict)]
    return named[0] if named else None


def current_access() -> Access:
    """Who is looking. Stops the run with a Dutch screen when someone must log in first, or is
    logged in without a place in the user list."""
    secrets = _secrets()
    auth = secrets.get("auth")
    if not isinstance(auth, dict):
        return OPEN_ACCESS
    try:
        users = parse_users(secrets.get("wijkdata", {}).get("gebruikers"))
    except AccessConfigError as exc:
        st.title(APP_TITLE)
        st.error(f"De inlog is ingesteld, maar de gebruikerslijst klopt niet. {exc} Pas dit aan in "
                 ".streamlit/secrets.toml en start de app opnieuw.", icon=":material/error:")
        st.stop()
    if not st.user.is_logged_in:
        st.title(APP_TITLE)
        st.markdown("Log in met uw werkaccount. U ziet daarna de cijfers van uw eigen team; andere teams "
                    "heten Team A, Team B, enzovoort.")
        provider = _provider(auth)
        st.button("Inloggen", key="knop_inloggen", type="primary", icon=":material/login:",
                  on_click=st.login, args=(provider,) if provider else ())
        st.stop()
    email = st.user.get("email")
    access = access_for(email, users)
    if access is None:
        st.title(APP_TITLE)
        st.warning(f"U bent ingelogd als {plain(str(email or 'onbekend'))}, maar dit account hoort nog niet bij "
                   "een team. Vraag de beheerder van wijkdata om u aan de gebruikerslijst toe te voegen.",
                   icon=":material/lock:")
        st.button("Uitloggen", key="knop_uitloggen", on_click=st.logout)
        st.stop()
    return access


def access_note(access: Access) -> None:
    """In the sidebar: who is logged in (with a way out), or that the app is open."""
    if access.user:
        st.caption(plain(access.describe()))
        st.button("Uitloggen", key="knop_uitloggen", on_click=st.logout, icon=":material/logout:")
    else:
        st.caption("Open modus: er is geen inlog ingesteld, dus iedereen die deze pagina opent kan elk team "
                   "kiezen. Gebruik dit op één computer of een afgeschermd netwerk; de README legt uit hoe u "
                   "inloggen aanzet.")
