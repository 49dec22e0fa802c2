"""CSV bytes -> RawTable: encoding, layout, limits, then one parse by pandas' C engine.

The limits (rows, line length, columns, cells) are checked on the bytes before the parse, so a
hostile file is refused in well under a second instead of being parsed for minutes. Every cell is
kept as the text it was written as, in a column that is a pandas Categorical while its values
repeat (a national file repeats the same teams, periods, indicators and values: the table takes a
quarter of the file's size instead of eight times it, and later steps that work per distinct value
get the distinct values for free) and Arrow text where they do not.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa  # pandas' own text storage; installed with pandas 3 and streamlit
import pyarrow.compute as pc
from pandas.api.types import union_categoricals

from wijkdata.formatting import format_int
from wijkdata.ingest import limits
from wijkdata.ingest.errors import IngestError
from wijkdata.ingest.rawtable import DELIMITERS, RawTable, drop_unnamed_empty, header_names, require_rows

SAMPLE_CHARS = 200_000  # what the layout is guessed from
MAX_TITLE_LINES = 10  # a report title, a source line, a blank line… above the header
_CHUNK = 4 * 2**20
_ROWS_PER_CHUNK = 20_000
_NO_TEXT = pd.Index([], dtype="str")
_MOST_DISTINCT = 0.5  # a chunk of a column with more distinct values than this share of cells is text
_HTML = re.compile(r"^\s*<(!doctype|html|head|body|table|\?xml|svg)", re.IGNORECASE)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _not_text() -> IngestError:
    return IngestError("Dit bestand bevat geen leesbare tekst; het lijkt een binair bestand.",
                       "Upload een CSV-bestand of een Excel-bestand (.xlsx) met de cijfers.")


def read_csv_table(data: bytes, max_rows: int = limits.MAX_ROWS) -> RawTable:
    data, label = _wide_to_utf8(data)
    head = data[:65536]
    if head.count(b"\x00") > max(2, len(head) // 100):  # a stray NUL is dropped; many mean binary
        raise _not_text()
    if b"\x00" in data:
        data = data.replace(b"\x00", b"")
    codec = "utf-8-sig" if label else _narrow_encoding(data)  # a wide encoding is UTF-8 by now
    label = label or codec
    sample = _sample(data, codec)
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if control > len(sample) // 50:
        raise _not_text()
    if _HTML.match(sample):
        raise IngestError("Dit bestand is een webpagina (HTML), geen tabel met cijfers.",
                          "Download de cijfers als CSV of Excel en upload dat bestand.")
    newline = b"\n" if b"\n" in data else b"\r"
    _check_line_lengths(data, newline)
    if codec == "mixed":
        data, codec = _mixed_to_utf8(data), "utf-8-sig"
        label = "utf-8 en cp1252 gemengd"
    delimiter, skip = _sniff_layout(sample, cut=len(data) > SAMPLE_CHARS)
    lines = data.count(newline) + (not data.endswith(newline))
    width = _header_width(data, newline, skip, delimiter, codec)
    if lines - skip - 1 > max_rows:
        raise limits.too_many_rows(lines - skip - 1, max_rows)
    if (lines - skip) * width > limits.MAX_CSV_CELLS:
        raise limits.too_many_csv_cells(lines - skip, width)
    frame = _parse(data, delimiter, skip, codec)
    return _table(frame, skip, label, delimiter)


# ---------------------------------------------------------------------------- encodings

def _wide_to_utf8(data: bytes) -> tuple[bytes, str | None]:
    """UTF-16 and UTF-32 (with a BOM, or recognised by their zero bytes) as UTF-8, with the label;
    other files unchanged, label None."""
    for bom, codec, label in ((codecs.BOM_UTF32_LE, "utf-32", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
                              (codecs.BOM_UTF16_LE, "utf-16", "utf-16"), (codecs.BOM_UTF16_BE, "utf-16", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec).encode("utf-8"), label
            except UnicodeDecodeError as exc:
                raise IngestError(f"Het bestand zegt {label.upper()} te zijn, maar de tekst is beschadigd.",
                                  "Sla het opnieuw op als 'CSV UTF-8'.") from exc
    codec = _bomless_wide(data)
    if codec:
        try:
            return data.decode(codec).encode("utf-8"), codec
        except UnicodeDecodeError:
            pass  # not that encoding after all; the checks below say what it is
    return data, None


def _bomless_wide(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte order mark: in a table of digits, names and separators the
    high bytes of (almost) every character are zero, at fixed positions; the low bytes never are."""
    n = min(len(data), 65536) // 4 * 4
    if n < 8:
        return None
    zero = (np.frombuffer(data[:n], dtype=np.uint8).reshape(-1, 4) == 0).mean(axis=0)
    patterns = {"utf-32-le": (0, 1, 1, 1), "utf-32-be": (1, 1, 1, 0), "utf-16-le": (0, 1, 0, 1), "utf-16-be": (1, 0, 1, 0)}
    for codec, pattern in patterns.items():
        if all(z >= 0.6 if p else z <= 0.02 for z, p in zip(zero, pattern)):
            width = 4 if codec.startswith("utf-32") else 2
            return codec if len(data) % width == 0 else None
    return None


