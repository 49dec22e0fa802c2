"""A CBS Kerncijfers export of 411 columns through the real mapping table in Chromium: search,
skip, change a cell, combine the same figure of other years, import; with the time each rerun
of the mapping step takes (printed for the README and the issue note, never asserted)."""

import time

from tests.browser.conftest import IDLE
from wijkdata.sample_exports import cbs_kwb_csv


RUNNING = "[data-testid=stApp][data-test-script-state=running]"


def _timed(v, action) -> float:
    """Seconds from the action until the rerun it started is over: first the app must be seen
    running (else a fast rerun would be timed as zero), then idle again."""
    start = time.perf_counter()
    action()
    try:
        v.page.wait_for_selector(RUNNING, timeout=3_000)
    except Exception:  # over before we looked: the time until now is an upper bound
        pass
    seen = time.perf_counter()
    v.page.wait_for_selector(IDLE, timeout=120_000)
    print(f"    (tot de rerun begint {seen - start:.2f} s, rerun {time.perf_counter() - seen:.2f} s)")
    return time.perf_counter() - start


def _mapping_cell(v, row: int = 0):
    """Centre of the 'Wat staat erin' cell of a row of the mapping table (a canvas grid)."""
    grid = v.page.locator("[data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    return box["x"] + 0.745 * box["width"], box["y"] + 35 + 35 * row + 17


def _search(v, text: str) -> float:
    field = v.page.get_by_label("Zoek een kolom")
    field.fill(text)
    return _timed(v, lambda: field.press("Enter"))


def test_a_cbs_export_of_411_columns_is_mapped_and_imported_in_the_browser(visit, tmp_path, capsys):
    v = visit
    path = tmp_path / "kerncijfers_wijken_en_buurten.csv"
    path.write_bytes(cbs_kwb_csv())
    timings = {}
    with v.step("cbs_upload"):
        v.open("/gegevens")
        timings["upload tot rapport"] = _timed(v, lambda: v.page.set_input_files(
            "[data-testid=stFileUploaderDropzoneInput]", str(path)))
        v.idle()
        text = v.text()
        assert "Herkend: CBS Kerncijfers wijken en buurten" in text and "411 kolommen" in text
        assert "1.001 rijen vallen buiten het rijfilter" in text
        assert "WijkenEnBuurten" in v.page.locator("[role=gridcell]").all_inner_texts()  # the table's own cells
    with v.step("cbs_zoeken_en_overslaan"):
        timings["zoeken"] = _search(v, "Voorziening")
        assert "getoond" in v.text() and "van 411 kolommen getoond" in v.text()
        timings["getoonde kolommen overslaan"] = _timed(
            v, lambda: v.page.get_by_role("button", name="Getoonde kolommen overslaan").click())
    with v.step("cbs_cel_wijzigen"):
        # one year's column taken off the indicator, as a user might by mistake …
        _search(v, "PercentageJongerenMetJeugdzorg_98")
        x, y = _mapping_cell(v)
        v.page.mouse.dblclick(x, y)
        v.page.wait_for_timeout(500)
        v.page.keyboard.type("niet gebruiken")
        timings["een koppeling in de tabel wijzigen"] = _timed(v, lambda: v.page.keyboard.press("Enter"))
        v.idle()
        assert "Zelfde cijfer uit 1 kolommen van andere jaren samenvoegen" in v.text()
    with v.step("cbs_samenvoegen"):
        # … and put back with the button that combines the same figure of other years
        timings["samenvoegen"] = _timed(v, lambda: v.page.get_by_role(
            "button", name="Zelfde cijfer uit 1 kolommen van andere jaren samenvoegen").click())
        v.idle()
        assert "van andere jaren samenvoegen" not in v.text()  # nothing left to combine
    with v.step("cbs_rijfilter"):
        def choose(level: str) -> None:
            box = v.page.locator("[data-testid=stSelectbox]", has_text="Welke regio's worden teams?")
            box.click()
            v.page.keyboard.type(level)
            v.page.keyboard.press("Enter")

        timings["regioniveau kiezen"] = _timed(v, lambda: choose("buurten"))
        v.idle()
        assert "‘Buurt’" in v.text()  # the row filter follows the level
        choose("wijken")
        v.idle()
    with v.step("cbs_importeren"):
        assert "Importeer 1.988 waarden" in v.text()
        timings["importeren"] = _timed(v, lambda: v.page.get_by_role("button", name="Importeer 1.988 waarden").click())
        v.idle()
        assert "kerncijfers_wijken_en_buurten.csv is geïmporteerd" in v.text()
    assert not v.page_errors and not v.outside
    with capsys.disabled():
        print("\nKoppelstap met 1.498 rijen × 411 kolommen (Chromium, seconden tot de app weer stil is):")
        for what, seconds in timings.items():
            print(f"  {what}: {seconds:.2f}".replace(".", ","))
