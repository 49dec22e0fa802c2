"""wijkdata: router. Pages live in pages/; the sidebar context is built here so its choices hold on every page."""

import streamlit as st

from wijkdata.ui.context import sidebar_context

st.set_page_config(page_title="wijkdata – Samen in gesprek over cijfers", page_icon=":material/bar_chart:", layout="wide")

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
sidebar_context()  # handed to the page through page_context()
page.run()
