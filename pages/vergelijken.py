"""Vergelijken: where the team stands among its peers, and whether a difference is more than chance."""

import pandas as pd
import streamlit as st

from wijkdata.charts import bar_chart, funnel_chart, spine_chart
from wijkdata.comparison import (MIN_PEERS_FOR_VERDICT, WINDOWS, computable, summary_sentence)
from wijkdata.peers import PEER_GROUP_LABELS
from wijkdata.stats.compare import COMPARISON_TEXT
from wijkdata.stats.funnel import BINNEN, MIN_TEAMS_FOR_TAU, funnel
from wijkdata.ui.analysis import available_indicators, names, team_comparison, threshold, values
from wijkdata.ui.charts import show_chart
from wijkdata.ui.context import page_context
from wijkdata.ui.format import dutch_styler, plain
from wijkdata.ui.links import restore_from_url, write_to_url
from wijkdata.ui.peer_choice import chosen_peers, compare_group_select, show_note
from wijkdata.views.ranking import ranking_view

FUNNEL_KINDS = ("proportion", "rate", "mean", "duration")

ctx = page_context()
catalog = ctx.catalog
st.title("Vergelijken")
if not ctx.team:
    st.warning("Er zijn nog geen cijfers om te vergelijken. Upload een bestand op de pagina Gegevens.")
    st.stop()

codes = available_indicators(ctx)
restore_from_url({
    "venster": ("vg_venster", lambda v: v[0] if v[0] in WINDOWS else None),
    "indicator": ("vg_ind", lambda v: v[0] if v[0] in codes else None),
})
st.session_state.setdefault("vg_venster", "jaar")
c1, c2 = st.columns(2)
group = compare_group_select(c1)
window = c2.radio("Periode", list(WINDOWS), key="vg_venster", format_func=WINDOWS.get, horizontal=True,
                  help="Een jaar samen (vier kwartalen of twaalf maanden) geeft grotere aantallen, dus smallere "
                       "onzekerheidsmarges.")

choice = chosen_peers(ctx, group, codes)
show_note(choice)
peers = choice.peers
if not peers.teams:
    st.warning(f"Er zijn geen andere teams in deze groep ({PEER_GROUP_LABELS[group].lower()}). Kies een andere groep.")
    st.stop()

vals = values(ctx, window)
table = team_comparison(ctx, window, peers.teams, peers.matched_on)
shown_names = names(ctx)
team_label = shown_names.get(ctx.team, ctx.team)
period = table["periode"].iloc[0] if len(table) else ""
st.markdown(f"#### {plain(summary_sentence(table, peers.description))}")
st.caption(f"{plain(team_label)} vergeleken met {plain(peers.description)}, {period}. ‘Duidelijk’ betekent: uw "
           "cijfer ligt buiten wat een team van uw grootte in deze groep gewoonlijk laat zien (de 95%-grenzen van de "
           f"trechter; vanaf {MIN_TEAMS_FOR_TAU} teams tellen de gewone verschillen tussen teams mee). Kleine aantallen "
           "(1 tot en met "
           f"{threshold()}) "
           "worden niet getoond en niet vergeleken. Aantallen (zoals crisistrajecten) worden vergeleken per 1.000 jeugdigen "
           "in het gebied van het team; zonder dat aantal jeugdigen is er geen oordeel.")

# Only the open tab is drawn (its charts are most of the page's time); the indicator for the
# trechter and the rangorde is one choice, shown on whichever of the two is open.
tab_profile, tab_funnel, tab_bars = st.tabs(["Profiel", "Trechter", "Rangorde"], key="vg_tab", on_change="rerun")
if tab_profile.open:
    with tab_profile:
        chart = spine_chart(table, team_label=team_label, peer_description=peers.description, period=period)
        judged = table[table["vergelijking"].isin(["beter", "slechter"])]
        summary = (f"Profiel van {team_label}: " + "; ".join(f"{r.naam} {COMPARISON_TEXT[r.vergelijking]}"
                                                               for r in judged.itertuples())
                   if len(judged) else f"Profiel van {team_label}: op geen indicator duidelijk beter of slechter.")
        export = table[["naam", "eenheid", "periode", "waarde", "ondergrens", "bovengrens", "benchmark", "verwacht_van",
                        "verwacht_tot", "minimum",
                        "q1", "mediaan", "q3", "maximum", "n_teams", "vergelijking", "referentie",
                        "vergelijking_referentie"]]
        show_chart(chart, export, name="profiel", summary=summary, key="spine")
        shown = pd.DataFrame({
            "Indicator": table["naam"], "Eenheid": table["eenheid"], "Uw team": table["waarde"],
            "95%-interval van": table["ondergrens"], "tot": table["bovengrens"],
            "Vergelijkingswaarde": table["benchmark"], "Gewoon bereik van": table["verwacht_van"],
            "Gewoon bereik tot": table["verwacht_tot"], "Oordeel": table["vergelijking"],
            "Referentie": table["referentie"], "Oordeel t.o.v. referentie": table["vergelijking_referentie"],
            "Teams met waarde": table["n_teams"],
        })
        st.dataframe(dutch_styler(shown, decimals={"Teams met waarde": 0}), hide_index=True, width="stretch", placeholder="–")
        sources = sorted({s for s in table["referentie_bron"] if s})
        if sources:
            st.caption("Referentie: " + "; ".join(sources) + ".")

