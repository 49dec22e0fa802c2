"""wijkdata: router. Pages live in pages/; the sidebar context is built here so its choices hold on every page."""

import streamlit as st

from wijkdata.ui.context import sidebar_context

st.set_page_config(page_title="wijkdata – Samen in gesprek over cijfers", page_icon="📊", layout="wide")

pages = [
    st.Page("pages/start.py", title="Start", icon="🏠", default=True),
    st.Page("pages/trends.py", title="Trends", icon="📈"),
    st.Page("pages/vergelijken.py", title="Vergelijken", icon="⚖️"),
    st.Page("pages/overzicht.py", title="Overzicht", icon="🗺️"),
    st.Page("pages/gegevens.py", title="Gegevens", icon="📁"),
]
page = st.navigation(pages)
sidebar_context()  # handed to the page through page_context()
page.run()
