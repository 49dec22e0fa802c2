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
from wijkdata.ingest.personal import refuse_personal_data
from wijkdata.ingest.plan import NO_OPTIONS, ImportOptions, apply_row_filter, filled_mask, flagged_breaks
from wijkdata.ingest.reader import RawTable, read_table
from wijkdata.ingest.trajectory_check import check_trajectories
from wijkdata.ingest.validate import ValidationResult, validate

__all__ = ["IngestError", "RawTable", "ValidationResult", "AttributeResult", "CheckedUpload", "ImportOptions", "read_table",
           "propose_mapping", "check_upload", "sha256", "rejected_rows_frame"]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class CheckedUpload:
    raw: RawTable
    mapping: dict[str, str]
    layout: str  # lang | breed | teamkenmerken | trajecten
    result: ValidationResult | AttributeResult
    options: ImportOptions = NO_OPTIONS
    n_filtered: int = 0  # rows the row filter left out
    # the context variables of a figures file (kenmerk columns next to the indicator columns)
    attributes: AttributeResult | None = None
    new_indicators: tuple = ()  # own indicators the mapping uses that the import creates
    catalog: Catalog | None = None  # the catalogue the check used (with the new indicators)
    unused_columns: tuple[str, ...] = ()  # mapped, but without one value in the rows that count
    series_breaks: pd.DataFrame | None = None  # team, periode, reden: where a flag column marks a new series

    @property
    def issues(self) -> pd.DataFrame:
        """Every line of the report: the figures' and, in a figures file, the context variables'."""
        if self.attributes is None or not len(self.attributes.issues):
            return self.result.issues
        both = pd.concat([self.result.issues, self.attributes.issues], ignore_index=True)
        return both.drop_duplicates().sort_values("rij", kind="stable").reset_index(drop=True)


def check_upload(raw: RawTable, mapping: dict[str, str], catalog: Catalog, *,
                 previous: pd.DataFrame | None = None, today: dt.date | None = None, own_team: str | None = None,
                 known_teams=(), max_teams: int | None = None, small_count: int = 5,
                 options: ImportOptions = NO_OPTIONS, new_indicators=()) -> CheckedUpload:
    """Apply a confirmed mapping and the plan's options and check every row. Raises IngestError if
    the mapping is incomplete or the file names more than ``max_teams`` teams. ``own_team`` restricts
    the rows to one team (a team member's upload); ``known_teams`` are the names a look-alike is
    compared with. ``new_indicators``: own indicators a recognised export brings, made on import."""
    used = {t.split(":")[1] for t in mapping.values() if t.startswith("ind:")}
    fresh = {i.code: i for i in reversed(new_indicators) if i.code in used and i.code not in catalog}  # first wins
    new_indicators = tuple(reversed(fresh.values()))
    catalog = catalog.with_own(list(new_indicators))
    problems = mapping_problems(mapping, catalog)
    if problems:
        raise IngestError("De kolommen zijn nog niet goed gekoppeld: " + " ".join(problems),
                          "Kies in de koppelstap voor elke kolom wat erin staat.")
    options = options.restricted_to(raw.frame.columns)
    kept = apply_row_filter(raw.frame, raw.row_numbers, options.row_filter)
    if options.row_filter and not len(kept.frame):
        raise IngestError("Geen enkele rij voldoet aan het rijfilter (" + " ".join(options.describe()[:len(options.row_filter)])
                          + ")", "Kies in de koppelstap bij het rijfilter waarden die in het bestand staan.")
    default_decimal = "," if raw.delimiter == ";" else "."
    layout = infer_layout(mapping)
    common = dict(own_team=own_team, known_teams=known_teams, max_teams=max_teams)
    attributes = None
    refuse_personal_data(kept.frame, trajectory_list=layout == "trajecten")
    if layout == "trajecten":  # rows about people: only the figures computed from them leave the check
        result = check_trajectories(kept.frame, kept.row_numbers, mapping, options, catalog, today=today, **common)
    elif layout == "teamkenmerken":
        result = validate_attributes(kept.frame, kept.row_numbers, mapping, default_decimal, scales=options.scales,
                                     frequency=options.frequency, **common)
    else:
        blocks = 1 if layout == "lang" else len({t.split(":")[1] for t in mapping.values() if t.startswith("ind:")})
        if len(kept.frame) * blocks > MAX_VALUES:  # a wide table yields rows × indicator columns values
            raise too_many_values(len(kept.frame) * blocks)
        mapped = apply_mapping(kept.frame, kept.row_numbers, mapping)
        result = validate(mapped, catalog, today=today, previous=previous, default_decimal=default_decimal,
                          small_count=small_count, scales=options.scales, frequency=options.frequency, **common)
        if "kenmerk" in mapping.values():  # context variables next to the figures: kept per team and period
            context = {c: t for c, t in mapping.items() if t in ("team", "periode", "gemeente", "wijk", "kenmerk")}
            attributes = validate_attributes(kept.frame, kept.row_numbers, context, default_decimal,
                                             scales=options.scales, frequency=options.frequency, **common)
    unused = tuple(c for c, t in mapping.items() if (t.startswith("ind:") or t == "kenmerk")
                   and not filled_mask(kept.frame[c]).any())
    breaks = None
    if "reeksbreuk" in mapping.values():  # only for teams whose rows the check kept (a team member: the own)
        usable = set(result.teams["team"] if layout == "teamkenmerken" else result.observations["team"])
        breaks = flagged_breaks(kept.frame, mapping, options)
        breaks = breaks[breaks["team"].isin(usable)].reset_index(drop=True)
    return CheckedUpload(raw, mapping, layout, result, options, kept.n_removed, attributes, new_indicators, catalog,
                         unused, breaks)


def rejected_rows_frame(checked: CheckedUpload) -> pd.DataFrame:
    """The source rows with an error, as the user wrote them, with row number and the problems:
    a file to fix and upload again. For a list of trajecten only the row numbers and problems: its
    rows are about people and never leave the check."""
    rows = checked.result.rejected_rows
    raw = checked.raw
    pos = pd.Series(range(len(raw.row_numbers)), index=raw.row_numbers)
    frame = raw.frame.iloc[pos.loc[rows].to_numpy()].copy() if rows else raw.frame.iloc[0:0].copy()
    issues = checked.result.issues
    errors = issues[issues["ernst"] == "fout"]
    text = errors.groupby("rij").apply(
        lambda g: " ".join(f"[{k}] {p}" for k, p in zip(g["kolom"], g["probleem"])), include_groups=False)
    if checked.layout == "trajecten":
        frame = frame.iloc[:, 0:0]
    frame.insert(0, "rij", rows)
    frame["probleem"] = [text.get(r, "") for r in rows]
    return frame.reset_index(drop=True)
