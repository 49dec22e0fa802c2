"""Widgets of the conversation page: notes that save as they are typed, prompts with skip / pin /
own, the terugblik and the agreements, the shared timer, and the presentation mode."""

from __future__ import annotations

import datetime as dt
import uuid

import pandas as pd
import streamlit as st

from wijkdata.catalog import VS, Catalog
from wijkdata.conversation.figures import focus_figure
from wijkdata.conversation.library import V_LABELS
from wijkdata.conversation.prompting import ChosenPrompt, prompts_for
from wijkdata.conversation.report import ReportFigure, SessionReport, period_text
from wijkdata.conversation.triggers import Signal, find_signals
from wijkdata.formatting import format_clock
from wijkdata.periods import in_periods
from wijkdata.store import StoreError
from wijkdata.store.conversations import STATUSES, ConversationError, ConversationStore
from wijkdata.ui.analysis import available_indicators, indicator_obs, teams_with_figures, threshold, values
from wijkdata.ui.context import Context, cached_breaks, cached_catalog, cached_observations
from wijkdata.ui.errors import page_guard, report, safely
from wijkdata.ui.format import plain
from wijkdata.ui.links import write_to_url
from wijkdata.ui.profiles import DEFAULT_COUNT, default_neighbour_choice, similar_teams

REVIEW_LABELS = {"open": "Nog open", "gedaan": "Gedaan", "deels": "Deels", "niet": "Niet gedaan"}


def author_id() -> str:
    """Who writes, per browser: kept in the link, so a refresh keeps writing the same notes."""
    if "gs_ik" not in st.session_state:
        given = st.query_params.get("ik", "")
        st.session_state["gs_ik"] = given if given.isalnum() and len(given) <= 32 else uuid.uuid4().hex[:12]
    write_to_url({"ik": st.session_state["gs_ik"]})
    return st.session_state["gs_ik"]


# ---------------------------------------------------------------------------------- the figures
def peers_for_conversation(ctx: Context) -> tuple[list[str], str]:
    """Teams zoals jullie when they can be found, otherwise all teams."""
    indicators, kenmerken = default_neighbour_choice(ctx, available_indicators(ctx))
    near, _ = similar_teams(ctx, indicators, kenmerken, DEFAULT_COUNT)
    if len(near):
        return near["team"].tolist(), f"de {len(near)} teams die het meest op uw team lijken"
    everyone = [t for t in teams_with_figures(ctx)["team"] if t != ctx.team]
    return everyone, f"alle {len(everyone)} andere teams"


@st.cache_data(show_spinner="De cijfers worden bekeken…", max_entries=16)
def _signals(version: str, dataset_id: int | None, periods: tuple[str, str] | None, team: str,
             peers: tuple[str, ...], small: int, profile, _year: pd.DataFrame) -> list[Signal]:
    # _year (not part of the cache key: it follows from the others) is every team's pooled year,
    # computed once for all sessions instead of once per team
    obs = in_periods(cached_observations(version, dataset_id), periods)
    breaks = cached_breaks(version)
    starts = tuple(breaks.loc[breaks["team"] == team, "periode"])
    return find_signals(obs, cached_catalog(version), team, list(peers), small, profile=profile, values=_year,
                        breaks=starts)


def signals_for(ctx: Context, peers: list[str]) -> list[Signal]:
    from wijkdata.ui.profiles import default_profile_indicators, profiles

    result = profiles(ctx, default_profile_indicators(available_indicators(ctx)), [])
    profile = result.profile_of(ctx.team) if result is not None else None
    return _signals(ctx.version, ctx.dataset_id, ctx.periods, ctx.team, tuple(peers), threshold(), profile,
                    values(ctx, "jaar"))


def figures(ctx: Context, focus: list[str], team_label: str, peers: list[str] | None = None,
            peer_description: str = ""):
    catalog = ctx.catalog
    breaks = ctx.breaks()
    return [focus_figure(indicator_obs(ctx, code), catalog, ctx.team, code, team_label=team_label,
                         threshold=threshold(), peers=peers, peer_description=peer_description, breaks=breaks)
            for code in focus if code in catalog]


