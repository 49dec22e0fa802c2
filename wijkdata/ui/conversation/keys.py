"""The names of the Gesprek page's session-state keys (declared in wijkdata/ui/state_keys.toml). A
key that holds something per conversation (or per note box) is a function of its id."""

from __future__ import annotations

SESSION = "gs_gesprek"  # the chosen session id; NEW (0) for "start a new one"
NEW = 0
PRESENTING = "gs_presentatie"  # this browser is the big screen (also in the link: scherm=beamer)
VIEW = "gs_weergave"  # gesprek | overzicht
AUTHOR = "gs_ik"  # this browser's author id (from its cookie)
AUTHOR_NAME = "gs_naam"  # the name this browser writes under
NEW_FOCUS = "gs_new_focus"
NEW_TITLE = "gs_new_titel"
START_ERROR = "gs_start_error"  # places of wijkdata.ui.messages: why a start or a move failed
MOVE_ERROR = "gs_move_error"
TIMER = "gs_timer"
SCREEN_REPORTED = "gs_scherm_gemeld"  # when this big screen last told the store it is there
ROOM = "gs_kamer"  # the big screen's Room, kept while the session's live stamp stays the same


def _family(start: str):
    """Keys that start alike and end with the parts of what they belong to: ``_family("gs_min_")(3,
    "herkennen")`` is "gs_min_3_herkennen"; a part that is None is left empty."""
    def key(*parts) -> str:
        return start + "_".join("" if p is None else str(p) for p in parts)
    return key


focus = _family("gs_focus_")  # (gid)
present = _family("gs_aanwezig_")  # (gid)
title = _family("gs_titel_")  # (gid)
meeting_minutes = _family("gs_duur_")  # (gid)
step_minutes = _family("gs_min_")  # (gid, step code)
jump = _family("gs_naar_")  # (gid)
_note = _family("gs_note_")


def note(gid: int, stap: str, v: str | None) -> str:
    """A note box; with suffixes _id, _versie, _bewaard for what belongs to it (and, as a place of
    wijkdata.ui.messages, why it could not be saved). ``v`` may be None, never left out."""
    return _note(gid, stap, v)



review = _family("gs_review_")  # (agreement id): a terugblik row; with suffixes _status and _why
new_agreement = _family("gs_nieuw_")  # (gid): the new-agreement form; suffixes _wat, _wie, _wanneer, _v
edit_agreement = _family("gs_bewerk_")  # (agreement id)
confirm_delete = _family("gs_weg_")  # (gid)
memo = _family("gs_memo_")  # (gid, what): figures and charts a conversation computes once, see figures._memo
