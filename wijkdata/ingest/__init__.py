"""Ingest: bytes -> raw table -> mapped long table -> checked observations with a Dutch report.

The one entry point for the app and the command line is :func:`check_upload`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.ingest.attributes import AttributeResult, validate_attributes
from wijkdata.ingest.errors import IngestError
from wijkdata.ingest.limits import MAX_VALUES, too_many_values
from wijkdata.ingest.mapping import apply_mapping, infer_layout, mapping_problems, propose_mapping
from wijkdata.ingest.reader import RawTable, read_table
from wijkdata.ingest.validate import ValidationResult, validate

__all__ = ["IngestError", "RawTable", "ValidationResult", "AttributeResult", "CheckedUpload", "read_table",
           "propose_mapping", "check_upload", "sha256", "rejected_rows_frame"]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class CheckedUpload:
    raw: RawTable
    mapping: dict[str, str]
    layout: str  # lang | breed | teamkenmerken
    result: ValidationResult | AttributeResult


def check_upload(raw: RawTable, mapping: dict[str, str], catalog: Catalog, *,
                 previous: pd.DataFrame | None = None, today: dt.date | None = None, own_team: str | None = None,
                 known_teams=(), max_teams: int | None = None, small_count: int = 5) -> CheckedUpload:
    """Apply a confirmed mapping and check every row. Raises IngestError if the mapping is incomplete
    or the file names more than ``max_teams`` teams. ``own_team`` restricts the rows to one team
    (a team member's upload); ``known_teams`` are the names a look-alike is compared with."""
    problems = mapping_problems(mapping, catalog)
    if problems:
        raise IngestError("De kolommen zijn nog niet goed gekoppeld: " + " ".join(problems),
                          "Kies in de koppelstap voor elke kolom wat erin staat.")
    default_decimal = "," if raw.delimiter == ";" else "."
    layout = infer_layout(mapping)
    if layout == "teamkenmerken":
        result = validate_attributes(raw.frame, raw.row_numbers, mapping, default_decimal, own_team=own_team,
                                     known_teams=known_teams, max_teams=max_teams)
    else:
        blocks = 1 if layout == "lang" else len({t.split(":")[1] for t in mapping.values() if t.startswith("ind:")})
        if len(raw.frame) * blocks > MAX_VALUES:  # a wide table yields rows × indicator columns values
            raise too_many_values(len(raw.frame) * blocks)
        mapped = apply_mapping(raw.frame, raw.row_numbers, mapping)
        result = validate(mapped, catalog, today=today, previous=previous, default_decimal=default_decimal,
                          own_team=own_team, known_teams=known_teams, max_teams=max_teams, small_count=small_count)
    return CheckedUpload(raw, mapping, layout, result)


def rejected_rows_frame(checked: CheckedUpload) -> pd.DataFrame:
    """The source rows with an error, as the user wrote them, with row number and the problems:
    a file to fix and upload again."""
    rows = checked.result.rejected_rows
    raw = checked.raw
    pos = pd.Series(range(len(raw.row_numbers)), index=raw.row_numbers)
    frame = raw.frame.iloc[pos.loc[rows].to_numpy()].copy() if rows else raw.frame.iloc[0:0].copy()
    issues = checked.result.issues
    errors = issues[issues["ernst"] == "fout"]
    text = errors.groupby("rij").apply(
        lambda g: " ".join(f"[{k}] {p}" for k, p in zip(g["kolom"], g["probleem"])), include_groups=False)
    frame.insert(0, "rij", rows)
    frame["probleem"] = [text.get(r, "") for r in rows]
    return frame.reset_index(drop=True)
