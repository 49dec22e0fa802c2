"""The codes of a list of trajecten: per coded column, what each value means (which reasons for
ending are uitval, which values mean 'ja'). Part of the mapping step; the choices live in the
plan's options, so they are saved with the mapping and survive every rerun."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijkdata.formatting import format_int
from wijkdata.ingest.mapping import target_label
from wijkdata.ingest.plan import distinct_values
from wijkdata.ingest.rawtable import RawTable
from wijkdata.ingest.trajectory_fields import CODED, MAX_CODES, meaning_label
from wijkdata.ingest.trajectory_plan import coded_columns
from wijkdata.ui.format import plain


@st.cache_data(show_spinner=False, max_entries=8)
def code_counts(_raw: RawTable, digest: str, sheet: str | None, column: str) -> pd.Series:
    """How many rows carry each value of a column, in the order of the codes (at most MAX_CODES + 1)."""
    values = sorted(distinct_values(_raw.frame[column], MAX_CODES + 1), key=str.casefold)
    counts = _raw.frame[column].astype("string").str.strip().value_counts()
    return pd.Series([int(counts.get(v, 0)) for v in values], index=values, dtype=int)


def codes_step(raw: RawTable, digest: str, plan, catalog) -> None:
    """Draw a choice per code of every coded column; writes them into ``plan.options.codes``."""
    coded = coded_columns(plan.mapping)
    if not coded:
        return
    codes = {c: dict(v) for c, v in plan.options.codes.items() if c in coded}
    with st.container(border=True):
        st.markdown("**Wat betekenen de codes?**")
        st.caption("Kies per code wat hij betekent; waar de woorden het zeggen is een keuze voorgesteld. Een code "
                   "zonder keuze telt nergens mee en staat in het controlerapport.")
        for c_i, (column, target) in enumerate(coded.items()):
            counts = code_counts(raw, digest, raw.sheet, column)
            label = target_label(target, catalog).removeprefix("Traject: ")
            if len(counts) > MAX_CODES:
                st.warning(f"‘{plain(column)}’ ({plain(label)}) heeft meer dan {MAX_CODES} verschillende waarden: dat is "
                           "geen lijst van codes. Kies in de tabel hierboven een andere kolom voor dit veld, of ‘niet "
                           "gebruiken’.")
                continue
            st.markdown(f"‘{plain(column)}’ — {plain(label)}")
            meanings = list(CODED[target])
            chosen = codes.setdefault(column, {})
            cols = st.columns(3)
            for v_i, (value, n) in enumerate(counts.items()):
                current = chosen.get(value)
                picked = cols[v_i % 3].selectbox(
                    f"{plain(value)} ({format_int(n)} {'traject' if n == 1 else 'trajecten'})", meanings,
                    index=meanings.index(current) if current in meanings else None, placeholder="— kies een betekenis —",
                    format_func=lambda m, t=target: meaning_label(t, m), key=f"code_{digest}_{target}_{c_i}_{v_i}_{column}")
                if picked is None:
                    chosen.pop(value, None)
                else:
                    chosen[value] = picked
            if missing := [v for v in counts.index if v not in chosen]:
                st.caption(f"Nog geen betekenis: {format_int(len(missing))} "
                           f"{'code' if len(missing) == 1 else 'codes'}.")
    plan.options = plan.options.replace(codes={**plan.options.codes, **codes})
