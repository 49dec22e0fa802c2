"""Figures per team and period from checked trajectory rows, by hand and against an independent
row-by-row count; which periods an export covers whole."""

import numpy as np
import pandas as pd
import pytest

from wijkdata.trajectories import figures_per_period


def value(figures, team, periode, indicator, column="waarde"):
    obs = figures.observations
    row = obs[(obs["team"] == team) & (obs["periode"] == periode) & (obs["indicator"] == indicator)]
    return row[column].iloc[0] if len(row) else None


def rows_of(**columns):
    frame = pd.DataFrame(columns)
    frame["start"] = pd.to_datetime(frame["start"])
    frame["eind"] = pd.to_datetime(frame["eind"])
    return frame


def test_a_small_list_by_hand():
    rows = rows_of(team=["A", "A", "A", "A", "B", "A", "A"],
                   start=["2025-01-10", "2025-02-01", "2025-03-15", "2025-05-01", "2025-01-05", "2025-02-20", "2025-04-02"],
                   eind=["2025-03-01", "2025-05-10", None, "2025-06-30", "2025-02-05", None, "2025-07-01"],
                   uitval=pd.array([False, True, None, False, False, None, None], dtype="boolean"),
                   tevredenheid=[8, 6, None, 9, 7, None, None],
                   crisis=pd.array([False, True, False, False, False, False, False], dtype="boolean"))
    f = figures_per_period(rows)
    assert f.periods == ["2025-K1", "2025-K2"] and f.incomplete == "2025-K3"  # the newest date is 1 July
    assert value(f, "A", "2025-K1", "trajecten_gestart") == 4
    assert value(f, "A", "2025-K1", "trajecten_afgesloten") == 1
    assert value(f, "A", "2025-K1", "trajecten_lopend") == 3  # 1 Feb, 15 Mar and 20 Feb still run on 31 Mar
    assert value(f, "A", "2025-K2", "trajecten_lopend") == 3  # 15 Mar, 20 Feb and 2 Apr run on 30 Jun
    assert value(f, "A", "2025-K2", "uitval", "teller") == 1 and value(f, "A", "2025-K2", "uitval", "noemer") == 2
    assert value(f, "A", "2025-K2", "uitval") == pytest.approx(50.0)
    assert value(f, "A", "2025-K2", "doorlooptijd") == pytest.approx((98 + 60) / 2)
    assert value(f, "A", "2025-K2", "tevredenheid") == 7.5 and value(f, "A", "2025-K2", "tevredenheid", "n") == 2
    assert value(f, "A", "2025-K1", "crisistrajecten") == 1
    assert value(f, "B", "2025-K1", "trajecten_afgesloten") == 1


def test_the_period_an_export_ends_in_and_the_periods_before_its_first_end_are_left_out():
    # an export of the trajecten active since 1 April: the January start still ran then, nothing ended before
    rows = rows_of(team=["A"] * 4, start=["2025-01-15", "2025-04-03", "2025-05-01", "2025-08-20"],
                   eind=[None, "2025-04-20", "2025-09-01", None])
    f = figures_per_period(rows)
    assert f.periods == ["2025-K2"]  # K1 holds only the long traject; K3 ends on 1 September, before its last day
    assert f.partial_before == "2025-K2" and f.incomplete == "2025-K3"
    by_month = figures_per_period(rows, "maand")
    assert by_month.periods == ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08"]
    assert value(by_month, "A", "2025-05", "trajecten_lopend") == 2
    assert figures_per_period(rows, "jaar").periods == []  # 2025 is not over in this export


def test_the_figures_match_an_independent_count_row_by_row():
    rng = np.random.default_rng(3)
    n = 400
    start = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="D")
    length = rng.integers(5, 400, n)
    ended = rng.random(n) < 0.8
    end = pd.Series(start + pd.to_timedelta(length, unit="D")).where(ended)
    end = end.where(end < pd.Timestamp("2025-09-30"))
    rows = pd.DataFrame({"team": rng.choice(["A", "B", "C"], n), "start": start, "eind": end,
                         "uitval": pd.array(rng.random(n) < 0.15, dtype="boolean"),
                         "tevredenheid": rng.integers(4, 11, n).astype(float)})
    f = figures_per_period(rows)
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


def test_without_end_dates_only_what_started_is_counted():
    rows = rows_of(team=["A", "A", "A"], start=["2025-01-10", "2025-02-01", "2025-04-15"], eind=[None, None, None])
    rows = rows.drop(columns="eind").assign(crisis=pd.array([True, False, False], dtype="boolean"))
    f = figures_per_period(rows)
    assert set(f.observations["indicator"]) == {"trajecten_gestart", "crisistrajecten"}  # no closures, no stock of 0
    assert value(f, "A", "2025-K1", "trajecten_gestart") == 2
