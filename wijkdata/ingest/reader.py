"""Bytes as uploaded -> a raw table of cells, or one clear Dutch sentence why not.

Handles CSV with , ; tab or | in UTF-8 (with or without BOM), UTF-16, cp1252 and latin-1, and
Excel .xlsx (with a sheet choice). Everything that is not a table gets an IngestError.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wijkdata.formatting import format_int, format_mb
from wijkdata.ingest.errors import IngestError
from wijkdata.text import column_letter

MAX_COLUMNS = 1000
MAX_XLSX_UNCOMPRESSED = 1_000_000_000  # bytes: larger is a decompression bomb, not team data
MAX_XLSX_RATIO = 200  # an honest spreadsheet compresses 5-20x; far beyond that is a bomb
DELIMITERS = {";": "puntkomma", "\t": "tab", "|": "verticale streep", ",": "komma"}
ENCODING_LABELS = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252", "latin-1": "Latin-1"}

_MAGIC = [
    (b"\x89PNG", "een afbeelding (PNG)"),
    (b"\xff\xd8\xff", "een afbeelding (JPEG)"),
    (b"GIF8", "een afbeelding (GIF)"),
    (b"%PDF", "een PDF-document"),
    (b"\x1f\x8b", "een ingepakt bestand (gzip)"),
    (b"Rar!", "een ingepakt bestand (RAR)"),
    (b"7z\xbc\xaf", "een ingepakt bestand (7-Zip)"),
    (b"\x7fELF", "een programma"),
    (b"MZ", "een programma"),
]
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(r"^\s*<(!doctype|html|head|body|table|\?xml|svg)", re.IGNORECASE)


@dataclass
class RawTable:
    """The cells of one sheet or CSV file, header separated, with where each row came from."""

    frame: pd.DataFrame  # columns = header names as written (trimmed); cells as read
    row_numbers: np.ndarray  # the row number a user sees in a spreadsheet, per frame row
    file_type: str  # "csv" | "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """A Dutch sentence on how the file was read."""
        if self.file_type == "xlsx":
            return f"Excel-bestand, werkblad '{self.sheet}'; {len(self.frame)} rijen en {len(self.frame.columns)} kolommen."
        enc = ENCODING_LABELS.get(self.encoding or "", self.encoding)
        return (f"CSV-bestand in {enc} met {DELIMITERS.get(self.delimiter or '', self.delimiter)} als scheidingsteken; "
                f"{len(self.frame)} rijen en {len(self.frame.columns)} kolommen.")


def read_table(data: bytes, filename: str = "", sheet: str | None = None, max_bytes: int | None = None) -> RawTable:
    """Read an uploaded file. Raises IngestError with a Dutch message for anything unusable."""
    if max_bytes is not None and len(data) > max_bytes:
        raise IngestError(
            f"Het bestand is {format_mb(len(data))}; de grens is {format_mb(max_bytes)}.",
            "Splits het bestand, bijvoorbeeld per jaar, of vraag de beheerder de grens (WIJKDATA_MAX_UPLOAD_MB) te verhogen.",
        )
    if not data or not data.strip(b" \t\r\n\x00"):
        raise IngestError("Het bestand is leeg.", "Kies het bestand met de cijfers, of sla het opnieuw op vanuit Excel.")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _read_xlsx(data, sheet)
    if data.startswith(_OLE_MAGIC):
        raise _ole_error(data)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise IngestError(f"Dit bestand is {what}, geen tabel met cijfers.",
                              "Upload een CSV-bestand of een Excel-bestand (.xlsx).")
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise IngestError("Dit bestand heet .xlsx, maar is geen Excel-bestand (het is beschadigd of iets anders).",
                          "Open het in Excel en sla het opnieuw op als Excel-werkmap (.xlsx) of als CSV.")
    return _read_csv(data)


def _ole_error(data: bytes) -> IngestError:
    if "EncryptionInfo".encode("utf-16-le") in data[:2_000_000] or b"E\x00n\x00c\x00r\x00y\x00p\x00t" in data:
        return IngestError("Dit Excel-bestand is beveiligd met een wachtwoord; de app kan het niet openen.",
                           "Open het in Excel, haal het wachtwoord eraf (Bestand > Info > Werkmap beveiligen) en sla het opnieuw op.")
    return IngestError("Dit is een oud Excel-bestand (.xls) of een ander Office-document.",
                       "Open het in Excel en sla het op als Excel-werkmap (.xlsx) of als CSV.")


# ---------------------------------------------------------------------------- xlsx

def _read_xlsx(data: bytes, sheet: str | None) -> RawTable:
    import openpyxl  # openpyxl uses defusedxml when it is installed (it is a dependency)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError("Het Excel-bestand is beschadigd of niet compleet en kan niet worden geopend.",
                          "Sla het opnieuw op vanuit Excel en upload het nog eens.") from exc
    if "xl/workbook.xml" not in names:
        what = "een Word-document" if "word/document.xml" in names else "een zip-bestand"
        raise IngestError(f"Dit is {what}, geen Excel-werkmap.", "Upload een Excel-bestand (.xlsx) of een CSV-bestand.")
    if total > MAX_XLSX_UNCOMPRESSED or total / packed > MAX_XLSX_RATIO:
        raise IngestError("Dit Excel-bestand pakt uit tot een onredelijk grote omvang en wordt niet geopend.",
                          "Sla alleen de tabel met cijfers op in een nieuwe werkmap of als CSV.")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # read only after the size check above
        has_formulas = any(_FORMULA_TAG.search(zf.read(n)) for n in names if n.startswith("xl/worksheets/"))
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise IngestError("Het Excel-bestand is beschadigd en kan niet worden geopend.",
                          "Sla het opnieuw op vanuit Excel en upload het nog eens.") from exc
    try:
        sheets = list(wb.sheetnames)
        if not sheets:
            raise IngestError("Het Excel-bestand bevat geen werkbladen.", "Zet de cijfers op een werkblad en sla opnieuw op.")
        if sheet is not None and sheet not in sheets:
            raise IngestError(f"Het werkblad '{sheet}' bestaat niet in dit bestand.",
                              f"Kies een van deze werkbladen: {', '.join(sheets)}.")
        # without a choice, the first sheet that holds a table (a notes sheet in front is common)
        first_error = None
        for name in [sheet] if sheet is not None else sheets:
            try:
                rows = list(wb[name].iter_rows(values_only=True))
                if has_formulas:
                    rows = _with_unsaved_formulas(data, name, rows)
                return _sheet_table(rows, name, sheets)
            except IngestError as exc:
                first_error = first_error or exc
        raise first_error
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError("Het werkblad kan niet worden gelezen; het bestand is waarschijnlijk beschadigd.",
                          "Sla het opnieuw op vanuit Excel en upload het nog eens.") from exc
    finally:
        wb.close()


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >]")


def _with_unsaved_formulas(data: bytes, sheet: str, values: list[tuple]) -> list[tuple]:
    """A formula whose result was never saved (a file written by a script, not by Excel) reads as an
    empty cell. Put the formula text there instead, so the check names it rather than calling the
    value missing."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        formulas = list(wb[sheet].iter_rows(values_only=True))
    finally:
        wb.close()
    out = []
    for value_row, formula_row in zip(values, formulas):
        out.append(tuple(f if v is None and isinstance(f, str) and f.startswith("=") else v
                         for v, f in zip(value_row, formula_row)))
    return out


