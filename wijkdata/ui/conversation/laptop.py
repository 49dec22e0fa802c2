"""The laptop drives: it shows the whole step, marks the item that is on the big screen, and moves
the session's one position with its buttons, its keys or a jump to any step. When a clicker moves
the session from the beamer, the laptop follows within a second."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from wijkdata.conversation import flow
from wijkdata.conversation.library import QUESTIONS, steps
from wijkdata.conversation.triggers import MAX_FOCUS
from wijkdata.ui import messages
from wijkdata.ui.conversation import keys
from wijkdata.ui.conversation.navigation import LAPTOP_SECONDS, jump, keyboard_navigation, move
from wijkdata.ui.conversation.notes import autosave_notes
from wijkdata.ui.conversation.report import downloads
from wijkdata.ui.conversation.steps import Room, draw_item, parking_lot, step_note
from wijkdata.ui.conversation.prompts import own_prompt_form
from wijkdata.ui.errors import page_guard, safely
from wijkdata.text import lower_first
from wijkdata.ui.format import plain



def beamer_link(room: Room) -> str:
    """The link that opens this session on the big screen, straight in presentation mode."""
    query = {"team": room.ctx.team, "gesprek": room.gid, "scherm": "beamer"}
    if room.ctx.periods:
        query["periode"] = f"{room.ctx.periods[0]}..{room.ctx.periods[1]}"
    base = (getattr(st.context, "url", None) or "").split("?")[0] or "gesprek"
    return f"{base}?{urlencode(query)}"


def _follow_body(room: Room, drawn: tuple[int, int], items: int, watched: bool) -> None:
    """Has someone else (a clicker on the beamer) moved the session, or has a big screen just
    opened or left it? Then redraw the page. The stored item is capped as the page caps it, so a
    position past a list that got shorter never makes the page redraw again and again."""
    with page_guard(show_pending=False):
        session = room.conv.get(room.gid)
        if session is None:
            return
        position = (int(session["stap"]), min(int(session["onderdeel"] or 0), max(items, 1) - 1))
        if position != drawn or flow.screen_watching(session) != watched:
            st.rerun(scope="app")


# A laptop looks only while a big screen shows the session (a clicker there can move it). Without
# one it does not poll at all: in the load test twenty laptops polling every ten seconds made
# clicks get lost (a step that never came, measured); a laptop alone is moved by its own clicks.
_follow = st.fragment(_follow_body, run_every=LAPTOP_SECONDS)

# The step's clock ticks in the browser: no server work per second, and in the page's own type.
CLOCK_JS = """
<script>
const doc = window.parent.document;
if (doc.__wijkdataClock) window.parent.clearInterval(doc.__wijkdataClock);
const end = %(end)d;
const tick = () => {
  const el = doc.querySelector(".st-key-gs_klok [data-testid=stMarkdownContainer] p");
  if (!el) return;
  const left = Math.round((end - Date.now()) / 1000), m = Math.floor(Math.abs(left) / 60);
  const s = String(Math.abs(left) %% 60).padStart(2, "0");
  el.textContent = left >= 0 ? `Nog ${m}:${s} voor deze stap` : `${m}:${s} over de tijd`;
};
tick();
doc.__wijkdataClock = window.parent.setInterval(tick, 1000);
</script>
"""


def clock(session: dict) -> None:
    end = flow.clock_end(session)
    if end is None or not st.session_state.get(keys.TIMER, True):
        return
    with st.container(key="gs_klok"):
        st.markdown(f"**{flow.clock_text(session)}**")
    st.iframe(CLOCK_JS % {"end": int(end.timestamp() * 1000)}, height=1)  # our own script; one number in it


def _save_focus(room: Room) -> None:
    chosen = st.session_state[keys.focus(room.gid)]
    if 1 <= len(chosen) <= MAX_FOCUS:
        room.conv.update(room.gid, focus=chosen)


def _save(room: Room, field: str, key: str) -> None:
    room.conv.update(room.gid, **{field: st.session_state[key]})


def _save_minutes(room: Room, code: str) -> None:
    planned = {**(room.conv.get(room.gid)["minuten"] or {}), code: st.session_state[keys.step_minutes(room.gid, code)]}
    room.conv.update(room.gid, minuten=planned)


def _preparation(room: Room, codes: list[str]) -> None:
    """Voorbereiden's tools: the figures, the title, who are there, and the time plan."""
    gid, catalog = room.gid, room.ctx.catalog
    st.session_state.setdefault(keys.focus(gid), room.focus)
    chosen = st.pills(f"Cijfers om over te praten (1 tot {MAX_FOCUS})", codes, selection_mode="multi",
                      key=keys.focus(gid), format_func=lambda c: catalog[c].naam, on_change=safely(_save_focus),
                      args=(room,))
    if not 1 <= len(chosen) <= MAX_FOCUS:
        st.warning(f"Kies één tot {MAX_FOCUS} cijfers (nu {len(chosen)}); tot dan blijft de vorige keuze bewaard.")
    c1, c2 = st.columns(2)
    st.session_state.setdefault(keys.title(gid), room.session.get("titel") or "")
    c1.text_input("Titel van dit gesprek", key=keys.title(gid), max_chars=120, on_change=safely(_save),
                  args=(room, "titel", keys.title(gid)), placeholder="Bijvoorbeeld: teamdag najaar")
    st.session_state.setdefault(keys.present(gid), room.session["aanwezig"] or "")
    c2.text_input("Wie zijn er", key=keys.present(gid), on_change=safely(_save), args=(room, "aanwezig",
                                                                                       keys.present(gid)),
                  help="Ingevuld met wie er de vorige keer waren; pas aan wie er nu zijn.")
    with st.expander("Tijdplan", icon=":material/schedule:"):
        st.session_state.setdefault(keys.TIMER, True)
        st.toggle("Toon de klok", key=keys.TIMER)
        st.session_state.setdefault(keys.meeting_minutes(gid), int(room.session.get("duur") or
                                                                     flow.DEFAULT_MEETING_MINUTES))
        st.number_input("Hoeveel minuten heeft het overleg?", min_value=10, max_value=480, step=5,
                        key=keys.meeting_minutes(gid), on_change=safely(_save),
                        args=(room, "duur", keys.meeting_minutes(gid)))
        planned = {**flow.default_minutes(), **(room.session["minuten"] or {})}
        cols = st.columns(4)
        for i, s in enumerate(steps()):
            st.session_state.setdefault(keys.step_minutes(gid, s.code), int(planned[s.code]))
            cols[i % 4].number_input(f"{s.naam} (min.)", min_value=0, max_value=120, step=1,
                                     key=keys.step_minutes(gid, s.code), on_change=safely(_save_minutes),
                                     args=(room, s.code))
    total, length = flow.planned_minutes(room.session), int(room.session.get("duur") or flow.DEFAULT_MEETING_MINUTES)
    if total > length:
        st.warning(f"Het tijdplan duurt {total} minuten; het overleg heeft er {length}. Kort een stap in of maak het "
                   "overleg langer.", icon=":material/schedule:")
    else:
        st.caption(f":material/schedule: Tijdplan: {total} van de {length} minuten.")
    shown = [s for s in room.signals if s.kind != "profiel" and s.indicator in room.focus] or \
            [s for s in room.signals if s.kind != "profiel"][:4]
    if shown:
        st.markdown("**Wat de cijfers laten zien**  \n" + "  \n".join(f"– {plain(s.reden)}" for s in shown))


