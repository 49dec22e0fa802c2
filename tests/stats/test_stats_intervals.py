"""Intervals against published values (Newcombe 1998 for Wilson), scipy, and hand calculation."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from wijkdata.stats.compare import compare_to_benchmark
from wijkdata.stats.intervals import add_intervals, mean_interval, poisson_interval, rate_interval, wilson_interval


@pytest.mark.parametrize("x,n,lo,hi", [
    (81, 263, 0.2553, 0.3662),  # Newcombe (1998), Statistics in Medicine 17:857-872, table II
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_matches_newcombe(x, n, lo, hi):
    ci = wilson_interval([x], [n]).iloc[0]
    assert ci["ondergrens"] == pytest.approx(lo, abs=5e-5)
    assert ci["bovengrens"] == pytest.approx(hi, abs=5e-5)


def test_wilson_matches_scipy_on_a_grid():
    xs, ns = np.meshgrid(np.arange(0, 41, 4), [40, 41, 120])
    xs, ns = xs.ravel(), ns.ravel()
    keep = xs <= ns
    ours = wilson_interval(xs[keep], ns[keep], 0.998)
    for (x, n), (_, row) in zip(zip(xs[keep], ns[keep]), ours.iterrows()):
        ref = stats.binomtest(int(x), int(n)).proportion_ci(confidence_level=0.998, method="wilson")
        assert row["ondergrens"] == pytest.approx(ref.low, abs=1e-9)
        assert row["bovengrens"] == pytest.approx(ref.high, abs=1e-9)


def test_wilson_edges_all_and_nothing_and_impossible():
    ci = wilson_interval([0, 30, 31, 5], [30, 30, 30, 0])
    assert ci["ondergrens"][0] == 0 and ci["bovengrens"][0] < 0.15
    assert ci["bovengrens"][1] == pytest.approx(1) and 0.85 < ci["ondergrens"][1] < 1
    assert ci.iloc[2:].isna().all().all()  # teller > noemer, noemer 0: no interval invented


def test_wilson_limits_are_exactly_0_and_1_at_the_edges_so_an_edge_benchmark_is_similar():
    ci = wilson_interval([0, 10, 0, 400], [50, 10, 7, 400])
    assert ci["ondergrens"][0] == 0.0 and ci["ondergrens"][2] == 0.0
    assert ci["bovengrens"][1] == 1.0 and ci["bovengrens"][3] == 1.0
    # own 0 of 50 against a benchmark of exactly 0%, 10 of 10 against 100%: nothing to judge
    verdict = compare_to_benchmark(ci["ondergrens"] * 100, ci["bovengrens"] * 100, [0, 100, 0, 100],
                                   ["lager_is_beter", "hoger_is_beter", "hoger_is_beter", "hoger_is_beter"])
    assert verdict.tolist() == ["vergelijkbaar"] * 4


def test_poisson_exact_below_ten_and_byar_from_ten():
    ci = poisson_interval([0, 4, 10, 50])
    assert ci["ondergrens"][0] == 0 and ci["bovengrens"][0] == pytest.approx(3.689, abs=1e-3)
    assert ci["ondergrens"][1] == pytest.approx(stats.chi2.ppf(0.025, 8) / 2)
    assert ci["bovengrens"][1] == pytest.approx(stats.chi2.ppf(0.975, 10) / 2)
    # Byar by hand for O = 10: 10(1 - 1/90 - 1.96/(3√10))³ and 11(1 - 1/99 + 1.96/(3√11))³
    z = stats.norm.ppf(0.975)
    assert ci["ondergrens"][2] == pytest.approx(10 * (1 - 1 / 90 - z / (3 * math.sqrt(10))) ** 3)
    assert ci["bovengrens"][2] == pytest.approx(11 * (1 - 1 / 99 + z / (3 * math.sqrt(11))) ** 3)
    # Byar is close to exact for larger counts
    assert ci["ondergrens"][3] == pytest.approx(stats.chi2.ppf(0.025, 100) / 2, rel=2e-3)
    assert ci["bovengrens"][3] == pytest.approx(stats.chi2.ppf(0.975, 102) / 2, rel=2e-3)


def test_rate_interval_divides_by_the_denominator():
    ci = rate_interval([40], [4.0]).iloc[0]
    counts = poisson_interval([40]).iloc[0]
    assert ci["waarde"] == 10 and ci["ondergrens"] == pytest.approx(counts["ondergrens"] / 4)


def test_mean_interval_uses_t_with_n_minus_one():
    ci = mean_interval([7.7], [1.2], [30]).iloc[0]
    half = stats.t.ppf(0.975, 29) * 1.2 / math.sqrt(30)
    assert half == pytest.approx(0.4481, abs=1e-4)
    assert (ci["ondergrens"], ci["bovengrens"]) == pytest.approx((7.7 - half, 7.7 + half))
    assert mean_interval([7.7], [1.2], [1]).isna().iloc[0, 1:].all()  # one respondent: no interval


def test_add_intervals_picks_the_method_per_indicator(catalog):
    obs = pd.DataFrame({
        "indicator": ["uitval", "crisistrajecten", "tevredenheid", "doorlooptijd", "uitval"],
        "waarde": [10.0, 4.0, 7.7, 340.0, 12.0],
        "teller": [10.0, np.nan, np.nan, np.nan, np.nan],
        "noemer": [100.0, np.nan, np.nan, np.nan, np.nan],
        "n": [np.nan, np.nan, 30.0, np.nan, np.nan],
        "sd": [np.nan, np.nan, 1.2, np.nan, np.nan],
    })
    out = add_intervals(obs, catalog)
    assert out["ondergrens"][0] == pytest.approx(100 * wilson_interval([10], [100])["ondergrens"][0])
    assert out["bovengrens"][1] == pytest.approx(poisson_interval([4])["bovengrens"][0])
    assert out["ondergrens"][2] < 7.7 < out["bovengrens"][2]
    assert math.isnan(out["ondergrens"][3])  # a duration without n and sd: point only
    assert math.isnan(out["ondergrens"][4])  # a percentage without teller/noemer: point only