def _sheet_table(rows: list[tuple], sheet: str, sheets: list[str]) -> RawTable:
    def is_empty(v: object) -> bool:
        return v is None or (isinstance(v, str) and not v.strip())

    width = max((len(r) for r in rows), default=0)
    if width > MAX_COLUMNS:
        raise _too_many_columns(width)
    nonempty = [sum(not is_empty(v) for v in r) for r in rows]
    if not any(nonempty):
        others = [s for s in sheets if s != sheet]
        hint = f"Kies een ander werkblad ({', '.join(others)})." if others else "Zet de cijfers op het werkblad en sla opnieuw op."
        raise IngestError(f"Het werkblad '{sheet}' is leeg.", hint)
    header_at = _header_row(nonempty)
    header = list(rows[header_at]) + [None] * (width - len(rows[header_at]))
    body_rows, numbers = [], []
    for i in range(header_at + 1, len(rows)):
        if nonempty[i]:
            r = list(rows[i])
            body_rows.append(r + [None] * (width - len(r)))
            numbers.append(i + 1)  # Excel rows count from 1
    columns = _header_names(header)
    frame = pd.DataFrame(body_rows, columns=columns, dtype=object) if body_rows else pd.DataFrame(columns=columns, dtype=object)
    frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    frame = _drop_unnamed_empty(frame)
    _require_rows(frame)
    return RawTable(frame, np.array(numbers, dtype=int), "xlsx", sheet=sheet, sheets=sheets)