# ---------------------------------------------------------------------------------- notes
def _own_note(conv: ConversationStore, gid: int, stap: str, v: str | None, me: str) -> pd.Series | None:
    notes = conv.notes(gid, stap)
    mine = notes[(notes["auteur"] == me) & ((notes["v"] == v) if v else notes["v"].isna())]
    return mine.iloc[-1] if len(mine) else None


def _save_note(conv: ConversationStore, gid: int, stap: str, v: str | None, me: str, key: str) -> None:
    text = st.session_state.get(key, "")
    try:
        note_id, version = st.session_state.get(f"{key}_id"), st.session_state.get(f"{key}_versie")
        if note_id is None:
            saved = conv.add_note(gid, stap, me, text, v)
        else:
            saved = conv.save_note(int(note_id), text, int(version))
        st.session_state[f"{key}_id"], st.session_state[f"{key}_versie"] = saved.id, saved.versie
        st.session_state[f"{key}_bewaard"] = dt.datetime.now(dt.timezone.utc)
        if saved.conflict:
            st.toast("Deze notitie was intussen elders aangepast. Beide versies zijn bewaard.", icon=":material/info:")
    except Exception as exc:  # noqa: BLE001 - the database is read-only, full or gone: say so, keep the text
        report(exc)  # logged for the administrator
        st.session_state[f"{key}_fout"] = exc.message if isinstance(exc, (StoreError, ConversationError)) else (
            "De server kon hem niet opslaan; de oorzaak staat in het logboek van de server.")


@st.fragment
def note_area(conv: ConversationStore, gid: int, stap: str, label: str, me: str, v: str | None = None,
              height: int = 120) -> None:
    """A notes box for this browser's own note in this step (and V), saved on every change; below
    it what others wrote in the same step. A fragment: saving reruns the box, not the page with
    its charts (1,2 s per save on Herkennen before, on one quiet core)."""
    with page_guard(show_pending=False):  # a fragment reruns without app.py's guard
        _note_area(conv, gid, stap, label, me, v, height)


def _note_area(conv: ConversationStore, gid: int, stap: str, label: str, me: str, v: str | None,
               height: int) -> None:
    key = f"gs_note_{gid}_{stap}_{v or ''}"
    if key not in st.session_state:  # first draw in this browser session: load from the store
        own = _own_note(conv, gid, stap, v, me)
        st.session_state[key] = "" if own is None else own["tekst"]
        st.session_state[f"{key}_id"] = None if own is None else int(own["id"])
        st.session_state[f"{key}_versie"] = None if own is None else int(own["versie"])
        st.session_state[f"{key}_bewaard"] = None if own is None else own["updated_at"]
    with st.container(key=f"{key}_vak"):  # box and its save state together, for a screen reader too
        st.text_area(label, key=key, height=height, on_change=_save_note, args=(conv, gid, stap, v, me, key),
                     placeholder="Typ hier; wat u schrijft wordt meteen bewaard.")
        if error := st.session_state.pop(f"{key}_fout", None):
            # never "reload the page": a reload would lose the very text that could not be saved
            st.error(f"Deze notitie is niet bewaard. {plain(error)} Uw tekst blijft in het vak staan en wordt opnieuw "
                     "bewaard zodra u verder typt. Kopieer hem hieronder (knop rechtsboven) als u de pagina moet "
                     "sluiten.", icon=":material/error:")
            st.code(st.session_state.get(key, ""), language=None, wrap_lines=True)
        elif saved_at := st.session_state.get(f"{key}_bewaard"):
            # the proof a typist waits for before closing the laptop: the server has the text
            st.caption(f":material/check: Bewaard om {format_clock(saved_at)}")
    others = conv.notes(gid, stap)
    others = others[(others["tekst"].str.strip() != "") & ((others["v"] == v) if v else others["v"].isna())]
    others = others[others["id"] != st.session_state.get(f"{key}_id")]
    if len(others):
        st.markdown("**Ook genoteerd**  \n" + "  \n".join(f"– {plain(t)}" for t in others["tekst"]))


def all_notes_text(conv: ConversationStore, gid: int, stap: str, v: str | None = None) -> list[str]:
    notes = conv.notes(gid, stap)
    if v is not None:
        notes = notes[notes["v"] == v]
    return [t for t in notes["tekst"] if t.strip()]