def _narrow_encoding(data: bytes) -> str:
    """'utf-8-sig', 'mixed' (lines of UTF-8 and Windows-1252 pasted together), 'cp1252' or 'latin-1'."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHUNK):
            decoder.decode(view[start:start + _CHUNK])
        decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        return "mixed"
    return "latin-1" if any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")) else "cp1252"


def _mixed_to_utf8(data: bytes) -> bytes:
    """Each line decoded by itself, so that "Café" reads as Café in both halves of a file pasted
    together from a UTF-8 and a Windows file, instead of "CafÃ©" in one of them."""
    lines = data.removeprefix(codecs.BOM_UTF8).split(b"\n")
    return "\n".join(_decode_line(line) for line in lines).encode("utf-8")


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def _sample(data: bytes, codec: str) -> str:
    head = data[:SAMPLE_CHARS]
    if codec == "mixed":
        return "\n".join(_decode_line(line) for line in head.removeprefix(codecs.BOM_UTF8).split(b"\n"))
    return head.decode(codec, errors="replace")


# ---------------------------------------------------------------------------- limits

def _check_line_lengths(data: bytes, newline: bytes) -> None:
    """Refuse a line longer than MAX_LINE_CHARS, naming it; scans the bytes block by block (no copy
    of the file, no Python loop over lines)."""
    previous_end = -1  # position of the last line break seen
    for start in range(0, len(data), _CHUNK):
        block = np.frombuffer(data, dtype=np.uint8, count=min(_CHUNK, len(data) - start), offset=start)
        breaks = np.flatnonzero((block == 10) | (block == 13)) + start
        if len(breaks):
            gaps = np.diff(breaks, prepend=previous_end) - 1
            longest = int(np.argmax(gaps))
            if gaps[longest] > limits.MAX_LINE_CHARS:
                _refuse_long_line(data, newline, breaks[longest] - gaps[longest])
            previous_end = int(breaks[-1])
        elif start + len(block) - previous_end - 1 > limits.MAX_LINE_CHARS:
            _refuse_long_line(data, newline, previous_end + 1)
    if len(data) - previous_end - 1 > limits.MAX_LINE_CHARS:
        _refuse_long_line(data, newline, previous_end + 1)


def _refuse_long_line(data: bytes, newline: bytes, start: int) -> None:
    row = data.count(newline, 0, start) + 1
    ends = [p for p in (data.find(b"\n", start), data.find(b"\r", start)) if p >= 0]
    end = min(ends) if ends else len(data)
    raise limits.line_too_long(row, end - start)


def _header_width(data: bytes, newline: bytes, skip: int, delimiter: str, codec: str) -> int:
    """The number of fields of the first non-blank line from ``skip`` on: the columns pandas will
    make. Refuses more than MAX_COLUMNS before anything is parsed."""
    start = 0
    for _ in range(skip):
        start = data.find(newline, start) + 1
    row = skip + 1
    while True:
        end = data.find(newline, start)
        line = data[start:end if end >= 0 else len(data)]
        if line.strip(b" \t\r\n") or end < 0:
            break
        start, row = end + 1, row + 1
    text = line.decode(codec, errors="replace")
    try:
        width = max((len(r) for r in csv.reader([text.lstrip("\ufeff")], delimiter=delimiter)), default=1)
    except csv.Error:
        width = text.count(delimiter) + 1
    if width > limits.MAX_COLUMNS:
        raise limits.too_many_columns(width, row)
    return width


# ---------------------------------------------------------------------------- parse

class _Column:
    """One column built chunk by chunk: a Categorical while its values repeat (teams, periods,
    indicators, most numbers: a fraction of the memory, and later steps get the distinct values for
    free), Arrow-backed text once they do not (free text, running numbers), where a Categorical
    would cost more than the text itself."""

    def __init__(self, rows_before: int):
        self.parts: list = [pd.Categorical([None] * rows_before, categories=_NO_TEXT)] if rows_before else []
        self.as_text = False

    def add(self, values: np.ndarray) -> None:
        if not self.as_text:
            part = pd.Categorical(values, categories=None) if pd.notna(values).any() else \
                pd.Categorical([None] * len(values), categories=_NO_TEXT)
            if len(part.categories) <= max(_MOST_DISTINCT * len(values), 1000):
                self.parts.append(part)
                return
            self.as_text = True
            self.parts = [_arrow_text(np.asarray(p, dtype=object)) for p in self.parts]
        self.parts.append(_arrow_text(values))

    def series(self) -> pd.Series:
        if self.as_text:  # the chunks side by side, not copied into one block
            return pd.Series(pd.array(pa.chunked_array(self.parts, type=pa.large_string()), dtype="str"))
        return pd.Series(union_categoricals(self.parts))


def _arrow_text(values: np.ndarray) -> pa.Array:
    """Python strings (NaN for missing) as Arrow text, allocated with malloc: Arrow's default pool
    keeps freed blocks, which added a third to the peak of a file full of distinct texts."""
    return pa.array(values, type=pa.large_string(), from_pandas=True, memory_pool=pa.system_memory_pool())


def _parse(data: bytes, delimiter: str, skip: int, codec: str) -> pd.DataFrame:
    """All cells as text (never numbers: '1.500' must stay '1.500'), built from chunks so that only
    one chunk's cells exist as Python strings at a time."""
    columns: list[_Column] = []
    rows = 0
    try:
        chunks = pd.read_csv(io.BytesIO(data), sep=delimiter, header=None, dtype=object, keep_default_na=False,
                             na_values=[""], skip_blank_lines=False, engine="c", quotechar='"', skiprows=skip,
                             encoding=codec, chunksize=_ROWS_PER_CHUNK)
        for chunk in chunks:
            columns += [_Column(rows) for _ in range(len(chunk.columns) - len(columns))]
            for column, name in zip(columns, chunk.columns):
                column.add(chunk[name].to_numpy())
            rows += len(chunk)
    except pd.errors.EmptyDataError as exc:
        raise IngestError("Het bestand is leeg.", "Kies het bestand met de cijfers.") from exc
    except pd.errors.ParserError as exc:
        raise _parser_error(str(exc), delimiter) from exc
    except (ValueError, MemoryError, OverflowError, UnicodeDecodeError) as exc:
        raise IngestError("Het bestand kan niet als tabel worden gelezen.",
                          "Sla het opnieuw op als CSV (puntkomma-gescheiden) of als Excel-werkmap.") from exc
    if not columns:
        raise IngestError("Het bestand is leeg.", "Kies het bestand met de cijfers.")
    return pd.DataFrame({i: column.series() for i, column in enumerate(columns)})