funnel_codes = [c for c in codes if catalog[c].kind in FUNNEL_KINDS]
if tab_funnel.open:
    with tab_funnel:
        if not funnel_codes:
            st.info("Voor een trechter zijn indicatoren met teller en noemer (of aantal en spreiding) nodig.")
        else:
            if st.session_state.get("vg_ind") not in funnel_codes:
                st.session_state["vg_ind"] = "uitval" if "uitval" in funnel_codes else funnel_codes[0]
            code = st.selectbox("Indicator", funnel_codes, key="vg_ind", format_func=lambda c: catalog[c].naam)
            ind = catalog[code]
            group_vals = vals[(vals["indicator"] == code) & vals["team"].isin([*peers.teams, ctx.team])]
            # the lines come from the peers: the own team then has the verdict the profile gives it
            calc = computable(vals)  # the lines count a peer's hidden small count too, as the profile does
            result = funnel(group_vals, ind.kind, scale=ind.scale,
                            reference=calc[(calc["indicator"] == code) & calc["team"].isin(peers.teams)])
            if result is not None and result.k_reference < MIN_PEERS_FOR_VERDICT:
                st.info(f"Voor {plain(ind.naam.lower())} hebben minder dan {MIN_PEERS_FOR_VERDICT} teams in de "
                        "vergelijkingsgroep een teller en noemer (of aantal en spreiding): te weinig voor een trechter. "
                        "Kies een grotere groep.")
            elif result is None:
                st.info(f"Voor {plain(ind.naam.lower())} zijn te weinig teams met teller en noemer (of aantal en "
                        "spreiding) om een trechter te tekenen; er zijn er minstens drie nodig.")
            else:
                title = ind.noemer.capitalize() if ind.noemer else "Aantal respondenten"
                chart = funnel_chart(result, ind, names=shown_names, own_team=ctx.team, period=period,
                                     denominator_title=title)
                own = result.points[result.points["team"] == ctx.team]
                outside = int((result.points["positie"] != BINNEN).sum())
                where = own["positie"].iloc[0] if len(own) else "niet in de trechter (geen of een verborgen waarde)"
                if code in peers.matched_on:
                    where = "niet beoordeeld: de vergelijkbare teams zijn op dit cijfer gekozen"
                summary = (f"Trechter voor {ind.naam.lower()}: uw team ligt {where}; {outside} van de "
                           f"{len(result.points)} teams liggen buiten de 95%-grenzen.")
                export = result.points.assign(team=result.points["team"].map(shown_names))
                show_chart(chart, export, name=f"trechter_{code}", summary=summary, key="funnel")
                st.caption("De lijnen komen van de vergelijkingsgroep. "
                           + ("Ze houden rekening met de gewone verschillen tussen teams (die zijn er altijd, ook om "
                              "redenen die geen toeval zijn); zo vallen alleen echte uitschieters erbuiten."
                              if result.tau2 > 0 else
                              f"Met {result.k_reference} teams zijn gewone verschillen tussen teams niet van toeval te "
                              f"onderscheiden (daarvoor zijn er minstens {MIN_TEAMS_FOR_TAU} nodig); de lijnen tellen "
                              "alleen het toeval."
                              if result.k_reference < MIN_TEAMS_FOR_TAU else
                              "De teams verschillen niet meer dan het toeval doet; de lijnen tellen alleen het toeval."))

if tab_bars.open:
    with tab_bars:
        if st.session_state.get("vg_ind") not in codes:
            st.session_state["vg_ind"] = codes[0]
        code = st.selectbox("Indicator", codes, key="vg_ind", format_func=lambda c: catalog[c].naam)
        row = table[table["indicator"] == code]
        ranking = ranking_view(vals, catalog, code, ctx.team, peers.teams,
                               row["benchmark"].iloc[0] if len(row) else float("nan"), peers.matched_on)
        chart = bar_chart(ranking.values, ranking.indicator, names=shown_names, own_team=ctx.team, period=period,
                          total_teams=len(peers.teams) + 1)
        show_chart(chart, ranking.export(shown_names), name=f"rangorde_{code}", summary=ranking.summary, key="bars")
write_to_url({"groep": group, "venster": window, "indicator": st.session_state.get("vg_ind")})
