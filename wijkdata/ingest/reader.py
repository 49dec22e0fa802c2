"""Bytes as uploaded -> a raw table of cells, or one clear Dutch sentence why not.

Handles CSV with , ; tab or | in UTF-8 (with or without BOM), UTF-16 and UTF-32 (with or without
BOM), cp1252 and latin-1 (csv_reader.py), and Excel .xlsx with a sheet choice (xlsx_reader.py).
Everything that is not a table gets an IngestError; everything larger than the reader takes on
(limits.py) gets one before it is parsed.
"""

from __future__ import annotations

from wijkdata.formatting import format_mb
from wijkdata.ingest.csv_reader import read_csv_table
from wijkdata.ingest.errors import IngestError, LimitExceeded
from wijkdata.ingest.limits import MAX_COLUMNS, MAX_ROWS, MAX_XLSX_RATIO, MAX_XLSX_UNCOMPRESSED
from wijkdata.ingest.rawtable import DELIMITERS, ENCODING_LABELS, RawTable
from wijkdata.ingest.xlsx_reader import read_xlsx_table

__all__ = ["RawTable", "read_table", "IngestError", "LimitExceeded", "MAX_COLUMNS", "MAX_ROWS",
           "MAX_XLSX_RATIO", "MAX_XLSX_UNCOMPRESSED", "DELIMITERS", "ENCODING_LABELS"]

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
_BLANK = b" \t\r\n\x00"


def read_table(data: bytes, filename: str = "", sheet: str | None = None, max_bytes: int | None = None,
               max_rows: int | None = None) -> RawTable:
    """Read an uploaded file. Raises IngestError with a Dutch message for anything unusable.
    ``max_rows``: the most data rows a CSV may have (default MAX_ROWS)."""
    if max_bytes is not None and len(data) > max_bytes:
        raise LimitExceeded(
            f"Het bestand is {format_mb(len(data))}; de grens is {format_mb(max_bytes)}.",
            "Splits het bestand, bijvoorbeeld per jaar, of vraag de beheerder de grens (WIJKDATA_MAX_UPLOAD_MB) te verhogen.",
        )
    if not data or not (data[:65536].strip(_BLANK) or data.strip(_BLANK)):  # no copy of a big file
        raise IngestError("Het bestand is leeg.", "Kies het bestand met de cijfers, of sla het opnieuw op vanuit Excel.")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return read_xlsx_table(data, sheet)
    if data.startswith(_OLE_MAGIC):
        raise _ole_error(data)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise IngestError(f"Dit bestand is {what}, geen tabel met cijfers.",
                              "Upload een CSV-bestand of een Excel-bestand (.xlsx).")
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise IngestError("Dit bestand heet .xlsx, maar is geen Excel-bestand (het is beschadigd of iets anders).",
                          "Open het in Excel en sla het opnieuw op als Excel-werkmap (.xlsx) of als CSV.")
    return read_csv_table(data, MAX_ROWS if max_rows is None else max_rows)


def _ole_error(data: bytes) -> IngestError:
    if "EncryptionInfo".encode("utf-16-le") in data[:2_000_000] or b"E\x00n\x00c\x00r\x00y\x00p\x00t" in data:
        return IngestError("Dit Excel-bestand is beveiligd met een wachtwoord; de app kan het niet openen.",
                           "Open het in Excel, haal het wachtwoord eraf (Bestand > Info > Werkmap beveiligen) en sla het "
                           "opnieuw op.")
    return IngestError("Dit is een oud Excel-bestand (.xls) of een ander Office-document.",
                       "Open het in Excel en sla het op als Excel-werkmap (.xlsx) of als CSV.")
