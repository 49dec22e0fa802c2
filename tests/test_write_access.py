"""Who may write what, per role, on every write path: uploads (figures and attributes), delete and
restore, names shown, saved mappings, and conversations. A team member writes for the own team
only, and a check of a file never shows or confirms another team's stored figures."""

import pytest

from tests.conftest import unescaped
from tests.test_access import AUTH, OWN, USERS
from wijkdata.access import MANAGER, OPEN_ACCESS, TEAM, Access, AccessDenied
from wijkdata.service import (check_file, ensure_sample, import_checked, proposal_for, save_mapping,
                              set_upload_deleted, set_upload_names_visible)

OTHER = "Aldervoort Dorp"  # another team of the sample
NOOR = Access(TEAM, "noor@voorbeeld.nl", OWN)
BOSS = Access(MANAGER, "manager@voorbeeld.nl")


@pytest.fixture
def filled(store):
    ensure_sample(store)
    return store


def _stored(store, team, indicator="wachttijd"):
    obs = store.observations(teams=[team], indicators=[indicator])
    return obs.set_index("periode")["waarde"].to_dict()


def _report_text(checked) -> str:
    issues = checked.result.issues
    return "\n".join(" ".join(str(v) for v in row) for row in issues.itertuples(index=False))


MIXED = (f"team;periode;indicator;waarde\n"
         f"{OWN};2026-K3;wachttijd;20\n"
         f"{OTHER};2026-K2;wachttijd;1000\n"
         f"{OTHER};2026-K3;wachttijd;1000\n").encode()


def test_a_team_member_cannot_write_another_teams_figures(filled):
    before = _stored(filled, OTHER)
    checked = check_file(MIXED, "cijfers.csv", filled, access=NOOR)
    result = checked.result
    assert result.n_foreign_rows == 2 and result.n_usable == 1
    assert set(result.observations["team"]) == {OWN}
    refused = result.issues[result.issues["probleem"] == "Deze rij hoort niet bij uw eigen team."]
    assert sorted(refused["rij"]) == [3, 4] and (refused["waarde"] == "").all()  # the count and rows, no names
    import_checked(filled, checked, "cijfers.csv", MIXED, NOOR)
    assert _stored(filled, OTHER) == before
    assert _stored(filled, OWN)["2026-K3"] == 20


def test_a_check_made_without_the_restriction_cannot_be_imported_by_a_team_member(filled):
    counts = len(filled.observations()), len(filled.datasets())
    checked = check_file(MIXED, "cijfers.csv", filled)  # open mode: every row usable
    with pytest.raises(AccessDenied) as err:
        import_checked(filled, checked, "cijfers.csv", MIXED, NOOR)
    assert "alleen cijfers van uw eigen team" in err.value.message and OTHER not in err.value.message
    assert (len(filled.observations()), len(filled.datasets())) == counts


def test_a_team_member_cannot_upload_attributes_of_another_team(filled):
    data = f"team;gemeente;fte\n{OWN};Lindeburg;12\n{OTHER};Aldervoort;99\n".encode()
    checked = check_file(data, "teams.csv", filled, access=NOOR)
    assert checked.layout == "teamkenmerken" and list(checked.result.teams["team"]) == [OWN]
    assert checked.result.n_foreign_rows == 1


def test_a_check_never_shows_or_confirms_another_teams_stored_values(filled):
    """The same file about an existing and about an invented team gives the same report, and no
    stored value of either; in the issue's attack the report showed '(1)', '(3)' and '(3,3)'."""
    stored = filled.observations(teams=[OTHER])
    row = stored[stored["indicator"] == "crisistrajecten"].iloc[-1]

    def report_for(team):
        data = (f"team;periode;indicator;waarde;teller;noemer\n{team};2026-K4;crisistrajecten;1000;;\n"
                f"{team};2026-K4;uitval;90;900;1000\n").encode()
        return _report_text(check_file(data, "raden.csv", filled, access=NOOR)).replace(team, "X")

    assert report_for(OTHER) == report_for("Bestaat Niet")
    assert "vorige periode" not in report_for(OTHER) and "Bedoelt u" not in report_for(OTHER)
    assert f"({row['waarde']:g})" not in report_for(OTHER)


