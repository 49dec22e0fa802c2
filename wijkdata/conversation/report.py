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


def to_markdown(report: SessionReport) -> str:
    """The report as Markdown. Everything people typed (team, attendees, notes, agreements) is
    written as literal text: a <script>, an image or a link in a note stays characters in any viewer."""
    def lit(text) -> str:
        """Literal text inside a line of the report. Only the first line of what someone typed follows
        a '- ' or a label, so only there '-', '.' and ':' cannot start markup; further lines are
        escaped in full and indented, so they stay inside their list item."""
        first, *rest = str(text).split("\n")
        return "  \n  ".join([markdown_literal(first, keep="-.:"), *(markdown_literal(line) for line in rest)])

    lines = [f"# Verslag teamgesprek: {lit(report.team)}", ""]
    if report.titel.strip():
        lines.append(f"- Gesprek: {lit(report.titel.strip())}")
    lines.append(f"- Datum: {dutch_date(report.datum)}")
    if report.periode:
        lines.append(f"- Periode van de cijfers: {report.periode}")
    if report.aanwezig.strip():
        lines.append(f"- Aanwezig: {lit(report.aanwezig.strip())}")
    lines += ["", "## De cijfers waarover we spraken", ""]
    for i, fig in enumerate(report.figures, start=1):
        lines += [f"### {lit(fig.naam)}", "", lit(fig.zin), ""]
        if fig.png:  # the image is a file next to the report (see to_markdown_zip), not 2 MB of base64
            lines += [f"![{lit(fig.naam)}]({chart_file(i, fig.naam)})", ""]
        lines += [f"- Oordeel: {lit(v)}" for v in fig.oordeel] + ([""] if fig.oordeel else [])
    if len(report.reviewed):
        lines += ["## Terugblik op de vorige afspraken", ""]
        lines += _md_table(agreements_table(report.reviewed)[["Wat", "Wie", "Stand", "Toelichting"]]) + [""]
    lines += ["## Voorspeld en gezien", "", "**Wat we vooraf verwachtten**", ""]
    lines += [f"- {lit(t)}" for t in _notes(report.notes, "voorspellen")] or ["- (niets genoteerd)"]
    lines += ["", "**Wat we zagen**", ""]
    lines += [f"- {lit(t)}" for t in _notes(report.notes, "herkennen")] or ["- (niets genoteerd)"]
    lines += ["", "## Verklaringen langs de drie V's", ""]
    for v, label in V_LABELS.items():
        found = _notes(report.notes, "verklaren", v)
        lines += [f"**{label}**", ""] + ([f"- {lit(t)}" for t in found] or ["- (niets genoteerd)"]) + [""]
    judged = _notes(report.notes, "waarderen")
    if judged:
        lines += ["## Ons oordeel", ""] + [f"- {lit(t)}" for t in judged] + [""]
    if report.eigen_vragen:
        lines += ["## Onze eigen vragen", ""] + [f"- {lit(t)}" for t in report.eigen_vragen] + [""]
    for stap, label in OTHER_NOTES.items():
        if found := _notes(report.notes, stap):
            lines += [f"## Notities bij {label.lower()}", ""] + [f"- {lit(t)}" for t in found] + [""]
    if parked := _notes(report.notes, PARKING):
        lines += ["## Parkeerplaats (voor een volgende keer)", ""] + [f"- {lit(t)}" for t in parked] + [""]
    lines += ["## Afspraken", ""]
    if len(report.agreements):
        lines += _md_table(agreements_table(report.agreements)[["Wat", "Wie", "Wanneer", "V"]])
    else:
        lines.append("Er zijn geen afspraken gemaakt.")
    return "\n".join(lines).rstrip() + "\n"


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
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("Source", "", _font_path("SourceSansPro-Regular.ttf"))
    pdf.add_font("Source", "B", _font_path("SourceSansPro-Bold.ttf"))
    pdf.set_title(f"Verslag teamgesprek {report.team}")
    pdf.set_lang("nl")
    pdf.add_page()
    width = pdf.epw

    def heading(text: str, size: int = 15, keep: float = 40) -> None:
        """A heading stays with at least ``keep`` mm of what follows it: never alone at a page's foot."""
        if pdf.will_page_break(8 + keep):
            pdf.add_page()
        pdf.set_font("Source", "B", size)
        pdf.multi_cell(width, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def paragraph(text: str) -> None:
        pdf.set_font("Source", "", 11)
        pdf.multi_cell(width, 6, text, new_x="LMARGIN", new_y="NEXT")

    def bullets(items: list[str]) -> None:
        for item in items or ["(niets genoteerd)"]:
            paragraph(f"•  {item}")
        pdf.ln(2)

    def table(frame: pd.DataFrame) -> None:
        pdf.set_font("Source", "", 10)
        # "Wat" (the agreement itself) gets the widest column, the others what they need
        widths = tuple({"Wat": 5, "Toelichting": 3}.get(str(c), 2) for c in frame.columns)
        with pdf.table(headings_style=FontFace(emphasis="BOLD"), line_height=6, text_align="LEFT",
                       col_widths=widths) as t:
            header = t.row()
            for col in frame.columns:
                header.cell(str(col))
            for values in frame.itertuples(index=False):
                row = t.row()
                for value in values:
                    row.cell("" if value is None else str(value))
        pdf.ln(3)

    heading(f"Verslag teamgesprek: {report.team}", 18)
    if report.titel.strip():
        paragraph(f"Gesprek: {report.titel.strip()}")
    paragraph(f"Datum: {dutch_date(report.datum)}")
    if report.periode:
        paragraph(f"Periode van de cijfers: {report.periode}")
    if report.aanwezig.strip():
        paragraph(f"Aanwezig: {report.aanwezig.strip()}")
    pdf.ln(3)
    heading("De cijfers waarover we spraken")
    for fig in report.figures:
        if pdf.will_page_break(110 if fig.png else 30):  # a chart's name, sentence and image on one page
            pdf.add_page()
        pdf.set_font("Source", "B", 12)
        pdf.multi_cell(width, 7, fig.naam, new_x="LMARGIN", new_y="NEXT")
        paragraph(fig.zin)
        if fig.png:
            pdf.image(io.BytesIO(fig.png), w=width)
        for verdict in fig.oordeel:
            paragraph(f"Oordeel: {verdict}")
        pdf.ln(3)
    if len(report.reviewed):
        heading("Terugblik op de vorige afspraken")
        table(agreements_table(report.reviewed)[["Wat", "Wie", "Stand", "Toelichting"]])
    heading("Voorspeld en gezien")
    paragraph("Wat we vooraf verwachtten:")
    bullets(_notes(report.notes, "voorspellen"))
    paragraph("Wat we zagen:")
    bullets(_notes(report.notes, "herkennen"))
    heading("Verklaringen langs de drie V's")
    for v, label in V_LABELS.items():
        paragraph(f"{label}:")
        bullets(_notes(report.notes, "verklaren", v))
    judged = _notes(report.notes, "waarderen")
    if judged:
        heading("Ons oordeel")
        bullets(judged)
    if report.eigen_vragen:
        heading("Onze eigen vragen")
        bullets(report.eigen_vragen)
    for stap, label in OTHER_NOTES.items():
        if found := _notes(report.notes, stap):
            heading(f"Notities bij {label.lower()}")
            bullets(found)
    if parked := _notes(report.notes, PARKING):
        heading("Parkeerplaats (voor een volgende keer)")
        bullets(parked)
    heading("Afspraken")
    if len(report.agreements):
        table(agreements_table(report.agreements)[["Wat", "Wie", "Wanneer", "V"]])
    else:
        paragraph("Er zijn geen afspraken gemaakt.")
    return bytes(pdf.output())


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
