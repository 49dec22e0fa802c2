"""Every session-state key of the Gesprek page, in one place. A key that holds something per
session (or per note box) is a function of the session id."""

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


def focus(gid: int) -> str:
    return f"gs_focus_{gid}"


def present(gid: int) -> str:
    return f"gs_aanwezig_{gid}"


def title(gid: int) -> str:
    return f"gs_titel_{gid}"


def meeting_minutes(gid: int) -> str:
    return f"gs_duur_{gid}"


def step_minutes(gid: int, code: str) -> str:
    return f"gs_min_{gid}_{code}"


def jump(gid: int) -> str:
    return f"gs_naar_{gid}"


def note(gid: int, stap: str, v: str | None) -> str:
    """A note box; with suffixes _id, _versie, _bewaard for what belongs to it (and, as a place of
    wijkdata.ui.messages, why it could not be saved)."""
    return f"gs_note_{gid}_{stap}_{v or ''}"


def review(agreement_id: int) -> str:
    """A terugblik row; with suffixes _status and _why."""
    return f"gs_review_{agreement_id}"


def new_agreement(gid: int) -> str:
    """The new-agreement form; with suffixes _wat, _wie, _wanneer, _v."""
    return f"gs_nieuw_{gid}"


def edit_agreement(agreement_id: int) -> str:
    return f"gs_bewerk_{agreement_id}"


def confirm_delete(gid: int) -> str:
    return f"gs_weg_{gid}"


def memo(gid: int, what: str) -> str:
    """Things a session computes once and keeps (figures, charts): see figures.session_figures."""
    return f"gs_memo_{gid}_{what}"
