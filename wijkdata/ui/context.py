"""The store for this app process, cached data, and the sidebar context shared by all pages."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from wijkdata.access import OPEN_ACCESS, Access
from wijkdata.catalog import Catalog
from wijkdata.config import load_settings
from wijkdata.formatting import format_timestamp
from wijkdata.ingest.teams import name_key
from wijkdata.periods import in_periods, period_label
from wijkdata.privacy import protect_cells
from wijkdata.service import ensure_sample
from wijkdata.store import Store, data_version
from wijkdata.ui.auth import access_note, current_access
from wijkdata.ui.format import plain
from wijkdata.ui.links import restore_from_url, write_to_url
from wijkdata.ui.state_keys import is_kept

ALL_DATA = "Alle actuele gegevens"
ALL_DATASETS = 0  # dataset ids start at 1

# The context the entrypoint built in this script run, handed to the page that runs next. Per
# thread, because every session runs its script in its own thread.
_RUN = threading.local()


@st.cache_resource(show_spinner=False)
def get_store() -> Store:
    """One store per app process; the first start on an empty database loads the sample data."""
    store = Store(load_settings().db_url)
    ensure_sample(store)
    return store


@st.cache_resource(show_spinner=False)
def installation_secret() -> str:
    """The salt of pseudonyms and stand-ins; made once per installation, never changes."""
    return get_store().secret()


def cached_observations(version: str, dataset_id: int | None) -> pd.DataFrame:
    """All observations of the choice as every page computes with them (small counts replaced by
    their stand-ins, see wijkdata.privacy), shared by every session without copying: treat as
    read-only. ``version`` is only the cache key: it changes with every change of the data."""
    return _protected_observations(version, dataset_id, load_settings().small_count_threshold)


@st.cache_resource(show_spinner=False, max_entries=4)
def _protected_observations(version: str, dataset_id: int | None, threshold: int) -> pd.DataFrame:
    # the threshold is part of the key: a changed setting must not leave counts protected by the old one
    raw = get_store().observations(dataset_id=dataset_id)
    return protect_cells(raw, cached_catalog(version), threshold, installation_secret())


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_catalog(version: str) -> Catalog:
    """Built-in plus own indicators, as they stand at this data version (an own indicator added
    or changed bumps the version). Shared, read-only."""
    return get_store().catalog()


@st.cache_data(show_spinner=False, max_entries=8)
def cached_axes(version: str, dataset_id: int | None) -> tuple[list[str], list[str]]:
    """Teams and periods of the choice (for the sidebar), without touching the big frame per rerun."""
    frame = cached_observations(version, dataset_id)
    # sorted on the letters of the name: punctuation ('![t](…) Wijk') does not put a team first
    teams = sorted(frame["team"].unique().tolist(), key=lambda t: (name_key(t), t))
    return teams, sorted(frame["periode"].unique().tolist())


@st.cache_data(show_spinner=False, max_entries=8)
def cached_teams(version: str) -> pd.DataFrame:
    return get_store().teams()


@st.cache_data(show_spinner=False, max_entries=8)
def cached_populations(version: str) -> dict[str, dict[str, float]]:
    """Team -> {periode: jeugdigen}: the exposure of a count's trend test."""
    return get_store().populations_by_period()


@st.cache_data(show_spinner=False, max_entries=32)
def cached_baselines(version: str, team: str | None) -> dict[str, list[tuple[str, str]]]:
    """A team's SPC re-baselines (indicator -> [(periode, reden)]); a change bumps the version."""
    return get_store().team_baselines(team) if team else {}


@st.cache_data(show_spinner=False, max_entries=8)
def cached_breaks(version: str) -> pd.DataFrame:
    """Every series break that counts (team, periode, reden)."""
    return get_store().breaks.all()


@st.cache_data(show_spinner=False, max_entries=8)
def cached_datasets(version: str) -> pd.DataFrame:
    return get_store().datasets()


@dataclass
class Context:
    store: Store
    version: str
    dataset_id: int | None
    team: str | None
    periods: tuple[str, str] | None
    access: Access = OPEN_ACCESS

    @property
    def catalog(self) -> Catalog:
        """The indicators of this installation: built-in and own."""
        return cached_catalog(self.version)

    def breaks(self, team: str | None = None) -> pd.DataFrame:
        """The series breaks of a team (default: the own team), oldest first."""
        frame = cached_breaks(self.version)
        return frame[frame["team"] == (team or self.team)].reset_index(drop=True)

    def observations(self) -> pd.DataFrame:
        frame = cached_observations(self.version, self.dataset_id)
        return in_periods(frame, self.periods)


def keep_page_choices() -> None:
    """Streamlit forgets the state of a widget that was not drawn in a run, so a page's choices
    would be gone after a visit to another page. Assigning each value back to itself marks it as
    the app's own state, which Streamlit keeps (the documented way to keep widget state across
    pages). Runs on every page, from the entrypoint. Which keys are kept is declared in
    wijkdata.ui.state_keys. The period slider is not among them on purpose: Streamlit 1.67 loses a
    range select_slider's second end when its state is set from code, so the period travels in the
    link instead (see go_to)."""
    for key in list(st.session_state.keys()):
        if is_kept(key):
            st.session_state[key] = st.session_state[key]


