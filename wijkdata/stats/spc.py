"""XmR control chart as NHS England's "Making Data Count" draws it, following the reference
implementation NHSRplotthedots (PTD) rule for rule.

Per phase: centre line = mean; moving ranges of 3,267 × their mean or more are screened out
(one wild jump must not widen the limits) and the mean moving range is taken again; process
limits = mean ± 2,66 × mean moving range (3 / 1,128, the d2 constant for ranges of two). A
percentage's limits stay within 0–100 and a count's above 0 (``bounds``). A point is special
cause when it takes part in any of:

1. a point outside the process limits;
2. a run of 7 points each higher (or each lower) than the one before;
3. 2 of 3 consecutive points beyond two thirds of the way to a limit (and not outside it), with
   all three on the same side of the mean;
4. a run of 7 points on one side of the mean.

``regel`` is the first of these rules a point takes part in, for the words. Whether a special
point is an improvement or a concern follows, as in PTD, from the direction of its trend for a
point of a 7-point trend, and from its side of the mean for every other rule, with the
indicator's polarity.

With fewer than 12 points the limits are *voorlopig* (trial limits). A re-baseline starts a new
phase at a chosen period with a reason (e.g. "nieuwe werkwijze vanaf 2025 K1"); limits and rules
then apply per phase.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LIMIT_FACTOR = 2.66
SCREEN_FACTOR = 3.267  # D4 for ranges of two: a moving range this far above its mean is screened out
RUN_LENGTH = 7
TRIAL_BELOW = 12

RULES = {
    1: "punt buiten de grenzen",
    2: "7 punten op rij stijgend of dalend",
    3: "2 van 3 punten dicht bij een grens",
    4: "7 punten op rij aan één kant van het gemiddelde",
}


def _runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Mark every element that belongs to a run of at least ``length`` consecutive True values."""
    out = np.zeros(len(mask), dtype=bool)
    start = None
    for i, flag in enumerate([*mask, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= length:
                out[start:i] = True
            start = None
    return out


def mean_moving_range(x: np.ndarray, screen: bool = True) -> float:
    """Mean of the moving ranges, after leaving out those of SCREEN_FACTOR × the mean or more."""
    mr = np.abs(np.diff(x))
    if not len(mr):
        return np.nan
    mr_bar = float(mr.mean())
    if screen:
        kept = mr[mr < SCREEN_FACTOR * mr_bar]
        mr_bar = float(kept.mean()) if len(kept) else mr_bar
    return mr_bar


def seven_point_trend(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rule 2: which points belong to 7 points each higher (or each lower) than the one before,
    and each such point's direction (+1 rising, -1 falling). A turning point shared by a rise and
    a fall belongs to the run it starts (PTD: "use right side")."""
    k = len(x)
    steps = np.sign(np.diff(x))
    in_trend = np.zeros(k, dtype=bool)
    for sign in (1, -1):
        in_run = _runs(steps == sign, RUN_LENGTH - 1)  # 6 steps the same way = 7 points
        in_trend[1:] |= in_run
        in_trend[:-1] |= in_run
    right = np.r_[steps, steps[-1:]] if k > 1 else np.zeros(k)
    left = np.r_[0, steps]
    direction = np.where(in_trend & np.r_[in_trend[1:], False], right, left)
    return in_trend, np.where(in_trend, direction, 0).astype(int)


def two_in_three(close: np.ndarray, side: np.ndarray) -> np.ndarray:
    """Rule 3: the close points of any 3 consecutive points of which at least 2 are close to a
    limit and all 3 lie on the same side of the mean."""
    out = np.zeros(len(close), dtype=bool)
    for i in range(len(close) - 2):
        window = slice(i, i + 3)
        if close[window].sum() >= 2 and abs(side[window].sum()) == 3:
            out[window] |= close[window]
    return out


def seven_on_one_side(side: np.ndarray) -> np.ndarray:
    """Rule 4: the points of a run of at least 7 on one side of the mean (a point on it breaks the run)."""
    return _runs(side > 0, RUN_LENGTH) | _runs(side < 0, RUN_LENGTH)


def _phase_signals(x: np.ndarray, mean: float, upper: float, lower: float, near_upper: float,
                   near_lower: float) -> tuple[np.ndarray, np.ndarray]:
    """Rule number (0 = none) and direction per point of one phase: +1 high, -1 low, 0 none. The
    direction is the trend's for a point of a 7-point trend, its side of the mean otherwise."""
    tolerance = 1e-9 * max(1.0, abs(mean))  # a constant series must not sit "beside" its own float mean
    side = np.where(x > mean + tolerance, 1, np.where(x < mean - tolerance, -1, 0))
    outside = (x > upper + tolerance) | (x < lower - tolerance)
    close = ~outside & ((x > near_upper + tolerance) | (x < near_lower - tolerance))
    in_trend, trend_direction = seven_point_trend(x)
    rule = np.zeros(len(x), dtype=int)
    for number, flags in ((1, outside), (2, in_trend), (3, two_in_three(close, side)), (4, seven_on_one_side(side))):
        rule[flags & (rule == 0)] = number
    return rule, np.where(rule == 2, trend_direction, side)


def xmr(series: pd.DataFrame, polarity: str = "geen_oordeel",
        rebaselines: list[tuple[str, str]] | None = None,
        bounds: tuple[float, float] = (-np.inf, np.inf)) -> pd.DataFrame:
    """XmR analysis of one series. ``series`` has periode and waarde, in time order; rows without
    a value are left out. ``rebaselines`` is a list of (periode, reden): a new phase starts there.
    ``bounds``: the values the measure can take (0–100 for a percentage); limits stay within them.

    Returns per point: periode, waarde, bewegend_bereik, gemiddelde, bovengrens, ondergrens,
    fase, reden, voorlopig, regel (0-4), signaal (words), betekenis (verbetering / zorg /
    bijzondere variatie / '')."""
    cols = ["periode", "waarde", "bewegend_bereik", "gemiddelde", "bovengrens", "ondergrens", "fase", "reden",
            "voorlopig", "regel", "signaal", "betekenis"]
    data = series.dropna(subset=["waarde"])
    if data.empty:
        return pd.DataFrame(columns=cols)
    # numpy per phase and one frame at the end: a page computes this for every indicator of a team
    periods, values = data["periode"].tolist(), data["waarde"].to_numpy(float)
    # a phase starts at the first point on or after each rebaseline period (that period may lack a value)
    reasons = dict(rebaselines or [])
    starts = sorted(p for p in reasons if p > periods[0])
    fase = 1 + np.searchsorted(starts, periods, side="right")
    first_of_phase = np.r_[False, np.diff(fase) > 0]
    reason_of = [reasons[starts[f - 2]] if first else "" for f, first in zip(fase, first_of_phase)]
    n = len(values)
    moving, mean_col, upper_col, lower_col = (np.full(n, np.nan) for _ in range(4))
    trial = np.zeros(n, dtype=bool)
    rule, side = np.zeros(n, dtype=int), np.zeros(n, dtype=int)
    for number in np.unique(fase):
        idx = np.flatnonzero(fase == number)
        x = values[idx]
        mean = float(x.mean())
        mr_bar = mean_moving_range(x)
        low, high = bounds
        upper = min(mean + LIMIT_FACTOR * mr_bar, high)
        lower = max(mean - LIMIT_FACTOR * mr_bar, low)
        near_upper, near_lower = mean + 2 / 3 * LIMIT_FACTOR * mr_bar, mean - 2 / 3 * LIMIT_FACTOR * mr_bar
        moving[idx[1:]] = np.abs(np.diff(x))
        mean_col[idx], upper_col[idx], lower_col[idx] = mean, upper, lower
        trial[idx] = len(x) < TRIAL_BELOW
        if len(x) >= 2 and np.isfinite(mr_bar):
            rule[idx], side[idx] = _phase_signals(x, mean, upper, lower, near_upper, near_lower)
    return pd.DataFrame({
        "periode": periods, "waarde": values, "bewegend_bereik": moving, "gemiddelde": mean_col,
        "bovengrens": upper_col, "ondergrens": lower_col, "fase": fase,
        "reden": reason_of, "voorlopig": trial,
        "regel": rule, "signaal": [RULES.get(r, "") for r in rule],
        "betekenis": [_meaning(r, sd, polarity) for r, sd in zip(rule, side)],
    })[cols]


def _meaning(rule: int, side: int, polarity: str) -> str:
    if rule == 0:
        return ""
    if polarity == "geen_oordeel" or side == 0:
        return "bijzondere variatie (hoog)" if side > 0 else "bijzondere variatie (laag)" if side < 0 else "bijzondere variatie"
    good = (side > 0) == (polarity == "hoger_is_beter")
    return "verbetering" if good else "zorg"


# what a signal means, said in words a team reads without knowing SPC
MEANING_WORDS = {"verbetering": "waarschijnlijk geen toeval, en de goede kant op",
                 "zorg": "waarschijnlijk geen toeval, en de verkeerde kant op"}


def describe_signals(result: pd.DataFrame, period_label=str) -> list[str]:
    """Plain-Dutch sentences about the signals, newest first, one per block of consecutive points
    with the same rule and meaning. Several points outside the limits are counted ("3 punten
    buiten de grenzen"), not called one point."""
    if result.empty:
        return []
    sentences = []
    flagged = result[result["regel"] > 0]
    if flagged.empty:
        return []
    # a block: consecutive flagged points of one phase, rule and meaning
    key = flagged[["fase", "regel", "betekenis"]].astype(str).agg("|".join, axis=1)
    gap = np.r_[True, np.diff(flagged.index.to_numpy()) > 1]
    block = (gap | (key != key.shift()).to_numpy()).cumsum()
    for _, part in flagged.groupby(block, sort=False):
        regel = int(part["regel"].iloc[0])
        periods = part["periode"].tolist()
        span = period_label(periods[0]) if len(periods) == 1 else f"{period_label(periods[0])} t/m {period_label(periods[-1])}"
        what = f"{len(periods)} punten buiten de grenzen" if regel == 1 and len(periods) > 1 else RULES[regel]
        meaning = part["betekenis"].iloc[-1]
        sentences.append((periods[-1], f"{what[0].upper()}{what[1:]} ({span}): {MEANING_WORDS.get(meaning, meaning)}."))
    sentences.sort(key=lambda s: s[0], reverse=True)
    return [s for _, s in sentences]


# The Making Data Count summary icons, in words (colour is never the only carrier): the
# variation of the latest point, and whether the process meets a target (the reference value).
VARIATION_WORDS = {
    "gewoon": "– gewone variatie",
    "verbetering_hoog": "↑ bijzondere variatie, hoog: verbetering",
    "verbetering_laag": "↓ bijzondere variatie, laag: verbetering",
    "zorg_hoog": "↑ bijzondere variatie, hoog: zorg",
    "zorg_laag": "↓ bijzondere variatie, laag: zorg",
    "neutraal_hoog": "↑ bijzondere variatie, hoog",
    "neutraal_laag": "↓ bijzondere variatie, laag",
}
ASSURANCE_WORDS = {
    "steeds_gehaald": "✓ haalt de referentie steeds",
    "steeds_niet": "✗ haalt de referentie nooit",
    "wisselend": "± haalt de referentie soms wel, soms niet",
}


def variation_icon(result: pd.DataFrame, polarity: str) -> str:
    """Key of VARIATION_WORDS for the latest point of an xmr result ('' without two points)."""
    if len(result) < 2:
        return ""
    last = result.iloc[-1]
    if last["regel"] == 0:
        return "gewoon"
    meaning = last["betekenis"]
    if meaning in ("verbetering", "zorg"):
        high = (meaning == "verbetering") == (polarity == "hoger_is_beter")
        return f"{meaning}_{'hoog' if high else 'laag'}"
    return "neutraal_hoog" if "hoog" in meaning else "neutraal_laag"


def assurance_icon(result: pd.DataFrame, target: float | None, polarity: str) -> str:
    """Key of ASSURANCE_WORDS: a target beyond the latest process limits is always met or always
    missed, one between them sometimes (as NHSRplotthedots decides it). '' without a target, a
    direction or limits."""
    if target is None or not np.isfinite(target) or polarity == "geen_oordeel" or len(result) < 2:
        return ""
    upper, lower = result["bovengrens"].iloc[-1], result["ondergrens"].iloc[-1]
    if not (np.isfinite(upper) and np.isfinite(lower)):
        return ""
    higher_better = polarity == "hoger_is_beter"
    if target > upper:
        return "steeds_niet" if higher_better else "steeds_gehaald"
    if target < lower:
        return "steeds_gehaald" if higher_better else "steeds_niet"
    return "wisselend"