def _delete(room: Room) -> None:
    room.conv.delete(room.gid)
    st.session_state[keys.SESSION] = keys.NEW


def laptop(room: Room, codes: list[str]) -> None:
    """The driver's view of the session."""
    autosave_notes()
    keyboard_navigation(big_screen=False)
    index, gid, items = room.index, room.gid, room.items
    current = steps()[index]
    st.markdown(f"## {flow.step_label(index)}")
    st.progress((index + 1) / len(steps()))
    st.info(current.instructie, icon=":material/record_voice_over:")
    h1, h2, h3, h4 = st.columns([2, 2, 3, 3], vertical_alignment="bottom")
    last = index == len(steps()) - 1 and room.position >= len(items) - 1
    h1.button("Vorige", key="knop_vorige", icon=":material/arrow_back:", on_click=safely(move),
              args=(room.conv, gid, -1, len(items), index), disabled=index == 0 and room.position == 0)
    h2.button("Volgende", key="knop_volgende", icon=":material/arrow_forward:", type="primary", on_click=safely(move),
              args=(room.conv, gid, +1, len(items), index), disabled=last)
    st.session_state[keys.jump(gid)] = index
    h3.selectbox("Naar stap", range(len(steps())), key=keys.jump(gid), format_func=lambda i: steps()[i].naam,
                 on_change=safely(jump), args=(room.conv, gid))
    with h4:
        clock(room.session)
    watched = flow.screen_watching(room.session)
    if watched:
        _follow(room, (index, room.position), len(items), watched)
    messages.show(keys.MOVE_ERROR)
    with st.expander("Beamer: dit gesprek op het grote scherm", icon=":material/cast:"):
        link = beamer_link(room)
        st.link_button("Beamerscherm openen", link, icon=":material/open_in_new:")
        st.caption("Of open deze link in de browser van de computer aan de beamer. Dat scherm volgt deze laptop: "
                   "Volgende, de pijltjestoetsen of een presentatieklikker bewegen beide.")
        st.code(link, language=None, wrap_lines=True)
        st.toggle("Presentatiemodus op dit scherm", key=keys.PRESENTING,
                  help="Eén scherm voor alles: dit scherm wordt het grote scherm (grote letters, één onderdeel "
                       "tegelijk). Met een laptop ernaast opent u liever de beamerlink op het andere scherm.")

    if room.code == "voorbereiden":
        _preparation(room, codes)
    if len(items) > 1:
        st.caption(f"Op het grote scherm: onderdeel {room.position + 1} van {len(items)}, "
                   f"{plain(lower_first(items[room.position].label))}.")
    for i, item in enumerate(items):
        on_screen = i == room.position
        with st.container(border=True, key=f"gs_onderdeel_{i}"):
            if on_screen and len(items) > 1:
                st.markdown(":material/cast: **Nu op het grote scherm**")
            draw_item(room, item, large=False)
    if len(items) > 1:  # the item on the big screen, marked where the eye looks for it
        st.html(f"<style>.st-key-gs_onderdeel_{room.position} {{ outline: 4px solid #1c6bd1; "
                "outline-offset: 2px; }</style>")
    if room.code in QUESTIONS:
        own_prompt_form(room.conv, gid, room.code)
    step_note(room)
    parking_lot(room)
    if room.code == "afronden":
        downloads(room)
    with st.expander("Dit gesprek verwijderen", icon=":material/delete:"):
        st.caption("Voor een gesprek dat per ongeluk is begonnen. Alles wat erin staat gaat weg; afspraken die het in "
                   "de terugblik beoordeelde, staan weer open.")
        sure = st.checkbox("Ja, verwijder dit gesprek met alle notities en afspraken", key=keys.confirm_delete(gid))
        st.button("Verwijderen", key="knop_verwijderen", disabled=not sure, icon=":material/delete_forever:",
                  on_click=safely(_delete), args=(room,))
