"""Start: what the app does and what to do first."""

import streamlit as st

from wijkdata.formatting import format_int, format_timestamp
from wijkdata.periods import period_range
from wijkdata.ui.analysis import totals
from wijkdata.ui.context import cached_datasets, cached_teams, page_context
from wijkdata.ui.format import plain

ctx = page_context()
st.title("Samen in gesprek over cijfers")
st.markdown(
    "Met wijkdata zet uw wijkteam de eigen cijfers op één plek en ziet u hoe ze zich ontwikkelen en zich verhouden "
    "tot die van vergelijkbare teams. Die cijfers zijn het begin van een teamgesprek over wat ze betekenen, langs "
    "verbinden, vertrouwen en verantwoordelijkheid, en dat gesprek eindigt in afspraken die u de volgende keer naloopt. "
    "**Begin op de pagina Gegevens**: upload daar een CSV- of Excel-bestand met uw cijfers, of kijk eerst rond in de "
    "voorbeelddata."
)
st.page_link("pages/gegevens.py", label="Naar Gegevens: cijfers uploaden", icon=":material/upload_file:")

n_teams, n_indicators, periods = totals(ctx)
history = cached_datasets(ctx.version)
live = history[~history["deleted"]]
cols = st.columns(4)
cols[0].metric("Teams", format_int(n_teams))
cols[1].metric("Indicatoren", format_int(n_indicators))
cols[2].metric("Periodes", period_range(periods[0], periods[-1]) if periods else "–")
cols[3].metric("Laatste upload", format_timestamp(live["uploaded_at"].iloc[0]) if len(live) else "–")

teams = cached_teams(ctx.version)
if len(live) and live["is_sample"].all():
    st.info("Dit zijn voorbeeldcijfers van veertig fictieve teams in twaalf fictieve gemeenten. "
            "Zodra u eigen cijfers uploadt, kunt u de voorbeelddata in de uploadgeschiedenis verwijderen.")
elif not n_teams:
    st.warning("Er zijn nog geen cijfers. Upload een bestand op de pagina Gegevens.")
if ctx.team:
    gemeente = teams.set_index("team")["gemeente"].get(ctx.team)
    st.caption(f"Ons team: **{plain(ctx.team)}**" + (f" (gemeente {plain(gemeente)})" if isinstance(gemeente, str) else "")
               + ". Kies een ander team in de zijbalk.")
