"""Trends: how the team's figures move over time, against its peers, with SPC signals."""

import pandas as pd
import streamlit as st

from wijkdata.charts import trend_chart
from wijkdata.periods import period_label, year_words
from wijkdata.trends import relative_change, rolling_year_within_parts
from wijkdata.ui.analysis import available_indicators, indicator_obs, names, team_changes, threshold
from wijkdata.ui.charts import show_chart
from wijkdata.ui.context import cached_populations, team_page
from wijkdata.ui.rebaselines import rebaseline_box
from wijkdata.ui.series_breaks import series_break_box
from wijkdata.ui.format import dutch_styler, plain
from wijkdata.ui.links import restore_from_url, write_to_url
from wijkdata.ui.peer_choice import TRENDS_GROUP, chosen_peers, group_select, show_note
from wijkdata.views.trend import trend_view

VIEWS = {"absoluut": "Waarden", "relatief": "Verandering sinds de eerste periode"}
SCALES = {"periode": "Per periode", "jaar": "Voortschrijdend jaar"}
DEFAULT_INDICATORS = ["tevredenheid", "uitval", "wachttijd"]

ctx = team_page("Trends", "om trends van te tonen")
catalog = ctx.catalog
codes = available_indicators(ctx)
restore_from_url({"indicator": ("tr_ind", lambda v: [c for c in v if c in codes][:4] or None)})
if "tr_ind" not in st.session_state:
    st.session_state["tr_ind"] = [c for c in DEFAULT_INDICATORS if c in codes][:2] or codes[:1]
c1, c2 = st.columns([3, 2])
chosen = c1.multiselect("Indicatoren (hoogstens vier)", codes, key="tr_ind",
                        format_func=lambda c: catalog[c].naam, placeholder="Kies een indicator", select_all=False)
if len(chosen) > 4:  # checked here, not with max_selections: Streamlit would say it in English
    st.warning(f"U koos {len(chosen)} indicatoren; de eerste vier staan hieronder. Haal er een weg om een andere te "
               "zien.")
    chosen = chosen[:4]
group = group_select(c2, TRENDS_GROUP)
c3, c4 = st.columns(2)
view = c3.radio("Weergave", list(VIEWS), key="tr_view", format_func=VIEWS.get, horizontal=True)
scale = c4.radio("Tijdvak", list(SCALES), key="tr_window", format_func=SCALES.get, horizontal=True,
                  help="Een voortschrijdend jaar telt steeds de periodes van een jaar bij elkaar op (vier kwartalen of "
                       "twaalf maanden). Kleine aantallen per kwartaal worden dan vaak groot genoeg om te tonen, en "
                       "toevallige schommelingen vallen weg.")
write_to_url({"indicator": chosen, "groep": group})

choice = chosen_peers(ctx, group, codes)
show_note(choice)
peers = choice.peers
small = threshold()
shown_names = names(ctx)
team_label = shown_names.get(ctx.team, ctx.team)
if not chosen:
    st.info("Kies hierboven een of meer indicatoren.")
    st.stop()

# Only the open tab is drawn: the table computes every indicator (a quarter of a busy server's time)
tab_charts, tab_table = st.tabs(["Grafieken", "Tabel"], key="tr_tab", on_change="rerun")
if tab_charts.open:
    with tab_charts:
        for code in chosen:
            ind = catalog[code]
            obs = indicator_obs(ctx, code)
            breaks = ctx.breaks()
            starts = tuple(breaks["periode"])
            with_spc = scale == "periode" and view == "absoluut"
            stored = ctx.store.baselines(ctx.team, code) if with_spc else None
            shown = rolling_year_within_parts(obs, catalog, ctx.team, starts) if scale == "jaar" else obs
            tv = trend_view(obs, catalog, ctx.team, code, team_label=team_label, threshold=small, breaks=breaks,
                            population=cached_populations(ctx.version).get(ctx.team), peers=peers.teams,
                            rebaselines=list(zip(stored["periode"], stored["reden"])) if with_spc else None, shown=shown)
            series, band, trend = tv.series, tv.band, tv.trend
            st.subheader(f"{trend['pijl']} {plain(ind.naam)}: {trend['zin']}".strip())
            if len(breaks):
                last = breaks.iloc[-1]
                st.caption(f"Nieuwe reeks vanaf {period_label(last['periode'])}: {plain(last['reden'])} Trend, SPC en "
                           "‘van … naar …’ gaan alleen over de periodes sinds de breuk; de lijn loopt er niet overheen.")
            for note in tv.notes(small, after_break=bool(len(breaks)), per_period=scale == "periode"):
                st.caption(note)
            spc_caption, spc_lines = tv.spc_lines()
            if spc_caption:
                st.caption(spc_caption)
            for line in spc_lines:
                st.markdown(f"- {line}")
            plot_series, plot_band = series, band
            if view == "relatief":
                plot_series = series.assign(waarde=relative_change(series))
                plot_band = band.assign(mediaan=relative_change(band, "mediaan"))
            year_note = f"Elk punt telt {year_words(obs['periode'])} samen."
            reference = ind.referenties[0] if ind.referenties else None
            chart = trend_chart(plot_series, plot_band, ind, team_label=team_label, spc=tv.spc, reference=reference,
                                relative=view == "relatief", peer_description=peers.description,
                                window_note=year_note if scale == "jaar" else "",
                                breaks=breaks)
            show_chart(chart, tv.export(), name=f"trend_{code}", summary=tv.summary, key=f"trend_{code}")

            if scale == "periode" and view == "absoluut" and len(series):
                rebaseline_box(ctx, code, series["periode"].tolist(), stored)

        series_break_box(ctx, sorted(indicator_obs(ctx, chosen[0])["periode"].unique()))

if tab_table.open:
    with tab_table:
        table = team_changes(ctx)
        shown = pd.DataFrame({
            "Indicator": table["naam"], "Eenheid": table["eenheid"], "Van": table["van"], "Tot": table["tot"],
            "Begin": table["begin"], "Eind": table["eind"], "Verschil": table["verschil"],
            "Verschil (%)": table["verschil_pct"], "Trend": table["trend"],
            "Variatie (SPC)": table["variatie"], "Referentie (SPC)": table["referentie"],
        })
        st.caption(f"Alle indicatoren van {plain(team_label)}: eerste en laatste periode met een waarde die getoond "
                   "mag worden. ‘Variatie’ zegt of het laatste punt binnen de gewone schommeling van het team valt "
                   "(SPC, zoals Making Data Count); ‘Referentie’ of de referentiewaarde steeds, soms of nooit gehaald "
                   "wordt bij de huidige schommeling.")
        st.dataframe(dutch_styler(shown), hide_index=True, width="stretch", placeholder="–")