def _tidy(column: pd.Series) -> pd.Series:
    """Trim each text (each distinct text once, in a Categorical); a cell that is empty after
    trimming is missing ("" already is, see _parse)."""
    if column.dtype != "category":  # Arrow compute on the chunks as they are: no copy unless there is work
        text = pa.array(column.array)
        if not pc.any(pc.match_substring_regex(text, r"^\s|\s$")).as_py():
            return column
        trimmed = pc.utf8_trim_whitespace(text)
        return pd.Series(pd.array(pc.if_else(pc.equal(trimmed, ""), None, trimmed), dtype="str"), index=column.index)
    categories = column.cat.categories
    if not len(categories):
        return column
    trimmed = categories.str.strip()
    if trimmed.equals(categories):
        return column
    recode, uniques = pd.factorize(trimmed.where(trimmed != ""))
    old = column.cat.codes.to_numpy()
    new = np.where(old >= 0, recode[old], -1)
    return pd.Series(pd.Categorical.from_codes(new, categories=pd.Index(uniques, dtype=categories.dtype)),
                     index=column.index)


def _table(frame: pd.DataFrame, skip: int, encoding: str, delimiter: str) -> RawTable:
    for c in frame.columns:
        tidy = _tidy(frame[c])
        if tidy is not frame[c]:
            frame[c] = tidy
    nonempty = np.zeros(len(frame), dtype=bool)
    for c in frame.columns:
        nonempty |= frame[c].notna().to_numpy()
    if not nonempty.any():
        raise IngestError("Het bestand is leeg.", "Kies het bestand met de cijfers.")
    header_at = int(np.argmax(nonempty))
    header = frame.iloc[header_at].tolist()
    keep = np.flatnonzero(nonempty[header_at + 1:]) + header_at + 1
    # without blank rows the body is a slice of the frame, not a copy (blank rows are rare)
    body = frame.iloc[header_at + 1:] if len(keep) == len(frame) - header_at - 1 else frame.iloc[keep]
    body = body.reset_index(drop=True)
    body.columns = header_names(header)
    body = drop_unnamed_empty(body)
    if body.shape[1] < 2:
        raise IngestError(
            "Ik vind maar één kolom in dit bestand; het scheidingsteken tussen de kolommen is niet herkend.",
            "Gebruik een puntkomma, komma, tab of verticale streep (|) tussen de kolommen, zoals Excel doet bij "
            "'Opslaan als CSV'.",
        )
    require_rows(body)
    return RawTable(body, keep + 1 + skip, "csv", encoding=encoding, delimiter=delimiter)


