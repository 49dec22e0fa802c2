"""The session report (Markdown and PDF, in Dutch) and the agreements as a table (CSV, XLSX) and as
calendar items (.ics). Numbers and dates are written the Dutch way."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from importlib import resources

import pandas as pd

from wijkdata.catalog import V_LABELS
from wijkdata.store.conversations import STATUS_LABELS
from wijkdata.text import markdown_literal



@dataclass
class ReportFigure:
    naam: str
    zin: str
    png: bytes | None = None
    oordeel: list[str] = field(default_factory=list)  # the Waarderen verdicts, as the screen said them


@dataclass
class SessionReport:
    team: str
    datum: dt.date
    periode: str
    aanwezig: str
    figures: list[ReportFigure]
    notes: pd.DataFrame  # stap, v, tekst
    agreements: pd.DataFrame  # wat, wie, wanneer, v
    reviewed: pd.DataFrame = field(default_factory=pd.DataFrame)  # earlier agreements: wat, wie, status, toelichting
    titel: str = ""
    eigen_vragen: list[str] = field(default_factory=list)  # the questions the team added itself


def dutch_date(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return value.strftime("%d-%m-%Y")


def agreements_table(agreements: pd.DataFrame) -> pd.DataFrame:
    """Agreements with Dutch headers and dates, for the screen, CSV and XLSX."""
    out = pd.DataFrame({
        "Wat": agreements["wat"],
        "Wie": agreements["wie"],
        "Wanneer": agreements["wanneer"].map(dutch_date),
        "V": agreements["v"].map(lambda v: V_LABELS.get(v, "")),
    })
    if "stand" in agreements:
        out["Stand"] = agreements["stand"].map(lambda s: STATUS_LABELS.get(s, s))
    if "toelichting" in agreements:
        out["Toelichting"] = agreements["toelichting"]
    return out.reset_index(drop=True)


# notes written in steps without their own section, and the parkeerplaats, in this order
OTHER_NOTES = {"voorbereiden": "Voorbereiden", "terugblik": "Terugblik", "verbeteren": "Verbeteren",
               "afronden": "Afronden"}
PARKING = "parkeerplaats"


def chart_file(i: int, naam: str) -> str:
    """The file name of a chart next to the Markdown report: 'grafieken/1_uitval.png'."""
    import re

    slug = re.sub(r"[^a-z0-9]+", "_", naam.lower()).strip("_")[:40] or "grafiek"
    return f"grafieken/{i}_{slug}.png"


def _notes(notes: pd.DataFrame, stap: str, v: str | None = None) -> list[str]:
    part = notes[(notes["stap"] == stap) & (notes["tekst"].str.strip() != "")]
    if v is not None:
        part = part[part["v"] == v]
    return [t.strip() for t in part["tekst"]]


NOTHING_NOTED = "(niets genoteerd)"
EXPECTED_AND_SEEN = "Voorspeld en gezien"
EXPLANATIONS = "Verklaringen langs de drie V's"


@dataclass
class Block:
    """One part of a section. ``kind``: facts (label, value pairs), figure, bullets (with an
    optional bold label; ``empty`` is said when there are none), table, or text."""
    kind: str
    label: str = ""
    items: list = field(default_factory=list)
    frame: pd.DataFrame | None = None
    figure: ReportFigure | None = None
    number: int = 0  # a figure's place, for the name of its image file
    empty: str = NOTHING_NOTED


@dataclass
class Section:
    title: str  # our own words
    blocks: list[Block]
    level: int = 2
    subject: str = ""  # typed by someone (the team's name), after the title and a colon


def report_outline(report: SessionReport) -> list[Section]:
    """The report as sections, in order: the one outline that the Markdown and the PDF both write.
    A section without anything noted is left out, except the ones every conversation has."""
    notes = report.notes
    facts = [("Gesprek", report.titel.strip()), ("Datum", dutch_date(report.datum)),
             ("Periode van de cijfers", report.periode), ("Aanwezig", report.aanwezig.strip())]
    sections = [Section("Verslag teamgesprek", [Block("facts", items=[f for f in facts if f[1]])], 1, report.team),
                Section("De cijfers waarover we spraken", [Block("figure", figure=fig, number=i)
                                                           for i, fig in enumerate(report.figures, start=1)])]
    if len(report.reviewed):
        sections.append(Section("Terugblik op de vorige afspraken", [
            Block("table", frame=agreements_table(report.reviewed)[["Wat", "Wie", "Stand", "Toelichting"]])]))
    sections.append(Section(EXPECTED_AND_SEEN, [
        Block("bullets", "Wat we vooraf verwachtten", _notes(notes, "voorspellen")),
        Block("bullets", "Wat we zagen", _notes(notes, "herkennen"))]))
    sections.append(Section(EXPLANATIONS, [Block("bullets", label, _notes(notes, "verklaren", v))
                                           for v, label in V_LABELS.items()]))
    optional = [("Ons oordeel", _notes(notes, "waarderen")), ("Onze eigen vragen", list(report.eigen_vragen))]
    optional += [(f"Notities bij {label.lower()}", _notes(notes, stap)) for stap, label in OTHER_NOTES.items()]
    optional.append(("Parkeerplaats (voor een volgende keer)", _notes(notes, PARKING)))
    sections += [Section(title, [Block("bullets", items=items)]) for title, items in optional if items]
    made = Block("table", frame=agreements_table(report.agreements)[["Wat", "Wie", "Wanneer", "V"]]) \
        if len(report.agreements) else Block("text", items=["Er zijn geen afspraken gemaakt."])
    sections.append(Section("Afspraken", [made]))
    return sections


def to_markdown(report: SessionReport) -> str:
    """The report as Markdown. Everything people typed (team, attendees, notes, agreements) is
    written as literal text: a <script>, an image or a link in a note stays characters in any viewer."""
    lines = []
    for section in report_outline(report):
        subject = f": {_lit(section.subject)}" if section.subject else ""
        lines += ["#" * section.level + f" {section.title}{subject}", ""]
        for block in section.blocks:
            lines += _markdown_block(block)
    return "\n".join(lines).rstrip() + "\n"


def _lit(text) -> str:
    """Literal text inside a line of the report. Only the first line of what someone typed follows
    a '- ' or a label, so only there '-', '.' and ':' cannot start markup; further lines are
    escaped in full and indented, so they stay inside their list item."""
    first, *rest = str(text).split("\n")
    return "  \n  ".join([markdown_literal(first, keep="-.:"), *(markdown_literal(line) for line in rest)])


def _markdown_block(block: Block) -> list[str]:
    if block.kind == "facts":
        return [f"- {label}: {_lit(value)}" for label, value in block.items] + [""]
    if block.kind == "figure":
        fig = block.figure
        lines = [f"### {_lit(fig.naam)}", "", _lit(fig.zin), ""]
        if fig.png:  # the image is a file next to the report (see to_markdown_zip), not 2 MB of base64
            lines += [f"![{_lit(fig.naam)}]({chart_file(block.number, fig.naam)})", ""]
        return lines + [f"- Oordeel: {_lit(v)}" for v in fig.oordeel] + ([""] if fig.oordeel else [])
    if block.kind == "bullets":
        label = [f"**{block.label}**", ""] if block.label else []
        return label + ([f"- {_lit(t)}" for t in block.items] or [f"- {block.empty}"]) + [""]
    if block.kind == "table":
        return _md_table(block.frame) + [""]
    return list(block.items) + [""]  # our own sentences


def to_markdown_zip(report: SessionReport) -> bytes:
    """The Markdown report with its charts as PNG files beside it, in one zip."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("verslag.md", to_markdown(report))
        for i, fig in enumerate(report.figures, start=1):
            if fig.png:
                archive.writestr(chart_file(i, fig.naam), fig.png)
    return buffer.getvalue()


