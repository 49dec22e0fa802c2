"""Import benchmark: ``wijkdata import`` (read + map + validate + store) against pandas.read_csv of
the same file. Prints ratios, not verdicts."""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

import pandas as pd

from wijkdata.formatting import format_int, format_number
from wijkdata.sample import generate, long_csv


def _file_with_rows(rows: int) -> bytes:
    """The sample long file, its teams copied under new names until it has ``rows`` rows."""
    base = generate().observations
    copies = []
    i = 0
    while sum(len(c) for c in copies) < rows:
        copies.append(base.assign(team=base["team"] + f" {i}" if i else base["team"]))
        i += 1
    frame = pd.concat(copies, ignore_index=True).head(rows)
    data = generate()
    data.observations = frame
    return long_csv(data)


def _time_import(data: bytes, name: str) -> float:
    from wijkdata.service import check_file
    from wijkdata.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        start = time.perf_counter()
        checked = check_file(data, name, store)
        store.import_upload(checked, name, data)
        return time.perf_counter() - start


def _time_read_csv(data: bytes) -> float:
    start = time.perf_counter()
    pd.read_csv(io.BytesIO(data), sep=";", decimal=",")
    return time.perf_counter() - start


def run_import_bench(rows: int = 100_000) -> str:
    lines = ["bestand | rijen | import (s) | pandas.read_csv (s) | verhouding"]
    for label, data in (("voorbeeld", long_csv(generate())), ("gegenereerd", _file_with_rows(rows))):
        n = data.count(b"\n") - 1
        t_import = min(_time_import(data, f"{label}.csv") for _ in range(2))
        t_pandas = min(_time_read_csv(data) for _ in range(3))
        lines.append(f"{label} | {format_int(n)} | {format_number(t_import, 2)} | {format_number(t_pandas, 3)} | "
                     f"{format_number(t_import / t_pandas, 1)}×")
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
