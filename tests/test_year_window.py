"""'A year' of periods is a year in every rhythm: four quarters, twelve months, one year. Monthly
figures used to be pooled per four months under the name 'jaar'."""

import pandas as pd

from wijkdata.comparison import window_periods
from wijkdata.periods import periods_per_year, year_words
from wijkdata.trends import rolling_year


def test_a_year_is_counted_in_the_periods_of_the_data():
    assert periods_per_year(["2024-K1", "2024-K2"]) == 4
    assert periods_per_year([f"2024-{m:02d}" for m in range(1, 13)]) == 12
    assert periods_per_year(["2022", "2023"]) == 1
    assert periods_per_year(["2024-K1", "2024-03"]) == 4  # mixed: the quarter rule, as before
    assert year_words(["2024-03"]) == "twaalf maanden" and year_words(["2024-K3"]) == "vier kwartalen"


def test_the_comparisons_year_of_monthly_figures_is_twelve_months():
    months = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]
    assert window_periods(months, "jaar") == months[-12:]
    assert window_periods(["2025-K1", "2024-K4", "2025-K2", "2024-K3", "2024-K2"], "jaar") == [
        "2024-K3", "2024-K4", "2025-K1", "2025-K2"]


def test_a_rolling_year_of_months_pools_twelve(catalog):
    months = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]
    obs = pd.DataFrame({"team": "A", "indicator": "uitval", "periode": months, "teller": 1.0, "noemer": 10.0,
                        "waarde": 10.0, "n": None, "sd": None})
    year = rolling_year(obs, catalog)
    assert year["periode"].tolist() == months[11:]  # the first full year ends in December 2024
    assert (year["teller"] == 12).all() and (year["noemer"] == 120).all()
