"""Benchmarks at national scale, printed as ratios, not verdicts.

- Import: 1,500 teams × 40 quarters × 20 indicators (1.2 million long rows, with teller/noemer) as a
  long CSV and as a wide XLSX. The app's import (read + map + validate + store) against
  ``pandas.read_csv`` / ``pandas.read_excel`` and ``pyarrow.csv.read_csv`` of the same bytes, in time
  and in peak memory. Each measurement runs in a fresh process, so one's memory does not count in
  the next. The import goes into a fresh SQLite file and, when given, into another database (e.g.
  PostgreSQL) that must be empty; its tables are dropped afterwards. For the CSV also a corrected
  upload: the same keys again, each one superseding the stored value.
- Profiles: clustering the sample, 40 and 1,500 teams.
(Page reruns drive Streamlit and live in wijkdata/ui/bench.py.)"""

from __future__ import annotations

import io
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

import pandas as pd

from wijkdata.errors import UserError
from wijkdata.formatting import format_int, format_number
from wijkdata.sample import generate


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def peak_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux carries that over from the parent
    through fork and exec, so a measuring child would report the bench's own memory too."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class BenchError(UserError, ValueError):
    """A measurement that cannot run (a database it may not write into, a failed import), in Dutch."""


def _work(kind: str, path: str, queue, db_url: str | None = None) -> None:
    """In a child process: the measurement, or why it failed."""
    try:
        queue.put(_timed(kind, path, db_url))
    except Exception as exc:  # reported in the parent; an empty queue would make it wait forever
        queue.put(f"{kind} van {Path(path).name} mislukte: {exc}")


def _timed(kind: str, path: str, db_url: str | None) -> tuple[float, float, float | None]:
    """Read the bytes, note memory, do the work, report time and peak growth. An import of a CSV is
    followed by a corrected upload of the same keys, timed on its own."""
    data = Path(path).read_bytes()
    if kind == "import":
        from wijkdata.service import check_file
        from wijkdata.store import Store

        store = Store(db_url or f"sqlite:///{Path(path).with_suffix('.sqlite')}")
    elif kind == "pyarrow":
        import pyarrow.csv as pv
    base = _rss_mb()
    start = time.perf_counter()
    if kind == "import":
        checked = check_file(data, Path(path).name, store)
        store.import_upload(checked, Path(path).name, data)
    elif kind == "pandas" and path.endswith(".csv"):
        pd.read_csv(io.BytesIO(data), sep=";", decimal=",", na_values=["."])
    elif kind == "pandas":
        pd.read_excel(io.BytesIO(data))
    elif kind == "pyarrow":
        pv.read_csv(io.BytesIO(data), parse_options=pv.ParseOptions(delimiter=";"))
    seconds = time.perf_counter() - start
    peak = peak_mb()
    again = None
    if kind == "import" and path.endswith(".csv"):
        corrected = data + b"\n"  # other bytes, the same rows: every key is superseded
        start = time.perf_counter()
        store.import_upload(check_file(corrected, "gecorrigeerd.csv", store), "gecorrigeerd.csv", corrected)
        again = time.perf_counter() - start
    return seconds, max(peak - base, 0.0), again


def _measure(kind: str, path: Path, db_url: str | None = None) -> tuple[float, float, float | None]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_work, args=(kind, str(path), queue, db_url))
    proc.start()
    result = queue.get()
    proc.join()
    if isinstance(result, str):
        raise BenchError(result)
    return result


