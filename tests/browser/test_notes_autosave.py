"""Notes are saved while typing: text typed after the last blur survives the server being killed
(the issue lost it on kill -9 or a closed tab, while the box said 'Bewaard om')."""

import time

from tests.browser.conftest import ARTIFACTS, Visit
from wijkdata.service import ensure_sample
from wijkdata.store import Store


def _notes(server) -> list[str]:
    store = Store(server.db_url)
    try:
        return [t for t in store.conversations.notes(_notes.gid)["tekst"]]
    finally:
        store.engine.dispose()


def test_typing_without_leaving_the_box_is_saved_and_survives_a_crash(browser, server, request):
    store = Store(server.db_url)
    ensure_sample(store)
    _notes.gid = gid = store.conversations.start("Lindeburg Oost", ["uitval"], {})
    store.conversations.update(gid, stap=2)  # Voorspellen: one notes box
    store.engine.dispose()
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    v = Visit(context.new_page(), server, ARTIFACTS / request.node.name)
    v.page.set_default_timeout(60_000)
    v.open(f"/gesprek?team=Lindeburg+Oost&gesprek={gid}")
    key = f"gs_note_{gid}_voorspellen_"
    box = v.by_key(key).locator("textarea")
    box.click()
    v.page.keyboard.type("We verwachten minder uitval, ", delay=30)
    v.by_key(f"{key}_vak").get_by_text("Bewaard om").wait_for(state="visible")
    v.page.keyboard.type("vooral bij de jongste kinderen.", delay=30)  # still in the box, no blur
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _notes(server) != ["We verwachten minder uitval, vooral bij de jongste kinderen."]:
        time.sleep(0.5)
    assert v.page.evaluate("document.activeElement.tagName") == "TEXTAREA"  # typing was never interrupted
    v.shot("bewaard_tijdens_typen")
    # away and back (Streamlit drops the page's frames on a page switch): saving while typing goes on
    v.page.get_by_role("link", name="Trends").click()
    v.idle()
    v.page.get_by_role("link", name="Gesprek").click()
    v.idle()
    box = v.by_key(key).locator("textarea")
    box.click()
    box.press("End")
    v.page.keyboard.type(" En bij de oudsten.", delay=30)
    expected = "We verwachten minder uitval, vooral bij de jongste kinderen. En bij de oudsten."
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _notes(server) != [expected]:
        time.sleep(0.5)
    server.restart(kill=True)  # kill -9, as a crash
    assert _notes(server) == [expected]
    context.close()
