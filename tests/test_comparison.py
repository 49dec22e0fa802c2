"""Pooling, suppression before comparing, peer groups, pseudonyms, trend assembly."""

import numpy as np
import pandas as pd
import pytest

from wijkdata.comparison import chance_sentence, comparison_table, heatmap_table, summary_sentence, team_values
from wijkdata.stats.pooling import pool
from wijkdata.peers import actief_status, peer_group
from wijkdata.population import exposure_for, population_of, team_populations
from wijkdata.stats.funnel import funnel
from wijkdata.export import to_csv_bytes
from wijkdata.privacy import display_names, protect_cells, pseudonyms, shareable_observations
from wijkdata.trends import change_table, peer_band, rolling_year, team_series


def rows(*records):
    cols = ["team", "periode", "indicator", "waarde", "teller", "noemer", "n", "sd"]
    return pd.DataFrame(records, columns=cols)


def test_pool_sums_teller_and_noemer_and_weights_means(catalog):
    obs = rows(("a", "2025-K1", "uitval", 10.0, 10, 100, None, None),
               ("a", "2025-K2", "uitval", 30.0, 3, 10, None, None),
               ("a", "2025-K1", "tevredenheid", 7.0, None, None, 10, 1.0),
               ("a", "2025-K2", "tevredenheid", 8.0, None, None, 30, 1.0),
               ("a", "2025-K1", "aanmeldingen", 20, None, None, None, None),
               ("a", "2025-K2", "aanmeldingen", 25, None, None, None, None))
    out = pool(obs, catalog, ["team"]).set_index("indicator")
    assert out.loc["uitval", "waarde"] == pytest.approx(100 * 13 / 110)
    assert out.loc["tevredenheid", "waarde"] == pytest.approx(7.75)
    pooled_sd = np.sqrt((9 * 1 + 29 * 1 + 10 * 7 ** 2 + 30 * 8 ** 2 - 40 * 7.75 ** 2) / 39)
    assert out.loc["tevredenheid", "sd"] == pytest.approx(pooled_sd)
    assert out.loc["aanmeldingen", "waarde"] == 45


def test_a_stock_is_averaged_over_a_year_and_a_flow_summed_also_with_a_missing_quarter(catalog):
    # a team that always has 200 lopende trajecten has 200 over the year, not 800; missing one
    # quarter it still has 200 (not 600, which made it 'lager')
    obs = rows(*[(t, f"2025-K{q}", "trajecten_lopend", 200.0, None, None, None, None)
                 for t in "ab" for q in range(1, 5) if not (t == "b" and q == 2)],
               *[(t, f"2025-K{q}", "aanmeldingen", 30.0, None, None, None, None)
                 for t in "ab" for q in range(1, 5) if not (t == "b" and q == 2)])
    year = team_values(obs, catalog, "jaar", 5).set_index(["team", "indicator"])["waarde"]
    assert year[("a", "trajecten_lopend")] == 200 and year[("b", "trajecten_lopend")] == 200
    assert year[("a", "aanmeldingen")] == 120 and year[("b", "aanmeldingen")] == 120  # 3 quarters of 30, and one like them
    # a gemeente of both teams: the stocks of its teams add up, and so do the flows
    gemeente = team_values(obs, catalog, "jaar", 5, group_of={"a": "G", "b": "G"}).set_index("indicator")["waarde"]
    assert gemeente["trajecten_lopend"] == 400 and gemeente["aanmeldingen"] == 240
    assert catalog["trajecten_lopend"].telling == "stand" and catalog["aanmeldingen"].telling == "stroom"
    # one quarter of four is not made into a year: 2 stays 2 (and is hidden), not 8
    single = rows(("c", "2025-K4", "crisistrajecten", 2.0, None, None, None, None),
                  *[("d", f"2025-K{q}", "crisistrajecten", 9.0, None, None, None, None) for q in range(1, 5)])
    single_year = team_values(single, catalog, "jaar", 5).set_index("team")
    assert np.isnan(single_year.loc["c", "waarde"]) and single_year.loc["c", "onderdrukt"] == "klein aantal"
    assert single_year.loc["d", "waarde"] == 36