def _empty_database(db_url: str) -> str:
    """Checks that ``db_url`` holds no wijkdata rows (the bench drops its tables afterwards) and
    returns its kind as people write it, e.g. 'PostgreSQL'."""
    from sqlalchemy import func, inspect, select
    from sqlalchemy.exc import ArgumentError

    from wijkdata.store import StoreError
    from wijkdata.store.engine import make_engine
    from wijkdata.store.models import metadata

    try:
        engine = make_engine(db_url)  # the store's engine: driver errors come out as Dutch StoreErrors
    except (ArgumentError, ImportError) as exc:
        raise BenchError(f"'{db_url}' is geen bruikbaar database-adres. Een voorbeeld: "
                                 "postgresql+psycopg://gebruiker:wachtwoord@localhost:5432/wijkdata_meting") from exc
    try:
        present = set(inspect(engine).get_table_names()) & set(metadata.tables)
        with engine.connect() as conn:
            filled = [name for name in sorted(present)
                      if conn.execute(select(func.count()).select_from(metadata.tables[name])).scalar_one()]
    except StoreError as exc:
        raise BenchError(f"De database achter --database: {exc}") from exc
    finally:
        engine.dispose()
    if filled:
        raise BenchError(f"De database voor de meting is niet leeg (tabel {', '.join(filled)} heeft rijen). "
                                 "Geef een lege testdatabase op: de meting verwijdert haar tabellen na afloop.")
    return {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(engine.dialect.name, engine.dialect.name)


def _drop_tables(db_url: str) -> None:
    from sqlalchemy import create_engine

    from wijkdata.store.models import metadata

    engine = create_engine(db_url)
    metadata.drop_all(engine)
    engine.dispose()


def write_national_files(folder: Path, teams: int, quarters: int) -> tuple[Path, Path, int]:
    from wijkdata.sample import long_csv, national, wide_xlsx

    data = national(teams, quarters)
    csv, xlsx = folder / "landelijk.csv", folder / "landelijk_breed.xlsx"
    csv.write_bytes(long_csv(data))
    xlsx.write_bytes(wide_xlsx(data))
    return csv, xlsx, len(data.observations)


def run_national_import_bench(teams: int = 1500, quarters: int = 40, db_url: str | None = None) -> str:
    other = _empty_database(db_url) if db_url else None
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        csv, xlsx, rows = write_national_files(Path(tmp), teams, quarters)
        made = time.perf_counter() - start
        lines = [f"landelijke bestanden: {format_int(teams)} teams × {quarters} kwartalen × 20 indicatoren = "
                 f"{format_int(rows)} rijen; CSV {format_number(csv.stat().st_size / 2**20, 0)} MB, XLSX (breed) "
                 f"{format_number(xlsx.stat().st_size / 2**20, 0)} MB (aanmaken {format_number(made, 0)} s)",
                 "bestand | meting | tijd (s) | piekgeheugen erbij (MB) | tijd t.o.v. pandas | geheugen t.o.v. pandas"]
        imports = ("import", "import_other") if other else ("import",)
        for path, kinds in ((csv, ("pandas", "pyarrow", *imports)), (xlsx, ("pandas", *imports))):
            results = {}
            for kind in kinds:
                if kind == "import_other":
                    try:
                        results[kind] = _measure("import", path, db_url)
                    finally:
                        _drop_tables(db_url)  # a fresh, empty schema for the next file, and nothing left behind
                else:
                    results[kind] = _measure(kind, path)
            t_pd, m_pd, _ = results["pandas"]
            label = {"pandas": "pandas.read_csv" if path.suffix == ".csv" else "pandas.read_excel",
                     "pyarrow": "pyarrow.csv.read_csv", "import": "import (lezen, koppelen, controleren, opslaan in SQLite)",
                     "import_other": f"import (lezen, koppelen, controleren, opslaan in {other})"}
            for kind, (seconds, memory, _) in results.items():
                lines.append(f"{path.suffix[1:].upper()} | {label[kind]} | {format_number(seconds, 3)} | "
                             f"{format_number(memory, 0)} | {format_number(seconds / t_pd, 1)}× | "
                             f"{format_number(memory / m_pd, 1) if m_pd else '–'}×")
            for kind, (first, _, again) in results.items():
                if again is not None:
                    where = label[kind].split(" in ")[-1].rstrip(")")
                    lines.append(f"{path.suffix[1:].upper()} | gecorrigeerd bestand opnieuw importeren, alle "
                                 f"{format_int(rows)} waarden vervangen ({where}; {format_number(again / first, 2)}× "
                                 f"de eerste import) | {format_number(again, 3)} | – | {format_number(again / t_pd, 1)}× | –")
    lines.append("doelen: CSV ≤ 8× pandas.read_csv in SQLite en ≤ 15× in PostgreSQL, Excel ≤ 1,5× pandas.read_excel; "
                 "piekgeheugen ≤ 2× pandas; een gecorrigeerd bestand ≤ 1,5× de eerste import")
    return "\n".join(lines)


def _time_profiles(obs: pd.DataFrame, teams: pd.DataFrame | None, repeats: int):
    from wijkdata.catalog import load_catalog
    from wijkdata.profiles import build_profile_input, make_profiles

    best_input = best_profiles = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        data = build_profile_input(obs, load_catalog(), teams)
        middle = time.perf_counter()
        result = make_profiles(data)
        best_input = min(best_input, middle - start)
        best_profiles = min(best_profiles, time.perf_counter() - middle)
    return data, result, best_input, best_profiles


def run_profile_bench(teams: int = 1500, repeats: int = 3) -> str:
    """Profiles (input table, silhouette choice over 2..8, final fit, 40 bootstraps, map, words)
    for the sample and for national-scale data of 40 and ``teams`` teams. Best of ``repeats``."""
    from wijkdata.profiles import BOOTSTRAPS
    from wijkdata.sample import national

    sample = generate()
    context = sample.teams.assign(kenmerken=sample.teams[["inwoners_0_17", "stedelijkheid", "fte"]].to_dict("records"))
    cases = [("voorbeeld", sample.observations, context)]
    for n in (40, teams):
        data = national(n, 8)
        cases.append((f"landelijk, {format_int(n)} teams", data.observations, None))
    lines = [f"profielen (met {BOOTSTRAPS} bootstraps voor de stevigheid; beste van {repeats})",
             "gegevens | teams | variabelen | profielen | invoer (s) | profielen (s) | stevigheid (ARI)"]
    totals = {}
    for label, obs, context_table in cases:
        data, result, t_input, t_profiles = _time_profiles(obs, context_table, repeats)
        totals[label] = t_input + t_profiles
        lines.append(f"{label} | {format_int(len(data.values))} | {len(data.variables)} | {result.clustering.k} | "
                     f"{format_number(t_input, 2)} | {format_number(t_profiles, 2)} | "
                     f"{format_number(result.stability.ari, 2)} ({result.stability.word})")
    small, big = totals[cases[1][0]], totals[cases[2][0]]
    lines.append(f"verhouding {format_int(teams)} teams tegen 40 teams (landelijk, totaal): {format_number(big / small, 2)}×")
    return "\n".join(lines)
