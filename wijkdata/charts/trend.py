"""Trend chart: own team over time against the peers' median and middle half, the reference
value, and SPC limits with signal points."""

from __future__ import annotations

from dataclasses import dataclass, field

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
MARK_GREY = "#4D4D4D"  # SPC lines, series breaks and 'verborgen': marks about the series, not a series
SPECIAL = "#6A3D9A"  # special variation without a direction that is better or worse
SIGNAL_COLOURS = {"verbetering": BETTER, "zorg": WORSE, "bijzondere variatie (hoog)": SPECIAL,
                  "bijzondere variatie (laag)": SPECIAL, "bijzondere variatie": SPECIAL}


@dataclass(frozen=True)
class Legend:
    """One entry of the legend: a series' name, its colour and its dash."""
    name: str
    colour: str
    dash: tuple[int, int] = (1, 0)


@dataclass
class _Parts:
    """What the chart is made of so far: its layers and the legend of the series among them."""
    x: alt.X
    fmt: str
    legend: list[Legend] = field(default_factory=list)
    layers: list = field(default_factory=list)

    def add(self, layer, legend: Legend | None = None) -> None:
        self.layers.append(layer)
        if legend is not None and legend not in self.legend:
            self.legend.append(legend)


def trend_chart(series: pd.DataFrame, band: pd.DataFrame, indicator: Indicator, *, team_label: str,
                spc: pd.DataFrame | None = None, reference: Reference | None = None, relative: bool = False,
                peer_description: str = "", window_note: str = "", breaks: pd.DataFrame | None = None):
    """``series`` from trends.team_series (or relative values in column waarde when relative);
    ``band`` from trends.peer_band; ``spc`` from trends.spc_for; ``breaks`` (periode, reden): a
    new series starts there: a dashed vertical line, and no line of the own team across it."""
    order = sorted(set(series["periode"]).union(band["periode"] if len(band) else []))
    x = alt.X("periode_label:O", sort=[period_label(p) for p in order], title="Periode", axis=alt.Axis(labelAngle=0))
    parts = _Parts(x, number_format(indicator.eenheid), [Legend(SERIES_OWN, OWN)])
    with_spc = spc is not None and len(spc) and not relative
    if len(band) and not relative and band["q1"].notna().any():
        _band(parts, band)
    if len(band) and band["mediaan"].notna().any():  # fewer than five peers: no median to draw
        _median(parts, band)
    if with_spc:
        _spc_lines(parts, spc)
    if reference is not None and not relative:
        _reference(parts, reference, indicator)
    own = series.assign(reeks=SERIES_OWN)
    _own_line(parts, own, indicator, relative)
    if breaks is not None and len(breaks) and breaks["periode"].isin(order).any():
        _breaks(parts, breaks[breaks["periode"].isin(order)])
    if "onderdrukt" in own and (own["onderdrukt"] != "").any():  # a hidden value is said, not left out silently
        _hidden(parts, own[own["onderdrukt"] != ""])
    if not relative and "ondergrens" in own and own["ondergrens"].notna().any():
        parts.add(alt.Chart(own.dropna(subset=["ondergrens"])).mark_rule(color=OWN, strokeWidth=1.5, opacity=0.6)
                  .encode(x=x, y="ondergrens:Q", y2="bovengrens:Q"))
    if with_spc:
        _signals(parts, spc)

    names = [entry.name for entry in parts.legend]
    layered = alt.layer(*parts.layers).encode(
        color=alt.Color("reeks:N", scale=alt.Scale(domain=names, range=[entry.colour for entry in parts.legend]),
                        legend=alt.Legend(title=None, orient="bottom", symbolType="stroke", symbolStrokeWidth=4)),
        strokeDash=alt.StrokeDash("reeks:N", scale=alt.Scale(domain=names, range=[list(e.dash) for e in parts.legend]),
                                  legend=None),
    ).resolve_scale(stroke="independent")
    what = "verandering sinds de eerste periode" if relative else indicator.naam.lower()
    title = f"{indicator.naam}: {team_label} door de tijd" if not relative else f"{indicator.naam}: {what}"
    notes = [f"Vergeleken met {peer_description}." if peer_description else "", window_note,
             f"Referentie: {reference.bron}." if reference is not None and not relative else ""]
    return finish(layered, title, subtitle=indicator.uitleg, source=" ".join(n for n in notes if n))


def _band(parts: _Parts, band: pd.DataFrame) -> None:
    parts.add(alt.Chart(check_rows(band.assign(reeks=SERIES_BAND).dropna(subset=["q1", "q3"]))).mark_area(
        opacity=0.8).encode(x=parts.x, y=alt.Y("q1:Q"), y2="q3:Q", color=alt.Color("reeks:N")),
        Legend(SERIES_BAND, BAND))


def _median(parts: _Parts, band: pd.DataFrame) -> None:
    parts.add(alt.Chart(check_rows(band.assign(reeks=SERIES_MEDIAN))).mark_line(strokeWidth=3).encode(
        x=parts.x, y=alt.Y("mediaan:Q"), color=alt.Color("reeks:N"), strokeDash=alt.StrokeDash("reeks:N"),
        tooltip=[alt.Tooltip("periode_label:N", title="Periode"),
                 alt.Tooltip("mediaan:Q", title="Mediaan", format=parts.fmt),
                 alt.Tooltip("n_teams:Q", title="Aantal teams")]), Legend(SERIES_MEDIAN, PEER, (6, 4)))


