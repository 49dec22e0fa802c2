"""Trends, Vergelijken and Overzicht on the sample data, driven through AppTest."""

import json

from tests.conftest import chart_data, charts, open_tab, real_team_names, unescaped
from wijkdata.stats.spc import ASSURANCE_WORDS, VARIATION_WORDS


def test_trends_shows_phrase_signals_chart_and_table(app):
    app.switch_page("pages/trends.py").run()
    assert not app.exception
    heads = [s.value for s in app.subheader]
    assert heads[0].endswith(("geen duidelijke verandering", "te weinig punten", "wordt beter", "wordt slechter"))
    assert "Tevredenheid" in heads[0] and "Uitval" in heads[1]
    assert any("SPC" in m.value for m in app.markdown)
    specs = charts(app)
    assert len(specs) == 2
    assert specs[0]["config"]["locale"]["number"]["decimal"] == ","
    assert "door de tijd" in specs[0]["title"]["text"]
    assert {b.label for b in app.get("download_button")} >= {"Grafiek als PNG", "Grafiek als SVG",
                                                              "Gegevens bij de grafiek (CSV)"}
    assert not app.dataframe  # the closed tab is not drawn (nor computed)
    app.session_state["tr_tab"] = "Tabel"
    app.run()
    table = app.dataframe[0].value
    assert list(table.columns[:4]) == ["Indicator", "Eenheid", "Van", "Tot"] and len(table) == 25
    # the Making Data Count summary: variation of the latest point and the reference, in words
    assert set(table["Variatie (SPC)"]) <= set(VARIATION_WORDS.values()) | {""}
    assert (table["Variatie (SPC)"] != "").sum() >= 15
    assert set(table["Referentie (SPC)"]) - {""} and set(table["Referentie (SPC)"]) <= set(ASSURANCE_WORDS.values()) | {""}
    assert not charts(app)


def test_trends_rolling_year_shows_what_quarters_hide(app):
    app.switch_page("pages/trends.py").run()
    app.multiselect(key="tr_ind").set_value(["uitval"]).run()
    def hidden_share():
        text = next((c.value for c in app.caption if "verborgen" in c.value), "0 van de 1 ")
        words = text.split(" ")
        return int(words[0]) / int(words[3])

    quarter = hidden_share()
    app.radio(key="tr_window").set_value("jaar").run()
    assert hidden_share() < quarter / 1.5
    assert not app.exception


def test_trends_opens_from_a_link(make_app):
    app = make_app({"indicator": ["wachttijd", "doorlooptijd"], "groep": "gemeente", "team": "Waterveen Centrum",
                    "periode": "2024-K1..2025-K4"})
    assert not app.exception
    assert app.sidebar.selectbox(key="ctx_team").value == "Waterveen Centrum"
    assert app.sidebar.select_slider(key="ctx_periods").value == ("2024-K1", "2025-K4")
    app.switch_page("pages/trends.py").run()
    assert app.sidebar.selectbox(key="ctx_team").value == "Waterveen Centrum"
    app.session_state["tr_tab"] = "Tabel"
    app.run()
    table = app.dataframe[0].value
    shown = table[table["Van"] != ""]
    assert (shown["Van"] >= "2024 K1").all() and (shown["Tot"] <= "2025 K4").all()  # the table keeps to the range
    assert app.multiselect(key="tr_ind").value == ["wachttijd", "doorlooptijd"]
    assert app.selectbox(key="tr_groep").value == "gemeente"
    assert app.query_params["indicator"] == ["wachttijd", "doorlooptijd"]


def test_rebaseline_is_kept_with_its_reason(app):
    app.switch_page("pages/trends.py").run()
    app.multiselect(key="tr_ind").set_value(["wachttijd"]).run()
    app.text_input(key="base_reason_wachttijd").set_value("nieuwe werkwijze bij aanmelding")
    app.selectbox(key="base_start_wachttijd").set_value("2025-K1")
    next(b for b in app.button if b.label == "Basislijn toevoegen").click().run()
    assert not app.exception
    assert any("nieuwe werkwijze bij aanmelding" in m.value for m in app.markdown)
    app.switch_page("pages/start.py").run()
    app.switch_page("pages/trends.py").run()
    assert any("nieuwe werkwijze bij aanmelding" in m.value for m in app.markdown)


