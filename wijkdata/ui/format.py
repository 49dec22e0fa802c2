"""Tables on screen with Dutch numbers (decimal comma, thousands dot)."""

from __future__ import annotations

import pandas as pd

from wijkdata.text import markdown_literal


def dutch_styler(frame: pd.DataFrame, decimals: dict[str, int] | None = None, default_decimals: int = 1):
    """A Styler that st.dataframe renders with '7,7' and '1.234' (the values stay numbers, so sorting works)."""
    decimals = decimals or {}
    styler = frame.style
    for col in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col]):
            styler = styler.format(precision=decimals.get(col, default_decimals), decimal=",", thousands=".",
                                   na_rep="–", subset=[col])
    return styler.hide(axis="index")


# Text someone typed or a file brought, made inert wherever Streamlit reads markdown (st.markdown,
# captions, alerts, widget labels): see wijkdata.text.markdown_literal.
plain = markdown_literal
