"""Optional login: the user list, and what a team member, a manager, an unknown account and a
visitor who has not logged in see (AppTest with a seeded st.user)."""

import json
import re

import pytest

from tests.conftest import chart_data, charts, open_tab, real_team_names, unescaped
from wijkdata.access import MANAGER, OPEN_ACCESS, TEAM, AccessConfigError, access_for, parse_users
from wijkdata.config import load_settings
from wijkdata.service import check_file
from wijkdata.store import Store

OWN = "Lindeburg Oost"  # a team of the sample
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-geheim",
        "client_id": "wijkdata", "client_secret": "geheim",
        "server_metadata_url": "https://login.voorbeeld.nl/.well-known/openid-configuration"}
USERS = [{"email": "Noor@Voorbeeld.nl", "rol": "team", "team": OWN},
         {"email": "manager@voorbeeld.nl", "rol": "manager"}]


def test_user_list_parses_roles_and_ignores_case_of_addresses():
    users = parse_users(USERS)
    noor = access_for("noor@voorbeeld.nl", users)
    assert (noor.role, noor.team) == (TEAM, OWN)
    assert not noor.chooses_team and not noor.sees_all_names and not noor.manages_uploads
    boss = access_for(" MANAGER@voorbeeld.nl ", users)
    assert boss.role == MANAGER and boss.chooses_team and boss.sees_all_names and boss.manages_uploads
    assert access_for("vreemde@voorbeeld.nl", users) is None and access_for(None, users) is None
    assert OPEN_ACCESS.chooses_team and not OPEN_ACCESS.sees_all_names and OPEN_ACCESS.manages_uploads
    assert parse_users(None) == {}


@pytest.mark.parametrize("entries, words", [
    ([{"email": "noor", "rol": "team", "team": "X"}], ["Gebruiker 1", "e-mailadres"]),
    ([{"email": "a@b.nl", "rol": "baas"}], ["Gebruiker 1", "baas", 'rol = "team"']),
    ([{"email": "a@b.nl", "rol": "team"}], ["zonder team", 'team = "']),
    ([USERS[1], {"email": "MANAGER@voorbeeld.nl", "rol": "manager"}], ["Gebruiker 2", "twee keer"]),
    (["manager@voorbeeld.nl"], ["geen tabel"]),
    ({"email": "a@b.nl"}, ["lijst"]),
])
def test_a_wrong_user_list_says_which_entry_and_how_to_fix_it(entries, words):
    with pytest.raises(AccessConfigError) as err:
        parse_users(entries)
    assert all(w in str(err.value) for w in words), str(err.value)


def _login(make_app, email=None, users=USERS):
    user = {"is_logged_in": False} if email is None else {"is_logged_in": True, "email": email}
    return make_app(secrets={"auth": AUTH, "wijkdata": {"gebruikers": users}}, user=user)


def _page_text(app) -> str:
    parts = [e.value for kind in ("markdown", "caption", "title", "info", "warning", "error", "success")
             for e in getattr(app, kind) if isinstance(e.value, str)]
    parts += [json.dumps(spec, ensure_ascii=False) for spec in charts(app)]
    parts += [frame.to_json(force_ascii=False, orient="records") for frames in chart_data(app) for frame in frames]
    parts += [d.value.to_json(force_ascii=False, orient="records") for d in app.dataframe]
    parts += [str(o) for kind in ("selectbox", "multiselect", "radio") for w in getattr(app, kind) for o in w.options]
    return "\n".join(parts)


def test_without_login_settings_the_app_is_open_and_says_so(app):
    assert not app.exception
    assert any("Open modus" in c.value for c in app.sidebar.caption)
    assert app.sidebar.selectbox(key="ctx_team").options  # any team can be chosen


def test_a_visitor_must_log_in_first_and_sees_no_figures(make_app):
    app = _login(make_app)
    assert not app.exception
    assert [b.label for b in app.button] == ["Inloggen"]
    assert not app.get("vega_lite_chart") and not app.dataframe and not app.sidebar.selectbox


def test_an_account_not_in_the_list_sees_nothing_but_a_way_out(make_app):
    app = _login(make_app, "vreemde@voorbeeld.nl")
    assert not app.exception
    assert "nog niet bij een team" in app.warning[0].value and "vreemde@voorbeeld" in unescaped(app.warning[0].value)
    assert [b.label for b in app.button] == ["Uitloggen"]
    assert not app.get("vega_lite_chart") and not app.sidebar.selectbox


