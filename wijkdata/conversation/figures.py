"""The charts a conversation shows for its focus indicators: in Herkennen only the team's own line
(what do we see?), in Waarderen also the peers' band and the reference value (is it good?)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.charts import trend_chart
from wijkdata.formatting import format_value
from wijkdata.periods import period_label
from wijkdata.trends import (hidden_periods, own_trend, own_values, peer_band, since_last_break, spc_for,
                             team_series)


@dataclass
class FocusFigure:
    code: str
    naam: str
    chart: object  # an Altair chart
    zin: str  # what the chart shows, in one sentence (alt text, caption, report)


def focus_figure(ind_obs: pd.DataFrame, catalog: Catalog, team: str, code: str, *, team_label: str, threshold: int,
                 peers: list[str] | None = None, peer_description: str = "", breaks=None,
                 population: dict[str, float] | None = None, rebaselines=()) -> FocusFigure:
    """``peers`` None: the own line with SPC limits only; a list: with the peers' band and the
    reference value, for judging. ``breaks`` (periode, reden): where the team's series starts anew."""
    ind = catalog[code]
    starts = tuple(breaks["periode"]) if breaks is not None and len(breaks) else ()
    series = team_series(ind_obs, catalog, team, threshold, starts)
    trend = own_trend(ind_obs, catalog, team, code, starts, population)
    judging = peers is not None
    band = peer_band(ind_obs, catalog, peers, threshold) if judging else series.iloc[0:0].assign(
        mediaan=float("nan"), q1=float("nan"), q3=float("nan"), n_teams=0)
    spc = None if judging else spc_for(own_values(ind_obs, team, ind.kind, threshold), ind.polariteit,
                                       list(rebaselines), breaks=breaks, bounds=ind.bounds,
                                       hidden=hidden_periods(series))
    reference = ind.referenties[0] if judging and ind.referenties else None
    chart = trend_chart(series, band, ind, team_label=team_label, spc=spc, reference=reference,
                        peer_description=peer_description if judging else "", breaks=breaks)
    known = since_last_break(series, starts).dropna(subset=["waarde"])
    if trend["van"]:  # the caption spans the periods the trend test looked at, not the whole line
        known = known[(known["periode"] >= trend["van"]) & (known["periode"] <= trend["tot"])]
    if len(known):
        first, last = known.iloc[0], known.iloc[-1]
        zin = (f"{ind.naam} van {team_label}: van {format_value(first['waarde'], ind.eenheid)} in "
               f"{period_label(first['periode'])} naar {format_value(last['waarde'], ind.eenheid)} in "
               f"{period_label(last['periode'])}; "
               + (f"{trend['zin']}." if trend["van"] else "te weinig opeenvolgende periodes om een trend te toetsen."))
    else:
        zin = f"{ind.naam}: geen waarden om te tonen voor {team_label}."
    return FocusFigure(code, ind.naam, chart, zin)
