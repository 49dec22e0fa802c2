"""Files that have stalled or fooled the app, built on demand: the file bench measures them, and
the tests use the same writers. An .xlsx is written as its raw package, because openpyxl cannot
write a lying dimension or shared strings the way other programs do."""

from __future__ import annotations

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"


def raw_xlsx(sheet_data: str, *, dimension: str | None = None, strings: list[str] | None = None,
             merged: tuple[str, ...] = (), prefix: str = "", extra_parts: dict[str, bytes] | None = None,
             prolog: str = "") -> bytes:
    """A minimal .xlsx with the worksheet XML exactly as given (``sheet_data``: the ``<row>``
    elements), as Excel and other programs write it: shared strings, a declared dimension, merged
    ranges, a namespace prefix. openpyxl cannot write a lying dimension or shared strings, so this
    writes the package itself."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{_MAIN}"' if prefix else f'xmlns="{_MAIN}"'
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<{p}worksheet {xmlns}>'
             + (f'<{p}dimension ref="{dimension}"/>' if dimension else "")
             + f"<{p}sheetData>{sheet_data}</{p}sheetData>"
             + (f'<{p}mergeCells count="{len(merged)}">' + "".join(f'<{p}mergeCell ref="{m}"/>' for m in merged)
                + f"</{p}mergeCells>" if merged else "")
             + f"</{p}worksheet>")
    types = ('<?xml version="1.0" encoding="UTF-8"?>'
             f'<Types xmlns="{_PKG}/content-types"><Default Extension="rels" '
             'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
             + ('<Override PartName="/xl/sharedStrings.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if strings is not None else "") + "</Types>")
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
                '<sheets><sheet name="Cijfers" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
               if strings is not None else "") + "</Relationships>")
    root_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
                 f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        if strings is not None:
            items = "".join(s if s.startswith("<si>") else f"<si><t>{escape(s)}</t></si>" for s in strings)
            zf.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" '
                                                f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>')
        for name, content in (extra_parts or {}).items():
            zf.writestr(name, content)
    return buf.getvalue()


def xml_row(number: int, *cells: tuple[str, object], prefix: str = "") -> str:
    """One ``<row>``: cells as (reference, value); a str is an inline string, a number a number,
    ('s', i) a shared string, ('f', formula) a formula without a saved result."""
    from xml.sax.saxutils import escape

    p = f"{prefix}:" if prefix else ""
    out = []
    for ref, value in cells:
        if isinstance(value, tuple) and value[0] == "s":
            out.append(f'<{p}c r="{ref}" t="s"><{p}v>{value[1]}</{p}v></{p}c>')
        elif isinstance(value, tuple) and value[0] == "f":
            out.append(f'<{p}c r="{ref}"><{p}f>{escape(value[1])}</{p}f><{p}v/></{p}c>')
        elif isinstance(value, str):
            out.append(f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>{escape(value)}</{p}t></{p}is></{p}c>')
        else:
            out.append(f'<{p}c r="{ref}"><{p}v>{value}</{p}v></{p}c>')
    return f'<{p}row r="{number}">{"".join(out)}</{p}row>'


def dimension_bomb_xlsx() -> bytes:
    """4,9 KB that declares A1:ZZ1048576: a header, one row of figures and one cell on the last row."""
    return raw_xlsx(xml_row(1, ("A1", "team"), ("B1", "periode"), ("C1", "indicator"), ("D1", "waarde"))
                    + xml_row(2, ("A2", "Noord"), ("B2", "2024-K1"), ("C2", "tevredenheid"), ("D2", 7.5))
                    + xml_row(1048576, ("ZZ1048576", "x")), dimension="A1:ZZ1048576")