# ---------------------------------------------------------------------------------- prompts
def step_prompts(conv: ConversationStore, gid: int, stap: str, signals: list[Signal],
                 focus: list[str], catalog: Catalog) -> list[ChosenPrompt]:
    return prompts_for(stap, signals, focus, catalog, conv.prompt_actions(gid))


def show_prompt(p: ChosenPrompt, large: bool = False) -> None:
    badge = " · vastgezet" if p.vastgezet else " · eigen vraag" if p.eigen else ""
    if large:  # the big screen: the question alone, as a heading
        st.markdown(f"**{V_LABELS.get(p.v, '')}**{badge}")
        st.markdown(f"## {plain(p.tekst)}")
    else:
        st.markdown(f"**{V_LABELS.get(p.v, '')}**{badge}  \n{plain(p.tekst)}")
    if p.reden:
        st.caption(f"Waarom deze vraag: {plain(p.reden)}")  # can name a profile, i.e. uploaded headers


def prompt_list(conv: ConversationStore, gid: int, stap: str, signals: list[Signal], focus: list[str],
                presenting: bool, catalog: Catalog) -> list[ChosenPrompt]:
    chosen = step_prompts(conv, gid, stap, signals, focus, catalog)
    for p in chosen:
        with st.container(border=True):
            show_prompt(p)
            if not presenting:
                c1, c2, _ = st.columns([1, 1, 3])
                if c1.button("Overslaan", key=f"skip_{gid}_{p.id}", icon=":material/skip_next:"):
                    conv.prompt_action(gid, stap, p.id, "overgeslagen")
                    st.rerun()
                if not p.eigen:
                    pin = "Losmaken" if p.vastgezet else "Vastzetten"
                    if c2.button(pin, key=f"pin_{gid}_{p.id}", icon=":material/push_pin:"):
                        conv.prompt_action(gid, stap, p.id, "terug" if p.vastgezet else "vastgezet")
                        st.rerun()
    if not presenting:
        with st.expander("Eigen vraag toevoegen"):
            with st.form(f"own_prompt_{gid}_{stap}", clear_on_submit=True, border=False):
                text = st.text_input("Vraag", placeholder="Bijvoorbeeld: wat zou een ouder hiervan zeggen?")
                v = st.selectbox("Bij welke V", list(VS), format_func=V_LABELS.get)
                if st.form_submit_button("Toevoegen"):
                    try:
                        conv.prompt_action(gid, stap, f"eigen-{uuid.uuid4().hex[:10]}", "eigen", text, v)
                        st.rerun()
                    except ConversationError as exc:
                        st.error(plain(exc.message))
    return chosen


# ---------------------------------------------------------------------------------- agreements
def _review(conv: ConversationStore, agreement_id: int, gid: int, key: str) -> None:
    conv.review_agreement(agreement_id, st.session_state[f"{key}_status"], st.session_state.get(f"{key}_why", ""), gid)


def review_agreements(conv: ConversationStore, session: dict) -> None:
    earlier = conv.open_before(session["team"], session["id"])
    if earlier.empty:
        st.info("Er staan geen afspraken open uit eerdere gesprekken.")
        return
    for row in earlier.itertuples():
        key = f"gs_review_{row.id}"
        st.session_state.setdefault(f"{key}_status", row.status if row.beoordeeld_in == session["id"] else "open")
        st.session_state.setdefault(f"{key}_why", row.toelichting or "")
        with st.container(border=True):
            due = f" · uiterlijk {row.wanneer:%d-%m-%Y}" if isinstance(row.wanneer, dt.date) else ""
            who = f" · {plain(row.wie)}" if row.wie else ""
            st.markdown(f"**{plain(row.wat)}**{who}{due}")
            c1, c2 = st.columns([2, 3])
            c1.radio("Is het gelukt?", list(STATUSES), key=f"{key}_status", format_func=REVIEW_LABELS.get,
                     horizontal=True, on_change=safely(_review), args=(conv, row.id, session["id"], key))
            c2.text_input("Waarom, in een paar woorden", key=f"{key}_why", on_change=safely(_review),
                          args=(conv, row.id, session["id"], key))