def _spc_lines(parts: _Parts, spc: pd.DataFrame) -> None:
    mean = spc.assign(reeks=SERIES_MEAN)
    limits = pd.concat([spc.assign(reeks=SERIES_LIMITS, grens=spc["bovengrens"], zijde="boven"),
                        spc.assign(reeks=SERIES_LIMITS, grens=spc["ondergrens"], zijde="onder")])
    parts.add(alt.Chart(check_rows(mean)).mark_line(strokeWidth=1.5).encode(
        x=parts.x, y="gemiddelde:Q", detail="fase:N", color=alt.Color("reeks:N"), strokeDash=alt.StrokeDash("reeks:N")),
        Legend(SERIES_MEAN, MARK_GREY, (2, 2)))
    parts.add(alt.Chart(check_rows(limits)).mark_line(strokeWidth=1.5).encode(
        x=parts.x, y="grens:Q", detail=alt.Detail(["fase:N", "zijde:N"]), color=alt.Color("reeks:N"),
        strokeDash=alt.StrokeDash("reeks:N")), Legend(SERIES_LIMITS, MARK_GREY, (8, 3)))


def _reference(parts: _Parts, reference: Reference, indicator: Indicator) -> None:
    label = f"Referentie: {reference.label.lower()} {format_like(reference.waarde, parts.fmt)}{unit_suffix(indicator.eenheid)}"
    ref = pd.DataFrame({"waarde": [reference.waarde], "reeks": [label]})
    parts.add(alt.Chart(ref).mark_rule(strokeWidth=3).encode(
        y="waarde:Q", color=alt.Color("reeks:N"), strokeDash=alt.StrokeDash("reeks:N"),
        tooltip=[alt.Tooltip("reeks:N", title="Referentie")]), Legend(label, REFERENCE, (10, 4)))


def _own_line(parts: _Parts, own: pd.DataFrame, indicator: Indicator, relative: bool) -> None:
    fmt = parts.fmt
    y_title = ("Verandering sinds de eerste periode (%)" if relative else indicator.naam
               if indicator.eenheid in indicator.naam else f"{indicator.naam} ({indicator.eenheid})")
    tooltip = [alt.Tooltip("periode_label:N", title="Periode"),
               alt.Tooltip("waarde:Q", title="Waarde" if not relative else "Verandering (%)", format=fmt)]
    if not relative and "ondergrens" in own:
        tooltip += [alt.Tooltip("ondergrens:Q", title="95%-interval van", format=fmt),
                    alt.Tooltip("bovengrens:Q", title="95%-interval tot", format=fmt)]
    if "onderdrukt" in own and (own["onderdrukt"].fillna("") != "").any():  # an empty 'Let op' says nothing
        tooltip.append(alt.Tooltip("onderdrukt:N", title="Let op"))
    if "reeksdeel" not in own:
        own = own.assign(reeksdeel=0)
    parts.add(alt.Chart(check_rows(own)).mark_line(strokeWidth=4, point=alt.OverlayMarkDef(size=90, filled=True))
              .encode(x=parts.x, y=alt.Y("waarde:Q", title=y_title, axis=alt.Axis(format=fmt), scale=alt.Scale(zero=False)),
                      color=alt.Color("reeks:N"), strokeDash=alt.StrokeDash("reeks:N"), detail="reeksdeel:N",
                      tooltip=tooltip))


def _breaks(parts: _Parts, shown: pd.DataFrame) -> None:
    marks = shown.assign(periode_label=shown["periode"].map(period_label),
                         tekst="Nieuwe reeks: " + shown["reden"].astype(str))
    parts.add(alt.Chart(marks).mark_rule(color=MARK_GREY, strokeWidth=2, strokeDash=[4, 4]).encode(
        x=parts.x, tooltip=[alt.Tooltip("periode_label:N", title="Vanaf"), alt.Tooltip("tekst:N", title="Reeksbreuk")]))
    parts.add(alt.Chart(marks).mark_text(align="left", dx=4, dy=-6, fontSize=14, color=MARK_GREY, baseline="top")
              .encode(x=parts.x, y=alt.value(0), text=alt.value("nieuwe reeks")))


def _hidden(parts: _Parts, hidden: pd.DataFrame) -> None:
    parts.add(alt.Chart(hidden).mark_text(dy=24, fontSize=12, color=MARK_GREY, baseline="top").encode(
        x=parts.x, y=alt.value(0), text=alt.value("verborgen"),
        tooltip=[alt.Tooltip("periode_label:N", title="Periode"), alt.Tooltip("onderdrukt:N", title="Waarde verborgen")]))


def _signals(parts: _Parts, spc: pd.DataFrame) -> None:
    signals = spc[spc["regel"] > 0].assign(signaal_tekst=lambda d: "Signaal: " + d["betekenis"])
    if not len(signals):
        return
    present = list(dict.fromkeys(signals["betekenis"]))
    parts.add(alt.Chart(signals).mark_point(size=420, strokeWidth=4, filled=False, shape="diamond").encode(
        x=parts.x, y="waarde:Q",
        stroke=alt.Stroke("signaal_tekst:N", title=None,
                          scale=alt.Scale(domain=[f"Signaal: {p}" for p in present],
                                          range=[SIGNAL_COLOURS.get(p, SPECIAL) for p in present]),
                          legend=alt.Legend(orient="bottom", title=None)),
        tooltip=[alt.Tooltip("periode_label:N", title="Periode"), alt.Tooltip("signaal:N", title="Signaal"),
                 alt.Tooltip("betekenis:N", title="Betekenis")]))
