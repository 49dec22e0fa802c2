"""Gesprek: the guided team conversation, step by step, with notes and agreements that last."""

import pandas as pd
import streamlit as st

from wijkdata.catalog import VS
from wijkdata.conversation import session as flow
from wijkdata.conversation.library import V_LABELS, steps
from wijkdata.conversation.report import agreements_table, dutch_date, to_ics, to_markdown, to_pdf
from wijkdata.conversation.triggers import MAX_FOCUS, propose_focus
from wijkdata.export import to_csv_bytes, to_xlsx_bytes
from wijkdata.formatting import format_value
from wijkdata.stats.compare import COMPARISON_TEXT
from wijkdata.store.conversations import ConversationError
from wijkdata.ui.analysis import available_indicators, names, team_comparison
from wijkdata.ui.context import page_context
from wijkdata.ui.conversation import (agreement_form, agreement_list, all_notes_text, author_id, autosave_notes,
                                      figures, follow_step, keyboard_navigation, note_area, peers_for_conversation,
                                      presentation_mode, prompt_list, review_agreements, session_report, show_figure,
                                      show_prompt, signals_for, step_prompts, timer)
from wijkdata.ui.errors import safely
from wijkdata.ui.format import dutch_styler, plain
from wijkdata.ui.links import restore_from_url, write_to_url

NEW = 0  # "a new session" in the session choice; session ids start at 1
VIEWS = {"gesprek": "Gesprek", "overzicht": "Alle gesprekken en afspraken"}

ctx = page_context()
catalog = ctx.catalog
conv = ctx.store.conversations
if not ctx.team:
    st.title("Samen in gesprek")
    st.warning("Er zijn nog geen cijfers. Upload een bestand op de pagina Gegevens.")
    st.stop()

me = author_id()
shown_names = names(ctx)
team_label = shown_names.get(ctx.team, ctx.team)
sessions = conv.sessions(ctx.team)
restore_from_url({"gesprek": ("gs_gesprek", lambda v: int(v[0]) if v[0].isdigit() and int(v[0]) in
                              set(sessions["id"]) else None)})
if st.session_state.get("gs_gesprek") not in [NEW, *sessions["id"]]:
    st.session_state["gs_gesprek"] = int(sessions["id"].iloc[0]) if len(sessions) else NEW
presenting = bool(st.session_state.get("gs_presentatie", False))
if presenting:
    presentation_mode()
    keyboard_navigation()
else:
    autosave_notes()
    st.title("Samen in gesprek")
    c1, c2, c3 = st.columns([3, 2, 2])
    st.session_state.setdefault("gs_weergave", "gesprek")
    c2.segmented_control("Weergave", list(VIEWS), format_func=VIEWS.get, key="gs_weergave")
    c3.toggle("Presentatiemodus", key="gs_presentatie",
              help="Voor het grote scherm: grote letters, geen zijbalk, één ding tegelijk. Bladeren met de pijltjes, "
                   "Page Down of een presentatieklikker.")


def session_label(gid: int) -> str:
    if gid == NEW:
        return "Nieuw gesprek beginnen"
    row = sessions[sessions["id"] == gid].iloc[0]
    state = "afgerond" if row["status"] == "afgerond" else flow.step_label(int(row["stap"])).lower()
    return f"{dutch_date(row['datum'])} · {state}"


def overview() -> None:
    st.markdown(f"### Gesprekken van {plain(team_label)}")
    if sessions.empty:
        st.info("Dit team heeft nog geen gesprekken gevoerd.")
    else:
        table = pd.DataFrame({"Datum": sessions["datum"].map(dutch_date),
                              "Stap": [steps()[int(s)].naam for s in sessions["stap"]],
                              "Status": sessions["status"], "Notities": sessions["notities"],
                              "Afspraken": sessions["afspraken"]})
        st.dataframe(dutch_styler(table, default_decimals=0), hide_index=True, width="stretch")
    made = conv.agreements(team=ctx.team)
    st.markdown("### Alle afspraken")
    if made.empty:
        st.caption("Nog geen afspraken.")
        return
    counts = made["stand"].value_counts()
    st.markdown(" · ".join(f"**{counts.get(k, 0)}** {label}" for k, label in
                           (("open", "open"), ("te laat", "over de datum"), ("gedaan", "gedaan"),
                            ("deels", "deels"), ("niet", "niet gedaan"))))
    table = agreements_table(made)
    st.dataframe(table, hide_index=True, width="stretch")
    d1, d2, d3 = st.columns(3)
    d1.download_button("Afspraken als CSV", lambda: to_csv_bytes(table), file_name="afspraken.csv", mime="text/csv",
                       on_click="ignore", icon=":material/table:", key="dl_afspraken_csv")
    d2.download_button("Afspraken als Excel", lambda: to_xlsx_bytes(table, "Afspraken"), file_name="afspraken.xlsx",
                       on_click="ignore", icon=":material/grid_on:", key="dl_afspraken_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    d3.download_button("Afspraken in de agenda (.ics)", lambda: to_ics(made, team_label), file_name="afspraken.ics",
                       mime="text/calendar", on_click="ignore", icon=":material/event:", key="dl_afspraken_ics")