def _md_cell(value) -> str:
    return markdown_literal(str(value if value is not None else "").replace("\n", " "), keep="-.:")


def _md_table(frame: pd.DataFrame) -> list[str]:
    rows = ["| " + " | ".join(frame.columns) + " |", "|" + " --- |" * len(frame.columns)]
    rows += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return rows


def _font_path(name: str) -> str:
    return str(resources.files("font_source_sans_pro").joinpath(f"files/{name}"))


def to_pdf(report: SessionReport) -> bytes:
    """The same report as PDF (A4), with the charts as images. Uses Source Sans Pro so that every
    Dutch character (ë, ‘’, –, €) prints."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("Source", "", _font_path("SourceSansPro-Regular.ttf"))
    pdf.add_font("Source", "B", _font_path("SourceSansPro-Bold.ttf"))
    pdf.set_title(f"Verslag teamgesprek {report.team}")
    pdf.set_lang("nl")
    pdf.add_page()
    for section in report_outline(report):
        subject = f": {section.subject}" if section.subject else ""
        _pdf_heading(pdf, section.title + subject, 18 if section.level == 1 else 15)
        for block in section.blocks:
            _pdf_block(pdf, block)
    return bytes(pdf.output())


def _pdf_heading(pdf, text: str, size: int = 15, keep: float = 40) -> None:
    """A heading stays with at least ``keep`` mm of what follows it: never alone at a page's foot."""
    if pdf.will_page_break(8 + keep):
        pdf.add_page()
    pdf.set_font("Source", "B", size)
    pdf.multi_cell(pdf.epw, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _pdf_paragraph(pdf, text: str) -> None:
    pdf.set_font("Source", "", 11)
    pdf.multi_cell(pdf.epw, 6, text, new_x="LMARGIN", new_y="NEXT")


def _pdf_block(pdf, block: Block) -> None:
    if block.kind == "facts":
        for label, value in block.items:
            _pdf_paragraph(pdf, f"{label}: {value}")
        pdf.ln(3)
    elif block.kind == "figure":
        fig = block.figure
        if pdf.will_page_break(110 if fig.png else 30):  # a chart's name, sentence and image on one page
            pdf.add_page()
        pdf.set_font("Source", "B", 12)
        pdf.multi_cell(pdf.epw, 7, fig.naam, new_x="LMARGIN", new_y="NEXT")
        _pdf_paragraph(pdf, fig.zin)
        if fig.png:
            pdf.image(io.BytesIO(fig.png), w=pdf.epw)
        for verdict in fig.oordeel:
            _pdf_paragraph(pdf, f"Oordeel: {verdict}")
        pdf.ln(3)
    elif block.kind == "bullets":
        if block.label:
            _pdf_paragraph(pdf, f"{block.label}:")
        for item in block.items or [block.empty]:
            _pdf_paragraph(pdf, f"•  {item}")
        pdf.ln(2)
    elif block.kind == "table":
        _pdf_table(pdf, block.frame)
    else:
        for text in block.items:
            _pdf_paragraph(pdf, text)


def _pdf_table(pdf, frame: pd.DataFrame) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font("Source", "", 10)
    # "Wat" (the agreement itself) gets the widest column, the others what they need
    widths = tuple({"Wat": 5, "Toelichting": 3}.get(str(c), 2) for c in frame.columns)
    with pdf.table(headings_style=FontFace(emphasis="BOLD"), line_height=6, text_align="LEFT", col_widths=widths) as t:
        header = t.row()
        for col in frame.columns:
            header.cell(str(col))
        for values in frame.itertuples(index=False):
            row = t.row()
            for value in values:
                row.cell("" if value is None else str(value))
    pdf.ln(3)


def to_ics(agreements: pd.DataFrame, team: str) -> bytes:
    """One all-day calendar item per agreement with a date, on that date."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//wijkdata//Samen in gesprek over cijfers//NL")
    cal.add("version", "2.0")
    stamp = dt.datetime.now(dt.UTC)
    for row in agreements.itertuples():
        if row.wanneer is None or pd.isna(row.wanneer):
            continue
        day = pd.Timestamp(row.wanneer).date()
        event = Event()
        event.add("uid", f"afspraak-{row.id}@wijkdata")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", f"Afspraak {team}: {row.wat}")
        parts = [f"Wie: {row.wie}" if row.wie else "", f"V: {V_LABELS.get(row.v, '')}" if row.v else ""]
        event.add("description", "; ".join(p for p in parts if p) or row.wat)
        cal.add_component(event)
    return cal.to_ical()
