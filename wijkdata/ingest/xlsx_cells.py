"""The cells of one worksheet XML, read in one streaming pass, and the shared strings.

Why not openpyxl's ``iter_rows``: it trusts the ``<dimension>`` a file declares and hands out a row
of that width for every row number up to the declared last row, so a 5 KB file that declares
A1:ZZ1048576 becomes a million rows of 702 empty cells (84 seconds). Here only cells that hold
something are kept, the declared dimension is ignored, and the work is bounded: the caller counts
the XML elements before the parse (MAX_XLSX_TAGS), and while reading, more columns than MAX_COLUMNS
or more than MAX_XLSX_CELLS rows × columns stop the read at once. It is also 2-3 times faster than
openpyxl per cell (expat callbacks instead of an element tree per row), which keeps the national
wide file within seconds.

The XML is parsed by expat with document type declarations refused, as defusedxml does: no entity
expansion, no external entities.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601

from wijkdata.formatting import format_int
from wijkdata.ingest import limits
from wijkdata.ingest.errors import IngestError

_FEED = 1 << 20


@dataclass
class SheetCells:
    rows: list[list] = field(default_factory=list)  # values of each row that holds any, up to its last value
    numbers: list[int] = field(default_factory=list)  # the Excel row number of each of those rows
    width: int = 0  # the last column that holds a value
    merged: list[str] = field(default_factory=list)  # merged ranges as written, e.g. "A2:A4"
    formulas: list[tuple[str, str]] = field(default_factory=list)  # (cell, formula) without a saved result


class _Refused(Exception):
    """Carries an IngestError out of an expat callback unchanged."""


def _parser(start, end, data) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def no_dtd(*_args):
        raise _Refused(IngestError("Het Excel-bestand bevat XML-constructies die Excel nooit schrijft; het wordt niet geopend.",
                                   "Sla het bestand opnieuw op vanuit Excel, of sla de tabel op als CSV."))

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, data
    return parser


def _feed(parser, stream: IO[bytes]) -> None:
    try:
        while chunk := stream.read(_FEED):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Refused as exc:
        raise exc.args[0] from None
    except expat.ExpatError as exc:
        raise IngestError("Het Excel-bestand is beschadigd en kan niet worden geopend.",
                          "Sla het opnieuw op vanuit Excel en upload het nog eens.") from exc


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def read_shared_strings(stream: IO[bytes]) -> list[str]:
    """The text of each ``<si>``: its ``<t>`` runs, without phonetic guides (``<rPh>``)."""
    strings: list[str] = []
    text: list[str] = []
    state = {"rph": 0, "take": False}

    def start(name, _attrs):
        local = _local(name)
        if local == "si":
            text.clear()
        elif local == "rPh":
            state["rph"] += 1
        elif local == "t" and not state["rph"]:
            state["take"] = True

    def end(name):
        local = _local(name)
        if local == "si":
            strings.append("".join(text).replace("_x005F_", "_"))
        elif local == "rPh":
            state["rph"] -= 1
        elif local == "t":
            state["take"] = False

    def data(chunk):
        if state["take"]:
            text.append(chunk)

    _feed(_parser(start, end, data), stream)
    return strings


def read_cells(stream: IO[bytes], sheet: str, strings: list[str], dates: set[int], durations: set[int],
               epoch: dt.datetime) -> SheetCells:
    """Every cell of the sheet that holds a value (text trimmed; empty text is no value), as the
    value Excel shows: shared strings looked up, numbers as int or float, date-formatted numbers as
    datetime, a formula as its saved result. A formula without a saved result is listed in
    ``formulas`` and has no value. The caller has counted the elements (xlsx_reader._scan), so the
    callbacks do no more than they must: an empty formatted cell costs one dictionary lookup."""
    out = SheetCells()
    names: dict[str, str] = {}
    columns: dict[str, int] = {}
    row: dict[int, object] = {}
    v_text: list[str] = []
    f_text: list[str] = []
    is_text: list[str] = []
    row_no = col = in_rph = 0
    ref: str | None = None  # the current cell's reference; its column is only worked out when needed
    kind, style, has_f, has_v, target = "n", None, False, False, None

    def column_of(reference: str) -> int:
        letters = reference.rstrip("0123456789")
        number = columns.get(letters)
        if number is None:
            number = columns[letters] = _column_number(letters)
        return number

    def start(name, attrs):
        nonlocal row_no, col, ref, kind, style, has_f, has_v, target, in_rph
        if not names:  # the root element: learn the prefix, if any ("x:worksheet")
            prefix = name[:-len("worksheet")] if name.endswith("worksheet") else ""
            names.update({prefix + k: k for k in ("row", "c", "v", "f", "is", "t", "rPh", "mergeCell")})
        tag = names.get(name)
        if tag == "c":
            reference = attrs.get("r")
            if reference is None:  # a cell without a reference follows the one before it
                if ref is not None:
                    col = column_of(ref)
                col += 1
            ref = reference
            kind = attrs.get("t", "n")
            style = attrs.get("s")
            has_f = has_v = False
            if v_text:
                v_text.clear()
            if is_text:
                is_text.clear()
        elif tag == "v":
            target, has_v = v_text, True
        elif tag == "row":
            number = attrs.get("r")
            row_no = int(number) if number and number.isdigit() else row_no + 1
            col, ref = 0, None
            row.clear()
        elif tag == "t":
            if not in_rph:
                target = is_text
        elif tag == "f":
            has_f, target = True, f_text
            f_text.clear()
        elif tag == "rPh":
            in_rph += 1
        elif tag == "mergeCell":
            out.merged.append(attrs.get("ref", ""))

    def end(name):
        nonlocal col, ref, target, in_rph
        tag = names.get(name)
        if tag == "c":
            if kind == "inlineStr":
                text = "".join(is_text)
            else:
                text = ("".join(v_text) if v_text else "") if has_v else None
            value = _value(kind, text, style, strings, dates, durations, epoch) if text else None
            if value is None and not (has_f and not (has_v and kind == "str")):  # only a text result can be empty
                return
            if ref is not None:
                col, ref = column_of(ref), None
            if value is not None:
                row[col] = value
            else:
                out.formulas.append((f"{get_column_letter(col)}{row_no}", "=" + "".join(f_text)))
        elif tag in ("v", "t", "f"):
            target = None
        elif tag == "rPh":
            in_rph -= 1
        elif tag == "row" and row:
            _keep_row(out, row, row_no, sheet)

    def data(chunk):
        if target is not None:
            target.append(chunk)

    _feed(_parser(start, end, data), stream)
    return out


def _keep_row(out: SheetCells, row: dict[int, object], number: int, sheet: str) -> None:
    last = max(row)
    if last > out.width:
        if last > limits.MAX_COLUMNS:
            raise _Refused(limits.xlsx_too_wide(sheet, get_column_letter(min(last, 18278)), last))
        out.width = last
    if (len(out.rows) + 1) * out.width > limits.MAX_XLSX_CELLS:
        raise _Refused(limits.too_many_xlsx_cells(
            sheet, f"minstens {format_int(len(out.rows) + 1)} rijen bij {format_int(out.width)} kolommen"))
    values = [None] * last
    for col, value in row.items():
        values[col - 1] = value
    out.rows.append(values)
    out.numbers.append(number)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _value(kind: str, text: str, style: str | None, strings: list[str], dates: set[int], durations: set[int],
           epoch: dt.datetime) -> object:
    if kind == "n":
        try:
            number: int | float = float(text) if "." in text or "E" in text or "e" in text else int(text)
        except ValueError:
            return text.strip() or None
        if style is not None and dates and int(style) in dates:
            try:
                return from_excel(number, epoch, timedelta=style in durations)
            except (OverflowError, ValueError):
                return number
        return number
    if kind == "s":
        try:
            value = strings[int(text)]
        except (ValueError, IndexError) as exc:
            raise _Refused(IngestError("Het Excel-bestand is beschadigd: een cel verwijst naar tekst die er niet is.",
                                       "Sla het opnieuw op vanuit Excel en upload het nog eens.")) from exc
        return value.strip() or None
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "d":
        try:
            return from_ISO8601(text)
        except ValueError:
            return text.strip() or None
    return text.strip() or None  # inlineStr, str (a formula's text result), e (an error such as #N/A)