def test_vergelijken_summary_charts_and_pseudonyms(app):
    app.switch_page("pages/vergelijken.py").run()
    assert not app.exception
    summary = app.markdown[0].value
    assert summary.startswith("#### Op ") and "indicatoren wijken jullie duidelijk af" in summary
    assert len(charts(app)) == 1  # only the open tab is drawn
    profile = app.dataframe[0].value
    assert {"Uw team", "Vergelijkingswaarde", "Oordeel"} <= set(profile.columns)
    specs, text = [], ""
    for tab in ("Profiel", "Trechter", "Rangorde"):
        open_tab(app, "vg_tab", tab)
        assert not app.exception and len(charts(app)) == 1, tab
        specs += charts(app)
        text += json.dumps(charts(app), ensure_ascii=False) + "".join(
            frame.to_json(force_ascii=False) for frames in chart_data(app) for frame in frames)
    own = app.sidebar.selectbox(key="ctx_team").value
    others = real_team_names() - {own}
    assert not [name for name in others if name in text]  # peers only as Team A, B, …
    assert "Team " in text


def test_vergelijken_peer_group_gemeente(app, make_app):
    app.switch_page("pages/vergelijken.py").run()
    app.selectbox(key="vg_groep").set_value("gemeente").run()
    # Aldervoort has two other teams: on their own they would be recognisable, so all teams instead
    assert "alle 39 andere teams (in de gekozen groep zijn minder dan 3" in unescaped(app.markdown[0].value)
    app = make_app(query_params={"team": "Lindeburg Oost"})
    app.switch_page("pages/vergelijken.py").run()
    app.selectbox(key="vg_groep").set_value("gemeente").run()
    assert "5 andere teams in gemeente Lindeburg" in unescaped(app.markdown[0].value)
    app.selectbox(key="vg_groep").set_value("zoals").run()
    assert "de 8 teams die het meest op uw team lijken" in app.markdown[0].value
    assert any("gezocht op inwoners van 0 tot 18 jaar, stedelijkheid, formatie (fte)" in unescaped(c.value)
               for c in app.caption)
    assert not app.exception
    # teams picked on outcomes (a choice on Profielen) resemble the team there by construction:
    # those outcomes get no verdict, and the page says why
    app.session_state["nb_ind"] = ["doelen_bereikt", "tevredenheid"]
    app.session_state["nb_kenm"] = []
    app.run()
    assert any("Op die cijfers zelf geeft deze pagina geen oordeel" in unescaped(c.value) for c in app.caption)
    profile = app.dataframe[0].value.set_index("Indicator")
    assert set(profile.loc[["Doelen bereikt", "Tevredenheid (rapportcijfer)"], "Oordeel"]) == {"gekozen op dit cijfer"}
    assert (profile.drop(index=["Doelen bereikt", "Tevredenheid (rapportcijfer)"])["Oordeel"] != "gekozen op dit cijfer").all()
    assert not app.exception


def test_overzicht_heatmap_filters_and_levels(app):
    app.switch_page("pages/overzicht.py").run()
    assert not app.exception
    sent = chart_data(app)
    assert len(sent) == 1 and sum(len(frame) for frame in sent[0]) <= 5000
    assert len(app.dataframe[0].value) == 40
    app.multiselect(key="ov_gem").set_value(["Lindeburg"]).run()
    assert len(app.dataframe[0].value) == 6
    app.radio(key="ov_niveau").set_value("gemeente").run()
    assert app.dataframe[0].value.iloc[:, 0].tolist() == ["Lindeburg"]
    app.multiselect(key="ov_gem").set_value([]).run()
    app.selectbox(key="ov_soort").set_value("niet_actief").run()
    assert not app.exception and len(app.dataframe[0].value) >= 1


def test_data_owner_can_allow_real_names(app):
    app.switch_page("pages/gegevens.py").run()
    open_tab(app, "gg_tab", "Uploadgeschiedenis")
    app.selectbox(key="history_choice").set_value(2).run()
    app.toggle(key="names_visible_2").set_value(True).run()
    assert any("zichtbaar voor andere teams" in s.value for s in app.success)
    app.switch_page("pages/vergelijken.py").run()
    open_tab(app, "vg_tab", "Rangorde")
    text = "".join(frame.to_json(force_ascii=False) for frames in chart_data(app) for frame in frames)
    own = app.sidebar.selectbox(key="ctx_team").value
    assert [name for name in real_team_names() - {own} if name in text] and "Team A" not in text


def test_trends_shows_at_most_four_indicators_and_says_so_in_dutch(app):
    app.switch_page("pages/trends.py").run()
    five = app.multiselect(key="tr_ind").options[:5]
    app.multiselect(key="tr_ind").set_value(five).run()
    assert not app.exception
    assert any("U koos 5 indicatoren; de eerste vier staan hieronder" in w.value for w in app.warning)
    assert len(charts(app)) == 4
