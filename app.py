"""wijkdata: router. Pages live in pages/; the sidebar context is built here so its choices hold on every page."""

from pathlib import Path

import streamlit as st

from wijkdata.ui.context import sidebar_context
from wijkdata.ui.errors import page_guard
from wijkdata.ui.language import tag_dutch

# A local icon: a :material: or emoji icon makes the browser fetch it from Google's or a CDN's servers.
ICON = Path(__file__).parent / "wijkdata" / "data" / "favicon.png"
st.set_page_config(page_title="wijkdata – Samen in gesprek over cijfers", page_icon=str(ICON), layout="wide")

pages = [
    st.Page("pages/start.py", title="Start", icon=":material/home:", default=True),
    st.Page("pages/gesprek.py", title="Gesprek", icon=":material/forum:"),
    st.Page("pages/trends.py", title="Trends", icon=":material/show_chart:"),
    st.Page("pages/vergelijken.py", title="Vergelijken", icon=":material/balance:"),
    st.Page("pages/profielen.py", title="Profielen", icon=":material/scatter_plot:"),
    st.Page("pages/overzicht.py", title="Overzicht", icon=":material/grid_view:"),
    st.Page("pages/gegevens.py", title="Gegevens", icon=":material/upload_file:"),
]
page = st.navigation(pages)
tag_dutch()  # first: a page may stop its run early
with page_guard():  # a failure shows as a Dutch sentence, never as a traceback
    sidebar_context()  # handed to the page through page_context()
    page.run()
