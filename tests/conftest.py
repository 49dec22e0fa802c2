import io
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
    monkeypatch.setenv("WIJKDATA_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
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


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'test.sqlite'}")


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
