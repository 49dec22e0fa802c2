"""The report of a check: one line per problem with row, column, value, severity, what is wrong
and how to fix it, capped per problem so that a file with a million bad rows still gives a
readable report within seconds. Used by every row check (figures, team attributes, trajecten)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkdata.formatting import format_int
from wijkdata.ingest import numbers as num

ERROR = "fout"
WARNING = "waarschuwing"
ISSUE_COLUMNS = ["rij", "kolom", "waarde", "ernst", "probleem", "oplossing"]

MAX_DETAILS = 10_000  # rows named per problem; more are counted in one line (a 100 MB file of duplicates
# made 1,76 million warnings: 2,3 GB and 14 s to say the same thing)


def capped(mask) -> tuple[np.ndarray, int]:
    """The first MAX_DETAILS rows of ``mask`` and how many there are in all: messages that cost
    work per row are built for those rows only."""
    mask = np.asarray(mask, dtype=bool)
    total = int(mask.sum())
    if total > MAX_DETAILS:
        mask = mask.copy()
        mask[np.flatnonzero(mask)[MAX_DETAILS:]] = False
    return mask, total


def issue_frame(df: pd.DataFrame, mask, kolom, waarde, ernst: str, probleem, oplossing,
                 total: int | None = None) -> pd.DataFrame:
    """One report line per row of ``mask``, at most MAX_DETAILS; the rest as one line that counts
    them (``total``: the number of rows with this problem, when ``mask`` was capped already)."""
    full = np.asarray(mask, dtype=bool)
    mask, counted = capped(full)
    total = max(total or 0, counted)
    if not mask.any():
        return no_issues()
    sub = df.loc[mask]

    def pick(v):
        return v[mask] if isinstance(v, (pd.Series, np.ndarray)) else v

    out = pd.DataFrame({
        "rij": sub["_rij"].to_numpy(),
        "kolom": pick(kolom),
        "waarde": pick(waarde),
        "ernst": ernst,
        "probleem": pick(probleem),
        "oplossing": pick(oplossing),
        "_idx": sub.index.to_numpy(),
    })
    out["waarde"] = out["waarde"].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v))
                                      else num.shorten(v, limit=100))
    out["_meer"] = 0  # rows a line stands for besides itself: what the counts in the report add up
    if total > len(out):
        last, named = out.iloc[-1], len(out)
        summary = {"rij": last["rij"], "kolom": last["kolom"], "waarde": "", "ernst": ernst,
                   "probleem": f"En nog {format_int(total - named)} rijen met hetzelfde probleem; hierboven staan de "
                               f"eerste {format_int(named)}.",
                   "oplossing": last["oplossing"], "_idx": last["_idx"], "_meer": total - named - 1}
        out = pd.concat([out.astype({"kolom": object, "probleem": object, "oplossing": object}),
                         pd.DataFrame([summary])], ignore_index=True)
    return out


def per_value(series: pd.Series, func) -> pd.Series:
    """``series.map(func)``, calling func once per distinct value (missing values as None): a
    national file has 1.2 million rows but only some thousands of teams, periods and indicators."""
    codes, uniques = pd.factorize(series)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[:-1] = [func(v) for v in uniques]
    mapped[-1] = func(None)  # code -1: a missing value
    return pd.Series(mapped[codes], index=series.index, dtype=object)


def text_values(series: pd.Series) -> pd.Series:
    return per_value(series, lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip() or None)




def no_issues() -> pd.DataFrame:
    return pd.DataFrame(columns=ISSUE_COLUMNS + ["_idx", "_meer"])


class Findings:
    """What the checks of one table found: its report lines and which rows cannot be used."""

    def __init__(self, df: pd.DataFrame):
        self.df = df
        self.frames: list[pd.DataFrame] = []
        self.error = np.zeros(len(df), dtype=bool)

    def add(self, mask, kolom, waarde, ernst: str, probleem, oplossing, total: int | None = None) -> None:
        """Report the rows of ``mask``; an ERROR also refuses them."""
        self.frames.append(issue_frame(self.df, mask, kolom, waarde, ernst, probleem, oplossing, total))
        if ernst == ERROR:
            self.error |= np.asarray(mask, dtype=bool)

    def report(self) -> tuple[pd.DataFrame, tuple[int, int]]:
        """All lines, by row; and (errors, warnings) counted in a summary line instead of one by one."""
        frames = [f for f in self.frames if len(f)]
        issues = pd.concat(frames, ignore_index=True) if frames else no_issues()
        issues = issues.sort_values(["rij", "ernst"], kind="stable").reset_index(drop=True)
        unlisted = issues.groupby("ernst")["_meer"].sum() if "_meer" in issues else pd.Series(dtype=int)
        return issues, (int(unlisted.get(ERROR, 0)), int(unlisted.get(WARNING, 0)))
