"""Funnel plot limits around a pooled benchmark (Spiegelhalter 2005).

For proportions the benchmark is p0 = sum(teller) / sum(noemer) and a team with noemer n has
limits p0 ± z·sqrt(p0(1-p0)/n); for rates (count per unit) p0 ± z·sqrt(p0/n); for means the
n-weighted mean ± z·sd/sqrt(n), with one sd pooled over the teams for points and lines alike.

Teams differ for reasons no model holds, so the limits widen with a between-team variance tau²
estimated from 10%-winsorised z-scores (additive random-effects method), from at least ten
teams: with fewer, real differences cannot be told from chance and nothing is added.

``GroupSpread`` is the judgement model of the whole app: the funnel, the profile (Vergelijken)
and the overview judge a team with it, so a team is never 'beter' in one place and 'binnen de
grenzen' in another.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijkdata.stats.intervals import z_value

LEVELS = (0.95, 0.998)
WINSOR = 0.10

BINNEN = "binnen de grenzen"
POSITION_ORDER = ["onder 99,8%-grens", "onder 95%-grens", BINNEN, "boven 95%-grens", "boven 99,8%-grens"]


MIN_TEAMS_FOR_TAU = 10  # fewer teams cannot tell real differences between teams from chance


@dataclass(frozen=True)
class Funnel:
    points: pd.DataFrame  # team, waarde, noemer, z, positie
    limits: pd.DataFrame  # noemer, onder_95, boven_95, onder_998, boven_998 on a grid for drawing
    benchmark: float
    phi: float  # overdispersion factor (1 = none)
    tau2: float  # between-team variance added to the limits (0 without adjustment)
    k_reference: int = 0  # teams the benchmark and tau² come from


@dataclass(frozen=True)
class GroupSpread:
    """What a group of teams says about one indicator: the benchmark p0 (a fraction for shares),
    the common sd of a mean, and the between-team variance tau² (0 below MIN_TEAMS_FOR_TAU teams).
    One object judges a team on every page: the funnel, the profile and the overview."""
    kind: str
    p0: float
    sd: float | None
    tau2: float
    phi: float
    k: int

    def variance(self, n) -> np.ndarray:
        return _variance(self.kind, self.p0, np.asarray(n, dtype=float), self.sd) + self.tau2

    def z(self, y, n) -> np.ndarray:
        """Standardised distance of values ``y`` (fractions for shares) at sizes ``n``."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return (np.asarray(y, dtype=float) - self.p0) / np.sqrt(self.variance(n))

    def limits(self, n, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        """The range a team of size ``n`` falls in by chance and ordinary differences between teams."""
        half = z_value(level) * np.sqrt(self.variance(n))
        low = 0.0 if self.kind in ("proportion", "rate") else -np.inf
        high = 1.0 if self.kind == "proportion" else np.inf
        return np.clip(self.p0 - half, low, high), np.clip(self.p0 + half, low, high)


def _arrays(frame: pd.DataFrame, kind: str):
    """(rows used, y, n, sd) for the kind: shares as fractions teller/noemer, means with n and sd."""
    if kind in ("proportion", "rate"):
        use = frame.dropna(subset=["teller", "noemer"])
        use = use[use["noemer"] > 0]
        return use, (use["teller"] / use["noemer"]).to_numpy(float), use["noemer"].to_numpy(float), None
    if kind in ("mean", "duration"):
        use = frame.dropna(subset=["waarde", "n", "sd"])
        use = use[(use["n"] >= 2) & (use["sd"] > 0)]
        return use, use["waarde"].to_numpy(float), use["n"].to_numpy(float), use["sd"].to_numpy(float)
    return None


def group_spread(frame: pd.DataFrame, kind: str, *, overdispersion: bool = True) -> GroupSpread | None:
    """The spread of a reference group (``frame``: one row per team with teller + noemer, or
    waarde + n + sd). None with fewer than three usable teams, or every share at 0% or 100%."""
    arrays = _arrays(frame, kind)
    if arrays is None:
        return None
    _, y, n, sd = arrays
    return spread_of(kind, y, n, sd, overdispersion=overdispersion)


def spread_of(kind: str, y: np.ndarray, n: np.ndarray, sd: np.ndarray | None, *,
              overdispersion: bool = True) -> GroupSpread | None:
    """group_spread on arrays (y as fractions for shares): fast enough to leave each team out in turn."""
    if len(y) < 3 or n.sum() <= 0:
        return None
    p0 = float((y * n).sum() / n.sum())
    # one common sd for every team: a funnel is a function of n alone, so a point labelled
    # 'boven 99,8%' lies above the drawn 99,8% line (with each team's own sd it need not)
    common_sd = None if sd is None else float(np.sqrt(np.average(sd ** 2, weights=n)))
    if (kind == "proportion" and p0 in (0.0, 1.0)) or (kind == "rate" and p0 <= 0):
        return None  # every team at 0% or 100% (or a rate of 0): no spread to draw limits from
    var = _variance(kind, p0, n, common_sd)
    phi, tau2 = 1.0, 0.0
    k = len(y)
    if overdispersion and k >= MIN_TEAMS_FOR_TAU:
        zw = _winsorised((y - p0) / np.sqrt(var))
        phi = float(np.mean(zw ** 2))
        if k * phi > k - 1:
            w = 1 / var
            tau2 = float((k * phi - (k - 1)) / (w.sum() - (w ** 2).sum() / w.sum()))
    return GroupSpread(kind, p0, common_sd, tau2, phi, k)


def _variance(kind: str, p0: float, n: np.ndarray, sd: np.ndarray | None) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "proportion":
            return p0 * (1 - p0) / n
        if kind == "rate":
            return p0 / n
        return (sd ** 2) / n


def _winsorised(z: np.ndarray, share: float = WINSOR) -> np.ndarray:
    lo, hi = np.nanquantile(z, [share, 1 - share])
    return np.clip(z, lo, hi)


def funnel(frame: pd.DataFrame, kind: str, *, overdispersion: bool = True, scale: float = 1.0,
           grid_points: int = 60, reference=None) -> Funnel | None:
    """Funnel for one indicator in one period.

    ``frame`` has columns team and, by kind: teller + noemer (proportion, rate) or waarde + n + sd
    (mean). ``scale`` multiplies values for display (100 for percentages). ``reference``: the
    teams the benchmark and the between-team variance come from (default: all in ``frame``), or
    their rows; a page that judges one team against its peers passes the peers, so the funnel and
    the profile give that team the same verdict. None when fewer than three teams have what the
    method needs.
    """
    if reference is None:
        ref = frame
    elif isinstance(reference, pd.DataFrame):
        ref = reference
    else:
        ref = frame[frame["team"].isin(set(reference))]
    spread = group_spread(ref, kind, overdispersion=overdispersion)
    arrays = _arrays(frame, kind)
    if spread is None or arrays is None:
        return None
    use, y, n, _ = arrays
    z_adj = spread.z(y, n)
    z95, z998 = (z_value(level) for level in LEVELS)
    position = np.full(len(y), BINNEN, dtype=object)
    position[z_adj > z95] = "boven 95%-grens"
    position[z_adj > z998] = "boven 99,8%-grens"
    position[z_adj < -z95] = "onder 95%-grens"
    position[z_adj < -z998] = "onder 99,8%-grens"
    points = pd.DataFrame({"team": use["team"].to_numpy(), "waarde": y * scale, "noemer": n,
                           "z": z_adj, "positie": position})

    grid = np.unique(np.geomspace(max(1.0, n.min() * 0.8), n.max() * 1.1, grid_points).round(2))
    limits = pd.DataFrame({"noemer": grid})
    for level, name in zip(LEVELS, ("95", "998")):
        low, high = spread.limits(grid, level)
        limits[f"onder_{name}"], limits[f"boven_{name}"] = low * scale, high * scale
    return Funnel(points, limits, spread.p0 * scale, spread.phi, spread.tau2 * scale * scale, spread.k)
