"""What people wait for in the browser: ``wijkdata bench --browser``.

Chromium (Debian's, through Playwright) does a fixed list of things on every page, first on the
sample and then on a national set, and each is timed from the action until Streamlit has finished
drawing (the page's script state back to "not running" and staying there). The same kind of action
on a bare Streamlit page with one chart, measured in the same run, gives each a ratio: the machine
is shared, so the ratios say more than the seconds. Nothing is asserted; the table goes in the
README.

It lives with the UI because it starts Streamlit and drives its pages.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wijkdata.formatting import format_int, format_number
from wijkdata.sample_exports import cbs_kwb_csv
from wijkdata.ui.served import AppServer

CHROMIUM = os.environ.get("WIJKDATA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]
STATE = "[data-testid=stApp]"
SETTLED_MS = 400  # the script state must stay 'not running' this long: a rerun can follow a run
PAGES = (("Start", "/"), ("Gegevens", "/gegevens"), ("Trends", "/trends"), ("Vergelijken", "/vergelijken"),
         ("Profielen", "/profielen"), ("Overzicht", "/overzicht"), ("Gesprek", "/gesprek"))
STEPS = ("Voorbereiden", "Terugblik", "Voorspellen", "Herkennen", "Verklaren", "Waarderen", "Verbeteren", "Afronden")

# Counts the runs of the script and notes when the last one ended, from the first byte of the page.
WATCH = """
window.__runs = 0; window.__idleAt = 0;
new MutationObserver(records => {
  for (const r of records) {
    const state = r.target.getAttribute('data-test-script-state');
    if (state === 'running') window.__runs += 1;
    if (state === 'notRunning') window.__idleAt = performance.now();
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
"""

BARE_PAGE = '''
import altair as alt
import pandas as pd
import streamlit as st

st.title("Kale pagina")
st.selectbox("Keuze", ["een", "twee", "drie"], key="keuze")
st.text_input("Tekst", key="tekst")
een, twee = st.tabs(["Een", "Twee"], key="tabs", on_change="rerun")
with een:
    st.altair_chart(alt.Chart(pd.DataFrame({"x": range(40), "y": [i % 7 for i in range(40)]})).mark_line()
                    .encode(x="x", y="y"), width="stretch")
with twee:
    st.write("Het tweede tabblad.")
st.button("Knop", key="knop")
st.download_button("Download", b"%PDF-1.4 kaal", file_name="kaal.pdf", key="download", on_click="ignore")
'''


@dataclass
class Timed:
    label: str
    kind: str  # open | kies | tab | knop | tekst | download: what the bare page compares with
    seconds: float


class _Tab:
    """One browser tab on one server, with the clock of the script runs."""

    def __init__(self, context, url: str):
        self.page = context.new_page()
        self.page.set_default_timeout(180_000)
        self.url = url

    def settle(self, runs_before: int, started_ms: float, wait_for_run_ms: float = 3000) -> float:
        """Seconds from ``started_ms`` (the page's clock) until the last run ended and stayed ended."""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            runs, idle_at, now, running = self.page.evaluate(
                f"""[window.__runs, window.__idleAt, performance.now(),
                    document.querySelector('{STATE}')?.getAttribute('data-test-script-state') === 'running']""")
            if runs > runs_before and not running and now - idle_at >= SETTLED_MS:
                return (idle_at - started_ms) / 1000
            if runs == runs_before and now - started_ms > wait_for_run_ms:
                return float("nan")  # the action started no run at all
            self.page.wait_for_timeout(40)
        raise TimeoutError("de pagina werd niet stil")

    def open(self, path: str) -> float:
        self.page.goto(self.url + path)
        return self.settle(0, 0.0, wait_for_run_ms=60_000)

    def quiet(self) -> None:
        """Wait until no run is going and none has ended in the last SETTLED_MS (a note's save, a
        fragment's tick): an action then starts on a page at rest."""
        while self.page.evaluate(f"""document.querySelector('{STATE}')?.getAttribute('data-test-script-state')
                                      === 'running' || performance.now() - window.__idleAt < {SETTLED_MS}"""):
            self.page.wait_for_timeout(50)

    def act(self, action: Callable[[], None], wait_for_run_ms: float = 3000) -> float:
        self.quiet()
        runs, started = self.page.evaluate("[window.__runs, performance.now()]")
        action()
        return self.settle(runs, started, wait_for_run_ms)

    def download(self, label: str) -> float:
        self.quiet()
        started = time.perf_counter()
        with self.page.expect_download(timeout=300_000):
            self.page.get_by_role("button", name=label).click()
        return time.perf_counter() - started

    def choose(self, key: str, option: str) -> float:
        """Pick an option of a selectbox as a person does, timed from the click on the option. A
        list that closes again at once (a run that was still drawing) is opened again, untimed."""
        self.quiet()
        wanted = self.page.get_by_role("option", name=option, exact=True)
        for _ in range(5):
            self.page.locator(f".st-key-{key} input").click()
            try:
                wanted.wait_for(timeout=3000)
            except Exception:  # playwright's TimeoutError: the list did not stay open
                self.page.keyboard.press("Escape")
                self.quiet()
                continue
            runs, started = self.page.evaluate("[window.__runs, performance.now()]")
            wanted.click()
            return self.settle(runs, started)
        raise RuntimeError(f"de keuze {option!r} van {key} ging niet open")


def _bare(context, url: str) -> dict[str, float]:
    """The bare page's time per kind of action: the median of three, after a first visit that
    loads Streamlit's own scripts into the browser (as for the app, which is opened warm)."""
    tab = _Tab(context, url)
    tab.open("/")
    times: dict[str, list[float]] = {}
    for option in ("twee", "drie", "een"):  # each visit is a new session: every action changes something
        times.setdefault("open", []).append(tab.open("/"))
        times.setdefault("kies", []).append(tab.choose("keuze", option))
        field = tab.page.locator(".st-key-tekst input")
        times.setdefault("tekst", []).append(tab.act(lambda f=field, o=option: f.fill(o) or f.press("Enter")))
        times.setdefault("tab", []).append(tab.act(lambda: tab.page.get_by_role("tab", name="Twee").click()))
        times.setdefault("knop", []).append(tab.act(lambda: tab.page.get_by_role("button", name="Knop").click()))
        times.setdefault("download", []).append(tab.download("Download"))
    tab.page.close()
    return {kind: float(np.nanmedian(values)) for kind, values in times.items()}


def _journey(context, url: str, other_team: str, wide_file: Path) -> list[Timed]:
    """The fixed list of actions on the app: every page, a team and a period, two tabs, the
    mapping step of a file of 411 columns, a whole conversation step by step, a note and the PDF."""
    tab = _Tab(context, url)
    out = [Timed(f"{name} openen", "open", tab.open(path)) for name, path in PAGES]
    tab.open("/trends")
    out.append(Timed("Trends: ander team", "kies", tab.choose("ctx_team", other_team)))
    out.append(Timed("Trends: andere periode", "kies",
                     tab.act(lambda: tab.page.get_by_role("slider").first.press("ArrowRight"))))
    out.append(Timed("Trends: tabblad Tabel", "tab", tab.act(lambda: tab.page.get_by_role("tab", name="Tabel").click())))
    tab.open("/vergelijken")
    out.append(Timed("Vergelijken: tabblad Trechter", "tab",
                     tab.act(lambda: tab.page.get_by_role("tab", name="Trechter").click())))
    out += _mapping_step(tab, wide_file)
    tab.open("/gesprek")
    out.append(Timed("Gesprek beginnen", "knop",
                     tab.act(lambda: tab.page.locator(".st-key-knop_beginnen button").click())))
    gid = int(tab.page.url.split("gesprek=")[1].split("&")[0])
    for step in STEPS[1:]:
        out.append(Timed(f"Gesprek: stap {step}", "kies", tab.choose(f"gs_naar_{gid}", step)))
        if step == "Voorspellen":
            box = tab.page.locator(f".st-key-gs_note_{gid}_voorspellen_ textarea")
            box.fill("We verwachten dat de wachttijd iets daalt.")
            started = time.perf_counter()
            tab.page.locator(f".st-key-gs_note_{gid}_voorspellen__vak").get_by_text("Bewaard om").wait_for()
            out.append(Timed("Gesprek: notitie bewaard (0,5 s na de laatste toets)", "tekst",
                             time.perf_counter() - started))
            box.blur()  # leaving the box saves once more; the next choice must not race that run
            tab.page.wait_for_timeout(300)
    out.append(Timed("Gesprek: verslag (PDF)", "download", tab.download("Verslag (PDF)")))
    tab.page.close()
    return out


def _mapping_step(tab: _Tab, wide_file: Path) -> list[Timed]:
    """A CBS export of 411 columns chosen on Gegevens, then a search and a change in its mapping:
    each a rerun of the whole mapping step (read, map, check the file)."""
    tab.open("/gegevens")
    out = [Timed("Gegevens: CBS-export van 411 kolommen kiezen (tot het rapport)", "knop", tab.act(
        lambda: tab.page.set_input_files("[data-testid=stFileUploaderDropzoneInput]", str(wide_file)),
        wait_for_run_ms=30_000))]
    field = tab.page.get_by_label("Zoek een kolom")
    out.append(Timed("Gegevens: kolom zoeken in de koppeling", "tekst",
                     tab.act(lambda: field.fill("Voorziening") or field.press("Enter"))))
    out.append(Timed("Gegevens: koppeling wijzigen (getoonde kolommen overslaan)", "knop", tab.act(
        lambda: tab.page.get_by_role("button", name="Getoonde kolommen overslaan").click())))
    return out


def _run(db_url: str, folder: Path, browser, other_team: str) -> list[Timed]:
    server = AppServer(db_url, folder / "app.log").start(timeout=300)
    try:
        context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True, locale="nl-NL")
        context.add_init_script(WATCH)
        warm = _Tab(context, server.url)
        for _, path in PAGES:  # the first visit after a start fills the caches; people come after it
            warm.open(path)
        warm.page.close()
        wide_file = folder / "kerncijfers_wijken_en_buurten.csv"
        if not wide_file.exists():
            wide_file.write_bytes(cbs_kwb_csv())
        return _journey(context, server.url, other_team, wide_file)
    finally:
        server.stop()


def run_browser_bench(teams: int = 1500, quarters: int = 40) -> str:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "De browsermeting heeft Playwright nodig: installeer de testonderdelen (pip install -e '.[test]')."
    if not Path(CHROMIUM).exists():
        return f"De browsermeting heeft Chromium nodig op {CHROMIUM} (apt-get install -y chromium)."
    from wijkdata.service import ensure_sample
    from wijkdata.store import Store
    from wijkdata.ui.bench import load_national

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        folder = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        bare_server = AppServer("sqlite://", folder / "kaal.log", script=_write(folder / "kaal.py", BARE_PAGE)).start()
        context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
        context.add_init_script(WATCH)
        try:
            bare = _bare(context, bare_server.url)
        finally:
            bare_server.stop()
        sample_url = f"sqlite:///{folder / 'voorbeeld.sqlite'}"
        store = Store(sample_url)
        ensure_sample(store)
        sample_team = store.team_names()[1]
        store.engine.dispose()
        sample = _run(sample_url, folder, browser, sample_team)
        national_url = f"sqlite:///{folder / 'landelijk.sqlite'}"
        load_national(national_url, teams, quarters)
        store = Store(national_url)
        national_team = store.team_names()[1]
        store.engine.dispose()
        national = _run(national_url, folder, browser, national_team)
        browser.close()
    return _table(bare, sample, national, teams, quarters)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _table(bare: dict[str, float], sample: list[Timed], national: list[Timed], teams: int, quarters: int) -> str:
    def s(x: float) -> str:
        return "–" if x != x else format_number(x, 2)

    lines = [f"Wachten in de browser (Chromium; seconden tot Streamlit klaar is met tekenen; landelijk: "
             f"{format_int(teams)} teams × {quarters} kwartalen):",
             "kale Streamlit-pagina met één grafiek: " + ", ".join(f"{k} {s(v)} s" for k, v in bare.items()),
             "wat | voorbeeld (s) | landelijk (s) | × kaal (voorbeeld) | × kaal (landelijk) | landelijk / voorbeeld"]
    for a, b in zip(sample, national):
        base = bare.get(a.kind, float("nan"))
        lines.append(f"{a.label} | {s(a.seconds)} | {s(b.seconds)} | {s(a.seconds / base)}× | {s(b.seconds / base)}× | "
                     f"{s(b.seconds / a.seconds)}×")
    return "\n".join(lines)
