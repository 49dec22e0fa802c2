"""A corpus of hostile and broken files that are (almost) tables, plus a property-based fuzz of the
reader and validator. Whatever comes in: no uncaught exception, every message Dutch with a row and
a column where it is about a cell, and the store holds a whole upload or nothing of it.

The files that are no table at all (images, programs, zip bombs, password-protected xlsx, …) are
in test_bad_inputs.py; together the two hold more than 60 files."""

import codecs
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import xlsx_bytes
from tests.hostile import assert_dutch, dimension_bomb_xlsx, table_counts, try_upload
from wijkdata.export import to_csv_bytes, to_xlsx_bytes
from wijkdata.store import Store

HEADER = "team;periode;indicator;waarde"


def csv(*rows: str, header: str = HEADER, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return newline.join([header, *rows, ""]).encode(encoding)


def wide_xlsx_with_formulas() -> bytes:
    return xlsx_bytes({"Cijfers": [["team", "periode", "tevredenheid", "aanmeldingen"],
                                   ["Noord", "2024-K1", "=7+0,5", 12],
                                   ["Zuid", "2024-K1", 7.8, "=HYPERLINK(\"http://x\",\"klik\")"],
                                   ["=cmd|' /C calc'!A0", "2024-K1", 7.1, 10]]})


def hidden_first_sheet() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Verborgen"
    wb.active.sheet_state = "hidden"
    ws = wb.create_sheet("Cijfers")
    ws.append(["team", "periode", "indicator", "waarde"])
    ws.append(["Noord", "2024-K1", "tevredenheid", 7.5])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def merged_team_xlsx() -> bytes:
    """A team name merged over its three rows (A2:A4), under a title merged over the columns."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Cijfers wijkteams 2024"])
    ws.merge_cells("A1:D1")
    ws.append(["team", "periode", "indicator", "waarde"])
    for indicator, value in (("tevredenheid", 7.5), ("uitval", 12), ("aanmeldingen", 30)):
        ws.append(["Noord", "2024-K1", indicator, value])
    ws.merge_cells("A3:A5")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def excel_day_number_xlsx() -> bytes:
    """The periode is the number 45292: a date cell (1-1-2024) that lost its date format."""
    return xlsx_bytes({"Cijfers": [["team", "periode", "indicator", "waarde"], ["Noord", 45292, "tevredenheid", 7.5]]})


def unsaved_formula_team_xlsx() -> bytes:
    """Written by a script (openpyxl): the team is a formula whose result was never saved."""
    return xlsx_bytes({"Cijfers": [["team", "periode", "indicator", "waarde"],
                                   ['=HYPERLINK("https://wijk.example/noord","Noord")', "2024-K1", "tevredenheid", 7.5],
                                   ["Zuid", "2024-K1", "tevredenheid", 7.1]]})


UTF_TEXT = csv("Café Noord;2024-K1;tevredenheid;7,5", encoding="utf-8").decode()

# (id, filename, bytes, what must hold afterwards: "refused" | "rejected:<rows>" | "stored:<n>")
CORPUS = [
    ("cp1252-accents", "a.csv", csv("Café Noord;2024-K1;tevredenheid;7,5", encoding="cp1252"), "stored:1"),
    ("utf16-bom", "a.csv", codecs.BOM_UTF16_LE + csv("Noord;2024-K1;tevredenheid;7,5", encoding="utf-16-le"),
     "stored:1"),
    ("utf16-le-without-bom", "a.csv", UTF_TEXT.encode("utf-16-le"), "stored:1"),
    ("utf16-be-without-bom", "a.csv", UTF_TEXT.encode("utf-16-be"), "stored:1"),
    ("utf32-with-bom", "a.csv", UTF_TEXT.encode("utf-32"), "stored:1"),
    ("utf32-without-bom", "a.csv", UTF_TEXT.encode("utf-32-le"), "stored:1"),
    ("utf8-bom-tabs", "a.tsv", codecs.BOM_UTF8 + csv("Noord\t2024-K1\ttevredenheid\t7,5",
                                                     header=HEADER.replace(";", "\t")), "stored:1"),
    ("mixed-encodings", "a.csv", csv("Café Noord;2024-K1;tevredenheid;7,5").replace(b"Caf\xc3\xa9", b"Caf\xe9", 1)
     + "Zuidwijk é;2024-K1;tevredenheid;7,1\n".encode(), "stored:2"),
    ("mac-cr-newlines", "a.csv", csv("Noord;2024-K1;tevredenheid;7,5", "Zuid;2024-K1;tevredenheid;7,1", newline="\r"),
     "stored:2"),
    ("mixed-delimiters", "a.csv", csv("Noord;2024-K1;tevredenheid;7,5", "Zuid,2024-K1,tevredenheid,7.1",
                                      "West;2024-K1;tevredenheid;7,2"), "any"),
    ("nul-bytes-inside", "a.csv", csv("Noord;2024-K1;tevredenheid;7,5", "Zu\x00id;2024-K1;tevredenheid;7,1"), "stored:2"),
    ("formula-team-names", "a.csv", csv("=cmd|' /C calc'!A0;2024-K1;tevredenheid;7,5",
                                        "\"+SUM(1;2)\";2024-K1;tevredenheid;7,1", "@import;2024-K1;tevredenheid;7,0",
                                        "-2+3;2024-K1;tevredenheid;6,9"), "stored:4"),
    ("formula-values", "a.csv", csv("Noord;2024-K1;tevredenheid;=1+1", "Zuid;2024-K1;tevredenheid;7,1"), "rejected:2"),
    ("xlsx-formulas", "a.xlsx", wide_xlsx_with_formulas(), "refused"),  # never a team called '=cmd|…'
    ("xlsx-unsaved-formula-team", "a.xlsx", unsaved_formula_team_xlsx(), "refused"),
    ("xlsx-dimension-bomb", "a.xlsx", dimension_bomb_xlsx(), "stored:1 rejected:1048576"),
    ("xlsx-merged-team", "a.xlsx", merged_team_xlsx(), "stored:3"),
    ("xlsx-excel-day-number", "a.xlsx", excel_day_number_xlsx(), "stored:1"),
    ("csv-excel-day-number", "a.csv", csv("Noord;45292;tevredenheid;7,5"), "stored:1"),
    ("thousands-dots-decimal-comma", "a.csv", csv("Zuid;2024-K1;aanmeldingen;1.234.567,89",
                                                   "Noord;2024-K1;aanmeldingen;12"), "warned:2"),
    ("xlsx-hidden-first-sheet", "a.xlsx", hidden_first_sheet(), "stored:1"),
    ("script-team-names", "a.csv", csv('"<script>alert(1)</script>";2024-K1;tevredenheid;7,5',
                                       '"<img src=x onerror=alert(1)>";2024-K1;tevredenheid;7,1',
                                       '"[klik](javascript:alert(1))";2024-K1;tevredenheid;7,0'), "stored:3"),
    ("html-in-values", "a.csv", csv("Noord;2024-K1;tevredenheid;<b>7</b>"), "rejected:2"),
    ("ansi-and-bidi", "a.csv", csv("\x1b[31mRood\x1b[0m;2024-K1;tevredenheid;7,5",
                                   "Noord\u202eDROON;2024-K1;tevredenheid;7,1", "Zuid\u200b;2024-K1;tevredenheid;7,0"),
     "any"),
    ("huge-number", "a.csv", csv("Noord;2024-K1;aanmeldingen;" + "1" + "0" * 300,
                                 "Zuid;2024-K1;aanmeldingen;1e300"), "rejected:2,3"),
    ("nan-inf-text", "a.csv", csv("A;2024-K1;tevredenheid;NaN", "B;2024-K1;tevredenheid;inf",
                                  "C;2024-K1;tevredenheid;-Infinity", "D;2024-K1;tevredenheid;nan",
                                  "E;2024-K1;tevredenheid;7,5"), "rejected:2,3,4,5"),
    ("negative-counts", "a.csv", csv("Noord;2024-K1;aanmeldingen;-5", "Zuid;2024-K1;aanmeldingen;\u22123",
                                     "West;2024-K1;aanmeldingen;12"), "rejected:3 warned:2"),
    ("teller-above-noemer", "a.csv", csv("Noord;2024-K1;uitval;;12;10", header=HEADER + ";teller;noemer"),
     "warned:2"),
    ("far-future", "a.csv", csv("Noord;2090-K1;tevredenheid;7,5", "Zuid;9999-K4;tevredenheid;7,1",
                                "West;2024-K1;tevredenheid;7,0"), "rejected:2,3"),
    ("impossible-periods", "a.csv", csv("Noord;2024-K5;tevredenheid;7,5", "Zuid;2024-13;tevredenheid;7,1",
                                        "West;0000-K1;tevredenheid;7,0", "Oost;2024-K1;tevredenheid;7,2"),
     "rejected:2,3,4"),
    ("percent-above-100", "a.csv", csv("Noord;2024-K1;hulp_op_tijd;180", "Zuid;2024-K1;hulp_op_tijd;75"),
     "warned:2"),
    ("rating-outside-1-10", "a.csv", csv("Noord;2024-K1;tevredenheid;11", "Zuid;2024-K1;tevredenheid;0,5"),
     "warned:2,3"),
    ("fractional-count", "a.csv", csv("Noord;2024-K1;aanmeldingen;12,5"), "warned:2"),
    ("unknown-indicator", "a.csv", csv("Noord;2024-K1;geluk;7", "Zuid;2024-K1;tevredenheid;7,1"), "rejected:2"),
    ("empty-team", "a.csv", csv(";2024-K1;tevredenheid;7,5", "Zuid;2024-K1;tevredenheid;7,1"), "rejected:2"),
    ("very-long-team-name", "a.csv", csv("N" * 5000 + ";2024-K1;tevredenheid;7,5"), "any"),
    ("one-giant-line", "a.csv", ("team;" * 400_000).encode(), "refused"),
    ("endless-line", "a.csv", b"a;" * 2_500_000, "refused"),
    ("giant-cell", "a.csv", csv("Noord;2024-K1;tevredenheid;" + "7" * 90_000), "rejected:2"),
    ("giant-line", "a.csv", csv("Noord;2024-K1;tevredenheid;" + "7" * 2_000_000), "refused"),
    ("quotes-and-semicolons", "a.csv", b'";;;";"""";";"\n";";";"\n', "refused"),
    ("header-after-title-rows", "a.csv", ("Cijfers wijkteams 2024\nBron: registratie\n\n" + HEADER +
                                          "\nNoord;2024-K1;tevredenheid;7,5\n").encode(), "stored:1"),
    ("thousands-separators", "a.csv", csv("Noord;2024-K1;aanmeldingen;1.234", "Zuid;2024-K1;doorlooptijd;1.234,5"),
     "any"),
    ("hex-and-exponent", "a.csv", csv("Noord;2024-K1;aanmeldingen;0x1F", "Zuid;2024-K1;aanmeldingen;1e2"), "any"),
    ("only-header-wide", "a.csv", b"team;periode;tevredenheid;aanmeldingen\n", "refused"),
    ("duplicate-rows", "a.csv", csv("Noord;2024-K1;tevredenheid;7,5", "Noord;2024-K1;tevredenheid;7,9"), "stored:1"),
    ("attributes-hostile", "teams.csv", b"team;gemeente;stedelijkheid;fte\n<script>x</script>;=1+1;sterk stedelijk;-3\n"
     b"Noord;Lindeburg;onbekend niveau;8,2\n", "any"),
]


