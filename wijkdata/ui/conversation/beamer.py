"""The big screen: a follower view of the session, opened from the beamer link (or by turning on
presentation mode). It shows exactly the session's position, one item at a time in large type, and
looks twice a second whether anything changed: the position, a note typed on the laptop, an
agreement or its review. The position and the content come from the store, so the laptop and the
beamer may be served by different app processes."""

from __future__ import annotations

import time

import streamlit as st

from wijkdata.conversation import flow
from wijkdata.conversation.library import steps
from wijkdata.ui import messages
from wijkdata.ui.conversation import keys
from wijkdata.ui.conversation.navigation import BEAMER_SECONDS, SCREEN_SEEN_SECONDS, keyboard_navigation, move
from wijkdata.ui.conversation.steps import Room, draw_item
from wijkdata.ui.errors import page_guard, safely
from wijkdata.ui.format import plain

# Sizes are set for 1280×720 and hold at 1920×1080: header, item and footer on one screen.
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.stMainBlockContainer, .block-container { max-width: 100% !important; padding: 0.8rem 2.5rem 4rem !important; }
[data-testid="stAppViewContainer"] { background: #ffffff; }
.stMarkdown p, .stMarkdown li, [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: clamp(1.2rem, 3.3vh, 2.4rem) !important; line-height: 1.3 !important; color: #111111 !important; }
.stMarkdown h1 { font-size: clamp(2rem, 6vh, 4rem) !important; color: #000000 !important; padding: 0 !important; }
.stMarkdown h2 { font-size: clamp(1.8rem, 6.2vh, 4.2rem) !important; color: #000000 !important;
  padding: 0.3rem 0 !important; line-height: 1.2 !important; }
.stMarkdown h3 { font-size: clamp(1.4rem, 4vh, 2.8rem) !important; color: #000000 !important; }
.st-key-gs_beamer_clock p { font-size: clamp(1.4rem, 4vh, 2.8rem) !important; text-align: right; }
.st-key-gs_beamer_footer { position: fixed; left: 2.5rem; right: 2.5rem; bottom: 0.3rem; background: #ffffff; }
.st-key-gs_beamer_footer [data-testid="stCaptionContainer"] p { font-size: clamp(1rem, 2.4vh, 1.6rem) !important; }
.stButton button { padding: 0.2rem 1rem !important; min-height: 0 !important; }
.stButton button p, .stButton button span { font-size: clamp(1rem, 2.2vh, 1.5rem) !important; }
[data-testid="stHeaderActionElements"], .stMarkdown a.anchor-link { display: none !important; }
[data-testid="stVerticalBlock"] { gap: 0.4rem !important; }
.st-key-gs_beamer_chart, .st-key-gs_beamer_chart_oordeel { flex: 0 0 auto !important; min-height: 180px; }
.st-key-gs_beamer_chart { height: calc(74vh - 5rem) !important; }
.st-key-gs_beamer_chart_oordeel { height: calc(54vh - 5rem) !important; }
</style>
"""


@st.fragment(run_every=BEAMER_SECONDS)
def _live(make_room) -> None:
    """The whole big screen, redrawn twice a second from the store."""
    with page_guard(show_pending=False):
        room: Room | None = make_room()
        if room is None:
            st.markdown("## Dit gesprek is er niet (meer), of het hoort bij een ander team.")
            return
        items = room.items
        index, position = room.index, room.position
        now = time.monotonic()
        if now - st.session_state.get(keys.SCREEN_REPORTED, 0) > SCREEN_SEEN_SECONDS:  # the laptop follows closely
            room.conv.screen_seen(room.gid)
            st.session_state[keys.SCREEN_REPORTED] = now
        c1, c2 = st.columns([5, 3], vertical_alignment="center")
        c1.markdown(f"# {steps()[index].naam}")
        clock = flow.clock_text(room.session) if st.session_state.get(keys.TIMER, True) else ""
        with c2.container(key="gs_beamer_clock"):
            st.markdown(f"**{clock}**" if clock else "")
        with st.container(key="gs_beamer_item"):
            if items:
                draw_item(room, items[position], large=True)
        footer = st.container(key="gs_beamer_footer")  # fixed to the screen's foot (see the CSS)
        f1, f2, f3, f4 = footer.columns([6, 1.4, 1.6, 2.6], vertical_alignment="center")
        f1.caption(f"{flow.step_label(index)} · {plain(room.team_label)}"
                   + (f" · onderdeel {position + 1} van {len(items)}" if len(items) > 1 else ""))
        f2.button("Vorige", key="knop_vorige", on_click=safely(move),
                  args=(room.conv, room.gid, -1, len(items), index), disabled=index == 0 and position == 0)
        f3.button("Volgende", key="knop_volgende", on_click=safely(move),
                  args=(room.conv, room.gid, +1, len(items), index),
                  disabled=index == len(steps()) - 1 and position >= len(items) - 1)
        if f4.button("Presentatie verlaten", key="knop_presentatie_uit"):
            st.session_state[keys.PRESENTING] = False
            st.rerun(scope="app")
        messages.show(keys.MOVE_ERROR)


def beamer(make_room) -> None:
    """``make_room``: builds the Room from the store's current session (None when it is gone)."""
    st.html(PRESENTATION_CSS)  # the chart's box takes what the screen has left after header, caption, footer
    keyboard_navigation(big_screen=True)
    _live(make_room)
