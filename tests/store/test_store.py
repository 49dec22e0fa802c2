import pytest
from sqlalchemy import text

from wijkdata.service import check_file, ensure_sample
from wijkdata.store import Store, StoreError
from wijkdata.store.observations import observations_query

HEADER = "team;periode;indicator;waarde\n"


def put(store, body, name):
    data = (HEADER + body).encode()
    return store.import_upload(check_file(data, name, store), name, data)


def values(store):
    return {(r.team, r.periode): r.waarde for r in store.observations().itertuples()}


def test_round_trip_keeps_original_bytes_and_survives_reopen(db_url):
    url = db_url
    store = Store(url)
    data = (HEADER + "Noord;2024 K1;tevredenheid;7,7\n").encode("cp1252")
    ds = store.import_upload(check_file(data, "noord.csv", store), "noord.csv", data)
    reopened = Store(url)  # as after an app restart
    assert reopened.dataset_file(ds) == ("noord.csv", data)
    assert values(reopened) == {("Noord", "2024-K1"): 7.7}
    hist = reopened.datasets().iloc[0]
    assert (hist.rows_read, hist.rows_imported, hist.rows_rejected, hist.kind) == (1, 1, 0, "lang")
    assert reopened.dataset_mapping(ds)["waarde"] == "waarde"


def test_sqlite_runs_in_wal_mode(store):
    if store.engine.dialect.name != "sqlite":
        pytest.skip("WAL is SQLite's; PostgreSQL has its own concurrency")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_newer_upload_supersedes_and_delete_restores(store):
    first = put(store, "A;2024 K1;uitval;10\nA;2024 K2;uitval;11\n", "jan.csv")
    second = put(store, "A;2024 K2;uitval;15\n", "feb.csv")
    assert values(store) == {("A", "2024-K1"): 10.0, ("A", "2024-K2"): 15.0}
    store.set_deleted(second, True)
    assert values(store) == {("A", "2024-K1"): 10.0, ("A", "2024-K2"): 11.0}
    assert len(store.observations(dataset_id=second)) == 1  # the older dataset stays retrievable
    store.set_deleted(second, False)
    assert values(store)[("A", "2024-K2")] == 15.0
    store.set_deleted(first, True)
    assert values(store) == {("A", "2024-K2"): 15.0}


def test_same_file_twice_is_recognised(store):
    put(store, "A;2024;uitval;10\n", "a.csv")
    try:
        put(store, "A;2024;uitval;10\n", "kopie.csv")
    except StoreError as exc:
        first = int(store.datasets()["id"].iloc[0])
        # named by number and time: the earlier file's name may be another team's business
        assert "al geïmporteerd" in exc.message and f"upload {first} van " in exc.message and "a.csv" not in exc.message
    else:
        raise AssertionError("a second import of the same bytes must be refused")
    assert len(store.datasets()) == 1


def test_team_attributes_and_context_variables(store):
    data = b"team;gemeente;wijk;inwoners_0_17;stedelijkheid\nA;Lindeburg;Oost;4.200;sterk stedelijk\n"
    store.import_upload(check_file(data, "teams.csv", store), "teams.csv", data)
    put(store, "A;2024;uitval;10\nB;2024;uitval;12\n", "cijfers.csv")
    teams = store.teams().set_index("team")
    assert teams.loc["A", "gemeente"] == "Lindeburg"
    assert teams.loc["A", "kenmerken"] == {"inwoners_0_17": 4200.0, "stedelijkheid": "sterk stedelijk"}
    assert "B" in teams.index


def test_saved_mapping_is_found_for_same_headers(store):
    store.save_mapping("Export systeem X", ["Wijkteam", "Kwartaal", "Code", "Score"],
                       {"Wijkteam": "team", "Kwartaal": "periode", "Code": "indicator", "Score": "waarde"})
    found = store.find_mapping(["wijkteam", "Kwartaal", "Code", "Score"])
    assert found["name"] == "Export systeem X" and found["mapping"]["Code"] == "indicator"
    assert store.find_mapping(["Wijkteam", "Kwartaal"]) is None


def test_first_start_loads_the_sample_once(store):
    assert ensure_sample(store) is True
    assert store.observations()["team"].nunique() == 40
    assert store.teams()["gemeente"].nunique() == 12
    assert ensure_sample(store) is False


