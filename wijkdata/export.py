"""Downloads: CSV the way Dutch Excel reads it (semicolon, decimal comma, UTF-8 with BOM) and
XLSX; cells that a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import io

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        # a leading apostrophe makes Excel show the text instead of running it
        return "'" + value
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_neutralise)
    out.columns = [_neutralise(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return _safe(frame).to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "Gegevens") -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        _safe(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buf.getvalue()


def canonical_observations(store) -> pd.DataFrame:
    """Every value that counts now, in the long form a file can be uploaded in again: team,
    periode, indicator, waarde, teller, noemer, n, sd. Not suppressed: for the data owner."""
    obs = store.observations()
    return obs[["team", "periode", "indicator", "waarde", "teller", "noemer", "n", "sd"]].reset_index(drop=True)


def canonical_attributes(store) -> pd.DataFrame:
    """One row per team: gemeente, wijk and every context variable as its own column (with the
    period each value is from, where the upload had periods)."""
    teams = store.teams()
    rows = []
    for r in teams.itertuples(index=False):
        row = {"team": r.team, "gemeente": r.gemeente, "wijk": r.wijk, **(r.kenmerken or {})}
        row.update({f"{k} (periode)": p for k, p in (r.kenmerken_periode or {}).items()})
        rows.append(row)
    return pd.DataFrame(rows, columns=None if rows else ["team", "gemeente", "wijk"])
