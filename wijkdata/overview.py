"""The managers' overview: which teams enter, at which level (team or gemeente), and which groups
must be shown together so that a filter never points at one pseudonymised team.

Someone who does not see every name (a team member, the open mode) could otherwise learn which
"Team F" lies in which gemeente, or read one team's figures under its gemeente's name:
"Stavenburg" with "Actieve teams" left one team, and a gemeente with a single team named it. The
rule: a gemeente is shown on its own (as a filter or as a row) only when it holds at least
MIN_GROUP teams whose names the viewer does not see; a filter on the kind of team that would leave
fewer of them shows that gemeente with all its teams; smaller gemeenten are shown together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from wijkdata.formatting import format_int
from wijkdata.privacy import MIN_GROUP, too_small_group
OTHER_GEMEENTEN = "Overige gemeenten samen"
KINDS = {"alle": "Alle teams", "actief": "Actieve teams", "niet_actief": "Niet-actieve teams"}
MAX_TEAM_ROWS = 60  # more rows than this cannot be read on one screen


def _gemeenten(teams: pd.DataFrame) -> dict[str, str]:
    return {t: g for t, g in zip(teams["team"], teams["gemeente"]) if isinstance(g, str)}


def gemeente_options(teams: pd.DataFrame, hidden: set[str]) -> list[str]:
    """The gemeenten this viewer may pick as a filter (all of them for whoever sees every name)."""
    members: dict[str, list[str]] = {}
    for team, gemeente in _gemeenten(teams).items():
        members.setdefault(gemeente, []).append(team)
    return sorted(g for g, ts in members.items() if not too_small_group(ts, hidden))


@dataclass
class OverviewRows:
    level: str  # "team" or "gemeente"
    teams: list[str]  # the teams whose values enter
    group_of: dict[str, str] | None = None  # gemeente level: team -> row label
    notes: list[str] = field(default_factory=list)  # Dutch sentences: what was shown together, and why


def overview_rows(teams: pd.DataFrame, actief: dict[str, bool], chosen: list[str], kind: str, level: str,
                  hidden: set[str], n_indicators: int, max_cells: int) -> OverviewRows:
    """The rows of the overview for these filters. ``actief`` maps team -> actief (missing: unknown);
    ``hidden`` are the teams whose names this viewer does not see; ``level`` is the level asked for,
    which becomes "gemeente" when one picture per team would not be readable."""
    gemeente_of = _gemeenten(teams)
    allowed = set(gemeente_options(teams, hidden))
    chosen = [g for g in chosen if g in allowed]  # a link can name any gemeente
    selection = [t for t in teams["team"] if not chosen or gemeente_of.get(t) in chosen]
    notes: list[str] = []

    def of_kind(team: str) -> bool:
        return kind == "alle" or (team in actief and bool(actief[team]) == (kind == "actief"))

    kept = [t for t in selection if of_kind(t)]
    if kind != "alle" and (chosen or level == "gemeente"):  # rows tied to a gemeente: keep its groups whole
        whole = []
        for gemeente in sorted({gemeente_of[t] for t in selection if t in gemeente_of}):
            in_gemeente = [t for t in selection if gemeente_of.get(t) == gemeente]
            if too_small_group([t for t in in_gemeente if of_kind(t)], hidden):
                whole.append(gemeente)
                kept += [t for t in in_gemeente if t not in kept]
        if whole:
            notes.append(f"In {_listing(whole)} zijn minder dan {MIN_GROUP} teams van deze soort; om ze niet "
                         "herkenbaar te maken, staan daar alle teams samen.")
    kept = [t for t in selection if t in set(kept)]
    if level == "team" and (len(kept) > MAX_TEAM_ROWS or len(kept) * n_indicators > max_cells):
        notes.append(f"Met {format_int(len(kept))} teams is één beeld per team niet leesbaar; het overzicht staat per "
                     "gemeente. Kies een of meer gemeenten om de teams te zien.")
        level = "gemeente"
    if level == "team":
        return OverviewRows("team", kept, None, notes)
    group_of = {t: gemeente_of[t] for t in kept if t in gemeente_of}
    members: dict[str, list[str]] = {}
    for team, gemeente in group_of.items():
        members.setdefault(gemeente, []).append(team)
    small = sorted(g for g, ts in members.items() if too_small_group(ts, hidden))
    if small:
        for team, gemeente in list(group_of.items()):
            if gemeente in small:
                group_of[team] = OTHER_GEMEENTEN
        pooled = [t for t, g in group_of.items() if g == OTHER_GEMEENTEN]
        if too_small_group(pooled, hidden):
            for team in pooled:
                del group_of[team]
            notes.append(f"{_listing(small).capitalize()} {'heeft' if len(small) == 1 else 'hebben'} samen minder dan "
                         f"{MIN_GROUP} teams; die staan er niet in, zodat geen team herkenbaar is.")
        else:
            notes.append(f"Gemeenten met minder dan {MIN_GROUP} teams staan samen als ‘{OTHER_GEMEENTEN}’, zodat geen "
                         "team herkenbaar is.")
    return OverviewRows("gemeente", [t for t in kept if t in group_of], group_of, notes)


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
