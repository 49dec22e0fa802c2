"""'Nieuwe reeks vanaf …': the series breaks of the own team, and adding or removing one by hand."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijkdata.periods import period_label
from wijkdata.store import StoreError
from wijkdata.ui.context import Context
from wijkdata.ui.format import plain


def series_break_box(ctx: Context, periods: list[str]) -> None:
    breaks = ctx.breaks()
    with st.expander("Nieuwe reeks vanaf … (reeksbreuk)", expanded=False):
        st.caption("Is de wijk anders afgebakend, of tellen de cijfers vanaf een periode op een andere manier (nieuw "
                   "registratiesysteem)? Dan zijn de cijfers daarvoor en daarna geen reeks. Trend, SPC en ‘van … naar …’ "
                   "gaan dan alleen over de periodes sinds de breuk, voor alle indicatoren van dit team.")
        for row in breaks.itertuples():
            b1, b2 = st.columns([4, 1])
            source = f" (uit upload {int(row.dataset_id)})" if pd.notna(row.dataset_id) else ""
            b1.markdown(f"Vanaf **{period_label(row.periode)}**: {plain(row.reden)}{source}")
            if not source and b2.button("Weghalen", key=f"rm_break_{row.id}"):
                ctx.store.breaks.remove(int(row.id))
                st.rerun()
        if len(periods) < 2:
            return
        with st.form("series_break", clear_on_submit=True, border=False):
            f1, f2 = st.columns([1, 3])
            start = f1.selectbox("Vanaf periode", periods[1:], format_func=period_label, key="break_start")
            reason = f2.text_input("Reden", placeholder="bijvoorbeeld: wijkgrens verlegd", key="break_reason",
                                   max_chars=500)
            if st.form_submit_button("Nieuwe reeks vastleggen"):
                try:
                    ctx.store.breaks.add(ctx.team, start, reason)
                except StoreError as exc:
                    st.error(plain(exc.message))
                else:
                    st.rerun()
