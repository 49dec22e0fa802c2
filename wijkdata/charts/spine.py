"""Spine chart: the team's profile over all indicators at a glance.

Each indicator is scaled so that the peers' benchmark sits in the middle and the furthest peer
at the edge, and flipped where lower is better: right is always "better" (or "higher" for an
indicator without a judgement). The real values are in the tooltip and the table beside it.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from wijkdata.charts.base import BAND, COMPARISON_SYMBOLS, check_rows, comparison_scale, finish
from wijkdata.formatting import decimals_for, format_number


SHAPES = {"beter": "triangle-right", "vergelijkbaar": "circle", "slechter": "triangle-left", "hoger": "triangle-up",
          "lager": "triangle-down", "niet te beoordelen": "square"}


def _scaled(table: pd.DataFrame) -> pd.DataFrame:
    t = table.dropna(subset=["benchmark"]).copy()
    spread = np.maximum.reduce([(t[c] - t["benchmark"]).abs().fillna(0) for c in ("maximum", "minimum", "waarde")])
    spread = np.where(spread > 0, spread, 1.0)
    sign = np.where(t["polariteit"] == "lager_is_beter", -1.0, 1.0)
    for col in ("waarde", "minimum", "q1", "q3", "maximum"):
        t[f"{col}_s"] = sign * (t[col] - t["benchmark"]) / spread
    # after a flip, the lower end may have become the upper one
    t["min_s"], t["max_s"] = np.minimum(t["minimum_s"], t["maximum_s"]), np.maximum(t["minimum_s"], t["maximum_s"])
    t["q1_s"], t["q3_s"] = np.minimum(t["q1_s"], t["q3_s"]), np.maximum(t["q1_s"], t["q3_s"])
    decimals = t["eenheid"].map(decimals_for)
    t["team_tekst"] = [format_number(v, d) for v, d in zip(t["waarde"], decimals)]
    t["benchmark_tekst"] = [format_number(v, d) for v, d in zip(t["benchmark"], decimals)]
    t["interval_tekst"] = [f"{format_number(lo, d)} – {format_number(hi, d)}" if pd.notna(lo) else "geen"
                           for lo, hi, d in zip(t["ondergrens"], t["bovengrens"], decimals)]
    low = t["verwacht_van"] if "verwacht_van" in t else pd.Series(np.nan, index=t.index)
    high = t["verwacht_tot"] if "verwacht_tot" in t else pd.Series(np.nan, index=t.index)
    t["bereik_tekst"] = [f"{format_number(lo, d)} – {format_number(hi, d)}" if pd.notna(lo) else "–"
                         for lo, hi, d in zip(low, high, decimals)]
    t["symbool"] = t["vergelijking"].map(COMPARISON_SYMBOLS)
    t["label"] = [n if e in n else f"{n} ({e})" for n, e in zip(t["naam"], t["eenheid"])]
    return t


def spine_chart(table: pd.DataFrame, *, team_label: str, peer_description: str, period: str):
    """``table`` from comparison.comparison_table."""
    t = check_rows(_scaled(table))
    order = t["label"].tolist()
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=360))
    tip = [alt.Tooltip("naam:N", title="Indicator"), alt.Tooltip("team_tekst:N", title=team_label),
           alt.Tooltip("interval_tekst:N", title="95%-interval"), alt.Tooltip("benchmark_tekst:N", title="Vergelijkingswaarde"),
           alt.Tooltip("bereik_tekst:N", title="Gewoon bereik voor uw grootte"),
           alt.Tooltip("vergelijking:N", title="Oordeel")]
    base = alt.Chart(t)
    spread = base.mark_bar(color="#EFEFEF", height=22).encode(
        y=y, x=alt.X("min_s:Q", scale=alt.Scale(domain=[-1.05, 1.05]), title=None,
                     axis=alt.Axis(values=[-1, 0, 1], labelExpr="datum.value < 0 ? 'slechter / lager' : datum.value > 0 "
                                                                "? 'beter / hoger' : 'vergelijkingswaarde'")),
        x2="max_s:Q")
    middle = base.mark_bar(color=BAND, height=22).encode(y=y, x="q1_s:Q", x2="q3_s:Q")
    centre = base.mark_tick(color="#333333", thickness=3, size=30).encode(y=y, x=alt.datum(0))
    colours = comparison_scale(t["vergelijking"])
    dots = base.mark_point(size=380, filled=True, stroke="#000000", strokeWidth=1.5, opacity=1).encode(
        y=y, x="waarde_s:Q", color=alt.Color("vergelijking:N", scale=colours, legend=alt.Legend(title="Oordeel")),
        shape=alt.Shape("vergelijking:N", scale=alt.Scale(domain=colours.domain,
                                                          range=[SHAPES.get(k, "square") for k in colours.domain]),
                        legend=alt.Legend(title="Oordeel")),
        tooltip=tip)
    chart = alt.layer(spread, middle, centre, dots)
    return finish(chart, f"Profiel van {team_label} op alle indicatoren ({period})",
                  subtitle=(f"Midden: vergelijkingswaarde van {peer_description}; balk: laagste tot hoogste team, "
                            "donkerder: middelste helft. Rechts is beter (of hoger)."),
                  height=max(260, 34 * len(t)))
