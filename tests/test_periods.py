import datetime as dt

import pytest

from wijkdata.periods import excel_serial_date, parse_period, period_label


@pytest.mark.parametrize("text, code, granularity", [
    ("2024", "2024", "jaar"),
    ("2024.0", "2024", "jaar"),
    ("2024-Q3", "2024-K3", "kwartaal"),
    ("2024 K3", "2024-K3", "kwartaal"),
    ("Q3 2024", "2024-K3", "kwartaal"),
    ("kwartaal 3 2024", "2024-K3", "kwartaal"),
    ("3e kwartaal 2024", "2024-K3", "kwartaal"),
    ("KW3-2024", "2024-K3", "kwartaal"),
    ("2024-03", "2024-03", "maand"),
    ("maart 2024", "2024-03", "maand"),
    ("mrt 2024", "2024-03", "maand"),
    ("202403", "2024-03", "maand"),
    ("15-03-2024", "2024-03-15", "dag"),
    ("2024-03-15", "2024-03-15", "dag"),
    ("2024-03-15 00:00:00", "2024-03-15", "dag"),
])
def test_periods_as_teams_write_them(text, code, granularity):
    p = parse_period(text)
    assert (p.code, p.granularity) == (code, granularity)


def test_excel_dates_are_days():
    assert parse_period(dt.datetime(2024, 7, 1)).code == "2024-07-01"


@pytest.mark.parametrize("text", ["Q5 2024", "2024-13", "31-02-2024", "gisteren", "", "24"])
def test_unreadable_periods(text):
    assert parse_period(text) is None


def test_dutch_labels():
    assert period_label("2024-K3") == "2024 K3"
    assert period_label("2024-03") == "maart 2024"
    assert period_label("2024-03-15") == "15-03-2024"


@pytest.mark.parametrize("value", [45292, 45292.0, "45292", "45292.0", " 45292 "])
def test_an_excel_day_number_is_its_date(value):
    """A date cell that lost its date format (or went through a CSV) shows 45292 for 1-1-2024."""
    p = parse_period(value)
    assert (p.code, p.granularity) == ("2024-01-01", "dag")
    assert excel_serial_date(value) == dt.date(2024, 1, 1)


@pytest.mark.parametrize("value", ["12345", "20241", "80000", "4529", "452920", True])
def test_other_numbers_are_no_excel_dates(value):
    """Only five digits between 1-1-2000 and 31-12-2099: '20241' (a typo for 2024 1) stays unreadable."""
    assert excel_serial_date(value) is None
    assert parse_period(value) is None or parse_period(value).granularity != "dag"
