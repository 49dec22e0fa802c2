"""Cached results of the core for the pages. Everything is keyed by the data version, so a new
upload, delete or restore recomputes; a rerun with the same choices reuses."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from wijkdata.comparison import comparison_table, team_values
from wijkdata.overview import OverviewRows
from wijkdata.config import load_settings
from wijkdata.peers import actief_status
from wijkdata.periods import in_periods
from wijkdata.population import team_populations
from wijkdata.privacy import display_names
from wijkdata.trends import change_table
from wijkdata.ui.context import (Context, cached_axes, cached_breaks, cached_catalog, cached_observations,
                                 cached_baselines, cached_populations, cached_teams, installation_secret)
from wijkdata.views.overview import OverviewView, overview_view


def threshold() -> int:
    return load_settings().small_count_threshold


@st.cache_resource(show_spinner=False, max_entries=4)
def _indicator_frames(version: str, dataset_id: int | None, small: int) -> dict[str, pd.DataFrame]:
    """The observations split per indicator once per data version, so a page touches only the
    indicator it shows, and another period range costs only a filter of that indicator's rows
    (splitting a national set again took 0,3 s). ``small``, the small-count threshold, is part of the
    key: a changed setting must not leave values protected by the old one. Shared read-only."""
    frame = cached_observations(version, dataset_id)
    return {code: part.reset_index(drop=True) for code, part in frame.groupby("indicator", sort=False)}


@st.cache_data(show_spinner=False, max_entries=8)
def _indicator_periods(version: str, dataset_id: int | None, small: int) -> dict[str, list[str]]:
    return {code: sorted(part["periode"].unique())
            for code, part in _indicator_frames(version, dataset_id, small).items()}


def indicator_obs(ctx: Context, code: str) -> pd.DataFrame:
    frames = _indicator_frames(ctx.version, ctx.dataset_id, threshold())
    part = frames.get(code)
    if part is None:
        return cached_observations(ctx.version, ctx.dataset_id).iloc[0:0]
    held = _indicator_periods(ctx.version, ctx.dataset_id, threshold()).get(code, [])
    if not ctx.periods or not held or (ctx.periods[0] <= held[0] and held[-1] <= ctx.periods[1]):
        return part  # the range holds all of this indicator's periods: nothing to filter (60.000 rows nationally)
    return in_periods(part, ctx.periods).reset_index(drop=True)


def available_indicators(ctx: Context) -> list[str]:
    """Indicator codes that have data in the choice, in catalogue order."""
    periods = _indicator_periods(ctx.version, ctx.dataset_id, threshold())
    lo, hi = ctx.periods or ("", "\uffff")
    return [c for c in ctx.catalog.codes if any(lo <= p <= hi for p in periods.get(c, ()))]


@st.cache_data(show_spinner=False, max_entries=8)
def _status(version: str, dataset_id: int | None) -> pd.DataFrame:
    obs = cached_observations(version, dataset_id)
    return actief_status(obs[obs["indicator"] == "eigen_uitvoering"])


def status(ctx: Context) -> pd.DataFrame:
    return _status(ctx.version, ctx.dataset_id)


@st.cache_data(show_spinner=False, max_entries=16)
def _values(version: str, dataset_id: int | None, periods: tuple[str, str] | None, window: str,
            small: int, groups: tuple[tuple[str, str], ...] | None) -> pd.DataFrame:
    frame = in_periods(cached_observations(version, dataset_id), periods)
    group_of = dict(groups) if groups is not None else None
    populations = team_populations(cached_teams(version))  # counts are compared per 1.000 jeugdigen
    return team_values(frame, cached_catalog(version), window, small, group_of=group_of, populations=populations)


def values(ctx: Context, window: str) -> pd.DataFrame:
    """One value per team × indicator for the window, suppressed, with intervals."""
    return _values(ctx.version, ctx.dataset_id, ctx.periods, window, threshold(), None)


@st.cache_data(show_spinner=False, max_entries=16)
def _overview(version: str, dataset_id: int | None, periods: tuple[str, str] | None, window: str, small: int,
              level: str, teams: tuple[str, ...], groups: tuple[tuple[str, str], ...] | None,
              indicators: tuple[str, ...]) -> OverviewView:
    vals = _values(version, dataset_id, periods, window, small, groups if level == "gemeente" else None)
    rows = sorted(vals["team"].unique()) if level == "gemeente" else list(teams)
    return overview_view(vals, cached_catalog(version), rows, list(indicators), level=level, row_names=None)


def overview(ctx: Context, window: str, plan: OverviewRows, indicators: list[str], names: dict[str, str]) -> OverviewView:
    """The Overzicht's verdicts for these rows and indicators, kept per choice: judging 5.000 cells
    each against all the other rows takes most of a second nationally."""
    groups = tuple(sorted(plan.group_of.items())) if plan.group_of else None
    view = _overview(ctx.version, ctx.dataset_id, ctx.periods, window, threshold(), plan.level, tuple(plan.teams),
                     groups, tuple(indicators))
    return replace(view, row_names=names) if plan.level == "team" else view


@st.cache_data(show_spinner=False, max_entries=16)
def _totals(version: str, dataset_id: int | None, periods: tuple[str, str] | None) -> tuple[int, int, list[str]]:
    frame = in_periods(cached_observations(version, dataset_id), periods)
    return frame["team"].nunique(), frame["indicator"].nunique(), sorted(frame["periode"].unique())


def totals(ctx: Context) -> tuple[int, int, list[str]]:
    """Teams, indicators and the periods with figures in the choice; kept per choice (counting
    1,2 million national rows took a third of a second per visit to Start)."""
    return _totals(ctx.version, ctx.dataset_id, ctx.periods)


def teams_with_figures(ctx: Context) -> pd.DataFrame:
    """The teams (with gemeente and attributes) that have figures in the chosen data: the ones a
    team can be compared with. A team known only by its attributes (a CBS region without figures)
    is no peer."""
    return _teams_with_figures(ctx.version, ctx.dataset_id)


@st.cache_data(show_spinner=False, max_entries=8)
def _teams_with_figures(version: str, dataset_id: int | None) -> pd.DataFrame:
    observed, _ = cached_axes(version, dataset_id)
    teams = cached_teams(version)
    return teams[teams["team"].isin(set(observed))].reset_index(drop=True)


def hidden_names(ctx: Context) -> set[str]:
    """The teams whose real name this viewer does not see."""
    return {team for team, shown in names(ctx).items() if shown != team}


@st.cache_data(show_spinner=False, max_entries=16)
def _names(version: str, dataset_id: int | None, own_team: str | None, all_visible: bool) -> dict[str, str]:
    teams = cached_teams(version)
    observed, _ = cached_axes(version, dataset_id)
    everyone = sorted(set(observed) | set(teams["team"]))
    if all_visible:
        return {t: t for t in everyone}
    visible = set(teams.loc[teams["naam_zichtbaar"], "team"]) if "naam_zichtbaar" in teams else set()
    return display_names(everyone, f"{installation_secret()}|upload-{dataset_id or 'alle'}", own_team, visible)


def names(ctx: Context) -> dict[str, str]:
    """Name shown per team: own team and teams whose owner allows it by name, others as Team A, B, …
    A manager (with login) sees every name."""
    return _names(ctx.version, ctx.dataset_id, ctx.team, ctx.access.sees_all_names)


@st.cache_data(show_spinner=False, max_entries=16)
def _change_table(version: str, dataset_id: int | None, periods: tuple[str, str] | None, team: str,
                  small: int) -> pd.DataFrame:
    frames = _indicator_frames(version, dataset_id, small)
    with_data = _indicator_periods(version, dataset_id, small)
    lo, hi = periods or ("", "\uffff")
    # every indicator with figures in the range has a row, also where this team has none; only the
    # team's own rows are taken further (filtering each whole national frame took 0,6 of 0,7 s)
    ordered = {code: in_periods(frames[code][frames[code]["team"] == team], periods).reset_index(drop=True)
               for code in cached_catalog(version).codes if any(lo <= p <= hi for p in with_data.get(code, ()))}
    breaks = cached_breaks(version)
    return change_table(ordered, cached_catalog(version), team, small, tuple(breaks.loc[breaks["team"] == team, "periode"]),
                        cached_populations(version).get(team), cached_baselines(version, team))


def team_changes(ctx: Context) -> pd.DataFrame:
    """Start, end, change and trend of every indicator for the own team."""
    return _change_table(ctx.version, ctx.dataset_id, ctx.periods, ctx.team, threshold())


@st.cache_data(show_spinner=False, max_entries=32)
def _comparison(version: str, dataset_id: int | None, periods: tuple[str, str] | None, window: str, small: int,
                team: str, peers: tuple[str, ...], matched_on: tuple[str, ...]) -> pd.DataFrame:
    return comparison_table(_values(version, dataset_id, periods, window, small, None), cached_catalog(version), team,
                            list(peers), matched_on)


def team_comparison(ctx: Context, window: str, peers: list[str], matched_on=()) -> pd.DataFrame:
    """The own team against its peers on every indicator (see comparison.comparison_table)."""
    return _comparison(ctx.version, ctx.dataset_id, ctx.periods, window, threshold(), ctx.team, tuple(peers),
                       tuple(matched_on))
