"""Journeys as a team and a manager make them, in Chromium against `streamlit run`.

Each step is screenshotted into test-artifacts/<test>/; a failing step names itself and leaves a
screenshot of what was on screen."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from tests.browser.conftest import ROOT

SAMPLE = ROOT / "sample_data"
NEW_TEAM = "Beekdal Zuid"


def team_file(tmp_path: Path) -> Path:
    """A team's own export: semicolons, decimal commas, Windows line ends, twelve quarters."""
    lines = (SAMPLE / "wijkdata_voorbeeld_lang.csv").read_text(encoding="utf-8").splitlines()
    rows = [lines[0]] + [line.replace("Lindeburg Oost", NEW_TEAM) for line in lines[1:]
                         if line.startswith("Lindeburg Oost;")]
    path = tmp_path / "beekdal_zuid_2026.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8"))
    return path


def choose_team(visit, team: str) -> None:
    visit.by_key("ctx_team").click()
    visit.page.get_by_role("option", name=team, exact=True).click()
    visit.idle()


def next_step(visit) -> None:
    """Volgende moves item by item through a step; pressed until the next step is there."""
    before = re.search(r"Stap (\d) van 8", visit.text())[1]
    for _ in range(20):
        visit.by_key("knop_volgende").locator("button").click()
        visit.idle()
        if re.search(r"Stap (\d) van 8", visit.text())[1] != before:
            return
    raise AssertionError(f"Volgende did not leave step {before}")


def assert_clean(visit) -> None:
    assert not visit.outside, f"requests leaving the machine: {visit.outside[:3]}"
    assert not visit.dialogs, f"a script opened a dialog: {visit.dialogs}"
    assert "Traceback" not in visit.text()


def test_newcomer_from_empty_database_to_a_report_that_survives_a_restart(visit, tmp_path):
    v = visit
    with v.step("start_op_voorbeeldgegevens"):
        v.open("/")
        assert "voorbeelddata met fictieve teams" in v.page.inner_text("[data-testid=stSidebar]")

    with v.step("upload_eigen_bestand"):
        v.open("/gegevens")
        v.page.set_input_files("[data-testid=stFileUploaderDropzoneInput]", str(team_file(tmp_path)))
        v.idle()
        text = v.text()
        assert "puntkomma" in text and "1. Kolommen koppelen" in text
        assert "lange vorm" in text  # the mapping step recognised the layout

    with v.step("controlerapport"):
        v.page.get_by_text("Koppeling bekijken of aanpassen").click()
        v.idle()
        # one row per column in the mapping table (the grid's accessible cells carry the text)
        assert "team" in v.page.locator("[role=gridcell]").all_inner_texts()
        text = v.text()
        assert "2. Controle" in text and "Bruikbare waarden" in text and "300" in text

    with v.step("importeren"):
        v.click_button("Importeer 300 waarden")
        assert "beekdal_zuid_2026.csv is geïmporteerd" in v.text()

    with v.step("trends"):
        choose_team(v, NEW_TEAM)
        v.page.get_by_role("link", name="Trends").click()
        v.idle()
        assert f"{NEW_TEAM} door de tijd" in v.text()
        assert v.page.locator("[data-testid=stVegaLiteChart]").count() >= 1

    with v.step("vergelijken"):
        v.page.get_by_role("link", name="Vergelijken").click()
        v.idle()
        assert NEW_TEAM in v.text()
        assert v.page.locator("[data-testid=stVegaLiteChart]").count() >= 1

    with v.step("profielen"):
        v.page.get_by_role("link", name="Profielen").click()
        v.idle()
        assert "Profiel" in v.text()
        assert v.page.locator("[data-testid=stVegaLiteChart]").count() >= 1

    with v.step("gesprek_voorbereiden"):
        v.page.get_by_role("link", name="Gesprek").click()
        v.idle()
        assert f"Nieuw gesprek voor {NEW_TEAM}" in v.text()
        v.by_key("knop_beginnen").locator("button").click()
        v.idle()
        assert "Stap 1 van 8: Voorbereiden" in v.text()
        query = parse_qs(urlparse(v.page.url).query)
        gid = int(query["gesprek"][0])
        box = v.by_key(f"gs_aanwezig_{gid}").locator("input")
        box.fill("Noor, Sam en Fatima")
        box.press("Enter")
        v.idle()

    with v.step("terugblik_en_voorspellen"):
        next_step(v)
        assert "Stap 2 van 8: Terugblik" in v.text()
        next_step(v)
        assert "Stap 3 van 8: Voorspellen" in v.text()
        assert v.page.locator("[data-testid=stVegaLiteChart]").count() == 0  # no chart before the prediction
        v.type_note(f"gs_note_{gid}_voorspellen_", "We verwachten dat de tevredenheid iets daalt.")

    with v.step("herkennen"):
        next_step(v)
        assert "Stap 4 van 8: Herkennen" in v.text()
        assert v.page.locator("[data-testid=stVegaLiteChart]").count() >= 1
        v.type_note(f"gs_note_{gid}_herkennen_", "Het laatste halfjaar ligt lager dan ervoor.")

    with v.step("verklaren"):
        next_step(v)
        assert "Stap 5 van 8: Verklaren" in v.text()
        v.type_note(f"gs_note_{gid}_verklaren_vertrouwen", "Nieuwe collega's kennen de gezinnen nog niet.")

    with v.step("waarderen"):
        next_step(v)
        assert "Stap 6 van 8: Waarderen" in v.text()
        assert re.search(r"\d,\d", v.text())  # figures with a decimal comma

    with v.step("verbeteren"):
        next_step(v)
        assert "Stap 7 van 8: Verbeteren" in v.text()
        v.page.get_by_label("Wat spreken we af?").fill("Elk gezin krijgt bij de start een vast aanspreekpunt")
        v.page.get_by_label("Wie").fill("Noor")
        v.page.get_by_role("button", name="Afspraak toevoegen").click()
        v.idle()
        assert "vast aanspreekpunt" in v.text()

    with v.step("afronden_en_verslag"):
        next_step(v)
        assert "Stap 8 van 8: Afronden" in v.text()
        with v.page.expect_download(timeout=120_000) as info:
            v.page.get_by_role("button", name="Verslag (PDF)").click()
        pdf = tmp_path / info.value.suggested_filename
        info.value.save_as(pdf)
        assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF")
        from pypdf import PdfReader

        report = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert NEW_TEAM in report and "vast aanspreekpunt" in report and "daalt" in report

    url = v.page.url
    with v.step("na_herstart_alles_terug"):
        v.server.restart(kill=True)  # as a crash: no shutdown, no goodbye
        v.page.goto(url)
        v.idle()
        text = v.text()
        assert "Stap 8 van 8: Afronden" in text and "vast aanspreekpunt" in text
        v.open("/trends?team=" + NEW_TEAM.replace(" ", "+"))
        assert f"{NEW_TEAM} door de tijd" in v.text()  # the import is there too

    assert_clean(v)
    assert not v.page_errors, v.page_errors


