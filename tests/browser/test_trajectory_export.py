"""A registration system's list of trajecten through the real Gegevens page in Chromium: the
export recognised, the one code without words given a meaning, imported; then the computed
uitval with its 95%-interval on Trends."""

from tests.conftest import SAMPLE
from wijkdata.sample_trajectories import REASONS

EXPORT = SAMPLE / "registratie_export_trajecten.csv"
TEAM = "Heuvelrade Centrum"


def _choose(v, label_start: str, option: str) -> None:
    box = v.page.locator("[data-testid=stSelectbox]", has_text=label_start).first
    box.scroll_into_view_if_needed()
    box.click()
    v.page.get_by_role("option", name=option).click()
    v.idle()


def _interval_tooltip(v) -> str:
    """Moves the mouse over the uitval chart until a point's tooltip shows, and returns its text."""
    chart = v.page.locator("[data-testid=stVegaLiteChart]").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    tooltip = v.page.locator("#vg-tooltip-element")
    for fx in (0.93, 0.88, 0.83, 0.78, 0.7, 0.6, 0.5):
        for fy in [i / 40 for i in range(2, 36)]:
            v.page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
            v.page.wait_for_timeout(30)
            if tooltip.count() and tooltip.is_visible() and "95%-interval" in tooltip.inner_text():
                return tooltip.inner_text()
    return ""


def test_a_registration_export_is_mapped_imported_and_its_uitval_shown_with_its_interval(visit):
    v = visit
    with v.step("trajecten_upload"):
        v.open("/gegevens")
        v.page.set_input_files("[data-testid=stFileUploaderDropzoneInput]", str(EXPORT))
        v.idle()
        text = v.text()
        assert "Herkend: een lijst van trajecten" in text and "Wat betekenen de codes?" in text
        assert "nog geen betekenis" in text  # the administrative code, in the report
        assert "CL07" not in text  # no client number on screen, not even as an example in the mapping table
    with v.step("trajecten_code_kiezen"):
        _choose(v, REASONS["administratief"], "anders afgesloten (verhuisd, overleden): geen uitval")
        text = v.text()
        assert "nog geen betekenis" not in text
        assert "Het bestand zelf wordt niet bewaard" in text
    with v.step("trajecten_importeren"):
        v.page.get_by_role("button", name="Importeer 432 waarden").click()
        v.idle()
        assert "geïmporteerd als upload" in v.text()
    with v.step("trajecten_trends_uitval"):
        v.open("/trends?team=" + TEAM.replace(" ", "+") + "&indicator=uitval")
        assert f"{TEAM}" in v.text() and "Uitval" in v.text()
        tip = _interval_tooltip(v)
        assert "95%-interval van" in tip and "95%-interval tot" in tip, tip
        assert "," in tip  # a decimal comma
    assert not v.page_errors and not v.outside
