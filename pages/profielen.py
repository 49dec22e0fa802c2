"""Profielen: which teams look alike, what sets each profile apart, and the teams most like yours."""

import pandas as pd
import streamlit as st

from wijkdata.catalog import V_LABELS
from wijkdata.charts.profiles import profile_difference_chart, profile_labels, profile_map_chart
from wijkdata.comparison import window_label
from wijkdata.export import to_csv_bytes
from wijkdata.formatting import format_int, format_number
from wijkdata.periods import period_label
from wijkdata.profiles import COUNT_RANGE, DEFAULT_COUNT, DEFAULT_WINDOW, ERROR, INFO, Notice, profile_counts
from wijkdata.profiles.vocabulary import kenmerk_variable
from wijkdata.ui.analysis import available_indicators, names
from wijkdata.ui.charts import show_chart
from wijkdata.ui.context import go_to, page_context
from wijkdata.ui.format import dutch_styler, plain
from wijkdata.ui.links import restore_from_url, write_to_url
from wijkdata.ui.profiles import (NB_COUNT, NB_INDICATORS, NB_KENMERKEN, default_neighbour_choice,
                                  default_profile_indicators, kenmerk_periods, kenmerken_available, neighbour_choice,
                                  profile_input, profiles, similar_teams)

WINDOWS = {1: "Laatste periode", 4: "Laatste vier periodes", 8: "Laatste acht periodes"}
AUTO = "auto"


def show_notices(notices: list[Notice]) -> None:
    for notice in notices:
        # a notice can name a team attribute, i.e. a column header of an uploaded file
        {ERROR: st.error, INFO: st.info}.get(notice.level, st.warning)(plain(notice.text))


ctx = page_context()
catalog = ctx.catalog
st.title("Profielen")
st.caption("Teams die op elkaar lijken in hoe ze werken en wat ze bereiken, vormen samen een profiel. Een profiel is "
           "een hulpmiddel voor het gesprek, geen oordeel: het laat zien van welke teams u het meest kunt leren.")
if not ctx.team:
    st.warning("Er zijn nog geen cijfers om profielen van te maken. Upload een bestand op de pagina Gegevens.")
    st.stop()

codes = available_indicators(ctx)
kenmerken = kenmerken_available(ctx)
shown_names = names(ctx)
team_label = shown_names.get(ctx.team, ctx.team)
restore_from_url({
    "basis": ("pf_ind", lambda v: [c for c in v if c in codes] or None),
    "kenmerk": ("pf_kenm", lambda v: [k for k in v if k in kenmerken] or None),
    "perioden": ("pf_venster", lambda v: int(v[0]) if v[0] in {str(w) for w in WINDOWS} else None),
    "profielen": ("pf_aantal", lambda v: v[0] if v[0] == AUTO else int(v[0]) if v[0].isdigit() else None),
})
st.session_state.setdefault("pf_ind", default_profile_indicators(codes))
st.session_state.setdefault("pf_venster", DEFAULT_WINDOW)

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
    window = c3.radio("Periodes", list(WINDOWS), key="pf_venster", format_func=WINDOWS.get, horizontal=True,
                      help="Een profiel gebruikt het gemiddelde over de laatste periodes van het gekozen tijdvak: "
                           "tellers en noemers opgeteld, aantallen als gemiddelde per periode.")
    data = profile_input(ctx, chosen, chosen_kenm, window)
    options = [AUTO, *profile_counts(len(data.values))]
    if st.session_state.get("pf_aantal") not in options:
        st.session_state["pf_aantal"] = AUTO
    k_choice = c4.selectbox("Aantal profielen", options, key="pf_aantal",
                            format_func=lambda k: "Automatisch (best passend)" if k == AUTO else str(k),
                            help="Automatisch kiest het aantal waarbij teams het duidelijkst bij hun eigen profiel "
                                 "horen (de silhouetscore).")
write_to_url({"basis": chosen, "kenmerk": chosen_kenm, "perioden": window, "profielen": k_choice})

show_notices(data.notices)
result = profiles(ctx, chosen, chosen_kenm, window, None if k_choice == AUTO else int(k_choice))

