"""The course of a session: start it, move through the steps, finish it. The state lives in the
store (conversations table), so anyone who joins halfway sees the same step."""

from __future__ import annotations

import datetime as dt

from wijkdata.conversation.library import step_codes, steps
from wijkdata.conversation.triggers import MAX_FOCUS
from wijkdata.store.conversations import ConversationError, ConversationStore


DEFAULT_MEETING_MINUTES = 60


def default_minutes() -> dict[str, int]:
    return {s.code: s.minuten for s in steps()}


def start_session(store: ConversationStore, team: str, focus: list[str], periods: tuple[str, str] | None = None,
                  minutes: dict[str, int] | None = None, datum: dt.date | None = None, titel: str = "",
                  duur: int = DEFAULT_MEETING_MINUTES) -> int:
    """A new session. Who were there last time is filled in already: mostly the same people come."""
    check_focus(focus)
    lo, hi = periods if periods else (None, None)
    earlier = store.sessions(team)
    present = str(earlier["aanwezig"].iloc[0] or "") if len(earlier) else ""
    return store.start(team, focus, minutes or default_minutes(), lo, hi, datum, titel=titel, aanwezig=present,
                       duur=duur)


def planned_minutes(session: dict) -> int:
    """The time plan's total: the minutes of every step as set for this session."""
    planned = {**default_minutes(), **(session.get("minuten") or {})}
    return sum(int(v) for v in planned.values())


def check_focus(focus: list[str]) -> None:
    if not 1 <= len(focus) <= MAX_FOCUS:
        raise ConversationError(f"Kies één tot {MAX_FOCUS} cijfers om over te praten.")


def step_label(index: int) -> str:
    s = steps()[index]
    return f"Stap {index + 1} van {len(steps())}: {s.naam}"


def move(store: ConversationStore, gesprek_id: int, delta: int, items: int = 1,
         seen_step: int | None = None) -> tuple[int, int]:
    """One item forward (+1) or back (-1). Past the last item of a step (or before the first) the
    session goes to the next (previous) step, which starts at its first item. ``items``: how many
    items the current step has (see items.step_items). ``seen_step``: the step the clicking screen
    showed; when another screen moved the session on meanwhile, the click does not move (its item
    count is of the old step, and the new step would be skipped). Returns the new (step, item). A
    finished session that moves back is open again."""
    session = store.get(gesprek_id)
    if session is None:
        raise ConversationError("Dit gesprek bestaat niet (meer). Kies een ander gesprek of begin een nieuw.")
    step, item = int(session["stap"]), min(int(session["onderdeel"] or 0), max(items, 1) - 1)
    if seen_step is not None and seen_step != step:
        return step, int(session["onderdeel"] or 0)
    if 0 <= item + delta < items:
        store.move_to(gesprek_id, step, item + delta)
        return step, item + delta
    return go_to_step(store, gesprek_id, step + delta), 0


def go_to_step(store: ConversationStore, gesprek_id: int, target: int) -> int:
    """A jump to any step (at its first item); returns the step number."""
    session = store.get(gesprek_id)
    if session is None:
        raise ConversationError("Dit gesprek bestaat niet (meer). Kies een ander gesprek of begin een nieuw.")
    target = min(max(target, 0), len(step_codes()) - 1)
    if target == session["stap"]:
        if session["onderdeel"]:
            store.move_to(gesprek_id, target, 0)
        return target
    if session["stap"] == 0:
        check_focus(session["focus"])
    fields = {"stap": target}
    if session["status"] == "afgerond" and target < len(step_codes()) - 1:
        fields["status"] = "lopend"
    store.update(gesprek_id, **fields)
    return target


def go_to_step_code(store: ConversationStore, gesprek_id: int, code: str) -> int:
    """Go to the step with this code (see the library), whatever the current one."""
    return go_to_step(store, gesprek_id, step_codes().index(code))


def finish(store: ConversationStore, gesprek_id: int) -> None:
    store.update(gesprek_id, stap=len(step_codes()) - 1, status="afgerond")


SCREEN_FRESH = dt.timedelta(seconds=30)  # a big screen that looked this recently is still watching


def _utc(value) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value  # SQLite: naive UTC


def clock_end(session: dict) -> dt.datetime | None:
    """When the current step's planned time is up: its start plus its minutes. None without a plan."""
    started = _utc(session.get("stap_sinds"))
    code = step_codes()[int(session["stap"])]
    minutes = int({**default_minutes(), **(session.get("minuten") or {})}.get(code, 0))
    return None if started is None or not minutes else started + dt.timedelta(minutes=minutes)


def clock_text(session: dict, now: dt.datetime | None = None) -> str:
    """The step's shared countdown in words: 'Nog 4:05 voor deze stap' or '1:30 over de tijd'.
    It counts from when the step began, so every screen says the same. Empty without a plan."""
    end = clock_end(session)
    if end is None:
        return ""
    left = round((end - (now or dt.datetime.now(dt.UTC))).total_seconds())
    m, s = divmod(abs(left), 60)
    return f"Nog {m}:{s:02d} voor deze stap" if left >= 0 else f"{m}:{s:02d} over de tijd"


def screen_watching(session: dict, now: dt.datetime | None = None) -> bool:
    """Whether a big screen showed this session in the last half minute."""
    seen = _utc(session.get("scherm_gezien"))
    return seen is not None and (now or dt.datetime.now(dt.UTC)) - seen <= SCREEN_FRESH
