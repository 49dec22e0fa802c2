"""What a user decides about a file besides which column holds what: which rows to keep, how
to scale a column, how often the figures are measured. Together with the mapping this is the
whole import plan; it is saved with a mapping and stored with every upload.

- ``row_filter``: keep only the rows where a column has one of the chosen values
  (``SoortRegio_2`` = ``Wijk``); values are compared without surrounding spaces.
- ``scales``: a factor per source column (0,1 for a percentage written without its decimal sign,
  100 for a share written as 0,213).
- ``frequency``: ``jaar``, ``kwartaal`` or ``maand``: a date in the period column stands for the
  period that contains it (peildatum 1-1-2024 -> the year 2024).
- ``break_values``: the values of the column mapped to ``reeksbreuk`` that mark a new series from
  that row's period on (CBS ``IndelingswijzigingWijkenEnBuurten``: every value but 1).
- ``codes``: for a list of trajecten, per coded column what each of its values means
  (``Reden beëindiging``: ``02 Eenzijdig beëindigd`` -> ``uitval``; see trajectory_fields.py).
- ``rules``: for a list of trajecten, own figures as simple rules on its columns (trajectory_rules.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wijkdata.formatting import format_int, format_number
from wijkdata.ingest.numbers import MISSING_MARKERS
from wijkdata.trajectory_rules import TrajectoryRule

FREQUENCIES = ("jaar", "kwartaal", "maand")
FREQUENCY_LABELS = {None: "zoals geschreven", "jaar": "per jaar", "kwartaal": "per kwartaal", "maand": "per maand"}
SCALES = (1.0, 0.1, 0.01, 100.0)
SCALE_LABELS = {1.0: "zoals geschreven", 0.1: "÷ 10", 0.01: "÷ 100", 100.0: "× 100"}
SCALE_NAMES = {"1": 1.0, "geen": 1.0, "/10": 0.1, "÷10": 0.1, ":10": 0.1, "/100": 0.01, "÷100": 0.01, ":100": 0.01,
               "x100": 100.0, "×100": 100.0, "*100": 100.0}

# CBS open data numbers its columns: ``PercentageJongerenMetJeugdzorg_88``; the number changes
# from one year's table to the next. One to three digits: a year (``inwoners_2024``) is no suffix.
_SUFFIX = re.compile(r"^(?P<stem>.*?[^\d_])_(?P<n>\d{1,3})$")


def is_filled(value) -> bool:
    """A cell with a value in it: not empty, not NaN, not a marker for 'unknown' ('.', 'x', '-')."""
    if value is None or (isinstance(value, float) and value != value):
        return False
    return str(value).strip().lower() not in MISSING_MARKERS


def _text(value) -> str | None:
    """A cell as text without surrounding spaces; None for an empty cell."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value).strip() or None


def filled_mask(series: pd.Series) -> np.ndarray:
    return series.map(is_filled).to_numpy(bool)


def suffix_stem(column: str) -> str:
    """``AantalInwoners_5`` -> ``AantalInwoners``; a column without such a suffix stays as it is."""
    m = _SUFFIX.match(str(column).strip())
    return m["stem"] if m else str(column).strip()


def combinable(columns: list[str]) -> bool:
    """Columns that differ only by a numeric suffix: the same figure in another year's column."""
    return len(columns) > 1 and len({suffix_stem(c) for c in columns}) == 1 and any(suffix_stem(c) != c for c in columns)


@dataclass(frozen=True)
class ImportOptions:
    row_filter: dict[str, tuple[str, ...]] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)
    frequency: str | None = None
    break_values: tuple[str, ...] = ()
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    rules: tuple[TrajectoryRule, ...] = ()

    def to_json(self) -> dict:
        return {"filter": {c: list(v) for c, v in self.row_filter.items()},
                "schaal": {c: f for c, f in self.scales.items() if f != 1.0}, "frequentie": self.frequency,
                "reeksbreuk": list(self.break_values), "codes": {c: dict(v) for c, v in self.codes.items()},
                "regels": [r.to_json() for r in self.rules]}

    @classmethod
    def from_json(cls, data: dict | None) -> ImportOptions:
        data = data or {}
        return cls({str(c): tuple(str(x) for x in v) for c, v in (data.get("filter") or {}).items()},
                   {str(c): float(f) for c, f in (data.get("schaal") or {}).items() if float(f) != 1.0},
                   data.get("frequentie") or None, tuple(str(v) for v in data.get("reeksbreuk") or ()),
                   {str(c): {str(k): str(m) for k, m in (v or {}).items()} for c, v in (data.get("codes") or {}).items()},
                   tuple(TrajectoryRule.from_json(r) for r in data.get("regels") or ()))

    def restricted_to(self, columns) -> ImportOptions:
        """The options that apply to a file with these columns (a saved plan for other headers
        keeps only what still fits)."""
        cols = set(columns)
        return ImportOptions({c: v for c, v in self.row_filter.items() if c in cols},
                             {c: f for c, f in self.scales.items() if c in cols}, self.frequency, self.break_values,
                             {c: v for c, v in self.codes.items() if c in cols},
                             self.rules)  # a rule on a missing column is reported by the check, not dropped

    def replace(self, **changes) -> ImportOptions:
        from dataclasses import replace

        return replace(self, **changes)

    def describe(self) -> list[str]:
        """Dutch lines that say what the options do, for the report and the command line."""
        lines = [f"Alleen rijen waar ‘{c}’ gelijk is aan " + " of ".join(f"‘{v}’" for v in vals) + "."
                 for c, vals in self.row_filter.items()]
        lines += [f"Kolom ‘{c}’ {SCALE_LABELS.get(f) or '× ' + format_number(f, 3)} gerekend."
                  for c, f in self.scales.items()]
        if self.break_values:
            lines.append("Een nieuwe reeks begint waar de kolom voor reeksbreuken " + " of ".join(
                f"‘{v}’" for v in self.break_values) + " zegt.")
        if self.frequency:
            article = {"jaar": "het jaar", "kwartaal": "het kwartaal", "maand": "de maand"}[self.frequency]
            lines.append(f"Een datum in de periodekolom telt als {article} waarin hij valt.")
        return lines


