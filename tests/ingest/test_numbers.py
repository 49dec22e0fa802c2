import pandas as pd
import pytest

from wijkdata.formatting import format_number
from wijkdata.ingest import numbers as num


def parse(values, default="."):
    s = pd.Series(values, dtype=object)
    conv = num.detect_convention([s], default)
    v, p = num.parse_numbers(s, conv)
    return conv, v.tolist(), p.tolist()


def test_decimal_comma_file_reads_thousands_dot():
    conv, v, p = parse(["7,7", "1.500", "1.234,5", "12"])
    assert conv.decimal == "," and conv.certain
    assert v == [7.7, 1500.0, 1234.5, 12.0] and p == [None] * 4


def test_point_in_comma_file_is_never_silently_multiplied():
    # "1.5" in a decimal-comma file must not become 15: it is read as 1.5 and flagged
    conv, v, p = parse(["7,7", "8,1", "1.5"])
    assert v[2] == 1.5 and p[2] == num.OTHER_CONVENTION


def test_decimal_point_file():
    conv, v, p = parse(["7.7", "1,500", "12"])
    assert conv.decimal == "." and v == [7.7, 1500.0, 12.0]


def test_ambiguous_value_without_evidence_is_flagged():
    conv, v, p = parse(["1.500", "3"], default=",")
    assert not conv.certain and v[0] == 1500.0 and p[0] == num.AMBIGUOUS


@pytest.mark.parametrize("marker", ["", ".", "x", "X", "-", " - ", None])
def test_cbs_missing_markers_are_missing_not_errors(marker):
    _, v, p = parse(["7,5", marker])
    assert pd.isna(v[1]) and p[1] is None


@pytest.mark.parametrize("text, code", [("abc", num.NOT_A_NUMBER), ("NaN", num.NOT_FINITE), ("inf", num.NOT_FINITE),
                                        ("1e300", num.TOO_LARGE), ("10^300", num.NOT_A_NUMBER)])
def test_values_that_are_not_numbers(text, code):
    _, v, p = parse(["7,5", text])
    assert pd.isna(v[1]) and p[1] == code


def test_spreadsheet_numbers_pass_through():
    s = pd.Series([1.5, 3, None, "2,5"], dtype=object)
    v, p = num.parse_numbers(s, num.detect_convention([s]))
    assert v.tolist()[:2] == [1.5, 3.0] and v.tolist()[3] == 2.5


def test_percent_sign_and_spaces():
    _, v, _ = parse(["72%", " 3 500 ", "7,5"])
    assert v == [72.0, 3500.0, 7.5]


def test_dutch_formatting():
    assert format_number(7.7) == "7,7"
    assert format_number(1234.5) == "1.234,5"
    assert format_number(None) == "–"


@pytest.mark.parametrize("value, shown", [(1234567.89, "1.234.567,89"), (1500.0, "1.500"), (7.7, "7,7"),
                                          (1e-07, "0,0000001"), (-1234.5, "-1.234,5"), (0.1 + 0.2, "0,3"),
                                          (100 * 14 / 9, "155,556"), (100 / 3, "33,3333"), (2e6 / 3, "666.667"),
                                          (-0.0, "0"), (float("nan"), "leeg")])
def test_values_in_messages_are_dutch_and_never_an_exponent(value, shown):
    assert num.format_plain(value) == shown


def test_an_ambiguous_value_is_explained_without_a_thousands_dot():
    """'1.500 read as 1.500' would explain nothing."""
    conv, v, p = parse(["1.500", "3"], default=",")
    what, _ = num.describe_problem(p[0], "1.500", v[0], conv)
    assert what == ("'1.500' kan op twee manieren gelezen worden (de punt als decimaalteken of als scheiding van "
                    "duizendtallen); de app leest het als 1500.")


def test_numbers_in_categorical_columns_are_read_from_their_text():
    """The CSV reader hands over Categoricals: the values are the texts as written."""
    s = pd.Series(pd.Categorical(["7,7", "1.234.567,89", None, "7,7"]))
    conv = num.detect_convention([s], ".")
    v, p = num.parse_numbers(s, conv)
    assert conv.decimal == "," and v.tolist()[:2] == [7.7, 1234567.89] and pd.isna(v.iloc[2])
