"""The figures a session talks about: its peers, the signals in the figures, and the focus charts
with their sentences. Computed once per session and choice, then reused: a beamer redraws its item
twice a second and a laptop moves item by item, neither should rebuild a chart for that."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from wijkdata.charts import trend_chart
from wijkdata.conversation.triggers import Signal, find_signals
from wijkdata.conversation.verdicts import comparison_sentence, reference_sentence, spc_sentence
from wijkdata.trends import own_values, since_last_break
from wijkdata.periods import in_periods
from wijkdata.ui.analysis import available_indicators, indicator_obs, team_comparison, teams_with_figures, threshold, values
from wijkdata.ui.context import (Context, cached_baselines, cached_breaks, cached_catalog, cached_observations,
                                 cached_populations)
from wijkdata.ui.conversation import keys
from wijkdata.ui.profiles import DEFAULT_COUNT, default_neighbour_choice, similar_teams
from wijkdata.views.trend import trend_view


@dataclass
class FocusFigure:
    code: str
    naam: str
    chart: object  # an Altair chart
    zin: str  # what the chart shows, in one sentence (alt text, caption, report)


def peers_for_conversation(ctx: Context) -> tuple[list[str], str]:
    """Teams zoals jullie when they can be found on the teams' situation (at least two team
    attributes such as inwoners and stedelijkheid), otherwise all teams. Never on the figures
    themselves: the conversation judges those, and teams picked on them resemble the team there
    by construction."""
    indicators, kenmerken = default_neighbour_choice(ctx, available_indicators(ctx))
    if not indicators:
        near, _ = similar_teams(ctx, [], kenmerken, DEFAULT_COUNT)
        if len(near):
            return near["team"].tolist(), f"de {len(near)} teams die het meest op uw team lijken"
    everyone = [t for t in teams_with_figures(ctx)["team"] if t != ctx.team]
    return everyone, f"alle {len(everyone)} andere teams"


@st.cache_data(show_spinner="De cijfers worden bekeken…", max_entries=16)
def _signals(version: str, dataset_id: int | None, periods: tuple[str, str] | None, team: str,
             peers: tuple[str, ...], peer_description: str, small: int, profile, _year: pd.DataFrame) -> list[Signal]:
    # _year (not part of the cache key: it follows from the others) is every team's pooled year,
    # computed once for all sessions instead of once per team
    obs = in_periods(cached_observations(version, dataset_id), periods)
    breaks = cached_breaks(version)
    starts = tuple(breaks.loc[breaks["team"] == team, "periode"])
    return find_signals(obs, cached_catalog(version), team, list(peers), small, profile=profile, values=_year,
                        breaks=starts, peer_description=peer_description,
                        population_by_period=cached_populations(version).get(team),
                        rebaselines=cached_baselines(version, team))


def signals_for(ctx: Context, peers: list[str], peer_description: str) -> list[Signal]:
    from wijkdata.ui.profiles import default_profile_indicators, profiles

    result = profiles(ctx, default_profile_indicators(available_indicators(ctx)), [])
    profile = result.profile_of(ctx.team) if result is not None else None
    return _signals(ctx.version, ctx.dataset_id, ctx.periods, ctx.team, tuple(peers), peer_description, threshold(),
                    profile, values(ctx, "jaar"))


def _memo(gid: int, what: str, key: tuple, build):
    """Keeps one result per session and purpose in this browser's state, rebuilt when ``key``
    (data version, choices) changes."""
    slot = keys.memo(gid, what)
    kept = st.session_state.get(slot)
    if kept is None or kept[0] != key:
        kept = (key, build())
        st.session_state[slot] = kept
    return kept[1]


def session_figures(ctx: Context, gid: int, focus: list[str], team_label: str, peers: list[str] | None = None,
                    peer_description: str = "") -> dict[str, FocusFigure]:
    """The focus charts by indicator code: the own line with its SPC limits (Herkennen: what do we
    see?), or with the peers' band and the reference value (Waarderen, when ``peers`` is given: is it
    good?)."""
    catalog = ctx.catalog
    key = (ctx.version, ctx.dataset_id, ctx.periods, ctx.team, tuple(focus), team_label,
           None if peers is None else tuple(peers), peer_description)

    def figure(code: str, breaks: pd.DataFrame) -> FocusFigure:
        judging = peers is not None
        view = trend_view(indicator_obs(ctx, code), catalog, ctx.team, code, team_label=team_label, threshold=threshold(),
                          breaks=breaks, population=cached_populations(ctx.version).get(ctx.team), peers=peers,
                          rebaselines=None if judging else cached_baselines(ctx.version, ctx.team).get(code, ()))
        ind = view.indicator
        chart = trend_chart(view.series, view.band, ind, team_label=team_label, spc=view.spc,
                            reference=ind.referenties[0] if judging and ind.referenties else None,
                            peer_description=peer_description if judging else "", breaks=breaks)
        return FocusFigure(code, ind.naam, chart, view.summary)

    def build():
        breaks = ctx.breaks()
        return {code: figure(code, breaks) for code in focus if code in catalog}
    return _memo(gid, "waarderen" if peers is not None else "herkennen", key, build)


def verdicts(ctx: Context, focus: list[str], peers: list[str], peer_description: str) -> dict[str, list[str]]:
    """Per focus indicator the Waarderen verdict sentences: against the comparison group and the
    reference value. The same sentences are the reasons of the prompts they call for."""
    table = team_comparison(ctx, "jaar", peers)
    starts = tuple(ctx.breaks()["periode"])
    out = {}
    for code in focus:
        row = table[table["indicator"] == code]
        if code not in ctx.catalog or row.empty:
            continue
        r, ind = row.iloc[0], ctx.catalog[code]
        out[code] = [comparison_sentence(r, ind, peer_description)] + [s for s in [reference_sentence(r, ind)] if s]
        series = since_last_break(own_values(indicator_obs(ctx, code), ctx.team, ind.kind, threshold()), starts)
        over_time = spc_sentence(series, ind, cached_baselines(ctx.version, ctx.team).get(code, ()))
        if over_time:
            out[code].append(over_time)
    return out