def agreement_form(conv: ConversationStore, session: dict) -> None:
    with st.form(f"agreement_{session['id']}", clear_on_submit=True):
        st.markdown("**Nieuwe afspraak**")
        c1, c2, c3, c4 = st.columns([4, 2, 2, 2])
        wat = c1.text_input("Wat spreken we af?")
        wie = c2.text_input("Wie")
        wanneer = c3.date_input("Uiterlijk", value=None, format="DD-MM-YYYY")
        v = c4.selectbox("Bij welke V", list(VS), format_func=V_LABELS.get)
        if st.form_submit_button("Afspraak toevoegen", icon=":material/add:"):
            try:
                conv.add_agreement(session["id"], session["team"], wat, wie, wanneer, v)
            except ConversationError as exc:
                st.error(plain(exc.message))


def agreement_list(conv: ConversationStore, session: dict, editable: bool) -> pd.DataFrame:
    made = conv.agreements(gesprek_id=session["id"])
    if made.empty:
        st.caption("Nog geen afspraken.")
    for row in made.itertuples():
        c1, c2 = st.columns([6, 1])
        due = f" · uiterlijk {row.wanneer:%d-%m-%Y}" if isinstance(row.wanneer, dt.date) else ""
        who = f" · {plain(row.wie)}" if row.wie else ""
        c1.markdown(f"**{plain(row.wat)}**{who}{due} · {V_LABELS.get(row.v, '')}")
        if editable and c2.button("Weghalen", key=f"rm_agreement_{row.id}", icon=":material/delete:"):
            conv.remove_agreement(row.id)
            st.rerun()
    return made


# ---------------------------------------------------------------------------------- report
def session_report(ctx: Context, conv: ConversationStore, session: dict, team_label: str, with_images: bool):
    from wijkdata.charts import to_png

    figs = figures(ctx, session["focus"], team_label)
    report_figures = [ReportFigure(f.naam, f.zin, to_png(f.chart) if with_images else None) for f in figs]
    reviewed = conv.agreements(team=session["team"])
    reviewed = reviewed[reviewed["beoordeeld_in"] == session["id"]]
    return SessionReport(team_label, session["datum"], period_text(session["periode_van"], session["periode_tot"]),
                         session["aanwezig"] or "", report_figures, conv.notes(session["id"]),
                         conv.agreements(gesprek_id=session["id"]), reviewed)


