"""Trend chart: own team over time against the peers' median and middle half, the reference
value, and SPC limits with signal points."""

from __future__ import annotations

import altair as alt
import pandas as pd

from wijkdata.catalog import Indicator, Reference
from wijkdata.charts.base import BAND, BETTER, OWN, PEER, REFERENCE, WORSE, check_rows, finish, format_like, number_format
from wijkdata.formatting import unit_suffix
from wijkdata.periods import period_label

SERIES_OWN = "Ons team"
SERIES_MEDIAN = "Mediaan vergelijkbare teams"
SERIES_BAND = "Middelste helft vergelijkbare teams"
SERIES_MEAN = "Gemiddelde (SPC)"
SERIES_LIMITS = "Procesgrenzen (SPC)"
SIGNAL_COLOURS = {"verbetering": BETTER, "zorg": WORSE, "bijzondere variatie (hoog)": "#6A3D9A",
                  "bijzondere variatie (laag)": "#6A3D9A", "bijzondere variatie": "#6A3D9A"}


def trend_chart(series: pd.DataFrame, band: pd.DataFrame, indicator: Indicator, *, team_label: str,
                spc: pd.DataFrame | None = None, reference: Reference | None = None, relative: bool = False,
                peer_description: str = "", window_note: str = "", breaks: pd.DataFrame | None = None):
    """``series`` from trends.team_series (or relative values in column waarde when relative);
    ``band`` from trends.peer_band; ``spc`` from trends.spc_for; ``breaks`` (periode, reden): a
    new series starts there: a dashed vertical line, and no line of the own team across it."""
    order = sorted(set(series["periode"]).union(band["periode"] if len(band) else []))
    x_sort = [period_label(p) for p in order]
    fmt = number_format(indicator.eenheid)
    y_title = ("Verandering sinds de eerste periode (%)" if relative else indicator.naam
               if indicator.eenheid in indicator.naam else f"{indicator.naam} ({indicator.eenheid})")
    x = alt.X("periode_label:O", sort=x_sort, title="Periode", axis=alt.Axis(labelAngle=0))

    names = [SERIES_OWN]
    colours = [OWN]
    dashes = [[1, 0]]
    layers = []
    if len(band) and not relative and band["q1"].notna().any():
        names.append(SERIES_BAND)
        colours.append(BAND)
        dashes.append([1, 0])
        layers.append(alt.Chart(check_rows(band.assign(reeks=SERIES_BAND).dropna(subset=["q1", "q3"]))).mark_area(
            opacity=0.8).encode(x=x, y=alt.Y("q1:Q"), y2="q3:Q", color=alt.Color("reeks:N")))
    if len(band) and band["mediaan"].notna().any():  # fewer than five peers: no median to draw
        names.append(SERIES_MEDIAN)
        colours.append(PEER)
        dashes.append([6, 4])
        layers.append(alt.Chart(check_rows(band.assign(reeks=SERIES_MEDIAN))).mark_line(strokeWidth=3).encode(
            x=x, y=alt.Y("mediaan:Q"), color=alt.Color("reeks:N"), strokeDash=alt.StrokeDash("reeks:N"),
            tooltip=[alt.Tooltip("periode_label:N", title="Periode"),
                     alt.Tooltip("mediaan:Q", title="Mediaan", format=fmt),
                     alt.Tooltip("n_teams:Q", title="Aantal teams")]))
    if spc is not None and len(spc) and not relative:
        names += [SERIES_MEAN, SERIES_LIMITS]
        colours += ["#4D4D4D", "#4D4D4D"]
        dashes += [[2, 2], [8, 3]]
        mean = spc.assign(reeks=SERIES_MEAN)
        limits = pd.concat([spc.assign(reeks=SERIES_LIMITS, grens=spc["bovengrens"], zijde="boven"),
                            spc.assign(reeks=SERIES_LIMITS, grens=spc["ondergrens"], zijde="onder")])
        layers.append(alt.Chart(check_rows(mean)).mark_line(strokeWidth=1.5).encode(
            x=x, y="gemiddelde:Q", detail="fase:N", color=alt.Color("reeks:N"), strokeDash=alt.StrokeDash("reeks:N")))
        layers.append(alt.Chart(check_rows(limits)).mark_line(strokeWidth=1.5).encode(
            x=x, y="grens:Q", detail=alt.Detail(["fase:N", "zijde:N"]), color=alt.Color("reeks:N"),
            strokeDash=alt.StrokeDash("reeks:N")))
    if reference is not None and not relative:
        label = f"Referentie: {reference.label.lower()} {format_like(reference.waarde, fmt)}{unit_suffix(indicator.eenheid)}"
        names.append(label)
        colours.append(REFERENCE)
        dashes.append([10, 4])
        ref = pd.DataFrame({"waarde": [reference.waarde], "reeks": [label]})
        layers.append(alt.Chart(ref).mark_rule(strokeWidth=3).encode(
            y="waarde:Q", color=alt.Color("reeks:N"), strokeDash=alt.StrokeDash("reeks:N"),
            tooltip=[alt.Tooltip("reeks:N", title="Referentie")]))

    own = series.assign(reeks=SERIES_OWN)
    tooltip = [alt.Tooltip("periode_label:N", title="Periode"),
               alt.Tooltip("waarde:Q", title="Waarde" if not relative else "Verandering (%)", format=fmt)]
    if not relative and "ondergrens" in own:
        tooltip += [alt.Tooltip("ondergrens:Q", title="95%-interval van", format=fmt),
                    alt.Tooltip("bovengrens:Q", title="95%-interval tot", format=fmt)]
    if "onderdrukt" in own and (own["onderdrukt"].fillna("") != "").any():  # an empty 'Let op' says nothing
        tooltip.append(alt.Tooltip("onderdrukt:N", title="Let op"))
    if "reeksdeel" not in own:
        own = own.assign(reeksdeel=0)
    layers.append(alt.Chart(check_rows(own)).mark_line(strokeWidth=4, point=alt.OverlayMarkDef(size=90, filled=True))
                  .encode(x=x, y=alt.Y("waarde:Q", title=y_title, axis=alt.Axis(format=fmt), scale=alt.Scale(zero=False)),
                          color=alt.Color("reeks:N"), strokeDash=alt.StrokeDash("reeks:N"), detail="reeksdeel:N",
                          tooltip=tooltip))
    shown_breaks = breaks[breaks["periode"].isin(order)] if breaks is not None and len(breaks) else None
    if shown_breaks is not None and len(shown_breaks):
        marks = shown_breaks.assign(periode_label=shown_breaks["periode"].map(period_label),
                                    tekst="Nieuwe reeks: " + shown_breaks["reden"].astype(str))
        layers.append(alt.Chart(marks).mark_rule(color="#4D4D4D", strokeWidth=2, strokeDash=[4, 4]).encode(
            x=x, tooltip=[alt.Tooltip("periode_label:N", title="Vanaf"), alt.Tooltip("tekst:N", title="Reeksbreuk")]))
        layers.append(alt.Chart(marks).mark_text(align="left", dx=4, dy=-6, fontSize=14, color="#4D4D4D", baseline="top")
                      .encode(x=x, y=alt.value(0), text=alt.value("nieuwe reeks")))
    if "onderdrukt" in own and (own["onderdrukt"] != "").any():  # a hidden value is said, not left out silently
        hidden = own[own["onderdrukt"] != ""]
        layers.append(alt.Chart(hidden).mark_text(dy=24, fontSize=12, color="#4D4D4D", baseline="top").encode(
            x=x, y=alt.value(0), text=alt.value("verborgen"),
            tooltip=[alt.Tooltip("periode_label:N", title="Periode"),
                     alt.Tooltip("onderdrukt:N", title="Waarde verborgen")]))
    if not relative and "ondergrens" in own and own["ondergrens"].notna().any():
        layers.append(alt.Chart(own.dropna(subset=["ondergrens"])).mark_rule(color=OWN, strokeWidth=1.5, opacity=0.6)
                      .encode(x=x, y="ondergrens:Q", y2="bovengrens:Q"))
    if spc is not None and len(spc) and not relative:
        signals = spc[spc["regel"] > 0].assign(signaal_tekst=lambda d: "Signaal: " + d["betekenis"])
        if len(signals):
            present = list(dict.fromkeys(signals["betekenis"]))
            layers.append(alt.Chart(signals).mark_point(size=420, strokeWidth=4, filled=False, shape="diamond").encode(
                x=x, y="waarde:Q",
                stroke=alt.Stroke("signaal_tekst:N", title=None,
                                  scale=alt.Scale(domain=[f"Signaal: {p}" for p in present],
                                                  range=[SIGNAL_COLOURS.get(p, "#6A3D9A") for p in present]),
                                  legend=alt.Legend(orient="bottom", title=None)),
                tooltip=[alt.Tooltip("periode_label:N", title="Periode"), alt.Tooltip("signaal:N", title="Signaal"),
                         alt.Tooltip("betekenis:N", title="Betekenis")]))

    colour = alt.Scale(domain=names, range=colours)
    layered = alt.layer(*layers).encode(
        color=alt.Color("reeks:N", scale=colour, legend=alt.Legend(title=None, orient="bottom", symbolType="stroke",
                                                                     symbolStrokeWidth=4)),
        strokeDash=alt.StrokeDash("reeks:N", scale=alt.Scale(domain=names, range=dashes), legend=None),
    ).resolve_scale(stroke="independent")
    what = "verandering sinds de eerste periode" if relative else indicator.naam.lower()
    title = f"{indicator.naam}: {team_label} door de tijd" if not relative else f"{indicator.naam}: {what}"
    notes = [f"Vergeleken met {peer_description}." if peer_description else "", window_note,
             f"Referentie: {reference.bron}." if reference is not None and not relative else ""]
    return finish(layered, title, subtitle=indicator.uitleg, source=" ".join(n for n in notes if n))
