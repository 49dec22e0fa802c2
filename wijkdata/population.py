"""The population a count is compared per: jeugdigen (0 to 17 years) in the team's area.

A count says little between teams of different size: 40 crisistrajecten among 2.000 jeugdigen is
fewer per child than 16 among 500. So a count is compared between teams only per 1.000 jeugdigen,
taken from the team attributes (a column such as ``inwoners_0_17`` in the teams file, or a CBS
regional export). A team without that attribute keeps its count: shown and trended, never judged
against others.
"""

from __future__ import annotations

import math

import pandas as pd

from wijkdata.text import normalise_label

PER = 1000
UNIT = "per 1.000"  # the catalogue unit the converted values are shown in
UNIT_WORDS = "per 1.000 jeugdigen"
# how a teams file may name the attribute (compared after normalise_label)
POPULATION_LABELS = ("inwoners_0_17", "inwoners 0-17", "inwoners 0 tot 18 jaar", "inwoners 0 t/m 17 jaar",
                     "jeugdigen", "aantal jeugdigen", "jeugdigen 0-17", "jeugdigen 0 t/m 17 jaar",
                     "bevolking 0-17", "jongeren 0-17", "kinderen en jongeren 0-17")
_LABELS = {normalise_label(label) for label in POPULATION_LABELS}


def population_of(kenmerken) -> float | None:
    """The number of jeugdigen in a team's attributes, or None when it is missing or not a number."""
    if not isinstance(kenmerken, dict):
        return None
    for name, value in kenmerken.items():
        if normalise_label(name) in _LABELS:
            # the import stored numbers as numbers; a text here ('1.234'? 'ca. 2000') is not guessed at
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return None
            return float(value) if math.isfinite(value) and value > 0 else None
    return None


def populations_by_period(rows: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Team -> {periode: jeugdigen} from attribute rows with a period (team, periode, kenmerken),
    such as a CBS regional export with one row per wijk and year. Later rows win."""
    out: dict[str, dict[str, float]] = {}
    for team, periode, kenmerken in rows[["team", "periode", "kenmerken"]].itertuples(index=False):
        number = population_of(kenmerken)
        if isinstance(periode, str) and periode and number is not None:
            out.setdefault(team, {})[periode] = number
    return out


def exposure_for(periods, by_period: dict[str, float] | None) -> list[float | None]:
    """The jeugdigen for each period: the period's own value, else its year's ('2024-K3' takes
    '2024'), else None."""
    by_period = by_period or {}
    return [by_period.get(p, by_period.get(str(p)[:4])) for p in periods]


def team_populations(teams: pd.DataFrame) -> dict[str, float]:
    """Team -> jeugdigen, for the teams whose attributes hold it."""
    if teams.empty:
        return {}
    if "kenmerken" in teams:
        attributes = teams["kenmerken"]
    else:  # a plain teams table with one column per attribute
        attributes = teams.drop(columns=["team"]).to_dict("records")
    own = {t: population_of(k) for t, k in zip(teams["team"], attributes)}
    return {t: p for t, p in own.items() if p is not None}
