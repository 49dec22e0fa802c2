"""The funnel plot of one indicator: every team of the comparison group by its size, the lines
from the peers (so the own team gets the verdict the profile gives it), where the own team lies,
and the sentences under the chart. A funnel that cannot be drawn says why."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wijkdata.catalog import Indicator
from wijkdata.comparison import MIN_PEERS_FOR_VERDICT, computable
from wijkdata.stats.funnel import BINNEN, MIN_TEAMS_FOR_TAU, Funnel, funnel

KINDS = ("proportion", "rate", "mean", "duration")  # what a funnel can be drawn of


@dataclass
class FunnelView:
    indicator: Indicator
    result: Funnel | None  # None: see reason
    reason: str = ""  # why there is no funnel
    summary: str = ""
    lines_note: str = ""  # what the lines take into account

    def export(self, names: dict[str, str]) -> pd.DataFrame:
        return self.result.points.assign(team=self.result.points["team"].map(names))


def funnel_view(values: pd.DataFrame, ind: Indicator, team: str, peers: list[str], matched_on=()) -> FunnelView:
    """``values``: the comparison values of every team (comparison.team_values, with stand-ins)."""
    code = ind.code
    group = values[(values["indicator"] == code) & values["team"].isin([*peers, team])]
    calc = computable(values)  # the lines count a peer's hidden small count too, as the profile does
    result = funnel(group, ind.kind, scale=ind.scale,
                    reference=calc[(calc["indicator"] == code) & calc["team"].isin(peers)])
    name = ind.naam.lower()
    if result is None:
        return FunnelView(ind, None, f"Voor {name} zijn te weinig teams met teller en noemer (of aantal en spreiding) "
                                     "om een trechter te tekenen; er zijn er minstens drie nodig.")
    if result.k_reference < MIN_PEERS_FOR_VERDICT:
        return FunnelView(ind, None, f"Voor {name} hebben minder dan {MIN_PEERS_FOR_VERDICT} teams in de "
                                     "vergelijkingsgroep een teller en noemer (of aantal en spreiding): te weinig voor "
                                     "een trechter. Kies een grotere groep.")
    own = result.points[result.points["team"] == team]
    outside = int((result.points["positie"] != BINNEN).sum())
    where = own["positie"].iloc[0] if len(own) else "niet in de trechter (geen of een verborgen waarde)"
    if code in matched_on:
        where = "niet beoordeeld: de vergelijkbare teams zijn op dit cijfer gekozen"
    summary = (f"Trechter voor {name}: uw team ligt {where}; {outside} van de {len(result.points)} teams liggen "
               "buiten de 95%-grenzen.")
    if result.tau2 > 0:
        lines = ("Ze houden rekening met de gewone verschillen tussen teams (die zijn er altijd, ook om redenen die "
                 "geen toeval zijn); zo vallen alleen echte uitschieters erbuiten.")
    elif result.k_reference < MIN_TEAMS_FOR_TAU:
        lines = (f"Met {result.k_reference} teams zijn gewone verschillen tussen teams niet van toeval te onderscheiden "
                 f"(daarvoor zijn er minstens {MIN_TEAMS_FOR_TAU} nodig); de lijnen tellen alleen het toeval.")
    else:
        lines = "De teams verschillen niet meer dan het toeval doet; de lijnen tellen alleen het toeval."
    return FunnelView(ind, result, summary=summary, lines_note="De lijnen komen van de vergelijkingsgroep. " + lines)
