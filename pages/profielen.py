"""Profielen: which teams look alike, what sets each profile apart, and the teams most like yours."""

import streamlit as st

from wijkdata.profiles import DEFAULT_PERIODS, profile_counts
from wijkdata.profiles.vocabulary import kenmerk_variable
from wijkdata.ui.analysis import available_indicators, names
from wijkdata.ui.context import page_context, require_team
from wijkdata.ui.format import plain
from wijkdata.ui.links import restore_from_url, write_to_url
from wijkdata.ui.profile_sections import profiles_section, show_notices, similar_teams_section, used_data_section
from wijkdata.ui.profiles import (default_profile_indicators, kenmerk_periods, kenmerken_available, profile_input,
                                  profiles)

PERIOD_COUNTS = {1: "Laatste periode", 4: "Laatste vier periodes", 8: "Laatste acht periodes"}
AUTO = "auto"

ctx = page_context()
catalog = ctx.catalog
st.title("Profielen")
st.caption("Teams die op elkaar lijken in hoe ze werken en wat ze bereiken, vormen samen een profiel. Een profiel is "
           "een hulpmiddel voor het gesprek, geen oordeel: het laat zien van welke teams u het meest kunt leren.")
require_team(ctx, "om profielen van te maken")

codes = available_indicators(ctx)
kenmerken = kenmerken_available(ctx)
shown_names = names(ctx)
restore_from_url({
    "basis": ("pf_ind", lambda v: [c for c in v if c in codes] or None),
    "kenmerk": ("pf_kenm", lambda v: [k for k in v if k in kenmerken] or None),
    "perioden": ("pf_venster", lambda v: int(v[0]) if v[0] in {str(w) for w in PERIOD_COUNTS} else None),
    "profielen": ("pf_aantal", lambda v: v[0] if v[0] == AUTO else int(v[0]) if v[0].isdigit() else None),
})
st.session_state.setdefault("pf_ind", default_profile_indicators(codes))
st.session_state.setdefault("pf_venster", DEFAULT_PERIODS)

with st.expander("Waarop zijn de profielen gebaseerd?", icon=":material/tune:"):
    c1, c2 = st.columns([3, 2])
    chosen = c1.multiselect("Indicatoren", codes, key="pf_ind", format_func=lambda c: catalog[c].naam,
                            placeholder="Kies minstens twee indicatoren",
                            help="Standaard: indicatoren over hoe een team werkt en wat het bereikt. Aantallen hangen "
                                 "vooral af van de grootte van de wijk en staan daarom niet in de standaardkeuze.",
                            select_all=False)
    chosen_kenm = c2.multiselect("Teamkenmerken (optioneel)", kenmerken, key="pf_kenm",
                                 format_func=lambda k: kenmerk_variable(k).naam,
                                 placeholder="Geen" if kenmerken else "Geen teamkenmerken geüpload",
                                 help="Kenmerken van de wijk of het team, zoals inwoners van 0 tot 18 jaar of "
                                      "stedelijkheid. Ze komen uit een upload met teamkenmerken.", select_all=False)
    if dated := kenmerk_periods(ctx, chosen_kenm):
        st.caption("Teamkenmerken die per periode zijn geüpload: de waarde van de nieuwste periode met een waarde ("
                   + plain("; ".join(f"{kenmerk_variable(k).naam}: {p}" for k, p in dated.items())) + ").")
    c3, c4 = st.columns(2)
    n_periods = c3.radio("Periodes", list(PERIOD_COUNTS), key="pf_venster", format_func=PERIOD_COUNTS.get, horizontal=True,
                      help="Een profiel gebruikt het gemiddelde over de laatste periodes van het gekozen tijdvak: "
                           "tellers en noemers opgeteld, aantallen als gemiddelde per periode.")
    data = profile_input(ctx, chosen, chosen_kenm, n_periods)
    options = [AUTO, *profile_counts(len(data.values))]
    if st.session_state.get("pf_aantal") not in options:
        st.session_state["pf_aantal"] = AUTO
    k_choice = c4.selectbox("Aantal profielen", options, key="pf_aantal",
                            format_func=lambda k: "Automatisch (best passend)" if k == AUTO else str(k),
                            help="Automatisch kiest het aantal waarbij teams het duidelijkst bij hun eigen profiel "
                                 "horen (de silhouetscore).")
write_to_url({"basis": chosen, "kenmerk": chosen_kenm, "perioden": n_periods, "profielen": k_choice})

show_notices(data.notices)
result = profiles(ctx, chosen, chosen_kenm, n_periods, None if k_choice == AUTO else int(k_choice))

# Only the open tab is drawn: "teams zoals jullie" is computed per team
tab_profiles, tab_similar, tab_data = st.tabs(["Profielen", "Teams zoals jullie", "Gebruikte gegevens"], key="pf_tab",
                                              on_change="rerun")
if tab_profiles.open:
    with tab_profiles:
        profiles_section(ctx, result, data, shown_names)
if tab_similar.open:
    with tab_similar:
        similar_teams_section(ctx, codes, kenmerken, shown_names)
if tab_data.open:
    with tab_data:
        used_data_section(result, data, shown_names)
