"""Figures per team and quarter from one row per traject, checked by hand and against an
independent row-by-row count."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from wijkdata.trajectories import figures_per_quarter

TODAY = dt.date(2026, 11, 30)


def value(figures, team, periode, indicator, column="waarde"):
    obs = figures.observations
    row = obs[(obs["team"] == team) & (obs["periode"] == periode) & (obs["indicator"] == indicator)]
    return row[column].iloc[0] if len(row) else None


def test_a_small_list_by_hand():
    rows = pd.DataFrame({
        "team": ["A", "A", "A", "A", "B", "A"],
        "start": ["2025-01-10", "2025-02-01", "2025-03-15", "2025-05-01", "2025-01-05", "2025-02-20"],
        "eind": ["2025-03-01", "2025-05-10", None, "2025-06-30", "2025-02-05", None],
        "uitval": [False, True, None, False, False, None],
        "tevredenheid": [8, 6, None, 9, 7, None],
        "crisis": [False, True, False, False, False, False],
    })
    f = figures_per_quarter(rows, TODAY)
    assert f.used_rows == 6 and f.problems == []
    assert value(f, "A", "2025-K1", "trajecten_gestart") == 4
    assert value(f, "A", "2025-K1", "trajecten_afgesloten") == 1
    assert value(f, "A", "2025-K1", "trajecten_lopend") == 3  # 1 Feb, 15 Mar and 20 Feb still run on 31 Mar
    assert value(f, "A", "2025-K2", "trajecten_lopend") == 2  # both ended in K2; 15 Mar and 20 Feb run on
    assert value(f, "A", "2025-K2", "uitval", "teller") == 1 and value(f, "A", "2025-K2", "uitval", "noemer") == 2
    assert value(f, "A", "2025-K2", "uitval") == pytest.approx(50.0)
    assert value(f, "A", "2025-K2", "doorlooptijd") == pytest.approx(((pd.Timestamp("2025-05-10") - pd.Timestamp("2025-02-01")).days + 60) / 2)
    assert value(f, "A", "2025-K2", "tevredenheid") == 7.5 and value(f, "A", "2025-K2", "tevredenheid", "n") == 2
    assert value(f, "A", "2025-K1", "crisistrajecten") == 1
    assert value(f, "B", "2025-K1", "trajecten_afgesloten") == 1


def test_unusable_rows_are_listed_by_row_number_and_reason_without_their_values():
    rows = pd.DataFrame({"team": ["A", "", "A", "A"], "start": ["2025-01-01", "2025-01-01", "2027-01-01", "2025-05-01"],
                         "eind": [None, None, None, "2025-04-01"]})
    f = figures_per_quarter(rows, TODAY)
    assert f.used_rows == 1
    assert f.problems == [(3, "geen team"), (4, "startdatum ligt in de toekomst"),
                          (5, "einddatum ligt vóór de startdatum")]


def test_the_figures_match_an_independent_count_row_by_row():
    rng = np.random.default_rng(3)
    n = 400
    start = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="D")
    length = rng.integers(5, 400, n)
    ended = rng.random(n) < 0.8
    end = pd.Series(start + pd.to_timedelta(length, unit="D")).where(ended)
    end = end.where(end < pd.Timestamp("2025-09-30"))
    rows = pd.DataFrame({"team": rng.choice(["A", "B", "C"], n), "start": start, "eind": end,
                         "uitval": rng.random(n) < 0.15, "tevredenheid": rng.integers(4, 11, n).astype(float)})
    f = figures_per_quarter(rows, TODAY)
    checked = 0
    for (team, q), part in f.observations.groupby(["team", "periode"]):
        year, k = int(q[:4]), int(q[-1])
        q_start = pd.Timestamp(year, 3 * k - 2, 1)
        q_end = pd.Timestamp(year, 3 * k, 1) + pd.offsets.MonthEnd(0)
        mine = rows[rows["team"] == team]
        closed = mine[(mine["eind"] >= q_start) & (mine["eind"] <= q_end)]
        by = part.set_index("indicator")
        assert by.loc["trajecten_gestart", "waarde"] == ((mine["start"] >= q_start) & (mine["start"] <= q_end)).sum()
        assert by.loc["trajecten_afgesloten", "waarde"] == len(closed)
        running = sum(1 for s, e in zip(mine["start"], mine["eind"]) if s <= q_end and (pd.isna(e) or e > q_end))
        assert by.loc["trajecten_lopend", "waarde"] == running
        if len(closed):
            days = (closed["eind"] - closed["start"]).dt.days
            assert by.loc["doorlooptijd", "waarde"] == pytest.approx(days.mean())
            assert by.loc["doorlooptijd", "n"] == len(days)
            if len(days) > 1:
                assert by.loc["doorlooptijd", "sd"] == pytest.approx(days.std(ddof=1))
            assert by.loc["uitval", "teller"] == closed["uitval"].sum()
            assert by.loc["uitval", "noemer"] == len(closed)
            assert by.loc["tevredenheid", "waarde"] == pytest.approx(closed["tevredenheid"].mean())
            checked += 1
    assert checked >= 25
