"""wijkdata: router. Pages live in pages/; each page opens with the shared sidebar context."""

import streamlit as st

st.set_page_config(page_title="wijkdata – Samen in gesprek over cijfers", page_icon="📊", layout="wide")

pages = [
    st.Page("pages/start.py", title="Start", icon="🏠", default=True),
    st.Page("pages/trends.py", title="Trends", icon="📈"),
    st.Page("pages/vergelijken.py", title="Vergelijken", icon="⚖️"),
    st.Page("pages/overzicht.py", title="Overzicht", icon="🗺️"),
    st.Page("pages/gegevens.py", title="Gegevens", icon="📁"),
]
page = st.navigation(pages)
page.run()