def test_two_app_processes_starting_together_create_the_schema_and_load_the_sample_once(db_url):
    """Two app processes (each its own engine and connections) start at the same moment on one
    empty database: one schema, one sample."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    barrier = Barrier(2)

    def start_app() -> bool:
        barrier.wait()
        store = Store(db_url)
        try:
            return ensure_sample(store)
        finally:
            store.engine.dispose()

    with ThreadPoolExecutor(2) as pool:
        loaded = list(pool.map(lambda _: start_app(), range(2)))
    assert sorted(loaded) == [False, True]
    store = Store(db_url)
    assert len(store.datasets()) == 2  # teams and figures, once
    store.engine.dispose()


def test_imports_and_deletes_never_rewrite_stored_values_and_reading_needs_no_sort(store):
    """Which value counts is derived when reading, so a corrected upload, a delete or a restore
    writes no observation row of another upload (a per-row flag took a national re-upload 25 s),
    and the read walks the table in its key order instead of sorting 1.2 million rows."""
    if store.engine.dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans from its statistics")
    from sqlalchemy import event

    written = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _keep(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().startswith(("UPDATE observations", "DELETE FROM observations")):
            written.append(statement)

    put(store, "A;2024 K1;uitval;10\nA;2024 K2;uitval;11\n", "jan.csv")
    second = put(store, "A;2024 K2;uitval;15\n", "feb.csv")
    store.set_deleted(second, True)
    store.set_deleted(second, False)
    assert written == []
    assert values(store) == {("A", "2024-K1"): 10.0, ("A", "2024-K2"): 15.0}
    query = observations_query(teams=["A"]).compile(dialect=store.engine.dialect,
                                                    compile_kwargs={"render_postcompile": True})
    with store.engine.connect() as conn:
        plan = [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + str(query),
                                                       tuple(query.params[k] for k in query.positiontup))]
    assert plan[0].startswith("SEARCH observations USING PRIMARY KEY (team=?)"), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan  # no sort
    assert any(step.startswith("SEARCH newer USING PRIMARY KEY") for step in plan), plan  # newer value: a look-up


def test_a_database_of_the_earlier_layout_keeps_every_value_and_which_counts(db_url):
    """A database written by the version with a per-row is_current flag is rebuilt on first start:
    every upload's rows stay, the newest live value still counts, a deleted upload still does not."""
    import datetime as dt

    from sqlalchemy import create_engine, insert

    from wijkdata.store.models import datasets

    old = create_engine(db_url)
    with old.begin() as conn:
        datasets.create(conn)  # unchanged since then
        conn.execute(text("CREATE TABLE observations (id INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL "
                          "REFERENCES datasets(id), team VARCHAR(255) NOT NULL, periode VARCHAR(10) NOT NULL, "
                          "periode_start DATE NOT NULL, indicator VARCHAR(64) NOT NULL, waarde FLOAT, teller FLOAT, "
                          "noemer FLOAT, n FLOAT, sd FLOAT, is_current BOOLEAN NOT NULL)"))
        for index, columns in (("ix_obs_key", "team, periode, indicator"), ("ix_obs_dataset", "dataset_id"),
                               ("ix_obs_current", "is_current, indicator")):
            conn.execute(text(f"CREATE INDEX {index} ON observations ({columns})"))
        ids = [conn.execute(insert(datasets).values(
            filename="f.csv", sha256=str(n), uploaded_at=dt.datetime.now(dt.UTC), content=b"x", file_type="csv",
            kind="lang", mapping={}, rows_read=1, rows_imported=1, rows_rejected=0, warnings=0, deleted=deleted,
            is_sample=False)).inserted_primary_key[0] for n, deleted in enumerate((False, False, True))]
        rows = [(1, ids[0], "A", "2024-K1", 10.0, True), (2, ids[0], "A", "2024-K2", 11.0, False),
                (3, ids[1], "A", "2024-K2", 15.0, True), (4, ids[2], "A", "2024-K1", 99.0, False)]
        for row_id, ds, team, periode, waarde, current in rows:
            conn.execute(text("INSERT INTO observations VALUES (:id, :ds, :team, :p, '2024-01-01', 'uitval', :w, "
                              "NULL, NULL, NULL, NULL, :cur)"),
                         {"id": row_id, "ds": ds, "team": team, "p": periode, "w": waarde, "cur": current})
    old.dispose()
    store = Store(db_url)
    assert values(store) == {("A", "2024-K1"): 10.0, ("A", "2024-K2"): 15.0}
    assert len(store.observations(current_only=False)) == 4
    store.set_deleted(ids[1], True)
    assert values(store) == {("A", "2024-K1"): 10.0, ("A", "2024-K2"): 11.0}
    put(store, "A;2024 K3;uitval;12\n", "nieuw.csv")  # the new table takes new uploads
    assert values(store)[("A", "2024-K3")] == 12.0
    Store(db_url)  # a second start finds nothing to do
    assert len(store.observations(current_only=False)) == 5


def test_previous_values_of_no_teams_are_none_not_every_teams(store):
    """A file of only new teams (a CBS export of regions nobody uploaded yet) compares with no
    stored value; reading them all took seconds at national scale."""
    put(store, "A;2024 K1;uitval;10\nB;2024 K1;uitval;11\n", "jan.csv")
    assert store.previous_values([]).empty
    assert set(store.previous_values(["B"])["team"]) == {"B"}
    assert len(store.observations()) == 2