NO_OPTIONS = ImportOptions()


@dataclass(frozen=True)
class FilterResult:
    frame: pd.DataFrame
    row_numbers: list[int]
    n_removed: int


def apply_row_filter(frame: pd.DataFrame, row_numbers, row_filter: dict[str, tuple[str, ...]]) -> FilterResult:
    """The rows that pass every filter; a filter on a column the file lacks keeps nothing out
    (the mapping step only offers the file's own columns)."""
    keep = np.ones(len(frame), dtype=bool)
    for col, values in row_filter.items():
        if col not in frame.columns or not values:
            continue
        wanted = {str(v).strip() for v in values}
        cells = frame[col].map(_text)
        keep &= cells.isin(wanted).to_numpy()
    rows = list(np.asarray(row_numbers)[keep])
    return FilterResult(frame.loc[keep], rows, int((~keep).sum()))


def distinct_values(series: pd.Series, limit: int = 8) -> list[str]:
    """The first distinct non-empty values of a column, stripped, in the order of the file."""
    seen: list[str] = []
    for v in series:
        text = _text(v)
        if text and text not in seen:
            seen.append(text)
            if len(seen) >= limit:
                break
    return seen


def fill_rate(series: pd.Series) -> float:
    """Share of cells with something in them (CBS's '.' for unknown counts as empty)."""
    if not len(series):
        return 0.0
    return float(filled_mask(series).mean())


def propose_scale(values: pd.Series, unit: str) -> float:
    """A scale to propose for a column of parsed numbers in ``unit``: a share written as 0,213
    where a percentage is meant (× 100), or a percentage whose decimal sign is missing in every
    value (119 for 11,9: ÷ 10). 1 when the values look as meant."""
    v = values.dropna().to_numpy(dtype=float)
    if unit != "%" or not len(v):
        return 1.0
    if v.max() <= 1.0 and (np.mod(v, 1) != 0).any():
        return 100.0
    if v.max() > 100 and v.max() <= 1000 and (np.mod(v, 1) == 0).all():
        return 0.1
    return 1.0


def missing_decimal_sign(values: pd.Series) -> np.ndarray:
    """Rows of a column whose value looks ten times too large next to the others: a whole number
    of at least 10 whose tenth lies among the column's values with decimals (119 next to 11,9
    and 12,3). Only when a fifth or more of the column has decimals: otherwise nothing to go by."""
    v = values.to_numpy(dtype=float)
    ok = np.isfinite(v)
    decimals = ok & (np.mod(np.where(ok, v, 0), 1) != 0)
    if decimals.sum() < max(3, 0.2 * ok.sum()):
        return np.zeros(len(v), dtype=bool)
    lo, hi = np.nanmin(v[decimals]), np.nanmax(v[decimals])
    whole = ok & ~decimals & (v >= 10)
    return whole & (v > 2 * hi) & (v / 10 >= 0.5 * lo) & (v / 10 <= 1.5 * hi)


def describe_removed(n: int) -> str:
    return ("1 rij valt buiten het rijfilter en telt" if n == 1 else
            f"{format_int(n)} rijen vallen buiten het rijfilter en tellen") + " niet mee."


def flagged_breaks(frame: pd.DataFrame, mapping: dict[str, str], options: ImportOptions) -> pd.DataFrame:
    """Team and period of every row whose series-break column holds one of ``break_values``."""
    from wijkdata.ingest.teams import normalise_name
    from wijkdata.periods import at_frequency, parse_period

    by_target = {t: c for c, t in mapping.items() if t}
    out = pd.DataFrame(columns=["team", "periode", "reden"])
    flag = by_target.get("reeksbreuk")
    if flag is None or "team" not in by_target or "periode" not in by_target or not options.break_values:
        return out
    wanted = {str(v).strip() for v in options.break_values}
    hit = frame[flag].map(_text).isin(wanted).to_numpy()
    rows = []
    for team, period, value in zip(frame[by_target["team"]][hit], frame[by_target["periode"]][hit], frame[flag][hit]):
        p = at_frequency(parse_period(_text(period)), options.frequency)
        name = normalise_name(team)
        if p is not None and name:
            rows.append((name, p.code, f"Nieuwe reeks volgens het bestand: kolom ‘{flag}’ is ‘{_text(value)}’ in "
                                       f"{p.label}."))
    return pd.DataFrame(rows, columns=out.columns).drop_duplicates(["team", "periode"]).reset_index(drop=True)
