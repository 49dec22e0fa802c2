"""XmR limits and the four Making Data Count rules, on crafted data and on the published test
cases of NHSRplotthedots (tests/testthat/test-ptd_spc_standard.R and test-ptd_calculate_point_type.R
with their snapshots), the R reference implementation of Making Data Count."""

import numpy as np
import pandas as pd
import pytest

from wijkdata.stats.spc import (LIMIT_FACTOR, describe_signals, mean_moving_range, seven_on_one_side,
                                seven_point_trend, two_in_three, xmr)


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
    values = [10, 10.4, 9.8, 10.2, 9.7, 10.3, 9.9, 10.1, 9.6, 11.6, 10.5, 11.6, 10.1, 9.9, 10.2]
    out = xmr(frame(values))
    upper, mean = out["bovengrens"].iloc[0], out["gemiddelde"].iloc[0]
    assert mean + 2 / 3 * (upper - mean) < 11.6 < upper
    assert out.loc[out["waarde"] == 11.6, "regel"].tolist() == [3, 3]
    assert (out.loc[out["waarde"] != 11.6, "regel"] == 0).all()
    # with the middle point below the mean the three are not on one side: no signal (PTD)
    values[10] = 9.9
    assert (xmr(frame(values))["regel"] == 0).all()


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


# set.seed(123); rnorm(20) in R: the series of NHSRplotthedots' test-ptd_spc_standard.R
RNORM_123 = [-0.560475646552213, -0.23017748948328, 1.55870831414912, 0.070508391424576, 0.129287735160946,
             1.71506498688328, 0.460916205989202, -1.26506123460653, -0.686852851893526, -0.445661970099958,
             1.22408179743946, 0.359813827057364, 0.400771450594052, 0.11068271594512, -0.555841134754075,
             1.78691313680308, 0.497850478229239, -1.96661715662964, 0.701355901563686, -0.472791407727934]


def test_limits_match_nhsrplotthedots_published_values():
    out = xmr(frame(RNORM_123))
    assert out["gemiddelde"].iloc[0] == pytest.approx(0.1416238, abs=1e-7)
    assert out["ondergrens"].iloc[0] == pytest.approx(-3.01138, abs=1e-5)
    assert out["bovengrens"].iloc[0] == pytest.approx(3.294627, abs=1e-6)
    assert (out["regel"] == 0).all()


def test_one_wild_moving_range_is_screened_out_as_nhsrplotthedots_does():
    values = list(RNORM_123)
    values[14] = 10  # y[15] <- 10 in the R test
    out = xmr(frame(values))
    assert out["gemiddelde"].iloc[0] == pytest.approx(0.6694159, abs=1e-7)
    assert out["ondergrens"].iloc[0] == pytest.approx(-2.383666, abs=1e-6)
    assert out["bovengrens"].iloc[0] == pytest.approx(3.722497, abs=1e-6)
    # without screening (screen_outliers = FALSE) the limits are those of the third snapshot
    mean = np.mean(values)
    unscreened = mean_moving_range(np.array(values), screen=False)
    assert mean - LIMIT_FACTOR * unscreened == pytest.approx(-4.596625, abs=1e-6)
    assert mean + LIMIT_FACTOR * unscreened == pytest.approx(5.935457, abs=1e-6)
    assert out["regel"].tolist() == [0] * 14 + [1] + [0] * 5


def test_two_close_points_on_opposite_sides_are_common_cause():
    # "it only reports special cause for 2 of 3 points close to limits when they are on the same side"
    values = [1, -1] * 8
    values[14], values[15] = 5.5, -5.5
    out = xmr(frame(values))
    assert out["regel"].tail(2).tolist() == [0, 0]


def _trend(values):
    in_trend, direction = seven_point_trend(np.array(values, dtype=float))
    return in_trend.astype(int).tolist(), direction.tolist()


def test_seven_point_trend_cases_of_nhsrplotthedots():
    # ptd_seven_point_trend: 1:6 no; c(1:3, 3:6) no (a tie breaks it); 1:7 and 7:1 yes
    assert _trend([1, 2, 3, 4, 5, 6])[0] == [0] * 6
    assert _trend([1, 2, 3, 3, 4, 5, 6])[0] == [0] * 7
    assert _trend([1, 2, 3, 4, 5, 6, 7]) == ([1] * 7, [1] * 7)
    assert _trend([7, 6, 5, 4, 3, 2, 1]) == ([1] * 7, [-1] * 7)
    assert _trend([2, 1, 2, 3, 4, 5, 6, 7, 3])[0] == [0, 1, 1, 1, 1, 1, 1, 1, 0]
    assert _trend([2, 7, 6, 5, 4, 3, 2, 1, 3]) == ([0, 1, 1, 1, 1, 1, 1, 1, 0], [0] + [-1] * 7 + [0])


