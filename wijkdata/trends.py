"""A team's figures over time: its series, the peers' band, SPC signals and the recent trend.

Inputs are observations of one indicator (already limited to the chosen periods); every
function returns a tidy DataFrame that the charts and tables draw directly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.comparison import MIN_PEERS_FOR_VERDICT
from wijkdata.stats.pooling import pool
from wijkdata.population import exposure_for
from wijkdata.periods import period_label, period_ordinal, periods_per_year
from wijkdata.privacy import suppress_small_counts
from wijkdata.stats.intervals import add_intervals
from wijkdata.stats.spc import ASSURANCE_WORDS, VARIATION_WORDS, assurance_icon, variation_icon, xmr
from wijkdata.stats.trend import recent_trend


def rolling_year(ind_obs: pd.DataFrame, catalog: Catalog, periods: int | None = None) -> pd.DataFrame:
    """Each period replaced by the pool of itself and the periods before it that make a year
    (teller and noemer summed, means weighted by n), for teams that have all of them: four
    quarters, twelve months (see periods_per_year). Small quarterly counts become yearly counts
    that can be shown, and quarterly noise evens out."""
    f = ind_obs.dropna(subset=["waarde"])
    if f.empty:
        return f.copy()
    periods = periods or periods_per_year(f["periode"])
    ordinal = f["periode"].map(period_ordinal)
    code_of = dict(zip(ordinal, f["periode"]))
    copies = [f.assign(_end=ordinal + k) for k in range(periods)]
    stacked = pd.concat(copies, ignore_index=True)
    stacked = stacked[stacked["_end"].isin(code_of)]
    size = stacked.groupby(["team", "_end"])["waarde"].transform("size")
    pooled = pool(stacked[size == periods], catalog, ["team", "_end"])
    pooled["periode"] = pooled["_end"].map(code_of)
    return pooled.drop(columns="_end").sort_values(["team", "periode"]).reset_index(drop=True)


def rolling_year_within_parts(ind_obs: pd.DataFrame, catalog: Catalog, team: str, breaks=()) -> pd.DataFrame:
    """rolling_year for every team, but the own team's periods are pooled only within one part of
    its series: a rolling year never takes quarters from before a series break."""
    year = periods_per_year(ind_obs["periode"])
    if not len(breaks):
        return rolling_year(ind_obs, catalog, year)
    own = ind_obs["team"] == team
    parts = series_part(ind_obs.loc[own, "periode"], breaks)
    pieces = [rolling_year(ind_obs[~own], catalog, year)]
    pieces += [rolling_year(ind_obs[own][parts == p], catalog, year) for p in np.unique(parts)]
    return pd.concat([p for p in pieces if len(p)] or [pieces[0]], ignore_index=True)


def series_part(periods: pd.Series, breaks=()) -> np.ndarray:
    """Which part of a series each period belongs to: 0 before the first break, 1 from it on, …
    ``breaks`` are the periods where a new series starts (a boundary change of the wijk)."""
    return np.searchsorted(sorted(breaks), periods.to_numpy(dtype=object), side="right")


def since_last_break(frame: pd.DataFrame, breaks=()) -> pd.DataFrame:
    """The rows from the latest break on: a trend or a 'from … to …' never runs across one."""
    if not len(breaks) or frame.empty:
        return frame
    return frame[frame["periode"] >= max(breaks)]


def team_series(ind_obs: pd.DataFrame, catalog: Catalog, team: str, threshold: int, breaks=()) -> pd.DataFrame:
    """The team's own values per period, suppressed, with confidence intervals; ``reeksdeel``
    numbers the parts between series breaks (the chart draws no line across a break)."""
    own = ind_obs[ind_obs["team"] == team].sort_values("periode")
    own = add_intervals(suppress_small_counts(own, catalog, threshold), catalog)
    own["periode_label"] = own["periode"].map(period_label)
    own["reeksdeel"] = series_part(own["periode"], breaks)
    return own.reset_index(drop=True)


def peer_band(ind_obs: pd.DataFrame, catalog: Catalog, peers: list[str], threshold: int) -> pd.DataFrame:
    """Per period over the peers, with at least five peers: median and interquartile range.
    Values are suppressed before they enter (a hidden small count is not in the median either)."""
    f = ind_obs[ind_obs["team"].isin(set(peers))]
    f = suppress_small_counts(f, catalog, threshold).dropna(subset=["waarde"])
    cols = ["periode", "periode_label", "mediaan", "q1", "q3", "n_teams"]
    # a count is compared per 1.000 jeugdigen or not at all: a band of raw counts of bigger and
    # smaller teams beside the team's line would compare what the verdicts refuse to
    if f.empty or all(catalog[c].kind == "count" if c in catalog else False for c in f["indicator"].unique()):
        return pd.DataFrame(columns=cols)
    g = f.groupby("periode")["waarde"]
    quartiles = g.quantile([0.25, 0.5, 0.75]).unstack()  # one pass for the three (the median is the middle one)
    out = pd.DataFrame({"mediaan": quartiles[0.5], "q1": quartiles[0.25], "q3": quartiles[0.75],
                        "n_teams": g.size()}).reset_index()
    few = out["n_teams"] < MIN_PEERS_FOR_VERDICT  # fewer: no band at all (chance, and close to naming a team)
    out.loc[few, ["mediaan", "q1", "q3"]] = np.nan
    out["periode_label"] = out["periode"].map(period_label)
    return out[cols]


def relative_change(series: pd.DataFrame, column: str = "waarde") -> pd.Series:
    """Percent change against the first period with a value (the 'relatief' view of the chart)."""
    values = series[column].astype(float)
    first = values.dropna()
    if first.empty or first.iloc[0] == 0:
        return pd.Series(np.nan, index=series.index)
    return 100 * (values / first.iloc[0] - 1)


def own_trend(ind_obs: pd.DataFrame, catalog: Catalog, team: str, code: str, breaks=(),
              population: dict[str, float] | None = None) -> pd.Series:
    """The recent-trend verdict for the team, tested on its per-period teller/noemer as stored.
    Only the verdict is shown, never a small count, so the test may use the counts a chart hides.
    Only the periods since the latest series break count. ``population``: the team's jeugdigen
    per period (population.populations_by_period); a count is then tested per jeugdige, so a
    growing area does not make a steady rate look like a rise."""
    own = since_last_break(ind_obs[ind_obs["team"] == team].sort_values("periode"), breaks)
    ind = catalog[code]
    if ind.kind == "count" and population:
        own = own.assign(blootstelling=exposure_for(own["periode"], population))
    return recent_trend(own, ind.kind, ind.polariteit).iloc[0]


def change_table(frames: dict[str, pd.DataFrame], catalog: Catalog, team: str, threshold: int,
                 breaks=(), population: dict[str, float] | None = None, rebaselines=None) -> pd.DataFrame:
    """Per indicator (``frames`` maps code -> its observations): first and last period with a
    value that may be shown, the values, absolute and relative change, and the recent trend;
    all since the latest series break."""
    rows = []
    for code, ind_obs in frames.items():
        series = since_last_break(team_series(ind_obs, catalog, team, threshold), breaks)
        known = series.dropna(subset=["waarde"])
        ind = catalog[code]
        whole = since_last_break(own_values(ind_obs, team, ind.kind, threshold), breaks)
        variation, assurance = making_data_count(whole, ind, (rebaselines or {}).get(code, ()))
        trend = own_trend(ind_obs, catalog, team, code, breaks, population)["zin"]
        row = dict(indicator=code, naam=ind.naam, eenheid=ind.eenheid, van="", tot="", begin=np.nan, eind=np.nan,
                   verschil=np.nan, verschil_pct=np.nan, trend=trend, variatie=variation, referentie=assurance)
        if len(known):
            start, end = known.iloc[0], known.iloc[-1]
            row.update(van=period_label(start["periode"]), tot=period_label(end["periode"]), begin=start["waarde"],
                       eind=end["waarde"], verschil=end["waarde"] - start["waarde"],
                       verschil_pct=100 * (end["waarde"] / start["waarde"] - 1) if start["waarde"] else np.nan)
        rows.append(row)
    return pd.DataFrame(rows)


def making_data_count(series: pd.DataFrame, ind, rebaselines=()) -> tuple[str, str]:
    """The Making Data Count summary of a team series (since its last break) in words: the
    variation of the latest point and, against the reference value, whether it is met.
    ``rebaselines``: the team's (periode, reden) for this indicator, as its SPC chart has them."""
    result = xmr(series, ind.polariteit, list(rebaselines), bounds=ind.bounds)
    target = ind.referenties[0].waarde if ind.referenties else None
    return (VARIATION_WORDS.get(variation_icon(result, ind.polariteit), ""),
            ASSURANCE_WORDS.get(assurance_icon(result, target, ind.polariteit), ""))