def test_a_wrong_user_list_stops_with_a_dutch_message_for_the_administrator(make_app):
    app = _login(make_app, "noor@voorbeeld.nl", users=[{"email": "noor@voorbeeld.nl", "rol": "teamlid"}])
    assert not app.exception
    assert "gebruikerslijst klopt niet" in app.error[0].value and "teamlid" in app.error[0].value


def test_a_team_member_sees_the_own_team_by_name_and_every_peer_pseudonymised(make_app):
    app = _login(make_app, "noor@voorbeeld.nl", users=USERS)
    assert not app.exception
    # an upload whose file name names another team: a team member sees its number and time instead
    data = (f"team;periode;indicator;waarde\n{OWN};2026-K3;tevredenheid;7,9\n").encode()
    store = Store(load_settings().db_url)
    store.import_upload(check_file(data, "cijfers van Aldervoort Dorp.csv", store), "cijfers van Aldervoort Dorp.csv", data)
    app.run()
    uploads = app.sidebar.selectbox(key="ctx_dataset").options
    assert len(uploads) == 3 and not [o for o in uploads if "Aldervoort" in o], uploads  # all, sample, this one
    assert all(re.fullmatch(r"Upload \d+ van \d\d-\d\d-\d{4} \d\d:\d\d", o) for o in uploads[1:]), uploads
    with pytest.raises(KeyError):
        app.sidebar.selectbox(key="ctx_team")  # no choice of team: held to the own team
    assert any("noor@voorbeeld" in unescaped(c.value) and OWN in c.value for c in app.sidebar.caption)
    others = real_team_names() - {OWN}
    for page in ("pages/trends.py", "pages/vergelijken.py", "pages/profielen.py", "pages/overzicht.py",
                 "pages/gesprek.py"):
        app.switch_page(page).run()
        assert not app.exception, page
        text = _page_text(app)
        assert OWN in text, page
        assert not [n for n in others if n in text], page
    for page, key, tabs in (("pages/vergelijken.py", "vg_tab", ("Trechter", "Rangorde")),
                            ("pages/profielen.py", "pf_tab", ("Teams zoals jullie", "Gebruikte gegevens")),
                            ("pages/gegevens.py", "gg_tab", ("Uploadgeschiedenis", "Downloads", "Indicatoren"))):
        app.switch_page(page).run()
        for tab in tabs:  # only the open tab is drawn: each one is looked at
            open_tab(app, key, tab)
            assert not app.exception and not [n for n in others if n in _page_text(app)], (page, tab)
    app.switch_page("pages/gegevens.py").run()
    assert not app.exception
    open_tab(app, "gg_tab", "Uploadgeschiedenis")
    assert any("voor managers" in i.value for i in app.info)  # no upload management
    with pytest.raises(KeyError):
        app.selectbox(key="history_choice")
    open_tab(app, "gg_tab", "Downloads")
    export = next(b for b in app.get("download_button") if "CSV" in b.proto.label and "Gegevens" in b.proto.label)
    assert export is not None


def test_a_link_to_another_team_does_not_change_a_team_members_view(make_app):
    app = make_app(query_params={"team": "Aldervoort Dorp"},
                   secrets={"auth": AUTH, "wijkdata": {"gebruikers": USERS}},
                   user={"is_logged_in": True, "email": "noor@voorbeeld.nl"})
    app.switch_page("pages/trends.py").run()
    assert not app.exception
    text = _page_text(app)
    assert f"{OWN} door de tijd" in text and "Aldervoort Dorp" not in text


def test_a_manager_chooses_any_team_and_sees_every_name(make_app):
    app = _login(make_app, "manager@voorbeeld.nl")
    assert [o for o in app.sidebar.selectbox(key="ctx_dataset").options if o.endswith(".csv")]  # file names
    assert len(app.sidebar.selectbox(key="ctx_team").options) == 40
    app.switch_page("pages/overzicht.py").run()
    assert not app.exception
    rows = set(app.dataframe[0].value.iloc[:, 0])
    assert rows == real_team_names()
    app.switch_page("pages/gegevens.py").run()
    open_tab(app, "gg_tab", "Uploadgeschiedenis")
    assert app.selectbox(key="history_choice") is not None  # upload management
