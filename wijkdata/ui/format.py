"""Tables on screen with Dutch numbers (decimal comma, thousands dot)."""

from __future__ import annotations

import pandas as pd


def dutch_styler(frame: pd.DataFrame, decimals: dict[str, int] | None = None, default_decimals: int = 1):
    """A Styler that st.dataframe renders with '7,7' and '1.234' (the values stay numbers, so sorting works)."""
    decimals = decimals or {}
    styler = frame.style
    for col in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col]):
            styler = styler.format(precision=decimals.get(col, default_decimals), decimal=",", thousands=".",
                                   na_rep="–", subset=[col])
    return styler.hide(axis="index")


_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def plain(text: str) -> str:
    """Text someone typed, made inert for st.markdown: every markdown character is escaped, so a
    link, image, heading or HTML tag shows as the characters that were typed."""
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in str(text))
