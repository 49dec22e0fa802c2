"""The cells of one worksheet XML, read in one streaming pass, and the shared strings.

Why not openpyxl's ``iter_rows``: it trusts the ``<dimension>`` a file declares and hands out a row
of that width for every row number up to the declared last row, so a 5 KB file that declares
A1:ZZ1048576 becomes a million rows of 702 empty cells (84 seconds). Here only cells that hold
something are kept, the declared dimension is ignored, and the work is bounded as it goes: more
columns than MAX_COLUMNS, more than MAX_XLSX_CELLS rows × columns or more than MAX_XLSX_TAGS XML
elements stop the read at once. It is also 2-3 times faster than openpyxl per cell (expat callbacks
instead of an element tree per row), which keeps the national wide file within seconds.

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
    elements: int = 0


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
               epoch: dt.datetime, budget: int | None = None) -> SheetCells:
    """Every cell of the sheet that holds a value (text trimmed; empty text is no value), as the
    value Excel shows: shared strings looked up, numbers as int or float, date-formatted numbers as
    datetime, a formula as its saved result. A formula without a saved result is listed in
    ``formulas`` and has no value."""
    out = SheetCells()
    budget = limits.MAX_XLSX_TAGS if budget is None else budget
    names: dict[str, str] = {}
    columns: dict[str, int] = {}
    row: dict[int, object] = {}
    v_text: list[str] = []
    f_text: list[str] = []
    is_text: list[str] = []
    # the current cell: [row number, column, type, style, ref, has formula, target buffer, in rPh, has <v>]
    cur: list = [0, 0, "n", 0, None, False, None, 0, False]

    def start(name, attrs):
        out.elements += 1
        if out.elements > budget:
            raise _Refused(limits.xlsx_too_complex(f"Het werkblad '{sheet}'"))
        if not names:  # the root element: learn the prefix, if any ("x:worksheet")
            prefix = name[:-len("worksheet")] if name.endswith("worksheet") else ""
            names.update({prefix + k: k for k in ("row", "c", "v", "f", "is", "t", "rPh", "mergeCell")})
        kind = names.get(name)
        if kind == "c":
            ref = attrs.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                col = columns.get(letters)
                if col is None:
                    col = columns[letters] = _column_number(letters)
                cur[1] = col
            else:
                cur[1] += 1
            cur[2] = attrs.get("t", "n")
            style = attrs.get("s")
            cur[3] = int(style) if style else 0
            cur[4] = ref
            cur[5] = cur[8] = False
            v_text.clear()
            is_text.clear()
        elif kind == "v":
            cur[6] = v_text
            cur[8] = True
        elif kind == "row":
            number = attrs.get("r")
            cur[0] = int(number) if number and number.isdigit() else cur[0] + 1
            cur[1] = 0
            row.clear()
        elif kind == "is":
            is_text.clear()
        elif kind == "t":
            if not cur[7]:
                cur[6] = is_text
        elif kind == "f":
            cur[5] = True
            f_text.clear()
            cur[6] = f_text
        elif kind == "rPh":
            cur[7] += 1
        elif kind == "mergeCell":
            out.merged.append(attrs.get("ref", ""))

    def end(name):
        kind = names.get(name)
        if kind == "c":
            kind_of_cell = cur[2]
            text = "".join(is_text) if kind_of_cell == "inlineStr" else "".join(v_text) if cur[8] else None
            value = _value(kind_of_cell, text, cur[3], strings, dates, durations, epoch) if text else None
            if value is not None:
                row[cur[1]] = value
            elif cur[5] and not (cur[8] and kind_of_cell == "str"):  # only a text result can be empty
                out.formulas.append((cur[4] or f"{get_column_letter(cur[1])}{cur[0]}", "=" + "".join(f_text)))
        elif kind in ("v", "t", "f"):
            cur[6] = None
        elif kind == "rPh":
            cur[7] -= 1
        elif kind == "row" and row:
            _keep_row(out, row, cur[0], sheet)

    def data(chunk):
        target = cur[6]
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


def _value(kind: str, text: str, style: int, strings: list[str], dates: set[int], durations: set[int],
           epoch: dt.datetime) -> object:
    if kind == "n":
        try:
            number: int | float = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                return text.strip() or None
        if style in dates:
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
