"""A column of citizen service numbers (BSN) is recognised by the elfproef, and named without its values."""

import pandas as pd

from wijkdata.ingest.personal import bsn_columns, bsn_message, elfproef


def test_the_elfproef_accepts_a_valid_bsn_and_refuses_other_nine_digit_numbers():
    assert elfproef("111222333") and elfproef("123456782")
    assert elfproef("12345672")  # eight digits: a leading zero was lost in a spreadsheet
    assert not elfproef("123456789") and not elfproef("000000000") and not elfproef("12345")
    assert not elfproef("12345678a")


def test_a_bsn_column_is_found_and_a_client_number_column_is_not():
    frame = pd.DataFrame({
        "bsn": ["111222333", "123456782", "12345672", None],
        "clientnummer": ["123456789", "987654321", "555555555", "100000001"],  # 9 digits, no elfproef
        "team": ["A", "A", "B", "B"],
    })
    assert bsn_columns(frame) == ["bsn"]
    message = bsn_message(["bsn"])
    assert "‘bsn’" in message and "AVG" in message and "111222333" not in message