def test_manager_uploads_many_teams_explores_and_downloads(visit, tmp_path):
    v = visit
    with v.step("upload_xlsx_breed"):
        v.open("/gegevens")
        v.page.set_input_files("[data-testid=stFileUploaderDropzoneInput]", str(SAMPLE / "wijkdata_voorbeeld_breed.xlsx"))
        v.idle()
        assert "brede vorm" in v.text()
        button = v.page.get_by_role("button", name=re.compile(r"^Importeer [\d.]+ waarden$"))
        button.click()
        v.idle()
        assert "wijkdata_voorbeeld_breed.xlsx is geïmporteerd" in v.text()

    with v.step("overzicht_heatmap"):
        v.page.get_by_role("link", name="Overzicht").click()
        v.idle()
        assert v.page.locator("[data-testid=stVegaLiteChart]").count() >= 1
        assert "De tabel achter het overzicht" in v.text()

    with v.step("overzicht_per_gemeente"):
        v.page.get_by_text("Per gemeente", exact=False).first.click()
        v.idle()
        assert "Lindeburg" in v.text()

    with v.step("overzicht_downloaden"):
        with v.page.expect_download() as info:
            v.page.get_by_role("button", name="Overzicht downloaden (CSV)").click()
        path = tmp_path / "overzicht.csv"
        info.value.save_as(path)
        content = path.read_bytes().decode("utf-8-sig")
        assert ";" in content.splitlines()[0] and re.search(r"\d,\d", content)

    with v.step("gegevens_downloaden"):
        v.open("/gegevens")
        v.page.get_by_role("tab", name="Downloads").click()
        v.idle()
        with v.page.expect_download() as info:
            v.page.get_by_role("button", name="Gegevens downloaden (Excel)").click()
        path = tmp_path / "gegevens.xlsx"
        info.value.save_as(path)
        from openpyxl import load_workbook

        ws = load_workbook(path, read_only=True).active
        assert ws.max_row > 100

    assert_clean(v)
