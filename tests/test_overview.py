"""The overview never points at one pseudonymised team: gemeenten with fewer than three hidden teams
are not offered apart, a filter on the kind of team keeps a gemeente whole, and small gemeenten are
shown together. Whoever sees every name (a manager) gets every choice."""

import pandas as pd

from wijkdata.overview import OTHER_GEMEENTEN, gemeente_options, overview_rows
from wijkdata.peers import peer_group

TEAMS = pd.DataFrame({
    "team": ["S1", "S2", "H1", "H2", "H3", "H4", "L1", "L2", "L3", "R1"],
    "gemeente": ["Stavenburg", "Stavenburg", "Heuvelrade", "Heuvelrade", "Heuvelrade", "Heuvelrade",
                 "Lindeburg", "Lindeburg", "Lindeburg", "Rijnwaarde"],
})
ACTIEF = {"S1": True, "S2": False, "H1": True, "H2": False, "H3": False, "H4": False, "L1": True, "L2": True,
          "L3": True, "R1": True}
EVERYONE = set(TEAMS["team"])
OWN = "L1"
HIDDEN = EVERYONE - {OWN}


def test_gemeenten_with_fewer_than_three_hidden_teams_are_not_offered_apart():
    assert gemeente_options(TEAMS, HIDDEN) == ["Heuvelrade"]  # Lindeburg: own team + 2 hidden
    assert gemeente_options(TEAMS, set()) == ["Heuvelrade", "Lindeburg", "Rijnwaarde", "Stavenburg"]


def test_a_kind_filter_that_would_leave_one_team_of_a_gemeente_keeps_the_gemeente_whole():
    rows = overview_rows(TEAMS, ACTIEF, ["Heuvelrade"], "actief", "team", HIDDEN, 20, 5000)
    assert rows.level == "team" and rows.teams == ["H1", "H2", "H3", "H4"]
    assert "Heuvelrade" in rows.notes[0] and "alle teams samen" in rows.notes[0]
    # the other kind leaves three, but 'all teams' minus those would show the one active team
    other = overview_rows(TEAMS, ACTIEF, ["Heuvelrade"], "niet_actief", "team", HIDDEN, 20, 5000)
    assert other.teams == ["H1", "H2", "H3", "H4"]
    manager = overview_rows(TEAMS, ACTIEF, ["Heuvelrade"], "actief", "team", set(), 20, 5000)
    assert manager.teams == ["H1"] and not manager.notes


def test_a_link_cannot_pick_a_small_gemeente():
    rows = overview_rows(TEAMS, ACTIEF, ["Stavenburg"], "alle", "team", HIDDEN, 20, 5000)
    assert rows.teams == TEAMS["team"].tolist()  # the choice is ignored, not honoured


def test_per_gemeente_small_gemeenten_are_shown_together():
    rows = overview_rows(TEAMS, ACTIEF, [], "alle", "gemeente", HIDDEN, 20, 5000)
    labels = set(rows.group_of.values())
    assert labels == {"Heuvelrade", OTHER_GEMEENTEN}  # Lindeburg (2 hidden), Stavenburg (2), Rijnwaarde (1)
    assert {t for t, g in rows.group_of.items() if g == OTHER_GEMEENTEN} == {"S1", "S2", "L1", "L2", "L3", "R1"}
    assert set(overview_rows(TEAMS, ACTIEF, [], "alle", "gemeente", set(), 20, 5000).group_of.values()) == {
        "Heuvelrade", "Lindeburg", "Rijnwaarde", "Stavenburg"}


def test_per_gemeente_with_a_kind_filter_no_row_holds_fewer_than_three_hidden_teams():
    everyone = overview_rows(TEAMS, ACTIEF, [], "alle", "gemeente", HIDDEN, 20, 5000).group_of
    for kind in ("actief", "niet_actief"):
        rows = overview_rows(TEAMS, ACTIEF, [], kind, "gemeente", HIDDEN, 20, 5000)
        members = pd.Series(rows.group_of).groupby(pd.Series(rows.group_of)).apply(lambda s: set(s.index))
        assert all(len(m & HIDDEN) >= 3 or not (m & HIDDEN) for m in members)
        # and no row differs from the same row for all teams by one or two hidden teams
        for label, m in members.items():
            every = {t for t, g in everyone.items() if g == label}
            assert not 0 < len((every - m) & HIDDEN) < 3, (kind, label)


def test_with_many_teams_the_kind_rule_still_holds_per_gemeente():
    """Above the team-row limit the overview goes per gemeente; the kind rule must still apply."""
    rows = overview_rows(TEAMS, ACTIEF, [], "actief", "team", HIDDEN, 20, 40)
    assert rows.level == "gemeente" and "Heuvelrade" in " ".join(rows.notes)
    assert {t for t, g in rows.group_of.items() if g == "Heuvelrade"} == {"H1", "H2", "H3", "H4"}


def test_too_many_teams_for_one_picture_go_per_gemeente():
    rows = overview_rows(TEAMS, ACTIEF, [], "alle", "team", set(), 20, 100)
    assert rows.level == "gemeente" and "niet leesbaar" in rows.notes[-1]


def test_a_peer_group_of_one_or_two_hidden_teams_falls_back_to_all():
    status = pd.DataFrame({"team": list(ACTIEF), "actief": list(ACTIEF.values())})
    small = peer_group("gemeente", OWN, TEAMS, status, hidden=HIDDEN)
    assert small.key == "alle" and len(small.teams) == 9 and "herkenbaar" in small.description
    assert peer_group("gemeente", OWN, TEAMS, status, hidden=set()).teams == ["L2", "L3"]
    assert peer_group("gemeente", "H1", TEAMS, status, hidden=EVERYONE - {"H1"}).teams == ["H2", "H3", "H4"]


def test_a_team_members_overview_offers_no_gemeente_that_points_at_a_team(make_app):
    from tests.test_access import AUTH, USERS

    app = make_app(secrets={"auth": AUTH, "wijkdata": {"gebruikers": USERS}},
                   user={"is_logged_in": True, "email": "noor@voorbeeld.nl"})
    app.switch_page("pages/overzicht.py").run()
    assert not app.exception
    options = app.multiselect(key="ov_gem").options
    assert "Stavenburg" not in options and "Rijnwaarde" not in options and "Lindeburg" in options
    app.radio(key="ov_niveau").set_value("gemeente").run()
    rows = set(app.dataframe[0].value.iloc[:, 0])
    assert OTHER_GEMEENTEN in rows and not rows & {"Stavenburg", "Rijnwaarde", "Oosterlanden"}, rows


def test_no_two_views_intersect_to_fewer_than_three_hidden_teams_of_a_gemeente():
    """Pseudonyms are the same in every view: 'Heuvelrade' next to 'actieve teams' must not name
    Heuvelrade's one active team (it did: H1)."""
    for gemeente in gemeente_options(TEAMS, HIDDEN):
        members = set(overview_rows(TEAMS, ACTIEF, [gemeente], "alle", "team", HIDDEN, 20, 5000).teams) & HIDDEN
        for kind in ("actief", "niet_actief"):
            for chosen in ([], [gemeente]):
                shown = set(overview_rows(TEAMS, ACTIEF, chosen, kind, "team", HIDDEN, 20, 5000).teams) & members
                rest = members - shown
                assert shown == members or (len(shown) >= 3 and len(rest) >= 3), (gemeente, kind, chosen, shown)
