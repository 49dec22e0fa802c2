"""Team profiles: planted profiles are found, the same input gives the same words, and small or
gappy data gets a Dutch notice instead of an error."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from wijkdata.profiles import (ERROR, WARNING, build_profile_input, make_profiles, measurable_kenmerken,
                               nearest_teams)
from wijkdata.profiles.clustering import profile_counts
from wijkdata.profiles.features import team_indicator_values
from wijkdata.profiles.stability import word_for

# Three planted profiles on four indicators (means per profile; percentages, days and a mark)
PLANTED = {
    "actief": {"eigen_uitvoering": 22.0, "doorlooptijd": 330.0, "wachttijd": 14.0, "tevredenheid": 8.1},
    "verwijzend": {"eigen_uitvoering": 3.0, "doorlooptijd": 390.0, "wachttijd": 34.0, "tevredenheid": 7.3},
    "tussenin": {"eigen_uitvoering": 10.0, "doorlooptijd": 360.0, "wachttijd": 22.0, "tevredenheid": 7.7},
}
SPREAD = {"eigen_uitvoering": 1.5, "doorlooptijd": 6.0, "wachttijd": 2.0, "tevredenheid": 0.08}


def planted_obs(teams_per_profile=(12, 10, 8), periods=4, seed=1, noise=1.0) -> tuple[pd.DataFrame, pd.Series]:
    """Long observations of teams drawn around the planted profiles, plus the truth."""
    rng = np.random.default_rng(seed)
    rows, truth = [], {}
    quarters = [f"2025-K{q}" for q in range(1, 5)][:periods]
    for (profile, means), count in zip(PLANTED.items(), teams_per_profile):
        for i in range(count):
            team = f"{profile.capitalize()} {i:02d}"
            truth[team] = profile
            level = {code: rng.normal(mean, noise * SPREAD[code]) for code, mean in means.items()}
            for q in quarters:
                for code, value in level.items():
                    rows.append((team, q, code, value + rng.normal(0, 0.3 * SPREAD[code])))
    obs = pd.DataFrame(rows, columns=["team", "periode", "indicator", "waarde"])
    for col in ("teller", "noemer", "n", "sd"):
        obs[col] = np.nan
    return obs, pd.Series(truth)


def profiles_of(obs, catalog, **kwargs):
    return make_profiles(build_profile_input(obs, catalog, indicators=list(SPREAD), **kwargs), bootstraps=10)


def test_planted_profiles_are_found(catalog):
    obs, truth = planted_obs()
    result = profiles_of(obs, catalog)
    assert result.clustering.k == 3  # chosen by silhouette, not told
    labels = result.clustering.labels
    assert adjusted_rand_score(truth[labels.index], labels) >= 0.9
    assert result.stability.word == "stevig" and result.stability.ari >= 0.9


def test_the_sample_finds_its_planted_profiles(sample, catalog):
    data, obs = sample
    teams = data.teams.assign(kenmerken=data.teams[["inwoners_0_17", "stedelijkheid", "fte"]].to_dict("records"))
    result = make_profiles(build_profile_input(obs, catalog, teams), bootstraps=10)
    labels = result.clustering.labels
    assert adjusted_rand_score(data.profiles[labels.index], labels) >= 0.9


def test_profiles_are_named_by_what_sets_them_apart(catalog):
    obs, truth = planted_obs()
    result = profiles_of(obs, catalog)
    by_truth = {truth[d.teams[0]]: d for d in result.descriptions}
    actief, verwijzend = by_truth["actief"], by_truth["verwijzend"]
    assert "korte trajecten" in actief.naam.lower() or "veel zelf uitgevoerde hulp" in actief.naam.lower()
    assert "lange" in verwijzend.naam.lower() or "weinig zelf uitgevoerde hulp" in verwijzend.naam.lower()
    assert len({d.naam for d in result.descriptions}) == len(result.descriptions)
    # the description gives the values with a decimal comma and the judgement by polarity
    assert "Gunstig bij" in actief.beschrijving and "Aandacht voor" in verwijzend.beschrijving
    top = actief.differences.iloc[0]
    assert abs(top["z"]) == actief.differences["z"].abs().max()
    assert "," in verwijzend.beschrijving.split("(")[1]  # e.g. "(3,1% tegen 15,9%)"


def test_profile_cards_offer_conversation_starters(catalog):
    result = profiles_of(planted_obs()[0], catalog)
    for d in result.descriptions:
        assert 2 <= len(d.starters) <= 3
        for s in d.starters:
            assert s.v in ("verbinden", "vertrouwen", "verantwoordelijkheid")
            assert s.vraag in ("herkennen", "verklaren", "waarderen", "verbeteren")
            assert "{" not in s.tekst and s.tekst.endswith("?") and s.reden
    verwijzend = next(d for d in result.descriptions if d.teams[0].startswith("Verwijzend"))
    assert any(s.vraag == "verbeteren" for s in verwijzend.starters)  # unfavourable features ask for improvement


def test_same_input_gives_identical_profiles(catalog):
    obs, _ = planted_obs()
    first = profiles_of(obs, catalog)
    second = profiles_of(obs.sample(frac=1, random_state=7), catalog)  # rows in another order
    pd.testing.assert_series_equal(first.clustering.labels, second.clustering.labels)
    assert [(d.naam, d.beschrijving, d.teams) for d in first.descriptions] == \
           [(d.naam, d.beschrijving, d.teams) for d in second.descriptions]
    assert [[s.tekst for s in d.starters] for d in first.descriptions] == \
           [[s.tekst for s in d.starters] for d in second.descriptions]
    assert first.stability == second.stability
    pd.testing.assert_frame_equal(first.map.points, second.map.points)
    sizes = [d.size for d in first.descriptions]
    assert sizes == sorted(sizes, reverse=True)  # profile 1 is the largest


def test_the_user_can_choose_the_number_of_profiles(catalog):
    obs, _ = planted_obs()
    data = build_profile_input(obs, catalog, indicators=list(SPREAD))
    assert make_profiles(data, k=4, bootstraps=5).clustering.k == 4
    assert not make_profiles(data, k=4, bootstraps=5).clustering.automatic
    assert make_profiles(data, k=50, bootstraps=5).clustering.k == max(profile_counts(30))
    assert profile_counts(30) == [2, 3, 4, 5, 6, 7, 8] and profile_counts(6) == [2] and profile_counts(14) == [2, 3, 4]


def test_fewer_than_six_teams_gets_a_dutch_notice(catalog):
    obs, _ = planted_obs(teams_per_profile=(2, 2, 1))
    data = build_profile_input(obs, catalog, indicators=list(SPREAD))
    assert not data.usable and make_profiles(data) is None
    [error] = [n for n in data.notices if n.level == ERROR]
    assert "minstens 6 teams" in error.text and "5" in error.text


def test_an_indicator_missing_for_most_teams_is_left_out_and_said(catalog):
    obs, _ = planted_obs()
    teams = sorted(obs["team"].unique())
    drop = obs["indicator"].eq("wachttijd") & obs["team"].isin(teams[:20])  # missing for 20 of 30
    data = build_profile_input(obs[~drop], catalog, indicators=list(SPREAD))
    assert "wachttijd" not in data.values.columns and data.usable
    assert any(n.level == WARNING and "Wachttijd ontbreekt bij 20 van de 30 teams" in n.text for n in data.notices)


def test_gaps_are_filled_with_the_median_and_counted_per_team(catalog):
    obs, _ = planted_obs()
    gap = obs["team"].eq("Actief 03") & obs["indicator"].eq("wachttijd")
    sparse = obs["team"].eq("Actief 04") & obs["indicator"].isin(["wachttijd", "doorlooptijd", "tevredenheid"])
    data = build_profile_input(obs[~gap & ~sparse], catalog, indicators=list(SPREAD))
    assert data.imputed["Actief 03"] == 1 and data.imputed.drop("Actief 03").max() == 0
    assert data.left_out_teams == ["Actief 04"]  # 3 of 4 missing: placed by medians, so left out
    result = make_profiles(data, bootstraps=5)
    assert result.clustering.labels["Actief 03"] == result.clustering.labels["Actief 00"]


def test_a_constant_column_is_left_out_and_said(catalog):
    obs, _ = planted_obs()
    obs.loc[obs["indicator"] == "tevredenheid", "waarde"] = 7.5
    data = build_profile_input(obs, catalog, indicators=list(SPREAD))
    assert "tevredenheid" not in data.values.columns
    assert any("bij alle teams gelijk (7,5)" in n.text for n in data.notices)
    assert make_profiles(data, bootstraps=5) is not None


def test_a_single_period_still_gives_profiles_with_a_warning(catalog):
    obs, truth = planted_obs(periods=1)
    data = build_profile_input(obs, catalog, indicators=list(SPREAD))
    assert data.periods == ["2025-K1"]
    assert any(n.level == WARNING and "maar één periode" in n.text for n in data.notices)
    result = make_profiles(data, bootstraps=5)
    assert adjusted_rand_score(truth[result.clustering.labels.index], result.clustering.labels) >= 0.9


def test_only_one_usable_variable_is_not_enough(catalog):
    obs, _ = planted_obs()
    data = build_profile_input(obs, catalog, indicators=["wachttijd"])
    assert not data.usable and any("minstens twee" in n.text for n in data.notices)


def test_the_window_takes_the_last_periods(catalog):
    obs, _ = planted_obs()
    late = obs["periode"].isin(["2025-K3", "2025-K4"])
    shifted = obs.assign(waarde=np.where(late, obs["waarde"] + 100, obs["waarde"]))
    two = build_profile_input(shifted, catalog, indicators=["wachttijd", "doorlooptijd"], n_periods=2)
    assert two.periods == ["2025-K3", "2025-K4"] and two.values["wachttijd"].min() > 100


def test_proportions_pool_teller_and_noemer_and_counts_average_per_period(catalog):
    obs = pd.DataFrame({
        "team": ["A", "A", "A", "A"], "periode": ["2025-K1", "2025-K2", "2025-K1", "2025-K2"],
        "indicator": ["uitval", "uitval", "aanmeldingen", "aanmeldingen"],
        "waarde": [10.0, 50.0, 30.0, 50.0], "teller": [1, 10, np.nan, np.nan], "noemer": [10, 20, np.nan, np.nan],
        "n": np.nan, "sd": np.nan})
    wide, periods = team_indicator_values(obs, catalog, ["uitval", "aanmeldingen"], n_periods=4)
    assert periods == ["2025-K1", "2025-K2"]
    assert wide.loc["A", "uitval"] == pytest.approx(100 * 11 / 30)
    assert wide.loc["A", "aanmeldingen"] == pytest.approx(40.0)


def test_context_variables_join_and_stedelijkheid_becomes_a_rank(catalog):
    obs, _ = planted_obs()
    names = sorted(obs["team"].unique())
    levels = ["weinig stedelijk", "sterk stedelijk", "matig stedelijk"]
    teams = pd.DataFrame({"team": names, "kenmerken": [
        {"inwoners_0_17": 1000 + 100 * i, "stedelijkheid": levels[i % 3], "regio": "Noord"} for i in range(len(names))]})
    assert measurable_kenmerken(teams) == ["inwoners_0_17", "stedelijkheid"]
    data = build_profile_input(obs, catalog, teams, indicators=["wachttijd"],
                               kenmerken=["inwoners_0_17", "stedelijkheid", "regio"])
    assert set(data.values["stedelijkheid"]) == {2.0, 3.0, 4.0}  # weinig < matig < sterk
    assert [v.naam for v in data.variables] == ["Wachttijd", "Inwoners van 0 tot 18 jaar", "Stedelijkheid"]
    assert any("‘regio’ is geen getal" in n.text for n in data.notices)


def test_nearest_teams_on_standardised_variables(catalog):
    values = pd.DataFrame({"a": [0.0, 1.0, 2.0, 10.0, 11.0, 0.2, 5.0], "b": [0, 100, 0, 0, 100, 10, 50]},
                          index=["Eigen", "P", "Q", "R", "S", "T", "U"], dtype=float)
    from wijkdata.profiles.vocabulary import Variable

    variables = [Variable("a", "Alfa", "kenmerk"), Variable("b", "Bèta", "kenmerk")]
    near = nearest_teams(values, variables, "Eigen", count=5)
    assert near["team"].tolist()[:2] == ["T", "Q"]
    assert "Eigen" not in set(near["team"]) and len(near) == 5
    assert near["afstand"].is_monotonic_increasing
    assert near.loc[0, "lijkt_op"] == "alfa, bèta"
    # z-scores: a 10-unit gap in a counts as much as in b relative to each spread
    z_a = (values["a"] - values["a"].mean()) / values["a"].std(ddof=0)
    z_b = (values["b"] - values["b"].mean()) / values["b"].std(ddof=0)
    expected = np.sqrt(((z_a - z_a["Eigen"]) ** 2 + (z_b - z_b["Eigen"]) ** 2) / 2)
    assert near.set_index("team")["afstand"].to_dict() == pytest.approx(expected.drop("Eigen").nsmallest(5).to_dict())
    assert nearest_teams(values, variables, "Onbekend").empty


def test_the_map_shows_every_team_with_explained_axes(catalog):
    result = profiles_of(planted_obs()[0], catalog)
    points = result.map.points
    assert len(points) == 30 and points[["x", "y"]].notna().all().all()
    assert 0.5 < sum(result.map.explained) <= 1.0
    assert result.map.x_title.startswith("As 1 (") and "% van de verschillen): naar rechts" in result.map.x_title


def test_stability_words():
    assert [word_for(a) for a in (0.95, 0.8, 0.7, 0.6, 0.3)] == ["stevig", "stevig", "matig", "matig", "wankel"]


def test_structureless_data_is_less_firm_than_planted(catalog):
    rng = np.random.default_rng(3)
    noise = pd.DataFrame(rng.normal(size=(40, 4)), columns=list(SPREAD), index=[f"T{i:02d}" for i in range(40)])
    from wijkdata.profiles.stability import stability
    from wijkdata.profiles.clustering import cluster_teams

    planted = profiles_of(planted_obs()[0], catalog).stability.ari
    clusters = cluster_teams(noise, k=5)
    assert stability(noise, clusters.labels, 5, bootstraps=10).ari < planted - 0.2