# Only the open tab is drawn: "teams zoals jullie" is computed per team
tab_profiles, tab_similar, tab_data = st.tabs(["Profielen", "Teams zoals jullie", "Gebruikte gegevens"], key="pf_tab",
                                              on_change="rerun")
if tab_profiles.open:
    with tab_profiles:
        if result is None:
            st.info("Pas de keuze onder ‘Waarop zijn de profielen gebaseerd?’ aan om profielen te maken.")
        else:
            own = result.profile_of(ctx.team)
            labels = profile_labels([d.naam for d in result.descriptions])
            period_text = window_label(list(data.periods))
            if own is not None:
                st.markdown(f"#### {plain(team_label)} hoort bij profiel {own.number + 1}, ‘{plain(own.naam)}’, samen met "
                            f"{format_int(own.size - 1)} andere teams.")
            else:
                st.markdown(f"#### {plain(team_label)} staat niet in de profielen: er ontbreken te veel gegevens.")
            st.caption(f"{format_int(len(data.values))} teams in {result.clustering.k} profielen, op "
                       f"{len(data.variables)} gegevens over {period_text}. {result.stability.sentence}")
            subtitle = (f"Elk punt is een team; teams die dicht bij elkaar staan lijken op elkaar. Omcirkeld: "
                        f"{team_label}. Andere teams zonder naam, tenzij hun eigenaar dat toestaat.")
            chart = profile_map_chart(result.map.points, labels=result.clustering.labels,
                                      profile_names=[d.naam for d in result.descriptions], names=shown_names,
                                      own_team=ctx.team, x_title=result.map.x_title, y_title=result.map.y_title,
                                      subtitle=subtitle)
            sizes = "; ".join(f"{label} ({format_int(d.size)} teams)" for label, d in zip(labels, result.descriptions))
            summary = f"Kaart van {format_int(len(data.values))} teams in {result.clustering.k} profielen: {sizes}."
            export = pd.DataFrame({"team": result.map.points["team"].map(shown_names),
                                   "profiel": result.map.points["team"].map(result.clustering.labels)
                                   .map(lambda i: labels[i]),
                                   "as_1": result.map.points["x"], "as_2": result.map.points["y"]})
            show_chart(chart, export, name="profielen_kaart", summary=summary, key="pf_map")

            ordered = sorted(result.descriptions, key=lambda d: (own is None or d.number != own.number, d.number))
            columns = st.columns(2)
            for i, desc in enumerate(ordered):
                with columns[i % 2].container(border=True):
                    mine = own is not None and desc.number == own.number
                    # names and descriptions can carry team attributes, named by an uploaded file's headers
                    st.markdown(f"### {plain(labels[desc.number])}" + ("  \n:blue-badge[Uw profiel]" if mine else ""))
                    st.markdown(plain(desc.beschrijving))
                    st.altair_chart(profile_difference_chart(desc.differences, title="Waarin dit profiel afwijkt"),
                                    width="stretch", theme=None,
                                    alt=f"Waarin {labels[desc.number]} afwijkt van alle teams: " + "; ".join(
                                        f"{r.naam} {format_number(r.z, 1)} standaardafwijking"
                                        for r in desc.differences.head(5).itertuples()))
                    st.markdown("**Om over door te praten**")
                    for starter in desc.starters:
                        st.markdown(f"- **{V_LABELS[starter.v]}** · {plain(starter.tekst)}")
                        st.caption(plain(f"{starter.reden} Gespreksvraag: {starter.vraag}."))
                    with st.expander(f"De {format_int(desc.size)} teams in dit profiel"):
                        st.markdown(plain(", ".join(sorted(shown_names.get(t, t) for t in desc.teams))))

