"""wijkdata: the core of "Samen in gesprek over cijfers" (plain Python, no Streamlit)."""

__version__ = "0.1.0"
