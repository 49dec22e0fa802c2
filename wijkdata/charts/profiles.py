"""Charts for team profiles: the map of all teams coloured (and shaped) by profile, and the small
chart on a profile card that shows how the profile differs from all teams."""

from __future__ import annotations

import altair as alt
import pandas as pd

from wijkdata.charts.base import BETTER, OWN, SIMILAR, WORSE, check_rows, finish
from wijkdata.formatting import format_value

# Okabe–Ito without black (black marks the own team), so eight profiles stay apart
PROFILE_COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442", "#999999"]
PROFILE_SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-right",
                  "triangle-left"]
JUDGEMENT_COLOURS = {"gunstig": BETTER, "ongunstig": WORSE, "neutraal": SIMILAR}
JUDGEMENT_WORDS = {"gunstig": "gunstig", "ongunstig": "minder gunstig", "neutraal": "geen oordeel"}


def profile_labels(names: list[str]) -> list[str]:
    """'Profiel 1: Korte trajecten, …' in profile order: the legend and the cards use the same words."""
    return [f"Profiel {i + 1}: {name}" for i, name in enumerate(names)]


def profile_map_chart(points: pd.DataFrame, *, labels: pd.Series, profile_names: list[str], names: dict[str, str],
                      own_team: str | None, x_title: str, y_title: str, subtitle: str):
    """``points`` has team, x, y; ``labels`` maps team -> profile number; ``names`` the shown names."""
    legend = profile_labels(profile_names)
    data = points.assign(profiel=points["team"].map(labels).map(lambda i: legend[int(i)]),
                         naam=points["team"].map(names), eigen=points["team"] == own_team)
    data = check_rows(data.drop(columns="team"))
    scale_colour = alt.Scale(domain=legend, range=PROFILE_COLOURS[:len(legend)])
    scale_shape = alt.Scale(domain=legend, range=PROFILE_SHAPES[:len(legend)])
    x_axis = alt.Axis(labels=False, ticks=False, grid=False, titleFontSize=15, titleLimit=900)
    # the vertical axis title is written level, above the plot: a long sentence turned 90° is unreadable
    y_axis = alt.Axis(labels=False, ticks=False, grid=False, titleFontSize=15, titleLimit=900, titleAngle=0,
                      titleAlign="left", titleAnchor="end", titleBaseline="bottom", titleX=0, titleY=-10)
    base = alt.Chart(data).encode(
        x=alt.X("x:Q", title=x_title, axis=x_axis, scale=alt.Scale(zero=False, nice=False, padding=24)),
        y=alt.Y("y:Q", title=y_title, axis=y_axis, scale=alt.Scale(zero=False, nice=False, padding=24)))
    points_layer = base.mark_point(filled=True, opacity=0.9, stroke="#333333", strokeWidth=0.6).encode(
        color=alt.Color("profiel:N", scale=scale_colour,
                        legend=alt.Legend(title=None, columns=1, orient="bottom", labelLimit=1200)),
        shape=alt.Shape("profiel:N", scale=scale_shape, legend=None),
        size=alt.condition("datum.eigen", alt.value(700), alt.value(220)),
        tooltip=[alt.Tooltip("naam:N", title="Team"), alt.Tooltip("profiel:N", title="Profiel")])
    own = data[data["eigen"]]
    layers = [points_layer]
    if len(own):
        ring = alt.Chart(own).mark_point(size=1100, stroke=OWN, strokeWidth=3, filled=False).encode(x="x:Q", y="y:Q")
        label = alt.Chart(own).mark_text(align="left", dx=22, fontSize=18, fontWeight="bold", color=OWN).encode(
            x="x:Q", y="y:Q", text="naam:N")
        layers += [ring, label]
    return finish(alt.layer(*layers), "Teams zoals jullie: de kaart van profielen", subtitle=subtitle, height=480)


def profile_difference_chart(differences: pd.DataFrame, *, title: str, rows: int = 5):
    """The profile's centre against all teams, in standard deviations, for its strongest features.
    Colour says favourable or not (by the indicator's polarity), and so does the tooltip's word."""
    data = differences.head(rows).copy()
    data["oordeel_tekst"] = data["oordeel"].map(JUDGEMENT_WORDS)
    data["waarden"] = [f"{format_value(r.profiel, r.eenheid)} tegen {format_value(r.anderen, r.eenheid)}"
                       for r in data.itertuples()]
    data = check_rows(data[["naam", "z", "oordeel_tekst", "waarden"]])
    present = [w for w in JUDGEMENT_WORDS.values() if w in set(data["oordeel_tekst"])]
    colours = {JUDGEMENT_WORDS[k]: v for k, v in JUDGEMENT_COLOURS.items()}
    y = alt.Y("naam:N", sort=data["naam"].tolist(), title=None, axis=alt.Axis(labelLimit=260, labelFontSize=14))
    bars = alt.Chart(data).mark_bar(height=18).encode(
        y=y, x=alt.X("z:Q", title="← lager dan gemiddeld · hoger dan gemiddeld →",
                     axis=alt.Axis(format=",.1f", titleFontSize=13), scale=alt.Scale(domain=[-2.5, 2.5], clamp=True)),
        color=alt.Color("oordeel_tekst:N", scale=alt.Scale(domain=present, range=[colours[w] for w in present]),
                        legend=alt.Legend(title=None, orient="bottom")),
        tooltip=[alt.Tooltip("naam:N", title="Gegeven"), alt.Tooltip("waarden:N", title="Profiel tegen de rest"),
                 alt.Tooltip("z:Q", title="Verschil (sd)", format=",.1f"),
                 alt.Tooltip("oordeel_tekst:N", title="Oordeel")])
    zero = alt.Chart(pd.DataFrame({"z": [0.0]})).mark_rule(color="#222222").encode(x="z:Q")
    return finish(alt.layer(bars, zero), title, height=max(120, 34 * len(data)))
