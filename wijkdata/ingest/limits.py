"""How much of a file the reader takes on, and the Dutch sentence for each limit.

Every limit is checked from cheap facts (byte counts, line counts, zip headers, a streamed count of
the sheet XML) *before* the expensive parse, so that no upload can keep the app busy for minutes or
take gigabytes: a file is answered with a table or a refusal within seconds. The values are chosen so
that the national long CSV (1,500 teams × 40 quarters × 20 indicators = 1.2 million rows, 50 MB) and
the national wide Excel file (60,000 rows × 24 columns) are read, and that reading a file at the limit
takes a few seconds on two cores.
"""

from __future__ import annotations

from wijkdata.formatting import format_int
from wijkdata.ingest.errors import LimitExceeded

MAX_COLUMNS = 1000
MAX_ROWS = 2_000_000  # CSV data rows; the national file has 1.2 million
MAX_LINE_CHARS = 100_000  # one CSV line; 1,000 columns of 100 characters
MAX_CSV_CELLS = 30_000_000  # rows × columns of a CSV (the national file: 9.6 million)
MAX_XLSX_CELLS = 2_000_000  # rows × columns of an Excel sheet (the national wide file: 1.4 million)
MAX_XLSX_TAGS = 6_000_000  # XML elements of the sheets read, empty formatted cells included (national wide: 3.1 million)
MAX_VALUES = 2_000_000  # team × period × indicator values one upload yields (national: 1.2 million); see too_many_values
MAX_XLSX_UNCOMPRESSED = 1_000_000_000  # bytes: larger is a decompression bomb, not team data
MAX_XLSX_RATIO = 200  # an honest spreadsheet compresses 5-20x; far beyond that is a bomb

_SPLIT = "splits het bestand, bijvoorbeeld per jaar of per gemeente, en upload de delen na elkaar."
_AS_CSV = ("Sla het werkblad op als CSV (in Excel: Bestand > Opslaan als > CSV UTF-8); een CSV-bestand mag "
           f"tot {format_int(MAX_ROWS)} rijen hebben. Of splits het bestand, bijvoorbeeld per jaar.")


def too_many_columns(n: int, row: int | None = None) -> LimitExceeded:
    where = f"Rij {format_int(row)} heeft" if row is not None else "Het bestand heeft"
    return LimitExceeded(f"{where} {format_int(n)} kolommen; de app leest er hoogstens {format_int(MAX_COLUMNS)}.",
                       "Zet de cijfers in lange vorm (team, periode, indicator, waarde) of splits het bestand.")


def line_too_long(row: int, length: int) -> LimitExceeded:
    return LimitExceeded(
        f"Rij {format_int(row)} is {format_int(length)} tekens lang; de app leest rijen van hoogstens "
        f"{format_int(MAX_LINE_CHARS)} tekens.",
        f"Kijk in rij {format_int(row)} of daar een heel lange tekst staat, of dat de regeleinden ontbreken "
        "(alles op één regel); sla het bestand opnieuw op als CSV vanuit Excel.")


def too_many_rows(n: int, limit: int) -> LimitExceeded:
    return LimitExceeded(f"Het bestand heeft {format_int(n)} rijen; de app leest er hoogstens {format_int(limit)}.",
                         _SPLIT[0].upper() + _SPLIT[1:])


def too_many_csv_cells(rows: int, columns: int) -> LimitExceeded:
    return LimitExceeded(
        f"Het bestand heeft {format_int(rows)} rijen en {format_int(columns)} kolommen, samen "
        f"{format_int(rows * columns)} cellen; de app leest er hoogstens {format_int(MAX_CSV_CELLS)}.",
        "Laat kolommen weg die u niet gebruikt, of " + _SPLIT)


def too_many_xlsx_cells(sheet: str, what: str) -> LimitExceeded:
    """``what``: a Dutch phrase with the count, e.g. '4.000.004 gevulde cellen'."""
    return LimitExceeded(f"Het werkblad '{sheet}' heeft {what}; de app leest uit een Excel-bestand hoogstens "
                       f"{format_int(MAX_XLSX_CELLS)} cellen (rijen × kolommen).", _AS_CSV)


def xlsx_too_wide(sheet: str, column: str, n: int) -> LimitExceeded:
    return LimitExceeded(
        f"Het werkblad '{sheet}' gebruikt kolommen tot en met {column} ({format_int(n)} kolommen); de app leest er "
        f"hoogstens {format_int(MAX_COLUMNS)}.",
        f"Maak de cellen in kolom {column} en andere kolommen rechts van de tabel leeg, of zet de cijfers in lange "
        "vorm (team, periode, indicator, waarde).")


def xlsx_too_complex(what: str) -> LimitExceeded:
    """``what``: the subject of the sentence, e.g. "Het werkblad 'Cijfers'"."""
    return LimitExceeded(
        f"{what} bestaat uit meer dan {format_int(MAX_XLSX_TAGS)} onderdelen (cellen en rijen, ook lege "
        "met alleen opmaak); zoveel leest de app niet uit een Excel-bestand.",
        "Verwijder de lege rijen en kolommen onder en naast de tabel (selecteren, rechtermuisknop > Verwijderen) en "
        "sla opnieuw op, of sla het werkblad op als CSV.")


def too_many_merged(sheet: str) -> LimitExceeded:
    return LimitExceeded(
        f"In het werkblad '{sheet}' beslaan samengevoegde cellen meer dan {format_int(MAX_XLSX_CELLS)} cellen van de "
        "tabel; zoveel vult de app niet aan.",
        "Selecteer de tabel, kies Start > Samenvoegen en centreren > Samenvoeging opheffen, vul de waarden in en sla "
        "opnieuw op.")


def too_many_values(n: int) -> LimitExceeded:
    """For the step that turns a table into values (a wide table yields rows × indicator columns):
    the reader cannot know the layout, so this limit is checked there."""
    return LimitExceeded(
        f"Dit bestand levert {format_int(n)} waarden op (team × periode × indicator); de app controleert er per upload "
        f"hoogstens {format_int(MAX_VALUES)}.", "S" + _SPLIT[1:])


def too_many_teams(n_names: int, limit: int) -> LimitExceeded:
    """More different team names than WIJKDATA_MAX_TEAMS: usually the wrong column mapped as team."""
    return LimitExceeded(f"Het bestand noemt {format_int(n_names)} verschillende teamnamen; de app neemt per upload "
                         f"hoogstens {format_int(limit)} teams.",
                         "Controleer of de kolom met teams goed gekoppeld is (niet bijvoorbeeld een kolom met "
                         "cliëntnummers). Is het aantal echt, splits het bestand of vraag de beheerder de grens "
                         "(WIJKDATA_MAX_TEAMS) te verhogen.")
