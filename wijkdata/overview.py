"""The managers' overview: which teams enter, at which level (team or gemeente), and which groups
must be shown together so that a filter never points at one pseudonymised team.

Someone who does not see every name (a team member, the open mode) could otherwise learn which
"Team F" lies in which gemeente, or read one team's figures under its gemeente's name:
"Stavenburg" with "Actieve teams" left one team, and a gemeente with a single team named it. The
rule: a gemeente is shown on its own (as a filter or as a row) only when it holds at least
MIN_GROUP teams whose names the viewer does not see; a filter on the kind of team that would leave
fewer of them, of that kind or of the others, shows that gemeente with all its teams; smaller
gemeenten are shown together, always with all their teams.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from wijkdata.formatting import format_int
from wijkdata.privacy import MIN_GROUP, too_small_group
OTHER_GEMEENTEN = "Overige gemeenten samen"
KINDS = {"alle": "Alle teams", "actief": "Actieve teams", "niet_actief": "Niet-actieve teams"}
MAX_TEAM_ROWS = 150  # one gemeente's wijken (a city has 70 to 100) fit; the page scrolls through them


def _gemeenten(teams: pd.DataFrame) -> dict[str, str]:
    return {t: g for t, g in zip(teams["team"], teams["gemeente"]) if isinstance(g, str)}


def gemeente_options(teams: pd.DataFrame, hidden: set[str]) -> list[str]:
    """The gemeenten this viewer may pick as a filter (all of them for whoever sees every name)."""
    members = _members(teams["team"], _gemeenten(teams))
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
    members = _members(selection, gemeente_of)
    notes: list[str] = []

    def of_kind(team: str) -> bool:
        return kind == "alle" or (team in actief and bool(actief[team]) == (kind == "actief"))

    kept = {t for t in selection if of_kind(t)}
    if level == "team" and (len(kept) > MAX_TEAM_ROWS or len(kept) * n_indicators > max_cells):
        notes.append(f"Met {format_int(len(kept))} teams is één beeld per team niet leesbaar; het overzicht staat per "
                     "gemeente. Kies een of meer gemeenten om de teams te zien.")
        level = "gemeente"
    if kind != "alle":  # keep a gemeente whole where the kind would single out its teams
        # the teams of the kind and the others both count: 'all teams' minus 'active teams' shows the others.
        # Also without a gemeente chosen: pseudonyms stay the same across views, so 'the active teams' next
        # to 'the teams of Heuvelrade' would otherwise name the one active team of Heuvelrade.
        whole = [g for g, ts in members.items()
                 if too_small_group([t for t in ts if t in kept], hidden)
                 or too_small_group([t for t in ts if t not in kept], hidden)]
        for gemeente in whole:
            kept.update(members[gemeente])
        if whole:
            notes.append(f"In {_listing(whole)} zouden te weinig teams overblijven om ze niet herkenbaar te maken; "
                         "daar staan alle teams samen.")
    ordered = [t for t in selection if t in kept]
    if level == "team":
        return OverviewRows("team", ordered, None, notes)
    small = sorted(g for g, ts in members.items() if too_small_group(ts, hidden))
    group_of = {t: gemeente_of[t] for t in ordered if t in gemeente_of and gemeente_of[t] not in small}
    if small:
        # small gemeenten always with all their teams: the same pool whatever the kind chosen
        pooled = [t for g in small for t in members[g]]
        if too_small_group(pooled, hidden):
            notes.append(f"{_listing(small).capitalize()} {'heeft' if len(small) == 1 else 'hebben'} samen minder dan "
                         f"{MIN_GROUP} teams; die staan er niet in, zodat geen team herkenbaar is.")
        else:
            group_of.update({t: OTHER_GEMEENTEN for t in pooled})
            notes.append(f"Gemeenten met minder dan {MIN_GROUP} teams staan samen als ‘{OTHER_GEMEENTEN}’, zodat geen "
                         "team herkenbaar is.")
    return OverviewRows("gemeente", [t for t in selection if t in group_of], group_of, notes)


def _members(team_list, gemeente_of: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for team in team_list:
        if team in gemeente_of:
            out.setdefault(gemeente_of[team], []).append(team)
    return out


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
