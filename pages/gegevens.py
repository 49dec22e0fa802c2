"""Gegevens: upload, mapping, validation report, import; upload history; downloads; catalogue."""

import pandas as pd
import streamlit as st

from wijkdata.config import load_settings
from wijkdata.export import to_csv_bytes, to_xlsx_bytes
from wijkdata.formatting import format_int
from wijkdata.privacy import shareable_observations
from wijkdata.sample import generate, template_csv, wide_xlsx
from wijkdata.service import set_upload_deleted, set_upload_names_visible
from wijkdata.store import StoreError
from wijkdata.ui import messages
from wijkdata.ui.analysis import names
from wijkdata.ui.context import cached_datasets, get_store, page_context
from wijkdata.ui.format import dutch_styler, plain
from wijkdata.ui.indicators import indicators_tab
from wijkdata.ui.upload import history_table, upload_flow

ctx = page_context()


@st.cache_data(show_spinner=False)
def sample_workbook() -> bytes:
    return wide_xlsx(generate())


catalog = ctx.catalog
st.title("Gegevens")
# Only the open tab is drawn: a change in the mapping step of a 400-column file reruns the page, and
# the browser then redraws the upload tab alone
tab_upload, tab_history, tab_downloads, tab_catalog = st.tabs(
    ["Uploaden", "Uploadgeschiedenis", "Downloads", "Indicatoren"], key="gg_tab", on_change="rerun")

if tab_upload.open:
    with tab_upload:
        upload_flow(ctx)

if tab_history.open:
    with tab_history:
        history = cached_datasets(ctx.version)
        if not ctx.access.manages_uploads:
            st.info("Het beheer van uploads (verwijderen, terugzetten, originele bestanden en teamnamen tonen) is "
                    "voor managers. Uw eigen upload en het verslag ervan ziet u op het tabblad Uploaden.",
                    icon=":material/lock:")
        elif history.empty:
            st.caption("Nog geen uploads.")
        else:
            st.dataframe(dutch_styler(history_table(history), default_decimals=0), hide_index=True, width="stretch",
                         placeholder="–")
            labels = {r.id: f"Upload {r.id}: {r.filename}" + (" (verwijderd)" if r.deleted else "") for r in history.itertuples()}
            chosen = st.selectbox("Kies een upload", list(labels), format_func=labels.get, key="history_choice")
            row = history.set_index("id").loc[chosen]
            c1, c2 = st.columns(2)
            if row["deleted"]:
                if c1.button("Terugzetten", key="restore"):
                    try:
                        set_upload_deleted(get_store(), ctx.access, int(chosen), False)
                    except StoreError as exc:
                        st.error(plain(exc.message))
                    else:
                        messages.tell("geschiedenis", f"Upload {chosen} is teruggezet; de waarden tellen weer mee.")
                        st.rerun()
            elif c1.button("Verwijderen", key="delete", help="De upload blijft bewaard en kan worden teruggezet."):
                try:
                    set_upload_deleted(get_store(), ctx.access, int(chosen), True)
                except StoreError as exc:
                    st.error(plain(exc.message))
                else:
                    messages.tell("geschiedenis", f"Upload {chosen} is verwijderd. Waar een oudere upload dezelfde "
                                                  "cijfers had, tellen die weer. Terugzetten kan hierboven.")
                    st.rerun()
            if row["kind"] == "trajecten":
                c2.caption("Van een lijst van trajecten is het originele bestand niet bewaard: het gaat over personen. "
                           "Alleen de berekende cijfers en de koppeling zijn er.")
            else:
                filename, content = get_store().dataset_file(int(chosen))
                c2.download_button("Origineel bestand downloaden", content, file_name=filename, key="dl_original")
            visible = st.toggle(
                "Andere teams mogen de echte teamnamen uit deze upload zien", value=bool(row["names_visible"]),
                key=f"names_visible_{chosen}",
                help="Standaard ziet een team alleen zijn eigen naam; andere teams heten Team A, Team B, enzovoort. "
                     "Zet dit alleen aan als de eigenaar van de gegevens dat goedvindt.")
            if visible != bool(row["names_visible"]):
                try:
                    set_upload_names_visible(get_store(), ctx.access, int(chosen), visible)
                except StoreError as exc:
                    st.error(plain(exc.message))
                else:
                    messages.tell("geschiedenis", f"Upload {chosen}: teamnamen zijn nu " + (
                        "zichtbaar voor andere teams." if visible else "verborgen (Team A, B, …)."))
                    st.rerun()
        messages.show("geschiedenis")

if tab_downloads.open:
    with tab_downloads:
        st.markdown("**Sjablonen en voorbeelden**")
        c1, c2, c3 = st.columns(3)
        c1.download_button("Sjabloon (CSV, lange vorm)", template_csv(), file_name="sjabloon_lang.csv", mime="text/csv")
        c2.download_button("Voorbeeld brede vorm (Excel)", sample_workbook(), file_name="wijkdata_voorbeeld_breed.xlsx")
        c3.download_button("Indicatorcatalogus (CSV)", to_csv_bytes(pd.DataFrame(
            [{"code": i.code, "naam": i.naam, "eenheid": i.eenheid, "uitleg": i.uitleg} for i in catalog])),
            file_name="indicatoren.csv", mime="text/csv")
        st.markdown("**De gegevens die nu meetellen**")
        threshold = load_settings().small_count_threshold
        obs, team_names = ctx.observations(), names(ctx)  # as on every page: other teams pseudonymised
        st.caption(f"{format_int(len(obs))} waarden. Aantallen van 1 tot en met {threshold} zijn weggelaten "
                   "(kolom ‘onderdrukt’) zodat geen gezin herkenbaar is. Andere teams staan erin zoals op de pagina's: "
                   "bij naam als hun eigenaar dat toestaat, anders als Team A, Team B, enzovoort.")

        def shareable() -> pd.DataFrame:
            return shareable_observations(obs, catalog, threshold, team_names)

        # built on the click, not on every rerun: the whole store as a file takes seconds at national scale
        d1, d2 = st.columns(2)
        d1.download_button("Gegevens downloaden (CSV)", lambda: to_csv_bytes(shareable()), file_name="wijkdata_gegevens.csv",
                           mime="text/csv")
        d2.download_button("Gegevens downloaden (Excel)", lambda: to_xlsx_bytes(shareable()), file_name="wijkdata_gegevens.xlsx")

if tab_catalog.open:
    with tab_catalog:
        indicators_tab(ctx)
