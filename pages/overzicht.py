"""Overzicht (for managers): every team × indicator at a glance, with filters and downloads."""

import streamlit as st

from wijkdata.charts import MAX_ROWS, heatmap_chart
from wijkdata.comparison import MIN_PEERS_FOR_VERDICT, WINDOWS, window_labels
from wijkdata.export import to_csv_bytes, to_xlsx_bytes
from wijkdata.peers import actief_flags
from wijkdata.overview import KINDS, MIN_GROUP, gemeente_options, overview_rows
from wijkdata.ui.analysis import available_indicators, hidden_names, names, overview, status, teams_with_figures
from wijkdata.ui.charts import show_chart
from wijkdata.ui.context import cached_axes, page_context
from wijkdata.ui.format import dutch_styler, plain
from wijkdata.ui.links import restore_from_url, write_to_url

LEVELS = {"team": "Per team", "gemeente": "Per gemeente"}

ctx = page_context()
catalog = ctx.catalog
st.title("Overzicht")
st.caption("Voor managers en beleidsmedewerkers: alle teams en indicatoren in één beeld. Elke cel vergelijkt een team "
           "(of gemeente) met alle andere getoonde samen; een rij telt nooit mee in zijn eigen vergelijking, en met "
           f"minder dan {MIN_PEERS_FOR_VERDICT} andere is er geen oordeel.")
codes = available_indicators(ctx)
if not codes:
    st.warning("Er zijn nog geen cijfers. Upload een bestand op de pagina Gegevens.")
    st.stop()

teams = teams_with_figures(ctx)
shown_names = names(ctx)
hidden = hidden_names(ctx)
gemeenten = gemeente_options(teams, hidden)
restore_from_url({
    "gemeente": ("ov_gem", lambda v: [g for g in v if g in gemeenten] or None),
    "soort": ("ov_soort", lambda v: v[0] if v[0] in KINDS else None),
    "niveau": ("ov_niveau", lambda v: v[0] if v[0] in LEVELS else None),
})
st.session_state.setdefault("ov_venster", "jaar")
f1, f2, f3 = st.columns([3, 2, 2])
chosen_gem = f1.multiselect("Gemeenten", gemeenten, key="ov_gem", placeholder="Alle gemeenten", select_all=False)
kind = f2.selectbox("Soort team", list(KINDS), key="ov_soort", format_func=KINDS.get)
window = f3.radio("Periode", list(WINDOWS), key="ov_venster",
                  format_func=window_labels(cached_axes(ctx.version, ctx.dataset_id)[1]).get)
chosen_ind = st.multiselect("Indicatoren", codes, key="ov_ind", format_func=lambda c: catalog[c].naam,
                            placeholder="Alle indicatoren", select_all=False)
if hidden and len(gemeenten) < teams["gemeente"].dropna().nunique():
    st.caption(f"Gemeenten met minder dan {MIN_GROUP} teams zijn niet apart te kiezen: zo wijst geen filter één team aan.")
indicators = chosen_ind or codes
st.session_state.setdefault("ov_niveau", "team")
level = st.radio("Niveau", list(LEVELS), key="ov_niveau", format_func=LEVELS.get, horizontal=True)
rows_plan = overview_rows(teams, actief_flags(status(ctx)), chosen_gem, kind, level, hidden, len(indicators), MAX_ROWS)
if not rows_plan.teams:
    st.info("Geen teams voor deze filters. Kies een andere gemeente of soort team.")
    st.stop()
for note in rows_plan.notes:
    st.info(plain(note), icon=":material/info:")
level = rows_plan.level
write_to_url({"gemeente": chosen_gem, "soort": kind, "niveau": level})

view = overview(ctx, window, rows_plan, indicators, shown_names)
chart = heatmap_chart(view.table, row_title=view.row_title, period=view.period, names=view.row_names,
                      indicator_order=view.indicator_names, row_order=view.row_order)
export = view.export()
show_chart(chart, export, name="overzicht", summary=view.summary, key="heatmap")

st.subheader("De tabel achter het overzicht")
st.dataframe(dutch_styler(view.wide()), hide_index=True, width="stretch", placeholder="–")
d1, d2 = st.columns(2)
d1.download_button("Overzicht downloaden (CSV)", lambda: to_csv_bytes(export), file_name="wijkdata_overzicht.csv",
                   mime="text/csv", on_click="ignore")
d2.download_button("Overzicht downloaden (Excel)", lambda: to_xlsx_bytes(export, "Overzicht"),
                   file_name="wijkdata_overzicht.xlsx", on_click="ignore")
