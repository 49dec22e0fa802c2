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
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'test.sqlite'}")


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
