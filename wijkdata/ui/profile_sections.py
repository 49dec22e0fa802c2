"""The three tabs of the Profielen page: the profiles, "teams zoals jullie", and the data used."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijkdata.catalog import V_LABELS
from wijkdata.charts.profiles import profile_difference_chart, profile_labels, profile_map_chart
from wijkdata.comparison import window_label
from wijkdata.export import to_csv_bytes
from wijkdata.formatting import format_int, format_number
from wijkdata.periods import period_label
from wijkdata.profiles import COUNT_RANGE, DEFAULT_COUNT, ERROR, INFO, Notice, ProfileInput, Profiles
from wijkdata.profiles.vocabulary import kenmerk_variable
from wijkdata.ui.charts import show_chart
from wijkdata.ui.context import Context
from wijkdata.ui.format import dutch_styler, plain
from wijkdata.ui.peer_choice import compare_with_similar_teams
from wijkdata.ui.profiles import (NB_COUNT, NB_INDICATORS, NB_KENMERKEN, default_neighbour_choice, neighbour_choice,
                                  similar_teams)


def show_notices(notices: list[Notice]) -> None:
    for notice in notices:
        # a notice can name a team attribute, i.e. a column header of an uploaded file
        {ERROR: st.error, INFO: st.info}.get(notice.level, st.warning)(plain(notice.text))


def profiles_section(ctx: Context, result: Profiles | None, data: ProfileInput, shown_names: dict[str, str]) -> None:
    """Which profile the team is in, the map of all teams, and per profile what sets it apart."""
    if result is None:
        st.info("Pas de keuze onder ‘Waarop zijn de profielen gebaseerd?’ aan om profielen te maken.")
        return
    team_label = shown_names.get(ctx.team, ctx.team)
    own = result.profile_of(ctx.team)
    labels = profile_labels([d.naam for d in result.descriptions])
    if own is not None:
        st.markdown(f"#### {plain(team_label)} hoort bij profiel {own.number + 1}, ‘{plain(own.naam)}’, samen met "
                    f"{format_int(own.size - 1)} andere teams.")
    else:
        st.markdown(f"#### {plain(team_label)} staat niet in de profielen: er ontbreken te veel gegevens.")
    st.caption(f"{format_int(len(data.values))} teams in {result.clustering.k} profielen, op "
               f"{len(data.variables)} gegevens over {window_label(list(data.periods))}. {result.stability.sentence}")
    _profile_map(ctx, result, data, labels, shown_names, team_label)
    ordered = sorted(result.descriptions, key=lambda d: (own is None or d.number != own.number, d.number))
    columns = st.columns(2)
    for i, desc in enumerate(ordered):
        with columns[i % 2].container(border=True):
            _profile_card(desc, labels[desc.number], own is not None and desc.number == own.number, shown_names)


def _profile_map(ctx: Context, result: Profiles, data: ProfileInput, labels: list[str], shown_names: dict[str, str],
                 team_label: str) -> None:
    subtitle = (f"Elk punt is een team; teams die dicht bij elkaar staan lijken op elkaar. Omcirkeld: "
                f"{team_label}. Andere teams zonder naam, tenzij hun eigenaar dat toestaat.")
    chart = profile_map_chart(result.map.points, labels=result.clustering.labels,
                              profile_names=[d.naam for d in result.descriptions], names=shown_names,
                              own_team=ctx.team, x_title=result.map.x_title, y_title=result.map.y_title,
                              subtitle=subtitle)
    sizes = "; ".join(f"{label} ({format_int(d.size)} teams)" for label, d in zip(labels, result.descriptions))
    summary = f"Kaart van {format_int(len(data.values))} teams in {result.clustering.k} profielen: {sizes}."
    points = result.map.points
    export = pd.DataFrame({"team": points["team"].map(shown_names),
                           "profiel": points["team"].map(result.clustering.labels).map(lambda i: labels[i]),
                           "as_1": points["x"], "as_2": points["y"]})
    show_chart(chart, export, name="profielen_kaart", summary=summary, key="pf_map")


def _profile_card(desc, label: str, mine: bool, shown_names: dict[str, str]) -> None:
    # names and descriptions can carry team attributes, named by an uploaded file's headers
    st.markdown(f"### {plain(label)}" + ("  \n:blue-badge[Uw profiel]" if mine else ""))
    st.markdown(plain(desc.beschrijving))
    st.altair_chart(profile_difference_chart(desc.differences, title="Waarin dit profiel afwijkt"),
                    width="stretch", theme=None,
                    alt=f"Waarin {label} afwijkt van alle teams: " + "; ".join(
                        f"{r.naam} {format_number(r.z, 1)} standaardafwijking"
                        for r in desc.differences.head(5).itertuples()))
    st.markdown("**Om over door te praten**")
    for starter in desc.starters:
        st.markdown(f"- **{V_LABELS[starter.v]}** · {plain(starter.tekst)}")
        st.caption(plain(f"{starter.reden} Gespreksvraag: {starter.vraag}."))
    with st.expander(f"De {format_int(desc.size)} teams in dit profiel"):
        st.markdown(plain(", ".join(sorted(shown_names.get(t, t) for t in desc.teams))))


def similar_teams_section(ctx: Context, codes: list[str], kenmerken: list[str], shown_names: dict[str, str]) -> None:
    """The teams nearest to the own team on a chosen basis, and the way to compare with them."""
    catalog = ctx.catalog
    team_label = shown_names.get(ctx.team, ctx.team)
    st.markdown("Eerlijk vergelijken doet u met teams in een vergelijkbare situatie. Kies waarop teams moeten lijken; "
                "de app zoekt de teams die daarop het dichtst bij uw team liggen (na standaardisering, zodat elk "
                "gegeven even zwaar telt).")
    default_ind, default_kenm = default_neighbour_choice(ctx, codes)
    st.session_state.setdefault(NB_INDICATORS, default_ind)
    st.session_state.setdefault(NB_KENMERKEN, default_kenm)
    st.session_state.setdefault(NB_COUNT, DEFAULT_COUNT)
    n1, n2, n3 = st.columns([3, 3, 2])
    n1.multiselect("Teamkenmerken", kenmerken, key=NB_KENMERKEN, format_func=lambda k: kenmerk_variable(k).naam,
                   placeholder="Geen" if kenmerken else "Geen teamkenmerken geüpload", select_all=False)
    n2.multiselect("Indicatoren", codes, key=NB_INDICATORS, format_func=lambda c: catalog[c].naam,
                   placeholder="Geen", select_all=False)
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
                   "standaardafwijking uit elkaar.")
        table = pd.DataFrame({"Team": near["team"].map(shown_names), "Verschil": near["afstand"],
                              "Lijkt vooral op": near["lijkt_op"], "Verschilt het meest in": near["verschilt_in"]})
        st.dataframe(dutch_styler(table, default_decimals=2), hide_index=True, width="stretch", placeholder="–")
        compare_with_similar_teams()


def used_data_section(result: Profiles | None, data: ProfileInput, shown_names: dict[str, str]) -> None:
    """Which periods and data the profiles are made on, which values were filled in, and the download."""
    if not data.variables:
        st.info("Er zijn geen gegevens gekozen.")
        return
    st.markdown(f"**Periodes:** {', '.join(period_label(p) for p in data.periods)}")
    used = pd.DataFrame({"Gegeven": [v.naam for v in data.variables],
                         "Soort": ["indicator" if v.bron == "indicator" else "teamkenmerk" for v in data.variables],
                         "Teams met een waarde": [int(data.values[v.code].notna().sum()) for v in data.variables]})
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
        st.caption(f"{format_int(len(data.left_out_teams))} team(s) missen meer dan de helft van de gegevens en "
                   "staan niet in de profielen.")
    if result is not None:
        labels = profile_labels([d.naam for d in result.descriptions])
        members = pd.DataFrame({"team": result.clustering.labels.index.map(shown_names),
                                "profiel": [labels[i] for i in result.clustering.labels],
                                "aangevulde_waarden": data.imputed.reindex(result.clustering.labels.index).to_numpy()})
        st.download_button("Profielindeling als CSV", lambda: to_csv_bytes(members), file_name="profielen.csv",
                           mime="text/csv", on_click="ignore", icon=":material/table:", key="dl_profielen")