def _header_row(nonempty: list[int]) -> int:
    """The first row that looks like a header: skips title lines above the table."""
    widest = max(nonempty[:30])
    for i, count in enumerate(nonempty):
        if count >= max(2, widest // 2):
            return i
    return next(i for i, c in enumerate(nonempty) if c)


# ---------------------------------------------------------------------------- csv

def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise IngestError("Het bestand zegt UTF-16 te zijn, maar de tekst is beschadigd.",
                              "Sla het opnieuw op als 'CSV UTF-8'.") from exc
    head = data[:65536]
    if head.count(b"\x00") > max(2, len(head) // 100):  # a stray NUL is dropped; many mean binary
        raise IngestError("Dit bestand bevat geen leesbare tekst; het lijkt een binair bestand.",
                          "Upload een CSV-bestand of een Excel-bestand (.xlsx) met de cijfers.")
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        # Lines pasted together from a UTF-8 and a Windows file: decode each line by itself, so that
        # "Café" reads as Café in both halves instead of "CafÃ©" in one of them.
        lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
        return "\n".join(_decode_line(line) for line in lines), "utf-8 en cp1252 gemengd"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def _read_csv(data: bytes) -> RawTable:
    text, encoding = _decode(data)
    sample = text[:200_000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if control > len(sample) // 50:
        raise IngestError("Dit bestand bevat geen leesbare tekst; het lijkt een binair bestand.",
                          "Upload een CSV-bestand of een Excel-bestand (.xlsx) met de cijfers.")
    if _HTML.match(sample):
        raise IngestError("Dit bestand is een webpagina (HTML), geen tabel met cijfers.",
                          "Download de cijfers als CSV of Excel en upload dat bestand.")
    text = text.replace("\x00", "")
    delimiter, skip = _sniff_layout(sample)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=False, engine="c", quotechar='"', skiprows=skip)
    except pd.errors.EmptyDataError as exc:
        raise IngestError("Het bestand is leeg.", "Kies het bestand met de cijfers.") from exc
    except pd.errors.ParserError as exc:
        raise _parser_error(str(exc), delimiter) from exc
    except (ValueError, MemoryError, OverflowError) as exc:
        raise IngestError("Het bestand kan niet als tabel worden gelezen.",
                          "Sla het opnieuw op als CSV (puntkomma-gescheiden) of als Excel-werkmap.") from exc
    if frame.shape[1] > MAX_COLUMNS:
        raise _too_many_columns(frame.shape[1])
    frame = frame.apply(lambda col: col.str.strip())
    nonempty = frame.ne("").any(axis=1).to_numpy()
    if not nonempty.any():
        raise IngestError("Het bestand is leeg.", "Kies het bestand met de cijfers.")
    header_at = int(np.argmax(nonempty))
    header = frame.iloc[header_at].tolist()
    body = frame.iloc[header_at + 1:]
    body = body[nonempty[header_at + 1:]]
    row_numbers = body.index.to_numpy() + 1 + skip
    body = body.reset_index(drop=True)
    body.columns = _header_names(header)
    body = body.replace("", None) if len(body) else body
    body = _drop_unnamed_empty(body)
    if body.shape[1] < 2:
        raise IngestError(
            "Ik vind maar één kolom in dit bestand; het scheidingsteken tussen de kolommen is niet herkend.",
            "Gebruik een puntkomma, komma, tab of verticale streep (|) tussen de kolommen, zoals Excel doet bij 'Opslaan als CSV'.",
        )
    _require_rows(body)
    return RawTable(body, row_numbers, "csv", encoding=encoding, delimiter=delimiter)


MAX_TITLE_LINES = 10  # a report title, a source line, a blank line… above the header


def _sniff_layout(sample: str) -> tuple[str, int]:
    """The delimiter, and how many physical lines above the header to skip (title lines that have
    fewer fields than the table). The delimiter that splits most lines into the same number of
    fields, and the most fields, wins."""
    physical = sample.splitlines()[:60]
    if len(physical) > 1 and len(sample) == 200_000:
        physical = physical[:-1]  # the last line of a cut sample is incomplete
    numbered = [(i, ln) for i, ln in enumerate(physical) if ln.strip()]
    best, best_score = (",", 0), (-1.0, 0)
    for delim in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader([ln for _, ln in numbered], delimiter=delim)]
        except csv.Error:
            continue
        tables = Counter(c for c in counts if c >= 2)
        if not tables:
            continue
        mode = max(tables.items(), key=lambda kv: (kv[1], kv[0]))[0]  # most lines; on a tie, most fields
        first = next(k for k, c in enumerate(counts) if c >= mode)
        if first > MAX_TITLE_LINES:
            first = 0
        table = counts[first:]
        score = (sum(c == mode for c in table) / len(table), mode)
        if score > best_score:
            best, best_score = (delim, numbered[first][0] if first else 0), score
    return best


def _parser_error(message: str, delimiter: str) -> IngestError:
    if m := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message):
        expected, line, saw = m.groups()
        return IngestError(
            f"Rij {line} heeft {saw} kolommen, terwijl de rijen erboven er {expected} hebben.",
            f"Kijk in rij {line} of er een {DELIMITERS.get(delimiter, delimiter)} in een waarde staat; zet zo'n waarde tussen aanhalingstekens of haal het teken weg.",
        )
    if m := re.search(r"EOF inside string starting (?:at|on) (?:row|line) (\d+)", message):
        return IngestError(f"Een aanhalingsteken (\") in rij {int(m.group(1)) + 1} wordt nergens gesloten.",
                           "Haal het losse aanhalingsteken weg of sluit het af, en upload opnieuw.")
    return IngestError("Het bestand kan niet als tabel worden gelezen.",
                       "Sla het opnieuw op als CSV (puntkomma-gescheiden) of als Excel-werkmap.")


# ---------------------------------------------------------------------------- shared

def _header_names(header: list[object]) -> list[str]:
    names = []
    for i, value in enumerate(header):
        text = "" if value is None else str(value).strip()
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


def _drop_unnamed_empty(frame: pd.DataFrame) -> pd.DataFrame:
    unnamed_empty = [c for c in frame.columns if c.startswith("(kolom ") and frame[c].isna().all()]
    return frame.drop(columns=unnamed_empty)


def _require_rows(frame: pd.DataFrame) -> None:
    if frame.empty:
        raise IngestError("Het bestand heeft wel een kopregel, maar geen rijen met cijfers.",
                          "Zet onder de kopregel één rij per team, periode en indicator (of per team en periode).")


def _too_many_columns(n: int) -> IngestError:
    return IngestError(f"Het bestand heeft {format_int(n)} kolommen; de app leest er hoogstens {format_int(MAX_COLUMNS)}.",
                       "Zet de cijfers in lange vorm (team, periode, indicator, waarde) of splits het bestand.")