def _sniff_layout(sample: str, cut: bool = False) -> tuple[str, int]:
    """The delimiter, and how many physical lines above the header to skip (title lines that have
    fewer fields than the table). The delimiter that splits most lines into the same number of
    fields, and the most fields, wins."""
    physical = _LINE_BREAK.split(sample)[:60]
    if len(physical) > 1 and cut:
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
        expected, line, saw = (format_int(int(g)) for g in m.groups())
        return IngestError(
            f"Rij {line} heeft {saw} kolommen, terwijl de rijen erboven er {expected} hebben.",
            f"Kijk in rij {line} of er een {DELIMITERS.get(delimiter, delimiter)} in een waarde staat; zet zo'n waarde "
            "tussen aanhalingstekens of haal het teken weg.",
        )
    if m := re.search(r"EOF inside string starting (?:at|on) (?:row|line) (\d+)", message):
        return IngestError(f"Een aanhalingsteken (\") in rij {format_int(int(m.group(1)) + 1)} wordt nergens gesloten.",
                           "Haal het losse aanhalingsteken weg of sluit het af, en upload opnieuw.")
    return IngestError("Het bestand kan niet als tabel worden gelezen.",
                       "Sla het opnieuw op als CSV (puntkomma-gescheiden) of als Excel-werkmap.")
