import numpy as np
import pandas as pd
import pytest
from scipy import stats

from wijkdata.stats.trend import last_consecutive, recent_trend

QUARTERS = ["2025-K1", "2025-K2", "2025-K3", "2025-K4", "2026-K1", "2026-K2"]


def series(values, teller=None, noemer=None, periods=QUARTERS, n=None, sd=None):
    k = len(values)
    return pd.DataFrame({"periode": periods[:k], "waarde": values, "teller": teller or [np.nan] * k,
                         "noemer": noemer or [np.nan] * k, "n": n or [np.nan] * k, "sd": sd or [np.nan] * k})


def test_armitage_equals_n_times_squared_correlation():
    tellers, noemers = [10, 14, 20, 26, 33], [100, 100, 100, 100, 100]
    out = recent_trend(series([10, 14, 20, 26, 33], tellers, noemers), "proportion", "lager_is_beter").iloc[0]
    # the same test on individual records: score t for each person, outcome 0/1
    scores = np.repeat(np.arange(1, 6), noemers)
    outcome = np.concatenate([np.r_[np.ones(x), np.zeros(n - x)] for x, n in zip(tellers, noemers)])
    r = stats.pearsonr(scores, outcome).statistic
    assert out["p_waarde"] == pytest.approx(stats.chi2.sf(len(scores) * r * r, 1))
    assert out["zin"] == "stijgt en wordt slechter" and out["pijl"] == "↑"
    assert out["methode"] == "chi-kwadraattoets voor trend"


def test_only_beyond_99_8_percent_counts():
    tellers = [20, 24, 27, 30, 33]  # rising and significant at 95%, but not beyond the 99.8% cut-off
    out = recent_trend(series(tellers, tellers, [100] * 5), "proportion", "hoger_is_beter").iloc[0]
    assert 0.002 < out["p_waarde"] < 0.05
    assert out["zin"] == "geen duidelijke verandering"


def test_falling_and_better_and_neutral_words():
    out = recent_trend(series([40, 30, 20, 10, 5], [40, 30, 20, 10, 5], [100] * 5), "proportion", "lager_is_beter").iloc[0]
    assert out["zin"] == "daalt en wordt beter"
    out = recent_trend(series([400, 300, 200, 100, 50]), "count", "geen_oordeel").iloc[0]
    assert out["zin"] == "daalt" and out["oordeel"] is None


def test_too_few_points_and_a_gap():
    assert recent_trend(series([1, 2, 3, 4]), "count", "geen_oordeel").iloc[0]["zin"] == "te weinig punten"
    gap = ["2024-K3", "2025-K1", "2025-K2", "2025-K3", "2025-K4"]  # 2024-K4 missing
    assert last_consecutive(series([1, 2, 3, 4, 5], periods=gap)) is None
    year_end = ["2024-K4", "2025-K1", "2025-K2", "2025-K3", "2025-K4"]
    assert last_consecutive(series([1, 2, 3, 4, 5], periods=year_end)) is not None


def test_constant_series_and_edges():
    assert recent_trend(series([7.7] * 5), "mean", "hoger_is_beter").iloc[0]["zin"] == "geen duidelijke verandering"
    all_zero = recent_trend(series([0] * 5, [0] * 5, [50] * 5), "proportion", "lager_is_beter").iloc[0]
    assert all_zero["zin"] == "geen duidelijke verandering"
    everyone = recent_trend(series([100] * 5, [50] * 5, [50] * 5), "proportion", "hoger_is_beter").iloc[0]
    assert everyone["zin"] == "geen duidelijke verandering"


def test_means_with_sd_use_weighted_regression():
    out = recent_trend(series([7.0, 7.3, 7.6, 7.9, 8.2], n=[400] * 5, sd=[1.0] * 5), "mean", "hoger_is_beter").iloc[0]
    assert out["methode"] == "gewogen regressie"
    assert out["zin"] == "stijgt en wordt beter"
    # by hand: slope 0.3 per period, se = 1/sqrt(sum w (t - tbar)^2) with w = 400
    assert out["p_waarde"] == pytest.approx(2 * stats.norm.sf(0.3 / np.sqrt(1 / (400 * 10))))
