"""Team attributes (gemeente, wijk, context variables such as inwoners 0-17 or fte)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijkdata.ingest import numbers as num
from wijkdata.ingest.teams import normalise_name
from wijkdata.ingest.validate import ERROR, ISSUE_COLUMNS, WARNING, check_team_names


@dataclass
class AttributeResult:
    teams: pd.DataFrame  # team, gemeente, wijk, kenmerken (dict of context variables)
    issues: pd.DataFrame
    rejected_rows: list[int]
    n_source_rows: int
    n_foreign_rows: int = 0  # rows of other teams than a team member's own, refused

    @property
    def n_errors(self) -> int:
        return int((self.issues["ernst"] == ERROR).sum())

    @property
    def n_warnings(self) -> int:
        return int((self.issues["ernst"] == WARNING).sum())

    @property
    def n_usable(self) -> int:
        return len(self.teams)


def validate_attributes(frame: pd.DataFrame, row_numbers, mapping: dict[str, str], default_decimal: str = ".", *,
                        own_team: str | None = None, known_teams=(), max_teams: int | None = None) -> AttributeResult:
    """Check a team attributes file; ``own_team``, ``known_teams`` and ``max_teams`` as in validate()."""
    by_target = {t: c for c, t in mapping.items() if t and t != "kenmerk"}
    extra = [c for c, t in mapping.items() if t == "kenmerk"]
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
    dup = team.duplicated(keep="last").to_numpy() & ~refused
    for r, name in zip(rows[dup], team[dup]):
        issues.append((int(r), by_target["team"], name, WARNING, "Dit team staat nog een keer in het bestand; de laatste rij telt.",
                       "Haal de dubbele rij weg."))
    convention = num.detect_convention([frame[c] for c in extra], default_decimal)
    context: dict[str, pd.Series] = {}
    for col in extra:
        values, problems = num.parse_numbers(frame[col], convention)
        mostly_numbers = values.notna().sum() >= max(1, 0.5 * frame[col].notna().sum())
        if mostly_numbers:
            context[col] = values
            for r, raw, p in zip(rows, frame[col], problems):
                if p in (num.NOT_A_NUMBER, num.NOT_FINITE, num.TOO_LARGE):
                    what, how = num.describe_problem(p, raw, np.nan, convention)
                    issues.append((int(r), col, str(raw), WARNING, what + " Deze waarde blijft leeg.", how))
        else:  # a text attribute such as 'stedelijkheid: sterk stedelijk'
            context[col] = frame[col].map(lambda v: None if v is None else str(v).strip() or None)
    keep = ~refused & ~dup
    teams = pd.DataFrame({
        "team": team[keep].to_numpy(),
        "gemeente": frame[by_target["gemeente"]][keep].to_numpy() if "gemeente" in by_target else None,
        "wijk": frame[by_target["wijk"]][keep].to_numpy() if "wijk" in by_target else None,
    })
    kenmerken = []
    for i in np.flatnonzero(keep):
        entry = {}
        for col, series in context.items():
            v = series.iloc[i]
            if v is not None and not (isinstance(v, float) and np.isnan(v)):
                entry[col] = float(v) if isinstance(v, (float, np.floating)) else v
        kenmerken.append(entry)
    teams["kenmerken"] = kenmerken
    issue_df = pd.DataFrame(issues, columns=ISSUE_COLUMNS).sort_values("rij", kind="stable").reset_index(drop=True)
    return AttributeResult(teams, issue_df, sorted({int(r) for r in rows[refused]}), len(frame), n_foreign)
