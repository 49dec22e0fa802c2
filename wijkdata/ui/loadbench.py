"""How long people wait when many use one server at once: ``wijkdata bench --alleen last``.

It lives with the UI because it speaks Streamlit's protocol (its message types) and starts
Streamlit; the core stays free of Streamlit.

Each person is a client on Streamlit's own websocket, speaking its protocol (BackMsg out,
ForwardMsg in) as a browser tab does, without a browser: thirty Chromium tabs on two cores would
measure the tabs, not the server. A person opens Start, Trends, Vergelijken and their own
conversation (at Voorspellen), then saves a note three times. Two rhythms: a meeting (5 to 15 s
of looking and talking between steps) and a rush (1 to 2 s: everyone clicking on at once).
A wait is the time from the request to Streamlit's "script finished" for it. Printed: median and
95th percentile per kind of action, and whether every note arrived in the store. Nothing is
asserted about time.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from wijkdata.formatting import format_number
from wijkdata.ui.conversation.keys import note as note_key
from wijkdata.ui.served import AppServer

ROOT = Path(__file__).resolve().parents[2]  # where app.py lives
PAGES = ("", "trends", "vergelijken")  # Start, Trends, Vergelijken (url paths of st.navigation)
NOTE_SAVES = 3


@dataclass
class Person:
    number: int
    team: str
    gesprek: int
    waits: dict[str, list[float]] = field(default_factory=lambda: {"pagina": [], "notitie": []})
    problems: list[str] = field(default_factory=list)

    @property
    def last_note(self) -> str:
        return f"Voorspelling {NOTE_SAVES} van persoon {self.number}"


class _Tab:
    """One browser tab's worth of protocol: ask for a run, wait for its end, note the widgets."""

    def __init__(self, ws):
        self.ws = ws
        self.widgets: dict[str, tuple[str, str]] = {}  # user key -> (widget id, fragment id)

    async def run(self, page: str, query: str, widget=None, fragment: str = "") -> float:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string, state.page_name, state.fragment_id = query, page, fragment
        if widget is not None:
            widget_id, text = widget
            w = state.widget_states.widgets.add()
            w.id, w.string_value = widget_id, text
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await self.ws.recv())
            kind = reply.WhichOneof("type")
            if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                if element.WhichOneof("type") == "text_area":
                    widget_id = element.text_area.id
                    self.widgets[widget_id.rsplit("-", 1)[-1]] = (widget_id, reply.delta.fragment_id)
            elif kind == "script_finished" and reply.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return time.perf_counter() - started


async def _person(base_ws: str, person: Person, think: tuple[float, float], rng: random.Random) -> None:
    from websockets.asyncio.client import connect

    async def pause() -> None:
        await asyncio.sleep(rng.uniform(*think))

    await asyncio.sleep(rng.uniform(0, 3))  # people do not arrive in the same millisecond
    try:
        async with connect(f"{base_ws}/_stcore/stream", subprotocols=["streamlit"], max_size=None,
                           open_timeout=120, ping_interval=None) as ws:
            tab = _Tab(ws)
            query = f"team={person.team.replace(' ', '+')}"
            for page in PAGES:
                person.waits["pagina"].append(await tab.run(page, query))
                await pause()
            person.waits["pagina"].append(await tab.run("gesprek", f"{query}&gesprek={person.gesprek}"))
            key = note_key(person.gesprek, "voorspellen", None)
            if key not in tab.widgets:
                person.problems.append(f"geen notitievak {key}")
                return
            widget_id, fragment = tab.widgets[key]
            for k in range(1, NOTE_SAVES + 1):
                await pause()
                text = f"Voorspelling {k} van persoon {person.number}"
                person.waits["notitie"].append(
                    await tab.run("gesprek", f"{query}&gesprek={person.gesprek}", (widget_id, text), fragment))
    except Exception as exc:  # noqa: BLE001 - reported per person, the others go on
        person.problems.append(f"{type(exc).__name__}: {exc}")


def measure_load(people: int = 30, think: tuple[float, float] = (1.0, 2.0), seed: int = 1,
                 processes: int = 1) -> tuple[list[Person], dict]:
    """Start ``processes`` app processes on one fresh database with the sample, let ``people`` use
    them at once (person i stays with process i mod ``processes``, as behind a proxy with sticky
    sessions), and return them with what the store holds afterwards (last note per conversation)."""
    from wijkdata.service import ensure_sample
    from wijkdata.store import Store

    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'last.sqlite'}"
        store = Store(db_url)
        ensure_sample(store)
        teams = store.team_names()
        crowd = [Person(i, teams[i % len(teams)], store.conversations.start(teams[i % len(teams)], ["uitval"], {}))
                 for i in range(people)]
        for p in crowd:
            store.conversations.update(p.gesprek, stap=2)  # Voorspellen: the notes box
        servers = [AppServer(db_url, Path(folder) / f"streamlit_{i}.log").start() for i in range(processes)]
        try:
            rng = random.Random(seed)

            async def everyone():
                await asyncio.gather(*(_person(servers[p.number % processes].url.replace("http", "ws"), p, think,
                                               random.Random(rng.random()))
                                       for p in crowd))

            # in a thread of its own: a caller may already run an event loop (a test with Playwright does)
            with ThreadPoolExecutor(1) as pool:
                pool.submit(asyncio.run, everyone()).result()
        finally:
            for server in servers:
                server.stop()
        stored = {p.gesprek: store.conversations.notes(p.gesprek)["tekst"].tolist() for p in crowd}
        store.engine.dispose()
    return crowd, stored


RHYTHMS = {"vergadering": (5.0, 15.0), "druk": (1.0, 2.0)}  # seconds between a person's steps


def run_load_bench(people: int = 30, rhythms: dict[str, tuple[float, float]] = RHYTHMS,
                   processes: tuple[int, ...] = (1, 2)) -> str:
    """One table per rhythm and number of app processes (see README, 'Voor een hele organisatie')."""
    return "\n".join(_load_table(people, name, think, n) for n in processes for name, think in rhythms.items())


def _seconds(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1)


def _load_table(people: int, rhythm: str, think: tuple[float, float], processes: int = 1) -> str:
    crowd, stored = measure_load(people, think, processes=processes)
    where = "één app-proces" if processes == 1 else f"{processes} app-processen op één database"
    lines = [f"last, {rhythm}: {people} mensen tegelijk, {where} (Start, Trends, Vergelijken, het eigen gesprek, "
             f"{NOTE_SAVES}× een notitie bewaren; {_seconds(think[0])} tot {_seconds(think[1])} s "
             "tussen de stappen)",
             "wat | keer | mediaan (s) | p95 (s) | langste (s) | doel p95"]
    for kind, label, goal in (("pagina", "pagina openen", "≤ 5 s"), ("notitie", "notitie bewaren", "≤ 3 s")):
        waits = [w for p in crowd for w in p.waits[kind]]
        if waits:
            p50, p95 = np.percentile(waits, [50, 95])
            lines.append(f"{label} | {len(waits)} | {format_number(p50, 2)} | {format_number(p95, 2)} | "
                         f"{format_number(max(waits), 2)} | {goal}")
    lost = [p.number for p in crowd if stored.get(p.gesprek) != [p.last_note]]
    problems = [f"persoon {p.number}: {'; '.join(p.problems)}" for p in crowd if p.problems]
    lines.append(f"notities in de database: {people - len(lost)} van {people} zoals laatst getypt"
                 + (f" (niet: {lost})" if lost else ""))
    lines += problems
    return "\n".join(lines)
