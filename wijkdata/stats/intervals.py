"""Confidence intervals as used by public benchmark tools (PHE/OHID Fingertips methods).

- proportions: Wilson score interval;
- counts and rates: exact Poisson (chi-square) below 10 events, Byar's approximation from 10 on;
- means: t with n-1 degrees of freedom, when n and sd are given.

Every function is vectorised and returns a DataFrame with ``ondergrens`` and ``bovengrens``; a
value that cannot get an interval gets NaN (never an invented one).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats

from wijkdata.catalog import Catalog

EXACT_POISSON_BELOW = 10


@lru_cache(maxsize=64)
def z_value(level: float) -> float:
    """Two-sided normal quantile: 0.95 -> 1.96, 0.998 -> 3.09. Kept per level: the overview asks
    for the same two levels thousands of times, and each scipy call costs 0,1 ms."""
    return float(stats.norm.ppf(0.5 + level / 2))


def _arr(values) -> np.ndarray:
    return np.asarray(pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce"), dtype=float)


def wilson_interval(teller, noemer, level: float = 0.95) -> pd.DataFrame:
    """Wilson score interval for teller/noemer, as fractions 0..1."""
    x, n = _arr(teller), _arr(noemer)
    z = z_value(level)
    valid = (n > 0) & (x >= 0) & (x <= n)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    # at 0 of n and n of n the limit is exactly 0 or 1; rounding would leave 6,9e-18 or 0,999…,
    # and a benchmark of exactly 0% or 100% would then be "outside" the interval
    lo = np.where(valid, np.where(x == 0, 0.0, np.clip(centre - half, 0, 1)), np.nan)
    hi = np.where(valid, np.where(x == n, 1.0, np.clip(centre + half, 0, 1)), np.nan)
    return pd.DataFrame({"waarde": np.where(valid, p, np.nan), "ondergrens": lo, "bovengrens": hi})


def poisson_interval(count, level: float = 0.95) -> pd.DataFrame:
    """Interval for an observed count: exact (chi-square) below 10 events, Byar's otherwise."""
    o = _arr(count)
    alpha = 1 - level
    z = z_value(level)
    valid = o >= 0
    with np.errstate(invalid="ignore", divide="ignore"):
        exact_lo = np.where(o > 0, stats.chi2.ppf(alpha / 2, 2 * o) / 2, 0.0)
        exact_hi = stats.chi2.ppf(1 - alpha / 2, 2 * (o + 1)) / 2
        byar_lo = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
        byar_hi = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
    use_exact = o < EXACT_POISSON_BELOW
    lo = np.where(valid, np.where(use_exact, exact_lo, byar_lo), np.nan)
    hi = np.where(valid, np.where(use_exact, exact_hi, byar_hi), np.nan)
    return pd.DataFrame({"waarde": np.where(valid, o, np.nan), "ondergrens": lo, "bovengrens": hi})


def rate_interval(teller, noemer, level: float = 0.95) -> pd.DataFrame:
    """A count per unit of noemer (e.g. trajecten per fte): the count's interval divided by noemer."""
    n = _arr(noemer)
    counts = poisson_interval(teller, level)
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.where(n > 0, 1 / n, np.nan)
    return counts.mul(factor, axis=0)


def mean_interval(mean, sd, n, level: float = 0.95) -> pd.DataFrame:
    """t-based interval for a mean with n-1 degrees of freedom; needs n >= 2 and sd >= 0."""
    m, s, k = _arr(mean), _arr(sd), _arr(n)
    valid = (k >= 2) & (s >= 0) & np.isfinite(m)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = stats.t.ppf(0.5 + level / 2, np.where(valid, k - 1, 1))
        half = t * s / np.sqrt(k)
    return pd.DataFrame({"waarde": np.where(np.isfinite(m), m, np.nan),
                         "ondergrens": np.where(valid, m - half, np.nan),
                         "bovengrens": np.where(valid, m + half, np.nan)})


METHOD_LABELS = {
    "proportion": "Wilson",
    "count": "Poisson (exact onder 10, Byar vanaf 10)",
    "rate": "Poisson (exact onder 10, Byar vanaf 10)",
    "mean": "t-verdeling",
    "duration": "t-verdeling (als n en sd bekend zijn)",
}


def add_intervals(obs: pd.DataFrame, catalog: Catalog, level: float = 0.95) -> pd.DataFrame:
    """Add ``ondergrens`` and ``bovengrens`` in the unit shown on screen (percent for %).

    Each indicator gets the method of its kind; a proportion without teller/noemer, or a mean
    without n and sd, keeps its point value and gets no interval.
    """
    out = obs.copy()
    out["ondergrens"] = np.nan
    out["bovengrens"] = np.nan
    if out.empty:
        return out
    kinds = out["indicator"].map(lambda c: catalog[c].kind if c in catalog else "")
    for kind, idx in out.groupby(kinds, sort=False).groups.items():
        part = out.loc[idx]
        if kind == "proportion":
            ci = wilson_interval(part["teller"], part["noemer"], level)
            scale = part["indicator"].map(lambda c: catalog[c].scale if c in catalog else 1.0).to_numpy(float)
            lo, hi = ci["ondergrens"].to_numpy() * scale, ci["bovengrens"].to_numpy() * scale
        elif kind == "count":
            ci = poisson_interval(part["waarde"], level)
            lo, hi = ci["ondergrens"].to_numpy(), ci["bovengrens"].to_numpy()
            if "per_inwoners" in part:  # a count per 1.000 jeugdigen: teller the count, noemer the thousands
                per = part["per_inwoners"].fillna(False).astype(bool).to_numpy()
                rate = rate_interval(part["teller"], part["noemer"], level)
                lo = np.where(per, rate["ondergrens"].to_numpy(), lo)
                hi = np.where(per, rate["bovengrens"].to_numpy(), hi)
        elif kind == "rate":
            ci = rate_interval(part["teller"], part["noemer"], level)
            scale = part["indicator"].map(lambda c: catalog[c].scale if c in catalog else 1.0).to_numpy(float)
            lo, hi = ci["ondergrens"].to_numpy() * scale, ci["bovengrens"].to_numpy() * scale
        elif kind in ("mean", "duration"):
            ci = mean_interval(part["waarde"], part["sd"], part["n"], level)
            lo, hi = ci["ondergrens"].to_numpy(), ci["bovengrens"].to_numpy()
        else:
            continue
        out.loc[idx, "ondergrens"] = lo
        out.loc[idx, "bovengrens"] = hi
    return out
