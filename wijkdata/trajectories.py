"""From one row per traject to the figures per team and quarter.

A registration system exports trajectories, not figures: one row per traject with a team, a start
and end date and a few coded fields. This module turns such rows, after the user has mapped the
columns and codes, into the catalogue's indicators with honest teller and noemer (or n and sd), so
every interval and comparison downstream is real. The rows are aggregated in memory and only the
figures leave this module: nothing here stores or logs a row.

Expected columns (after mapping): team, start (date), eind (date, empty while running), and where
the export has them the booleans uitval (ended early without agreement), doelen_bereikt,
eigen_uitvoering, verwezen (to specialised care), crisis, and the number tevredenheid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

FLAGS = ("uitval", "doelen_bereikt", "eigen_uitvoering", "verwezen", "crisis")


@dataclass
class TrajectoryFigures:
    observations: pd.DataFrame  # team, periode, indicator, waarde, teller, noemer, n, sd
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row number in the file, reason), no values
    used_rows: int = 0


def quarter_of(dates: pd.Series) -> pd.Series:
    """'2025-K3' for each date (None for a missing one)."""
    d = pd.to_datetime(dates, errors="coerce")
    return pd.Series(np.where(d.notna(), d.dt.year.astype("Int64").astype(str) + "-K" +
                              ((d.dt.month - 1) // 3 + 1).astype("Int64").astype(str), None), index=dates.index)


def _quarter_end(code: str) -> pd.Timestamp:
    year, q = int(code[:4]), int(code[-1])
    return pd.Timestamp(year, 3 * q, 1) + pd.offsets.MonthEnd(0)


def _quarters(first: str, last: str) -> list[str]:
    out, (y, q) = [], (int(first[:4]), int(first[-1]))
    while (y, q) <= (int(last[:4]), int(last[-1])):
        out.append(f"{y}-K{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def _usable(rows: pd.DataFrame, today: dt.date) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """The rows that can be counted, and for the others the row number in the file (the header is row 1) and why."""
    start = pd.to_datetime(rows["start"], errors="coerce")
    end = pd.to_datetime(rows["eind"], errors="coerce") if "eind" in rows else pd.Series(pd.NaT, index=rows.index)
    team = rows["team"].astype("string").str.strip()
    reasons = pd.Series("", index=rows.index, dtype=object)
    reasons[team.isna() | (team == "")] = "geen team"
    reasons[(reasons == "") & start.isna()] = "geen (leesbare) startdatum"
    reasons[(reasons == "") & (start > pd.Timestamp(today))] = "startdatum ligt in de toekomst"
    reasons[(reasons == "") & end.notna() & (end < start)] = "einddatum ligt vóór de startdatum"
    bad = reasons != ""
    problems = [(int(i) + 2, r) for i, r in reasons[bad].items()]
    used = rows[~bad].assign(team=team[~bad], start=start[~bad], eind=end[~bad])
    return used, problems


def _flag(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name].astype("boolean") if name in frame else pd.Series(pd.NA, index=frame.index, dtype="boolean")


def figures_per_quarter(rows: pd.DataFrame, today: dt.date | None = None) -> TrajectoryFigures:
    """The catalogue's indicators per team and quarter from mapped trajectory rows (see module)."""
    used, problems = _usable(rows.reset_index(drop=True), today or dt.date.today())
    cols = ["team", "periode", "indicator", "waarde", "teller", "noemer", "n", "sd"]
    if used.empty:
        return TrajectoryFigures(pd.DataFrame(columns=cols), problems, 0)
    used = used.assign(start_q=quarter_of(used["start"]), eind_q=quarter_of(used["eind"]),
                       dagen=(used["eind"] - used["start"]).dt.days)
    last_date = max(used["start"].max(), used["eind"].max() if used["eind"].notna().any() else used["start"].max())
    quarters = _quarters(used["start_q"].min(), quarter_of(pd.Series([last_date])).iloc[0])
    out = []

    def add(team, periode, indicator, waarde, teller=np.nan, noemer=np.nan, n=np.nan, sd=np.nan):
        out.append((team, periode, indicator, float(waarde), teller, noemer, n, sd))

    for team, t in used.groupby("team", sort=True):
        closed_in = t.groupby("eind_q")
        started_in = t.groupby("start_q")
        for q in quarters:
            started = started_in.get_group(q) if q in started_in.groups else t.iloc[0:0]
            closed = closed_in.get_group(q) if q in closed_in.groups else t.iloc[0:0]
            end = _quarter_end(q)
            running = int(((t["start"] <= end) & (t["eind"].isna() | (t["eind"] > end))).sum())
            add(team, q, "trajecten_gestart", len(started))
            add(team, q, "trajecten_afgesloten", len(closed))
            add(team, q, "trajecten_lopend", running)
            if "crisis" in t:
                add(team, q, "crisistrajecten", int(_flag(started, "crisis").fillna(False).sum()))
            for indicator, source, flag in (("uitval", closed, "uitval"), ("doelen_bereikt", closed, "doelen_bereikt"),
                                            ("verwijzingen_specialistisch", closed, "verwezen"),
                                            ("eigen_uitvoering", started, "eigen_uitvoering")):
                if flag not in t:
                    continue
                known = _flag(source, flag).dropna()
                if len(known):
                    teller = int(known.sum())
                    add(team, q, indicator, 100 * teller / len(known), teller, len(known))
            if len(closed):
                days = closed["dagen"].astype(float)
                add(team, q, "doorlooptijd", days.mean(), n=len(days), sd=days.std(ddof=1) if len(days) > 1 else np.nan)
            if "tevredenheid" in t:
                scores = pd.to_numeric(closed["tevredenheid"], errors="coerce").dropna()
                if len(scores):
                    add(team, q, "tevredenheid", scores.mean(), n=len(scores),
                        sd=scores.std(ddof=1) if len(scores) > 1 else np.nan)
    return TrajectoryFigures(pd.DataFrame(out, columns=cols), problems, len(used))