def test_a_count_is_compared_per_1000_jeugdigen_and_never_without(catalog):
    # 40 crisistrajecten a year among 2.000 jeugdigen (20 per 1.000) against peers with 16 among
    # 500 (32 per 1.000): as counts the big team looked 'slechter'; per child it does better
    recs = [("groot", f"2025-K{q}", "crisistrajecten", 10.0, None, None, None, None) for q in range(1, 5)]
    recs += [(f"p{i}", f"2025-K{q}", "crisistrajecten", 4.0, None, None, None, None) for i in range(8) for q in range(1, 5)]
    obs = rows(*recs)
    pops = {"groot": 2000.0, **{f"p{i}": 500.0 for i in range(8)}}
    peers = [f"p{i}" for i in range(8)]
    table = comparison_table(team_values(obs, catalog, "jaar", 5, populations=pops), catalog, "groot", peers)
    row = table.set_index("indicator").loc["crisistrajecten"]
    assert row["waarde"] == pytest.approx(20.0) and row["benchmark"] == pytest.approx(32.0)
    assert row["eenheid"] == "per 1.000" and row["vergelijking"] == "beter"
    # without the population the count is shown, and not judged: the headline leaves it out
    plain = comparison_table(team_values(obs, catalog, "jaar", 5), catalog, "groot", peers)
    row = plain.set_index("indicator").loc["crisistrajecten"]
    assert row["waarde"] == 40 and row["vergelijking"] == "aantal jeugdigen onbekend"
    assert "duidelijk af" not in summary_sentence(plain, "8 andere teams")


def test_a_count_against_peers_that_all_have_none_is_still_judged(catalog):
    # every peer 0 crisistrajecten: the model has no spread (a rate of 0), the team's own
    # interval decides: 12 per 1.000 is clearly more than 0
    obs = rows(("eigen", "2025-K1", "crisistrajecten", 12.0, None, None, None, None),
               *[(f"p{i}", "2025-K1", "crisistrajecten", 0.0, None, None, None, None) for i in range(6)])
    pops = {"eigen": 1000.0, **{f"p{i}": 1000.0 for i in range(6)}}
    table = comparison_table(team_values(obs, catalog, "laatste", 5, populations=pops), catalog, "eigen",
                             [f"p{i}" for i in range(6)]).set_index("indicator")
    assert table.loc["crisistrajecten", "vergelijking"] == "slechter"


def test_a_benchmark_counts_hidden_small_counts_as_their_stand_ins_and_shows_none_of_them(catalog):
    # 12 peers, noemer 20, true uitval 10%: leaving the hidden tellers (1 to 5) out kept only the
    # zeros and gave a benchmark of about 2,4% (when it gave one at all)
    tellers = [2, 1, 3, 0, 2, 4, 1, 2, 3, 2, 1, 3]
    obs = rows(*[(f"p{i}", "2025-K1", "uitval", 100 * t / 20, t, 20, None, None) for i, t in enumerate(tellers)],
               ("eigen", "2025-K1", "uitval", 15.0, 30, 200, None, None))
    values = team_values(protect_cells(obs, catalog, 5, "geheim"), catalog, "laatste", 5)
    row = comparison_table(values, catalog, "eigen", [f"p{i}" for i in range(12)]).set_index("indicator").loc["uitval"]
    assert row["n_teams"] == 12 and 7.5 <= row["benchmark"] <= 15  # true 10%; stand-ins 1..5 for 1..5
    assert row[["minimum", "q1", "mediaan", "q3", "maximum"]].isna().all()  # only one peer is shown: no spread
    shown = values[values["team"] != "eigen"]
    assert shown["waarde"].isna().sum() == 11 and shown[["teller", "ondergrens", "bovengrens"]].isna().sum().min() >= 11


