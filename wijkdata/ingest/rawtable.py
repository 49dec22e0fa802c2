"""The raw table that the CSV and Excel readers both produce, and the steps they share: find the
header, name the columns, drop what is empty."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wijkdata.formatting import format_int
from wijkdata.ingest.errors import IngestError
from wijkdata.text import column_letter

DELIMITERS = {";": "puntkomma", "\t": "tab", "|": "verticale streep", ",": "komma"}
ENCODING_LABELS = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16 (zonder BOM)",
                   "utf-16-be": "UTF-16 (zonder BOM)", "utf-32": "UTF-32", "utf-32-le": "UTF-32 (zonder BOM)",
                   "utf-32-be": "UTF-32 (zonder BOM)", "cp1252": "Windows-1252", "latin-1": "Latin-1"}


@dataclass
class RawTable:
    """The cells of one sheet or CSV file, header separated, with where each row came from."""

    frame: pd.DataFrame  # columns = header names as written (trimmed); cells as read, empty = missing
    row_numbers: np.ndarray  # the row number a user sees in a spreadsheet, per frame row
    file_type: str  # "csv" | "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """A Dutch sentence on how the file was read."""
        if self.file_type == "xlsx":
            return (f"Excel-bestand, werkblad '{self.sheet}'; {format_int(len(self.frame))} rijen en "
                    f"{format_int(len(self.frame.columns))} kolommen.")
        enc = ENCODING_LABELS.get(self.encoding or "", self.encoding)
        return (f"CSV-bestand in {enc} met {DELIMITERS.get(self.delimiter or '', self.delimiter)} als scheidingsteken; "
                f"{format_int(len(self.frame))} rijen en {format_int(len(self.frame.columns))} kolommen.")


def header_row(nonempty: list[int] | np.ndarray) -> int:
    """The first row that looks like a header: skips title lines above the table."""
    widest = max(nonempty[:30])
    for i, count in enumerate(nonempty):
        if count >= max(2, widest // 2):
            return i
    return next(i for i, c in enumerate(nonempty) if c)


def header_names(header: list[object]) -> list[str]:
    names = []
    for i, value in enumerate(header):
        text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip()
        names.append(text or f"(kolom {column_letter(i)} zonder naam)")
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        key = name.lower()
        if key in seen:
            raise IngestError(
                f"De kolomnaam '{name}' komt twee keer voor (kolom {column_letter(seen[key])} en {column_letter(i)}).",
                "Geef elke kolom een eigen naam in de kopregel.",
            )
        seen[key] = i
    return names


def drop_unnamed_empty(frame: pd.DataFrame) -> pd.DataFrame:
    unnamed_empty = [c for c in frame.columns if c.startswith("(kolom ") and frame[c].isna().all()]
    return frame.drop(columns=unnamed_empty)


def require_rows(frame: pd.DataFrame) -> None:
    if frame.empty:
        raise IngestError("Het bestand heeft wel een kopregel, maar geen rijen met cijfers.",
                          "Zet onder de kopregel één rij per team, periode en indicator (of per team en periode).")
