"""Small-number suppression: counts of 1..threshold are never shown exactly, nor exported.

A proportion whose teller is a small count is suppressed as a whole: with the noemer known, the
percentage would give the count away. Zero is not suppressed (it identifies nobody).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkdata.catalog import Catalog

SUPPRESSED_NOTE = "klein aantal"


def suppress_small_counts(frame: pd.DataFrame, catalog: Catalog, threshold: int) -> pd.DataFrame:
    """Return a copy with small counts blanked and a column ``onderdrukt`` saying where."""
    out = frame.copy()
    if threshold <= 0 or out.empty:
        out["onderdrukt"] = ""
        return out

    def small(col: str) -> np.ndarray:
        if col not in out:
            return np.zeros(len(out), dtype=bool)
        v = pd.to_numeric(out[col], errors="coerce")
        return ((v >= 1) & (v <= threshold)).to_numpy()

    is_count = out["indicator"].map(lambda c: c in catalog and catalog[c].kind == "count").to_numpy()
    count_small = is_count & small("waarde")
    teller_small = small("teller")
    for col in ("waarde", "teller", "n"):
        if col in out:
            out[col] = out[col].astype(float)
    out.loc[count_small | teller_small, "waarde"] = np.nan
    if "teller" in out:
        out.loc[teller_small, "teller"] = np.nan
    if "noemer" in out:  # a small noemer with teller 0 or noemer still reveals little groups
        noemer_small = small("noemer")
        out.loc[noemer_small, ["waarde", "teller", "noemer"]] = np.nan
        teller_small = teller_small | noemer_small
    if "n" in out:
        n_small = small("n")
        out.loc[n_small, ["waarde", "n", "sd"] if "sd" in out else ["waarde", "n"]] = np.nan
        teller_small = teller_small | n_small
    out["onderdrukt"] = np.where(count_small | teller_small, SUPPRESSED_NOTE, "")
    return out
