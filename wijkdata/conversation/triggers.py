"""Signals in a team's figures that call for a conversation prompt, each with its reason in words.

The rules, per indicator of the team:
- trend_slechter: the recent-trend test says it gets worse (last five periods, beyond 99,8%);
- spc_signaal: an SPC rule fires in the last three points;
- slechter_dan_peers: clearly worse than the peer group over the last year, and the recent-trend
  test does not show it getting better (a team that is catching up is not pushed);
- onder_referentie: clearly worse than the catalogue's reference value;
- meten: periods without a figure among the last eight (measure consistently and regularly);
and for the team as a whole:
- niet_actief: own delivery of ambulante jeugdhulp at or under 5% (not *actief*);
- profiel: the team's profile, with the starters of its profile card.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.comparison import comparison_table, team_values
from wijkdata.conversation.verdicts import comparison_sentence, reference_sentence, trend_sentence
from wijkdata.formatting import format_number
from wijkdata.peers import ACTIEF_THRESHOLD, actief_status
from wijkdata.periods import period_label
from wijkdata.stats.compare import SLECHTER
from wijkdata.stats.spc import describe_signals, xmr
from wijkdata.trends import own_trend, own_values, since_last_break

WEIGHTS = {"trend_slechter": 3, "slechter_dan_peers": 3, "spc_signaal": 2, "onder_referentie": 2, "niet_actief": 2,
           "meten": 1, "profiel": 0}
RECENT_SPC_POINTS = 3
MEASURE_WINDOW = 8
DEFAULT_FOCUS = ("tevredenheid", "uitval", "doelen_bereikt")
MAX_FOCUS = 4


@dataclass(frozen=True)
class Signal:
    kind: str  # a key of WEIGHTS
    indicator: str | None
    reden: str  # the reason in words, shown under the prompt
    starters: tuple = field(default_factory=tuple)  # profile starters (describe.Starter), for kind 'profiel'

    @property
    def weight(self) -> int:
        return WEIGHTS[self.kind]


def _indicator_signals(ind_obs: pd.DataFrame, catalog: Catalog, team: str, code: str, threshold: int,
                       row: pd.Series | None, periods: list[str], breaks=(),
                       peer_description: str = "de vergelijkingsgroep", population=None,
                       rebaselines=()) -> list[Signal]:
    """``ind_obs``: the team's observations of one indicator; ``breaks``: the periods where the
    team's series starts anew (nothing is judged across one)."""
    ind = catalog[code]
    out = []
    trend = own_trend(ind_obs, catalog, team, code, breaks, population)
    if trend["oordeel"] == "slechter":
        out.append(Signal("trend_slechter", code, trend_sentence(trend, ind)))
    # on the whole series: a hidden small count still counts (as its stand-in), so hiding it for
    # the screen never turns 0, 3, 0, 2 into 0, 0 and a false 'run on one side'
    spc = xmr(since_last_break(own_values(ind_obs, team, ind.kind, threshold), breaks), ind.polariteit,
              list(rebaselines), bounds=ind.bounds)
    recent = spc.tail(RECENT_SPC_POINTS)
    if len(spc) and (recent["regel"] > 0).any():
        sentences = describe_signals(spc[spc["periode"] >= recent["periode"].iloc[0]], period_label)
        if sentences:
            out.append(Signal("spc_signaal", code, f"{ind.naam}: {sentences[0]}"))
    if row is not None:  # the reasons are the Waarderen screen's own sentences (verdicts.py)
        if row["vergelijking"] == SLECHTER and trend["oordeel"] != "beter":
            out.append(Signal("slechter_dan_peers", code, comparison_sentence(row, ind, peer_description)))
        if row.get("vergelijking_referentie") == SLECHTER:
            out.append(Signal("onder_referentie", code, reference_sentence(row, ind)))
    own = ind_obs.loc[(ind_obs["team"] == team) & ind_obs["waarde"].notna(), "periode"]
    if len(own):
        window = [p for p in periods if p >= own.min()][-MEASURE_WINDOW:]
        missing = [p for p in window if p not in set(own)]
        if missing:
            listed = ", ".join(period_label(p) for p in missing[:4]) + (" en meer" if len(missing) > 4 else "")
            out.append(Signal("meten", code, f"{ind.naam}: geen cijfer voor {listed}."))
    return out


def find_signals(obs: pd.DataFrame, catalog: Catalog, team: str, peers: list[str], threshold: int,
                 codes: list[str] | None = None, profile=None, values: pd.DataFrame | None = None,
                 breaks=(), peer_description: str = "de vergelijkingsgroep",
                 populations: dict[str, float] | None = None,
                 population_by_period: dict[str, float] | None = None, rebaselines=None) -> list[Signal]:
    """All signals for ``team``, strongest first (ties in catalogue order). ``obs`` holds the
    observations of all teams in the chosen periods; ``profile`` a profiles.ProfileDescription;
    ``values`` the pooled year of every team (comparison.team_values), when a caller has it already;
    otherwise it is computed here, with counts per 1.000 jeugdigen for the teams in ``populations``.
    ``population_by_period``: the team's jeugdigen per period, the exposure of a count's trend;
    ``rebaselines``: indicator -> [(periode, reden)], the team's SPC re-baselines."""
    present = set(obs.loc[obs["team"] == team, "indicator"])
    codes = [c for c in (codes or catalog.codes) if c in present and c in catalog]
    periods = sorted(obs["periode"].unique())
    table = pd.DataFrame()
    if peers:
        if values is None:
            values = team_values(obs[obs["team"].isin([team, *peers])], catalog, "jaar", threshold,
                                 populations=populations)
        table = comparison_table(values, catalog, team, peers).set_index("indicator")
    signals: list[Signal] = []
    own_obs = obs[(obs["team"] == team) & obs["indicator"].isin(codes)]
    by_indicator = dict(tuple(own_obs.groupby("indicator", sort=False)))
    for code in codes:
        row = table.loc[code] if code in table.index else None
        signals += _indicator_signals(by_indicator[code], catalog, team, code, threshold, row, periods, breaks,
                                      peer_description, population_by_period, (rebaselines or {}).get(code, ()))
    status = actief_status(obs[obs["indicator"] == "eigen_uitvoering"])
    own = status[status["team"] == team]
    if len(own) and not bool(own["actief"].iloc[0]):
        pct = format_number(own["eigen_uitvoering"].iloc[0])
        signals.append(Signal("niet_actief", "eigen_uitvoering", f"Uw team voerde in het laatste jaar {pct}% van de "
                                                                 "ambulante jeugdhulp zelf uit; een team heet actief "
                                                                 f"boven {format_number(ACTIEF_THRESHOLD, 0)}%."))
    if profile is not None:
        signals.append(Signal("profiel", None, f"Uw team hoort bij het profiel ‘{profile.naam}’.",
                              tuple(profile.starters)))
    order = {c: i for i, c in enumerate(catalog.codes)}
    return sorted(signals, key=lambda s: (-s.weight, order.get(s.indicator, len(order))))


def propose_focus(signals: list[Signal], available: list[str], count: int = 3) -> list[str]:
    """The indicators with the strongest signals (at most ``count``); without signals a few that
    every team monitors (satisfaction, drop-out, goals reached)."""
    score: dict[str, int] = {}
    for s in signals:
        if s.indicator in available and s.weight:
            score[s.indicator] = score.get(s.indicator, 0) + s.weight
    order = {c: i for i, c in enumerate(available)}
    chosen = sorted(score, key=lambda c: (-score[c], order[c]))[:count]
    return chosen or [c for c in DEFAULT_FOCUS if c in available][:count] or available[:1]
