"""The sentences that judge a figure, written in one place: the Waarderen screen shows them under a
chart, and a prompt that the same judgement calls for gives them as its reason. One source, so a
prompt never says "het wordt slechter" next to a chart that says "geen duidelijke verandering".
"""

from __future__ import annotations

import pandas as pd

from wijkdata.catalog import Indicator
from wijkdata.formatting import format_value
from wijkdata.periods import period_range
from wijkdata.comparison import MIN_PEERS_FOR_VERDICT
from wijkdata.population import UNIT, UNIT_WORDS
from wijkdata.stats.compare import COMPARISON_TEXT, GEEN_INWONERTAL, TE_WEINIG
from wijkdata.trends import making_data_count


def comparison_sentence(row: pd.Series, ind: Indicator, peer_description: str) -> str:
    """The team's pooled last year against its comparison group (a row of comparison_table)."""
    unit = row.get("eenheid") or ind.eenheid  # a count compared per 1.000 jeugdigen has that unit
    shown = format_value(row["waarde"], unit)
    if unit == UNIT and ind.kind == "count":
        shown = f"{format_value(row['waarde'], 'vrij')} {UNIT_WORDS}"  # '20,0 per 1.000 jeugdigen'
    text = f"{ind.naam} over het laatste jaar: {shown}"
    modelled = pd.notna(row.get("verwacht_van")) and pd.notna(row.get("verwacht_tot"))
    if not modelled and pd.notna(row.get("ondergrens")) and pd.notna(row.get("bovengrens")):
        # judged by the team's own interval (a duration, a share without teller and noemer)
        text += (f" (95%-interval {format_value(row['ondergrens'], unit)} tot "
                 f"{format_value(row['bovengrens'], unit)})")
    if row["vergelijking"] == GEEN_INWONERTAL:
        return (f"{text}. Een aantal zegt pas iets naast andere teams per 1.000 jeugdigen; het aantal jeugdigen van "
                "uw team is niet bekend, dus er is geen vergelijking.")
    if row["vergelijking"] == TE_WEINIG:
        return (f"{text}; in {peer_description} hebben minder dan {MIN_PEERS_FOR_VERDICT} teams een cijfer, "
                "te weinig om te vergelijken.")
    verdict = COMPARISON_TEXT.get(row["vergelijking"], str(row["vergelijking"]))
    bench = f"{peer_description}: {format_value(row['benchmark'], unit)}"
    if modelled:  # the judgement model: the range a team of this size falls in within its group
        bench += (f", voor een team van uw grootte gewoonlijk {format_value(row['verwacht_van'], unit)} tot "
                  f"{format_value(row['verwacht_tot'], unit)}")
    return f"{text}; {bench}; uw team is {verdict}."


def reference_sentence(row: pd.Series, ind: Indicator) -> str | None:
    """The team against the catalogue's reference value, when there is one."""
    if pd.isna(row.get("referentie")):
        return None
    verdict = COMPARISON_TEXT.get(row.get("vergelijking_referentie"), "niet te beoordelen")
    return (f"{ind.naam}: {format_value(row['waarde'], ind.eenheid)} tegen de referentiewaarde "
            f"{format_value(row['referentie'], ind.eenheid)} ({row['referentie_bron']}), uw team is {verdict}.")


def spc_sentence(series: pd.DataFrame, ind: Indicator, rebaselines=()) -> str | None:
    """The Making Data Count summary in one sentence: variation of the latest point and, with a
    reference value, whether the team meets it at its current spread. ``series``: the team's
    values since its latest series break (trends.own_values)."""
    variation, assurance = making_data_count(series, ind, rebaselines)
    if not variation:
        return None
    return f"{ind.naam} in de tijd (SPC): {variation}" + (f"; {assurance}." if assurance else ".")


def trend_sentence(trend: pd.Series, ind: Indicator) -> str:
    """The recent-trend test in words, with the periods it looked at."""
    if not trend["van"]:
        return f"{ind.naam}: {trend['zin']} om een trend te toetsen."
    return (f"{ind.naam} {trend['zin']} (laatste {int(trend['n_punten'])} periodes, "
            f"{period_range(trend['van'], trend['tot'])}).")