def test_a_stored_small_count_is_never_repeated_in_the_jump_check(filled):
    """In open mode the check compares with the stored values of the teams in the file, but a
    stored count of 1 to 5 stays hidden, as on every page."""
    obs = filled.observations(teams=[OTHER], indicators=["crisistrajecten"])
    last = obs.iloc[-1]
    data = (f"team;periode;indicator;waarde\n{OTHER};2026-K4;crisistrajecten;40\n").encode()
    filled_small = last["waarde"] if 1 <= last["waarde"] <= 5 else None
    if filled_small is None:  # make the stored value small first, through an ordinary upload
        small = f"team;periode;indicator;waarde\n{OTHER};{last['periode']};crisistrajecten;2\n".encode()
        filled.import_upload(check_file(small, "klein.csv", filled), "klein.csv", small)
    issues = check_file(data, "sprong.csv", filled).result.issues
    # no jump check against a hidden value: whether it warns would tell the value's size
    assert not issues["probleem"].str.contains("vorige periode").any(), issues["probleem"].tolist()


@pytest.mark.parametrize("access, allowed", [(OPEN_ACCESS, True), (BOSS, True), (NOOR, False)])
def test_only_who_manages_uploads_deletes_restores_or_shows_names(filled, access, allowed):
    ds = int(filled.datasets()["id"].max())
    if not allowed:
        with pytest.raises(AccessDenied):
            set_upload_deleted(filled, access, ds, True)
        with pytest.raises(AccessDenied):
            set_upload_names_visible(filled, access, ds, True)
        row = filled.datasets().set_index("id").loc[ds]
        assert not row["deleted"] and not row["names_visible"]
        return
    set_upload_deleted(filled, access, ds, True)
    set_upload_deleted(filled, access, ds, False)
    set_upload_names_visible(filled, access, ds, True)
    row = filled.datasets().set_index("id").loc[ds]
    assert not row["deleted"] and row["names_visible"]


def test_a_team_members_saved_mapping_serves_the_restricted_team(filled, catalog):
    from wijkdata.ingest import read_table

    data = f"Teamnaam;Kwartaal;Wat;Getal\n{OWN};2026-K3;wachttijd;20\n".encode()
    raw = read_table(data, "eigen.csv")
    mapping = {"Teamnaam": "team", "Kwartaal": "periode", "Wat": "indicator", "Getal": "waarde"}
    save_mapping(filled, NOOR, "![m](http://buiten.example/x.png) ons systeem", list(raw.frame.columns), mapping)
    assert proposal_for(raw, filled, catalog, NOOR)[1].endswith("ons systeem")
    other_member = Access(TEAM, "ander@voorbeeld.nl", OTHER)
    assert proposal_for(raw, filled, catalog, other_member)[1] is None
    assert proposal_for(raw, filled, catalog, BOSS)[1] is None
    save_mapping(filled, BOSS, "Registratiesysteem", list(raw.frame.columns), mapping)
    assert proposal_for(raw, filled, catalog, other_member)[1] == "Registratiesysteem"


def _login(make_app, email, query_params=None):
    return make_app(query_params=query_params, secrets={"auth": AUTH, "wijkdata": {"gebruikers": USERS}},
                    user={"is_logged_in": True, "email": email})


def test_a_team_member_uploading_other_teams_rows_is_told_the_count_and_imports_the_own(make_app):
    from wijkdata.config import load_settings
    from wijkdata.store import Store

    app = _login(make_app, "noor@voorbeeld.nl")
    store = Store(load_settings().db_url)
    before = _stored(store, OTHER)
    app.switch_page("pages/gegevens.py").run()
    app.file_uploader[0].upload("cijfers.csv", MIXED, "text/csv").run()
    assert not app.exception
    errors = [unescaped(e.value) for e in app.error]
    assert any("2 rijen horen niet bij uw eigen team" in e for e in errors), errors
    assert not [e for e in errors if OTHER in e]
    button = next(b for b in app.button if b.label.startswith("Importeer"))
    assert button.label == "Importeer 1 waarden"
    button.click().run()
    assert not app.exception
    assert _stored(store, OTHER) == before and _stored(store, OWN)["2026-K3"] == 20


def test_a_team_member_cannot_open_another_teams_conversation_by_link(make_app):
    from wijkdata.config import load_settings
    from wijkdata.store import Store

    app = _login(make_app, "noor@voorbeeld.nl")
    conv = Store(load_settings().db_url).conversations
    theirs = conv.start(OTHER, ["wachttijd"], {})
    conv.add_note(theirs, "voorspellen", "iemand", "Geheim van een ander team")
    app = _login(make_app, "noor@voorbeeld.nl", query_params={"gesprek": str(theirs)})
    app.switch_page("pages/gesprek.py").run()
    assert not app.exception
    shown = [t.value for t in app.text_area] + [m.value for m in app.markdown]
    assert not [s for s in shown if "Geheim van een ander team" in str(s)]
    assert app.session_state["gs_gesprek"] != theirs