def test_a_count_trend_is_tested_per_jeugdige_when_the_area_grows(catalog, store):
    # 40, 48, 56, 66, 76 crisistrajecten while the jeugdigen grow at the same pace (2 per 100):
    # with exposure 1 that 'stijgt en wordt slechter'; per jeugdige nothing changes
    from wijkdata.service import check_file
    from wijkdata.trends import own_trend

    counts = [40, 48, 56, 66, 76]
    years = ["2021", "2022", "2023", "2024", "2025"]
    obs = rows(*[("A", y, "crisistrajecten", float(c), None, None, None, None) for y, c in zip(years, counts)])
    assert own_trend(obs, catalog, "A", "crisistrajecten")["zin"] == "stijgt en wordt slechter"
    data = ("team;periode;inwoners_0_17\n" + "".join(f"A;{y};{c * 50}\n" for y, c in zip(years, counts))).encode()
    store.import_upload(check_file(data, "jeugdigen.csv", store), "jeugdigen.csv", data)
    population = store.populations_by_period()["A"]
    assert population == {y: c * 50.0 for y, c in zip(years, counts)}
    per_child = own_trend(obs, catalog, "A", "crisistrajecten", population=population)
    assert per_child["zin"] == "geen duidelijke verandering" and per_child["methode"].endswith("(per jeugdige)")
    # a quarter takes its year's number
    quarters = rows(*[("A", p, "crisistrajecten", 19.0, None, None, None, None)
                      for p in ["2024-K4", "2025-K1", "2025-K2", "2025-K3", "2025-K4"]])
    assert own_trend(quarters, catalog, "A", "crisistrajecten", population=population)["methode"].endswith("(per jeugdige)")
    assert exposure_for(["2024-K4", "2025-K1", "2026-K1"], population) == [3300.0, 3800.0, None]


def test_the_chance_sentence_counts_in_words_that_read_right():
    assert chance_sentence(10).endswith("door toeval minder dan één duidelijke afwijking.")
    assert chance_sentence(16).endswith("door toeval ongeveer 1 duidelijke afwijking.")
    assert chance_sentence(30).endswith("door toeval ongeveer 2 duidelijke afwijkingen.")


def test_the_population_comes_from_the_team_attributes_under_its_usual_names(catalog):
    assert population_of({"inwoners_0_17": 2576.0, "fte": 6.1}) == 2576.0
    assert population_of({"Jeugdigen": "1.234"}) is None  # a text is not guessed at: 1.234 or 1234?
    assert population_of({"Aantal jeugdigen": 1234}) == 1234.0
    assert population_of({"inwoners 0-17": 0}) is None and population_of({"fte": 6}) is None
    teams = pd.DataFrame({"team": ["a", "b", "c"], "kenmerken": [{"inwoners_0_17": 100}, {"inwoners_0_17": 50}, {}]})
    assert team_populations(teams) == {"a": 100.0, "b": 50.0}
    # a gemeente counts per the jeugdigen of the teams that counted: T2 without a count does not
    # dilute T1's 80 per 1.000; a counting team without jeugdigen leaves the gemeente without
    obs = rows(*[("T1", f"2025-K{q}", "crisistrajecten", 20.0, None, None, None, None) for q in range(1, 5)])
    per_gemeente = team_values(obs, catalog, "jaar", 5, group_of={"T1": "G", "T2": "G"},
                               populations={"T1": 1000.0, "T2": 1000.0}).set_index("team")
    assert per_gemeente.loc["G", "waarde"] == pytest.approx(80.0) and per_gemeente.loc["G", "per_inwoners"]
    missing = team_values(obs, catalog, "jaar", 5, group_of={"T1": "G"}, populations={}).set_index("team")
    assert missing.loc["G", "waarde"] == 80 and not missing.loc["G", "per_inwoners"]


def test_small_counts_are_suppressed_before_comparing_but_a_pooled_year_can_show(catalog):
    obs = rows(*[(t, f"2025-K{q}", "uitval", 4.0, 4, 100, None, None) for t in "abcdef" for q in range(1, 5)])
    quarter = team_values(obs, catalog, "laatste", 5)
    assert quarter["waarde"].isna().all() and (quarter["onderdrukt"] == "klein aantal").all()
    table = comparison_table(quarter, catalog, "a", list("bcdef"))
    assert table.loc[0, "vergelijking"] == "niet te beoordelen"
    year = team_values(obs, catalog, "jaar", 5)
    assert year["waarde"].tolist() == pytest.approx([4.0] * 6)  # 16 of 400: shown
    assert year["periode"].iloc[0] == "2025 K1 – 2025 K4"


