"""Streamlit-only helpers. The only part of wijkdata that imports streamlit."""