def start_new(focus_key: str) -> None:
    try:
        st.session_state["gs_gesprek"] = flow.start_session(conv, ctx.team, st.session_state.get(focus_key, []),
                                                            ctx.periods)
    except ConversationError as exc:
        st.session_state["gs_start_error"] = exc.message


def item_position(gid: int, step: int) -> int:
    """Which part of the step this browser shows in presentation mode. Kept with the step it
    belongs to: when the step changes (here, or on the laptop that drives the session) the new
    step starts at its first part."""
    kept_step, item = st.session_state.get(f"gs_item_{gid}", (step, 0))
    return item if kept_step == step else 0


def move(gid: int, delta: int) -> None:
    session = conv.get(gid)
    step = int(session["stap"]) if session else 0
    items = st.session_state.get(f"gs_item_{gid}_count", 1)
    item = item_position(gid, step)
    if presenting and 0 <= item + delta < items:  # one chart or prompt at a time
        st.session_state[f"gs_item_{gid}"] = (step, item + delta)
        return
    try:
        flow.move(conv, gid, delta)
        st.session_state[f"gs_item_{gid}"] = (step + delta, 0)
    except ConversationError as exc:
        st.session_state["gs_move_error"] = exc.message


peers, peer_description = peers_for_conversation(ctx)
signals = signals_for(ctx, peers)
codes = available_indicators(ctx)

if not presenting and st.session_state.get("gs_weergave") == "overzicht":
    overview()
    st.stop()

if not presenting:
    c1.selectbox("Gesprek", [NEW, *sessions["id"]], key="gs_gesprek", format_func=session_label)
gid = int(st.session_state["gs_gesprek"])
write_to_url({"gesprek": gid or None})

if gid == NEW:
    if presenting:
        st.markdown("## Kies of begin eerst een gesprek.")
        st.stop()
    st.markdown(f"### Nieuw gesprek voor {plain(team_label)}")
    st.caption(steps()[0].instructie)
    proposed = propose_focus(signals, codes)
    st.session_state.setdefault("gs_new_focus", proposed)
    # the limit checked here, not with max_selections: Streamlit would say it in English
    new_focus = st.multiselect(f"Cijfers om over te praten (1 tot {MAX_FOCUS})", codes, key="gs_new_focus",
                               format_func=lambda c: catalog[c].naam)
    if len(new_focus) > MAX_FOCUS:
        st.warning(f"U koos {len(new_focus)} cijfers; een gesprek gaat over hoogstens {MAX_FOCUS}. Haal er "
                   f"{len(new_focus) - MAX_FOCUS} weg.")
    shown = [s for s in signals if s.kind != "profiel"][:6]
    if shown:
        st.markdown("**Wat de cijfers laten zien**  \n" + "  \n".join(f"– {plain(s.reden)}" for s in shown))
    st.button("Gesprek beginnen", type="primary", icon=":material/play_arrow:", key="knop_beginnen",
              on_click=safely(start_new), args=("gs_new_focus",))
    if "gs_start_error" in st.session_state:
        st.error(plain(st.session_state.pop("gs_start_error")))
    st.stop()

session = conv.get(gid)
if session is None or session["team"] != ctx.team:
    st.warning("Dit gesprek hoort bij een ander team. Kies dat team in de zijbalk, of kies hier een ander gesprek.")
    st.stop()
index = int(session["stap"])
current = steps()[index]
minutes = int((session["minuten"] or {}).get(current.code, current.minuten))

# --- header: where are we, how long, forward and back
if presenting:
    st.markdown(f"# {current.naam}")
    st.markdown(f"### {flow.step_label(index)} · {plain(team_label)}")
else:
    st.markdown(f"## {flow.step_label(index)}")
    st.progress((index + 1) / len(steps()))
    st.info(current.instructie, icon=":material/record_voice_over:")
h1, h2, h3 = st.columns([2, 2, 3])
h1.button("Vorige", key="knop_vorige", icon=":material/arrow_back:", on_click=safely(move), args=(gid, -1),
          disabled=index == 0 and item_position(gid, index) == 0)