def _rows(spec: str) -> list[int]:
    return sorted(int(r) for r in spec.split(","))


@pytest.mark.parametrize("case_id, filename, data, expect", CORPUS, ids=[c[0] for c in CORPUS])
def test_hostile_file(tmp_path, case_id, filename, data, expect):
    """expect: "refused", "stored:<n>", "rejected:<rows>" (errors: left out) and/or "warned:<rows>"
    (imported, with a warning to look at: e.g. a percentage above 100), or "any" (only the general
    promises: Dutch, row and column named, whole or nothing)."""
    store = Store(f"sqlite:///{tmp_path / 'hostile.sqlite'}")
    checked = try_upload(store, data, filename)
    wants = dict(part.split(":") for part in expect.split() if ":" in part)
    if expect == "refused":
        assert checked is None
        return
    if expect == "any":
        return
    assert checked is not None
    result = checked.result
    if "rejected" in wants:
        assert sorted(result.rejected_rows) == _rows(wants["rejected"])
    if "warned" in wants:
        warned = result.issues.loc[result.issues["ernst"] == "waarschuwing", "rij"]
        assert sorted(set(int(r) for r in warned)) == _rows(wants["warned"])
        assert set(_rows(wants["warned"])) <= set(result.observations["_rij"])  # still imported
    if "stored" in wants:
        assert result.n_usable == int(wants["stored"])
        assert table_counts(store)[1] == result.n_usable


