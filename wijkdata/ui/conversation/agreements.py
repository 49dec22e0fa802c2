"""Agreements: the terugblik on earlier ones (with carrying a not-done one into this session), and
making, editing and removing this session's; on the big screen both as they change."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from wijkdata.catalog import VS
from wijkdata.catalog import V_LABELS
from wijkdata.formatting import parse_dutch_date
from wijkdata.store.conversations import STATUS_LABELS, STATUSES, ConversationError, ConversationStore
from wijkdata.ui.conversation import keys
from wijkdata.ui.errors import safely
from wijkdata.ui.format import plain

DATE_HELP = "Als dd-mm-jjjj, bijvoorbeeld 15-01-2027. Leeg laten mag."


def _describe(row) -> str:
    due = f" · uiterlijk {row.wanneer:%d-%m-%Y}" if isinstance(row.wanneer, dt.date) else ""
    who = f" · {plain(row.wie)}" if row.wie else ""
    return f"**{plain(row.wat)}**{who}{due}"


# ---------------------------------------------------------------------------------- terugblik
def _review(conv: ConversationStore, agreement_id: int, gid: int) -> None:
    key = keys.review(agreement_id)
    conv.review_agreement(agreement_id, st.session_state[f"{key}_status"], st.session_state.get(f"{key}_why", ""), gid)


def _carry(conv: ConversationStore, agreement_id: int, gid: int) -> None:
    conv.carry_agreement(agreement_id, gid)
    st.toast("De afspraak staat nu ook bij dit gesprek; zet er in Verbeteren een nieuwe datum bij.",
             icon=":material/redo:")


def review_agreements(conv: ConversationStore, session: dict) -> None:
    earlier = conv.open_before(session["team"], session["id"])
    if earlier.empty:
        st.info("Er staan geen afspraken open uit eerdere gesprekken.")
        return
    for row in earlier.itertuples():
        key = keys.review(row.id)
        st.session_state.setdefault(f"{key}_status", row.status if row.beoordeeld_in == session["id"] else "open")
        st.session_state.setdefault(f"{key}_why", row.toelichting or "")
        with st.container(border=True):
            st.markdown(_describe(row))
            c1, c2 = st.columns([3, 4])
            c1.radio("Is het gelukt?", list(STATUSES), key=f"{key}_status", format_func=lambda s: STATUS_LABELS[s].capitalize(),
                     horizontal=True, on_change=safely(_review), args=(conv, row.id, session["id"]))
            c2.text_input("Waarom, in een paar woorden", key=f"{key}_why", on_change=safely(_review),
                          args=(conv, row.id, session["id"]))
            if st.session_state[f"{key}_status"] in ("niet", "deels"):
                if row.voortgezet_in == session["id"]:
                    st.caption(":material/redo: Meegenomen als afspraak van dit gesprek.")
                else:
                    st.button("Opnieuw afspreken in dit gesprek", key=f"mee_{row.id}", icon=":material/redo:",
                              on_click=safely(_carry), args=(conv, row.id, session["id"]))


def review_board(conv: ConversationStore, session: dict) -> None:
    """The big screen: the earlier agreements and how the team judges them, as it happens."""
    earlier = conv.open_before(session["team"], session["id"])
    st.markdown("## Afspraken van de vorige keer")
    if earlier.empty:
        st.markdown("Er staan geen afspraken open uit eerdere gesprekken.")
        return
    lines = []
    for row in earlier.itertuples():
        judged = row.beoordeeld_in == session["id"]
        verdict = STATUS_LABELS[row.status if judged else "open"].capitalize()
        why = f" – {plain(row.toelichting)}" if judged and row.toelichting else ""
        lines.append(f"- {_describe(row)}: **{verdict}**{why}")
    st.markdown("\n".join(lines))


# ---------------------------------------------------------------------------------- this session's
def _fields(prefix: str) -> tuple[str, str, dt.date | None, str]:
    """What a form typed, with the date read the Dutch way (ValueError with a Dutch sentence)."""
    when = parse_dutch_date(st.session_state.get(f"{prefix}_wanneer", ""))
    return (st.session_state.get(f"{prefix}_wat", ""), st.session_state.get(f"{prefix}_wie", ""), when,
            st.session_state.get(f"{prefix}_v"))


def _field_widgets(prefix: str, what_label: str) -> None:
    """The four fields of an agreement (wat, wie, uiterlijk, V), for the new and the edit form alike."""
    c1, c2, c3, c4 = st.columns([4, 2, 2, 3])
    c1.text_input(what_label, key=f"{prefix}_wat")
    c2.text_input("Wie", key=f"{prefix}_wie")
    c3.text_input("Uiterlijk", key=f"{prefix}_wanneer", placeholder="dd-mm-jjjj", help=DATE_HELP)
    c4.selectbox("Bij welke V", list(VS), format_func=V_LABELS.get, key=f"{prefix}_v")


def agreement_form(conv: ConversationStore, session: dict) -> None:
    prefix = keys.new_agreement(session["id"])
    with st.form(f"agreement_{session['id']}", clear_on_submit=False):
        st.markdown("**Nieuwe afspraak**")
        _field_widgets(prefix, "Wat spreken we af?")
        if st.form_submit_button("Afspraak toevoegen", icon=":material/add:"):
            try:
                conv.add_agreement(session["id"], session["team"], *_fields(prefix))
                for part in ("wat", "wie", "wanneer"):  # cleared only once stored: a refusal keeps the text
                    del st.session_state[f"{prefix}_{part}"]
                st.rerun()
            except ConversationError as exc:
                st.error(plain(exc.message))
            except ValueError as exc:
                st.error(plain(str(exc)))


def _edit_form(conv: ConversationStore, row) -> None:
    prefix = keys.edit_agreement(row.id)
    st.session_state.setdefault(f"{prefix}_wat", row.wat)
    st.session_state.setdefault(f"{prefix}_wie", row.wie)
    st.session_state.setdefault(f"{prefix}_wanneer", f"{row.wanneer:%d-%m-%Y}" if isinstance(row.wanneer, dt.date)
                                else "")
    st.session_state.setdefault(f"{prefix}_v", row.v if row.v in VS else VS[0])
    with st.form(f"{prefix}_form", border=False):
        _field_widgets(prefix, "Wat")
        if st.form_submit_button("Wijziging bewaren", icon=":material/save:"):
            try:
                conv.edit_agreement(row.id, *_fields(prefix))
                st.rerun()
            except ConversationError as exc:
                st.error(plain(exc.message))
            except ValueError as exc:
                st.error(plain(str(exc)))


def agreement_list(conv: ConversationStore, session: dict, editable: bool) -> None:
    made = conv.agreements(gesprek_id=session["id"])
    if made.empty:
        st.caption("Nog geen afspraken.")
    for row in made.itertuples():
        line = f"{_describe(row)} · {V_LABELS.get(row.v, '')}"
        if not editable:
            st.markdown(f"- {line}")
            continue
        c1, c2 = st.columns([6, 1])
        c1.markdown(line)
        c2.button("Weghalen", key=f"rm_agreement_{row.id}", icon=":material/delete:",
                  on_click=safely(conv.remove_agreement), args=(row.id,))
        with st.expander("Aanpassen"):
            _edit_form(conv, row)


def agreements_board(conv: ConversationStore, session: dict) -> None:
    """The big screen: this session's agreements as they are made."""
    st.markdown("## Onze afspraken")
    made = conv.agreements(gesprek_id=session["id"])
    if made.empty:
        st.markdown("*Nog geen afspraken. Wat op de laptop wordt afgesproken, verschijnt hier.*")
        return
    st.markdown("\n".join(f"- {_describe(row)} · {V_LABELS.get(row.v, '')}" for row in made.itertuples()))
