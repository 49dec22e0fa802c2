"""Twenty people at once on one server and one store, each in their own browser context: each
uploads a team file, starts a conversation, walks to Voorspellen and types a note. Afterwards every
upload, every row and every note is in the store, and no page showed an error.

Also a load measurement that reports and asserts nothing about time: run it as a script,
``.venv/bin/python -m tests.browser.test_load 30``, for the seconds per page and per note save
(median and 95th percentile) with that many people at once on a fresh server."""

from __future__ import annotations

import asyncio
import re
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, quote, urlparse

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, IDLE
from wijkdata.service import ensure_sample
from wijkdata.store import Store

SESSIONS = 20
QUARTERS = [f"{y}-K{q}" for y in (2025, 2026) for q in range(1, 5)][:7]
WAIT_MS = 240_000  # twenty sessions share two cores: a step may queue for a while


def team(i: int) -> str:
    return f"Lastteam {i:02d}"


def team_csv(i: int) -> bytes:
    rows = "".join(f"{team(i)};{p};tevredenheid;7,{(i + k) % 10}\n{team(i)};{p};aanmeldingen;{30 + i + k}\n"
                   for k, p in enumerate(QUARTERS))
    return ("team;periode;indicator;waarde\n" + rows).encode()


async def settled(page) -> None:
    await page.wait_for_timeout(300)
    await page.wait_for_selector(IDLE)


async def see(page, text: str) -> None:
    """Waits for text on the page: the proof that the server answered this person's last action."""
    await page.get_by_text(text, exact=False).first.wait_for(state="visible")


async def one_person(browser, base: str, i: int, folder) -> dict:
    context = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
    page = await context.new_page()
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sockets: list[str] = []
    page.on("websocket", lambda ws: (sockets.append(f"open {time.monotonic():.0f}"),
                                     ws.on("close", lambda _: sockets.append(f"close {time.monotonic():.0f}"))))
    path = folder / f"team_{i:02d}.csv"
    path.write_bytes(team_csv(i))
    started = time.monotonic()
    timings: dict[str, list[float]] = {"pagina": [], "notitie": []}

    async def timed(kind: str, action, done) -> None:
        t = time.monotonic()
        await action()
        await done()
        timings[kind].append(time.monotonic() - t)

    try:
        await timed("pagina", lambda: page.goto(f"{base}/gegevens"), lambda: settled(page))
        await page.set_input_files("[data-testid=stFileUploaderDropzoneInput]", str(path))
        await page.get_by_role("button", name=f"Importeer {2 * len(QUARTERS)} waarden").click()
        await see(page, f"{path.name} is geïmporteerd")

        await timed("pagina", lambda: page.goto(f"{base}/gesprek?team={quote(team(i))}"),
                    lambda: see(page, f"Nieuw gesprek voor {team(i)}"))
        await settled(page)
        await timed("pagina", lambda: page.locator(".st-key-knop_beginnen button").click(),
                    lambda: see(page, "Stap 1 van 8: Voorbereiden"))
        await page.wait_for_url(re.compile(r"[?&]gesprek=\d+"))
        gid = int(parse_qs(urlparse(page.url).query)["gesprek"][0])
        for n, name in ((2, "Terugblik"), (3, "Voorspellen")):
            await settled(page)
            await timed("pagina", lambda: page.locator(".st-key-knop_volgende button").click(),
                        lambda n=n, name=name: see(page, f"Stap {n} van 8: {name}"))
        await settled(page)
        box = page.locator(f".st-key-gs_note_{gid}_voorspellen_ textarea")
        await box.fill(f"Voorspelling van persoon {i}")
        # a person who sees 'Bewaard om' may close the laptop: that is when the save is done
        await timed("notitie", lambda: box.press("Control+Enter"),
                    lambda: page.locator(f".st-key-gs_note_{gid}_voorspellen__vak").get_by_text("Bewaard om")
                    .wait_for(state="visible"))
        await settled(page)
        text = await page.inner_text("[data-testid=stMain]")
        return {"gid": gid, "seconds": time.monotonic() - started, "errors": errors, "timings": timings,
                "alerts": "niet bewaard" in text or "Er ging iets mis" in text}
    except Exception as exc:
        await page.screenshot(path=str(folder / f"MISLUKT_persoon_{i:02d}.png"), full_page=True)
        state = await page.get_attribute("[data-testid=stApp]", "data-test-script-state")
        status = await page.locator("[data-testid=stStatusWidget]").all_inner_texts()
        (folder / f"MISLUKT_persoon_{i:02d}.html").write_text(await page.content())
        raise AssertionError(f"person {i}: {exc}; script state {state}, status {status}, "
                             f"websocket {sockets}, at {time.monotonic() - started:.0f} s") from exc
    finally:
        await context.close()


async def everyone(base: str, folder, sessions: int = SESSIONS) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return await asyncio.gather(*(one_person(browser, base, i, folder) for i in range(sessions)))
        finally:
            await browser.close()


def summary(results: list[dict]) -> str:
    """Median and 95th percentile of the waits people had, per kind of action."""
    import numpy as np

    lines = []
    for kind, label in (("pagina", "pagina openen of stap verder"), ("notitie", "notitie bewaren")):
        waits = [t for r in results for t in r["timings"][kind]]
        p50, p95 = np.percentile(waits, [50, 95])
        lines.append(f"{label}: {len(waits)} keer, mediaan {p50:.1f} s, p95 {p95:.1f} s, langste {max(waits):.1f} s")
    return "\n".join(lines)


def test_twenty_people_at_once_lose_nothing(server, tmp_path):
    # In a thread of its own: the other browser tests' sync Playwright keeps an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        results = pool.submit(asyncio.run, everyone(server.url, tmp_path)).result()
    print(f"\n{SESSIONS} sessions; seconds per person: min {min(r['seconds'] for r in results):.0f}, "
          f"max {max(r['seconds'] for r in results):.0f}\n{summary(results)}")
    assert not [r for r in results if r["errors"] or r["alerts"]], results

    store = Store(server.db_url)
    assert {f"team_{i:02d}.csv" for i in range(SESSIONS)} <= set(store.datasets()["filename"])
    obs = store.observations()
    for i in range(SESSIONS):
        assert len(obs[obs["team"] == team(i)]) == 2 * len(QUARTERS), team(i)
    gids = [r["gid"] for r in results]
    assert len(set(gids)) == SESSIONS  # twenty conversations, none merged
    for i, gid in enumerate(gids):
        notes = store.conversations.notes(gid)
        assert notes["tekst"].tolist() == [f"Voorspelling van persoon {i}"], (i, gid, notes)


if __name__ == "__main__":  # the load measurement: python -m tests.browser.test_load [PEOPLE]
    import sys
    import tempfile
    from pathlib import Path

    from tests.browser.conftest import Server

    people = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with tempfile.TemporaryDirectory() as folder:
        srv = Server(Path(folder) / "last.sqlite", Path(folder) / "streamlit.log").start()
        try:
            ensure_sample(Store(srv.db_url))  # schema and sample before the crowd arrives
            begun = time.monotonic()
            outcome = asyncio.run(everyone(srv.url, Path(folder), people))
            print(f"{people} mensen tegelijk, {time.monotonic() - begun:.0f} s in totaal")
            print(summary(outcome))
            print(f"fouten op een pagina: {sum(bool(r['errors'] or r['alerts']) for r in outcome)}")
        finally:
            srv.stop()
