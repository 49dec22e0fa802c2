"""Check a mapped table row by row: errors (row cannot be used) and warnings (used, but look).

Every problem becomes one line in a Dutch report with row, column, value, what is wrong and how
to fix it (wijkdata.ingest.issues). The checks themselves, one per rule, are in
wijkdata.ingest.row_checks; content rules are a pandera schema there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.ingest import numbers as num
from wijkdata.ingest import row_checks as checks
from wijkdata.ingest.issues import ERROR, ISSUE_COLUMNS, WARNING, Findings, per_value
from wijkdata.ingest.mapping import VALUE_PARTS
from wijkdata.ingest.row_checks import check_team_names
from wijkdata.ingest.teams import normalise_name

__all__ = ["ERROR", "ISSUE_COLUMNS", "WARNING", "ValidationResult", "check_team_names", "validate"]

OBSERVATION_COLUMNS = ["team", "periode", "periode_start", "indicator", *VALUE_PARTS]


@dataclass
class ValidationResult:
    observations: pd.DataFrame  # usable rows in canonical form, plus _rij and gemeente/wijk
    issues: pd.DataFrame  # ISSUE_COLUMNS
    rejected_rows: list[int]  # source row numbers with at least one error
    n_source_rows: int
    n_values: int  # team x periode x indicator combinations read
    n_missing: int  # of which marked missing (".", "x", "-", empty)
    n_superseded_in_file: int  # duplicates within the file that a later row replaces
    convention: num.DecimalConvention
    n_foreign_rows: int = 0  # rows of other teams than a team member's own, refused
    n_unlisted: tuple[int, int] = (0, 0)  # errors, warnings counted in a summary line instead of one by one

    @property
    def n_errors(self) -> int:
        return int((self.issues["ernst"] == ERROR).sum()) + self.n_unlisted[0]

    @property
    def n_warnings(self) -> int:
        return int((self.issues["ernst"] == WARNING).sum()) + self.n_unlisted[1]

    @property
    def n_usable(self) -> int:
        return len(self.observations)


def validate(mapped: pd.DataFrame, catalog: Catalog, *, today: dt.date | None = None,
             previous: pd.DataFrame | None = None, default_decimal: str = ".", own_team: str | None = None,
             known_teams=(), max_teams: int | None = None, small_count: int = 5, scales: dict[str, float] | None = None,
             frequency: str | None = None) -> ValidationResult:
    """Check a table from ``apply_mapping``. ``scales`` multiply the values of a source column;
    with ``frequency`` a date in the period column stands for its year, quarter or month. ``previous``
    (team, indicator, periode_start, waarde) holds values already stored, for the jump check against
    a team's own earlier period; a stored value of 1 to ``small_count`` is never repeated in a message.

    ``own_team`` (a team member's upload) refuses every row of another team; ``known_teams`` are
    the teams a name may be compared with ("Bedoelt u …?"); more than ``max_teams`` different
    teams refuse the whole file."""
    today = today or dt.date.today()
    df = mapped.copy()
    n_source_rows = int(df["_rij"].nunique()) if len(df) else 0
    found = Findings(df)
    team_frames, team_error, n_foreign = check_team_names(df, own_team, known_teams, max_teams)
    found.frames += team_frames
    found.error |= team_error
    for col in ("gemeente", "wijk"):
        df[col] = per_value(df[col], normalise_name)
    raw_period = checks.check_periods(found, today, frequency)
    checks.check_indicators(found, catalog)
    checks.check_combined_columns(found)
    convention, given = checks.read_values(found, default_decimal, scales)
    units, kinds = checks.derive_values(df, catalog, given)
    n_missing = int((df[["waarde", "teller", "noemer"]].isna().all(axis=1).to_numpy() & ~found.error).sum())
    tenfold = checks.check_tenfold(found, given)
    checks.check_plausibility(found, units, kinds, tenfold)
    usable = ~found.error  # from here on, warnings only
    duplicate = checks.check_duplicates(found)
    checks.check_future(found, raw_period, today)
    checks.check_jumps(found, usable & ~duplicate & ~tenfold, kinds, previous, small_count)

    issues, n_unlisted = found.report()
    rejected = sorted(int(r) for r in pd.unique(df.loc[found.error, "_rij"]))
    obs = df.loc[usable & ~duplicate, ["_rij", *OBSERVATION_COLUMNS, "gemeente", "wijk"]].reset_index(drop=True)
    return ValidationResult(obs, issues[ISSUE_COLUMNS], rejected, n_source_rows, len(df), n_missing, int(duplicate.sum()),
                            convention, n_foreign, n_unlisted)
