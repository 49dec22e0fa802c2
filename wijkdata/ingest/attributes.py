"""Team attributes (gemeente, wijk, context variables such as inwoners 0-17 or fte).

An attributes file may hold one row per team, or one per team and period (CBS: inwoners per
year). With a period, every period's values are kept (stored per period) and, where a team has
several rows for one period, the last row of that period counts: a choice by period, never by
where a row happens to stand in the file (a CBS file runs newest year first).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijkdata.ingest import numbers as num
from wijkdata.ingest.mapping import attribute_columns, coalesce
from wijkdata.ingest.plan import filled_mask, is_filled
from wijkdata.ingest.teams import normalise_name
from wijkdata.ingest.issues import ERROR, ISSUE_COLUMNS, WARNING
from wijkdata.ingest.row_checks import check_team_names
from wijkdata.periods import PERIOD_HELP, at_frequency, parse_period, period_label


@dataclass
class AttributeResult:
    teams: pd.DataFrame  # team, periode (None without a period column), gemeente, wijk, kenmerken (dict)
    issues: pd.DataFrame
    rejected_rows: list[int]
    n_source_rows: int
    n_foreign_rows: int = 0  # rows of other teams than a team member's own, refused
    unused_columns: tuple[str, ...] = ()  # mapped as kenmerk but empty in every row kept

    @property
    def n_errors(self) -> int:
        return int((self.issues["ernst"] == ERROR).sum())

    @property
    def n_warnings(self) -> int:
        return int((self.issues["ernst"] == WARNING).sum())

    @property
    def n_usable(self) -> int:
        return int(self.teams["team"].nunique()) if len(self.teams) else 0

    @property
    def periods(self) -> list[str]:
        return sorted(p for p in self.teams["periode"].dropna().unique()) if "periode" in self.teams else []


def validate_attributes(frame: pd.DataFrame, row_numbers, mapping: dict[str, str], default_decimal: str = ".", *,
                        own_team: str | None = None, known_teams=(), max_teams: int | None = None,
                        scales: dict[str, float] | None = None, frequency: str | None = None) -> AttributeResult:
    """Check a team attributes file; ``own_team``, ``known_teams`` and ``max_teams`` as in validate(),
    ``scales`` and ``frequency`` as in the import plan."""
    by_target = {t: c for c, t in mapping.items() if t and t != "kenmerk"}
    variables = attribute_columns(mapping)
    rows = np.asarray(row_numbers)
    issues = []
    names = pd.DataFrame({"_rij": rows, "team": frame[by_target["team"]].to_numpy()})
    team_frames, refused, n_foreign = check_team_names(names, own_team, known_teams, max_teams)
    team_issues = pd.concat([f for f in team_frames if len(f)] or [pd.DataFrame(columns=ISSUE_COLUMNS)], ignore_index=True)
    team_issues["kolom"] = by_target["team"]
    issues += list(team_issues[ISSUE_COLUMNS].itertuples(index=False, name=None))
    team = pd.Series(names["team"].to_numpy(), index=frame.index)
    for col in ("gemeente", "wijk"):
        if col in by_target:
            frame = frame.assign(**{by_target[col]: frame[by_target[col]].map(normalise_name)})

    # -- the period of each row, when the file has one
    # a list of None, not pd.Series(None): pandas makes that NaN, which is no period and yet true
    period = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    if "periode" in by_target:
        col = by_target["periode"]
        parsed = {v: at_frequency(parse_period(v), frequency) for v in pd.unique(frame[col].dropna())}
        period = pd.Series([parsed[v].code if pd.notna(v) and parsed.get(v) else None for v in frame[col]],
                           index=frame.index, dtype=object)
        unreadable = (period.isna() & frame[col].notna()).to_numpy() & ~refused
        for r, raw in zip(rows[unreadable], frame[col][unreadable]):
            issues.append((int(r), col, str(raw), ERROR, "Deze periode is niet te lezen; de kenmerken van deze rij "
                           "worden niet gebruikt.", PERIOD_HELP))
        refused = refused | unreadable

    # -- duplicates: per team (and period), the last row counts
    key = pd.DataFrame({"team": team, "periode": period})
    dup = key.duplicated(keep="last").to_numpy() & ~refused
    for r, name, p in zip(rows[dup], team[dup], period[dup]):
        when = f" met periode {period_label(p)}" if isinstance(p, str) else ""
        issues.append((int(r), by_target["team"], name, WARNING, f"Dit team staat nog een keer in het bestand{when}; "
                       "de laatste rij daarvan telt.", "Haal de dubbele rij weg."))

    # -- the context variables (CBS-numbered columns of other years combined into one)
    keep = ~refused & ~dup
    convention = num.detect_convention([frame[c] for cols in variables.values() for c in cols], default_decimal)
    context: dict[str, pd.Series] = {}
    for name, cols in variables.items():
        cells, source, conflict = coalesce(frame, cols)
        both = conflict.notna().to_numpy() & keep
        for r, c, other in zip(rows[both], source[both], conflict[both]):
            issues.append((int(r), c, "", WARNING, f"Deze rij heeft ook een waarde in kolom ‘{other}’ voor hetzelfde "
                           "kenmerk; de waarde uit deze kolom telt.", "Laat per rij één van deze kolommen gevuld."))
        values, problems = num.parse_numbers(cells, convention)
        mostly_numbers = values.notna().sum() >= max(1, 0.5 * filled_mask(cells).sum())
        if mostly_numbers:
            if scales:
                values = values * source.map(scales).fillna(1.0).astype(float).to_numpy()
            context[name] = values
            for r, c, raw, p in zip(rows, source, cells, problems):
                if p in (num.NOT_A_NUMBER, num.NOT_FINITE, num.TOO_LARGE):
                    what, how = num.describe_problem(p, raw, np.nan, convention)
                    issues.append((int(r), c, str(raw), WARNING, what + " Deze waarde blijft leeg.", how))
        else:  # a text attribute such as 'stedelijkheid: sterk stedelijk'
            context[name] = cells.map(lambda v: str(v).strip() if is_filled(v) else None)
    teams = pd.DataFrame({
        "team": team[keep].to_numpy(),
        "periode": period[keep].to_numpy(),
        "gemeente": frame[by_target["gemeente"]][keep].to_numpy() if "gemeente" in by_target else None,
        "wijk": frame[by_target["wijk"]][keep].to_numpy() if "wijk" in by_target else None,
    })
    columns = {name: series.to_numpy(dtype=object)[keep] for name, series in context.items()}
    kenmerken = []
    for i in range(int(keep.sum())):
        entry = {}
        for name, values in columns.items():
            v = values[i]
            if v is not None and not (isinstance(v, float) and np.isnan(v)):
                entry[name] = float(v) if isinstance(v, (float, np.floating)) else v
        kenmerken.append(entry)
    teams["kenmerken"] = kenmerken
    filled = {name for entry in kenmerken for name in entry}
    unused = tuple(c for name, cols in variables.items() if name not in filled for c in cols)
    issue_df = pd.DataFrame(issues, columns=ISSUE_COLUMNS).sort_values("rij", kind="stable").reset_index(drop=True)
    return AttributeResult(teams, issue_df, sorted({int(r) for r in rows[refused]}), len(frame), n_foreign, unused)