def own_values(ind_obs: pd.DataFrame, team: str, kind: str, threshold: int) -> pd.DataFrame:
    """The team's values per period as computed with (small counts as their stand-ins, see
    privacy.py), not blanked: SPC and triggers run on the whole series, so hiding a small count
    on screen does not turn 0, 3, 0, 2 into a run of zeros. A share of at most ``threshold``
    people is left out: 1 of 3 is no measurement of a percentage."""
    own = ind_obs[(ind_obs["team"] == team) & ind_obs["waarde"].notna()].sort_values("periode")
    if kind == "proportion" and "noemer" in own:
        own = own[~(own["noemer"] <= threshold)]
    return own[["periode", "waarde"]].reset_index(drop=True)


def hidden_periods(series: pd.DataFrame) -> list[str]:
    """The periods of a team_series whose value is hidden on screen (a small count)."""
    return series.loc[series["onderdrukt"] != "", "periode"].tolist() if "onderdrukt" in series else []


def spc_for(series: pd.DataFrame, polarity: str, rebaselines=None, breaks=None,
            bounds: tuple[float, float] = (-np.inf, np.inf), hidden=()) -> pd.DataFrame:
    """XmR analysis of the team series, with the period labels the charts show. A series break
    (``breaks``: periode, reden) starts a new phase like a rebaseline does; ``bounds`` (the
    indicator's) keep the limits within what the measure can take. ``hidden``: periods whose
    value may not be shown; they count in the limits and rules, and their value is blanked in
    the result (``verborgen``), so a chart or a sentence never shows it."""
    starts = list(rebaselines or [])
    if breaks is not None and len(breaks):
        starts += [(p, f"Nieuwe reeks: {r}") for p, r in zip(breaks["periode"], breaks["reden"])]
    result = xmr(series, polarity, starts, bounds)
    result["periode_label"] = result["periode"].map(period_label)
    result["verborgen"] = result["periode"].isin(list(hidden))
    result.loc[result["verborgen"], ["waarde", "bewegend_bereik"]] = np.nan
    after_hidden = result["verborgen"].shift(fill_value=False).astype(bool)
    result.loc[after_hidden, "bewegend_bereik"] = np.nan  # the next range would give the hidden value back
    return result
