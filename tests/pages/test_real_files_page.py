"""Real files through the Gegevens page (AppTest): a CBS Kerncijfers export of 411 columns and a
gemeente monitor with figures no catalogue knows."""

from wijkdata.config import load_settings
from wijkdata.sample_exports import cbs_kwb_csv, monitor_csv
from wijkdata.store import Store
from tests.conftest import mapping_plan, open_tab, report_table, set_mapping, unescaped


def _upload(app, name: str, data: bytes):
    app.switch_page("pages/gegevens.py").run()
    app.file_uploader[0].upload(name, data, "text/csv")
    return app.run()


def test_a_cbs_export_is_recognised_filtered_combined_and_imported_per_year(app):
    _upload(app, "kwb.csv", cbs_kwb_csv())
    assert not app.exception
    assert any("Herkend: CBS Kerncijfers wijken en buurten" in m.value for m in app.markdown)
    plan = mapping_plan(app)
    assert plan.options.row_filter == {"SoortRegio_2": ("Wijk",)} and plan.options.frequency == "jaar"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Rijen in het bestand"] == "1.498" and metrics["Afgewezen rijen"] == "0"
    assert metrics["Bruikbare waarden"] == "1.988"  # 71 wijken x 7 jaar x 4 cijfers; buurten and gemeente left out
    said = "\n".join(unescaped(m.value) for m in app.markdown)
    assert "1.001 rijen vallen buiten het rijfilter" in said
    assert "JongerenMetJeugdzorgInNatura_88’ is gekoppeld, maar heeft geen enkele waarde" in said  # 2024: all '.'
    report = report_table(app)
    lost = report[report["Probleem"].str.contains("decimaalteken")]
    assert len(lost) == 3 and set(lost["Waarde"]) >= {"151"}  # 15,1% written as 151
    assert not report["Probleem"].str.contains("Een percentage boven 100").any()  # the precise warning instead
    next(b for b in app.button if b.label.startswith("Importeer")).click().run()
    assert not app.exception
    assert any("is geïmporteerd" in unescaped(s.value) for s in app.success)
    store = Store(load_settings().db_url)
    obs = store.observations(teams=["WK003401"])
    assert sorted(obs["periode"].unique()) == [str(y) for y in range(2018, 2025)]  # 1-1-2024 is the year 2024
    assert {"cbs_pct_jongeren_jeugdzorg", "cbs_wmo_clienten_per_1000"} <= set(obs["indicator"])
    assert "cbs_pct_jongeren_jeugdzorg" in store.catalog() and store.catalog()["cbs_pct_jongeren_jeugdzorg"].eigen
    team = store.teams().set_index("team").loc["WK003401"]
    assert team["kenmerken_periode"]["AantalInwoners"] == "2024"  # the newest year, not the last row (2018)
    assert team["gemeente"] == "Lindeburg"  # padded with spaces in the file


def test_a_level_choice_makes_buurten_the_teams(app):
    _upload(app, "kwb.csv", cbs_kwb_csv(n_wijken=6, n_columns=60))
    digest = next(k for k in app.session_state.keys() if k.startswith("plan_"))[len("plan_"):]
    app.selectbox(key=f"cbs_level_{digest}").set_value("Buurt").run()
    assert mapping_plan(app).options.row_filter == {"SoortRegio_2": ("Buurt",)}
    assert {m.label: m.value for m in app.metric}["Bruikbare waarden"] == f"{6 * 2 * 7 * 4}"


def test_a_gemeente_monitor_gets_own_indicators_from_the_mapping_step(app):
    _upload(app, "monitor.csv", monitor_csv())
    assert not app.exception
    set_mapping(app, {"Wijkteam": "team", "Jaar": "periode", "Gemeente": "gemeente"})
    # a column no catalogue knows: 'nieuwe indicator van deze kolom', unit guessed from the values
    digest = next(k for k in app.session_state.keys() if k.startswith("plan_"))[len("plan_"):]
    app.selectbox(key=f"map_new_col_{digest}").set_value("Schoolverzuim (%)").run()
    prefix = f"map_new_{digest}_Schoolverzuim (%)"
    assert app.selectbox(key=f"{prefix}_eenheid").value == "%"
    app.text_input(key=f"{prefix}_naam").set_value("Schoolverzuim").run()
    app.button(key=f"map_new_make_{digest}").click().run()
    assert not app.exception
    assert mapping_plan(app).mapping["Schoolverzuim (%)"] == "ind:schoolverzuim"
    next(b for b in app.button if b.label.startswith("Importeer")).click().run()
    assert not app.exception
    obs = Store(load_settings().db_url).observations(teams=["Wijkteam Noord"])
    assert set(obs["indicator"]) == {"schoolverzuim", "uitval"} and len(obs) == 8  # uitval: a catalogue name
    # and it is listed with the catalogue ones
    open_tab(app, "gg_tab", "Indicatoren")
    table = next(d.value for d in app.dataframe if "Herkomst" in d.value.columns)
    assert table.set_index("Code").loc["schoolverzuim", "Herkomst"] == "eigen"


def test_a_team_member_cannot_make_an_indicator(make_app):
    from tests.test_write_access import _login

    app = _login(make_app, "noor@voorbeeld.nl")
    _upload(app, "monitor.csv", monitor_csv())
    assert not app.exception
    assert any("Eigen indicatoren maakt een manager" in i.value for i in app.info)


def _app_after_a_cbs_import(make_app, query_params: dict):
    """The app on a database with the sample and six CBS wijken over seven years, opened by a link."""
    from wijkdata.ingest import read_table
    from wijkdata.service import check_table, ensure_sample, import_checked

    make_app()  # the database of this test
    store = Store(load_settings().db_url)
    ensure_sample(store)
    data = cbs_kwb_csv(n_wijken=6, n_columns=60)
    import_checked(store, check_table(read_table(data, "kwb.csv"), store), "kwb.csv", data)
    return make_app(query_params=query_params)


def test_trends_of_a_wijk_with_a_boundary_change_start_anew(make_app):
    app = _app_after_a_cbs_import(make_app, {"team": "WK003405", "indicator": "cbs_wmo_clienten"})
    app.switch_page("pages/trends.py").run()
    assert not app.exception
    assert app.sidebar.selectbox(key="ctx_team").value == "WK003405"
    app.radio(key="tr_window").set_value("periode").run()
    captions = [unescaped(c.value) for c in app.caption]
    assert any(c.startswith("Nieuwe reeks vanaf 2021: Nieuwe reeks volgens het bestand") for c in captions), captions
    assert any("sinds de laatste reeksbreuk" in c for c in captions)  # four years since: no trend yet
    assert any("Wmo-cliënten (CBS): te weinig punten" in unescaped(h.value) for h in app.subheader)


def test_profiles_say_which_year_the_attributes_are_from(make_app):
    app = _app_after_a_cbs_import(make_app, {"team": "WK003401", "kenmerk": "AantalInwoners"})
    app.switch_page("pages/profielen.py").run()
    assert not app.exception
    assert any("nieuwste periode met een waarde" in c.value and "2024" in c.value for c in app.caption)
