"""Excel .xlsx bytes -> RawTable, or a Dutch sentence why not.

Order of work, cheapest first: the zip's own directory (what kind of zip, how big unpacked), then
openpyxl for the workbook's structure (sheets, styles), then a streamed count of the sheet XML
(filled cells and elements, refused above the limits before any cell is interpreted), then the
cells themselves (xlsx_cells.py), then the table.
"""

from __future__ import annotations

import io
import re
import zipfile
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijkdata.formatting import format_int
from wijkdata.ingest import limits
from wijkdata.ingest.errors import IngestError, LimitExceeded
from wijkdata.ingest.rawtable import RawTable, drop_unnamed_empty, header_names, header_row, require_rows
from wijkdata.ingest.xlsx_cells import SheetCells, read_cells, read_shared_strings

_DAMAGED = ("Het Excel-bestand is beschadigd en kan niet worden geopend.",
            "Sla het opnieuw op vanuit Excel en upload het nog eens.")
_OPENDOCUMENT = {"spreadsheet": "een OpenDocument-werkblad (.ods, bijvoorbeeld uit LibreOffice Calc)",
                 "text": "een OpenDocument-tekstdocument (.odt)", "presentation": "een OpenDocument-presentatie (.odp)"}
_ROOT_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")
_SCAN_BLOCK = 4 * 2**20


@dataclass
class _Book:
    archive: zipfile.ZipFile
    sheets: list[tuple[str, str | None]]  # (name, path of the worksheet XML; None for a chart sheet)
    strings_path: str | None
    dates: set[int]
    durations: set[int]
    epoch: object
    budget: int  # XML elements still to be read, over all sheets tried
    strings: list[str] | None = None


def read_xlsx_table(data: bytes, sheet: str | None) -> RawTable:
    _check_zip(data)
    book = _open_book(data)
    try:
        names = [name for name, _ in book.sheets]
        if not names:
            raise IngestError("Het Excel-bestand bevat geen werkbladen.", "Zet de cijfers op een werkblad en sla opnieuw op.")
        if sheet is not None and sheet not in names:
            raise IngestError(f"Het werkblad '{sheet}' bestaat niet in dit bestand.",
                              f"Kies een van deze werkbladen: {', '.join(names)}.")
        # without a choice, the first sheet that holds a table (a notes sheet in front is common)
        first_error = None
        for name, path in book.sheets:
            if sheet is not None and name != sheet:
                continue
            try:
                return _sheet_table(_cells(book, name, path), name, names)
            except LimitExceeded:
                raise  # say so, rather than try the next sheet
            except IngestError as exc:
                first_error = first_error or exc
        raise first_error
    finally:
        book.archive.close()


def _check_zip(data: bytes) -> None:
    """What kind of zip this is, and whether it unpacks to a reasonable size: from the directory
    alone, nothing unpacked yet (except the tiny 'mimetype' member of an OpenDocument file)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            mimetype = b""
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                mimetype = zf.read("mimetype")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise IngestError("Het Excel-bestand is beschadigd of niet compleet en kan niet worden geopend.",
                          "Sla het opnieuw op vanuit Excel en upload het nog eens.") from exc
    if mimetype.startswith(b"application/vnd.oasis.opendocument."):
        kind = mimetype.decode("ascii", "replace").rsplit(".", 1)[-1]
        what = _OPENDOCUMENT.get(kind, "een OpenDocument-bestand (bijvoorbeeld uit LibreOffice)")
        raise IngestError(f"Dit is {what}; zo'n bestand leest de app niet.",
                          "Open het in LibreOffice en kies Bestand > Opslaan als, met als bestandstype "
                          "'Excel 2007-365 (.xlsx)' of 'Tekst CSV (.csv)'; upload dat bestand.")
    if "xl/workbook.bin" in names:
        raise IngestError("Dit is een binaire Excel-werkmap (.xlsb); die leest de app niet.",
                          "Open het in Excel en sla het op als Excel-werkmap (.xlsx) of als CSV.")
    if "xl/workbook.xml" not in names:
        what = "een Word-document" if "word/document.xml" in names else "een zip-bestand"
        raise IngestError(f"Dit is {what}, geen Excel-werkmap.", "Upload een Excel-bestand (.xlsx) of een CSV-bestand.")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > limits.MAX_XLSX_UNCOMPRESSED or total / packed > limits.MAX_XLSX_RATIO:
        raise IngestError("Dit Excel-bestand pakt uit tot een onredelijk grote omvang en wordt niet geopend.",
                          "Sla alleen de tabel met cijfers op in een nieuwe werkmap of als CSV.")


def _open_book(data: bytes) -> _Book:
    """Sheets, shared-string part and date styles, read by openpyxl (with defusedxml)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        reader.read_manifest()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        present = set(reader.valid_files)
        sheets = [(ws.name, rel.target if "chartsheet" not in rel.Type else None)
                  for ws, rel in reader.parser.find_sheets() if rel.target in present]
        part = reader.package.find(SHARED_STRINGS)
        strings_path = part.PartName[1:] if part is not None else None
        wb = reader.wb
        return _Book(reader.archive, sheets, strings_path, set(wb._date_formats), set(wb._timedelta_formats), wb.epoch,
                     limits.MAX_XLSX_TAGS)
    except IngestError:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise IngestError(*_DAMAGED) from exc


