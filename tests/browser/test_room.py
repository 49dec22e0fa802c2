"""A meeting as it happens in a room: a laptop that drives (1440×900) and the big screen opened from
the beamer link, at 1280×720 and at 1920×1080 at once. Every step starts at its first item on every
screen, laptop keys and beamer keys move one position, each item fits the screen, the beamer shows
the laptop's notes and reviews as they are made, and a reload keeps the presentation and the text.

Run with -s to see the measured follow times."""

from __future__ import annotations

import re
import statistics
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, Visit
from wijkdata.conversation.library import steps
from wijkdata.service import ensure_sample
from wijkdata.store import Store

TEAM = "Lindeburg Oost"
FOCUS = ["wachttijd", "tevredenheid"]
# what Streamlit would say in English if a default text slipped through
ENGLISH = ("Select all", "None", "You can only select", "Press Enter", "Choose an option", "No results",
           "Drag and drop", "per file", "Browse files", "yyyy", "Clear all")

FIT_JS = """() => {
  const item = document.querySelector('.st-key-gs_beamer_item');
  const foot = document.querySelector('.st-key-gs_beamer_footer');
  if (!item || !foot) return null;
  let bottom = 0, right = 0, top = 1e9;
  for (const el of [item, ...item.querySelectorAll('*')]) {
    const b = el.getBoundingClientRect();
    if (b.width > 0 && b.height > 0) { bottom = Math.max(bottom, b.bottom); right = Math.max(right, b.right);
                                       top = Math.min(top, b.top); }
  }
  const f = foot.getBoundingClientRect();
  return {width: innerWidth, height: innerHeight, top, bottom, right, footTop: f.top, footBottom: f.bottom,
          text: item.innerText.slice(0, 60)};
}"""

AT_JS = """([step, item]) => {
  const foot = document.querySelector('.st-key-gs_beamer_footer');
  if (!foot) return false;
  const text = foot.innerText;
  if (!text.includes(`Stap ${step + 1} van`)) return false;
  if (item === 0) return !text.includes('onderdeel') || text.includes('onderdeel 1 van');
  return text.includes(`onderdeel ${item + 1} van`);
}"""


@pytest.fixture
def meeting(server, tmp_path):
    """The sample, a first session with one agreement, and today's session on two figures."""
    store = Store(server.db_url)
    ensure_sample(store)
    conv = store.conversations
    first = conv.start(TEAM, FOCUS, {})
    conv.add_agreement(first, TEAM, "Elk gezin krijgt bij de start een vast aanspreekpunt", "Noor", None, "vertrouwen")
    conv.update(first, status="afgerond", stap=7)
    gid = conv.start(TEAM, FOCUS, {}, titel="Teamdag najaar")
    store.engine.dispose()
    return gid


def _position(server, gid: int) -> tuple[int, int]:
    store = Store(server.db_url)
    try:
        stamp = store.conversations.live_stamp(gid)
        return stamp[0], stamp[1]
    finally:
        store.engine.dispose()


def _items(page) -> int:
    text = page.locator(".st-key-gs_beamer_footer").inner_text()
    match = re.search(r"onderdeel \d+ van (\d+)", text)
    return int(match[1]) if match else 1


