"""Gesprek: the guided team conversation. The laptop drives, the big screen follows (beamer link
or presentation mode); the parts live in wijkdata/ui/conversation/."""

import streamlit as st

from wijkdata.ui.analysis import available_indicators, names
from wijkdata.ui.context import page_context
from wijkdata.ui.conversation import keys
from wijkdata.ui.conversation.beamer import beamer
from wijkdata.ui.conversation.figures import peers_for_conversation, signals_for
from wijkdata.ui.conversation.identity import author_id, name_field
from wijkdata.ui.conversation.laptop import laptop
from wijkdata.ui.conversation.sessions import new_session, overview, session_label
from wijkdata.ui.conversation.steps import room_builder
from wijkdata.ui.links import restore_from_url, write_to_url

VIEWS = {"gesprek": "Dit gesprek", "overzicht": "Alle gesprekken"}

ctx = page_context()
conv = ctx.store.conversations
if not ctx.team:
    st.title("Samen in gesprek")
    st.warning("Er zijn nog geen cijfers. Upload een bestand op de pagina Gegevens.")
    st.stop()

team_label = names(ctx).get(ctx.team, ctx.team)
sessions = conv.sessions(ctx.team)
restore_from_url({"gesprek": (keys.SESSION, lambda v: int(v[0]) if v[0].isdigit() and int(v[0]) in
                              set(sessions["id"]) else None),
                  "scherm": (keys.PRESENTING, lambda v: True if v[0] == "beamer" else None)})
if st.session_state.get(keys.SESSION) not in [keys.NEW, *sessions["id"]]:
    st.session_state[keys.SESSION] = int(sessions["id"].iloc[0]) if len(sessions) else keys.NEW
presenting = bool(st.session_state.get(keys.PRESENTING, False))
write_to_url({"scherm": "beamer" if presenting else None})
me = author_id()

peers, peer_description = peers_for_conversation(ctx)
signals = signals_for(ctx, peers, peer_description)


def make_room(gid: int):
    return room_builder(ctx, conv, gid, team_label, signals, peers, peer_description, me)


if presenting:
    gid = int(st.session_state[keys.SESSION])
    write_to_url({"gesprek": gid or None})
    if gid == keys.NEW:
        st.markdown("## Kies of begin eerst een gesprek.")
        st.toggle("Presentatiemodus", key=keys.PRESENTING)
        st.stop()
    beamer(make_room(gid))
    st.stop()

st.title("Samen in gesprek")
with st.sidebar:
    name_field()
# two columns, not three: at 1280 pixels with the sidebar open, a third cut the session's name
c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
st.session_state.setdefault(keys.VIEW, "gesprek")
c2.segmented_control("Weergave", list(VIEWS), format_func=VIEWS.get, key=keys.VIEW)
if st.session_state.get(keys.VIEW) == "overzicht":
    overview(conv, ctx.team, team_label, sessions)
    st.stop()

c1.selectbox("Gesprek", [keys.NEW, *sessions["id"]], key=keys.SESSION,
             format_func=lambda g: session_label(sessions, g))
gid = int(st.session_state[keys.SESSION])
write_to_url({"gesprek": gid or None})
codes = available_indicators(ctx)
if gid == keys.NEW:
    new_session(conv, ctx, team_label, signals, codes)
    st.stop()
room = make_room(gid)()
if room is None:
    st.warning("Dit gesprek hoort bij een ander team. Kies dat team in de zijbalk, of kies hier een ander gesprek.")
    st.stop()
laptop(room, codes)
