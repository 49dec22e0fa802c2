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