h2.button("Volgende", key="knop_volgende", icon=":material/arrow_forward:", type="primary", on_click=safely(move),
          args=(gid, +1), disabled=index == len(steps()) - 1)
with h3:
    if st.session_state.get("gs_timer", True):
        timer(session, minutes, large=presenting)
if "gs_move_error" in st.session_state:
    st.error(plain(st.session_state.pop("gs_move_error")))
focus = [c for c in session["focus"] if c in catalog]
follow_step(conv, gid, index, presenting)

# --- the step itself. In presentation mode each part is an item, shown one at a time.
items = []
code = current.code
if code == "voorbereiden" and not presenting:
    def _save_focus():
        chosen = st.session_state[f"gs_focus_{gid}"]
        if 1 <= len(chosen) <= MAX_FOCUS:
            conv.update(gid, focus=chosen)
    st.session_state.setdefault(f"gs_focus_{gid}", focus)
    chosen_focus = st.multiselect(f"Cijfers om over te praten (1 tot {MAX_FOCUS})", codes, key=f"gs_focus_{gid}",
                                  format_func=lambda c: catalog[c].naam, on_change=safely(_save_focus))
    if not 1 <= len(chosen_focus) <= MAX_FOCUS:
        st.warning(f"Kies één tot {MAX_FOCUS} cijfers; tot dan blijft de vorige keuze bewaard.")
    st.session_state.setdefault(f"gs_aanwezig_{gid}", session["aanwezig"] or "")
    def _save_present():
        conv.update(gid, aanwezig=st.session_state[f"gs_aanwezig_{gid}"])

    def _save_minutes(code: str):
        conv.update(gid, minuten={**(conv.get(gid)["minuten"] or {}), code: st.session_state[f"gs_min_{gid}_{code}"]})

    st.text_input("Wie zijn er (optioneel)", key=f"gs_aanwezig_{gid}", on_change=safely(_save_present))
    with st.expander("Tijd per stap"):
        st.session_state.setdefault("gs_timer", True)
        st.toggle("Toon de klok", key="gs_timer")
        planned = dict(session["minuten"] or {})
        cols = st.columns(4)
        for i, s in enumerate(steps()):
            st.session_state.setdefault(f"gs_min_{gid}_{s.code}", int(planned.get(s.code, s.minuten)))
            cols[i % 4].number_input(s.naam, min_value=0, max_value=120, step=1, key=f"gs_min_{gid}_{s.code}",
                                     on_change=safely(_save_minutes), args=(s.code,))
    shown = [s for s in signals if s.kind != "profiel" and s.indicator in focus] or \
            [s for s in signals if s.kind != "profiel"][:4]
    if shown:
        st.markdown("**Wat de cijfers laten zien**  \n" + "  \n".join(f"– {plain(s.reden)}" for s in shown))
    earlier = conv.open_before(ctx.team, gid)
    if len(earlier):
        st.markdown("**Afspraken van de vorige keer** (komen terug in de terugblik)  \n" + "  \n".join(
            f"– {plain(r.wat)}" + (f" · {plain(r.wie)}" if r.wie else "") + (f" · uiterlijk {dutch_date(r.wanneer)}"
                                                                              if r.wanneer else "")
            for r in earlier.itertuples()))
    else:
        st.markdown("**Afspraken van de vorige keer:** geen open afspraken.")
elif code == "voorbereiden":
    items.append(lambda: st.markdown("## " + " · ".join(catalog[c].naam for c in focus)))
elif code == "terugblik":
    items.append(lambda: review_agreements(conv, session))