def test_comparison_on_sample_finds_the_planted_differences(sample, catalog):
    data, obs = sample
    values = team_values(obs, catalog, "jaar", 5)
    status = actief_status(obs)
    flags = dict(zip(status["team"], status["actief"]))
    agree = sum(flags[t] == (p != "verwijzend") for t, p in data.profiles.items())
    assert agree >= 30  # the planted profiles vary per team; most sit on their side of 5%
    own = next(t for t in data.profiles[data.profiles == "verwijzend"].index if not flags[t])
    peers = peer_group("soort", own, data.teams, status)
    assert peers.description.endswith("niet-actieve teams")
    table = comparison_table(values, catalog, own, peer_group("alle", own, data.teams, status).teams)
    row = table.set_index("indicator").loc["eigen_uitvoering"]
    assert row["waarde"] < row["benchmark"] / 2 and row["referentie"] == 5.0
    # among all teams, active and not, such a difference is ordinary: the range a team of this
    # size falls in runs from 0% to far above the benchmark, and the verdict says so
    assert row["verwacht_van"] <= row["waarde"] <= row["verwacht_tot"] and row["vergelijking"] == "vergelijkbaar"
    assert not table[["q1", "q3"]].isna().all().all()


def test_one_judgement_model_the_profile_the_funnel_and_the_overview_agree(catalog):
    # 20 teams, true doelen_bereikt N(60%, 5), 400 per year: the profile ignored the real variation
    # between teams (8 of 20 'beter/slechter') while the funnel corrected for it (1 of 20 outside)
    rng = np.random.default_rng(11)
    true = np.clip(rng.normal(0.60, 0.05, 20), 0.05, 0.95)
    tellers = rng.binomial(400, true)
    obs = rows(*[(f"T{i:02d}", "2025-K1", "doelen_bereikt", 100 * t / 400, t, 400, None, None)
                 for i, t in enumerate(tellers)])
    values = team_values(obs, catalog, "laatste", 5)
    teams = sorted(values["team"])
    profile, in_funnel = {}, {}
    for team in teams:
        peers = [t for t in teams if t != team]
        profile[team] = comparison_table(values, catalog, team, peers).set_index("indicator").loc[
            "doelen_bereikt", "vergelijking"]
        points = funnel(values, "proportion", scale=100, reference=peers).points.set_index("team")
        in_funnel[team] = points.loc[team, "positie"]
    for team in teams:  # 'beter' or 'slechter' exactly when the funnel has the team outside its 95% lines
        assert (profile[team] != "vergelijkbaar") == (in_funnel[team] != "binnen de grenzen"), team
    differ = sum(v != "vergelijkbaar" for v in profile.values())
    assert differ <= 3
    heat = heatmap_table(values, catalog, teams).set_index("team")["vergelijking"]
    assert heat.to_dict() == profile  # the overview judges each team against the others the same way


def test_fewer_than_five_peers_give_no_benchmark_no_spread_and_no_verdict(catalog):
    obs = rows(*[(t, "2025-K1", "tevredenheid", 7 + i / 10, None, None, 50, 1.0) for i, t in enumerate("abcde")])
    values = team_values(obs, catalog, "laatste", 5)
    table = comparison_table(values, catalog, "a", list("bcde"))
    row = table.iloc[0]
    assert row["n_teams"] == 4 and row[["benchmark", "minimum", "q1", "mediaan", "q3", "maximum"]].isna().all()
    assert row["vergelijking"] == "te weinig teams"
    assert summary_sentence(table, "4 andere teams").startswith("Geen oordeel: in 4 andere teams hebben minder dan 5")
    # with five peers there is a benchmark and a verdict
    obs5 = rows(*[(t, "2025-K1", "tevredenheid", 7 + i / 10, None, None, 50, 1.0) for i, t in enumerate("abcdef")])
    table5 = comparison_table(team_values(obs5, catalog, "laatste", 5), catalog, "a", list("bcdef"))
    assert table5.iloc[0]["mediaan"] == pytest.approx(7.3) and table5.iloc[0]["vergelijking"] != "te weinig teams"


