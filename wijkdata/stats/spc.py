"""XmR control chart with the signal rules of NHS England's "Making Data Count".

Centre line = mean of the phase; process limits = mean ± 2.66 × mean moving range (2.66 is
3 / 1.128, the d2 constant for ranges of two). Signals, in priority order, each point getting the
first rule it takes part in:

1. a point outside the process limits;
2. a run of 7 points each higher (or each lower) than the one before;
3. 2 of 3 consecutive points beyond two thirds of the way to a limit, on the same side;
4. a run of 7 points on one side of the centre line.

With fewer than 12 points the limits are *voorlopig* (trial limits). A re-baseline starts a new
phase at a chosen period with a reason (e.g. "nieuwe werkwijze vanaf 2025 K1"); limits and rules
then apply per phase.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LIMIT_FACTOR = 2.66
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


def _phase_signals(x: np.ndarray, mean: float, upper: float, lower: float) -> tuple[np.ndarray, np.ndarray]:
    """Rule number (0 = none) and side (+1 high, -1 low) per point of one phase."""
    k = len(x)
    rule = np.zeros(k, dtype=int)
    side = np.zeros(k, dtype=int)

    def mark(flags: np.ndarray, number: int, sides: np.ndarray):
        new = flags & (rule == 0)
        rule[new] = number
        side[new] = sides[new]

    tolerance = 1e-9 * max(1.0, abs(mean))  # a constant series must not sit "below" its own float mean
    above, below = x > mean + tolerance, x < mean - tolerance
    sign = np.where(above, 1, np.where(below, -1, 0))
    mark((x > upper + tolerance) | (x < lower - tolerance), 1, sign)

    # rule 2: 7 points in a row each higher than the previous = 6 consecutive increases
    steps = np.diff(x)
    for direction, step_mask in ((1, steps > 0), (-1, steps < 0)):
        in_run = _runs(step_mask, RUN_LENGTH - 1)
        points = np.zeros(k, dtype=bool)
        points[1:] |= in_run
        points[:-1] |= in_run
        mark(points, 2, np.full(k, direction))

    near_high = x > mean + 2 / 3 * (upper - mean) + tolerance
    near_low = x < mean - 2 / 3 * (mean - lower) - tolerance
    two_of_three = np.zeros(k, dtype=bool)
    for near in (near_high, near_low):
        for i in range(k - 2):
            window = near[i:i + 3]
            if window.sum() >= 2:
                two_of_three[i:i + 3] |= window
    mark(two_of_three, 3, sign)

    mark(_runs(above, RUN_LENGTH) | _runs(below, RUN_LENGTH), 4, sign)
    return rule, side


def xmr(series: pd.DataFrame, polarity: str = "geen_oordeel",
        rebaselines: list[tuple[str, str]] | None = None) -> pd.DataFrame:
    """XmR analysis of one series. ``series`` has periode and waarde, in time order; rows without
    a value are left out. ``rebaselines`` is a list of (periode, reden): a new phase starts there.

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
        mr = np.abs(np.diff(x))
        mean = float(x.mean())
        mr_bar = float(mr.mean()) if len(mr) else np.nan
        upper, lower = mean + LIMIT_FACTOR * mr_bar, mean - LIMIT_FACTOR * mr_bar
        moving[idx[1:]] = mr
        mean_col[idx], upper_col[idx], lower_col[idx] = mean, upper, lower
        trial[idx] = len(x) < TRIAL_BELOW
        if len(x) >= 2 and np.isfinite(mr_bar):
            rule[idx], side[idx] = _phase_signals(x, mean, upper, lower)
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
    """Plain-Dutch sentences about the signals, newest first, one per rule and phase. Several points
    outside the limits are counted ("3 punten buiten de grenzen"), not called one point."""
    if result.empty:
        return []
    sentences = []
    flagged = result[result["regel"] > 0]
    for (fase, regel), part in flagged.groupby(["fase", "regel"], sort=False):
        periods = part["periode"].tolist()
        span = period_label(periods[0]) if len(periods) == 1 else f"{period_label(periods[0])} t/m {period_label(periods[-1])}"
        what = f"{len(periods)} punten buiten de grenzen" if regel == 1 and len(periods) > 1 else RULES[regel]
        meaning = part["betekenis"].iloc[-1]
        sentences.append((periods[-1], f"{what[0].upper()}{what[1:]} ({span}): {MEANING_WORDS.get(meaning, meaning)}."))
    sentences.sort(key=lambda s: s[0], reverse=True)
    return [s for _, s in sentences]
