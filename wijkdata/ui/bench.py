"""Page benchmark: rerun time of the analysis pages on the sample data and on a national-scale
set, through AppTest. Prints seconds and ratios, not verdicts. Lives in ui/ because it drives
Streamlit; the core stays free of it."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from wijkdata.formatting import format_int, format_number

PAGES = {"Trends": "pages/trends.py", "Vergelijken": "pages/vergelijken.py", "Profielen": "pages/profielen.py",
         "Overzicht": "pages/overzicht.py", "Gegevens": "pages/gegevens.py"}
ROOT = Path(__file__).resolve().parents[2]


def load_national(db_url: str, teams: int, quarters: int) -> int:
    from wijkdata.sample import long_csv, national, teams_csv
    from wijkdata.service import check_file
    from wijkdata.store import Store

    data = national(teams, quarters)
    store = Store(db_url)
    for name, content in (("landelijk.csv", long_csv(data)), ("landelijk_teams.csv", teams_csv(data))):
        store.import_upload(check_file(content, name, store), name, content)
    return len(data.observations)


def _rows_per_chart(app) -> int:
    """The most rows any chart on the page sends to the browser."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    sizes = [sum(len(convert_arrow_bytes_to_pandas_df(d.data.data)) for d in chart.proto.datasets)
             for chart in app.get("vega_lite_chart")]
    return max(sizes, default=0)


def _measure(db_url: str, reruns: int) -> dict[str, tuple[float, float, int]]:
    import streamlit as st

    from wijkdata.ui.apptest import open_app

    os.environ["WIJKDATA_DB_URL"] = db_url
    st.cache_resource.clear()
    st.cache_data.clear()
    app = open_app(ROOT / "app.py", timeout=600)
    app.run()
    times = {}
    for label, page in PAGES.items():
        start = time.perf_counter()
        app.switch_page(page).run()
        first = time.perf_counter() - start
        if app.exception:
            raise RuntimeError(f"{label}: {app.exception[0].value}")
        samples = []
        for _ in range(reruns):
            start = time.perf_counter()
            app.run()
            samples.append(time.perf_counter() - start)
        times[label] = (first, statistics.median(samples), _rows_per_chart(app))
    return times


def run_page_bench(teams: int = 1500, quarters: int = 40, reruns: int = 5) -> str:
    import logging

    logging.disable(logging.WARNING)  # AppTest outside a server logs warnings that say nothing here
    previous = os.environ.get("WIJKDATA_DB_URL")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sample_url = f"sqlite:///{Path(tmp) / 'voorbeeld.sqlite'}"
            national_url = f"sqlite:///{Path(tmp) / 'landelijk.sqlite'}"
            sample = _measure(sample_url, reruns)
            start = time.perf_counter()
            rows = load_national(national_url, teams, quarters)
            load = time.perf_counter() - start
            big = _measure(national_url, reruns)
    finally:
        logging.disable(logging.NOTSET)
        os.chdir(cwd)
        if previous is None:
            os.environ.pop("WIJKDATA_DB_URL", None)
        else:
            os.environ["WIJKDATA_DB_URL"] = previous
    lines = [f"landelijke set: {format_int(teams)} teams × {quarters} kwartalen × 20 indicatoren = {format_int(rows)} rijen "
             f"(aanmaken en importeren {format_number(load, 1)} s)",
             "pagina | eerste keer voorbeeld (s) | eerste keer landelijk (s) | herhaling voorbeeld (s) | "
             "herhaling landelijk (s) | verhouding herhaling | rijen per grafiek (landelijk, hoogstens)"]
    for label in PAGES:
        (f_s, r_s, _), (f_n, r_n, rows_n) = sample[label], big[label]
        lines.append(f"{label} | {format_number(f_s, 2)} | {format_number(f_n, 2)} | {format_number(r_s, 2)} | "
                     f"{format_number(r_n, 2)} | {format_number(r_n / r_s, 2)}× | {format_int(rows_n)}")
    lines.append("doelen: herhaling landelijk ≤ 1,5× het voorbeeld; hoogstens 5.000 rijen per grafiek")
    return "\n".join(lines)
