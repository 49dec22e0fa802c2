"""The Start and Gegevens pages driven as a user would, through AppTest."""

from tests.conftest import SAMPLE, open_tab, report_table, set_mapping, unescaped


def test_first_start_shows_the_sample(app):
    assert not app.exception
    assert [m.value for m in app.metric][:2] == ["40", "25"]
    assert any("voorbeeldcijfers" in i.value for i in app.info)


def test_upload_report_import_history(app):
    app.switch_page("pages/gegevens.py").run()
    assert not app.exception
    app.file_uploader[0].upload("eigen_cijfers.csv", (SAMPLE / "wijkdata_voorbeeld_met_fouten.csv").read_bytes(), "text/csv")
    app.run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Afgewezen rijen"] == "5" and metrics["Bruikbare waarden"] == "7"  # 2062 K2: a typo for 2026
    report = report_table(app)
    assert "De teamnaam ontbreekt." in report["Probleem"].tolist()
    assert {b.label for b in app.get("download_button")} >= {"Rapport downloaden (CSV)",
                                                              "Afgewezen rijen downloaden om te verbeteren (CSV)"}
    import_button = next(b for b in app.button if b.label.startswith("Importeer"))
    assert import_button.label == "Importeer 7 waarden"
    import_button.click().run()
    assert not app.exception
    assert any("eigen_cijfers.csv is geïmporteerd als upload 3" in unescaped(s.value) for s in app.success)
    open_tab(app, "gg_tab", "Uploadgeschiedenis")
    history = next(d.value for d in app.dataframe if "Bestand" in d.value)
    assert "eigen_cijfers.csv" in history["Bestand"].tolist()


def test_mapping_step_for_foreign_headers(app):
    app.switch_page("pages/gegevens.py").run()
    app.file_uploader[0].upload("x.csv", b"Wie;Wanneer;Code;Hoeveel\nNoord;2024 K1;uitval;10\n", "text/csv")
    app.run()
    assert any("Geen kolom voor het team" in w.value for w in app.warning)
    set_mapping(app, {"Wie": "team", "Wanneer": "periode"})
    assert any("Geen kolom voor de waarde" in w.value for w in app.warning)
    set_mapping(app, {"Hoeveel": "waarde"})
    assert not app.warning
    assert next(b for b in app.button if b.label.startswith("Importeer")).label == "Importeer 1 waarden"


def test_delete_and_restore_from_history(app):
    app.switch_page("pages/gegevens.py").run()
    open_tab(app, "gg_tab", "Uploadgeschiedenis")
    app.selectbox(key="history_choice").set_value(2).run()
    app.button(key="delete").click().run()
    assert any("Upload 2 is verwijderd" in s.value for s in app.success)
    app.switch_page("pages/start.py").run()
    assert app.metric[0].value == "0"
    app.switch_page("pages/gegevens.py").run()
    open_tab(app, "gg_tab", "Uploadgeschiedenis")
    app.selectbox(key="history_choice").set_value(2).run()
    app.button(key="restore").click().run()
    assert any("teruggezet" in s.value for s in app.success)


def test_bad_file_gets_a_dutch_sentence_not_a_traceback(app):
    app.switch_page("pages/gegevens.py").run()
    app.file_uploader[0].upload("foto.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "text/csv").run()
    assert not app.exception
    assert any("afbeelding (PNG)" in unescaped(e.value) for e in app.error)


def test_an_upload_is_read_once_through_mapping_check_and_import(app, monkeypatch):
    """A 100 MB file was read twice by the page; now every step works on the one reading."""
    import wijkdata.ui.upload as upload

    calls = []
    real = upload.read_table
    monkeypatch.setattr(upload, "read_table", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    app.switch_page("pages/gegevens.py").run()
    app.file_uploader[0].upload("eenmaal.csv", b"Wie;Wanneer;Code;Hoeveel\nNoord;2024 K1;uitval;10\nZuid;2024 K1;uitval;12\n",
                                "text/csv")
    app.run()
    set_mapping(app, {"Wie": "team", "Wanneer": "periode", "Hoeveel": "waarde"})
    next(b for b in app.button if b.label.startswith("Importeer")).click().run()
    assert not app.exception and any("eenmaal.csv is geïmporteerd" in unescaped(s.value) for s in app.success)
    assert calls == ["eenmaal.csv"]
