"""Every cache is keyed by one counter in the database, bumped by every change of the data, so
every app process shows the current figures and names; the same bytes are stored once, however
many processes import them at the same moment."""

import logging
import multiprocessing
import subprocess
import sys

from tests.conftest import ROOT
from wijkdata.service import check_file, ensure_sample, set_upload_deleted, set_upload_names_visible
from wijkdata.access import OPEN_ACCESS
from wijkdata.store import Store, data_version


def _upload(store, text: str, name: str) -> int:
    data = text.encode()
    return store.import_upload(check_file(data, name, store), name, data)


def test_every_change_gives_a_new_version_and_none_repeats(store):
    seen = [data_version(store)]
    first = _upload(store, "team;periode;indicator;waarde\nNoord;2025-K1;wachttijd;10\n", "a.csv")
    seen.append(data_version(store))
    second = _upload(store, "team;periode;indicator;waarde\nNoord;2025-K1;wachttijd;20\n", "b.csv")
    seen.append(data_version(store))
    # the sums of visible ids collided before: uploads {1, 2} against {3}
    for action in (lambda: set_upload_deleted(store, OPEN_ACCESS, second, True),
                   lambda: set_upload_deleted(store, OPEN_ACCESS, first, True),
                   lambda: set_upload_deleted(store, OPEN_ACCESS, first, False),
                   lambda: set_upload_names_visible(store, OPEN_ACCESS, first, True),
                   lambda: set_upload_names_visible(store, OPEN_ACCESS, first, False)):
        action()
        seen.append(data_version(store))
    assert len(set(seen)) == len(seen)
    assert store.observations()["waarde"].tolist() == [10.0]  # upload 1 counts again, upload 2 is deleted


_READ_VERSION = "import sys; from wijkdata.store import Store, data_version; print(data_version(Store(sys.argv[1])))"


def test_another_process_sees_a_change_at_once(db_url):
    """What another app process reads as the version, right after this one changed the names."""
    store = Store(db_url)
    ensure_sample(store)

    def version_elsewhere() -> str:
        out = subprocess.run([sys.executable, "-c", _READ_VERSION, db_url], capture_output=True, text=True,
                             cwd=ROOT, timeout=120, check=True)
        return out.stdout.strip()

    before = version_elsewhere()
    assert before == data_version(store)
    set_upload_names_visible(store, OPEN_ACCESS, int(store.datasets()["id"].max()), True)
    assert version_elsewhere() != before and version_elsewhere() == data_version(store)


def _import_in_process(db_url: str, data: bytes, barrier) -> str:
    from wijkdata.store import StoreError

    store = Store(db_url)
    checked = check_file(data, "zelfde.csv", store)
    barrier.wait()
    try:
        return f"upload {store.import_upload(checked, 'zelfde.csv', data)}"
    except StoreError as exc:
        return exc.message


def test_the_same_file_imported_by_two_processes_at_once_is_stored_once(db_url):
    Store(db_url)  # the schema, made once before both start
    data = "".join(f"Team {i};2025-K{q};wachttijd;{i + q}\n" for i in range(300) for q in (1, 2, 3, 4))
    data = ("team;periode;indicator;waarde\n" + data).encode()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(2)
        with ctx.Pool(2) as pool:
            answers = pool.starmap(_import_in_process, [(db_url, data, barrier)] * 2)
    assert sorted(a.startswith("upload") for a in answers) == [False, True], answers
    assert any("al geïmporteerd" in a for a in answers)
    store = Store(db_url)
    assert len(store.datasets()) == 1 and len(store.observations()) == 1200


def test_an_empty_database_file_is_made_new_and_the_log_says_so(tmp_path, caplog):
    path = tmp_path / "leeg.sqlite"
    path.write_bytes(b"")
    with caplog.at_level(logging.WARNING, logger="wijkdata"):
        store = Store(f"sqlite:///{path}")
    assert any("leeg (0 bytes)" in r.getMessage() for r in caplog.records)
    assert not store.has_datasets()  # a new database; the app loads the sample into it, as on any first start


def test_a_page_follows_changes_made_through_another_process(make_app):
    """The issue: after names were hidden again from another process, a team still saw 40 real
    names; delete 3, delete 4, restore 3 showed the deleted upload's figures."""
    from tests.conftest import real_team_names
    from wijkdata.config import load_settings

    app = make_app(query_params={"team": "Lindeburg Oost"})
    elsewhere = Store(load_settings().db_url)  # as another app process would write
    figures = int(elsewhere.datasets().query("kind != 'teamkenmerken'")["id"].max())

    def overview_rows():
        app.switch_page("pages/overzicht.py").run()
        assert not app.exception
        return set(app.dataframe[0].value.iloc[:, 0])

    set_upload_names_visible(elsewhere, OPEN_ACCESS, figures, True)
    assert overview_rows() == real_team_names()
    set_upload_names_visible(elsewhere, OPEN_ACCESS, figures, False)
    assert overview_rows() & real_team_names() == {"Lindeburg Oost"}

    def upload(value: int) -> int:
        return _upload(elsewhere, f"team;periode;indicator;waarde\nLindeburg Oost;2026-K3;wachttijd;{value}\n",
                       f"wachttijd_{value}.csv")

    def own_wachttijd() -> float:
        app.switch_page("pages/overzicht.py").run()
        app.radio(key="ov_venster").set_value("laatste").run()
        assert not app.exception
        table = app.dataframe[0].value
        return table[table.iloc[:, 0] == "Lindeburg Oost"]["Wachttijd"].iloc[0]

    third, fourth = upload(111), upload(222)
    shown = [own_wachttijd()]
    for ds, deleted in ((third, True), (fourth, True), (third, False)):  # each state is looked at
        set_upload_deleted(elsewhere, OPEN_ACCESS, ds, deleted)
        shown.append(own_wachttijd())
    assert shown[0] == 222 and shown[1] == 222 and shown[2] not in (111, 222) and shown[3] == 111
