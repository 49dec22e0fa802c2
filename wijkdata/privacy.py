"""What may be shown of the figures: small counts, pseudonyms, and totals that give nothing away.

Two steps, both applied to everything the pages draw, tabulate or let download:

1. ``protect_cells`` on the stored values, before anything is summed or compared. A count of 1 to
   the threshold — an indicator that counts, the teller or noemer of a share, or what is left of
   the noemer after the teller — is replaced by a *stand-in*: a whole number from 1 to the
   threshold, fixed per installation, team, period and indicator, drawn from a secret. Every
   total, pooled year, gemeente, benchmark and chart is computed from these cells, so subtracting
   one total from another yields the stand-in and never the real count; and a total that
   includes a hidden count is barely biased, unlike a total that leaves it out. A mean over 1 to
   threshold people (n) is left out of every total (its n stays, so a page can say why).
2. ``suppress_small_counts`` on what is about to be shown: any count, teller, noemer, n or
   complement of 1 to the threshold is blanked, and a share with such a part disappears with it.
   A cell that holds a stand-in is always blanked here, so a stand-in is never shown as a figure.

Zero is shown and used as it is: it identifies nobody.
"""

from __future__ import annotations

import hashlib
import hmac

import numpy as np
import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.text import column_letter

SUPPRESSED_NOTE = "klein aantal"
MIN_GROUP = 3  # a group (gemeente, peer group) with fewer teams whose names are hidden points at a team


def too_small_group(members, hidden: set[str]) -> bool:
    """True when ``members`` hold some, but fewer than MIN_GROUP, teams whose names the viewer does
    not see: shown on its own, such a group would tell which pseudonym is which team."""
    return 0 < len(set(members) & set(hidden)) < MIN_GROUP


def _stand_ins(secret: str, keys: pd.DataFrame, part: str, threshold: int) -> np.ndarray:
    """1..threshold per row of ``keys`` (team, periode, indicator), the same every time for the same
    secret: repeating a question never averages the stand-in away."""
    out = np.empty(len(keys), dtype=float)
    for i, (team, periode, indicator) in enumerate(keys[["team", "periode", "indicator"]].itertuples(index=False)):
        digest = hmac.new(secret.encode(), f"{team}\x00{periode}\x00{indicator}\x00{part}".encode(), hashlib.sha256)
        out[i] = 1 + int.from_bytes(digest.digest()[:8], "big") % threshold
    return out


def _small(values: pd.Series, threshold: int) -> np.ndarray:
    v = pd.to_numeric(values, errors="coerce")
    return ((v >= 1) & (v <= threshold)).to_numpy()


def protect_cells(obs: pd.DataFrame, catalog: Catalog, threshold: int, secret: str) -> pd.DataFrame:
    """The stored values as every page computes with them: each small count replaced by its
    stand-in (see the module docstring). Returns a copy; rows and columns stay as they were."""
    out = obs.copy()
    if threshold <= 0 or out.empty:
        return out
    for col in ("waarde", "teller", "noemer", "n", "sd"):
        if col in out:
            out[col] = out[col].astype(float)
    kinds = _kinds(out["indicator"], catalog)
    scales = {i.code: i.scale for i in catalog}
    scale = out["indicator"].map(scales).fillna(1.0).to_numpy(float)

    def replace(mask: np.ndarray, col: str, part: str) -> None:
        if mask.any():
            out.loc[mask, col] = _stand_ins(secret, out.loc[mask], part, threshold)

    replace((kinds == "count") & _small(out["waarde"], threshold), "waarde", "waarde")
    if "teller" in out and "noemer" in out:
        share = np.isin(kinds, ["proportion", "rate"]) & out["teller"].notna().to_numpy() & out["noemer"].notna().to_numpy()
        proportion = share & (kinds == "proportion")
        noemer = out["noemer"].to_numpy()
        small_noemer = proportion & _small(out["noemer"], threshold)
        replace(small_noemer, "noemer", "noemer")
        replace(small_noemer, "teller", "teller")  # 1..threshold, then no more than the stand-in noemer
        out.loc[small_noemer, "teller"] = np.minimum(out.loc[small_noemer, "teller"], out.loc[small_noemer, "noemer"])
        small_teller = share & ~small_noemer & _small(out["teller"], threshold)
        small_rest = proportion & ~small_noemer & _small(out["noemer"] - out["teller"], threshold)
        # a noemer up to twice the threshold: teller and rest can both be small, so the stand-in is
        # any teller from 1 to noemer - 1, whichever of the two was small
        narrow = (small_teller | small_rest) & proportion & (noemer <= 2 * threshold)
        if narrow.any():
            spread = _stand_ins(secret, out.loc[narrow], "smal", 10**6)
            out.loc[narrow, "teller"] = 1 + (spread - 1) % np.maximum(noemer[narrow] - 1, 1)
        replace(small_teller & ~narrow, "teller", "teller")
        rest = small_rest & ~narrow
        if rest.any():  # 38 of 40: the 2 others are as identifiable as a teller of 2
            out.loc[rest, "teller"] = noemer[rest] - _stand_ins(secret, out.loc[rest], "rest", threshold)
        changed = (small_noemer | small_teller | small_rest) & (out["noemer"] > 0).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            out["waarde"] = np.where(changed, scale * out["teller"] / out["noemer"], out["waarde"])
    if "n" in out:
        few = _small(out["n"], threshold)  # n stays, so the display can say why the mean is missing
        out.loc[few, [c for c in ("waarde", "sd") if c in out]] = np.nan
    return out


