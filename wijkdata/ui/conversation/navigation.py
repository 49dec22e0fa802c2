"""Moving through a session: one position (step and item) in the store, moved from the laptop's
buttons and keys, a jump to a step, and a clicker on either screen. Every screen follows it."""

from __future__ import annotations

import json

import streamlit as st

from wijkdata.conversation import flow
from wijkdata.store.conversations import ConversationError, ConversationStore
from wijkdata.ui import messages
from wijkdata.ui.conversation import keys
from wijkdata.ui.format import plain

# How often a screen looks in the store whether something changed: the big screen twice a second
# (a note or a move shows within a second), the laptop once (only a clicker's move concerns it).
BEAMER_SECONDS = 0.5
LAPTOP_SECONDS = 1  # only while a big screen shows the session (see laptop._follow)
SCREEN_SEEN_SECONDS = 10  # how often a big screen says it is there


def move(conv: ConversationStore, gid: int, delta: int, items: int, seen_step: int) -> None:
    try:
        flow.move(conv, gid, delta, items, seen_step)
    except ConversationError as exc:
        messages.tell(keys.MOVE_ERROR, plain(exc.message), "error")


def jump(conv: ConversationStore, gid: int) -> None:
    try:
        flow.go_to_step(conv, gid, int(st.session_state[keys.jump(gid)]))
    except ConversationError as exc:
        messages.tell(keys.MOVE_ERROR, plain(exc.message), "error")


# Page Down / arrows (and a presenter's clicker, which sends them) press Volgende / Vorige. On the big
# screen also space and up/down; on the laptop only the arrows left/right and Page Up/Down, so that
# space and up/down still scroll its long page. Not while someone types in a field.
KEYBOARD_JS = """
<script>
// Registered anew on every load of this frame (see notes.NOTES_AUTOSAVE_JS for why).
const doc = window.parent.document;
if (doc.__wijkdataKeys) doc.__wijkdataKeys();
const pressed = (event) => {
  const el = doc.activeElement;
  const typing = el && (["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || el.isContentEditable);
  if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
  const forward = %(forward)s.includes(event.key);
  const back = %(back)s.includes(event.key);
  if (!forward && !back) return;
  const key = forward ? "knop_volgende" : "knop_vorige";
  const button = doc.querySelector(`.st-key-${key} button`);
  if (button && !button.disabled) { event.preventDefault(); button.click(); }
};
doc.addEventListener("keydown", pressed);
doc.__wijkdataKeys = () => doc.removeEventListener("keydown", pressed);
</script>
"""


def keyboard_navigation(big_screen: bool) -> None:
    forward = ["PageDown", "ArrowRight"] + (["ArrowDown", " "] if big_screen else [])
    back = ["PageUp", "ArrowLeft"] + (["ArrowUp"] if big_screen else [])
    st.iframe(KEYBOARD_JS % {"forward": json.dumps(forward), "back": json.dumps(back)}, height=1)
