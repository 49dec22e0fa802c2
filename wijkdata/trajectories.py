"""From one row per traject to the figures per team and period.

A registration system exports trajectories, not figures: one row per traject with a team, a start
and end date and a few coded fields. This module turns such rows, once they are checked and their
codes decoded (``ingest/trajectory_check.py``), into the catalogue's indicators with honest teller
and noemer (or n and sd), so every interval and comparison downstream is real. The rows are
aggregated in memory and only the figures leave this module: nothing here stores or logs a row.

Columns of ``rows``: team, start (Timestamp), eind (Timestamp, NaT while running; without this
column only what started is counted), and where the export has them the flags uitval,
doelen_bereikt, eigen_uitvoering, verwezen, crisis, migratie and lage_ses (True, False or NA for
unknown) and the number tevredenheid.

What counts where:
- started in the period: trajecten_gestart, crisistrajecten, eigen_uitvoering, bereik_migratie,
  bereik_lage_ses (shares of the started trajecten whose flag is known);
- ended in the period: trajecten_afgesloten, doorlooptijd (days), uitval, doelen_bereikt,
  verwijzingen_specialistisch, tevredenheid (shares and means of the closed trajecten that have it);
- at the last day of the period: trajecten_lopend (a stand).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wijkdata.catalog import UNIT_SCALES
from wijkdata.trajectory_rules import MEASURES, TrajectoryRule, number_column, text_column

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


def _count(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    return frame.groupby(["team", key], observed=True).size().rename_axis(["team", "p"]).to_frame("waarde")


def _share(frame: pd.DataFrame, key: str, flags: pd.Series, scale: float = 100.0) -> pd.DataFrame:
    """Teller (True), noemer (True or False) and their share per team and period; unknown (NA) counts neither way."""
    known = flags.astype("boolean")
    parts = pd.DataFrame({"team": frame["team"], "p": frame[key], "noemer": known.notna().astype(int),
                          "teller": known.fillna(False).astype(int)})
    g = parts.groupby(["team", "p"], observed=True)[["teller", "noemer"]].sum()
    g = g[g["noemer"] > 0]
    return g.assign(waarde=scale * g["teller"] / g["noemer"])


def _mean(frame: pd.DataFrame, key: str, values: pd.Series) -> pd.DataFrame:
    """Mean, n and sd (n − 1) per team and period of the values that are there."""
    parts = pd.DataFrame({"team": frame["team"], "p": frame[key], "x": pd.to_numeric(values, errors="coerce")})
    g = parts.dropna(subset=["x"]).groupby(["team", "p"], observed=True)["x"].agg(["mean", "std", "count"])
    return pd.DataFrame({"waarde": g["mean"], "n": g["count"], "sd": g["std"]})


def _rule(rule: TrajectoryRule, kind: str, unit: str, frame: pd.DataFrame, key: str) -> tuple[pd.DataFrame, bool]:
    """An own rule's figures per team and period, and whether a period without trajecten is a 0."""
    if rule.filter_column:
        frame = frame[frame[text_column(rule.filter_column)].isin(rule.filter_values)]
    measure = MEASURES[kind]
    if measure == "aantal":
        return _count(frame, key), True
    if measure == "aandeel":
        hit = frame[text_column(rule.count_column)].isin(rule.count_values)
        return _share(frame, key, hit, UNIT_SCALES.get(unit, 1.0)), False
    return _mean(frame, key, frame[number_column(rule.mean_column)]), False


def figures_per_period(rows: pd.DataFrame, frequency: str = "kwartaal",
                       rules: tuple[tuple[TrajectoryRule, str, str], ...] = ()) -> TrajectoryFigures:
    """The catalogue's indicators per team and period from checked trajectory rows (see module);
    ``rules``: own figures as (rule, the indicator's kind, its unit), see trajectory_rules.py.
    Computed per group, not per row: 100,000 trajecten take a fraction of a second."""
    if rows.empty:
        return TrajectoryFigures(pd.DataFrame(columns=COLUMNS), [])
    periods, incomplete, trimmed = complete_periods(rows, frequency)
    freq = FREQ[frequency]
    has_end = "eind" in rows  # without end dates only what started can be counted: no closures, no stock
    if not has_end:
        rows = rows.assign(eind=pd.NaT)
    rows = rows.assign(start_p=rows["start"].dt.to_period(freq), eind_p=rows["eind"].dt.to_period(freq),
                       dagen=(rows["eind"] - rows["start"]).dt.days)
    grid = pd.MultiIndex.from_product([sorted(rows["team"].unique()), periods], names=["team", "p"])
    pieces: list[tuple[str, pd.DataFrame, bool]] = []  # indicator, figures by (team, p), a missing period is 0
    closed = rows[rows["eind_p"].notna()]
    # a traject runs at the end of p when it started in or before p and did not end in or before p
    running = pd.concat([rows[(rows["start_p"] <= p) & (rows["eind_p"].isna() | (rows["eind_p"] > p))].assign(run_p=p)
                         for p in periods]) if has_end and len(periods) else rows.iloc[0:0].assign(run_p=None)
    among = {"gestart": (rows, "start_p"), "afgesloten": (closed, "eind_p"), "lopend": (running, "run_p")}
    pieces.append(("trajecten_gestart", _count(rows, "start_p"), True))
    if has_end:
        pieces += [("trajecten_afgesloten", _count(closed, "eind_p"), True),
                   ("trajecten_lopend", _count(running, "run_p"), True)]
    if "crisis" in rows:
        crisis = rows[rows["crisis"].astype("boolean").fillna(False).astype(bool)]
        pieces.append(("crisistrajecten", _count(crisis, "start_p"), True))
    for indicator, flag, of in SHARES:
        if flag in rows and (of == "started" or has_end):
            frame, key = among["gestart" if of == "started" else "afgesloten"]
            pieces.append((indicator, _share(frame, key, frame[flag]), False))
    if has_end:
        pieces.append(("doorlooptijd", _mean(closed, "eind_p", closed["dagen"]), False))
        if "tevredenheid" in rows:
            pieces.append(("tevredenheid", _mean(closed, "eind_p", closed["tevredenheid"]), False))
    for rule, kind, unit in rules:
        if rule.among == "gestart" or has_end:
            frame, key = among[rule.among]
            figures, zero = _rule(rule, kind, unit, frame, key)
            pieces.append((rule.indicator, figures, zero))
    out = []
    for indicator, figures, zero in pieces:
        figures = figures.reindex(grid, fill_value=0) if zero else figures[figures.index.isin(grid)]
        out.append(figures.reset_index().assign(indicator=indicator))
    obs = pd.concat(out, ignore_index=True).reindex(columns=["team", "p", "indicator", "waarde", "teller", "noemer", "n", "sd"])
    order = {p: i for i, p in enumerate(periods)}
    obs = obs.assign(_o=obs["p"].map(order)).sort_values(["team", "_o"], kind="stable")
    obs = obs.assign(periode=obs["p"].map(period_code), periode_start=obs["p"].map(lambda p: p.start_time.date()),
                     waarde=obs["waarde"].astype(float))[COLUMNS].reset_index(drop=True)
    codes = [period_code(p) for p in periods]
    return TrajectoryFigures(obs, codes, incomplete, codes[0] if trimmed and codes else None)