elif code in ("voorspellen", "herkennen", "waarderen", "verklaren", "verbeteren"):
    if code == "herkennen":
        for fig in figures(ctx, focus, team_label):
            items.append(lambda f=fig: show_figure(f, presenting, f"herkennen_{f.code}"))
    if code == "waarderen":
        table = team_comparison(ctx, "jaar", peers)
        for fig in figures(ctx, focus, team_label, peers, peer_description):
            row = table[table["indicator"] == fig.code]

            def judged(f=fig, row=row):
                show_figure(f, presenting, f"waarderen_{f.code}")
                if len(row):
                    r, unit = row.iloc[0], catalog[f.code].eenheid
                    text = (f"**{plain(f.naam)}** over het laatste jaar: {format_value(r['waarde'], unit)}"
                            + (f" (95%-interval {format_value(r['ondergrens'], unit)} tot "
                               f"{format_value(r['bovengrens'], unit)})" if pd.notna(r["ondergrens"]) else "")
                            + f"; {plain(peer_description)}: {format_value(r['benchmark'], unit)}, uw team is "
                              f"{COMPARISON_TEXT.get(r['vergelijking'], r['vergelijking'])}.")
                    if pd.notna(r["referentie"]):
                        text += (f" Referentiewaarde {format_value(r['referentie'], unit)} ({r['referentie_bron']}): "
                                 f"{COMPARISON_TEXT.get(r['vergelijking_referentie'], '')}.")
                    st.markdown(text)
            items.append(judged)
    if presenting:  # one question at a time on the big screen
        items += [lambda p=p: show_prompt(p, large=True) for p in step_prompts(conv, gid, code, signals, focus, catalog)]
    else:
        items.append(lambda: prompt_list(conv, gid, code, signals, focus, presenting, catalog))
    if not presenting:
        if code == "verklaren":
            def explain():
                cols = st.columns(3)
                for col, v in zip(cols, VS):
                    with col:
                        note_area(conv, gid, code, f"Verklaringen: {V_LABELS[v].lower()}", me, v=v, height=160)
            items.append(explain)
        elif code == "verbeteren":
            items.append(lambda: (agreement_form(conv, session), agreement_list(conv, session, editable=True)))
        else:
            label = {"voorspellen": "Wat verwachten we te zien?", "herkennen": "Wat zien we?",
                     "waarderen": "Wat vinden we ervan?"}[code]
            items.append(lambda: note_area(conv, gid, code, label, me))
    elif code == "verbeteren":
        items.append(lambda: agreement_list(conv, session, editable=False))
elif code == "afronden":
    def summary():
        st.markdown("### Voorspeld en gezien")
        c1, c2 = st.columns(2)
        c1.markdown("**Verwacht**  \n" + ("  \n".join(f"– {plain(t)}" for t in all_notes_text(conv, gid, "voorspellen"))
                                          or "(niets genoteerd)"))
        c2.markdown("**Gezien**  \n" + ("  \n".join(f"– {plain(t)}" for t in all_notes_text(conv, gid, "herkennen"))
                                        or "(niets genoteerd)"))
        st.markdown("### Verklaringen langs de drie V's")
        for col, v in zip(st.columns(3), VS):
            col.markdown(f"**{V_LABELS[v]}**  \n" + ("  \n".join(
                f"– {plain(t)}" for t in all_notes_text(conv, gid, "verklaren", v)) or "(niets genoteerd)"))
        st.markdown("### Afspraken")
        agreement_list(conv, session, editable=False)
    items.append(summary)
    if not presenting:
        def downloads():
            st.markdown("### Verslag en afspraken")
            made = conv.agreements(gesprek_id=gid)
            d1, d2, d3, d4 = st.columns(4)
            stamp = f"{session['datum']:%Y%m%d}"
            d1.download_button("Verslag (PDF)", lambda: to_pdf(session_report(ctx, conv, session, team_label, True)),
                               file_name=f"verslag_{stamp}.pdf", mime="application/pdf", on_click="ignore",
                               icon=":material/picture_as_pdf:", key="dl_verslag_pdf")
            d2.download_button("Verslag (Markdown)",
                               lambda: to_markdown(session_report(ctx, conv, session, team_label, True)),
                               file_name=f"verslag_{stamp}.md", mime="text/markdown", on_click="ignore",
                               icon=":material/description:", key="dl_verslag_md")
            d3.download_button("Afspraken (CSV)", lambda: to_csv_bytes(agreements_table(made)),
                               file_name=f"afspraken_{stamp}.csv", mime="text/csv", on_click="ignore",
                               icon=":material/table:", key="dl_gesprek_csv")
            d4.download_button("Afspraken in de agenda (.ics)", lambda: to_ics(made, team_label),
                               file_name=f"afspraken_{stamp}.ics", mime="text/calendar", on_click="ignore",
                               icon=":material/event:", key="dl_gesprek_ics")
            if session["status"] != "afgerond":
                if st.button("Gesprek afronden", type="primary", icon=":material/check:", key="knop_afronden"):
                    flow.finish(conv, gid)
                    st.rerun()
            else:
                st.success("Dit gesprek is afgerond. De afspraken komen terug in de terugblik van het volgende gesprek.")
        items.append(downloads)

if presenting:
    st.session_state[f"gs_item_{gid}_count"] = max(1, len(items))
    position = min(item_position(gid, index), len(items) - 1)
    if items:
        items[position]()
        if len(items) > 1:
            st.caption(f"Onderdeel {position + 1} van {len(items)}")
    if st.button("Presentatie verlaten", key="knop_presentatie_uit"):
        st.session_state["gs_presentatie"] = False
        st.rerun()
else:
    for render in items:
        render()
