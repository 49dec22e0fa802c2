"""Text is text: names of teams, gemeenten, files, columns and saved mappings, notes and agreements
show as the characters they are, on every page and in presentation mode. A local server plays the
outside world: a markdown image, a link or a bare address in any of them must not make the browser
fetch from it, and no link to it may appear. (The issue found images fetched and a phishing link.)"""

import http.server
import threading

import pytest

from tests.browser.conftest import ARTIFACTS, Server, Visit
from wijkdata.service import check_file, ensure_sample, save_mapping
from wijkdata.access import OPEN_ACCESS
from wijkdata.store import Store
from wijkdata.text import WORD_JOINER

PAGES = ["/", "/gesprek", "/trends", "/vergelijken", "/profielen", "/overzicht", "/gegevens"]


class _Outside(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        _Outside.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def outside():
    """A web server that stands for an address outside the machine; counts every request."""
    _Outside.hits = []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Outside)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def _hostile(base: str) -> dict[str, str]:
    return {
        "team": f"![t]({base}/team.png) Wijk",
        "gemeente": f"[Gemeente]({base}/gemeente)",
        "mapping": f"![m]({base}/m.png) [Sessie verlopen - log opnieuw in]({base}/phish)",
        "column": f"![k]({base}/kolom.png)",
        "note": f"Zie {base}/notitie en www.voorbeeld.nl of mail iemand@voorbeeld.nl ![n]({base}/n.png)",
        "agreement": f"[Klik hier]({base}/afspraak) <img src={base}/html.png>",
    }


@pytest.fixture
def hostile_app(tmp_path, outside):
    text = _hostile(outside)
    store = Store(f"sqlite:///{tmp_path / 'app.sqlite'}")
    ensure_sample(store)
    quarters = [f"2025-K{q}" for q in range(1, 5)] + [f"2026-K{q}" for q in range(1, 4)]
    for name, content in (
        ("kenmerken.csv", f"team;gemeente;fte\n{text['team']};{text['gemeente']};12\n"),
        ("cijfers.csv", "team;periode;indicator;waarde;teller;noemer\n" + "".join(
            f"{text['team']};{p};uitval;;{8 + i};{60 + i}\n{text['team']};{p};tevredenheid;7,{i};;\n"
            for i, p in enumerate(quarters))),
    ):
        data = content.encode()
        store.import_upload(check_file(data, name, store), name, data, names_visible=True)
    headers = ["team", "periode", "indicator", "waarde", text["column"]]
    save_mapping(store, OPEN_ACCESS, text["mapping"], headers,
                 {"team": "team", "periode": "periode", "indicator": "indicator", "waarde": "waarde", text["column"]: ""})
    conv = store.conversations
    gid = conv.start(text["team"], ["uitval"], {})
    conv.update(gid, stap=4)  # Verklaren: notes on screen
    conv.add_note(gid, "verklaren", "laptop", text["note"], "verbinden")
    conv.add_agreement(gid, text["team"], text["agreement"], text["note"])
    store.engine.dispose()
    srv = Server(tmp_path / "app.sqlite", tmp_path / "streamlit.log").start()
    yield srv, gid, text, outside
    srv.stop()


def _no_link_or_image_to(v: Visit, base: str, where: str) -> None:
    page = v.page
    links = page.locator(f"a[href*='{base}'], a[href^='mailto:'], a[href*='voorbeeld.nl']").count()
    images = page.locator(f"img[src*='{base}']").count()
    assert links == 0 and images == 0, f"{where}: {links} links and {images} images from user text"


def test_names_notes_and_headers_are_shown_as_text_and_fetch_nothing(browser, hostile_app, tmp_path, request):
    srv, gid, text, base = hostile_app
    context = browser.new_context(viewport={"width": 1600, "height": 1400})
    page = context.new_page()
    page.set_default_timeout(60_000)
    v = Visit(page, srv, ARTIFACTS / request.node.name)
    from urllib.parse import quote

    team = quote(text["team"])
    for path in [f"{p}?team={team}" for p in PAGES] + [f"/gesprek?gesprek={gid}&team={team}"]:
        v.open(path)
        _no_link_or_image_to(v, base, path)
        if "gesprek" not in path:
            v.each_tab()
            _no_link_or_image_to(v, base, path + " (elk tabblad)")
    v.open(f"/gesprek?gesprek={gid}&team={team}")
    shown = v.text().replace(WORD_JOINER, "")
    assert text["note"] in shown  # the note reads as it was typed
    v.shot("verklaren_met_adressen_in_notities")

    v.page.get_by_text("Beamer: dit gesprek op het grote scherm").click()  # where the switch is
    v.by_key("gs_presentatie").locator("label").click()  # the beamer's view of the same step
    v.idle()
    _no_link_or_image_to(v, base, "presentatiemodus")
    for _ in range(4):
        page.keyboard.press("PageDown")
        v.idle()
        _no_link_or_image_to(v, base, "presentatiemodus, verder gebladerd")

    v.open(f"/gegevens?team={team}")
    upload = tmp_path / "[klik](mailto:iemand@voorbeeld.nl) cijfers.csv"
    upload.write_text(f"team;periode;indicator;waarde;{text['column']}\n{text['team']};2026-K3;uitval;12;x\n")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(upload))
    v.idle()
    page.get_by_text("Koppeling bekijken of aanpassen").click()
    v.idle()
    # the mapping table is a grid drawn on a canvas (inert by construction); its cells' text is in
    # the grid's accessible table
    shown = (v.text() + "\n" + "\n".join(page.locator("[role=gridcell]").all_inner_texts())).replace(WORD_JOINER, "")
    assert "Sessie verlopen - log opnieuw in" in shown and text["column"] in shown  # as characters
    _no_link_or_image_to(v, base, "koppelstap")
    v.shot("koppelstap_met_vijandige_namen")
    context.close()
    assert _Outside.hits == [], f"the browser fetched from outside: {_Outside.hits}"
    assert not v.outside
