"""User text stays text wherever markdown is read: on the pages (Streamlit) and in the Markdown
report (any viewer): no link, image, HTML or heading comes out of what someone typed."""

import datetime as dt
import io

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from wijkdata.conversation.report import SessionReport, to_markdown, to_pdf
from wijkdata.text import WORD_JOINER, markdown_literal

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=http://buiten.example/html.png onerror=alert(1)>",
    "![m](http://buiten.example/x.png) Wijk",
    "[Sessie verlopen - log opnieuw in](http://buiten.example/phish)",
    "zie http://buiten.example/kaal en mail naar iemand@buiten.example",
    "# Kop",
    "[klik](javascript:alert('link'))",
    "Een kop van twee regels\n===",
    "eerste regel\n# tweede regel als kop\n- en een lijst",
]


def _viewer() -> MarkdownIt:
    """A permissive viewer: raw HTML allowed and bare addresses linked (as GitHub does)."""
    md = MarkdownIt("gfm-like", {"html": True, "linkify": True})
    md.linkify.set({"fuzzy_link": False})
    return md


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_text_renders_as_itself_and_nothing_more(text):
    html = _viewer().render("- " + markdown_literal(text))
    assert "<a " not in html and "<img" not in html and "<script" not in html and "<h1" not in html
    assert "<h2" not in html
    assert "http" not in text or f"http{WORD_JOINER}" in markdown_literal(text)


def _hostile_report() -> SessionReport:
    notes = pd.DataFrame({"stap": ["voorspellen", "herkennen", "verklaren", "waarderen"] + ["verklaren"] * 5,
                          "v": [None, None, "verbinden", None, "vertrouwen", "verantwoordelijkheid", "verbinden",
                                "vertrouwen", "verbinden"],
                          "tekst": HOSTILE})
    agreements = pd.DataFrame({"wat": [HOSTILE[2]], "wie": [HOSTILE[3]], "wanneer": [dt.date(2027, 1, 15)],
                               "v": ["vertrouwen"]})
    return SessionReport(HOSTILE[2], dt.date(2026, 11, 30), "2025 K1 – 2026 K3", HOSTILE[4], [], notes, agreements)


def test_the_pdf_report_prints_hostile_notes_as_letters_without_links():
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(to_pdf(_hostile_report())))
    assert not [p for p in pdf.pages if "/Annots" in p]  # no link, no action, nothing to click
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "<script>alert('x')</script>" in text and "[Sessie verlopen - log opnieuw in]" in text


def test_the_markdown_report_carries_hostile_notes_as_text():
    report = _hostile_report()
    md = to_markdown(report)
    html = _viewer().render(md)
    assert "<a " not in html and "<img" not in html and "<script" not in html
    assert html.count("<h1>") == 1 and html.count("<h2>") == 5  # only the report's own title and sections
    assert "15-01-2027" in md  # dates and ordinary text stay readable in the file itself