def _kinds(indicator: pd.Series, catalog: Catalog) -> np.ndarray:
    """The catalogue kind per row, looked up once per distinct indicator (a frame has thousands of
    rows but some dozens of indicators; mapping Arrow strings row by row was a busy server's cost)."""
    codes, uniques = pd.factorize(indicator)
    lookup = np.array([catalog[c].kind if c in catalog else "" for c in uniques] + [""], dtype=object)
    return lookup[codes]


def suppress_small_counts(frame: pd.DataFrame, catalog: Catalog, threshold: int) -> pd.DataFrame:
    """Return a copy with small counts blanked and a column ``onderdrukt`` saying where."""
    out = frame.copy()
    if threshold <= 0 or out.empty:
        out["onderdrukt"] = ""
        return out
    values = {c: pd.to_numeric(out[c], errors="coerce").to_numpy(dtype=float)
              for c in ("waarde", "teller", "noemer", "n", "sd") if c in out}

    def small(col: str) -> np.ndarray:
        v = values.get(col)
        return np.zeros(len(out), dtype=bool) if v is None else (v >= 1) & (v <= threshold)

    kinds = _kinds(out["indicator"], catalog)
    proportion = kinds == "proportion"
    # a count per 1.000 jeugdigen (comparison.per_population) has its count in teller; its value is a rate
    per_child = out["per_inwoners"].fillna(False).astype(bool).to_numpy() if "per_inwoners" in out else False
    hidden = (kinds == "count") & small("waarde") & ~per_child | small("teller")
    # a small group of people still reveals little groups, even with teller 0; a rate's noemer is
    # a size (fte), not people, and stays
    hidden |= proportion & small("noemer")
    if "teller" in values and "noemer" in values:  # 38 of 40: the other 2 are as identifiable as a teller of 2
        rest = values["noemer"] - values["teller"]
        hidden |= proportion & (rest >= 1) & (rest <= threshold)
    n_small = small("n")
    blank = {"waarde": hidden | n_small, "teller": hidden, "noemer": hidden & proportion, "n": n_small, "sd": n_small}
    for col, v in values.items():
        out[col] = np.where(blank.get(col, np.zeros(len(out), dtype=bool)), np.nan, v)
    out["onderdrukt"] = np.where(hidden | n_small, SUPPRESSED_NOTE, "")
    return out


def pseudonyms(teams, key: str) -> dict[str, str]:
    """Stable "Team A", "Team B", … for a set of teams. The order comes from a keyed hash of the
    name; ``key`` holds the installation's secret (and e.g. the upload), so knowing every team
    name does not rebuild the letters, and a team keeps its letter whichever team is looking."""
    order = sorted(set(teams), key=lambda t: hmac.new(key.encode(), t.encode(), hashlib.sha256).hexdigest())
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
