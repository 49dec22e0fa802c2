"""A list of trajecten on the Gegevens page, driven through AppTest: recognised, codes chosen,
imported without its original, and refused when it carries personal data."""

from tests.conftest import SAMPLE, open_tab, report_table, unescaped
from wijkdata.sample_trajectories import REASONS, trajectory_frame

EXPORT = (SAMPLE / "registratie_export_trajecten.csv").read_bytes()
ADMIN = REASONS["administratief"]


def code_box(app, value: str):
    return next(s for s in app.selectbox if s.label.startswith(value + " ("))


def test_a_registration_export_is_recognised_its_codes_chosen_and_imported_without_the_file(app):
    app.switch_page("pages/gegevens.py").run()
    app.file_uploader[0].upload("export_trajecten.csv", EXPORT, "text/csv")
    app.run()
    assert not app.exception
    assert any("Kolommen koppelen" in h.value for h in app.subheader)
    assert any("Herkend: een lijst van trajecten" in m.value for m in app.markdown)
    assert code_box(app, REASONS["uitval"]).value == "uitval"
    assert code_box(app, ADMIN).value is None  # no words that say what it means
    report = report_table(app)
    assert any(ADMIN in p for p in report["Probleem"])
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Trajecten in het bestand"] == "2.298"
    code_box(app, ADMIN).set_value("overig").run()
    assert not app.exception
    assert not any(ADMIN in p for p in report_table(app)["Probleem"])
    assert any("Het bestand zelf wordt niet bewaard" in unescaped(m.value) for m in app.markdown)
    import_button = next(b for b in app.button if b.label.startswith("Importeer"))
    import_button.click().run()
    assert not app.exception
    assert any("geïmporteerd als upload" in unescaped(s.value) for s in app.success)
    open_tab(app, "gg_tab", "Uploadgeschiedenis")
    app.selectbox(key="history_choice").set_value(3).run()
    assert not [b for b in app.get("download_button") if b.label == "Origineel bestand downloaden"]
    assert any("niet bewaard" in c.value for c in app.caption)


def test_an_export_with_a_name_column_is_stopped_before_the_mapping_step(app):
    frame = trajectory_frame().head(40).assign(Achternaam="Jansen")
    app.switch_page("pages/gegevens.py").run()
    app.file_uploader[0].upload("export.csv", frame.to_csv(sep=";", index=False).encode(), "text/csv")
    app.run()
    assert not app.exception
    message = unescaped(app.error[0].value)
    assert "‘Achternaam’ lijkt een naam te bevatten" in message and "Jansen" not in message
    assert not [h for h in app.subheader if "Kolommen koppelen" in h.value]


def test_an_own_figure_is_added_as_a_rule_and_imported(app):
    app.switch_page("pages/gegevens.py").run()
    app.file_uploader[0].upload("export_trajecten.csv", EXPORT, "text/csv")
    app.run()
    digest = next(k for k in app.session_state.keys() if k.startswith("plan_"))[len("plan_"):]
    app.selectbox(key=f"rule_ind_{digest}").set_value("wachttijd").run()
    app.button(key=f"rule_add_{digest}").click().run()
    assert any("kies de kolom met de getallen" in w.value for w in app.warning)  # nothing added yet
    app.selectbox(key=f"rule_mcol_{digest}").set_value("Wachttijd (dagen)").run()
    app.button(key=f"rule_add_{digest}").click().run()
    assert not app.exception
    assert any("Wachttijd: het gemiddelde van ‘Wachttijd (dagen)’" in unescaped(m.value) for m in app.markdown)
    import_button = next(b for b in app.button if b.label.startswith("Importeer"))
    assert import_button.label == "Importeer 468 waarden"  # 432 and one wachttijd per team and quarter
    app.button(key=f"rule_remove_{digest}_0").click().run()
    assert next(b for b in app.button if b.label.startswith("Importeer")).label == "Importeer 432 waarden"


def test_a_team_member_imports_the_own_teams_figures_from_a_shared_export(make_app):
    from tests.test_access import AUTH, OWN, USERS
    from wijkdata.config import load_settings
    from wijkdata.store import Store

    frame = trajectory_frame()
    frame["Wijkteam"] = frame["Wijkteam"].replace({"Heuvelrade Centrum": OWN})
    own_rows = int((frame["Wijkteam"] == OWN).sum())
    app = make_app(secrets={"auth": AUTH, "wijkdata": {"gebruikers": USERS}},
                   user={"is_logged_in": True, "email": "noor@voorbeeld.nl"})
    app.switch_page("pages/gegevens.py").run()
    app.file_uploader[0].upload("export.csv", frame.to_csv(sep=";", index=False).encode(), "text/csv").run()
    assert not app.exception
    errors = [unescaped(e.value) for e in app.error]
    assert any(f"{len(frame) - own_rows:,} rijen horen niet bij uw eigen team".replace(",", ".") in e for e in errors)
    assert not [e for e in errors if "Heuvelrade" in e]  # other teams are not named
    store = Store(load_settings().db_url)
    before = store.observations(teams=["Heuvelrade Kerkwijk"], indicators=["uitval"])
    next(b for b in app.button if b.label.startswith("Importeer")).click().run()
    assert not app.exception
    lopend = store.observations(teams=[OWN], indicators=["trajecten_lopend"]).set_index("periode")["waarde"]
    assert lopend.index.max() == "2026-K3" and lopend.min() > 0
    after = store.observations(teams=["Heuvelrade Kerkwijk"], indicators=["uitval"])
    assert after.equals(before)  # another team's figures untouched
