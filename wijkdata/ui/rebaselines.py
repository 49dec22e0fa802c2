"""The box under a trend chart where a team restarts its SPC limits from a period, with the reason
written down (a new way of working, another registration), and takes such a restart back."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijkdata.periods import period_label
from wijkdata.store import StoreError
from wijkdata.ui.context import Context
from wijkdata.ui.format import plain


def rebaseline_box(ctx: Context, code: str, periods: list[str], stored: pd.DataFrame) -> None:
    """``periods``: the periods of the team's series; ``stored``: its restarts of this indicator."""
    with st.expander("Nieuwe basislijn voor de SPC-grenzen"):
        st.caption("Is er iets wezenlijk veranderd (nieuwe werkwijze, andere registratie)? Laat de grenzen dan vanaf "
                   "die periode opnieuw beginnen, en schrijf op waarom.")
        for row in stored.itertuples():
            b1, b2 = st.columns([4, 1])
            b1.markdown(f"Vanaf **{period_label(row.periode)}**: {plain(row.reden)}")
            if b2.button("Weghalen", key=f"rm_base_{row.id}"):
                ctx.store.remove_baseline(int(row.id))
                st.rerun()
        with st.form(f"baseline_{code}", clear_on_submit=True, border=False):
            f1, f2 = st.columns([1, 3])
            start = f1.selectbox("Vanaf periode", periods[1:], format_func=period_label, key=f"base_start_{code}")
            reason = f2.text_input("Reden", placeholder="bijvoorbeeld: nieuwe werkwijze bij aanmelding",
                                   key=f"base_reason_{code}")
            if st.form_submit_button("Basislijn toevoegen"):
                try:
                    ctx.store.add_baseline(ctx.team, code, start, reason)
                except StoreError as exc:
                    st.error(plain(exc.message))
                else:
                    st.rerun()
