"""No file can keep the reader busy for long: every limit is checked before the expensive work, and
the work that is done is bounded by the cells a file really holds. Nothing here measures time; each
test shows that the work is bounded by construction (refused before parsing, or only real cells
visited) and that the refusal says, in Dutch, which limit and where."""

import codecs

import pandas as pd
import pytest

from tests.conftest import xlsx_bytes
from tests.hostile import assert_dutch, dimension_bomb_xlsx, raw_xlsx, xml_row
from wijkdata.ingest import IngestError, read_table
from wijkdata.ingest import csv_reader, limits, xlsx_reader
from wijkdata.ingest.errors import LimitExceeded

HEADER = "team;periode;indicator;waarde\n"


@pytest.fixture
def cells_read(monkeypatch):
    """Every SheetCells the Excel reader builds, to see how much work a read did."""
    seen = []
    original = xlsx_reader.read_cells

    def spy(*args, **kwargs):
        seen.append(original(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(xlsx_reader, "read_cells", spy)
    return seen


@pytest.fixture
def csv_parses(monkeypatch):
    """How often the CSV reader got as far as the pandas parse."""
    calls = []
    original = csv_reader._parse

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(csv_reader, "_parse", spy)
    return calls


def refusal(data: bytes, filename: str = "a.csv", **kwargs) -> IngestError:
    with pytest.raises(IngestError) as info:
        read_table(data, filename, **kwargs)
    assert_dutch(info.value.message)
    assert_dutch(info.value.hint)
    return info.value


# ------------------------------------------------------------------------- Excel

def test_a_lying_dimension_costs_only_the_real_cells(cells_read):
    """A 2 KB file that declares A1:ZZ1048576 (openpyxl made a million rows of 702 cells of it):
    only the three rows that hold something are visited, and row 1048576 keeps its number."""
    raw = read_table(dimension_bomb_xlsx(), "bom.xlsx")
    (cells,) = cells_read
    assert len(cells.rows) == 3 and cells.width == 702  # three rows kept, not 1.048.576
    assert raw.row_numbers.tolist() == [2, 1048576]
    assert raw.frame["team"].tolist() == ["Noord", None]
    assert list(raw.frame.columns) == ["team", "periode", "indicator", "waarde", "(kolom ZZ zonder naam)"]


def test_an_excel_sheet_over_the_cell_limit_is_refused_before_its_cells_are_read(monkeypatch, cells_read):
    monkeypatch.setattr(limits, "MAX_XLSX_CELLS", 50)
    rows = [["team", "periode", "indicator", "waarde"]] + [["Noord", "2024-K1", "uitval", i] for i in range(20)]
    error = refusal(xlsx_bytes({"Cijfers": rows}), "groot.xlsx")
    assert isinstance(error, LimitExceeded) and cells_read == []  # counted on the packed XML, never parsed
    assert "'Cijfers' heeft 84 gevulde cellen" in error.message and "hoogstens 50 cellen" in error.message
    assert "CSV" in error.hint


def test_a_sparse_sheet_stops_at_the_cell_limit_while_it_is_read(monkeypatch):
    """Few filled cells, but one far to the right makes every row that wide: the rows × columns the
    table would hold are counted as the rows come in, and the read stops at the limit."""
    monkeypatch.setattr(limits, "MAX_XLSX_CELLS", 100)
    rows = "".join(xml_row(r, (f"A{r}", f"team {r}")) for r in range(1, 40)) + xml_row(40, ("Z40", 1))
    error = refusal(raw_xlsx(rows), "breed.xlsx")
    assert "minstens 40 rijen bij 26 kolommen" in error.message


def test_a_cell_beyond_the_column_limit_is_named():
    error = refusal(raw_xlsx(xml_row(1, ("A1", "team"), ("B1", "waarde"), ("XFD1", "x"))), "breed.xlsx")
    assert "kolommen tot en met XFD (16.384 kolommen)" in error.message and "1.000" in error.message
    assert "XFD" in error.hint


def test_a_sheet_of_empty_formatted_rows_is_refused_by_its_size(monkeypatch, cells_read):
    monkeypatch.setattr(limits, "MAX_XLSX_TAGS", 500)
    rows = xml_row(1, ("A1", "team"), ("B1", "waarde")) + "".join(f'<row r="{r}"><c r="A{r}" s="1"/></row>'
                                                             for r in range(2, 1000))
    error = refusal(raw_xlsx(rows), "opgemaakt.xlsx")
    assert "meer dan 500 onderdelen" in error.message and "lege rijen" in error.hint and cells_read == []


def test_a_size_limit_in_one_sheet_is_not_hidden_by_trying_the_next(monkeypatch):
    monkeypatch.setattr(limits, "MAX_XLSX_CELLS", 10)
    data = xlsx_bytes({"Groot": [["team", "waarde"]] + [["Noord", i] for i in range(10)],
                       "Klein": [["team", "waarde"], ["Noord", 1]]})
    assert "'Groot' heeft 22 gevulde cellen" in refusal(data, "twee.xlsx").message


def test_a_document_type_declaration_is_refused():
    """Excel never writes one; it is how entity expansion ('billion laughs') gets in."""
    prolog = '<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    error = refusal(raw_xlsx(xml_row(1, ("A1", "team"), ("B1", "waarde")), prolog=prolog), "dtd.xlsx")
    assert "XML-constructies die Excel nooit schrijft" in error.message


# ------------------------------------------------------------------------- CSV

def test_one_endless_line_is_refused_before_parsing(csv_parses):
    """2,5 million times 'a;' on one line (5 MB) took minutes and 4,6 GB."""
    error = refusal(b"a;" * 2_500_000)
    assert error.message == "Rij 1 is 5.000.000 tekens lang; de app leest rijen van hoogstens 100.000 tekens."
    assert "regeleinden" in error.hint and csv_parses == []


def test_a_long_line_further_down_is_named_by_its_row(csv_parses):
    data = (HEADER + "Noord;2024-K1;uitval;1\n" * 2 + "Zuid;" + "x" * 150_000 + ";uitval;2\n").encode()
    error = refusal(data)
    assert error.message.startswith("Rij 4 is 150.014 tekens lang") and csv_parses == []


def test_a_header_wider_than_the_column_limit_is_refused_before_parsing(csv_parses):
    data = (";".join(f"k{i}" for i in range(1500)) + "\n" + ";".join("1" * 1500) + "\n").encode()
    error = refusal(data)
    assert error.message == "Rij 1 heeft 1.500 kolommen; de app leest er hoogstens 1.000."
    assert csv_parses == []


def test_a_wider_row_below_a_narrow_header_is_named():
    data = (HEADER + "Noord;2024-K1;uitval;1\n" + ";".join(["x"] * 40_000) + "\n").encode()
    assert refusal(data).message == "Rij 3 heeft 40.000 kolommen, terwijl de rijen erboven er 4 hebben."


def test_more_rows_than_the_limit_are_refused_before_parsing(csv_parses):
    data = b"team;waarde\n" + b"Noord;1\n" * 2_000_001  # 16 MB: the default limit, counted, not parsed
    error = refusal(data)
    assert error.message == "Het bestand heeft 2.000.001 rijen; de app leest er hoogstens 2.000.000."
    assert "Splits het bestand" in error.hint and csv_parses == []


def test_the_row_limit_can_be_set_by_the_caller(csv_parses):
    data = (HEADER + "Noord;2024-K1;uitval;1\n" * 10).encode()
    assert "hoogstens 5." in refusal(data, max_rows=5).message
    assert len(read_table(data, "a.csv", max_rows=10).frame) == 10


def test_more_cells_than_the_limit_are_refused_before_parsing(monkeypatch, csv_parses):
    monkeypatch.setattr(limits, "MAX_CSV_CELLS", 30)
    error = refusal((HEADER + "Noord;2024-K1;uitval;1\n" * 10).encode())
    assert "11 rijen en 4 kolommen, samen 44 cellen" in error.message and "hoogstens 30" in error.message
    assert csv_parses == []


def test_the_national_files_fit_within_the_limits():
    """`wijkdata bench` imports 1.500 teams × 40 quarters × 20 indicators: a long CSV of 1,2 million
    rows and 8 columns, and a wide Excel sheet of 60.000 rows and 24 columns."""
    rows, teams_periods = 1500 * 40 * 20, 1500 * 40
    assert rows <= limits.MAX_ROWS and (rows + 1) * 8 <= limits.MAX_CSV_CELLS and rows <= limits.MAX_VALUES
    assert (teams_periods + 1) * 24 <= limits.MAX_XLSX_CELLS


def test_the_value_limit_has_its_own_sentence():
    """Checked where a wide table becomes values (rows × indicator columns), not in the reader."""
    error = limits.too_many_values(2_400_000)
    assert error.message.startswith("Dit bestand levert 2.400.000 waarden op") and "2.000.000" in error.message
    assert_dutch(error.message)
    assert_dutch(error.hint)


def test_repeated_values_are_kept_once_and_distinct_texts_as_compact_text():
    """What keeps the peak near the file's own size: a column of repeated values is a Categorical
    (each text once), a column of distinct texts Arrow text; no column is a list of Python objects."""
    lines = [f"Team {i % 50};2024-K{i % 4 + 1};uitval;{i % 7};opmerking {i}" for i in range(5000)]
    data = ("team;periode;indicator;waarde;opmerking\n" + "\n".join(lines) + "\n").encode()
    frame = read_table(data, "a.csv").frame
    assert [str(t) for t in frame.dtypes] == ["category"] * 4 + ["str"]
    assert frame.memory_usage(deep=True).sum() < len(data)
    assert frame["team"].iloc[51] == "Team 1" and frame["opmerking"].iloc[-1] == "opmerking 4999"


def test_cells_are_text_as_written_and_trimmed():
    """'1.500' must reach the number check as written (a Categorical must not guess numbers), a cell
    of spaces is missing."""
    data = b"team;waarde;opmerking\n Noord ;1.500;  \nZuid;2;x\n"
    frame = read_table(data, "a.csv").frame
    assert frame["waarde"].tolist() == ["1.500", "2"]
    assert frame["team"].tolist() == ["Noord", "Zuid"] and pd.isna(frame["opmerking"].iloc[0])


# ------------------------------------------------------------------------- encodings

TEXT = "team;periode;indicator;waarde\nCafé Noord;2024-K1;tevredenheid;7,5\n"


@pytest.mark.parametrize("encoded, label", [
    (TEXT.encode("utf-16-le"), "UTF-16 (zonder BOM)"),
    (TEXT.encode("utf-16-be"), "UTF-16 (zonder BOM)"),
    (TEXT.encode("utf-32"), "UTF-32"),  # with a BOM, which starts like UTF-16's
    (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "UTF-32"),
    (TEXT.encode("utf-32-le"), "UTF-32 (zonder BOM)"),
    (TEXT.encode("utf-32-be"), "UTF-32 (zonder BOM)"),
])
def test_utf16_without_bom_and_utf32_are_read_not_called_binary(encoded, label):
    raw = read_table(encoded, "a.csv")
    assert raw.frame["team"].tolist() == ["Café Noord"]
    assert f"CSV-bestand in {label} met puntkomma" in raw.describe()


def test_binary_data_is_still_called_binary():
    error = refusal(bytes(range(256)) * 40)
    assert "geen leesbare tekst" in error.message


def test_merged_ranges_fill_only_rows_that_exist(monkeypatch):
    """A range down to row 1048576 costs the rows that hold something; overlapping ranges (which
    Excel never writes) cannot multiply the work past the cell limit."""
    rows = (xml_row(1, ("A1", "team"), ("B1", "waarde")) + xml_row(2, ("A2", "Noord"), ("B2", 1))
            + xml_row(3, ("B3", 2)) + xml_row(1048576, ("B1048576", 3)))
    raw = read_table(raw_xlsx(rows, merged=("A2:A1048576",)), "samengevoegd.xlsx")
    assert raw.frame["team"].tolist() == ["Noord"] * 3 and raw.row_numbers.tolist() == [2, 3, 1048576]
    monkeypatch.setattr(limits, "MAX_XLSX_CELLS", 100)
    error = refusal(raw_xlsx(rows, merged=("A2:B1048576",) * 20), "samengevoegd.xlsx")
    assert "samengevoegde cellen meer dan 100 cellen" in error.message and "Samenvoeging opheffen" in error.hint


def test_a_wide_table_yielding_too_many_values_is_refused_before_it_is_checked(monkeypatch):
    """A wide CSV below the cell limit can still yield rows × indicator columns values."""
    import wijkdata.ingest as ingest
    from wijkdata.service import check_file

    monkeypatch.setattr(ingest, "MAX_VALUES", 10)
    data = ("team;periode;uitval;tevredenheid\n" + "".join(f"Noord;2025-K{q};10;7,5\n" for q in (1, 2, 3, 4))
            + "Zuid;2025-K1;12;7,1\nZuid;2025-K2;13;7,2\n").encode()  # 6 rows × 2 indicators
    with pytest.raises(LimitExceeded) as err:
        check_file(data, "breed.csv")
    assert "12 waarden" in str(err.value) and "hoogstens" in str(err.value)
    assert_dutch(err.value.message)


def test_the_row_limit_is_a_setting(monkeypatch):
    from wijkdata.service import check_file

    monkeypatch.setenv("WIJKDATA_MAX_ROWS", "3")
    data = ("team;periode;indicator;waarde\n" + "Noord;2025-K1;uitval;10\n" * 4).encode()
    with pytest.raises(LimitExceeded) as err:
        check_file(data, "rijen.csv")
    assert "hoogstens 3" in err.value.message
