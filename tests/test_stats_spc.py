"""XmR limits and the four Making Data Count rules, each on crafted data."""

import numpy as np
import pandas as pd
import pytest

from wijkdata.stats.spc import LIMIT_FACTOR, describe_signals, xmr


def frame(values, start=2020):
    periods = [f"{start + i // 4}-K{i % 4 + 1}" for i in range(len(values))]
    return pd.DataFrame({"periode": periods, "waarde": values})


def test_limits_are_mean_plus_minus_2_66_mean_moving_range():
    values = [10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 11]
    out = xmr(frame(values))
    mr = np.abs(np.diff(values)).mean()
    assert LIMIT_FACTOR == pytest.approx(3 / 1.128, abs=0.002)
    assert out["gemiddelde"].iloc[0] == pytest.approx(np.mean(values))
    assert out["bovengrens"].iloc[0] == pytest.approx(np.mean(values) + 2.66 * mr)
    assert out["ondergrens"].iloc[0] == pytest.approx(np.mean(values) - 2.66 * mr)
    assert not out["voorlopig"].any() and (out["regel"] == 0).all()


def test_rule_1_point_outside_wins_over_other_rules():
    values = [10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 30]
    out = xmr(frame(values), "lager_is_beter")
    assert out["regel"].iloc[-1] == 1 and out["betekenis"].iloc[-1] == "zorg"


def test_rule_2_seven_points_rising():
    values = [10, 12, 10, 12, 10, 12, 10, 10.5, 11, 11.5, 11.6, 11.8, 11.9, 10, 12]
    out = xmr(frame(values), "hoger_is_beter")
    assert out["regel"].iloc[6:13].tolist() == [2] * 7
    assert out["betekenis"].iloc[12] == "verbetering"
    assert (out["regel"].iloc[:6] == 0).all()


def test_rule_3_two_of_three_near_a_limit():
    values = [10, 10.4, 9.8, 10.2, 9.7, 10.3, 9.9, 10.1, 9.6, 11.6, 10.1, 11.6, 10.4, 9.9, 10.2]
    out = xmr(frame(values))
    upper, mean = out["bovengrens"].iloc[0], out["gemiddelde"].iloc[0]
    assert mean + 2 / 3 * (upper - mean) < 11.6 < upper
    assert out.loc[out["waarde"] == 11.6, "regel"].tolist() == [3, 3]
    assert (out.loc[out["waarde"] != 11.6, "regel"] == 0).all()


def test_rule_4_seven_points_on_one_side():
    values = [8, 12, 8, 12, 8, 12, 11, 11.5, 11, 11.5, 11, 11.5, 11, 8]
    out = xmr(frame(values))
    assert out["regel"].iloc[5:13].tolist() == [4] * 8


def test_trial_limits_below_twelve_points_and_tiny_series():
    assert xmr(frame([1, 2, 3, 2, 1]))["voorlopig"].all()
    one = xmr(frame([5]))
    assert len(one) == 1 and one["regel"].iloc[0] == 0
    assert xmr(frame([])).empty


def test_constant_series_has_no_signals():
    out = xmr(frame([7.7] * 14))
    assert (out["regel"] == 0).all() and out["bovengrens"].iloc[0] == pytest.approx(7.7)


def test_rebaseline_starts_a_new_phase_with_its_own_limits():
    values = [10, 11, 10, 11, 10, 11, 10, 20, 21, 20, 21, 20, 21, 20]
    plain = xmr(frame(values))
    assert (plain["regel"] > 0).any()
    rebased = xmr(frame(values), rebaselines=[(frame(values)["periode"][7], "nieuwe werkwijze")])
    assert rebased["fase"].tolist() == [1] * 7 + [2] * 7
    assert rebased["gemiddelde"].iloc[-1] == pytest.approx(np.mean(values[7:]))
    assert rebased["reden"].iloc[7] == "nieuwe werkwijze"
    assert (rebased["regel"] == 0).all()


def test_signals_are_described_in_dutch():
    values = [10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 30]
    sentences = describe_signals(xmr(frame(values), "hoger_is_beter"))
    # newest first; the outlier also lifts the mean, so the earlier points sit below it: a shift
    assert sentences == ["Punt buiten de grenzen (2022-K4): waarschijnlijk geen toeval, en de goede kant op.",
                         "7 punten op rij aan één kant van het gemiddelde (2020-K1 t/m 2022-K3): waarschijnlijk "
                         "geen toeval, en de verkeerde kant op."]
    # three points outside the limits are three, not "a point" over three periods
    three = describe_signals(xmr(frame([10, 12, 11, 13, 12, 11, 10, 12, 11, 30, 31, 32]), "lager_is_beter"))
    assert three[0] == "3 punten buiten de grenzen (2022-K2 t/m 2022-K4): waarschijnlijk geen toeval, en de verkeerde kant op."
