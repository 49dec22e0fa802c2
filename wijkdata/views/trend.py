"""The trend of one indicator for one team: its series, the peers' band, the trend test, SPC and
the sentence that says what the chart shows. Trends and the conversation both show it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wijkdata.catalog import Catalog, Indicator
from wijkdata.formatting import format_value
from wijkdata.periods import period_label
from wijkdata.stats.spc import describe_signals
from wijkdata.trends import hidden_periods, own_trend, own_values, peer_band, since_last_break, spc_for, team_series


@dataclass
class TrendView:
    indicator: Indicator
    series: pd.DataFrame  # the team's values by period (hidden ones blanked), with intervals
    band: pd.DataFrame  # the peers' median and middle half by period; empty when not compared
    trend: dict  # the trend test: pijl, zin, van, tot, methode (stats/trend.py)
    spc: pd.DataFrame | None  # SPC on the team's own values; None when not asked for
    signals: list[str]  # the SPC signals in words
    summary: str  # one sentence: from … to …, and the trend

    @property
    def hidden(self) -> int:
        """How many of the series' values are hidden as small counts."""
        return int((self.series["onderdrukt"] != "").sum())

    @property
    def provisional(self) -> bool:
        """SPC limits from fewer than 12 points."""
        return self.spc is not None and len(self.spc) > 0 and bool(self.spc["voorlopig"].iloc[-1])

    def notes(self, threshold: int, *, after_break: bool, per_period: bool) -> list[str]:
        """The lines under the heading: which periods the trend test looked at (or why there is
        none), and how many values are hidden (with the way to see more of them)."""
        trend = self.trend
        if trend["zin"] == "te weinig punten":
            lines = ["Voor een trend zijn vijf opeenvolgende periodes met een waarde nodig"
                     + (" sinds de laatste reeksbreuk." if after_break else ".")]
        else:
            lines = [f"Trend over {period_label(trend['van'])} t/m {period_label(trend['tot'])} ({trend['methode']}; "
                     "alleen een verandering buiten de 99,8%-grens telt)."]
        if self.hidden:
            lines.append(f"{self.hidden} van de {len(self.series)} waarden zijn verborgen omdat het om kleine aantallen "
                         f"gaat (1 tot en met {threshold})."
                         + (" Kies ‘voortschrijdend jaar’ om een jaar samen te nemen." if per_period else ""))
        return lines

    def spc_lines(self) -> tuple[str, list[str]]:
        """SPC in words: a caption when the limits are provisional, and one line per signal (or
        that there is none). Empty without SPC."""
        if self.spc is None:
            return "", []
        caption = (f"De SPC-grenzen zijn voorlopig: er zijn {len(self.spc)} punten, vanaf 12 zijn ze stevig."
                   if self.provisional else "")
        lines = [f"**SPC-signaal**: {sentence}" for sentence in self.signals]
        if len(self.spc) and not self.signals:
            lines.append("Geen SPC-signalen: de schommelingen vallen binnen wat gewoon is voor dit team.")
        return caption, lines

    def export(self) -> pd.DataFrame:
        """The numbers behind the chart, one row per period (for the table and the download)."""
        own = self.series[["periode_label", "waarde", "ondergrens", "bovengrens", "onderdrukt"]]
        peers = self.band[["periode_label", "mediaan", "q1", "q3", "n_teams"]]
        return own.merge(peers, on="periode_label", how="outer").rename(columns={"periode_label": "periode"})


def trend_view(ind_obs: pd.DataFrame, catalog: Catalog, team: str, code: str, *, team_label: str, threshold: int,
               breaks: pd.DataFrame | None = None, population: dict[str, float] | None = None,
               peers: list[str] | None = None, rebaselines=None, shown: pd.DataFrame | None = None) -> TrendView:
    """``ind_obs``: every team's observations of ``code`` per period (the trend and SPC are tested on
    them). ``shown``: what the chart draws instead, e.g. rolling years; defaults to ``ind_obs``.
    ``peers``: the teams of the band (None: no band). ``rebaselines`` [(periode, reden)]: SPC with
    these new baselines; None: no SPC. ``breaks`` (periode, reden): where the series starts anew."""
    ind = catalog[code]
    starts = tuple(breaks["periode"]) if breaks is not None and len(breaks) else ()
    shown = ind_obs if shown is None else shown
    series = team_series(shown, catalog, team, threshold, starts)
    if peers is None:
        band = series.iloc[0:0].assign(mediaan=float("nan"), q1=float("nan"), q3=float("nan"), n_teams=0)
    else:
        band = peer_band(shown, catalog, peers, threshold)
    trend = own_trend(ind_obs, catalog, team, code, starts, population)
    spc, signals = None, []
    if rebaselines is not None:
        spc = spc_for(own_values(ind_obs, team, ind.kind, threshold), ind.polariteit, list(rebaselines), breaks=breaks,
                      bounds=ind.bounds, hidden=hidden_periods(series))
        signals = describe_signals(spc, period_label)
    return TrendView(ind, series, band, trend, spc, signals, summary_sentence(ind, series, trend, team_label, starts))


def summary_sentence(ind: Indicator, series: pd.DataFrame, trend: dict, team_label: str, starts=()) -> str:
    """What the chart shows in one sentence (alt text, caption, report): the first and the last value
    the trend test looked at, and its verdict."""
    known = since_last_break(series, starts).dropna(subset=["waarde"])
    if trend["van"]:  # the sentence spans the periods the trend test looked at, not the whole line
        known = known[(known["periode"] >= trend["van"]) & (known["periode"] <= trend["tot"])]
    if not len(known):
        return f"{ind.naam}: geen waarden om te tonen voor {team_label}."
    first, last = known.iloc[0], known.iloc[-1]
    return (f"{ind.naam} van {team_label}: van {format_value(first['waarde'], ind.eenheid)} in "
            f"{period_label(first['periode'])} naar {format_value(last['waarde'], ind.eenheid)} in "
            f"{period_label(last['periode'])}; "
            + (f"{trend['zin']}." if trend["van"] else "te weinig opeenvolgende periodes om een trend te toetsen."))
