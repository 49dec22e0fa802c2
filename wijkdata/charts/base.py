"""What every chart shares: Dutch number locale, one colour scheme, large type for a beamer,
a title that says what is shown, a source line, and export to PNG/SVG without a browser.

Colours follow the Okabe–Ito palette, which stays distinguishable with the common forms of
colour blindness; better/worse is blue/orange (as in NHS "Making Data Count") and always also
said in words (legend, tooltip, symbol), never by colour alone.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import vl_convert as vlc

from wijkdata.formatting import decimals_for, format_number

MAX_ROWS = 5000  # no chart sends more rows than this to the browser

DUTCH_NUMBERS = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]}
DUTCH_TIME = {
    "dateTime": "%A %e %B %Y %X", "date": "%d-%m-%Y", "time": "%H:%M:%S", "periods": ["", ""],
    "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
    "months": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december"],
    "shortMonths": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
}

OWN = "#000000"
PEER = "#7A7A7A"
BAND = "#D9D9D9"
REFERENCE = "#E69F00"
BETTER = "#0072B2"
WORSE = "#D55E00"
SIMILAR = "#BDBDBD"
HIGHER = "#6A3D9A"
LOWER = "#CAB2D6"
UNKNOWN = "#FFFFFF"

COMPARISON_COLOURS = {
    "slechter": WORSE, "vergelijkbaar": SIMILAR, "beter": BETTER,
    "lager": LOWER, "hoger": HIGHER, "niet te beoordelen": UNKNOWN, "te weinig teams": UNKNOWN,
    "aantal jeugdigen onbekend": UNKNOWN, "gekozen op dit cijfer": UNKNOWN,
}
COMPARISON_SYMBOLS = {"slechter": "−", "vergelijkbaar": "=", "beter": "+", "lager": "↓", "hoger": "↑",
                      "niet te beoordelen": "?", "te weinig teams": "?",
                      "aantal jeugdigen onbekend": "?", "gekozen op dit cijfer": "?"}


def comparison_scale(present=None) -> alt.Scale:
    labels = [k for k in COMPARISON_COLOURS if present is None or k in set(present)]
    return alt.Scale(domain=labels, range=[COMPARISON_COLOURS[k] for k in labels])


def number_format(eenheid: str) -> str:
    """d3 format for axis and tooltips, with the unit's decimals (formatting.decimals_for)."""
    return f",.{decimals_for(eenheid)}f"


def format_like(value: float, fmt: str) -> str:
    """A number written in text (title, label) with the decimals its axis format uses."""
    return format_number(value, 1 if fmt.endswith(".1f") else 0)


def check_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Guard for the 5,000-row promise: builders aggregate first; this catches a builder that forgot."""
    if len(frame) > MAX_ROWS:
        raise ValueError(f"chart data has {len(frame)} rows; aggregate to at most {MAX_ROWS} first")
    return frame


# Streamlit loads its typeface as "Source Sans"; images made by vl-convert use "Source Sans Pro".
# One typeface for chart and page: without the first name the browser fell back to an Arial look-alike.
FONT = '"Source Sans", "Source Sans Pro", sans-serif'


def finish(chart, title: str, subtitle: str = "", source: str = "", width="container", height: int = 380):
    """Title, source line, size, Dutch locale and beamer-sized type."""
    lines = [line for line in (subtitle, source) if line]
    chart = chart.properties(title=alt.TitleParams(title, subtitle=lines, anchor="start", fontSize=22,
                                                   subtitleFontSize=15, subtitleColor="#333333"),
                             width=width, height=height,
                             # the height is the plot's own; title and legend come on top of it
                             autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return (chart.configure(locale={"number": DUTCH_NUMBERS, "time": DUTCH_TIME}, font=FONT)
            .configure_axis(labelFontSize=15, titleFontSize=16, labelColor="#222222", titleColor="#222222",
                            gridColor="#E6E6E6")
            .configure_legend(labelFontSize=15, titleFontSize=15, symbolSize=160, orient="bottom", columns=3,
                              labelLimit=420)
            .configure_view(stroke=None))


def _spec(chart, width: int) -> dict:
    # through JSON with str() as fallback: data frames from the store carry dates (periode_start),
    # which the browser gets through Arrow but vl-convert cannot take as Python objects
    spec = json.loads(json.dumps(chart.to_dict(), default=str))
    if spec.get("width") == "container":  # an image has no container to fill
        spec["width"] = width
    return spec


def to_png(chart, width: int = 900) -> bytes:
    return vlc.vegalite_to_png(_spec(chart, width), scale=2, format_locale=DUTCH_NUMBERS, time_format_locale=DUTCH_TIME)


def to_svg(chart, width: int = 900) -> bytes:
    svg = vlc.vegalite_to_svg(_spec(chart, width), format_locale=DUTCH_NUMBERS, time_format_locale=DUTCH_TIME)
    return svg.encode("utf-8")


def for_beamer(chart, height: int | str = "container"):
    """The same chart with type for the back of the room (presentation mode): axis and legend text
    about 1,6× larger, a larger title. ``height`` "container": title, plot, axes and legend together
    fit the box the page gives the chart (the big screen sizes it to the viewport)."""
    chart = chart.copy(deep=True)
    title = chart.title
    if isinstance(title, alt.TitleParams):
        title.fontSize, title.subtitleFontSize = 30, 22
    return (chart.properties(height=height, autosize=alt.AutoSizeParams(type="fit", contains="padding"))
            .configure_axis(labelFontSize=22, titleFontSize=22, labelColor="#000000", titleColor="#000000",
                            gridColor="#E6E6E6", labelLimit=400, titleLimit=0)
            .configure_legend(labelFontSize=22, titleFontSize=22, symbolSize=300, orient="bottom", columns=3,
                              labelLimit=600))
