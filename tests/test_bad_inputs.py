"""Files that are not usable data: each gets its own Dutch sentence and nothing is written."""

import io
import zipfile

import pytest
from sqlalchemy import func, select

from tests.conftest import xlsx_bytes
from tests.hostile import assert_dutch, opendocument, raw_xlsx, xml_row
from wijkdata.ingest import IngestError
from wijkdata.service import check_file
from wijkdata.store import StoreError
from wijkdata.store.models import datasets, observations, team_attributes

HEADER = "team;periode;indicator;waarde\n"


def encrypted_xlsx() -> bytes:
    import msoffcrypto.format.ooxml as ooxml

    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(xlsx_bytes({"Blad1": [["team", "periode"], ["A", "2024"]]}))).encrypt("geheim", out)
    return out.getvalue()


def zip_bomb_xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 50_000_000 + b"/>")
    return buf.getvalue()


def zip_with(name: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, "x")
    return buf.getvalue()


CASES = [
    # (id, filename, bytes, words the message must contain)
    ("empty", "a.csv", b"", "Het bestand is leeg"),
    ("only-newlines", "a.csv", b"\r\n\r\n  \n", "Het bestand is leeg"),
    ("png", "cijfers.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "afbeelding (PNG)"),
    ("jpeg", "cijfers.csv", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "afbeelding (JPEG)"),
    ("pdf", "cijfers.csv", b"%PDF-1.7\n%...", "PDF-document"),
    ("gzip", "cijfers.csv", b"\x1f\x8b\x08\x00" + b"\x00" * 50, "ingepakt bestand"),
    ("exe", "cijfers.csv", b"MZ\x90\x00" + b"\x00" * 50, "een programma"),
    ("binary-junk", "cijfers.csv", bytes(range(256)) * 40, "geen leesbare tekst"),
    ("html", "cijfers.csv", b"<!DOCTYPE html><html><body><table></table></body></html>", "webpagina (HTML)"),
    ("old-xls", "cijfers.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "oud Excel-bestand (.xls)"),
    ("encrypted-xlsx", "cijfers.xlsx", None, "beveiligd met een wachtwoord"),
    ("truncated-xlsx", "cijfers.xlsx", None, "beschadigd"),
    ("not-a-zip-xlsx", "cijfers.xlsx", b"team;periode\nA;2024\n", "geen Excel-bestand"),
    ("word-docx", "cijfers.xlsx", zip_with("word/document.xml"), "Word-document"),
    ("plain-zip", "cijfers.xlsx", zip_with("data.txt"), "zip-bestand"),
    ("zip-bomb", "cijfers.xlsx", None, "onredelijk grote omvang"),
    ("empty-sheet", "cijfers.xlsx", xlsx_bytes({"Leeg": []}), "Het werkblad 'Leeg' is leeg"),
    ("header-only", "a.csv", HEADER.encode(), "geen rijen met cijfers"),
    ("one-column", "a.csv", b"team\nNoord\nZuid\n", "maar één kolom"),
    ("ragged-row", "a.csv", (HEADER + "A;2024;uitval;1\nA;2024;uitval;1;extra;meer\n").encode(), "Rij 3 heeft 6 kolommen"),
    ("open-quote", "a.csv", (HEADER + 'A;2024;"uitval;1\nB;2024;uitval;2\n').encode(), "aanhalingsteken"),
    ("duplicate-headers", "a.csv", b"team;periode;waarde;waarde\nA;2024;1;2\n", "komt twee keer voor"),
    ("too-many-columns", "a.csv", (";".join(f"k{i}" for i in range(10_000)) + "\n" + ";".join("1" * 10_000) + "\n").encode(),
     "10.000 kolommen"),
    ("no-team-column", "a.csv", b"periode;indicator;waarde\n2024;uitval;1\n", "Geen kolom voor het team"),
    ("no-period-column", "a.csv", b"team;indicator;waarde\nA;uitval;1\n", "Geen kolom voor de periode"),
    ("no-value-column", "a.csv", b"team;periode;indicator;opmerking\nA;2024;uitval;x\n", "Geen kolom voor de waarde"),
    ("unknown-columns", "a.csv", b"foo;bar\n1;2\n", "Geen kolom voor het team"),
    ("opendocument-spreadsheet", "cijfers.ods", opendocument(), "Dit is een OpenDocument-werkblad (.ods"),
    ("opendocument-text", "cijfers.xlsx", opendocument("text"), "OpenDocument-tekstdocument (.odt)"),
    ("xlsb", "cijfers.xlsb", zip_with("xl/workbook.bin"), "binaire Excel-werkmap (.xlsb)"),
    ("endless-line", "a.csv", b"a;" * 2_500_000, "Rij 1 is 5.000.000 tekens lang"),
    ("too-many-rows", "a.csv", None, "2.000.001 rijen; de app leest er hoogstens 2.000.000"),
    ("unsaved-formula", "cijfers.xlsx", xlsx_bytes({"Blad1": [["team", "waarde"], ["=A3", 1]]}),
     "formule zonder opgeslagen uitkomst (in cel A2: =A3)"),
    ("xlsx-beyond-last-column", "cijfers.xlsx", raw_xlsx(xml_row(1, ("A1", "team"), ("XFD1", "x"))),
     "kolommen tot en met XFD"),
    ("xlsx-entities", "cijfers.xlsx", raw_xlsx(xml_row(1, ("A1", "team")), prolog='<!DOCTYPE x [<!ENTITY a "b">]>'),
     "XML-constructies die Excel nooit schrijft"),
]


def _bytes_for(case_id: str, data):
    if case_id == "encrypted-xlsx":
        return encrypted_xlsx()
    if case_id == "truncated-xlsx":
        return xlsx_bytes({"Blad1": [["team", "periode"], ["A", "2024"]]})[:400]
    if case_id == "zip-bomb":
        return zip_bomb_xlsx()
    if case_id == "too-many-rows":
        return HEADER.encode() + b"A;2024;uitval;1\n" * 2_000_001
    return data


def assert_nothing_written(store):
    with store.engine.connect() as conn:
        for table in (datasets, observations, team_attributes):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0


@pytest.mark.parametrize("case_id, filename, data, words", CASES, ids=[c[0] for c in CASES])
def test_unusable_file_gets_one_dutch_sentence(store, case_id, filename, data, words):
    data = _bytes_for(case_id, data)
    with pytest.raises(IngestError) as info:
        check_file(data, filename, store)
    assert words in str(info.value)
    assert info.value.hint  # always says how to fix it
    assert_dutch(info.value.message)
    assert_dutch(info.value.hint)
    assert "Traceback" not in str(info.value)
    assert_nothing_written(store)


def test_file_over_the_size_limit(store):
    data = b"team;periode;indicator;waarde\n" + b"A;2024;uitval;1\n" * (300_000_000 // 16)
    with pytest.raises(IngestError) as info:
        check_file(data, "groot.csv", store, max_bytes=200_000_000)
    assert "300 MB" in info.value.message and "200 MB" in info.value.message
    assert_nothing_written(store)


def test_file_where_every_row_is_wrong_imports_nothing(store):
    data = (HEADER + "A;2024-13;uitval;1\n;2024;uitval;2\nB;2024;onbekend;3\nC;2024;uitval;NaN\n").encode()
    checked = check_file(data, "fout.csv", store)
    assert checked.result.n_usable == 0 and len(checked.result.rejected_rows) == 4
    with pytest.raises(StoreError) as info:
        store.import_upload(checked, "fout.csv", data)
    assert "geen enkele bruikbare rij" in info.value.message
    assert_nothing_written(store)


def test_hostile_team_names_are_stored_as_plain_text(store):
    data = (HEADER + '"<script>alert(1)</script>";2024;uitval;10\n"=HYPERLINK(""x"")";2024;uitval;12\n').encode()
    checked = check_file(data, "a.csv", store)
    store.import_upload(checked, "a.csv", data)
    assert set(store.observations()["team"]) == {"<script>alert(1)</script>", '=HYPERLINK("x")'}


def test_failed_import_leaves_nothing_behind(store, monkeypatch):
    """An error halfway through the transaction rolls back the dataset row as well."""
    data = (HEADER + "A;2024;uitval;10\n").encode()
    checked = check_file(data, "a.csv", store)

    def boom(*args, **kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(type(store), "_insert_observations", boom)
    with pytest.raises(RuntimeError):
        store.import_upload(checked, "a.csv", data)
    assert_nothing_written(store)