def _english(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


def test_a_whole_meeting_with_a_laptop_and_two_beamers(browser, server, meeting, request, capsys):
    gid = meeting
    folder = ARTIFACTS / request.node.name
    laptop_ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
    laptop = Visit(laptop_ctx.new_page(), server, folder / "laptop")
    beamers = []
    for width, height in ((1280, 720), (1920, 1080)):
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
        beamers.append(Visit(ctx.new_page(), server, folder / f"beamer_{width}x{height}"))
    for v in (laptop, *beamers):
        v.page.set_default_timeout(60_000)

    laptop.open(f"/gesprek?team=Lindeburg+Oost&gesprek={gid}")
    link = laptop.page.locator("a", has_text="Beamerscherm openen").get_attribute("href")
    assert "scherm=beamer" in link and f"gesprek={gid}" in link and "ik=" not in link
    for beamer in beamers:
        beamer.open(link[link.index("/gesprek"):] if link.startswith("http") else f"/{link.lstrip('/')}")
        assert beamer.page.evaluate("document.documentElement.lang") == "nl"
        # the presentation style is drawn a moment after the first content (Streamlit loads its html element lazily)
    expect(beamer.page.locator("[data-testid=stSidebar]")).to_be_hidden(timeout=10_000)  # straight in presentation mode
    assert laptop.page.evaluate("document.documentElement.lang") == "nl"

    follow, reviewed_after, note_after = [], None, None
    seen_steps: set[int] = set()
    moves = 0
    while True:
        step, item = _position(server, gid)
        for beamer in beamers:
            beamer.page.wait_for_function(AT_JS, arg=[step, item], timeout=15_000)
            fit = beamer.page.evaluate(FIT_JS)
            name = f"{step + 1}_{steps()[step].code}_{item + 1}"
            assert fit is not None, name
            # one screen per item: all of it below the top, above the footer, within the width
            assert fit["top"] >= 0 and fit["bottom"] <= fit["footTop"] + 1, (name, fit)
            assert fit["footBottom"] <= fit["height"] + 1 and fit["right"] <= fit["width"] + 1, (name, fit)
            assert not _english(beamer.text()), (name, _english(beamer.text()))
            beamer.shot(name)
        if step not in seen_steps:  # a new step: it starts at its first item, on every screen
            seen_steps.add(step)
            assert item == 0, f"step {step + 1} began at item {item + 1}"
            # the laptop follows a clicker on the beamer too
            laptop.page.get_by_text(f"Stap {step + 1} van 8:").first.wait_for(timeout=15_000)
            laptop.idle()
            text = laptop.text()
            assert f"Stap {step + 1} van 8" in text and not _english(text), _english(text)
            laptop.shot(f"{step + 1}_{steps()[step].code}")

        code = steps()[step].code
        if code == "terugblik":  # the review made on the laptop reaches both beamers
            laptop.page.get_by_text("Gedaan", exact=True).first.click()
            start = time.monotonic()
            for beamer in beamers:
                beamer.page.get_by_text("Gedaan", exact=True).first.wait_for(timeout=15_000)
            reviewed_after = time.monotonic() - start
        n = _items(beamers[0].page)
        if code == "herkennen" and item == n - 1:  # the notes item: typed on the laptop, seen on the beamer
            laptop.page.get_by_text(f"Op het grote scherm: onderdeel {n} van {n}").wait_for()  # caught up
            laptop.idle()
            box = laptop.by_key(f"gs_note_{gid}_herkennen_").locator("textarea")
            box.click()
            laptop.page.keyboard.type("De wachttijd loopt op sinds de zomer.", delay=20)
            start = time.monotonic()
            for beamer in beamers:
                beamer.page.get_by_text("De wachttijd loopt op sinds de zomer.").wait_for(timeout=15_000)
            note_after = time.monotonic() - start
            laptop.page.evaluate("document.activeElement.blur()")  # leave the box: keys move again
        if code == "afronden" and item == n - 1:
            break

        # alternate who moves: the laptop's key, the small beamer's clicker, the large beamer's clicker
        mover = [laptop, beamers[0], beamers[1]][moves % 3]
        moves += 1
        mover.page.keyboard.press("ArrowRight" if mover is laptop else "PageDown")
        start = time.monotonic()
        deadline = start + 15
        while _position(server, gid) == (step, item) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _position(server, gid) != (step, item), f"{'laptop' if mover is laptop else 'beamer'} key did not move"
        if mover is laptop:  # the time a beamer takes to follow the laptop
            new_step, new_item = _position(server, gid)
            beamers[0].page.wait_for_function(AT_JS, arg=[new_step, new_item], timeout=15_000)
            follow.append(time.monotonic() - start)

    assert seen_steps == set(range(8))
    assert reviewed_after is not None and note_after is not None
    with capsys.disabled():
        print(f"\n[room] beamer follows a laptop move: median {statistics.median(follow):.2f} s, "
              f"max {max(follow):.2f} s over {len(follow)} moves; a review shows after {reviewed_after:.2f} s, "
              f"a typed note after {note_after:.2f} s")

    # a reload of the beamer stays in presentation mode, at the same position
    beamer = beamers[0]
    beamer.page.reload()
    beamer.page.wait_for_function(AT_JS, arg=list(_position(server, gid)), timeout=30_000)
    # the presentation style is drawn a moment after the first content (Streamlit loads its html element lazily)
    expect(beamer.page.locator("[data-testid=stSidebar]")).to_be_hidden(timeout=10_000)
    assert not (laptop.page_errors or beamers[0].page_errors or beamers[1].page_errors)
    assert not (laptop.outside or beamers[0].outside or beamers[1].outside)
    for v in (laptop, *beamers):
        v.page.context.close()


def test_typed_text_survives_a_reload_and_a_shared_link_is_not_the_same_author(browser, server, meeting, request):
    gid = meeting
    store = Store(server.db_url)
    store.conversations.update(gid, stap=2)  # Voorspellen
    store.engine.dispose()
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
    me = Visit(ctx.new_page(), server, ARTIFACTS / request.node.name / "ik")
    me.page.set_default_timeout(60_000)
    me.open(f"/gesprek?team=Lindeburg+Oost&gesprek={gid}")
    key = f"gs_note_{gid}_voorspellen_"
    me.by_key(key).locator("textarea").click()
    me.page.keyboard.type("We verwachten dat de wachttijd daalt.", delay=20)
    # no blur, no Ctrl+Enter: the box says it is saved, three seconds pass, then a reload
    me.by_key(f"{key}_vak").get_by_text("Bewaard om").wait_for(timeout=30_000)
    me.page.wait_for_timeout(3000)
    me.page.reload()
    me.idle()
    assert me.by_key(key).locator("textarea").input_value() == "We verwachten dat de wachttijd daalt."
    assert "ik=" not in me.page.url
    me.shot("na_herladen")

    # a colleague opens the same link in her own browser: her box is empty, mine is under "Ook genoteerd"
    other_ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
    colleague = Visit(other_ctx.new_page(), server, ARTIFACTS / request.node.name / "collega")
    colleague.page.set_default_timeout(60_000)
    colleague.open(me.page.url[len(server.url):])
    assert colleague.by_key(key).locator("textarea").input_value() == ""
    assert "We verwachten dat de wachttijd daalt." in colleague.text()
    colleague.shot("collega")
    ctx.close()
    other_ctx.close()