def test_the_headline_says_how_many_verdicts_chance_alone_gives(catalog):
    # 25 identical teams (the same true shares), 16 judged indicators: some 'duidelijk' verdicts
    # come by chance, and the sentence says how many to expect
    rng = np.random.default_rng(7)
    codes = [i.code for i in catalog if i.kind == "proportion"]
    assert len(codes) == 16
    recs = [(f"t{k:02d}", "2025-K1", code, np.nan, int(rng.binomial(400, 0.6)), 400, None, None)
            for k in range(25) for code in codes]
    obs = rows(*recs)
    obs["waarde"] = 100 * obs["teller"] / obs["noemer"]
    values = team_values(obs, catalog, "laatste", 5)
    teams = sorted(obs["team"].unique())
    sentences = [summary_sentence(comparison_table(values, catalog, t, [p for p in teams if p != t]), "de andere teams")
                 for t in teams]
    flagged = [s for s in sentences if s.startswith("Op ") and "duidelijk af" in s]
    assert flagged  # chance alone gives some
    assert len(flagged) >= 5, sentences
    assert all("bij 16 indicatoren door toeval ongeveer 1 duidelijke afwijking" in s for s in flagged)
    assert chance_sentence(5).endswith("door toeval minder dan één duidelijke afwijking.")


def test_one_peer_is_no_exact_benchmark(catalog):
    # 30 of 100 against one peer's 41 of 100 was 'slechter' and 'Op 1 van de 1 indicatoren wijken jullie duidelijk af'
    obs = rows(("eigen", "2025-K1", "doelen_bereikt", 30.0, 30, 100, None, None),
               ("ander", "2025-K1", "doelen_bereikt", 41.0, 41, 100, None, None))
    table = comparison_table(team_values(obs, catalog, "laatste", 5), catalog, "eigen", ["ander"])
    assert table.set_index("indicator").loc["doelen_bereikt", "vergelijking"] == "te weinig teams"
    assert "wijken jullie duidelijk af" not in summary_sentence(table, "1 ander team")


def test_the_overview_judges_each_row_against_the_others_only(catalog):
    # six gemeenten at 50%, one at 60% with much weight: with itself in the benchmark it pulled the
    # benchmark towards itself; against the others alone it is clearly higher
    recs = [(f"g{i}", "2025-K1", "doelen_bereikt", 50.0, 500, 1000, None, None) for i in range(6)]
    recs.append(("groot", "2025-K1", "doelen_bereikt", 60.0, 6000, 10000, None, None))
    values = team_values(rows(*recs), catalog, "laatste", 5)
    heat = heatmap_table(values, catalog, values["team"].unique()).set_index("team")
    assert heat.loc["groot", "benchmark"] == pytest.approx(50.0)
    assert heat.loc["g0", "benchmark"] == pytest.approx(100 * (2500 + 6000) / 15000)
    assert (heat["n_teams"] == 6).all()
    assert heat.loc["groot", "vergelijking"] == "beter"
    # with five rows each row has four others: no verdict at all
    few = heatmap_table(values[values["team"].isin(["g0", "g1", "g2", "g3", "groot"])], catalog,
                        ["g0", "g1", "g2", "g3", "groot"])
    assert (few["vergelijking"] == "te weinig teams").all()


def test_peer_groups(sample):
    data, obs = sample
    status = actief_status(obs)
    own = "Lindeburg Centrum"
    gemeente = peer_group("gemeente", own, data.teams, status)
    assert len(gemeente.teams) == 5 and all(t.startswith("Lindeburg") for t in gemeente.teams)
    assert own not in peer_group("alle", own, data.teams, status).teams
    similar = peer_group("zoals", own, data.teams, status, similar=["Waterveen Centrum", own])
    assert similar.teams == ["Waterveen Centrum"]
    assert peer_group("zoals", own, data.teams, status).key == "alle"  # without a list: all teams


def test_pseudonyms_are_stable_and_say_nothing():
    teams = ["Noord", "Zuid", "Oost", "West"]
    first = pseudonyms(teams, "upload-1")
    assert first == pseudonyms(list(reversed(teams)), "upload-1")
    assert sorted(first.values()) == ["Team A", "Team B", "Team C", "Team D"]
    shown = display_names(teams, "upload-1", "Noord", visible={"Oost"})
    assert shown["Noord"] == "Noord" and shown["Oost"] == "Oost"
    assert shown["Zuid"] == first["Zuid"]  # a team keeps its letter whoever looks