def _cells(book: _Book, name: str, path: str | None) -> SheetCells:
    if path is None:
        return SheetCells()  # a chart sheet: no cells
    if book.strings is None:
        book.strings = _strings(book)
    filled, elements = _scan(book.archive, path)
    if filled > limits.MAX_XLSX_CELLS:
        raise limits.too_many_xlsx_cells(name, f"{format_int(filled)} gevulde cellen")
    if elements > book.budget:
        raise limits.xlsx_too_complex(f"Het werkblad '{name}'")
    book.budget -= elements  # the parse below sees exactly the bytes counted here
    try:
        with book.archive.open(path) as stream:
            return read_cells(stream, name, book.strings, book.dates, book.durations, book.epoch)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise IngestError(*_DAMAGED) from exc


def _strings(book: _Book) -> list[str]:
    if book.strings_path is None:
        return []
    try:
        _, elements = _scan(book.archive, book.strings_path)
        if elements > book.budget:
            raise limits.xlsx_too_complex("De lijst met teksten van dit Excel-bestand")
        with book.archive.open(book.strings_path) as stream:
            strings = read_shared_strings(stream)
    except KeyError:
        return []
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise IngestError(*_DAMAGED) from exc
    book.budget -= elements
    return strings


def _scan(archive: zipfile.ZipFile, path: str) -> tuple[int, int]:
    """(cells with a value, XML elements) of one part, counted on the unpacked bytes block by block
    without parsing: a file far over the limits is refused in a fraction of a second. zipfile stops
    at the size the directory declares, so a lying directory cannot make this read more."""
    def counts(part: bytes) -> tuple[int, int]:
        return sum(part.count(end) for end in value_ends), part.count(b"<") - part.count(b"</")

    filled = elements = 0
    with archive.open(path) as stream:
        block = stream.read(_SCAN_BLOCK)
        match = _ROOT_PREFIX.search(block[:4096])
        prefix = (match.group(1) or b"") if match else b""
        value_ends = (b"</" + prefix + b"v>", b"</" + prefix + b"is>")
        tail = b""
        while block:
            # what lies across the block boundary is counted once: in tail + block, minus what the
            # tail alone holds (counted with the block before)
            buffer = tail + block
            (f1, e1), (f2, e2) = counts(buffer), counts(tail)
            filled, elements = filled + f1 - f2, elements + e1 - e2
            tail = buffer[-32:]
            block = stream.read(_SCAN_BLOCK)
    return filled, elements


def _sheet_table(cells: SheetCells, sheet: str, sheets: list[str]) -> RawTable:
    if not cells.rows:
        others = [s for s in sheets if s != sheet]
        hint = (f"Kies een ander werkblad ({', '.join(others)})." if others
                else "Zet de cijfers op het werkblad en sla opnieuw op.")
        raise IngestError(f"Het werkblad '{sheet}' is leeg.", hint)
    if cells.formulas:
        raise _unsaved_formulas(cells.formulas, sheet)
    nonempty = [sum(v is not None for v in r) for r in cells.rows]
    at = header_row(nonempty)
    _fill_merged(cells, below=cells.numbers[at], sheet=sheet)
    width = cells.width
    header = cells.rows[at] + [None] * (width - len(cells.rows[at]))
    body = [r + [None] * (width - len(r)) for r in cells.rows[at + 1:]]
    columns = header_names(header)
    frame = pd.DataFrame(body, columns=columns, dtype=object) if body else pd.DataFrame(columns=columns, dtype=object)
    frame = drop_unnamed_empty(frame)
    require_rows(frame)
    return RawTable(frame, np.array(cells.numbers[at + 1:], dtype=int), "xlsx", sheet=sheet, sheets=sheets)


def _fill_merged(cells: SheetCells, below: int, sheet: str) -> None:
    """Merged cells hold their value in the top-left cell only; a reader sees it in every cell of
    the range. Ranges over more than one row, below the header, get that value in each of their
    cells (a team name merged over its rows). Ranges within one row (a title or a group label over
    several columns) and ranges in or above the header are left alone: filled, a title would look
    like a header. Only rows that hold other values are filled, within the table's columns, so the
    work is bounded by the cells already read, and in total (overlapping ranges, which Excel does
    not write, could otherwise multiply it)."""
    from openpyxl.utils.cell import range_boundaries

    rows, numbers = cells.rows, cells.numbers
    work = 0
    for ref in cells.merged:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if min_row is None or max_row is None or min_col is None or max_row <= min_row or min_row <= below:
            continue
        top = bisect_left(numbers, min_row)
        if top == len(numbers) or numbers[top] != min_row or len(rows[top]) < min_col:
            continue
        value = rows[top][min_col - 1]
        last_col = min(max_col or min_col, cells.width)
        if value is None:
            continue
        end = bisect_right(numbers, max_row)
        work += (end - top) * (last_col - min_col + 1)
        if work > limits.MAX_XLSX_CELLS:
            raise limits.too_many_merged(sheet)
        for i in range(top, end):
            row = rows[i]
            if len(row) < last_col:
                row.extend([None] * (last_col - len(row)))
            for k in range(min_col - 1, last_col):
                if row[k] is None:
                    row[k] = value


def _unsaved_formulas(formulas: list[tuple[str, str]], sheet: str) -> IngestError:
    from wijkdata.ingest.numbers import shorten

    cell, formula = formulas[0]
    many = f"staan {format_int(len(formulas))} formules" if len(formulas) > 1 else "staat een formule"
    return IngestError(
        f"In het werkblad '{sheet}' {many} zonder opgeslagen uitkomst (in cel {cell}: {shorten(formula)}). "
        "Zo'n bestand is door een programma gemaakt en nooit in Excel opgeslagen; de app rekent formules niet zelf uit.",
        "Open het bestand in Excel of LibreOffice en sla het op: dan worden de uitkomsten bewaard. Of vervang de "
        "formules door de waarden zelf.")