def test_a_stored_share_with_a_small_rest_is_not_repeated_in_the_jump_check(filled):
    """38 of 40 is hidden on every page (the other 2 are as identifiable); so in a message too."""
    first = ("team;periode;indicator;waarde;teller;noemer\n"
             f"{OTHER};2026-K3;hulp_op_tijd;;38;40\n").encode()
    filled.import_upload(check_file(first, "vorig.csv", filled), "vorig.csv", first)
    data = f"team;periode;indicator;waarde;teller;noemer\n{OTHER};2026-K4;hulp_op_tijd;;300;1000\n".encode()
    issues = check_file(data, "sprong.csv", filled).result.issues
    assert not issues["probleem"].str.contains("vorige periode").any(), issues["probleem"].tolist()


def test_whether_a_jump_is_reported_does_not_depend_on_a_hidden_stored_count(filled):
    """The number was never shown, but the warning itself was an oracle: an upload of 10 warned
    after a stored 1, 2 or 3 and not after a stored 4 or 5."""
    reports = []
    for stored in range(1, 6):
        before = f"team;periode;indicator;waarde\n{OTHER};2026-K3;crisistrajecten;{stored}\n".encode()
        filled.import_upload(check_file(before, f"vorig{stored}.csv", filled), f"vorig{stored}.csv", before)
        reports.append([_report_text(check_file(f"team;periode;indicator;waarde\n{OTHER};2026-K4;crisistrajecten;"
                                                f"{now}\n".encode(), "nu.csv", filled)) for now in (10, 12, 15)])
    assert all(r == reports[0] for r in reports), reports


@pytest.mark.parametrize("access, allowed", [(OPEN_ACCESS, True), (BOSS, True), (NOOR, False)])
def test_only_who_manages_indicators_adds_changes_or_removes_them(filled, access, allowed):
    from wijkdata.catalog import Indicator
    from wijkdata.service import remove_indicator, save_indicator

    own = Indicator("wachtlijst_eigen", "Wachtlijst (eigen)", "Kinderen op de wachtlijst.", "aantal", "count",
                    "lager_is_beter", "verbinden", eigen=True)
    if not allowed:
        with pytest.raises(AccessDenied):
            save_indicator(filled, access, own)
        assert "wachtlijst_eigen" not in filled.catalog()
        save_indicator(filled, BOSS, own)
        with pytest.raises(AccessDenied):
            remove_indicator(filled, access, "wachtlijst_eigen")
        assert "wachtlijst_eigen" in filled.catalog()
        # nor through an upload whose mapping makes a new indicator of a column
        from dataclasses import replace

        data = f"team;periode;indicator;waarde\n{OWN};2026-K3;wachttijd;4\n".encode()
        checked = replace(check_file(data, "nieuw.csv", filled, access=access),
                          new_indicators=(replace(own, code="nieuwe_maat"),))
        uploads = len(filled.datasets())
        with pytest.raises(AccessDenied):
            import_checked(filled, checked, "nieuw.csv", data, access)
        assert len(filled.datasets()) == uploads and "nieuwe_maat" not in filled.catalog()
        return
    save_indicator(filled, access, own)
    assert filled.catalog()["wachtlijst_eigen"].naam == "Wachtlijst (eigen)"
    remove_indicator(filled, access, "wachtlijst_eigen")
    assert "wachtlijst_eigen" not in filled.catalog()


def test_a_jump_against_a_shown_stored_value_still_warns_and_names_it(filled):
    """The control of the test above: the jump check still works where the stored value may be seen."""
    before = f"team;periode;indicator;waarde\n{OTHER};2026-K3;crisistrajecten;20\n".encode()
    filled.import_upload(check_file(before, "vorig.csv", filled), "vorig.csv", before)
    report = _report_text(check_file(f"team;periode;indicator;waarde\n{OTHER};2026-K4;crisistrajecten;70\n".encode(),
                                     "nu.csv", filled))
    assert "meer dan 3 keer zo groot of klein als in de vorige periode (20)" in report
