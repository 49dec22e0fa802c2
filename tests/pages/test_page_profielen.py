"""Profielen on the sample data, driven through AppTest."""

import json

from tests.conftest import chart_data, charts, open_tab, real_team_names


def open_profielen(app):
    app.switch_page("pages/profielen.py").run()
    assert not app.exception
    return app


def test_profiles_page_shows_own_profile_map_and_cards(app):
    open_profielen(app)
    own = app.sidebar.selectbox(key="ctx_team").value
    headline = app.markdown[0].value
    assert headline.startswith(f"#### {own} hoort bij profiel ") and "andere teams" in headline
    assert any("3 profielen" in c.value and "De indeling is stevig" in c.value for c in app.caption)
    specs = charts(app)
    assert len(specs) == 1 + 3  # the map and one small chart per profile card
    assert specs[0]["title"]["text"] == "Teams zoals jullie: de kaart van profielen"
    assert specs[0]["config"]["locale"]["number"]["decimal"] == ","
    cards = [m.value for m in app.markdown if m.value.startswith("### Profiel ")]
    assert len(cards) == 3 and "Uw profiel" in cards[0]  # the own profile comes first
    starters = [m.value for m in app.markdown if m.value.startswith("- **")]
    assert 6 <= len(starters) <= 9
    assert any("Gespreksvraag" in c.value for c in app.caption)


def test_profiles_show_peers_only_by_pseudonym(app):
    open_profielen(app)
    own = app.sidebar.selectbox(key="ctx_team").value
    text = json.dumps(charts(app), ensure_ascii=False) + "".join(
        frame.to_json(force_ascii=False) for frames in chart_data(app) for frame in frames)
    text += "".join(m.value for m in app.markdown) + "".join(
        df.value.to_json(force_ascii=False) for df in app.dataframe)
    assert not [name for name in real_team_names() - {own} if name in text]
    assert own in text and "Team " in text
    sent = chart_data(app)[0]
    assert sum(len(frame) for frame in sent) <= 5000


def test_the_number_of_profiles_can_be_chosen_and_linked(app, make_app):
    open_profielen(app)
    app.selectbox(key="pf_aantal").set_value(4).run()
    assert not app.exception
    assert any("in 4 profielen" in c.value for c in app.caption)
    assert len([m for m in app.markdown if m.value.startswith("### Profiel ")]) == 4
    assert app.query_params["profielen"] in ("4", ["4"])
    linked = make_app({"profielen": "2", "perioden": "8"})
    linked.switch_page("pages/profielen.py").run()
    assert linked.selectbox(key="pf_aantal").value == 2 and linked.radio(key="pf_venster").value == 8
    assert any("in 2 profielen" in c.value for c in linked.caption)


def test_too_few_indicators_gets_a_dutch_message(app):
    open_profielen(app)
    app.multiselect(key="pf_ind").set_value(["wachttijd"]).run()
    assert not app.exception
    assert any("minstens twee bruikbare indicatoren" in e.value for e in app.error)
    assert not [m for m in app.markdown if m.value.startswith("### Profiel ")]


def test_context_variables_can_join_the_profile(app):
    open_profielen(app)
    app.multiselect(key="pf_kenm").set_value(["stedelijkheid"]).run()
    assert not app.exception
    assert any("op 12 gegevens" in c.value for c in app.caption)
    open_tab(app, "pf_tab", "Gebruikte gegevens")
    used = app.dataframe[-1].value if "Gegeven" in app.dataframe[-1].value.columns else app.dataframe[-2].value
    assert "Stedelijkheid" in set(used["Gegeven"])


def test_similar_teams_list_and_the_way_to_vergelijken(make_app):
    app = open_profielen(make_app({"team": "Lindeburg Oost", "periode": "2024-K1..2025-K4"}))
    open_tab(app, "pf_tab", "Teams zoals jullie")
    table = next(df.value for df in app.dataframe if "Lijkt vooral op" in df.value.columns)
    assert len(table) == 8 and table["Verschil"].is_monotonic_increasing
    app.slider(key="nb_aantal").set_value(5).run()
    table = next(df.value for df in app.dataframe if "Lijkt vooral op" in df.value.columns)
    assert len(table) == 5
    app.button(key="go_vergelijken").click().run()
    assert not app.exception
    assert app.selectbox(key="vg_groep").value == "zoals"
    assert "de 5 teams die het meest op uw team lijken" in app.markdown[0].value
    # a switch from code forgets widgets in Streamlit: team and period must come along
    assert app.sidebar.selectbox(key="ctx_team").value == "Lindeburg Oost"
    assert app.sidebar.select_slider(key="ctx_periods").value == ("2024-K1", "2025-K4")
    dataset = app.sidebar.selectbox(key="ctx_dataset")
    assert dataset.index is not None and dataset.options[dataset.index] == "Alle actuele gegevens"


