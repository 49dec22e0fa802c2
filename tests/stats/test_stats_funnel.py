import numpy as np
import pandas as pd
import pytest

from wijkdata.stats.funnel import funnel


def _teams(tellers, noemers):
    return pd.DataFrame({"team": [f"t{i}" for i in range(len(tellers))], "teller": tellers, "noemer": noemers})


def test_limits_follow_the_binomial_formula_around_the_pooled_benchmark():
    result = funnel(_teams([10, 20, 30], [100, 200, 300]), "proportion")
    assert result.benchmark == pytest.approx(0.1)
    row = result.limits.iloc[(result.limits["noemer"] - 100).abs().argmin()]
    se = np.sqrt(0.1 * 0.9 / row["noemer"])
    assert row["boven_95"] == pytest.approx(0.1 + 1.959964 * se, rel=1e-5)
    assert row["onder_998"] == pytest.approx(max(0, 0.1 - 3.090232 * se), rel=1e-5)
    assert (result.points["positie"] == "binnen de grenzen").all()


def test_outlier_is_labelled_and_overdispersion_widens_the_limits():
    rng = np.random.default_rng(1)
    noemers = rng.integers(80, 400, 40)
    shares = np.clip(rng.normal(0.2, 0.06, 40), 0.01, 0.9)  # teams truly differ
    tellers = rng.binomial(noemers, shares)
    tellers[0] = noemers[0] * 0.9
    plain = funnel(_teams(tellers, noemers), "proportion", overdispersion=False)
    adjusted = funnel(_teams(tellers, noemers), "proportion", overdispersion=True)
    assert plain.points.loc[0, "positie"] == "boven 99,8%-grens"
    assert adjusted.phi > 1.5 and adjusted.tau2 > 0
    assert (adjusted.limits["boven_95"] > plain.limits["boven_95"]).all()
    assert (plain.points["positie"] != "binnen de grenzen").sum() > (adjusted.points["positie"] != "binnen de grenzen").sum()


def test_no_extra_spread_means_no_adjustment():
    rng = np.random.default_rng(2)
    noemers = rng.integers(100, 300, 60)
    tellers = rng.binomial(noemers, 0.3)
    result = funnel(_teams(tellers, noemers), "proportion", overdispersion=True)
    assert result.phi < 1.5


def test_too_few_teams_or_all_zero_gives_no_funnel():
    assert funnel(_teams([1, 2], [10, 10]), "proportion") is None
    assert funnel(_teams([0, 0, 0], [10, 20, 30]), "proportion") is None


def test_means_use_sd_over_root_n():
    frame = pd.DataFrame({"team": ["a", "b", "c"], "waarde": [7.5, 7.7, 7.9], "n": [50, 100, 50], "sd": [1.2, 1.2, 1.2]})
    result = funnel(frame, "mean")
    assert result.benchmark == pytest.approx(7.7)
    assert result.points["z"].tolist() == pytest.approx([(7.5 - 7.7) / (1.2 / np.sqrt(50)), 0, (7.9 - 7.7) / (1.2 / np.sqrt(50))])


def test_a_mean_funnel_classifies_what_it_draws():
    # teams with very different sds: a point labelled above the 99,8% line lies above the drawn line
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"team": [f"t{i}" for i in range(30)], "waarde": rng.normal(7.5, 0.25, 30),
                          "n": rng.integers(20, 400, 30), "sd": rng.uniform(0.4, 2.5, 30)})
    result = funnel(frame, "mean")
    lines = result.limits.set_index("noemer")
    checked = 0
    for p in result.points.itertuples():
        at = np.interp(p.noemer, lines.index, lines["boven_998"]), np.interp(p.noemer, lines.index, lines["onder_998"])
        up95 = np.interp(p.noemer, lines.index, lines["boven_95"])
        low95 = np.interp(p.noemer, lines.index, lines["onder_95"])
        inside = low95 + 1e-3 < p.waarde < up95 - 1e-3
        if inside:
            assert p.positie == "binnen de grenzen", p
            checked += 1
        if p.waarde > at[0] + 1e-3:
            assert p.positie == "boven 99,8%-grens", p
        if p.waarde < up95 - 1e-3:
            assert p.positie not in ("boven 95%-grens", "boven 99,8%-grens"), p
        if p.waarde > low95 + 1e-3:
            assert p.positie not in ("onder 95%-grens", "onder 99,8%-grens"), p
    assert checked >= 10 and (result.points["positie"] != "binnen de grenzen").any()


def test_between_team_variance_only_from_ten_teams():
    rng = np.random.default_rng(5)
    noemers = rng.integers(80, 400, 9)
    tellers = rng.binomial(noemers, np.clip(rng.normal(0.3, 0.1, 9), 0.01, 0.9))
    nine = funnel(_teams(tellers, noemers), "proportion")
    assert nine.tau2 == 0 and nine.k_reference == 9  # nine teams: nothing is estimated from them
    ten = funnel(_teams(np.r_[tellers, 60], np.r_[noemers, 200]), "proportion")
    assert ten.tau2 > 0 and ten.k_reference == 10
