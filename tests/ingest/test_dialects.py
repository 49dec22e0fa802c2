"""Files as teams send them: every delimiter, decimal sign, encoding, quoting, xlsx, long and wide."""

import pytest

from tests.conftest import xlsx_bytes
from wijkdata.ingest import check_upload, propose_mapping, read_table

LONG = [["team", "periode", "indicator", "waarde"],
        ["Café Noord", "2024 K3", "tevredenheid", "7,7"],
        ["Café Noord", "2024 K4", "uitval", "12,5"]]


def csv_text(rows, delim):
    return "\n".join(delim.join(r) for r in rows) + "\n"


def check(data, catalog, filename="f.csv", sheet=None):
    raw = read_table(data, filename, sheet=sheet)
    checked = check_upload(raw, propose_mapping(list(raw.frame.columns), catalog).mapping, catalog)
    return raw, checked.result


@pytest.mark.parametrize("delim", [";", "\t", "|"])
def test_delimiters_with_decimal_comma(delim, catalog):
    raw, result = check(csv_text(LONG, delim).encode(), catalog)
    assert raw.delimiter == delim
    assert result.observations["waarde"].tolist() == [7.7, 12.5]


def test_comma_delimiter_with_decimal_point(catalog):
    rows = [[c.replace(",", ".") for c in r] for r in LONG]
    raw, result = check(csv_text(rows, ",").encode(), catalog)
    assert raw.delimiter == "," and result.observations["waarde"].tolist() == [7.7, 12.5]


def test_comma_delimiter_with_quoted_decimal_comma(catalog):
    text = 'team,periode,indicator,waarde\n"Café Noord","2024 K3",tevredenheid,"7,7"\n"Zuid, Oost",2024 K3,uitval,"12,5"\n'
    raw, result = check(text.encode(), catalog)
    assert raw.delimiter == ","
    assert result.observations["team"].tolist() == ["Café Noord", "Zuid, Oost"]
    assert result.observations["waarde"].tolist() == [7.7, 12.5]


@pytest.mark.parametrize("encoding, label", [("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"),
                                             ("utf-16", "utf-16")])
def test_encodings(encoding, label, catalog):
    raw, result = check(csv_text(LONG, ";").encode(encoding), catalog)
    assert raw.encoding == label
    assert result.observations["team"].iloc[0] == "Café Noord"
    assert not raw.frame.columns[0].startswith("\ufeff")


def test_latin1_with_bytes_cp1252_does_not_define(catalog):
    # 0x81 is undefined in cp1252: such a file falls back to latin-1 instead of failing
    data = csv_text(LONG, ";").encode("latin-1").replace(b"Noord", b"No\x81rd")
    raw, result = check(data, catalog)
    assert raw.encoding == "latin-1" and result.n_usable == 2


def test_padding_spaces_are_trimmed(catalog):
    text = "team ; periode ; indicator ; waarde\n  Noord  ; 2024 K3 ;  uitval  ; 12,5 \n"
    raw, result = check(text.encode(), catalog)
    obs = result.observations.iloc[0]
    assert (obs["team"], obs["indicator"], obs["waarde"]) == ("Noord", "uitval", 12.5)


def test_periods_in_many_spellings(catalog):
    rows = [["team", "periode", "indicator", "waarde"]] + [
        ["A", p, "aanmeldingen", "10"] for p in ("2024-Q1", "2024 K2", "Q3 2024", "kwartaal 4 2024")]
    _, result = check(csv_text(rows, ";").encode(), catalog)
    assert result.observations["periode"].tolist() == ["2024-K1", "2024-K2", "2024-K3", "2024-K4"]


def test_xlsx_long_with_sheet_choice(catalog):
    data = xlsx_bytes({"Toelichting": [["Lees mij"]],
                       "Cijfers": [["Team", "Kwartaal", "Indicator", "Waarde"], ["Noord", "2024 K3", "uitval", 12.5],
                                   ["Noord", "2024 K4", "uitval", 10]]})
    raw = read_table(data, "f.xlsx")
    assert raw.sheets == ["Toelichting", "Cijfers"]
    raw, result = check(data, catalog, "f.xlsx", sheet="Cijfers")
    assert result.observations["waarde"].tolist() == [12.5, 10.0]