def test_hostile_team_names_come_out_as_inert_text_in_exports(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'hostile.sqlite'}")
    data = dict((c[0], c[2]) for c in CORPUS)["formula-team-names"]
    try_upload(store, data, "a.csv")
    teams = store.observations()[["team", "waarde"]]
    exported_csv = to_csv_bytes(teams).decode("utf-8-sig")
    for line in exported_csv.splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@")), line  # a spreadsheet will not run it
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(to_xlsx_bytes(teams))).active
    cells = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    assert all(isinstance(c, str) and c.startswith("'") for c in cells)
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(2, ws.max_row + 1))


def test_a_file_of_mixed_encodings_reads_every_accent(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'hostile.sqlite'}")
    try_upload(store, dict((c[0], c[2]) for c in CORPUS)["mixed-encodings"], "a.csv")
    assert set(store.observations()["team"]) == {"Café Noord", "Zuidwijk é"}


def _case(case_id: str) -> bytes:
    return dict((c[0], c[2]) for c in CORPUS)[case_id]


def _refusal(tmp_path, case_id: str, filename: str = "a.csv"):
    from wijkdata.ingest import IngestError
    from wijkdata.service import check_file

    store = Store(f"sqlite:///{tmp_path / (case_id + '.sqlite')}")
    with pytest.raises(IngestError) as info:
        check_file(_case(case_id), filename, store)
    assert_dutch(info.value.message)
    assert_dutch(info.value.hint)
    assert table_counts(store) == (0, 0, 0)
    return info.value


