"""Notes: each browser writes its own note per step (and V), saved while typing; the big screen
shows everyone's notes of the step as they come in."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from wijkdata.catalog import V_LABELS, VS
from wijkdata.errors import UserError
from wijkdata.formatting import format_clock
from wijkdata.store.conversations import ConversationStore
from wijkdata.ui import messages
from wijkdata.ui.conversation import keys
from wijkdata.ui.conversation.identity import author_name
from wijkdata.ui.errors import page_guard, report
from wijkdata.ui.format import plain

# how long after the last key a note is sent (at most 2 s is promised; the big screen shows it next)
AUTOSAVE_MS = 500


def _own_note(conv: ConversationStore, gid: int, stap: str, v: str | None, me: str) -> pd.Series | None:
    notes = conv.notes(gid, stap)
    mine = notes[(notes["auteur"] == me) & ((notes["v"] == v) if v else notes["v"].isna())]
    return mine.iloc[-1] if len(mine) else None


def _save_note(conv: ConversationStore, gid: int, stap: str, v: str | None, me: str, key: str) -> None:
    text = st.session_state.get(key, "")
    try:
        note_id, version = st.session_state.get(f"{key}_id"), st.session_state.get(f"{key}_versie")
        if note_id is None:
            saved = conv.add_note(gid, stap, me, text, v, author_name())
        else:
            saved = conv.save_note(int(note_id), text, int(version), author_name())
        st.session_state[f"{key}_id"], st.session_state[f"{key}_versie"] = saved.id, saved.versie
        st.session_state[f"{key}_bewaard"] = dt.datetime.now(dt.UTC)
        if saved.conflict:
            st.toast("Deze notitie was intussen elders aangepast. Beide versies zijn bewaard.", icon=":material/info:")
    except Exception as exc:  # noqa: BLE001 - the database is read-only, full or gone: say so, keep the text
        report(exc)  # logged for the administrator
        messages.tell(key, exc.message if isinstance(exc, UserError) else (
            "De server kon hem niet opslaan; de oorzaak staat in het logboek van de server."), "error")


@st.fragment
def note_area(conv: ConversationStore, gid: int, stap: str, label: str, me: str, v: str | None = None,
              height: int = 120) -> None:
    """A notes box for this browser's own note in this step (and V), saved while typing; below it
    what others wrote in the same step. A fragment: saving reruns the box, not the page with its
    charts."""
    with page_guard(show_pending=False):  # a fragment reruns without app.py's guard
        _note_area(conv, gid, stap, label, me, v, height)


def _note_area(conv: ConversationStore, gid: int, stap: str, label: str, me: str, v: str | None,
               height: int) -> None:
    key = keys.note(gid, stap, v)
    if key not in st.session_state:  # first draw in this browser session: load from the store
        own = _own_note(conv, gid, stap, v, me)
        st.session_state[key] = "" if own is None else own["tekst"]
        st.session_state[f"{key}_id"] = None if own is None else int(own["id"])
        st.session_state[f"{key}_versie"] = None if own is None else int(own["versie"])
        st.session_state[f"{key}_bewaard"] = None if own is None else own["updated_at"]
    with st.container(key=f"{key}_vak"):  # box and its save state together, for a screen reader too
        st.text_area(label, key=key, height=height, on_change=_save_note, args=(conv, gid, stap, v, me, key),
                     placeholder="Typ hier; wat u schrijft wordt tijdens het typen bewaard.")
        if told := messages.take(key):
            error = told[1]
            # never "reload the page": a reload would lose the very text that could not be saved
            st.error(f"Deze notitie is niet bewaard. {plain(error)} Uw tekst blijft in het vak staan en wordt opnieuw "
                     "bewaard zodra u verder typt. Kopieer hem hieronder (knop rechtsboven) als u de pagina moet "
                     "sluiten.", icon=":material/error:")
            st.code(st.session_state.get(key, ""), language=None, wrap_lines=True)
        elif saved_at := st.session_state.get(f"{key}_bewaard"):
            # the proof a typist waits for before closing the laptop: the server has the text
            st.caption(f":material/check: Bewaard om {format_clock(saved_at)}")
    others = conv.notes(gid, stap)
    others = others[(others["tekst"].str.strip() != "") & ((others["v"] == v) if v else others["v"].isna())]
    others = others[others["id"] != st.session_state.get(f"{key}_id")]
    if len(others):
        st.markdown("**Ook genoteerd**  \n" + "  \n".join(_line(r) for r in others.itertuples()))


def _line(note) -> str:
    name = getattr(note, "naam", "") or ""
    return f"– {plain(note.tekst.strip())}" + (f" *({plain(name)})*" if name else "")


def all_notes_text(conv: ConversationStore, gid: int, stap: str, v: str | None = None) -> list[str]:
    notes = conv.notes(gid, stap)
    if v is not None:
        notes = notes[notes["v"] == v]
    return [t for t in notes["tekst"] if t.strip()]


def notes_board(conv: ConversationStore, gid: int, stap: str, label: str) -> None:
    """The big screen: what everyone wrote in this step, as it comes in."""
    notes = conv.notes(gid, stap)
    notes = notes[notes["tekst"].str.strip() != ""]
    st.markdown(f"## {plain(label)}")
    if stap == "verklaren":
        for col, v in zip(st.columns(3), VS):
            mine = notes[notes["v"] == v]
            col.markdown(f"**{V_LABELS[v]}**  \n" + ("  \n".join(_line(r) for r in mine.itertuples())
                                                     or "*(nog niets)*"))
        return
    if notes.empty:
        st.markdown("*Nog niets genoteerd. Wat op de laptop getypt wordt, verschijnt hier.*")
    else:
        st.markdown("  \n".join(_line(r) for r in notes.itertuples()))


# Streamlit sends a text area's value on blur or Ctrl+Enter only, so a note typed after the last
# blur was lost when the laptop closed. This sends it shortly after the typing stops (and when the
# page is left) with the same Ctrl+Enter Streamlit listens for; the caret and focus stay.
NOTES_AUTOSAVE_JS = """
<script>
// Registered anew each time this frame loads, after the previous registration is removed: Streamlit
// drops the frame on a page switch, and its timers would die with it. Timers and events come from
// the page itself (window.parent), so they keep working whatever happens to this frame.
const win = window.parent, doc = win.document;
if (doc.__wijkdataAutosave) doc.__wijkdataAutosave();
const timers = new Map();
const isNote = (el) => el && el.tagName === "TEXTAREA" && el.closest("[class*='st-key-gs_note_']");
const send = (area) => area.dispatchEvent(new win.KeyboardEvent("keydown", {
  key: "Enter", code: "Enter", keyCode: 13, which: 13, ctrlKey: true, bubbles: true, cancelable: true}));
const typed = (event) => {
  const area = event.target;
  if (!isNote(area)) return;
  win.clearTimeout(timers.get(area));
  timers.set(area, win.setTimeout(() => { timers.delete(area); send(area); }, %(delay)d));
};
const leaving = () => timers.forEach((timer, area) => { win.clearTimeout(timer); send(area); });
doc.addEventListener("input", typed, true);
win.addEventListener("pagehide", leaving);
doc.__wijkdataAutosave = () => {
  doc.removeEventListener("input", typed, true);
  win.removeEventListener("pagehide", leaving);
  timers.forEach((timer) => win.clearTimeout(timer));
};
</script>
""" % {"delay": AUTOSAVE_MS}  # noqa: UP031 (braces of JavaScript: a format string would need them doubled)


def autosave_notes() -> None:
    """Notes are saved while typing: shortly after the last key, not only when the box is left."""
    st.iframe(NOTES_AUTOSAVE_JS, height=1)
