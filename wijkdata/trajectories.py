"""From one row per traject to the figures per team and period.

A registration system exports trajectories, not figures: one row per traject with a team, a start
and end date and a few coded fields. This module turns such rows, once they are checked and their
codes decoded (``ingest/trajectory_check.py``), into the catalogue's indicators with honest teller
and noemer (or n and sd), so every interval and comparison downstream is real. The rows are
aggregated in memory and only the figures leave this module: nothing here stores or logs a row.

Columns of ``rows``: team, start (Timestamp), eind (Timestamp, NaT while running; without this
column only what started is counted), and where the export has them the flags (True, False or NA
for unknown) of FLAGS and the number tevredenheid.

What counts where:
- started in the period: trajecten_gestart, crisistrajecten, eigen_uitvoering, bereik_migratie,
  bereik_lage_ses (shares of the started trajecten whose flag is known);
- ended in the period: trajecten_afgesloten, doorlooptijd (days), uitval, doelen_bereikt,
  verwijzingen_specialistisch, tevredenheid (shares and means of the closed trajecten that have it);
- at the last day of the period: trajecten_lopend (a stand).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijkdata.trajectory_rules import TrajectoryRule, rule_figure

FLAGS = ("uitval", "doelen_bereikt", "eigen_uitvoering", "verwezen", "crisis", "migratie", "lage_ses")
FREQ = {"kwartaal": "Q", "maand": "M", "jaar": "Y"}
COLUMNS = ["team", "periode", "periode_start", "indicator", "waarde", "teller", "noemer", "n", "sd"]

# indicator, the flag it counts, and whether it is a share of the trajecten started or closed in the period
SHARES = (("uitval", "uitval", "closed"), ("doelen_bereikt", "doelen_bereikt", "closed"),
          ("verwijzingen_specialistisch", "verwezen", "closed"), ("eigen_uitvoering", "eigen_uitvoering", "started"),
          ("bereik_migratie", "migratie", "started"), ("bereik_lage_ses", "lage_ses", "started"))


def period_code(period: pd.Period) -> str:
    """The app's code of a pandas period: 2025-K3, 2025-03 or 2025."""
    if period.freqstr.startswith("Q"):
        return f"{period.year}-K{period.quarter}"
    if period.freqstr.startswith("M"):
        return f"{period.year}-{period.month:02d}"
    return str(period.year)


@dataclass
class TrajectoryFigures:
    observations: pd.DataFrame  # COLUMNS
    periods: list[str]  # the periods computed, oldest first
    incomplete: str | None = None  # the newest period, left out because the export ends inside it
    partial_before: str | None = None  # the first period computed when earlier ones were left out (see below)


def complete_periods(rows: pd.DataFrame, frequency: str) -> tuple[pd.PeriodIndex, str | None, bool]:
    """The periods the export covers whole, the newest period it ends in (left out), and whether
    older periods were left out.

    At the end: a period the export ends in is incomplete (a quarter of which two weeks are in the
    file would show a fraction of its starts). At the start: an export of the trajecten active
    since some date also lists older trajecten that were still running then, but none that ended
    before it; so the periods before the one with the first end date hold only the long trajecten
    and are left out too."""
    freq = FREQ[frequency]
    ends = rows["eind"].dropna() if "eind" in rows else rows["start"].iloc[0:0]
    newest = max(rows["start"].max(), ends.max()) if len(ends) else rows["start"].max()
    first = rows["start"].min().to_period(freq)
    trimmed = False
    if len(ends) and ends.min().to_period(freq) > first:
        first, trimmed = ends.min().to_period(freq), True
    last = newest.to_period(freq)
    incomplete = None
    if newest.normalize() < last.end_time.normalize():
        incomplete, last = period_code(last), last - 1
    if last < first:
        return pd.period_range(first, first, freq=freq)[:0], incomplete, trimmed
    return pd.period_range(first, last, freq=freq), incomplete, trimmed


def _flag(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name].astype("boolean") if name in frame else pd.Series(pd.NA, index=frame.index, dtype="boolean")


def figures_per_period(rows: pd.DataFrame, frequency: str = "kwartaal",
                       rules: tuple[tuple[TrajectoryRule, str, str], ...] = ()) -> TrajectoryFigures:
    """The catalogue's indicators per team and period from checked trajectory rows (see module);
    ``rules``: own figures as (rule, the indicator's kind, its unit), see trajectory_rules.py."""
    if rows.empty:
        return TrajectoryFigures(pd.DataFrame(columns=COLUMNS), [])
    periods, incomplete, trimmed = complete_periods(rows, frequency)
    freq = FREQ[frequency]
    has_end = "eind" in rows  # without end dates only what started can be counted: no closures, no stock
    if not has_end:
        rows = rows.assign(eind=pd.NaT)
    rows = rows.assign(start_p=rows["start"].dt.to_period(freq), eind_p=rows["eind"].dt.to_period(freq),
                       dagen=(rows["eind"] - rows["start"]).dt.days)
    out = []

    def add(team, period, indicator, waarde, teller=np.nan, noemer=np.nan, n=np.nan, sd=np.nan):
        out.append((team, period_code(period), period.start_time.date(), indicator, float(waarde), teller, noemer, n, sd))

    for team, t in rows.groupby("team", sort=True):
        started_in, closed_in = t.groupby("start_p"), t.groupby("eind_p")
        for p in periods:
            started = started_in.get_group(p) if p in started_in.groups else t.iloc[0:0]
            closed = closed_in.get_group(p) if p in closed_in.groups else t.iloc[0:0]
            end = p.end_time.normalize()
            running_mask = (t["start"] <= end) & (t["eind"].isna() | (t["eind"] > end))
            running = int(running_mask.sum())
            add(team, p, "trajecten_gestart", len(started))
            if has_end:
                add(team, p, "trajecten_afgesloten", len(closed))
                add(team, p, "trajecten_lopend", running)
            if "crisis" in t:
                add(team, p, "crisistrajecten", int(_flag(started, "crisis").fillna(False).sum()))
            for indicator, flag, among in SHARES:
                if flag not in t or (among == "closed" and not has_end):
                    continue
                known = _flag(closed if among == "closed" else started, flag).dropna()
                if len(known):
                    teller = int(known.sum())
                    add(team, p, indicator, 100 * teller / len(known), teller, len(known))
            if len(closed):
                days = closed["dagen"].astype(float)
                add(team, p, "doorlooptijd", days.mean(), n=len(days), sd=days.std(ddof=1) if len(days) > 1 else np.nan)
            if "tevredenheid" in t:
                scores = pd.to_numeric(closed["tevredenheid"], errors="coerce").dropna()
                if len(scores):
                    add(team, p, "tevredenheid", scores.mean(), n=len(scores),
                        sd=scores.std(ddof=1) if len(scores) > 1 else np.nan)
            among = {"gestart": started, "afgesloten": closed, "lopend": t[running_mask]}
            for rule, kind, unit in rules:
                if rule.among != "gestart" and not has_end:
                    continue
                if (figure := rule_figure(rule, kind, unit, among[rule.among])) is not None:
                    add(team, p, rule.indicator, **figure)
    codes = [period_code(p) for p in periods]
    return TrajectoryFigures(pd.DataFrame(out, columns=COLUMNS), codes, incomplete,
                             codes[0] if trimmed and codes else None)
