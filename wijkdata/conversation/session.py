"""The course of a session: start it, move through the steps, finish it. The state lives in the
store (conversations table), so anyone who joins halfway sees the same step."""

from __future__ import annotations

import datetime as dt

from wijkdata.conversation.library import step_codes, steps
from wijkdata.conversation.triggers import MAX_FOCUS
from wijkdata.store.conversations import ConversationError, ConversationStore


def default_minutes() -> dict[str, int]:
    return {s.code: s.minuten for s in steps()}


def start_session(store: ConversationStore, team: str, focus: list[str], periods: tuple[str, str] | None = None,
                  minutes: dict[str, int] | None = None, datum: dt.date | None = None) -> int:
    check_focus(focus)
    lo, hi = periods if periods else (None, None)
    return store.start(team, focus, minutes or default_minutes(), lo, hi, datum)


def check_focus(focus: list[str]) -> None:
    if not 1 <= len(focus) <= MAX_FOCUS:
        raise ConversationError(f"Kies één tot {MAX_FOCUS} cijfers om over te praten.")


def step_label(index: int) -> str:
    s = steps()[index]
    return f"Stap {index + 1} van {len(steps())}: {s.naam}"


def move(store: ConversationStore, gesprek_id: int, delta: int) -> int:
    """One step forward (+1) or back (-1), within the steps; returns the new step number. A
    finished session that moves back is open again."""
    session = store.get(gesprek_id)
    if session is None:
        raise ConversationError("Dit gesprek bestaat niet (meer). Kies een ander gesprek of begin een nieuw.")
    target = min(max(session["stap"] + delta, 0), len(step_codes()) - 1)
    if session["stap"] == 0 and target > 0:
        check_focus(session["focus"])
    fields = {"stap": target}
    if session["status"] == "afgerond" and target < len(step_codes()) - 1:
        fields["status"] = "lopend"
    store.update(gesprek_id, **fields)
    return target


def go_to(store: ConversationStore, gesprek_id: int, code: str) -> int:
    session = store.get(gesprek_id)
    return move(store, gesprek_id, step_codes().index(code) - session["stap"])


def finish(store: ConversationStore, gesprek_id: int) -> None:
    store.update(gesprek_id, stap=len(step_codes()) - 1, status="afgerond")