def test_a_download_of_the_store_hides_small_counts_and_real_peer_names(catalog):
    obs = rows(("Noord", "2025-K1", "uitval", 3.0, 3, 100, None, None),
               ("Zuid", "2025-K2", "uitval", 12.5, 25, 200, None, None),
               ("Zuid", "2025-K2", "aanmeldingen", 4, None, None, None, None))
    shown = display_names(["Noord", "Zuid"], "upload-1", "Noord")
    out = shareable_observations(obs.assign(dataset_id=1), catalog, 5, shown)
    assert list(out["team"]) == ["Noord", shown["Zuid"], shown["Zuid"]] and shown["Zuid"] != "Zuid"
    assert list(out["periode"]) == ["2025 K1", "2025 K2", "2025 K2"]
    assert out["waarde"].isna().tolist() == [True, False, True]  # teller 3 and a count of 4 are small
    assert out["onderdrukt"].tolist() == ["klein aantal", "", "klein aantal"]
    assert "dataset_id" not in out
    assert b"Zuid" not in to_csv_bytes(out) and b"12,5" in to_csv_bytes(out)


def test_heatmap_judges_every_cell(sample, catalog):
    data, obs = sample
    values = team_values(obs, catalog, "jaar", 5)
    table = heatmap_table(values, catalog, data.teams["team"])
    assert len(table) == 40 * 25
    assert set(table["vergelijking"]) <= {"beter", "slechter", "vergelijkbaar", "hoger", "lager", "niet te beoordelen",
                                          "aantal jeugdigen onbekend"}
    # without the number of jeugdigen no count is judged; with it every count is
    counts = table["indicator"].map(lambda c: catalog[c].kind) == "count"
    assert (table.loc[counts & table["waarde"].notna(), "vergelijking"] == "aantal jeugdigen onbekend").all()
    pops = team_populations(data.teams)
    judged = heatmap_table(team_values(obs, catalog, "jaar", 5, populations=pops), catalog, data.teams["team"])
    assert not (judged["vergelijking"] == "aantal jeugdigen onbekend").any()
    crisis = judged[(judged["indicator"] == "crisistrajecten") & judged["waarde"].notna()]
    assert len(crisis) >= 30 and (crisis["eenheid"] == "per 1.000").all()
    per_gemeente = team_values(obs, catalog, "jaar", 5, group_of=dict(zip(data.teams["team"], data.teams["gemeente"])))
    assert per_gemeente["team"].nunique() == 12


def test_trend_assembly(sample, catalog):
    data, obs = sample
    uitval = obs[obs["indicator"] == "uitval"]
    series = team_series(uitval, catalog, "Lindeburg Centrum", 5)
    assert (series["onderdrukt"] == "klein aantal").sum() >= 6  # quarterly drop-out counts are small
    year = team_series(rolling_year(uitval, catalog), catalog, "Lindeburg Centrum", 5)
    assert len(year) == 9 and year["waarde"].notna().all()  # 12 quarters give 9 full years
    band = peer_band(obs[obs["indicator"] == "tevredenheid"], catalog, data.teams["team"].tolist()[:3], 5)
    assert band[["mediaan", "q1", "q3"]].isna().all().all()  # 3 peers: no band at all
    band5 = peer_band(obs[obs["indicator"] == "tevredenheid"], catalog, data.teams["team"].tolist()[:5], 5)
    assert band5[["mediaan", "q1", "q3"]].notna().all().all()
    frames = {c: obs[obs["indicator"] == c] for c in ("tevredenheid", "wachttijd")}
    table = change_table(frames, catalog, "Lindeburg Centrum", 5)
    assert table["van"].tolist() == ["2023 K4", "2023 K4"]
    assert set(table["trend"]) <= {"geen duidelijke verandering", "stijgt en wordt beter", "daalt en wordt slechter",
                                   "stijgt en wordt slechter", "daalt en wordt beter", "te weinig punten"}
