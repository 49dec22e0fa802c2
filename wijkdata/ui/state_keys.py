"""Every session-state key of the app, declared once (in state_keys.toml beside this module): its
name, the module that owns it, what it holds, and whether a choice survives a visit to another page.

Streamlit forgets the value of a widget that was not drawn in a run, so the entrypoint assigns
every *kept* choice back to itself on every page (see wijkdata.ui.context.keep_page_choices). The
set it keeps is derived from this table, never from a naming rule, so a new page's choices are
kept exactly when its keys say so.

Only the owner reads or writes a key; another page that needs to set it calls a function of the
owner (see wijkdata.ui.peer_choice.compare_with_similar_teams). tests/ui/test_state_keys.py reads
every module under wijkdata/ui/, pages/ and app.py and fails on a literal key that is not declared
here, or that is used outside its owner.

A *family* is a name that a key starts with: one key per item (per session, per upload, per row).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

CHOICE = "choice"  # a value widget: the user's choice, may be kept across pages
ACTION = "action"  # a button or download: Streamlit refuses to have its state set, never kept
STATE = "state"  # a value the app keeps itself; Streamlit never forgets those, so "kept" is moot
CONTAINER = "container"  # names a container for the style sheet; holds no state
CHART = "chart"  # names a chart: its downloads get the keys png_/svg_/csv_ plus this name

KINDS = (CHOICE, ACTION, STATE, CONTAINER, CHART)


@dataclass(frozen=True)
class StateKey:
    name: str
    owner: str  # the module (path from the project root) or package folder ending in "/" that owns it
    kind: str
    meaning: str
    kept: bool = False
    family: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")
        if self.kept and self.kind != CHOICE:
            raise ValueError(f"{self.name}: only a choice can be kept across pages")

    def covers(self, key: str) -> bool:
        return key.startswith(self.name) if self.family else key == self.name

    def owned_by(self, path: str) -> bool:
        return path.startswith(self.owner) if self.owner.endswith("/") else path == self.owner


def _load() -> tuple[StateKey, ...]:
    table = tomllib.loads(resources.files("wijkdata.ui").joinpath("state_keys.toml").read_text(encoding="utf-8"))
    return tuple(StateKey(name.rstrip("*"), owner, spec["kind"], spec["meaning"], spec.get("kept", False),
                          name.endswith("*"))
                 for owner, keys in table.items() for name, spec in keys.items())


KEYS: tuple[StateKey, ...] = _load()
_EXACT = {entry.name: entry for entry in KEYS if not entry.family}
_FAMILIES = tuple(entry for entry in KEYS if entry.family)


def declared(key: str) -> StateKey | None:
    """The declaration that covers a key: its exact name, else the longest family it starts with."""
    if key in _EXACT:
        return _EXACT[key]
    return max((entry for entry in _FAMILIES if entry.covers(key)), key=lambda e: len(e.name), default=None)


def is_kept(key: object) -> bool:
    """Whether a session-state key is a choice that should survive a visit to another page."""
    entry = declared(key) if isinstance(key, str) else None
    return entry is not None and entry.kept
