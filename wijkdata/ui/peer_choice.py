"""Which teams a page compares with: the choice of peer group, what "teams zoals jullie" were found
on, and the way from the Profielen page to Vergelijken with those teams.

The group choices of Trends and Vergelijken live here, because Profielen sets Vergelijken's: this
module owns those keys (see wijkdata/ui/state_keys.toml)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from wijkdata.peers import ACTIEF_THRESHOLD, PEER_GROUP_LABELS, PeerGroup, peer_group
from wijkdata.formatting import format_number
from wijkdata.profiles.vocabulary import INDICATOR
from wijkdata.ui.analysis import hidden_names, status, teams_with_figures
from wijkdata.ui.context import Context, go_to
from wijkdata.ui.format import plain
from wijkdata.ui.links import restore_from_url
from wijkdata.ui.profiles import neighbour_choice, similar_teams

GROUPS = ["alle", "gemeente", "soort", "zoals"]
COMPARE_GROUP = "vg_groep"
TRENDS_GROUP = "tr_groep"
COMPARE_PAGE = "pages/vergelijken.py"


@dataclass(frozen=True)
class PeerChoice:
    peers: PeerGroup
    note: str = ""  # what "teams zoals jullie" were found on (a caption)
    fallback: str = ""  # why the page compares with all teams instead (a notice)


def chosen_peers(ctx: Context, group: str, codes: list[str]) -> PeerChoice:
    """The peer group for a page, with the nearest-team list for "zoals", and the texts that say
    what it was found on or why the page falls back to all teams. Draws nothing: see show_note."""
    similar = nb_data = None
    if group == "zoals":
        nb_ind, nb_kenm, count = neighbour_choice(ctx, codes)
        near, nb_data = similar_teams(ctx, nb_ind, nb_kenm, count)
        similar = near["team"].tolist()
    peers = peer_group(group, ctx.team, teams_with_figures(ctx), status(ctx), similar=similar,
                       hidden=hidden_names(ctx))
    if group != "zoals":
        return PeerChoice(peers)
    if peers.key != "zoals":
        return PeerChoice(peers, fallback=(
            "Voor ‘teams zoals jullie’ zijn te weinig gegevens (minstens zes teams met waarden op de gekozen "
            "kenmerken). Deze pagina vergelijkt nu met alle teams; pas de keuze aan op de pagina Profielen."))
    basis = ", ".join(v.naam.lower() for v in nb_data.variables)
    matched = tuple(v.code for v in nb_data.variables if v.bron == INDICATOR)
    own_figures = (" Op die cijfers zelf geeft deze pagina geen oordeel: teams die erop gekozen zijn, lijken daar "
                   "vanzelf op uw team. Met teamkenmerken (zoals inwoners en stedelijkheid) gebeurt dat niet."
                   if matched else "")
    return PeerChoice(replace(peers, matched_on=matched),
                      note=(f"Teams zoals jullie: gezocht op {plain(basis)}. De keuze maakt u op de pagina "
                            f"Profielen.{own_figures}"))


def show_note(choice: PeerChoice) -> None:
    if choice.note:
        st.caption(choice.note)
    if choice.fallback:
        st.info(choice.fallback)


def group_select(column, key: str) -> str:
    """The choice of peer group (Trends: TRENDS_GROUP, Vergelijken: COMPARE_GROUP), drawn in
    ``column``; a link's ``groep`` sets it when this browser has not chosen yet."""
    restore_from_url({"groep": (key, lambda v: v[0] if v[0] in GROUPS else None)})
    return column.selectbox("Vergelijken met", GROUPS, key=key, format_func=PEER_GROUP_LABELS.get,
                            help=f"Een team heet actief als het meer dan {format_number(ACTIEF_THRESHOLD, 0)}% van "
                                 "de ambulante jeugdhulp zelf uitvoert (gemeten over het laatste jaar).")


def compare_with_similar_teams() -> None:
    """A button that opens Vergelijken with "teams zoals jullie" chosen."""
    if st.button("Vergelijk uw team met deze teams", icon=":material/balance:", key="go_vergelijken"):
        st.session_state[COMPARE_GROUP] = "zoals"
        go_to(COMPARE_PAGE)
