"""Recent trend over the last five consecutive periods, as Fingertips reports it.

- proportions with teller/noemer: chi-square test for trend (Cochran–Armitage);
- counts and rates: the Poisson score test for trend (exposure = noemer; for a count the
  jeugdigen per period when known, else 1);
- everything else: weighted least squares on the values (weights 1/se² when n and sd give a
  standard error, otherwise ordinary least squares with a t-test).

Only a change beyond the 99.8% cut-off (p < 0.002) counts: with many indicators and teams,
a 95% cut-off would cry wolf every meeting.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from wijkdata.periods import period_ordinal

TREND_POINTS = 5
SIGNIFICANCE = 0.002  # 99.8%

TOO_FEW = "te weinig punten"
NO_CHANGE = "geen duidelijke verandering"
ARROWS = {"stijgt": "↑", "daalt": "↓", None: "→"}


def _phrase(direction: str | None, polarity: str) -> tuple[str, str | None]:
    if direction is None:
        return NO_CHANGE, None
    if polarity == "geen_oordeel":
        return direction, None
    good = (direction == "stijgt") == (polarity == "hoger_is_beter")
    judgement = "beter" if good else "slechter"
    return f"{direction} en wordt {judgement}", judgement


def last_consecutive(series: pd.DataFrame, k: int = TREND_POINTS) -> pd.DataFrame | None:
    """The last k rows with a value, if their periods follow each other without a gap."""
    s = series.dropna(subset=["waarde"]).copy()
    if len(s) < k:
        return None
    s["_ord"] = s["periode"].map(period_ordinal)
    s = s.sort_values("_ord").tail(k)
    if s["_ord"].isna().any() or not (np.diff(s["_ord"].to_numpy(float)) == 1).all():
        return None
    return s.drop(columns="_ord")


def _armitage(x: np.ndarray, n: np.ndarray) -> tuple[float, float]:
    t = np.arange(1, len(x) + 1, dtype=float)
    p = x.sum() / n.sum()
    tbar = (n * t).sum() / n.sum()
    var = p * (1 - p) * (n * (t - tbar) ** 2).sum()
    if var <= 0:
        return 0.0, 1.0
    stat = (x * (t - tbar)).sum()
    return float(stat), float(stats.chi2.sf(stat * stat / var, 1))


def _poisson_trend(x: np.ndarray, exposure: np.ndarray) -> tuple[float, float]:
    t = np.arange(1, len(x) + 1, dtype=float)
    rate = x.sum() / exposure.sum()
    tbar = (exposure * t).sum() / exposure.sum()
    var = rate * (exposure * (t - tbar) ** 2).sum()
    if var <= 0:
        return 0.0, 1.0
    stat = (x * (t - tbar)).sum()
    return float(stat), float(stats.chi2.sf(stat * stat / var, 1))


def _regression(y: np.ndarray, se: np.ndarray | None) -> tuple[float, float]:
    t = np.arange(1, len(y) + 1, dtype=float)
    if np.ptp(y) == 0:
        return 0.0, 1.0
    if se is not None and np.all(np.isfinite(se)) and np.all(se > 0):
        w = 1 / se ** 2
        tbar = (w * t).sum() / w.sum()
        slope = (w * (t - tbar) * y).sum() / (w * (t - tbar) ** 2).sum()
        slope_se = np.sqrt(1 / (w * (t - tbar) ** 2).sum())
        return float(slope), float(2 * stats.norm.sf(abs(slope / slope_se)))
    fit = stats.linregress(t, y)
    return float(fit.slope), float(fit.pvalue)


def recent_trend(series: pd.DataFrame, kind: str, polarity: str) -> pd.DataFrame:
    """Trend of one team's one indicator. ``series`` has periode, waarde and, where known,
    teller, noemer, n, sd. Returns one row: richting, pijl, zin, oordeel, p_waarde, methode,
    n_punten, van, tot."""
    cols = ["richting", "pijl", "zin", "oordeel", "p_waarde", "methode", "n_punten", "van", "tot"]
    last = last_consecutive(series)
    if last is None:
        n_points = int(series["waarde"].notna().sum()) if "waarde" in series else 0
        return pd.DataFrame([[None, "", TOO_FEW, None, np.nan, "", n_points, None, None]], columns=cols)

    def col(name):
        return last[name].to_numpy(float) if name in last else np.full(len(last), np.nan)

    teller, noemer, n, sd, y = col("teller"), col("noemer"), col("n"), col("sd"), col("waarde")
    if kind == "proportion" and np.isfinite(teller).all() and np.isfinite(noemer).all() and (noemer > 0).all():
        stat, p = _armitage(teller, noemer)
        method = "chi-kwadraattoets voor trend"
    elif kind == "count":
        exposure = col("blootstelling")
        per_child = bool(np.isfinite(exposure).all() and (exposure > 0).all())
        stat, p = _poisson_trend(y, exposure if per_child else np.ones(len(y)))
        method = "Poisson-toets voor trend" + (" (per jeugdige)" if per_child else "")
    elif kind == "rate" and np.isfinite(teller).all() and np.isfinite(noemer).all() and (noemer > 0).all():
        stat, p = _poisson_trend(teller, noemer)
        method = "Poisson-toets voor trend"
    else:
        se = sd / np.sqrt(n) if np.isfinite(sd).all() and np.isfinite(n).all() and (n >= 2).all() else None
        stat, p = _regression(y, se)
        method = "gewogen regressie" if se is not None else "lineaire regressie"
    direction = None
    if p < SIGNIFICANCE and stat != 0:
        direction = "stijgt" if stat > 0 else "daalt"
    phrase, judgement = _phrase(direction, polarity)
    return pd.DataFrame([[direction, ARROWS[direction], phrase, judgement, p, method, len(last),
                          last["periode"].iloc[0], last["periode"].iloc[-1]]], columns=cols)
