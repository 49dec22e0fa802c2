"""Shared checks for hostile input: is a message Dutch, and is the store whole after an attempt."""

import re

from sqlalchemy import func, select

# the writers of hostile files are shared with the file bench
from wijkdata.hostile_files import dimension_bomb_xlsx, raw_xlsx, xml_row  # noqa: F401
from wijkdata.ingest import IngestError
from wijkdata.service import check_file
from wijkdata.store import StoreError
from wijkdata.store.models import datasets, observations, team_attributes

# Words that give away an English (or raw Python) message; matched as whole words.
_ENGLISH = re.compile(r"\b(the|error|invalid|cannot|could not|failed|unexpected|traceback|exception|errno|"
                      r"nonetype|object|expected|line \d+|not found|keyerror|valueerror|typeerror)\b", re.I)
_DUTCH = re.compile(r"\b(de|het|een|is|niet|geen|van|kolom|rij|bestand|waarde|periode|team|getal|dit|deze)\b", re.I)


def assert_dutch(text: str) -> None:
    assert text and text.strip(), "an empty message"
    english = _ENGLISH.search(text)
    assert english is None, f"English or raw text in a message: {english.group(0)!r} in {text!r}"
    assert _DUTCH.search(text), f"no Dutch in {text!r}"


def table_counts(store) -> tuple[int, int, int]:
    with store.engine.connect() as conn:
        return tuple(conn.execute(select(func.count()).select_from(t)).scalar_one()
                     for t in (datasets, observations, team_attributes))


def try_upload(store, data: bytes, filename: str):
    """Does what the Gegevens page does with a file: check, then import if anything is usable.

    Returns the CheckedUpload (or None when the file is unusable) after asserting that every message is
    Dutch and that the store holds either the whole upload or nothing of it."""
    before = table_counts(store)
    try:
        checked = check_file(data, filename, store)
    except IngestError as exc:
        assert_dutch(exc.message)
        assert exc.hint, "every refusal says how to fix it"
        assert_dutch(exc.hint)
        assert table_counts(store) == before
        return None
    issues = checked.result.issues
    for column in ("probleem", "oplossing"):
        for message in issues[column].astype(str).unique():
            assert_dutch(message)
    assert issues["rij"].notna().all() and issues["kolom"].astype(str).str.len().gt(0).all(), \
        "every issue names its row and column"
    try:
        store.import_upload(checked, filename, data)
    except StoreError as exc:
        assert_dutch(exc.message)
        assert table_counts(store) == before
        return checked
    after = table_counts(store)
    assert after[0] == before[0] + 1
    if checked.layout == "teamkenmerken":
        assert after[2] - before[2] == len(checked.result.teams)
    else:
        assert after[1] - before[1] == checked.result.n_usable  # every usable row, no more, no less
    return checked


def opendocument(kind: str = "spreadsheet") -> bytes:
    """An OpenDocument file as LibreOffice writes it: a zip whose first member is 'mimetype'."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), f"application/vnd.oasis.opendocument.{kind}")
        zf.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
    return buf.getvalue()
