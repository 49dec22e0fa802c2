"""The upload steps of the Gegevens page: read, map, check, import."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from wijkdata.access import Access
from wijkdata.config import load_settings
from wijkdata.export import to_csv_bytes
from wijkdata.formatting import format_int
from wijkdata.ingest import IngestError, read_table, rejected_rows_frame, sha256
from wijkdata.ingest.mapping import LAYOUT_LABELS, infer_layout, mapping_problems
from wijkdata.ingest.personal import refuse_personal_data
from wijkdata.ingest.plan import ImportOptions, describe_removed
from wijkdata.ingest.trajectory_check import summary_lines
from wijkdata.ingest.trajectory_plan import is_trajectory_list
from wijkdata.service import check_table, import_checked
from wijkdata.store import StoreError
from wijkdata.ui import messages
from wijkdata.ui.context import Context, get_store
from wijkdata.ui.format import plain
from wijkdata.ui.mapping_step import mapping_step

SEVERITY_LABELS = {"fout": "Fout", "waarschuwing": "Waarschuwing"}


def _max_bytes() -> int:
    return load_settings().max_upload_mb * 1_000_000


# Keyed by the file's sha256 (``digest``), not by its bytes: hashing a 100 MB upload on every rerun
# costs time; parameters with a leading underscore are not hashed by Streamlit. cache_resource, not
# cache_data: the table and the checked upload are read, never changed, and cache_data pickles them
# on every store and load (a 411-column file: half a second per change in the mapping step).
@st.cache_resource(show_spinner="Bestand lezen…", max_entries=4)
def cached_read(_data: bytes, digest: str, filename: str, sheet: str | None):
    return read_table(_data, filename, sheet=sheet, max_bytes=_max_bytes(), max_rows=load_settings().max_rows)


@st.cache_resource(show_spinner="Alle rijen controleren…", max_entries=4)
def cached_check(_raw, digest: str, filename: str, sheet: str | None, mapping_json: str, options_json: str,
                 new_indicators: tuple, version: str, role: str, team: str | None):
    # ``version``: a new import changes what counts as the previous period in the jump check;
    # ``role`` and ``team``: a team member's check refuses other teams and compares with the own team only
    return check_table(_raw, get_store(), access=Access(role, None, team), mapping=json.loads(mapping_json),
                       options=ImportOptions.from_json(json.loads(options_json)), new_indicators=new_indicators)


@st.cache_resource(show_spinner=False, max_entries=4)
def personal_data_refusal(_raw, digest: str, sheet: str | None) -> IngestError | None:
    try:
        refuse_personal_data(_raw.frame, trajectory_list=is_trajectory_list(list(_raw.frame.columns)))
    except IngestError as exc:
        return exc
    return None


def show_error(exc: IngestError) -> None:
    st.error(f"**{plain(exc.message)}** {plain(exc.hint)}")  # a message can quote the file's own headers


@dataclass
class Upload:
    """The file chosen, as read (with the sheet chosen for a workbook)."""
    name: str
    data: bytes
    full_digest: str
    raw: object  # wijkdata.ingest.RawTable

    @property
    def digest(self) -> str:  # short: the widget keys of this file's steps
        return self.full_digest[:12]


def upload_flow(ctx: Context) -> None:
    """Choose a file, then 1. map its columns, 2. check it, 3. import it; every step stops the
    flow with its reason when the next one cannot go on."""
    messages.show("upload")
    upload = _chosen_file()
    if upload is None:
        return
    plan = mapping_step(ctx, upload.raw, upload.digest, ctx.catalog)  # draws "1. Kolommen koppelen"
    catalog = ctx.catalog.with_own([i for i in plan.new_indicators if i.code not in ctx.catalog])
    layout = infer_layout(plan.mapping)
    if problems := mapping_problems(plan.mapping, catalog):
        for p in problems:
            st.warning(plain(p))  # names the file's own columns
        return
    st.caption(f"Herkend als {LAYOUT_LABELS[layout]}.")
    try:
        checked = cached_check(upload.raw, upload.full_digest, upload.name, upload.raw.sheet,
                               json.dumps(plan.mapping, sort_keys=True), json.dumps(plan.options.to_json(), sort_keys=True),
                               plan.new_indicators, ctx.version, ctx.access.role, ctx.access.team)
    except IngestError as exc:
        show_error(exc)
        return
    st.subheader("2. Controle")
    check_section(ctx, checked, layout, upload.digest)
    st.subheader("3. Importeren")
    import_section(ctx, checked, layout, upload)


def _chosen_file() -> Upload | None:
    """The file uploader and, for a workbook, the sheet; None (with the reason on screen) until
    there is a readable file without personal data."""
    uploaded = st.file_uploader("Kies een CSV- of Excel-bestand met cijfers of teamkenmerken",
                                type=["csv", "txt", "tsv", "xlsx", "xls", "xlsb", "ods"], key="upload",
                                help="CSV met puntkomma, komma, tab of | als scheidingsteken, of een Excel-werkmap (.xlsx).")
    if uploaded is None:
        st.caption("Nog geen bestand gekozen. Een sjabloon en voorbeeldbestanden vindt u onder Downloads.")
        return None
    data = uploaded.getvalue()
    full_digest = sha256(data)
    try:
        raw = cached_read(data, full_digest, uploaded.name, None)
        if len(raw.sheets) > 1:
            sheet = st.selectbox("Werkblad", raw.sheets, key=f"sheet_{full_digest[:12]}")
            if sheet != raw.sheet:
                raw = cached_read(data, full_digest, uploaded.name, sheet)
    except IngestError as exc:
        show_error(exc)
        return None
    if refused := personal_data_refusal(raw, full_digest, raw.sheet):
        show_error(refused)  # before the mapping step: its examples would show the values
        return None
    st.caption(plain(raw.describe()))  # names the sheet, as the file calls it
    return Upload(uploaded.name, data, full_digest, raw)


def check_section(ctx: Context, checked, layout: str, digest: str) -> None:
    """Step 2: the counts, what happens to every column, and the report with its downloads."""
    result = checked.result
    if result.n_foreign_rows:
        rows = "1 rij hoort" if result.n_foreign_rows == 1 else f"{format_int(result.n_foreign_rows)} rijen horen"
        st.error(f"{rows} niet bij uw eigen team ({plain(ctx.access.team)}). U mag alleen cijfers van uw eigen team "
                 "uploaden; die rijen worden niet geïmporteerd. Het rapport hieronder noemt de rijnummers.",
                 icon=":material/lock:")
    trajectories = layout == "trajecten"
    m = st.columns(4)
    m[0].metric("Trajecten in het bestand" if trajectories else "Rijen in het bestand", format_int(len(checked.raw.frame)))
    m[1].metric({"teamkenmerken": "Bruikbare teams", "trajecten": "Berekende waarden"}.get(layout, "Bruikbare waarden"),
                format_int(result.n_usable))
    m[2].metric("Afgewezen rijen", format_int(len(result.rejected_rows)))
    m[3].metric("Waarschuwingen", format_int(result.n_warnings))
    if layout not in ("teamkenmerken", "trajecten") and result.n_missing:
        counted = "1 waarde is" if result.n_missing == 1 else f"{format_int(result.n_missing)} waarden zijn"
        st.caption(f"{counted} leeg of als ontbrekend gemarkeerd (., x, -); "
                   "die worden bewaard als ‘ontbreekt’.")
    if layout != "teamkenmerken" and getattr(result, "n_superseded_in_file", 0):
        st.caption(f"{format_int(result.n_superseded_in_file)} dubbele rijen tellen niet mee; de laatste rij telt.")
    show_what_happens(checked)
    _report(checked, digest, trajectories)


def _report(checked, digest: str, trajectories: bool) -> None:
    issues = checked.issues
    if not len(issues):
        st.success("Geen fouten of waarschuwingen gevonden.")
        return
    report = issues.rename(columns=str.capitalize).assign(Ernst=lambda d: d["Ernst"].map(SEVERITY_LABELS))
    show = st.segmented_control("Toon", ["Alles", "Fouten", "Waarschuwingen"], default="Alles", key=f"filter_{digest}")
    if show == "Fouten":
        report = report[report["Ernst"] == "Fout"]
    elif show == "Waarschuwingen":
        report = report[report["Ernst"] == "Waarschuwing"]
    st.dataframe(report, hide_index=True, width="stretch",
                 column_config={"Rij": st.column_config.NumberColumn("Rij", format="%d")}, placeholder="–")
    d1, d2 = st.columns(2)
    d1.download_button("Rapport downloaden (CSV)", to_csv_bytes(issues), file_name="controlerapport.csv",
                       mime="text/csv", key=f"dl_report_{digest}")
    if checked.result.rejected_rows:  # of a list of trajecten only the row numbers and problems: its rows are about people
        d2.download_button("Rijnummers met een fout downloaden (CSV)" if trajectories else
                           "Afgewezen rijen downloaden om te verbeteren (CSV)", to_csv_bytes(rejected_rows_frame(checked)),
                           file_name="afgewezen_rijen.csv", mime="text/csv", key=f"dl_rejected_{digest}")


def import_section(ctx: Context, checked, layout: str, upload: Upload) -> None:
    """Step 3: what the import will do, and the button that stores the upload whole."""
    result = checked.result
    if result.n_usable == 0:
        st.error("Er is geen enkele bruikbare rij. Verbeter de fouten hierboven en upload het bestand opnieuw.")
        return
    what = "teams" if layout == "teamkenmerken" else "waarden"
    note = (f" De {format_int(len(result.rejected_rows))} afgewezen rijen worden niet geïmporteerd; download ze hierboven "
            "om ze te verbeteren.") if result.rejected_rows else ""
    if checked.new_indicators and not ctx.access.manages_indicators:
        made = "; ".join(i.naam for i in checked.new_indicators)
        st.warning(f"Dit bestand brengt nieuwe indicatoren mee ({plain(made)}); die maakt alleen een manager. Zet die "
                   "kolommen in de koppelstap op ‘niet gebruiken’, of vraag een manager de indicatoren eerst te maken.",
                   icon=":material/lock:")
        return
    if checked.new_indicators:
        made = "; ".join(f"{i.naam} ({i.eenheid})" for i in checked.new_indicators)
        st.caption(f"Bij het importeren worden deze eigen indicatoren gemaakt: {plain(made)}. U kunt ze daarna aanpassen "
                   "onder Gegevens → Indicatoren.")
    if layout != "trajecten":  # a list of trajecten says so in its summary: its original is not kept
        st.caption(f"Het originele bestand wordt bewaard in de uploadgeschiedenis.{note}")
    if st.button(f"Importeer {format_int(result.n_usable)} {what}", type="primary", key=f"import_{upload.digest}"):
        try:
            ds = import_checked(get_store(), checked, upload.name, upload.data, ctx.access)
        except StoreError as exc:
            st.error(plain(exc.message))
            return
        messages.tell("upload", f"{plain(upload.name)} is geïmporteerd als upload {ds}: "
                                f"{format_int(result.n_usable)} {what}.")
        st.rerun()


def show_what_happens(checked) -> None:
    """Every column used, skipped by choice, or listed with the reason it could not be used; the
    rows the filter left out; the periods of the team attributes."""
    lines = [plain(line) for line in checked.options.describe()]
    if checked.layout == "trajecten":
        lines += [plain(line) for line in summary_lines(checked)]
    if checked.n_filtered:
        lines.append(describe_removed(checked.n_filtered))
    used = [c for c, t in checked.mapping.items() if t]
    skipped = len(checked.mapping) - len(used)
    lines.append(f"{format_int(len(used))} kolommen gebruikt, {format_int(skipped)} overgeslagen (zo gekozen).")
    for col in checked.unused_columns:
        lines.append(f"Kolom ‘{plain(col)}’ is gekoppeld, maar heeft geen enkele waarde in de rijen die meetellen; "
                     "er wordt niets van bewaard.")
    attrs = checked.attributes if checked.attributes is not None else (
        checked.result if checked.layout == "teamkenmerken" else None)
    if attrs is not None and attrs.periods:
        lines.append(f"Teamkenmerken van {format_int(attrs.n_usable)} teams, per periode bewaard "
                     f"({plain(', '.join(attrs.periods))}); "
                     "de pagina's gebruiken per kenmerk de nieuwste periode met een waarde en noemen die periode.")
    st.markdown("\n".join(f"- {line}" for line in lines))


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    from wijkdata.formatting import format_timestamp

    kinds = {"lang": "cijfers (lang)", "breed": "cijfers (breed)", "teamkenmerken": "teamkenmerken",
             "trajecten": "cijfers uit trajecten"}
    return pd.DataFrame({
        "Upload": history["id"],
        "Bestand": history["filename"],
        "Geüpload": history["uploaded_at"].map(format_timestamp),
        "Soort": history["kind"].map(kinds),
        "Rijen": history["rows_read"],
        "Geïmporteerd": history["rows_imported"],
        "Afgewezen": history["rows_rejected"],
        "Waarschuwingen": history["warnings"],
        "Status": history["deleted"].map({True: "verwijderd", False: "actief"})
                  + history["is_sample"].map({True: " (voorbeeld)", False: ""}),
    })
