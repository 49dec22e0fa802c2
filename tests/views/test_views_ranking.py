"""The ranking Vergelijken draws: verdicts from the one judgement model, the place best first, and
counts only per 1.000 jeugdigen."""

from wijkdata.comparison import comparison_table, team_values
from wijkdata.views.ranking import ranking_view


def test_the_place_counts_best_first_and_the_verdicts_are_the_models(catalog, sample):
    data, obs = sample
    values = team_values(obs, catalog, "jaar", 5)
    teams = sorted(obs["team"].unique())
    shown_uitval = values[(values["indicator"] == "uitval") & values["waarde"].notna()]["team"]
    team = sorted(shown_uitval)[len(shown_uitval) // 2]  # a team in the middle, with a value that may be shown
    peers = [t for t in teams if t != team]
    benchmark = comparison_table(values, catalog, team, peers).set_index("indicator")
    view = ranking_view(values, catalog, "uitval", team, peers, benchmark.loc["uitval", "benchmark"])
    shown = view.values.dropna(subset=["waarde"]).sort_values("waarde")  # lager is beter for uitval
    assert view.place == shown["team"].tolist().index(team) + 1 and view.ranked == len(shown)
    assert view.summary == f"Uitval: uw team staat op plaats {view.place} van {view.ranked}."
    assert set(view.values["vergelijking"]) <= {"beter", "vergelijkbaar", "slechter", "niet te beoordelen"}
    assert not [c for c in view.values.columns if c.startswith("reken_")]  # no stand-ins reach the chart
    assert list(view.export({t: t for t in teams}).columns) == ["team", "periode", "waarde", "ondergrens", "bovengrens",
                                                               "vergelijking"]


def test_a_count_is_ranked_per_1000_jeugdigen_and_a_team_without_that_number_is_told_why(catalog, sample):
    data, obs = sample
    teams = sorted(obs["team"].unique())
    team, peers = teams[0], teams[1:]
    populations = {t: 1000.0 + 50 * i for i, t in enumerate(peers)}  # the team's own number is unknown
    values = team_values(obs, catalog, "jaar", 5, populations=populations)
    view = ranking_view(values, catalog, "crisistrajecten", team, peers, float("nan"))
    assert view.per_child and view.place is None and team not in set(view.values["team"])
    assert "per 1.000 jeugdigen" in view.indicator.naam
    assert view.summary.endswith("dus staat het niet in deze rangorde per 1.000 jeugdigen.")
