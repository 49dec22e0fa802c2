"""The session as the room sees it: the Room (one session with what it talks about), a renderer per
item kind for both screens, and the laptop's tools per step (a table from step code to its view).

An item is drawn ``large`` on the big screen (the item alone, read from five metres) and with its
editing chrome on the laptop."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import streamlit as st

from wijkdata.catalog import VS
from wijkdata.conversation.items import NOTES_LABELS, Item, step_items
from wijkdata.catalog import V_LABELS
from wijkdata.conversation.library import QUESTIONS, steps
from wijkdata.conversation.prompting import ChosenPrompt
from wijkdata.conversation.report import EXPECTED_AND_SEEN, EXPLANATIONS, PARKING  # PARKING: notes for later
from wijkdata.conversation.triggers import Signal
from wijkdata.store.conversations import ConversationStore
from wijkdata.ui.context import Context
from wijkdata.ui.conversation import agreements, keys, notes
from wijkdata.ui.conversation.figures import session_figures, verdicts
from wijkdata.ui.conversation.prompts import prompt_tools, session_prompts, show_prompt
from wijkdata.ui.format import plain



@dataclass
class Room:
    """One session and everything its screens show, for one run of the page."""
    ctx: Context
    conv: ConversationStore
    session: dict
    team_label: str
    signals: list[Signal]
    peers: list[str]
    peer_description: str
    me: str
    _prompts: dict = field(default_factory=dict)

    @property
    def gid(self) -> int:
        return int(self.session["id"])

    @property
    def index(self) -> int:
        return int(self.session["stap"])

    @property
    def code(self) -> str:
        return steps()[self.index].code

    @property
    def focus(self) -> list[str]:
        return [c for c in self.session["focus"] if c in self.ctx.catalog]

    def prompts(self, stap: str | None = None) -> list[ChosenPrompt]:
        stap = stap or self.code
        if stap not in self._prompts:
            self._prompts[stap] = session_prompts(self.conv, self.session, stap, self.signals, self.ctx.catalog)
        return self._prompts[stap]

    @cached_property
    def items(self) -> list[Item]:
        names = {c: self.ctx.catalog[c].naam for c in self.focus}
        prompts = self.prompts() if self.code in QUESTIONS else []
        return step_items(self.code, self.focus, names, prompts)

    @property
    def position(self) -> int:
        """The item on the big screen (a stale position past the end shows the last item)."""
        return min(int(self.session["onderdeel"] or 0), max(len(self.items) - 1, 0))


def room_builder(ctx: Context, conv: ConversationStore, gid: int, team_label: str, signals: list[Signal],
                 peers: list[str], peer_description: str, me: str):
    """A function that gives the Room of session ``gid`` as the store has it now (None when the
    session is gone or belongs to another team). The Room is kept while the session's live stamp
    and the page's choices stay the same: a big screen that looks twice a second then asks the
    store one small row, not the session, its questions and its agreements each time."""
    def build() -> Room | None:
        stamp = conv.live_stamp(gid)
        key = (gid, stamp, ctx.version, ctx.dataset_id, ctx.periods, ctx.team, team_label, me)
        kept = st.session_state.get(keys.ROOM)
        if kept is not None and kept[0] == key:
            return kept[1]
        session = conv.get(gid) if stamp is not None else None
        room = None if session is None or session["team"] != ctx.team else \
            Room(ctx, conv, session, team_label, signals, peers, peer_description, me)
        st.session_state[keys.ROOM] = (key, room)
        return room
    return build


# ---------------------------------------------------------------------------------- items
def show_figure(fig, large: bool, key: str, judged: bool = False) -> None:
    """A focus chart: with its downloads on the laptop, large and bare on the big screen (smaller
    when ``judged``: the verdict sentences come under it on the same screen)."""
    from wijkdata.charts.base import for_beamer
    from wijkdata.ui.charts import show_chart

    if large:  # the chart fills what the screen has left (beamer.py sizes this box to the viewport)
        with st.container(key="gs_beamer_chart_oordeel" if judged else "gs_beamer_chart"):
            st.altair_chart(for_beamer(fig.chart), width="stretch", height="stretch", theme=None, alt=fig.zin)
        st.caption(plain(fig.zin))
    else:
        import pandas as pd

        show_chart(fig.chart, pd.DataFrame({"zin": [fig.zin]}), name=key, summary=fig.zin, key=key)


def _focus(room: Room, large: bool) -> None:
    catalog = room.ctx.catalog
    if large:
        st.markdown("## De cijfers van vandaag")
    st.markdown("\n".join(f"- **{plain(catalog[c].naam)}**" for c in room.focus) or "*Nog geen cijfers gekozen.*")


def _figure(room: Room, item: Item, large: bool) -> None:
    figs = session_figures(room.ctx, room.gid, room.focus, room.team_label)
    if item.code in figs:
        show_figure(figs[item.code], large, f"herkennen_{item.code}")


def _judgement(room: Room, item: Item, large: bool) -> None:
    figs = session_figures(room.ctx, room.gid, room.focus, room.team_label, room.peers, room.peer_description)
    if item.code in figs:
        show_figure(figs[item.code], large, f"waarderen_{item.code}", judged=True)
    for sentence in verdicts(room.ctx, room.focus, room.peers, room.peer_description).get(item.code, []):
        st.markdown(f"**{plain(sentence)}**" if large else plain(sentence))


def _prompt(room: Room, item: Item, large: bool) -> None:
    if large:
        show_prompt(item.prompt, large=True)
        return
    show_prompt(item.prompt)
    prompt_tools(room.conv, room.gid, room.code, item.prompt)


def _notes(room: Room, item: Item, large: bool) -> None:
    if large:
        notes.notes_board(room.conv, room.gid, room.code, item.label)
    elif room.code == "verklaren":
        for col, v in zip(st.columns(3), VS):
            with col:
                notes.note_area(room.conv, room.gid, room.code, f"Verklaringen: {V_LABELS[v].lower()}", room.me, v=v,
                                height=160)
    else:
        notes.note_area(room.conv, room.gid, room.code, item.label, room.me)


def _agreements(room: Room, large: bool) -> None:
    if large:
        agreements.agreements_board(room.conv, room.session)
    elif room.code == "verbeteren":
        agreements.agreement_form(room.conv, room.session)
        agreements.agreement_list(room.conv, room.session, editable=True)
    else:
        st.markdown("### Afspraken")
        agreements.agreement_list(room.conv, room.session, editable=False)


def _bullets(texts: list[str]) -> str:
    return "  \n".join(f"– {plain(t)}" for t in texts) or "*(niets genoteerd)*"


def _expected_and_seen(room: Room, large: bool) -> None:
    st.markdown(("## " if large else "### ") + EXPECTED_AND_SEEN)  # the same words as in the report
    c1, c2 = st.columns(2)
    c1.markdown("**Verwacht**  \n" + _bullets(notes.all_notes_text(room.conv, room.gid, "voorspellen")))
    c2.markdown("**Gezien**  \n" + _bullets(notes.all_notes_text(room.conv, room.gid, "herkennen")))


def _explanations(room: Room, large: bool) -> None:
    st.markdown(("## " if large else "### ") + EXPLANATIONS)
    for col, v in zip(st.columns(3), VS):
        col.markdown(f"**{V_LABELS[v]}**  \n" + _bullets(notes.all_notes_text(room.conv, room.gid, "verklaren", v)))
    parked = notes.all_notes_text(room.conv, room.gid, PARKING)
    if parked:
        st.markdown("**Parkeerplaats** (voor een volgende keer)  \n" + _bullets(parked))


def draw_item(room: Room, item: Item, large: bool) -> None:
    """One item, on the laptop (``large`` False) or the big screen."""
    if item.kind == "focus":
        _focus(room, large)
    elif item.kind == "terugblik":
        (agreements.review_board if large else agreements.review_agreements)(room.conv, room.session)
    elif item.kind == "figuur":
        _figure(room, item, large)
    elif item.kind == "oordeel":
        _judgement(room, item, large)
    elif item.kind == "vraag":
        _prompt(room, item, large)
    elif item.kind == "notities":
        _notes(room, item, large)
    elif item.kind == "afspraken":
        _agreements(room, large)
    elif item.kind == "verwacht_gezien":
        _expected_and_seen(room, large)
    elif item.kind == "verklaringen":
        _explanations(room, large)
    else:  # a kind added to items.py without a renderer here is a developer's error
        raise ValueError(f"no renderer for item kind {item.kind!r}")


def step_note(room: Room) -> None:
    """Steps without a notes item still get one box on the laptop: every step can be written down."""
    if room.code not in NOTES_LABELS:
        notes.note_area(room.conv, room.gid, room.code, "Notities bij deze stap", room.me, height=90)


def parking_lot(room: Room) -> None:
    """Topics that come up but are not for now, kept for later (shown in Afronden and the report)."""
    with st.expander("Parkeerplaats: onderwerpen voor later", icon=":material/local_parking:"):
        notes.note_area(room.conv, room.gid, PARKING, "Wat bewaren we voor een volgende keer?", room.me, height=90)
