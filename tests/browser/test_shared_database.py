"""A shared installation: two app processes (as behind a reverse proxy) on one PostgreSQL database.
What a facilitator types through one is what a colleague sees through the other."""

import os
import time
from urllib.parse import parse_qs, quote, urlparse

import pytest

from tests.browser.conftest import Server, Visit
from tests.conftest import PG_URL_VARIABLE, _fresh_postgresql

TEAM = "Lindeburg Oost"


@pytest.fixture
def two_servers(tmp_path):
    url = os.environ.get(PG_URL_VARIABLE)
    if not url:
        pytest.skip(f"no PostgreSQL: set {PG_URL_VARIABLE} (.ci/run starts one and sets it)")
    _fresh_postgresql(url)
    servers = [Server(url, tmp_path / f"streamlit_{n}.log").start() for n in (1, 2)]
    yield servers
    for server in servers:
        server.stop()


def test_a_note_written_through_one_process_is_seen_through_the_other(browser, two_servers, tmp_path):
    first, second = two_servers
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
    colleague = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")  # her own browser
    here = Visit(context.new_page(), first, tmp_path / "eerste")
    there = Visit(colleague.new_page(), second, tmp_path / "tweede")
    for v in (here, there):
        v.page.set_default_timeout(120_000)

    here.open(f"/gesprek?team={quote(TEAM)}")  # the first start loads the sample, once for both
    here.by_key("knop_beginnen").locator("button").click()
    here.idle()
    gid = int(parse_qs(urlparse(here.page.url).query)["gesprek"][0])
    here.by_key(f"gs_naar_{gid}").click()  # jump to Voorspellen
    here.page.get_by_role("option", name="Voorspellen", exact=True).click()
    here.idle()
    assert "Stap 3 van 8: Voorspellen" in here.text()
    here.type_note(f"gs_note_{gid}_voorspellen_", "Via de eerste server: we verwachten minder aanmeldingen.")

    there.open(f"/gesprek?team={quote(TEAM)}&gesprek={gid}")
    text = there.text()
    assert "Stap 3 van 8: Voorspellen" in text  # the step the first process moved to
    assert "Via de eerste server: we verwachten minder aanmeldingen." in text  # under "Ook genoteerd"
    there.shot("tweede_server_ziet_notitie")

    # the big screen served by the other process follows the laptop within a second or so
    beamer_ctx = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nl-NL")
    beamer = Visit(beamer_ctx.new_page(), second, tmp_path / "beamer")
    beamer.page.set_default_timeout(120_000)
    beamer.open(f"/gesprek?team={quote(TEAM)}&gesprek={gid}&scherm=beamer")
    footer = beamer.page.locator(".st-key-gs_beamer_footer")
    assert "Stap 3 van 8" in footer.inner_text() and "onderdeel 1 van" in footer.inner_text()
    times = []
    for expected in ("onderdeel 2 van", "onderdeel 3 van"):  # Voorspellen: prompts, then the notes
        here.page.evaluate("document.activeElement.blur()")
        here.page.keyboard.press("ArrowRight")  # the laptop's key, on the first process
        start = time.monotonic()
        footer.get_by_text(expected).wait_for(timeout=20_000)
        times.append(time.monotonic() - start)
    beamer.shot("beamer_volgt_via_andere_server")
    print(f"\n[shared] a beamer on the other process followed the laptop in {', '.join(f'{t:.2f}' for t in times)} s")
    assert not here.page_errors and not there.page_errors and not beamer.page_errors
    beamer_ctx.close()
    colleague.close()
    context.close()

    from wijkdata.store import Store

    store = Store(first.db_url)
    assert len(store.datasets()) == 2  # one sample (teams and figures), not one per process
    store.engine.dispose()
