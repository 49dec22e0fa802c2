import io
import re
import os
from pathlib import Path

import pytest

from wijkdata.catalog import load_catalog
from wijkdata.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"


@pytest.fixture
def catalog():
    return load_catalog()


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    """A function that opens the whole app on a fresh database (so on the sample data), as AppTest
    drives it; ``query_params`` play the part of a link someone opens."""
    import streamlit as st

    from wijkdata.ui import errors
    from wijkdata.ui.apptest import open_app

    monkeypatch.setattr(errors, "RAISE_UNEXPECTED", True)
    db_url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("WIJKDATA_DB_URL", db_url)
    _fixed_secret(db_url)
    monkeypatch.chdir(ROOT)
    st.cache_resource.clear()
    st.cache_data.clear()

    def make(query_params: dict | None = None, secrets: dict | None = None, user: dict | None = None):
        """``secrets`` as in secrets.toml; ``user`` is what the login gave (``st.user``)."""
        at = open_app(ROOT / "app.py", query_params=query_params)
        for key, value in (secrets or {}).items():
            at.secrets[key] = value
        if user is not None:
            at.user = user
        at.run()
        return at

    yield make
    st.cache_resource.clear()


def _fixed_secret(db_url: str) -> None:
    """Every test app gets the same installation secret: the stand-ins of hidden small counts (and
    so the profiles of the sample) are then the same on every run. With a random secret one run in
    about fifteen found four profiles instead of three."""
    from sqlalchemy import update

    from wijkdata.store import Store
    from wijkdata.store.models import app_state

    store = Store(db_url)
    with store.engine.begin() as conn:
        conn.execute(update(app_state).where(app_state.c.key == "geheim").values(text="wijkdata-test"))
    store.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture(scope="session")
def sample():
    """The generated sample and its observations with canonical period codes (as the store has them)."""
    from wijkdata.periods import parse_period
    from wijkdata.sample import generate

    data = generate()
    obs = data.observations.copy()
    obs["periode"] = obs["periode"].map(lambda p: parse_period(p).code)
    return data, obs


PG_URL_VARIABLE = "WIJKDATA_TEST_PG_URL"  # .ci/run starts PostgreSQL and sets it


def _fresh_postgresql(url: str) -> str:
    """An empty database for one test: the public schema dropped and made again."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """The same storage, import and conversation tests against each database the app supports:
    the embedded SQLite file, and PostgreSQL for a shared installation (skipped, with the reason in
    pytest's summary, when no PostgreSQL is configured)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    url = os.environ.get(PG_URL_VARIABLE)
    if not url:
        pytest.skip(f"no PostgreSQL: set {PG_URL_VARIABLE} (.ci/run starts one and sets it)")
    return _fresh_postgresql(url)


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.engine.dispose()


def charts(app):
    """The Vega-Lite specs of the charts on the page."""
    import json

    return [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]


def chart_data(app):
    """The rows each chart sends to the browser."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    return [[convert_arrow_bytes_to_pandas_df(d.data.data) for d in c.proto.datasets] for c in app.get("vega_lite_chart")]


def real_team_names():
    from wijkdata.sample import GEMEENTEN

    return {f"{g} {w}" for g, wijken in GEMEENTEN.items() for w in wijken}


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A real .xlsx built with openpyxl: {sheet name: rows}."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def unescaped(text: str) -> str:
    """Markdown as the reader sees it: the backslash escapes and word joiners that keep user text
    inert removed (see wijkdata.text.markdown_literal)."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def open_tab(app, key: str, label: str):
    """Opens a tab of ``st.tabs(..., key=key, on_change="rerun")``, as a click on it does: only the
    open tab is drawn."""
    app.session_state[key] = label
    return app.run()


def report_table(app):
    """The check report of the Gegevens page (the table with a 'Probleem' column)."""
    return next(d.value for d in app.dataframe if "Probleem" in d.value.columns)


def mapping_plan(app):
    """The plan of the file in the mapping step (wijkdata.ui.mapping_step.Plan)."""
    return next(v for k, v in app.session_state.items() if k.startswith("plan_"))


def set_mapping(app, choices: dict[str, str]):
    """Choose in the mapping table what a column holds, as a click in its 'Wat staat erin' cell
    does. AppTest cannot click into a data_editor, so the edit goes through the function the
    table's on_change handler calls (the browser test clicks the real table). Then reruns."""
    from wijkdata.ui.mapping_step import apply_table_edits

    key = next(k for k in app.session_state.keys() if k.startswith("plan_"))
    digest = key[len("plan_"):]
    rows = app.session_state[f"map_rows_{digest}"]
    apply_table_edits(app.session_state[key], rows, {rows.index(c): {"koppeling": t} for c, t in choices.items()})
    gen_key = f"map_gen_{digest}"  # the table drawn anew from the plan, as after a bulk action
    app.session_state[gen_key] = (app.session_state[gen_key] if gen_key in app.session_state else 0) + 1
    return app.run()
