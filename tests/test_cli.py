import os
import re

import pytest

from tests.conftest import SAMPLE
from wijkdata.cli import main


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKDATA_DB_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_sample_writes_files(db):
    assert main(["sample", "uit"]) == 0
    assert sorted(os.listdir(db / "uit")) == sorted(os.listdir(SAMPLE))


def test_validate_reports_and_imports_nothing(db, capsys):
    assert main(["validate", str(SAMPLE / "wijkdata_voorbeeld_met_fouten.csv")]) == 1
    out = capsys.readouterr().out
    assert "rij 7, kolom team: [fout] De teamnaam ontbreekt." in out
    from wijkdata.store import Store
    assert not Store().has_datasets()


def test_import_then_refuse_the_same_file(db, capsys):
    path = str(SAMPLE / "wijkdata_voorbeeld_lang.csv")
    assert main(["import", path]) == 0
    assert "11.900 waarden" in capsys.readouterr().out
    assert main(["import", path]) == 2
    assert "al geïmporteerd" in capsys.readouterr().err


def test_mapping_override_and_clear_errors(db, capsys):
    f = db / "eigen.csv"
    f.write_text("Wie;Wanneer;Wat;Hoeveel\nNoord;2024 K1;uitval;10\n", encoding="utf-8")
    assert main(["validate", str(f)]) == 2
    assert "Geen kolom voor het team" in capsys.readouterr().err
    args = ["import", str(f), "--koppel", "Wie=team", "--koppel", "Wanneer=periode", "--koppel", "Wat=indicator",
            "--koppel", "Hoeveel=waarde"]
    assert main(args) == 0
    assert main(["validate", str(db / "bestaat-niet.csv")]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_bench_compares_import_with_pandas_and_pyarrow_in_time_and_memory(db, capsys):
    assert main(["bench", "--teams", "30", "--kwartalen", "4", "--alleen", "import"]) == 0
    out = capsys.readouterr().out
    assert "30 teams × 4 kwartalen × 20 indicatoren = 2.400 rijen" in out
    rows = [line.split(" | ") for line in out.splitlines() if line.startswith(("CSV |", "XLSX |"))]
    assert [(r[0], r[1].split(" ")[0]) for r in rows] == [
        ("CSV", "pandas.read_csv"), ("CSV", "pyarrow.csv.read_csv"), ("CSV", "import"), ("CSV", "gecorrigeerd"),
        ("XLSX", "pandas.read_excel"), ("XLSX", "import")]
    assert re.fullmatch(r"gecorrigeerd bestand opnieuw importeren, alle 2\.400 waarden vervangen "
                        r"\(SQLite; \d+,\d\d× de eerste import\)", rows[3][1]), rows[3][1]
    for r in rows:  # seconds and megabytes measured, with a decimal comma, and ratios
        assert float(r[2].replace(",", ".")) > 0 and r[4].endswith("×")
        assert r[5].endswith("×") or (r[3], r[5]) == ("–", "–")  # no memory figure for the correction
    assert [r[4] for r in rows if r[1].startswith("pandas")] == ["1,0×", "1,0×"]


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_bench_measures_the_import_into_another_database_and_leaves_it_empty(db, db_url, capsys):
    from sqlalchemy import create_engine, inspect

    assert main(["bench", "--teams", "20", "--kwartalen", "4", "--alleen", "import", "--database", db_url]) == 0
    kind = "PostgreSQL" if db_url.startswith("postgresql") else "SQLite"
    rows = [line.split(" | ") for line in capsys.readouterr().out.splitlines() if line.startswith(("CSV |", "XLSX |"))]
    assert [(r[0], r[1]) for r in rows if r[1].startswith("import")] == [
        ("CSV", "import (lezen, koppelen, controleren, opslaan in SQLite)"),
        ("CSV", f"import (lezen, koppelen, controleren, opslaan in {kind})"),
        ("XLSX", "import (lezen, koppelen, controleren, opslaan in SQLite)"),
        ("XLSX", f"import (lezen, koppelen, controleren, opslaan in {kind})")]
    assert [r[1].split("(")[-1].split(";")[0] for r in rows if r[1].startswith("gecorrigeerd")] == ["SQLite", kind]
    assert not inspect(create_engine(db_url)).get_table_names()  # nothing left behind


def test_bench_refuses_a_database_that_holds_data(db, tmp_path, capsys):
    from wijkdata.service import ensure_sample
    from wijkdata.store import Store

    url = f"sqlite:///{tmp_path / 'in_gebruik.sqlite'}"
    ensure_sample(Store(url))
    before = len(Store(url).observations())
    assert main(["bench", "--teams", "20", "--kwartalen", "4", "--alleen", "import", "--database", url]) == 2
    err = capsys.readouterr().err
    assert "niet leeg" in err and "lege testdatabase" in err and "Traceback" not in err
    assert len(Store(url).observations()) == before > 0
    assert main(["bench", "--alleen", "import", "--database", "postgresql+psycopg://x:y@127.0.0.1:1/geen"]) == 2
    err = capsys.readouterr().err
    assert "niet bereikbaar" in err and "OperationalError" not in err
    assert main(["bench", "--alleen", "import", "--database", "geen-adres"]) == 2
    assert "geen bruikbaar database-adres" in capsys.readouterr().err


def test_bench_times_profiles_for_few_and_many_teams(db, capsys):
    assert main(["bench", "--alleen", "profielen", "--teams", "120"]) == 0
    out = capsys.readouterr().out
    section = out[out.index("profielen (met"):].splitlines()
    rows = [line for line in section if line.startswith(("voorbeeld |", "landelijk, "))]
    assert [r.split(" | ")[1] for r in rows] == ["40", "40", "120"]
    assert all(r.split(" | ")[-1].endswith(("(stevig)", "(matig)", "(wankel)")) for r in rows)
    assert "verhouding 120 teams tegen 40 teams" in out


def test_bench_load_lets_people_work_at_once_on_one_server_and_loses_no_note():
    """The load measurement runs and reports (here with short pauses, to keep the suite quick);
    what it reports about time is not asserted."""
    from wijkdata.ui.loadbench import run_load_bench

    out = run_load_bench(3, {"proef": (0.1, 0.3)}, processes=(1,))
    assert "proef: 3 mensen tegelijk, één app-proces" in out and "0,1 tot 0,3 s" in out
    assert "notitie bewaren | 9 |" in out and "pagina openen | 12 |" in out
    assert "notities in de database: 3 van 3 zoals laatst getypt" in out and "persoon " not in out


def test_the_file_bench_builds_a_stalling_file_and_says_what_the_app_answered():
    from wijkdata.bench_files import run_file_bench

    table = run_file_bench("regel")
    line = table.splitlines()[-1]
    assert line.startswith("CSV van één regel") and "5,0 MB" in line
    assert "melding: Rij 1 is 5.000.000 tekens lang" in line
