"""Sorted bar chart with 95% intervals, the own team pinned and highlighted. With many teams
only the neighbourhood of the own team in the ranking is drawn (the funnel shows all)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from wijkdata.catalog import Indicator
from wijkdata.charts.base import OWN, check_rows, comparison_scale, finish, number_format

MAX_BARS = 40


def ranked_window(values: pd.DataFrame, own_team: str | None, descending: bool, max_bars: int = MAX_BARS) -> pd.DataFrame:
    """Teams sorted by value; at most ``max_bars`` around the own team."""
    ranked = values.dropna(subset=["waarde"]).sort_values("waarde", ascending=not descending).reset_index(drop=True)
    ranked["rang"] = range(1, len(ranked) + 1)
    if len(ranked) <= max_bars:
        return ranked
    hits = ranked.index[ranked["team"] == own_team]
    centre = int(hits[0]) if len(hits) else 0
    start = min(max(0, centre - max_bars // 2), len(ranked) - max_bars)
    return ranked.iloc[start:start + max_bars]


def bar_chart(values: pd.DataFrame, indicator: Indicator, *, names: dict[str, str], own_team: str | None,
              period: str, total_teams: int):
    """``values`` has team, waarde, ondergrens, bovengrens, vergelijking (against the peers)."""
    fmt = number_format(indicator.eenheid)
    descending = indicator.polariteit != "lager_is_beter"
    data = ranked_window(values, own_team, descending)
    data = check_rows(data.assign(naam=data["team"].map(names), eigen=data["team"] == own_team).drop(columns="team"))
    data["naam_rang"] = data["rang"].astype(str) + ". " + data["naam"]
    y = alt.Y("naam_rang:N", sort=data["naam_rang"].tolist(), title=None, axis=alt.Axis(labelLimit=300))
    x_title = indicator.naam if indicator.eenheid in indicator.naam else f"{indicator.naam} ({indicator.eenheid})"
    bars = alt.Chart(data).mark_bar(height=16).encode(
        y=y, x=alt.X("waarde:Q", title=x_title, axis=alt.Axis(format=fmt)),
        color=alt.Color("vergelijking:N", scale=comparison_scale(data["vergelijking"]),
                        legend=alt.Legend(title="Oordeel", orient="bottom")),
        stroke=alt.condition("datum.eigen", alt.value(OWN), alt.value(None)),
        strokeWidth=alt.condition("datum.eigen", alt.value(4), alt.value(0)),
        tooltip=[alt.Tooltip("naam:N", title="Team"), alt.Tooltip("waarde:Q", title="Waarde", format=fmt),
                 alt.Tooltip("ondergrens:Q", title="95%-interval van", format=fmt),
                 alt.Tooltip("bovengrens:Q", title="95%-interval tot", format=fmt),
                 alt.Tooltip("vergelijking:N", title="Oordeel")])
    whiskers = alt.Chart(data.dropna(subset=["ondergrens"])).mark_rule(color="#222222", strokeWidth=2).encode(
        y=y, x="ondergrens:Q", x2="bovengrens:Q")
    with_value = int(values["waarde"].notna().sum())
    shown = (f"{len(data)} van de {with_value} teams rond uw team" if len(data) < with_value
             else f"alle {with_value} teams met een waarde" + (f" (van {total_teams})" if with_value < total_teams else ""))
    return finish(alt.layer(bars, whiskers), f"{indicator.naam}: teams op volgorde ({period})",
                  subtitle=f"{shown}; zwarte lijn: 95%-interval; omrand: uw team.",
                  height=max(240, 24 * len(data)))