def test_a_merged_team_cell_names_every_row_it_covers(tmp_path):
    """Excel shows 'Noord' beside all three rows; the merged title above the header stays a title."""
    store = Store(f"sqlite:///{tmp_path / 'hostile.sqlite'}")
    checked = try_upload(store, _case("xlsx-merged-team"), "a.xlsx")
    assert checked.raw.row_numbers.tolist() == [3, 4, 5]
    assert not checked.result.issues["probleem"].str.contains("teamnaam ontbreekt").any()
    assert store.observations()["team"].tolist() == ["Noord"] * 3


def test_an_unsaved_formula_is_never_a_team_name(tmp_path):
    error = _refusal(tmp_path, "xlsx-unsaved-formula-team", "a.xlsx")
    assert error.message.startswith("In het werkblad 'Cijfers' staat een formule zonder opgeslagen uitkomst "
                                    "(in cel A2: =HYPERLINK(")
    assert "sla het op" in error.hint
    assert "staan 3 formules zonder opgeslagen uitkomst (in cel C2: =7+0,5)" in \
        _refusal(tmp_path, "xlsx-formulas", "a.xlsx").message


def test_an_excel_day_number_is_read_as_its_date(tmp_path):
    for case_id, filename in (("xlsx-excel-day-number", "a.xlsx"), ("csv-excel-day-number", "a.csv")):
        store = Store(f"sqlite:///{tmp_path / (case_id + '.sqlite')}")
        checked = try_upload(store, _case(case_id), filename)
        assert checked.result.observations["periode"].tolist() == ["2024-01-01"]
        assert checked.result.issues.empty


