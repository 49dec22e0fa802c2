"""wijkdata: router. Pages live in pages/; the sidebar context is shared by all of them."""

import streamlit as st

from wijkdata.ui.context import sidebar_context

st.set_page_config(page_title="wijkdata – Samen in gesprek over cijfers", page_icon="📊", layout="wide")

pages = [
    st.Page("pages/start.py", title="Start", icon="🏠", default=True),
    st.Page("pages/gegevens.py", title="Gegevens", icon="📁"),
]
page = st.navigation(pages)
st.session_state["context"] = sidebar_context()
page.run()
