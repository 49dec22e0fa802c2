"""The ranking of one indicator over a team and its comparison group: every team's value with the
verdict the judgement model gives it, the team's place, and the sentence under the chart.

A count is ranked per 1.000 jeugdigen, and only over the teams whose number of jeugdigen is
known: a raw count of a big wijk is no better or worse than a small one's."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from wijkdata import population
from wijkdata.catalog import Catalog, Indicator
from wijkdata.comparison import RECKON_COLUMNS, group_verdicts


@dataclass
class RankingView:
    indicator: Indicator  # per 1.000 jeugdigen in its name and unit when a count is ranked so
    values: pd.DataFrame  # one row per team (the team and its peers) with 'vergelijking'; no stand-ins
    place: int | None  # the team's place, best first; None when it has no value that may be shown
    ranked: int  # teams with a value that may be shown
    per_child: bool
    summary: str

    def export(self, names: dict[str, str]) -> pd.DataFrame:
        """The numbers behind the chart, other teams by the names the viewer may see."""
        return self.values.assign(team=self.values["team"].map(names))[
            ["team", "periode", "waarde", "ondergrens", "bovengrens", "vergelijking"]]


def ranking_view(values: pd.DataFrame, catalog: Catalog, code: str, team: str, peers: list[str], benchmark: float,
                 matched_on=()) -> RankingView:
    """``values``: the comparison values of every team (comparison.team_values, with stand-in
    columns); ``benchmark``: the group's comparison value of ``code``; ``matched_on``: indicators
    the peers were chosen on (no verdict there)."""
    ind = catalog[code]
    group = values[(values["indicator"] == code) & values["team"].isin([*peers, team])]
    per_child = ind.kind == "count" and bool(group["per_inwoners"].any())
    if per_child:  # counts per 1.000 jeugdigen: a raw count of a team without that number is not comparable
        group = group[group["per_inwoners"]]
        ind = replace(ind, eenheid=population.UNIT, naam=f"{ind.naam} {population.UNIT_WORDS}")
    group = group.assign(vergelijking=group_verdicts(group, peers, catalog, benchmark, ind.polariteit, matched_on))
    group = group.drop(columns=RECKON_COLUMNS)  # stand-ins are for computing, never for the chart
    ranked = group.dropna(subset=["waarde"]).sort_values("waarde", ascending=ind.polariteit == "lager_is_beter")
    place = (ranked["team"].tolist().index(team) + 1) if team in set(ranked["team"]) else None
    if place:
        summary = f"{ind.naam}: uw team staat op plaats {place} van {len(ranked)}."
    elif per_child:
        summary = (f"{ind.naam}: van uw team is het aantal jeugdigen niet bekend, dus staat het niet in deze rangorde "
                   "per 1.000 jeugdigen.")
    else:
        summary = f"{ind.naam}: uw team heeft geen waarde die getoond mag worden."
    return RankingView(ind, group, place, len(ranked), per_child, summary)
