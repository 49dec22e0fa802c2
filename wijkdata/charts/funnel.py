"""Funnel plot: every team a dot (value against its denominator), the 95% and 99.8% limits
around the pooled benchmark, the own team highlighted."""

from __future__ import annotations

import altair as alt
import pandas as pd

from wijkdata.catalog import Indicator
from wijkdata.charts.base import OWN, PEER, check_rows, finish, format_like, number_format
from wijkdata.stats.funnel import POSITION_ORDER, Funnel

# low .. high; mirrored when lower is better, purple when the indicator carries no judgement
POSITION_COLOURS = ["#D55E00", "#E69F00", "#9E9E9E", "#56B4E9", "#0072B2"]
NEUTRAL_COLOURS = ["#CAB2D6", "#E2D4EA", "#9E9E9E", "#9A7BB8", "#6A3D9A"]


def _position_colours(polarity: str) -> list[str]:
    if polarity == "lager_is_beter":
        return POSITION_COLOURS[::-1]
    return POSITION_COLOURS if polarity == "hoger_is_beter" else NEUTRAL_COLOURS


def funnel_chart(result: Funnel, indicator: Indicator, *, names: dict[str, str], own_team: str | None,
                 period: str, denominator_title: str):
    fmt = number_format(indicator.eenheid)
    points = result.points.assign(
        naam=result.points["team"].map(names),
        eigen=result.points["team"] == own_team,
    ).drop(columns="team")
    limits = result.limits.melt(id_vars="noemer", var_name="grens", value_name="waarde")
    limits["niveau"] = limits["grens"].map(lambda g: "99,8%-grens" if g.endswith("998") else "95%-grens")
    limits["zijde"] = limits["grens"].str.split("_").str[0]
    x = alt.X("noemer:Q", title=denominator_title, scale=alt.Scale(zero=False, nice=True))
    y_title = indicator.naam if indicator.eenheid in indicator.naam else f"{indicator.naam} ({indicator.eenheid})"
    lines = alt.Chart(check_rows(limits)).mark_line(color=PEER, strokeWidth=2).encode(
        x=x, y=alt.Y("waarde:Q", title=y_title, axis=alt.Axis(format=fmt)),
        strokeDash=alt.StrokeDash("niveau:N", scale=alt.Scale(domain=["95%-grens", "99,8%-grens"], range=[[6, 4], [1, 0]]),
                                  legend=alt.Legend(title="Grenzen", orient="bottom")),
        detail="grens:N")
    bench = alt.Chart(pd.DataFrame({"waarde": [result.benchmark]})).mark_rule(color="#333333", strokeWidth=2).encode(y="waarde:Q")
    dots = alt.Chart(check_rows(points)).mark_point(filled=True, size=140, opacity=0.9, stroke="#333333", strokeWidth=0.8).encode(
        x=x, y="waarde:Q",
        color=alt.Color("positie:N", scale=alt.Scale(domain=POSITION_ORDER, range=_position_colours(indicator.polariteit)),
                        legend=alt.Legend(title="Positie", orient="bottom")),
        tooltip=[alt.Tooltip("naam:N", title="Team"), alt.Tooltip("waarde:Q", title="Waarde", format=fmt),
                 alt.Tooltip("noemer:Q", title=denominator_title, format=",.0f"), alt.Tooltip("positie:N", title="Positie")])
    layers = [lines, bench, dots]
    own = points[points["eigen"]]
    if len(own):
        layers.append(alt.Chart(own).mark_point(size=600, stroke=OWN, strokeWidth=4, filled=False, shape="circle")
                      .encode(x=x, y="waarde:Q"))
        layers.append(alt.Chart(own).mark_text(align="left", dx=18, fontSize=17, fontWeight="bold", color=OWN)
                      .encode(x=x, y="waarde:Q", text="naam:N"))
    note = "Grenzen verbreed voor verschillen tussen teams (overdispersie)." if result.tau2 > 0 else ""
    return finish(alt.layer(*layers), f"{indicator.naam}: alle teams naar grootte ({period})",
                  subtitle=(f"Lijn in het midden: de vergelijkingsgroep samen ({format_like(result.benchmark, fmt)}). "
                            "Een team buiten de trechter wijkt meer af dan toeval en gewone verschillen tussen teams "
                            "verklaren."), source=note)