def go_to(page: str) -> None:
    """Switch to another page from code. Streamlit forgets every widget's state on a page switch
    that does not come from the browser, so the period goes along in the link, as in a copied link;
    the other choices are kept by keep_page_choices."""
    st.switch_page(page, query_params={k: st.query_params[k] for k in ("team", "periode") if k in st.query_params})


def sidebar_context() -> Context:
    """Who is looking, dataset, own team and period range; kept in session state so every page
    shares them. A team member (with login) is held to the own team."""
    access = current_access()  # stops the run at the login screen when someone must log in first
    keep_page_choices()
    store = get_store()
    version = data_version(store)
    history = cached_datasets(version)
    live = history[~history["deleted"] & (history["kind"] != "teamkenmerken")]
    with st.sidebar:
        st.markdown("### Wat bekijken we?")
        # 0 stands for all data: None would read as "nothing chosen" once the state is set from code
        options = [ALL_DATASETS, *live["id"].tolist()]
        labels = dataset_labels(live, access)
        if st.session_state.get("ctx_dataset") not in options:
            st.session_state["ctx_dataset"] = ALL_DATASETS
        chosen_dataset = st.selectbox("Gegevens", options, key="ctx_dataset", format_func=lambda i: (
            ALL_DATA if i == ALL_DATASETS else labels.get(i, f"Upload {i}")))
        dataset_id = None if chosen_dataset == ALL_DATASETS else int(chosen_dataset)
        teams, periods = cached_axes(version, dataset_id)
        team = _own_team(access, teams)
        chosen = None
        if len(periods) >= 2:
            # The range comes in as the widget's default, never through session state: Streamlit
            # 1.67 loses a range select_slider's second end on rerun when its state was set by code.
            default = _period_range(st.query_params.get("periode", ""), periods) or (periods[0], periods[-1])
            current = st.session_state.get("ctx_periods")
            if current is not None and not (isinstance(current, (tuple, list)) and len(current) == 2
                                            and all(p in periods for p in current)):
                del st.session_state["ctx_periods"]  # another dataset: the old range does not exist there
            chosen = tuple(st.select_slider("Periode", periods, value=default, key="ctx_periods",
                                            format_func=period_label))
        elif periods:
            st.caption(f"Periode: {period_label(periods[0])}")
        if not history.empty and history["is_sample"].all():
            st.info("U kijkt naar voorbeelddata met fictieve teams. Upload uw eigen cijfers op de pagina Gegevens.")
        st.divider()
        access_note(access)
    write_to_url({"team": team, "periode": f"{chosen[0]}..{chosen[1]}" if chosen else None})
    _RUN.context = Context(store, version, dataset_id, team, chosen, access)
    return _RUN.context


def dataset_labels(live: pd.DataFrame, access: Access) -> dict[int, str]:
    """How each upload is named in the sidebar. Those who manage uploads see the file name; a team
    member sees the upload's number and time only, because a file name can name another team."""
    if access.manages_uploads:
        return {int(r.id): f"Upload {r.id}: {r.filename}" for r in live.itertuples()}
    return {int(r.id): f"Upload {r.id} van {format_timestamp(r.uploaded_at)}" for r in live.itertuples()}


def _own_team(access: Access, teams: list[str]) -> str | None:
    """The team whose eyes we look through: chosen in the sidebar (open mode, manager), or fixed
    to a team member's own team, whatever the link says."""
    if not access.chooses_team:
        st.markdown(f"**Ons team**  \n{plain(access.team)}")
        if access.team not in teams:
            st.warning("Er zijn nog geen cijfers van uw team in deze gegevens. Upload ze op de pagina Gegevens.",
                       icon=":material/info:")
            return None
        return access.team
    restore_from_url({"team": ("ctx_team", lambda v: v[0] if v[0] in teams else None)})
    if st.session_state.get("ctx_team") not in teams:
        st.session_state["ctx_team"] = teams[0] if teams else None
    return st.selectbox("Ons team", teams, key="ctx_team", placeholder="Nog geen teams") if teams else None


def page_context() -> Context:
    """The context for a page: the one app.py built in this run (the sidebar lives in app.py so
    that its choices hold on every page).

    Streamlit treats an app with a ``pages/`` folder as a legacy multipage app until app.py has
    called st.navigation once in the process; until then a link straight to a page runs only
    that page file. That happens on the first visit after a start, and in AppTest on every run.
    The page then switches the legacy mode off and reruns, so app.py runs as it should."""
    ctx = getattr(_RUN, "context", None)
    _RUN.context = None
    if ctx is not None:
        return ctx
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    return sidebar_context()


def team_page(title: str, purpose: str) -> Context:
    """The start of a page about the own team: its context and title, and the reason it stops
    while there are no figures yet."""
    ctx = page_context()
    st.title(title)
    require_team(ctx, purpose)
    return ctx


def require_team(ctx: Context, purpose: str = "") -> None:
    """Stop the page, saying why, while there are no figures of an own team to show (``purpose``:
    "om trends van te tonen")."""
    if not ctx.team:
        st.warning(f"Er zijn nog geen cijfers{' ' + purpose if purpose else ''}. Upload een bestand op de pagina "
                   "Gegevens.")
        st.stop()


def _period_range(value: str, periods: list[str]) -> tuple[str, str] | None:
    """'2024-K1..2025-K4' from a link, if both ends are periods of the data."""
    lo, _, hi = value.partition("..")
    return (lo, hi) if lo in periods and hi in periods and lo <= hi else None
