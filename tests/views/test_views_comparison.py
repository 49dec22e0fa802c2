"""The profile and the funnel of Vergelijken: the sentences say what the verdicts say, and a
funnel that cannot be drawn says why instead of judging on too few teams."""

from wijkdata.comparison import comparison_table, team_values
from wijkdata.stats.compare import BETER, SLECHTER
from wijkdata.views.funnel import funnel_view
from wijkdata.views.profile import profile_view


def test_the_profile_sentence_names_exactly_the_clear_verdicts(catalog, sample):
    data, obs = sample
    values = team_values(obs, catalog, "jaar", 5)
    teams = sorted(obs["team"].unique())
    table = comparison_table(values, catalog, teams[0], teams[1:])
    view = profile_view(table, "Ons team")
    judged = table[table["vergelijking"].isin([BETER, SLECHTER])]
    assert view.summary.startswith("Profiel van Ons team: ")
    assert all(name in view.summary for name in judged["naam"])
    assert view.summary.count(";") == max(len(judged) - 1, 0)
    assert list(view.shown().columns)[:3] == ["Indicator", "Eenheid", "Uw team"] and len(view.shown()) == len(table)


def test_the_funnel_says_where_the_team_lies_and_how_many_lie_outside(catalog, sample):
    data, obs = sample
    values = team_values(obs, catalog, "jaar", 5)
    teams = sorted(obs["team"].unique())
    team = sorted(values[(values["indicator"] == "uitval") & values["waarde"].notna()]["team"])[0]
    view = funnel_view(values, catalog["uitval"], team, [t for t in teams if t != team])
    assert view.result is not None and not view.reason
    own = view.result.points.set_index("team").loc[team, "positie"]
    outside = int((view.result.points["positie"] != "binnen de grenzen").sum())
    assert view.summary == (f"Trechter voor uitval: uw team ligt {own}; {outside} van de {len(view.result.points)} "
                            "teams liggen buiten de 95%-grenzen.")
    assert view.lines_note.startswith("De lijnen komen van de vergelijkingsgroep.")
    assert set(view.export({t: "x" for t in teams})["team"]) == {"x"}


def test_no_funnel_on_fewer_peers_than_a_verdict_needs_and_none_on_a_chosen_indicator(catalog, sample):
    data, obs = sample
    values = team_values(obs, catalog, "jaar", 5)
    teams = sorted(obs["team"].unique())
    few = funnel_view(values, catalog["uitval"], teams[0], teams[1:4])
    assert few.result is None and "te weinig voor een trechter" in few.reason
    chosen = funnel_view(values, catalog["uitval"], teams[0], teams[1:], matched_on=("uitval",))
    assert "niet beoordeeld: de vergelijkbare teams zijn op dit cijfer gekozen" in chosen.summary
