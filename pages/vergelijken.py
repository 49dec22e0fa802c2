"""Vergelijken: where the team stands among its peers, and whether a difference is more than chance."""

import streamlit as st

from wijkdata.charts import bar_chart, funnel_chart, spine_chart
from wijkdata.comparison import WINDOWS, summary_sentence, window_labels
from wijkdata.peers import PEER_GROUP_LABELS
from wijkdata.stats.funnel import MIN_TEAMS_FOR_TAU
from wijkdata.ui.analysis import available_indicators, names, team_comparison, threshold, values
from wijkdata.ui.charts import show_chart
from wijkdata.ui.context import cached_axes, team_page
from wijkdata.ui.format import dutch_styler, plain
from wijkdata.ui.links import restore_from_url, write_to_url
from wijkdata.ui.peer_choice import COMPARE_GROUP, chosen_peers, group_select, show_note
from wijkdata.views.funnel import KINDS as FUNNEL_KINDS
from wijkdata.views.funnel import funnel_view
from wijkdata.views.profile import profile_view
from wijkdata.views.ranking import ranking_view

ctx = team_page("Vergelijken", "om te vergelijken")
catalog = ctx.catalog
codes = available_indicators(ctx)
restore_from_url({
    "venster": ("vg_venster", lambda v: v[0] if v[0] in WINDOWS else None),
    "indicator": ("vg_ind", lambda v: v[0] if v[0] in codes else None),
})
st.session_state.setdefault("vg_venster", "jaar")
c1, c2 = st.columns(2)
group = group_select(c1, COMPARE_GROUP)
window = c2.radio("Periode", list(WINDOWS), key="vg_venster", horizontal=True,
                  format_func=window_labels(cached_axes(ctx.version, ctx.dataset_id)[1]).get,
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
        profile = profile_view(table, team_label)
        chart = spine_chart(table, team_label=team_label, peer_description=peers.description, period=period)
        show_chart(chart, profile.export(), name="profiel", summary=profile.summary, key="spine")
        st.dataframe(dutch_styler(profile.shown(), decimals={"Teams met waarde": 0}), hide_index=True, width="stretch",
                     placeholder="–")
        if profile.sources:
            st.caption("Referentie: " + "; ".join(profile.sources) + ".")

funnel_codes = [c for c in codes if catalog[c].kind in FUNNEL_KINDS]
if tab_funnel.open:
    with tab_funnel:
        if not funnel_codes:
            st.info("Voor een trechter zijn indicatoren met teller en noemer (of aantal en spreiding) nodig.")
        else:
            if st.session_state.get("vg_ind") not in funnel_codes:
                st.session_state["vg_ind"] = "uitval" if "uitval" in funnel_codes else funnel_codes[0]
            code = st.selectbox("Indicator", funnel_codes, key="vg_ind", format_func=lambda c: catalog[c].naam)
            fv = funnel_view(vals, catalog[code], ctx.team, peers.teams, peers.matched_on)
            if fv.result is None:
                st.info(plain(fv.reason))
            else:
                title = fv.indicator.noemer.capitalize() if fv.indicator.noemer else "Aantal respondenten"
                chart = funnel_chart(fv.result, fv.indicator, names=shown_names, own_team=ctx.team, period=period,
                                     denominator_title=title)
                show_chart(chart, fv.export(shown_names), name=f"trechter_{code}", summary=fv.summary, key="funnel")
                st.caption(fv.lines_note)

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