# ---------------------------------------------------------------------------------- presentation
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.stMainBlockContainer, .block-container { max-width: 100% !important; padding: 1.5rem 3rem !important; }
[data-testid="stAppViewContainer"] { background: #ffffff; }
.stMarkdown p, .stMarkdown li, [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 2rem !important; line-height: 1.35 !important; color: #000000 !important; }
.stMarkdown h1 { font-size: 3.6rem !important; color: #000000 !important; }
.stMarkdown h2 { font-size: 3rem !important; color: #000000 !important; }
.stMarkdown h3 { font-size: 2.4rem !important; color: #000000 !important; }
.stButton button { padding: 0.6rem 1.6rem !important; }
.stButton button p, .stButton button span { font-size: 1.6rem !important; }
[data-testid="stHeaderActionElements"], .stMarkdown a.anchor-link { display: none !important; }
</style>
"""

KEYBOARD_JS = """
<script>
// Registered anew on every load of this frame (see NOTES_AUTOSAVE_JS for why).
const doc = window.parent.document;
if (doc.__wijkdataKeys) doc.__wijkdataKeys();
const pressed = (event) => {
  const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(doc.activeElement && doc.activeElement.tagName);
  if (typing) return;
  const forward = ["PageDown", "ArrowRight", "ArrowDown", " "].includes(event.key);
  const back = ["PageUp", "ArrowLeft", "ArrowUp"].includes(event.key);
  if (!forward && !back) return;
  const label = forward ? "Volgende" : "Vorige";
  const button = Array.from(doc.querySelectorAll("button")).find((b) => b.innerText.trim().endsWith(label));
  if (button && !button.disabled) { event.preventDefault(); button.click(); }
};
doc.addEventListener("keydown", pressed);
doc.__wijkdataKeys = () => doc.removeEventListener("keydown", pressed);
</script>
"""


def show_figure(fig, presenting: bool, key: str) -> None:
    """A focus chart: with its downloads at the table, large and bare on the big screen."""
    from wijkdata.charts.base import for_beamer
    from wijkdata.ui.charts import show_chart

    if presenting:
        st.altair_chart(for_beamer(fig.chart), width="stretch", theme=None, alt=fig.zin)
        st.caption(plain(fig.zin))
    else:
        show_chart(fig.chart, pd.DataFrame({"zin": [fig.zin]}), name=key, summary=fig.zin, key=key)


def follow_step(conv: ConversationStore, gid: int, shown: int, presenting: bool) -> None:
    """Someone moved the session on from a laptop: the big screen follows within seconds. A laptop
    shows the current step at its next click. (A laptop does not poll: under load a poll that
    lands during a full rerun can leave half of the page stale; see the load test.)"""
    if presenting:
        _screen_follows(conv, gid, shown)


@st.fragment(run_every=4)
def _screen_follows(conv: ConversationStore, gid: int, shown: int) -> None:
    with page_guard(show_pending=False):  # a fragment reruns without app.py's guard
        session = conv.get(gid)
        if session is not None and session["stap"] != shown:
            st.rerun(scope="app")


def presentation_mode() -> None:
    """Large type and high contrast for the back of the room; no sidebar or toolbar."""
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)


# Streamlit sends a text area's value on blur or Ctrl+Enter only, so a note typed after the last
# blur was lost when the laptop closed. This sends it one second after the typing stops (and when
# the page is left) with the same Ctrl+Enter Streamlit listens for; the caret and focus stay.
NOTES_AUTOSAVE_JS = """
<script>
// Registered anew each time this frame loads, after the previous registration is removed: Streamlit
// drops the frame on a page switch, and its timers would die with it. Timers and events come from
// the page itself (window.parent), so they keep working whatever happens to this frame.
const win = window.parent, doc = win.document;
if (doc.__wijkdataAutosave) doc.__wijkdataAutosave();
const timers = new Map();
const isNote = (el) => el && el.tagName === "TEXTAREA" && el.closest("[class*='st-key-gs_note_']");
const send = (area) => area.dispatchEvent(new win.KeyboardEvent("keydown", {
  key: "Enter", code: "Enter", keyCode: 13, which: 13, ctrlKey: true, bubbles: true, cancelable: true}));
const typed = (event) => {
  const area = event.target;
  if (!isNote(area)) return;
  win.clearTimeout(timers.get(area));
  timers.set(area, win.setTimeout(() => { timers.delete(area); send(area); }, %(delay)d));
};
const leaving = () => timers.forEach((timer, area) => { win.clearTimeout(timer); send(area); });
doc.addEventListener("input", typed, true);
win.addEventListener("pagehide", leaving);
doc.__wijkdataAutosave = () => {
  doc.removeEventListener("input", typed, true);
  win.removeEventListener("pagehide", leaving);
  timers.forEach((timer) => win.clearTimeout(timer));
};
</script>
""" % {"delay": 1000}


def autosave_notes() -> None:
    """Notes are saved while typing: one second after the last key, not only when the box is left."""
    st.iframe(NOTES_AUTOSAVE_JS, height=1)


def keyboard_navigation() -> None:
    """Page-down / arrow keys (and a presenter's clicker, which sends them) press Volgende / Vorige."""
    st.iframe(KEYBOARD_JS, height=1)


def timer(session: dict, minutes: int, large: bool = False) -> None:
    """A countdown for the step that everyone sees the same: it counts from when the step began."""
    started = session.get("stap_sinds")
    if started is None or not minutes:
        return
    if isinstance(started, str):
        started = dt.datetime.fromisoformat(started)
    if started.tzinfo is None:
        started = started.replace(tzinfo=dt.timezone.utc)
    end_ms = int((started + dt.timedelta(minutes=minutes)).timestamp() * 1000)
    size = 40 if large else 28  # the iframe does not inherit the presentation CSS
    st.iframe(f"""
<div id="t" style="font-family: 'Source Sans Pro', sans-serif; font-size: {size}px; font-weight: 600; color: #000"></div>
<script>
const end = {end_ms};
function tick() {{
  const left = Math.round((end - Date.now()) / 1000);
  const m = Math.floor(Math.abs(left) / 60), s = String(Math.abs(left) % 60).padStart(2, "0");
  document.getElementById("t").textContent = left >= 0 ? `Nog ${{m}}:${{s}} voor deze stap`
                                                        : `${{m}}:${{s}} over de geplande tijd`;
}}
tick(); setInterval(tick, 1000);
</script>""", height=size + 16)  # our own fixed script; only numbers are put into it