if tab_similar.open:
    with tab_similar:
        st.markdown("Eerlijk vergelijken doet u met teams in een vergelijkbare situatie. Kies waarop teams moeten "
                    "lijken; "
                    "de app zoekt de teams die daarop het dichtst bij uw team liggen (na standaardisering, zodat elk "
                    "gegeven even zwaar telt).")
        default_ind, default_kenm = default_neighbour_choice(ctx, codes)
        st.session_state.setdefault(NB_INDICATORS, default_ind)
        st.session_state.setdefault(NB_KENMERKEN, default_kenm)
        n1, n2, n3 = st.columns([3, 3, 2])
        n1.multiselect("Teamkenmerken", kenmerken, key=NB_KENMERKEN, format_func=lambda k: kenmerk_variable(k).naam,
                       placeholder="Geen" if kenmerken else "Geen teamkenmerken geüpload", select_all=False)
        n2.multiselect("Indicatoren", codes, key=NB_INDICATORS, format_func=lambda c: catalog[c].naam,
                       placeholder="Geen", select_all=False)
        st.session_state.setdefault(NB_COUNT, DEFAULT_COUNT)
        n3.slider("Aantal teams", *COUNT_RANGE, key=NB_COUNT)
        nb_ind, nb_kenm, count = neighbour_choice(ctx, codes)
        near, nb_data = similar_teams(ctx, nb_ind, nb_kenm, count)
        show_notices([n for n in nb_data.notices if n.level != INFO])
        if near.empty and nb_data.usable:
            st.info(f"{plain(team_label)} heeft te weinig gegevens op deze keuze om vergelijkbare teams te zoeken.")
        elif not near.empty:
            used = ", ".join(v.naam.lower() for v in nb_data.variables)
            st.markdown(f"#### De {len(near)} teams die het meest op {plain(team_label)} lijken")
            st.caption(f"Gezocht op: {plain(used)}. Verschil 0 betekent gelijk; 1 betekent gemiddeld één "
                       "standaardafwijking "
                       "uit elkaar.")
            table = pd.DataFrame({"Team": near["team"].map(shown_names), "Verschil": near["afstand"],
                                  "Lijkt vooral op": near["lijkt_op"], "Verschilt het meest in": near["verschilt_in"]})
            st.dataframe(dutch_styler(table, default_decimals=2), hide_index=True, width="stretch", placeholder="–")
            if st.button("Vergelijk uw team met deze teams", icon=":material/balance:", key="go_vergelijken"):
                st.session_state["vg_groep"] = "zoals"
                go_to("pages/vergelijken.py")

if tab_data.open:
    with tab_data:
        if not data.variables:
            st.info("Er zijn geen gegevens gekozen.")
        else:
            period_text = ", ".join(period_label(p) for p in data.periods)
            st.markdown(f"**Periodes:** {period_text}")
            used = pd.DataFrame({"Gegeven": [v.naam for v in data.variables],
                                 "Soort": ["indicator" if v.bron == "indicator" else "teamkenmerk"
                                           for v in data.variables],
                                 "Teams met een waarde": [int(data.values[v.code].notna().sum())
                                                          for v in data.variables]})
            st.dataframe(dutch_styler(used, default_decimals=0), hide_index=True, width="stretch", placeholder="–")
            imputed = data.imputed[data.imputed > 0]
            if len(imputed):
                st.markdown(f"**Aangevulde waarden.** Bij {format_int(len(imputed))} teams ontbrak een waarde; die is "
                            "aangevuld met de mediaan van alle teams, zodat het team toch een plaats krijgt.")
                filled = pd.DataFrame({"Team": [shown_names.get(t, t) for t in imputed.index],
                                       "Aangevulde waarden": imputed.to_numpy(),
                                       "Van de": len(data.variables)}).sort_values(["Aangevulde waarden", "Team"],
                                                                                    ascending=[False, True])
                st.dataframe(dutch_styler(filled, default_decimals=0), hide_index=True, width="stretch", placeholder="–")
            else:
                st.markdown("**Aangevulde waarden:** geen; alle teams hebben op alle gekozen gegevens een waarde.")
            if data.left_out_teams:
                st.caption(f"{format_int(len(data.left_out_teams))} team(s) missen meer dan de helft van de "
                           "gegevens en "
                           "staan niet in de profielen.")
            if result is not None:
                members = pd.DataFrame({"team": result.clustering.labels.index.map(shown_names),
                                        "profiel": [profile_labels([d.naam for d in result.descriptions])[i]
                                                    for i in result.clustering.labels],
                                        "aangevulde_waarden": data.imputed.reindex(
                                            result.clustering.labels.index).to_numpy()})
                st.download_button("Profielindeling als CSV", lambda: to_csv_bytes(members), file_name="profielen.csv",
                                   mime="text/csv", on_click="ignore", icon=":material/table:", key="dl_profielen")