def test_used_data_lists_filled_in_values(app):
    open_profielen(app)
    open_tab(app, "pf_tab", "Gebruikte gegevens")
    texts = [m.value for m in app.markdown]
    assert any(t.startswith("**Periodes:**") for t in texts)
    # over four periods every sample team has every value; a single quarter has the planted gaps
    assert any(t.startswith("**Aangevulde waarden:** geen") for t in texts)
    app.radio(key="pf_venster").set_value(1).run()
    filled = next(df.value for df in app.dataframe if "Aangevulde waarden" in df.value.columns)
    assert len(filled) == 2 and (filled["Aangevulde waarden"] == 1).all() and (filled["Van de"] == 11).all()
    assert any(b.label == "Profielindeling als CSV" for b in app.get("download_button"))


def test_choices_survive_a_visit_to_another_page(app):
    open_profielen(app)
    app.selectbox(key="pf_aantal").set_value(4).run()
    open_tab(app, "pf_tab", "Teams zoals jullie")
    app.slider(key="nb_aantal").set_value(6).run()
    app.switch_page("pages/trends.py").run()
    app.multiselect(key="tr_ind").set_value(["wachttijd"]).run()
    app.switch_page("pages/vergelijken.py").run()
    app.selectbox(key="vg_groep").set_value("zoals").run()
    assert "de 6 teams die het meest op uw team lijken" in app.markdown[0].value
    app.switch_page("pages/profielen.py").run()
    assert app.selectbox(key="pf_aantal").value == 4 and app.slider(key="nb_aantal").value == 6
    app.switch_page("pages/trends.py").run()
    assert app.multiselect(key="tr_ind").value == ["wachttijd"]
    assert not app.exception


def test_trends_can_show_the_band_of_teams_like_yours(app):
    app.switch_page("pages/trends.py").run()
    app.selectbox(key="tr_groep").set_value("zoals").run()
    assert not app.exception
    assert any("Teams zoals jullie: gezocht op" in c.value for c in app.caption)
    subtitle = " ".join(charts(app)[0]["title"]["subtitle"])
    assert "de 8 teams die het meest op uw team lijken" in subtitle


def test_few_teams_get_a_message_not_an_error(tmp_path, monkeypatch):
    """A gemeente with three teams uploads its own figures: no profiles, a Dutch reason, no traceback."""
    import streamlit as st

    from tests.conftest import ROOT
    from wijkdata.service import check_file
    from wijkdata.store import Store
    from wijkdata.ui.apptest import open_app

    url = f"sqlite:///{tmp_path / 'klein.sqlite'}"
    rows = ["team;periode;indicator;waarde"] + [
        f"Team {t};2025-K{q};{code};{value + q + 3 * i}".replace(".", ",")
        for i, t in enumerate("PQR") for q in (1, 2, 3, 4)
        for code, value in (("wachttijd", 20.0), ("doorlooptijd", 350.0), ("tevredenheid", 7.1))]
    content = "\n".join(rows).encode()
    store = Store(url)
    store.import_upload(check_file(content, "klein.csv", store), "klein.csv", content)
    monkeypatch.setenv("WIJKDATA_DB_URL", url)
    monkeypatch.chdir(ROOT)
    st.cache_resource.clear()
    st.cache_data.clear()
    app = open_app(ROOT / "app.py")
    app.run()
    app.switch_page("pages/profielen.py").run()
    assert not app.exception
    assert any("minstens 6 teams met gegevens nodig; hier zijn er 3" in e.value for e in app.error)
    assert not [m for m in app.markdown if m.value.startswith("### Profiel ")]
    app.switch_page("pages/vergelijken.py").run()
    app.selectbox(key="vg_groep").set_value("zoals").run()
    assert not app.exception
    assert any("te weinig gegevens" in i.value for i in app.info)
    st.cache_resource.clear()
