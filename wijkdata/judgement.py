"""One judgement model for the whole app: a team against its group, as the funnel draws it.

A team is *duidelijk* different when its value lies outside the range its group gives a team of
its size: the group's benchmark ± 1,96 × sqrt(chance variance at that size + tau²), where tau²
is the ordinary variation between teams (estimated from at least ten teams, see
stats.funnel.GroupSpread). The Vergelijken profile, its funnel, the overview and the prompts of
a conversation all judge with this, so a team is never 'beter' in one place and 'binnen de
grenzen' in another.

Shares, rates, means with n and sd, and counts per 1.000 jeugdigen are judged this way. Other
values (a duration as a median, a share without teller and noemer) keep the Fingertips rule:
duidelijk when the benchmark lies outside the team's own 95% interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.stats.compare import BETER, HOGER, LAGER, SLECHTER, VERGELIJKBAAR
from wijkdata.stats.funnel import GroupSpread, spread_of
from wijkdata.stats.intervals import z_value

LEVEL = 0.95


def model_kind(indicator_kind: str, per_inwoners: bool) -> str | None:
    """The funnel kind a value is judged as, or None when the model does not apply."""
    if indicator_kind in ("proportion", "rate", "mean"):
        return indicator_kind
    if indicator_kind == "duration":
        return "mean"  # with n and sd, as the funnel draws it; without them the model does not apply
    if indicator_kind == "count" and per_inwoners:
        return "rate"  # teller = the count, noemer = jeugdigen in thousands
    return None


def _arrays(rows: pd.DataFrame, kind: str):
    """y (fractions for shares and rates), n and sd of the rows that have what the kind needs."""
    if kind in ("proportion", "rate"):
        ok = (rows["teller"].notna() & rows["noemer"].gt(0)).to_numpy()
        t, d = rows["teller"].to_numpy(float), rows["noemer"].to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return ok, t / d, d, None
    ok = (rows["waarde"].notna() & rows["n"].ge(2) & rows["sd"].gt(0)).to_numpy()
    return ok, rows["waarde"].to_numpy(float), rows["n"].to_numpy(float), rows["sd"].to_numpy(float)


def _scale(kind: str, indicator_kind: str, scale: float) -> float:
    # a count per 1.000 jeugdigen is already per thousand; a share or rate is shown times its scale
    return 1.0 if indicator_kind == "count" or kind == "mean" else scale


def verdict(z: float, polarity: str) -> str:
    """beter / slechter (hoger / lager without a direction) beyond the 95% limits, else vergelijkbaar."""
    cut = z_value(LEVEL)
    if not np.isfinite(z) or abs(z) <= cut:
        return VERGELIJKBAAR
    high = z > 0
    if polarity == "hoger_is_beter":
        return BETER if high else SLECHTER
    if polarity == "lager_is_beter":
        return SLECHTER if high else BETER
    return HOGER if high else LAGER


def _judge(spread: GroupSpread | None, y: float, n: float, scale: float, polarity: str) -> dict:
    if spread is None or not (np.isfinite(y) and np.isfinite(n)):
        # no spread (under three teams, or all at 0): the team's own interval decides, as without the model
        return {"oordeel_model": None, "verwacht_van": np.nan, "verwacht_tot": np.nan, "benchmark_model": np.nan,
                "k_model": np.nan if spread is None else spread.k}
    low, high = spread.limits(np.array([n]), LEVEL)
    return {"oordeel_model": verdict(float(spread.z([y], [n])[0]), polarity), "verwacht_van": float(low[0]) * scale,
            "verwacht_tot": float(high[0]) * scale, "benchmark_model": spread.p0 * scale, "k_model": spread.k}


COLUMNS = ["oordeel_model", "verwacht_van", "verwacht_tot", "benchmark_model", "k_model"]


def _usable(rows: pd.DataFrame, ind, kind: str):
    ok, y, n, sd = _arrays(rows, kind)
    if ind.kind == "count":  # only counts per 1.000 jeugdigen
        ok = ok & rows["per_inwoners"].fillna(False).astype(bool).to_numpy()
    return ok, y, n, sd


def _modelled(rows: pd.DataFrame, catalog: Catalog):
    """(code, rows, indicator, model kind, display scale) for each indicator the model judges."""
    for code, part in rows.groupby("indicator", sort=False):
        ind = catalog[code] if code in catalog else None
        kind = model_kind(ind.kind, True) if ind is not None else None
        if kind is not None:
            yield code, part, ind, kind, _scale(kind, ind.kind, ind.scale)


def against(rows: pd.DataFrame, reference: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Judge ``rows`` (team, indicator, …) against the ``reference`` teams' rows of the same
    indicator. Per row: the model's verdict (None where it does not apply), the range a team of
    that size falls in (verwacht_van, verwacht_tot, in the unit shown), the benchmark the model
    centres on, and k_model, the reference teams it rests on (a caller gives no verdict below five)."""
    out = []
    for code, part, ind, kind, scale in _modelled(rows, catalog):
        ok, y, n, sd = _usable(reference[reference["indicator"] == code], ind, kind)
        spread = spread_of(kind, y[ok], n[ok], None if sd is None else sd[ok])
        own_ok, oy, on, _ = _usable(part, ind, kind)
        for i, team in enumerate(part["team"]):
            out.append({"team": team, "indicator": code,
                        **_judge(spread, oy[i] if own_ok[i] else np.nan, on[i], scale, ind.polariteit)})
    return pd.DataFrame(out, columns=["team", "indicator", *COLUMNS])


def each_against_the_others(rows: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """For the overview: every row (team or gemeente) judged against all the other rows of its
    indicator, leaving itself out. Columns as ``against``."""
    out = []
    for code, part, ind, kind, scale in _modelled(rows, catalog):
        ok, y, n, sd = _usable(part, ind, kind)
        for i, team in enumerate(part["team"]):
            if not ok[i]:
                continue
            others = ok.copy()
            others[i] = False
            spread = spread_of(kind, y[others], n[others], None if sd is None else sd[others])
            out.append({"team": team, "indicator": code, **_judge(spread, y[i], n[i], scale, ind.polariteit)})
    return pd.DataFrame(out, columns=["team", "indicator", *COLUMNS])
