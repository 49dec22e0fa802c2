import datetime as dt

import pytest

from wijkdata.periods import parse_period, period_label


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
