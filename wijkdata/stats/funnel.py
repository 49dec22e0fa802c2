"""Funnel plot limits around a pooled benchmark (Spiegelhalter 2005).

For proportions the benchmark is p0 = sum(teller) / sum(noemer) and a team with noemer n has
limits p0 ± z·sqrt(p0(1-p0)/n); for rates (count per unit) p0 ± z·sqrt(p0/n); for means the
n-weighted mean ± z·sd/sqrt(n), with one sd pooled over the teams for points and lines alike. Teams differ for reasons no model holds, so an optional
overdispersion adjustment widens the limits with a between-team variance tau² estimated from
10%-winsorised z-scores (additive random-effects method).
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


@dataclass(frozen=True)
class Funnel:
    points: pd.DataFrame  # team, waarde, noemer, z, positie
    limits: pd.DataFrame  # noemer, onder_95, boven_95, onder_998, boven_998 on a grid for drawing
    benchmark: float
    phi: float  # overdispersion factor (1 = none)
    tau2: float  # between-team variance added to the limits (0 without adjustment)


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


def funnel(frame: pd.DataFrame, kind: str, *, overdispersion: bool = False, scale: float = 1.0,
           grid_points: int = 60) -> Funnel | None:
    """Funnel for one indicator in one period.

    ``frame`` has columns team and, by kind: teller + noemer (proportion, rate) or waarde + n + sd
    (mean). ``scale`` multiplies values for display (100 for percentages). None when fewer than
    three teams have what the method needs.
    """
    if kind in ("proportion", "rate"):
        use = frame.dropna(subset=["teller", "noemer"])
        use = use[use["noemer"] > 0]
        x, n = use["teller"].to_numpy(float), use["noemer"].to_numpy(float)
        sd = None
        if len(use) < 3 or n.sum() <= 0:
            return None
        p0 = x.sum() / n.sum()
        y = x / n
    elif kind in ("mean", "duration"):
        use = frame.dropna(subset=["waarde", "n", "sd"])
        use = use[(use["n"] >= 2) & (use["sd"] > 0)]
        if len(use) < 3:
            return None
        y, n, sd = use["waarde"].to_numpy(float), use["n"].to_numpy(float), use["sd"].to_numpy(float)
        p0 = float((y * n).sum() / n.sum())
        # one common sd for the points and the lines: a funnel is a function of n alone, so a point
        # labelled 'boven 99,8%' lies above the drawn 99,8% line (with each team's own sd it need not)
        sd = np.full(len(y), np.sqrt(np.average(sd ** 2, weights=n)))
    else:
        return None
    if kind == "proportion" and p0 in (0.0, 1.0):
        return None  # every team at 0% or 100%: there is no spread to draw limits from

    var = _variance(kind, p0, n, sd)
    z = (y - p0) / np.sqrt(var)
    phi, tau2 = 1.0, 0.0
    if overdispersion:
        zw = _winsorised(z)
        k = len(z)
        phi = float(np.mean(zw ** 2))
        if k * phi > k - 1:
            w = 1 / var
            tau2 = float((k * phi - (k - 1)) / (w.sum() - (w ** 2).sum() / w.sum()))
    total_var = var + tau2
    z_adj = (y - p0) / np.sqrt(total_var)

    z95, z998 = (z_value(level) for level in LEVELS)
    position = np.full(len(y), BINNEN, dtype=object)
    position[z_adj > z95] = "boven 95%-grens"
    position[z_adj > z998] = "boven 99,8%-grens"
    position[z_adj < -z95] = "onder 95%-grens"
    position[z_adj < -z998] = "onder 99,8%-grens"
    points = pd.DataFrame({"team": use["team"].to_numpy(), "waarde": y * scale, "noemer": n,
                           "z": z_adj, "positie": position})

    grid = np.unique(np.geomspace(max(1.0, n.min() * 0.8), n.max() * 1.1, grid_points).round(2))
    grid_sd = float(sd[0]) if sd is not None else None
    gvar = _variance(kind, p0, grid, grid_sd) + tau2
    limits = pd.DataFrame({"noemer": grid})
    lower_bound = 0.0 if kind in ("proportion", "rate") else -np.inf
    upper_bound = 1.0 if kind == "proportion" else np.inf
    for level, zz in zip(("95", "998"), (z95, z998)):
        limits[f"onder_{level}"] = np.clip(p0 - zz * np.sqrt(gvar), lower_bound, upper_bound) * scale
        limits[f"boven_{level}"] = np.clip(p0 + zz * np.sqrt(gvar), lower_bound, upper_bound) * scale
    return Funnel(points, limits, p0 * scale, phi, tau2 * scale * scale)
