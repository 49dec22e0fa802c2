"""Showing a chart: the chart, a sentence that says what it shows (for screen readers and for
whoever cannot see the colours), and downloads of the image (PNG, SVG) and the data (CSV)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijkdata.charts import to_png, to_svg
from wijkdata.export import to_csv_bytes
from wijkdata.ui.format import plain


def show_chart(chart, data: pd.DataFrame, *, name: str, summary: str, key: str) -> None:
    # theme=None: the chart keeps its own beamer-sized type and colours instead of Streamlit's
    st.altair_chart(chart, width="stretch", alt=summary, theme=None)
    st.caption(plain(summary))  # names teams and indicators, which users supply
    c1, c2, c3 = st.columns(3)
    # images are rendered only when someone asks for them: vl-convert costs time per chart
    c1.download_button("Grafiek als PNG", lambda: to_png(chart), file_name=f"{name}.png", mime="image/png",
                       key=f"png_{key}", on_click="ignore", icon=":material/image:")
    c2.download_button("Grafiek als SVG", lambda: to_svg(chart), file_name=f"{name}.svg", mime="image/svg+xml",
                       key=f"svg_{key}", on_click="ignore", icon=":material/draw:")
    c3.download_button("Gegevens bij de grafiek (CSV)", lambda: to_csv_bytes(data), file_name=f"{name}.csv",
                       mime="text/csv", key=f"csv_{key}", on_click="ignore", icon=":material/table:")
