"""The step's prompts: chosen for this session (the same list on the laptop and the big screen),
with skip, pin and the team's own question on the laptop."""

from __future__ import annotations

import uuid

import streamlit as st

from wijkdata.catalog import VS, Catalog
from wijkdata.catalog import V_LABELS
from wijkdata.conversation.prompting import ChosenPrompt, prompts_for
from wijkdata.conversation.triggers import Signal
from wijkdata.store.conversations import ConversationError, ConversationStore
from wijkdata.ui.errors import safely
from wijkdata.ui.format import plain


def session_prompts(conv: ConversationStore, session: dict, stap: str, signals: list[Signal],
                    catalog: Catalog) -> list[ChosenPrompt]:
    """The prompts of ``stap`` for this session: fitting a first session (nothing about last time)
    and, in Verklaren, about the chosen figures and the agreements the terugblik found not done."""
    gid = session["id"]
    first = not (conv.sessions(session["team"])["id"] < gid).any()
    judged = None
    if stap == "verklaren" and not first:
        earlier = conv.open_before(session["team"], gid)
        judged = earlier[earlier["beoordeeld_in"] == gid]
    focus = [c for c in session["focus"] if c in catalog]
    return prompts_for(stap, signals, focus, catalog, conv.prompt_actions(gid), first_session=first,
                       not_done=judged)


def show_prompt(p: ChosenPrompt, large: bool = False) -> None:
    badge = " · vastgezet" if p.vastgezet else " · eigen vraag" if p.eigen else ""
    if large:  # the big screen: the question alone, as a heading
        st.markdown(f"**{V_LABELS.get(p.v, '')}**{badge}")
        st.markdown(f"## {plain(p.tekst)}")
    else:
        st.markdown(f"**{V_LABELS.get(p.v, '')}**{badge}  \n{plain(p.tekst)}")
    if p.reden:
        st.caption(f"Waarom deze vraag: {plain(p.reden)}")  # can name a profile, i.e. uploaded headers


def _act(conv: ConversationStore, gid: int, stap: str, prompt_id: str, action: str) -> None:
    conv.prompt_action(gid, stap, prompt_id, action)


def prompt_tools(conv: ConversationStore, gid: int, stap: str, p: ChosenPrompt) -> None:
    """Skip (make room for the next question) and pin (keep it whatever the figures say)."""
    c1, c2, _ = st.columns([1, 1, 3])
    c1.button("Overslaan", key=f"skip_{gid}_{p.id}", icon=":material/skip_next:", on_click=safely(_act),
              args=(conv, gid, stap, p.id, "overgeslagen"))
    if not p.eigen:
        c2.button("Losmaken" if p.vastgezet else "Vastzetten", key=f"pin_{gid}_{p.id}", icon=":material/push_pin:",
                  on_click=safely(_act), args=(conv, gid, stap, p.id, "terug" if p.vastgezet else "vastgezet"))


def own_prompt_form(conv: ConversationStore, gid: int, stap: str) -> None:
    with st.expander("Eigen vraag toevoegen"):
        with st.form(f"own_prompt_{gid}_{stap}", clear_on_submit=True, border=False):
            text = st.text_input("Vraag", placeholder="Bijvoorbeeld: wat zou een ouder hiervan zeggen?")
            v = st.selectbox("Bij welke V", list(VS), format_func=V_LABELS.get)
            if st.form_submit_button("Toevoegen"):
                try:
                    conv.prompt_action(gid, stap, f"eigen-{uuid.uuid4().hex[:10]}", "eigen", text, v)
                    st.rerun()
                except ConversationError as exc:
                    st.error(plain(exc.message))
