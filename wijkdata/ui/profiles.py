"""Cached profiles and nearest neighbours for the pages, keyed by the data version and the choices.

The choices for "teams zoals jullie" live in session state (set on the Profielen page), so the
Vergelijken page compares with the same list the Profielen page shows (see wijkdata.ui.peer_choice)."""

from __future__ import annotations


import pandas as pd
import streamlit as st

from wijkdata.periods import in_periods, period_label
from wijkdata.profiles import (DEFAULT_COUNT, DEFAULT_INDICATORS, DEFAULT_PERIODS, ProfileInput, Profiles,
                               build_profile_input, make_profiles, measurable_kenmerken, nearest_teams)
from wijkdata.ui.context import Context, cached_catalog, cached_observations, cached_teams

NB_INDICATORS = "nb_ind"
NB_KENMERKEN = "nb_kenm"
NB_COUNT = "nb_aantal"


def _observations(version: str, dataset_id: int | None, periods: tuple[str, str] | None) -> pd.DataFrame:
    return in_periods(cached_observations(version, dataset_id), periods)


@st.cache_data(show_spinner=False, max_entries=16)
def _input(version: str, dataset_id: int | None, periods: tuple[str, str] | None, indicators: tuple[str, ...],
           kenmerken: tuple[str, ...], n_periods: int) -> ProfileInput:
    obs = _observations(version, dataset_id, periods)
    return build_profile_input(obs, cached_catalog(version), cached_teams(version), list(indicators), list(kenmerken), n_periods)


@st.cache_data(show_spinner="De profielen worden berekend…", max_entries=16)
def _profiles(version: str, dataset_id: int | None, periods: tuple[str, str] | None, indicators: tuple[str, ...],
              kenmerken: tuple[str, ...], n_periods: int, k: int | None) -> Profiles | None:
    return make_profiles(_input(version, dataset_id, periods, indicators, kenmerken, n_periods), k)


def profile_input(ctx: Context, indicators, kenmerken, n_periods: int = DEFAULT_PERIODS) -> ProfileInput:
    return _input(ctx.version, ctx.dataset_id, ctx.periods, tuple(indicators), tuple(kenmerken), n_periods)


def profiles(ctx: Context, indicators, kenmerken, n_periods: int = DEFAULT_PERIODS, k: int | None = None) -> Profiles | None:
    return _profiles(ctx.version, ctx.dataset_id, ctx.periods, tuple(indicators), tuple(kenmerken), n_periods, k)


def kenmerk_periods(ctx: Context, kenmerken) -> dict[str, str]:
    """For each chosen attribute stored per period: the period(s) the teams' values come from
    ('2024', or '2023–2024' when teams differ)."""
    seen: dict[str, set[str]] = {}
    for periods in cached_teams(ctx.version).get("kenmerken_periode", []):
        for k, p in (periods or {}).items():
            if k in kenmerken:
                seen.setdefault(k, set()).add(p)
    return {k: period_label(min(ps)) if len(ps) == 1 else f"{period_label(min(ps))}–{period_label(max(ps))}"
            for k, ps in seen.items()}


def kenmerken_available(ctx: Context) -> list[str]:
    return measurable_kenmerken(cached_teams(ctx.version))


def default_profile_indicators(codes: list[str]) -> list[str]:
    return [c for c in DEFAULT_INDICATORS if c in codes]


def default_neighbour_choice(ctx: Context, codes: list[str]) -> tuple[list[str], list[str]]:
    """Teams are fairest compared with teams in a similar situation: the context variables when
    there are at least two, otherwise the profile indicators."""
    kenmerken = kenmerken_available(ctx)
    if len(kenmerken) >= 2:
        return [], kenmerken
    return default_profile_indicators(codes), kenmerken


def neighbour_choice(ctx: Context, codes: list[str]) -> tuple[list[str], list[str], int]:
    """The variables and count for "teams zoals jullie": the Profielen page's choice, or the default."""
    indicators, kenmerken = default_neighbour_choice(ctx, codes)
    indicators = [c for c in st.session_state.get(NB_INDICATORS, indicators) if c in codes]
    kenmerken = [k for k in st.session_state.get(NB_KENMERKEN, kenmerken) if k in kenmerken_available(ctx)]
    return indicators, kenmerken, int(st.session_state.get(NB_COUNT, DEFAULT_COUNT))


@st.cache_data(show_spinner=False, max_entries=32)
def _similar(version: str, dataset_id: int | None, periods: tuple[str, str] | None, indicators: tuple[str, ...],
             kenmerken: tuple[str, ...], team: str, count: int) -> tuple[pd.DataFrame, ProfileInput]:
    data = _input(version, dataset_id, periods, indicators, kenmerken, DEFAULT_PERIODS)
    if not data.usable:
        return pd.DataFrame(columns=["team", "afstand", "lijkt_op", "verschilt_in"]), data
    return nearest_teams(data.values, data.variables, team, count), data


def similar_teams(ctx: Context, indicators, kenmerken, count: int) -> tuple[pd.DataFrame, ProfileInput]:
    """The teams most like the own team on the chosen variables, and the input they were found on."""
    return _similar(ctx.version, ctx.dataset_id, ctx.periods, tuple(indicators), tuple(kenmerken), ctx.team, count)