def test_xlsx_title_rows_above_header_are_skipped(catalog):
    data = xlsx_bytes({"Blad1": [["Cijfers wijkteams 2024"], [], ["Team", "Periode", "Uitval", "Tevredenheid"],
                                 ["Noord", "2024", 12.5, 7.7]]})
    raw, result = check(data, catalog, "f.xlsx")
    assert raw.row_numbers.tolist() == [4]
    assert sorted(result.observations["indicator"]) == ["tevredenheid", "uitval"]


def test_wide_layout_with_teller_noemer(catalog):
    text = ("Teamnaam;Periode;Uitval teller;Uitval noemer;Tevredenheid (rapportcijfer);Wachttijd\n"
            "Noord;2024 K3;5;40;7,7;21\n"
            "Zuid;2024 K3;3;30;.;18\n")
    raw, result = check(text.encode(), catalog)
    obs = result.observations.set_index(["team", "indicator"])
    assert obs.loc[("Noord", "uitval"), "waarde"] == pytest.approx(12.5)  # computed from teller/noemer
    assert obs.loc[("Noord", "uitval"), "noemer"] == 40
    assert obs.loc[("Noord", "tevredenheid"), "waarde"] == 7.7
    assert obs.loc[("Zuid", "wachttijd"), "waarde"] == 18
    assert result.n_missing == 1  # Zuid's rating was marked '.'


def test_long_layout_with_indicator_names(catalog):
    rows = [["team", "periode", "indicator", "waarde"], ["A", "2024", "Tevredenheid (rapportcijfer)", "7,7"],
            ["A", "2024", "Drop-out", "10"]]
    _, result = check(csv_text(rows, ";").encode(), catalog)
    assert sorted(result.observations["indicator"]) == ["tevredenheid", "uitval"]


def test_xlsx_as_excel_writes_it_shared_strings_rich_text_and_a_prefix(catalog):
    """Excel keeps texts in a shared list (a run of formatted pieces is one text; a phonetic guide is
    not part of it); some tools write every element with a prefix (x:c, x:v)."""
    from tests.hostile import raw_xlsx, xml_row

    strings = ["Team", "Kwartaal", "Indicator", "Waarde", "<si><r><t>Café </t></r><r><rPr><b/></rPr><t>Noord</t></r>"
               "<rPh><t>kafe</t></rPh></si>", "2024 K3", "uitval"]
    rows = (xml_row(1, *[(f"{c}1", ("s", i)) for i, c in enumerate("ABCD")], prefix="x")
            + xml_row(2, ("A2", ("s", 4)), ("B2", ("s", 5)), ("C2", ("s", 6)), ("D2", 12.5), prefix="x"))
    raw, result = check(raw_xlsx(rows, strings=strings, prefix="x"), catalog, "f.xlsx")
    assert raw.frame.iloc[0].tolist() == ["Café Noord", "2024 K3", "uitval", 12.5]
    assert result.observations["waarde"].tolist() == [12.5]


def test_xlsx_cell_types_as_openpyxl_reads_them(catalog):
    import datetime as dt

    data = xlsx_bytes({"Blad1": [["team", "periode", "indicator", "waarde", "n", "klaar"],
                                 ["  Noord ", dt.datetime(2024, 7, 1), "tevredenheid", 7.5, 12, True]]})
    raw, result = check(data, catalog, "f.xlsx")
    assert raw.frame.iloc[0].tolist() == ["Noord", dt.datetime(2024, 7, 1), "tevredenheid", 7.5, 12, True]
    assert result.observations["periode"].tolist() == ["2024-07-01"]


def test_xlsx_rows_keep_their_excel_numbers_across_gaps():
    data = xlsx_bytes({"Blad1": [["team", "waarde"], [], ["Noord", 1], [], [], ["Zuid", 2]]})
    raw = read_table(data, "f.xlsx")
    assert raw.row_numbers.tolist() == [3, 6] and raw.frame["team"].tolist() == ["Noord", "Zuid"]
