"""Small-number suppression: counts of 1..threshold are never shown exactly, nor exported.

A proportion whose teller is a small count is suppressed as a whole: with the noemer known, the
percentage would give the count away. Zero is not suppressed (it identifies nobody).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.text import column_letter

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

    kinds = out["indicator"].map({ind.code: ind.kind for ind in catalog}).to_numpy()
    is_count = kinds == "count"
    count_small = is_count & small("waarde")
    teller_small = small("teller")
    for col in ("waarde", "teller", "n"):
        if col in out:
            out[col] = out[col].astype(float)
    out.loc[count_small | teller_small, "waarde"] = np.nan
    if "teller" in out:
        out.loc[teller_small, "teller"] = np.nan
    if "noemer" in out:  # a small group of people still reveals little groups, even with teller 0;
        # a rate's noemer is a size (fte), not people, and stays
        noemer_small = small("noemer") & (kinds == "proportion")
        out.loc[noemer_small, ["waarde", "teller", "noemer"]] = np.nan
        teller_small = teller_small | noemer_small
    if "n" in out:
        n_small = small("n")
        out.loc[n_small, ["waarde", "n", "sd"] if "sd" in out else ["waarde", "n"]] = np.nan
        teller_small = teller_small | n_small
    out["onderdrukt"] = np.where(count_small | teller_small, SUPPRESSED_NOTE, "")
    return out


def pseudonyms(teams, key: str) -> dict[str, str]:
    """Stable "Team A", "Team B", … for a set of teams. The order comes from a hash of ``key``
    (e.g. the dataset) and the name, so it says nothing about the names or their order, and a
    team keeps its letter whichever team is looking."""
    order = sorted(set(teams), key=lambda t: hashlib.sha256(f"{key}\x00{t}".encode()).hexdigest())
    return {team: f"Team {column_letter(i)}" for i, team in enumerate(order)}


def display_names(teams, key: str, own_team: str | None, visible=frozenset()) -> dict[str, str]:
    """Name shown for each team: the own team and teams whose data owner allows it by name,
    every other team by its pseudonym."""
    fake = pseudonyms(teams, key)
    return {t: t if (t == own_team or t in visible) else fake[t] for t in fake}


def shareable_observations(obs: pd.DataFrame, catalog: Catalog, threshold: int,
                           team_names: dict[str, str]) -> pd.DataFrame:
    """The stored values as they may leave the app in a download: small counts suppressed, periods
    in words, and every team under the name the pages show (other teams pseudonymised)."""
    from wijkdata.periods import period_label

    out = suppress_small_counts(obs.drop(columns=["periode_start", "dataset_id"], errors="ignore"), catalog, threshold)
    labels = {p: period_label(p) for p in out["periode"].unique()}
    out["periode"] = out["periode"].map(labels)
    out["team"] = out["team"].map(team_names)
    return out