def test_a_value_is_quoted_as_typed_not_as_an_exponent(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'hostile.sqlite'}")
    issues = try_upload(store, _case("thousands-dots-decimal-comma"), "a.csv").result.issues
    assert issues["waarde"].tolist() == ["1.234.567,89"]
    assert not issues.astype(str).apply(lambda col: col.str.contains("e+", regex=False)).any().any()


def test_the_endless_line_and_the_giant_line_are_named(tmp_path):
    error = _refusal(tmp_path, "endless-line")
    assert error.message == "Rij 1 is 5.000.000 tekens lang; de app leest rijen van hoogstens 100.000 tekens."
    assert _refusal(tmp_path, "giant-line").message.startswith("Rij 2 is 2.000.027 tekens lang")


def test_a_lying_dimension_is_read_as_the_cells_it_holds(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'hostile.sqlite'}")
    checked = try_upload(store, _case("xlsx-dimension-bomb"), "a.xlsx")
    assert checked.raw.row_numbers.tolist() == [2, 1048576]
    assert store.observations()["team"].tolist() == ["Noord"]


def test_utf16_and_utf32_without_bom_keep_their_accents(tmp_path):
    for case_id in ("utf16-le-without-bom", "utf16-be-without-bom", "utf32-with-bom", "utf32-without-bom"):
        store = Store(f"sqlite:///{tmp_path / (case_id + '.sqlite')}")
        try_upload(store, _case(case_id), "a.csv")
        assert store.observations()["team"].tolist() == ["Café Noord"]


def test_tab_and_carriage_return_are_neutralised_too():
    text = to_csv_bytes(__import__("pandas").DataFrame({"team": ["\t=1+1", "\r=2+2", "gewoon"]})).decode("utf-8-sig")
    assert "'\t=1+1" in text and "'\r=2+2" in text and "\r\ngewoon" in text


# ------------------------------------------------------------------------- property-based fuzz
_CELL = st.text(alphabet=st.sampled_from(list("0123456789,.-+eE ;\"'\t=<>abcéK\u00a0\u2212%")), max_size=12)
_KNOWN = st.sampled_from(["tevredenheid", "aanmeldingen", "uitval", "hulp_op_tijd", "doorlooptijd", "geluk", ""])
_PERIOD = st.sampled_from(["2024-K1", "2024 K2", "2023", "2024-13", "K3 2024", "2090-K1", "", "x"])


@st.composite
def table_like(draw) -> bytes:
    """Mostly well-formed CSV with hostile cells, so the fuzz reaches the validator, not only the reader."""
    delim = draw(st.sampled_from([";", ",", "\t", "|"]))
    header = draw(st.sampled_from([["team", "periode", "indicator", "waarde"],
                                   ["team", "periode", "indicator", "waarde", "teller", "noemer"],
                                   ["team", "periode", "tevredenheid", "aanmeldingen"]]))
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        row = [draw(_CELL), draw(_PERIOD)]
        row += [draw(_KNOWN)] if "indicator" in header else []
        row += [draw(_CELL) for _ in range(len(header) - len(row))]
        if draw(st.booleans()) and draw(st.booleans()):
            row = row[:-1]  # a short row now and then
        rows.append(delim.join(row))
    encoding = draw(st.sampled_from(["utf-8", "cp1252", "utf-16"]))
    text = "\n".join([delim.join(header), *rows]) + "\n"
    return text.encode(encoding, errors="replace")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(table_like(), st.binary(max_size=400)))
def test_fuzz_reader_and_validator_never_crash_and_never_write_half(tmp_path_factory, data):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.sqlite'}")
    try_upload(store, data, "fuzz.csv")
    store.engine.dispose()


def test_assert_dutch_catches_english():
    """The check the corpus relies on must itself be able to fail."""
    assert_dutch("De periode ontbreekt in rij 3.")
    for english in ("Invalid value in line 3", "KeyError: 'team'", "The file could not be read"):
        with pytest.raises(AssertionError):
            assert_dutch(english)
