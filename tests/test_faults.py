"""Faults a server meets: a read-only database, a full disk, the app killed halfway through an
import or while notes are typed. Each ends in a Dutch sentence and a consistent store in which
every committed note is present."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import event, func, select, text

from tests.conftest import ROOT, unescaped
from wijkdata.service import check_file, ensure_sample
from wijkdata.store import Store, StoreError
from wijkdata.store.models import datasets, observations

DATA = ("team;periode;indicator;waarde\n" + "".join(f"Team {i};2024-K{q};tevredenheid;7,{i % 10}\n"
                                                  for i in range(30) for q in range(1, 5))).encode()


def counts(store):
    with store.engine.connect() as conn:
        return tuple(conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (datasets, observations))


def integrity(store) -> str:
    with store.engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar_one()


@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "app.sqlite"
    store = Store(f"sqlite:///{path}")
    ensure_sample(store)
    gid = store.conversations.start("Lindeburg Oost", ["tevredenheid"], {})
    store.conversations.add_note(gid, "voorspellen", "laptop-1", "We verwachten een daling.")
    return path, store, gid


def test_read_only_database_says_so_in_dutch_and_changes_nothing(filled):
    path, store, gid = filled
    before = counts(store)
    read_only = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert read_only.has_datasets()  # reading still works
    checked = check_file(DATA, "nieuw.csv", read_only)
    for write in (lambda: read_only.import_upload(checked, "nieuw.csv", DATA),
                  lambda: read_only.conversations.add_note(gid, "herkennen", "laptop-2", "Niet bewaard"),
                  lambda: read_only.add_baseline("Lindeburg Oost", "tevredenheid", "2024-K1", "nieuw werkproces")):
        with pytest.raises(StoreError) as info:
            write()
        assert "alleen-lezen" in info.value.message and "niets half opgeslagen" in info.value.message
    assert counts(store) == before
    assert list(store.conversations.notes(gid)["tekst"]) == ["We verwachten een daling."]


def test_full_disk_rolls_the_import_back_and_keeps_earlier_notes(filled):
    path, store, gid = filled
    before = counts(store)
    with store.engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()
    full = Store(f"sqlite:///{path}")

    @event.listens_for(full.engine, "connect")
    def _no_room(dbapi_conn, _record):  # SQLite's own "database or disk is full", as on a full disk
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 2}")

    full.engine.dispose()  # connections opened before the listener existed

    big = ("team;periode;indicator;waarde\n" + "".join(
        f"Nieuw team {i};2023-K{q};tevredenheid;7,5\n" for i in range(2000) for q in range(1, 5))).encode()
    checked = check_file(big, "groot.csv", full)
    with pytest.raises(StoreError) as info:
        full.import_upload(checked, "groot.csv", big)
    assert "schijf" in info.value.message and "vol" in info.value.message
    full.engine.dispose()
    reopened = Store(f"sqlite:///{path}")
    assert counts(reopened) == before and integrity(reopened) == "ok"
    assert list(reopened.conversations.notes(gid)["tekst"]) == ["We verwachten een daling."]


def _run_and_kill(script: str, db: str, wait_for: str, timeout: float = 120) -> list[str]:
    """Runs a Python script against the database, SIGKILLs it once it printed ``wait_for``; the lines it printed."""
    env = {**os.environ, "WIJKDATA_DB_URL": f"sqlite:///{db}", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], stdout=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
        if line.strip() == wait_for:
            break
    os.kill(proc.pid, signal.SIGKILL)  # no cleanup, no rollback: as a power cut or an OOM kill
    proc.wait()
    assert wait_for in lines, f"the script never got to {wait_for!r}: {lines[-5:]}"
    return lines


def test_killed_during_an_import_leaves_no_trace_of_it(filled):
    path, store, _ = filled
    before = counts(store)
    store.engine.dispose()
    _run_and_kill(f"""
        import sys, time
        from wijkdata.service import check_file
        from wijkdata.store import Store
        store = Store()
        data = {DATA!r}
        checked = check_file(data, "halverwege.csv", store)
        original = Store._insert_observations
        def insert_then_hang(self, conn, ds_id, obs):
            original(self, conn, ds_id, obs)  # the rows are written, the transaction is not committed
            print("rijen geschreven", flush=True)
            time.sleep(600)
        Store._insert_observations = insert_then_hang
        store.import_upload(checked, "halverwege.csv", data)
    """, str(path), "rijen geschreven")
    reopened = Store(f"sqlite:///{path}")
    assert integrity(reopened) == "ok"
    assert counts(reopened) == before
    assert "halverwege.csv" not in set(reopened.datasets()["filename"])
    # and the same file imports cleanly afterwards
    checked = check_file(DATA, "halverwege.csv", reopened)
    reopened.import_upload(checked, "halverwege.csv", DATA)
    assert counts(reopened)[0] == before[0] + 1


def test_killed_while_notes_are_typed_keeps_every_committed_note(filled):
    path, store, gid = filled
    store.engine.dispose()
    lines = _run_and_kill(f"""
        from wijkdata.store import Store
        conv = Store().conversations
        note = conv.add_note({gid}, "verklaren", "laptop-2", "", "vertrouwen")
        text = ""
        for i in range(1, 100000):
            text += f"woord{{i}} "
            note = conv.save_note(note.id, text, note.versie)  # as autosave does on every change
            print(f"bewaard {{note.id}} {{i}}", flush=True)
            if i == 150:
                print("klaar", flush=True)
    """, str(path), "klaar")
    saved = [line.split() for line in lines if line.startswith("bewaard")]
    note_id, last = int(saved[-1][1]), int(saved[-1][2])
    reopened = Store(f"sqlite:///{path}")
    assert integrity(reopened) == "ok"
    notes = reopened.conversations.notes(gid).set_index("id")
    # every save that reported success is there: the note holds at least the last confirmed text
    assert notes.loc[note_id, "tekst"].startswith(" ".join(f"woord{i}" for i in range(1, last + 1)))
    assert "We verwachten een daling." in set(notes["tekst"])



def test_page_on_a_read_only_database_keeps_the_typed_note_and_says_why(filled, make_app, monkeypatch):
    path, store, gid = filled
    store.conversations.update(gid, stap=2)  # Voorspellen: a notes box, no chart yet
    monkeypatch.setenv("WIJKDATA_DB_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    app = make_app({"team": "Lindeburg Oost", "gesprek": str(gid)})
    app.switch_page("pages/gesprek.py").run()
    key = f"gs_note_{gid}_voorspellen_"
    app.text_area(key=key).input("Een tweede verwachting").run()
    assert not app.exception
    errors = [unescaped(e.value) for e in app.error]
    assert any("niet bewaard" in e and "alleen-lezen" in e for e in errors), errors
    assert not [e for e in errors if "F5" in e or "Herlaad" in e]  # a reload would lose the text
    assert app.text_area(key=key).value == "Een tweede verwachting"  # still on screen, ready to be saved again
    assert [c for c in app.code if c.value == "Een tweede verwachting"]  # and offered for copying
    assert not [c for c in app.caption if "Bewaard om" in c.value]  # never a false reassurance
    app.button(key="knop_volgende").click().run()  # moving on cannot be saved either: told, not a traceback
    assert not app.exception
    assert any("alleen-lezen" in unescaped(e.value) for e in app.error)
    assert store.conversations.get(gid)["stap"] == 2


@pytest.mark.parametrize("driver_text, words", [
    ("disk I/O error", "schijf"), ("attempt to write a readonly database", "alleen-lezen"),
    ("database or disk is full", "vol"), ("database is locked", "bezet"),
])
def test_driver_faults_become_dutch_sentences_without_a_reload(driver_text, words):
    from wijkdata.store.errors import translate_driver_error

    found = translate_driver_error(Exception(driver_text))
    assert found is not None and words in found.message and "F5" not in found.message

