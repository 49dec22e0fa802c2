"""Peer groups: which teams does a team compare itself with?

- all teams in the data;
- the teams in the same gemeente;
- teams of the same kind: *actief* (more than 5% own delivery of ambulante jeugdhulp) or not;
- "teams zoals jullie" (nearest neighbours), passed in by the caller once profiles exist.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wijkdata.formatting import format_int
from wijkdata.periods import periods_per_year
from wijkdata.privacy import MIN_GROUP, too_small_group

ACTIEF_THRESHOLD = 5.0  # percent own delivery

PEER_GROUP_LABELS = {
    "alle": "Alle teams",
    "gemeente": "Teams in dezelfde gemeente",
    "soort": "Teams van dezelfde soort (actief of niet-actief)",
    "zoals": "Teams zoals jullie",
}


def actief_status(obs: pd.DataFrame) -> pd.DataFrame:
    """Per team: own delivery (eigen_uitvoering, %) pooled over its last year of periods, and
    whether that makes it *actief*. Teams without the indicator get None (unknown)."""
    own = obs[obs["indicator"] == "eigen_uitvoering"].dropna(subset=["waarde"])
    if own.empty:
        return pd.DataFrame(columns=["team", "eigen_uitvoering", "actief"])
    # a year of periods: one quarter is too noisy for a label
    own = own.sort_values("periode").groupby("team", sort=False).tail(periods_per_year(own["periode"]))
    has_counts = own["teller"].notna() & own["noemer"].notna()
    pooled = own[has_counts].groupby("team")[["teller", "noemer"]].sum()
    pct = (100 * pooled["teller"] / pooled["noemer"]).rename("eigen_uitvoering")
    plain = own[~own["team"].isin(pct.index)].groupby("team")["waarde"].mean().rename("eigen_uitvoering")
    out = pd.concat([pct, plain]).reset_index()
    out.columns = ["team", "eigen_uitvoering"]
    out["actief"] = out["eigen_uitvoering"] > ACTIEF_THRESHOLD
    return out.sort_values("team").reset_index(drop=True)


def actief_flags(status: pd.DataFrame) -> dict[str, bool]:
    """Team -> actief, for the teams whose kind is known (a team missing from it is unknown)."""
    return {t: bool(a) for t, a in zip(status["team"], status["actief"])}


@dataclass(frozen=True)
class PeerGroup:
    key: str
    teams: list[str]  # the peers, without the own team
    description: str  # "11 teams in gemeente Lindeburg"
    matched_on: tuple[str, ...] = ()  # indicators the peers were picked on (not judged against them)


def peer_group(key: str, own_team: str | None, teams: pd.DataFrame, status: pd.DataFrame,
               similar: list[str] | None = None, hidden: set[str] = frozenset()) -> PeerGroup:
    """The peers of ``own_team`` for a group key (see PEER_GROUP_LABELS). ``teams`` has team and
    gemeente; ``status`` comes from actief_status; ``similar`` is the nearest-neighbour list;
    ``hidden`` are the teams whose names the viewer does not see: a gemeente or kind with fewer
    than MIN_GROUP of them is not shown apart (it would tell which pseudonym is which team)."""
    everyone = [t for t in teams["team"] if t != own_team]
    group = _peer_group(key, own_team, teams, status, similar, everyone)
    if group.key in ("gemeente", "soort") and too_small_group(group.teams, hidden):
        return PeerGroup("alle", everyone, f"alle {format_int(len(everyone))} andere teams (in de gekozen groep zijn "
                                           f"minder dan {MIN_GROUP} andere teams; apart zouden ze herkenbaar zijn)")
    return group


def _peer_group(key: str, own_team: str | None, teams: pd.DataFrame, status: pd.DataFrame,
                similar: list[str] | None, everyone: list[str]) -> PeerGroup:
    if key == "gemeente":
        gemeenten = dict(zip(teams["team"], teams["gemeente"]))
        gemeente = gemeenten.get(own_team)
        if not isinstance(gemeente, str):
            return PeerGroup(key, everyone, f"{format_int(len(everyone))} teams (van uw team is geen gemeente bekend)")
        peers = [t for t in everyone if gemeenten.get(t) == gemeente]
        return PeerGroup(key, peers, f"{format_int(len(peers))} andere teams in gemeente {gemeente}")
    if key == "soort":
        flags = actief_flags(status)
        own = flags.get(own_team)
        if own is None:
            return PeerGroup(key, everyone, f"{format_int(len(everyone))} teams (of uw team actief is, is onbekend)")
        peers = [t for t in everyone if flags.get(t) is not None and bool(flags.get(t)) == bool(own)]
        kind = "actieve" if own else "niet-actieve"
        return PeerGroup(key, peers, f"{format_int(len(peers))} andere {kind} teams")
    if key == "zoals" and similar:
        peers = [t for t in similar if t != own_team]
        return PeerGroup(key, peers, f"de {len(peers)} teams die het meest op uw team lijken")
    return PeerGroup("alle", everyone, f"alle {format_int(len(everyone))} andere teams")
