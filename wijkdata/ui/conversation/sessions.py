"""Sessions: how they are named (date, time, title), choosing one, starting a new one, and the
overview of all sessions and agreements of the team."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijkdata.conversation import flow
from wijkdata.conversation.library import steps
from wijkdata.conversation.report import agreements_table, dutch_date, to_ics
from wijkdata.conversation.triggers import MAX_FOCUS, Signal, propose_focus
from wijkdata.export import to_csv_bytes, to_xlsx_bytes
from wijkdata.formatting import format_clock
from wijkdata.store.conversations import LATE, STATUS_LABELS, ConversationError, ConversationStore
from wijkdata.ui import messages
from wijkdata.ui.conversation import keys
from wijkdata.ui.errors import safely
from wijkdata.ui.format import dutch_styler, plain


def session_name(row) -> str:
    """'29-11-2026 14:05 · Teamdag najaar': two sessions on one day never read the same."""
    title = (row["titel"] or "").strip() if "titel" in row else ""
    return f"{dutch_date(row['datum'])} {format_clock(row['created_at'])[:5]}" + (f" · {title}" if title else "")


def session_label(sessions: pd.DataFrame, gid: int) -> str:
    if gid == keys.NEW:
        return "Nieuw gesprek beginnen"
    row = sessions[sessions["id"] == gid].iloc[0]
    state = "afgerond" if row["status"] == "afgerond" else steps()[int(row["stap"])].naam.lower()
    return f"{session_name(row)} · {state}"


def _start(conv: ConversationStore, team: str, periods) -> None:
    try:
        st.session_state[keys.SESSION] = flow.start_session(
            conv, team, st.session_state.get(keys.NEW_FOCUS) or [], periods,
            titel=st.session_state.get(keys.NEW_TITLE, ""))
        st.session_state.pop(keys.NEW_TITLE, None)
    except ConversationError as exc:
        messages.tell(keys.START_ERROR, plain(exc.message), "error")


def new_session(conv: ConversationStore, ctx, team_label: str, signals: list[Signal], codes: list[str]) -> None:
    st.markdown(f"### Nieuw gesprek voor {plain(team_label)}")
    st.caption(steps()[0].instructie)
    st.text_input("Titel (optioneel)", key=keys.NEW_TITLE, max_chars=120,
                  placeholder="Bijvoorbeeld: teamdag najaar")
    st.session_state.setdefault(keys.NEW_FOCUS, propose_focus(signals, codes))
    # pills, not a multiselect: no "Select all" or other English; the limit is checked here
    chosen = st.pills(f"Cijfers om over te praten (1 tot {MAX_FOCUS})", codes, selection_mode="multi",
                      key=keys.NEW_FOCUS, format_func=lambda c: ctx.catalog[c].naam)
    if len(chosen) > MAX_FOCUS:
        st.warning(f"U koos {len(chosen)} cijfers; een gesprek gaat over hoogstens {MAX_FOCUS}. Haal er "
                   f"{len(chosen) - MAX_FOCUS} weg.")
    shown = [s for s in signals if s.kind != "profiel"][:6]
    if shown:
        st.markdown("**Wat de cijfers laten zien**  \n" + "  \n".join(f"– {plain(s.reden)}" for s in shown))
    st.button("Gesprek beginnen", type="primary", icon=":material/play_arrow:", key="knop_beginnen",
              on_click=safely(_start), args=(conv, ctx.team, ctx.periods))
    messages.show(keys.START_ERROR)


def overview(conv: ConversationStore, team: str, team_label: str, sessions: pd.DataFrame) -> None:
    st.markdown(f"### Gesprekken van {plain(team_label)}")
    if sessions.empty:
        st.info("Dit team heeft nog geen gesprekken gevoerd.")
    else:
        table = pd.DataFrame({"Gesprek": [session_name(r) for _, r in sessions.iterrows()],
                              "Stap": [steps()[int(s)].naam for s in sessions["stap"]],
                              "Status": sessions["status"], "Aanwezig": sessions["aanwezig"].fillna(""),
                              "Notities": sessions["notities"], "Afspraken": sessions["afspraken"]})
        st.dataframe(dutch_styler(table, default_decimals=0), hide_index=True, width="stretch", placeholder="–")
    made = conv.agreements(team=team)
    st.markdown("### Alle afspraken")
    if made.empty:
        st.caption("Nog geen afspraken.")
        return
    counts = made["stand"].value_counts()
    st.markdown(" · ".join(f"**{counts.get(k, 0)}** {STATUS_LABELS[k]}" for k in ("open", LATE, "gedaan", "deels", "niet")))
    table = agreements_table(made).fillna("")
    st.dataframe(table, hide_index=True, width="stretch", placeholder="–")
    d1, d2, d3 = st.columns(3)
    d1.download_button("Afspraken (CSV)", lambda: to_csv_bytes(table), file_name="afspraken.csv", mime="text/csv",
                       on_click="ignore", icon=":material/table:", key="dl_afspraken_csv")
    d2.download_button("Afspraken (Excel)", lambda: to_xlsx_bytes(table, "Afspraken"), file_name="afspraken.xlsx",
                       on_click="ignore", icon=":material/grid_on:", key="dl_afspraken_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    d3.download_button("Agenda (.ics)", lambda: to_ics(made, team_label), file_name="afspraken.ics",
                       mime="text/calendar", on_click="ignore", icon=":material/event:", key="dl_afspraken_ics")
