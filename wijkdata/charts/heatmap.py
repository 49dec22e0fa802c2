"""Heatmap of teams (or gemeenten) × indicators, each cell judged against all shown, with a
symbol in the cell so the judgement does not rest on colour alone."""

from __future__ import annotations

import altair as alt
import pandas as pd

from wijkdata.charts.base import COMPARISON_SYMBOLS, check_rows, comparison_scale, finish
from wijkdata.formatting import format_number


def heatmap_chart(table: pd.DataFrame, *, row_title: str, period: str, names: dict[str, str] | None = None,
                  indicator_order: list[str] | None = None, row_order: list[str] | None = None):
    """``table`` from comparison.heatmap_table (column team holds the row: a team or a gemeente)."""
    data = table[["team", "naam", "waarde", "vergelijking"]].copy()
    data["rij"] = data["team"].map(names) if names else data["team"]
    data["symbool"] = data["vergelijking"].map(COMPARISON_SYMBOLS)
    data["waarde_tekst"] = [format_number(v, 1) for v in data["waarde"]]
    data = check_rows(data.drop(columns="team"))
    x = alt.X("naam:N", sort=indicator_order, title=None, axis=alt.Axis(orient="top", labelAngle=-40, labelLimit=260))
    y = alt.Y("rij:N", sort=[names.get(r, r) for r in row_order] if (row_order and names) else row_order,
              title=row_title, axis=alt.Axis(labelLimit=260))
    cells = alt.Chart(data).mark_rect(stroke="#FFFFFF", strokeWidth=1.5).encode(
        x=x, y=y, color=alt.Color("vergelijking:N", scale=comparison_scale(data["vergelijking"]),
                                  legend=alt.Legend(title="Oordeel t.o.v. alle getoonde", orient="bottom")),
        tooltip=[alt.Tooltip("rij:N", title=row_title), alt.Tooltip("naam:N", title="Indicator"),
                 alt.Tooltip("waarde_tekst:N", title="Waarde"), alt.Tooltip("vergelijking:N", title="Oordeel")])
    marks = alt.Chart(data).mark_text(fontSize=16, fontWeight="bold").encode(
        x=x, y=y, text="symbool:N",
        color=alt.condition("datum.vergelijking == 'slechter' || datum.vergelijking == 'beter' || datum.vergelijking == 'hoger'",
                            alt.value("#FFFFFF"), alt.value("#222222")))
    n_rows = data["rij"].nunique()
    return finish(alt.layer(cells, marks), f"Alle indicatoren per {row_title.lower()} ({period})",
                  subtitle="+ beter, − slechter, = vergelijkbaar, ↑ hoger, ↓ lager, ? niet te beoordelen.",
                  height=max(200, 26 * n_rows))
