"""Many rows into one: a team's periods into a window, or teams into a gemeente. Each kind of
indicator pools its own way (summed teller and noemer, means weighted by n, flows summed and
stocks averaged), so that a pooled figure is the figure of the whole, not a mean of figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkdata.catalog import Catalog

VALUE_COLUMNS = ["waarde", "teller", "noemer", "n", "sd"]


def _kind_frame(catalog: Catalog) -> pd.DataFrame:
    return pd.DataFrame([{"indicator": i.code, "kind": i.kind, "scale": i.scale, "telling": i.telling,
                          "polariteit": i.polariteit} for i in catalog])


def pool(obs: pd.DataFrame, catalog: Catalog, keys: list[str], *, periods: int | None = None,
         across_teams: bool = False) -> pd.DataFrame:
    """Combine several rows per key into one: proportions and rates from summed teller/noemer,
    means weighted by n with a pooled sd, durations averaged. A group that lacks teller/noemer
    (or n/sd) in any row falls back to the plain mean of its values.

    Counts over periods: a flow (``telling = stroom``) is summed, a stock (``stand``) averaged.
    With ``periods`` (the number of periods in the window) a flow that misses some periods counts
    the mean of the others for them (when at least half the periods are there): a missed quarter
    does not make a team look smaller.
    ``across_teams``: the rows are teams (already pooled over periods), and every count is summed."""
    f = obs.merge(_kind_frame(catalog), on="indicator", how="left")
    f[VALUE_COLUMNS] = f[VALUE_COLUMNS].astype(float)
    has_tn = f["teller"].notna() & f["noemer"].notna()
    has_nsd = f["n"].notna() & f["sd"].notna() & f["waarde"].notna()
    f = f.assign(
        _rows=f["waarde"].notna().astype(int), _tn=has_tn.astype(int), _nsd=has_nsd.astype(int),
        _t=f["teller"].where(has_tn), _d=f["noemer"].where(has_tn),
        _n=f["n"].where(has_nsd), _nm=(f["n"] * f["waarde"]).where(has_nsd),
        _nm2=(f["n"] * f["waarde"] ** 2).where(has_nsd), _ss=((f["n"] - 1) * f["sd"] ** 2).where(has_nsd),
    )
    g = f.groupby([*keys, "indicator"], sort=False, observed=True)
    agg = g.agg(kind=("kind", "first"), scale=("scale", "first"), telling=("telling", "first"),
                rows=("_rows", "sum"), tn=("_tn", "sum"),
                nsd=("_nsd", "sum"), mean=("waarde", "mean"), total=("waarde", "sum"),
                t=("_t", "sum"), d=("_d", "sum"), n=("_n", "sum"), nm=("_nm", "sum"), nm2=("_nm2", "sum"),
                ss=("_ss", "sum")).reset_index()
    agg = agg[agg["rows"] > 0]
    kind = agg["kind"].to_numpy()
    full_tn = (agg["tn"] == agg["rows"]) & (agg["d"] > 0) & np.isin(kind, ["proportion", "rate"])
    full_nsd = (agg["nsd"] == agg["rows"]) & (agg["n"] > 1) & np.isin(kind, ["mean", "duration"])
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled_mean = agg["nm"] / agg["n"]
        pooled_sd = np.sqrt(((agg["ss"] + agg["nm2"] - agg["n"] * pooled_mean ** 2) / (agg["n"] - 1)).clip(lower=0))
        count_total = agg["total"].to_numpy(float)
        if periods is not None and not across_teams:
            # only from at least half the window: one quarter times four is noise (and would show
            # a hidden count's stand-in, multiplied)
            rows = agg["rows"].to_numpy(float)
            count_total = count_total * np.where(2 * rows >= periods, np.maximum(periods / rows, 1.0), 1.0)
        is_stock = (agg["telling"] == "stand").to_numpy() & (not across_teams)
        count_value = np.where(is_stock, agg["mean"], count_total)
        waarde = np.where(full_tn, agg["scale"] * agg["t"] / agg["d"],
                          np.where(full_nsd, pooled_mean, np.where(kind == "count", count_value, agg["mean"])))
    out = agg[[*keys, "indicator"]].copy()
    out["waarde"] = waarde
    out["teller"] = agg["t"].where(full_tn)
    out["noemer"] = agg["d"].where(full_tn)
    out["n"] = agg["n"].where(full_nsd)
    out["sd"] = pooled_sd.where(full_nsd)
    return out.reset_index(drop=True)