def test_a_turning_point_belongs_to_the_run_to_its_right():
    # up for 7 points, down for 7: the top belongs to the fall (PTD: "use right side")
    values = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    in_trend, direction = seven_point_trend(np.array(values, dtype=float))
    assert in_trend.all()
    assert direction.tolist() == [1] * 6 + [-1] * 7
    # and the words follow the run, not the side of the mean: the rise is an improvement of a
    # 'higher is better' figure, the fall a concern, though both sit on the same side of the mean
    out = xmr(frame([10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 10.5, 10.4, 10.3, 10.2, 10.1, 10.0]), "hoger_is_beter")
    assert out["regel"].iloc[[2, 3, 9, 10]].tolist() == [2, 2, 2, 2]
    assert out["betekenis"].iloc[[2, 3]].tolist() == ["verbetering"] * 2
    assert out["betekenis"].iloc[[9, 10]].tolist() == ["zorg"] * 2


def test_seven_on_one_side_and_two_in_three_cases_of_nhsrplotthedots():
    # ptd_seven_point_one_side_mean(rep(1, 6)): too short; c(rep(1, 8), -1): the 8 points
    assert seven_on_one_side(np.ones(6)).tolist() == [False] * 6
    assert seven_on_one_side(np.array([1] * 8 + [-1])).astype(int).tolist() == [1] * 8 + [0]
    assert seven_on_one_side(np.array([-1] * 8 + [1])).astype(int).tolist() == [1] * 8 + [0]
    # ptd_two_in_three / ptd_part_of_two_in_three, all on one side of the mean
    side = np.ones(7, dtype=int)
    cases = {(1, 0, 1): (1, 0, 1), (0, 1, 1): (0, 1, 1), (1, 1, 0): (1, 1, 0),
             (0, 0, 1, 0, 1, 0, 0): (0, 0, 1, 0, 1, 0, 0), (0, 0, 1, 1, 0, 0, 0): (0, 0, 1, 1, 0, 0, 0),
             (1, 0, 0, 1): (0, 0, 0, 0), (1, 0, 0, 1, 1): (0, 0, 0, 1, 1), (0, 0, 0): (0, 0, 0)}
    for close, expected in cases.items():
        got = two_in_three(np.array(close, dtype=bool), side[:len(close)]).astype(int)
        assert tuple(got.tolist()) == expected, close
    # the same two close points with one of the three on the other side: nothing
    assert not two_in_three(np.array([1, 0, 1], dtype=bool), np.array([1, -1, 1])).any()


def test_limits_of_a_percentage_stay_within_0_and_100():
    values = [97, 99, 92, 100, 95, 99, 90, 100, 98, 96, 99, 93]
    out = xmr(frame(values), "hoger_is_beter", bounds=(0, 100))
    assert out["bovengrens"].iloc[0] == 100
    plain = xmr(frame(values))
    assert plain["bovengrens"].iloc[0] > 100


def test_making_data_count_icons_say_variation_and_assurance_in_words():
    from wijkdata.stats.spc import ASSURANCE_WORDS, VARIATION_WORDS, assurance_icon, variation_icon
    steady = xmr(frame([70, 72, 71, 73, 72, 71, 70, 72, 71, 73, 72, 71]), "hoger_is_beter")
    assert variation_icon(steady, "hoger_is_beter") == "gewoon"
    # a target above the upper limit is never met, below the lower limit always, in between sometimes
    assert assurance_icon(steady, 80, "hoger_is_beter") == "steeds_niet"
    assert assurance_icon(steady, 60, "hoger_is_beter") == "steeds_gehaald"
    assert assurance_icon(steady, 71.5, "hoger_is_beter") == "wisselend"
    assert assurance_icon(steady, 60, "lager_is_beter") == "steeds_niet"
    assert assurance_icon(steady, 60, "geen_oordeel") == "" and assurance_icon(steady, None, "hoger_is_beter") == ""
    jump = xmr(frame([70, 72, 71, 73, 72, 71, 70, 72, 71, 73, 72, 90]), "hoger_is_beter")
    assert variation_icon(jump, "hoger_is_beter") == "verbetering_hoog"
    worse = xmr(frame([70, 72, 71, 73, 72, 71, 70, 72, 71, 73, 72, 90]), "lager_is_beter")
    assert variation_icon(worse, "lager_is_beter") == "zorg_hoog"
    neutral = xmr(frame([70, 72, 71, 73, 72, 71, 70, 72, 71, 73, 72, 50]))
    assert variation_icon(neutral, "geen_oordeel") == "neutraal_laag"
    # every icon has words next to its symbol
    assert all(len(w.split()) >= 3 for w in [*VARIATION_WORDS.values(), *ASSURANCE_WORDS.values()])
