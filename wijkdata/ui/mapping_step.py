"""The mapping step of the Gegevens page: which column holds what, which rows count, how a
column is scaled and how often the figures are measured — for 5 columns or for 411.

The plan (mapping + options + own indicators a recognised export brings) lives in session state
per file, so a rerun, a search or a bulk action never loses a choice. The columns are one
``st.data_editor`` table (drawn by the browser, only the visible rows), not one widget per column:
a change answers in the time of one rerun whatever the number of columns.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from wijkdata.catalog import KINDS_BY_UNIT, UNIT_LABELS, Catalog, Indicator, guess_unit
from wijkdata.formatting import format_int
from wijkdata.ingest import numbers as num
from wijkdata.ingest.cbs import LEVELS, cbs_plan, is_cbs_kwb
from wijkdata.ingest.mapping import IGNORE, all_targets, infer_layout, mapping_problems, target_label
from wijkdata.ingest.plan import (FREQUENCIES, FREQUENCY_LABELS, SCALE_LABELS, SCALES, ImportOptions, distinct_values,
                                  fill_rate, suffix_stem)
from wijkdata.ingest.rawtable import RawTable
from wijkdata.ingest.trajectory_fields import CODED
from wijkdata.periods import parse_period, propose_frequency
from wijkdata.service import proposal_for, save_indicator, save_mapping
from wijkdata.store import StoreError
from wijkdata.ui import messages
from wijkdata.ui.code_step import codes_step
from wijkdata.ui.rule_step import rules_step
from wijkdata.ui.context import Context, get_store
from wijkdata.ui.format import plain
from wijkdata.ui.indicators import indicator_fields

SHOW = {"alle": "Alle", "gekoppeld": "Gekoppeld", "niet": "Niet gebruikt"}
SKIP = "-"  # 'not used' in the table: a data_editor shows an empty string as 'None'
NO_FILTER = "— geen rijfilter —"


@dataclass
class Plan:
    mapping: dict[str, str]
    options: ImportOptions
    new_indicators: tuple[Indicator, ...] = ()
    saved_name: str | None = None
    recognised: str | None = None  # "cbs" for a CBS Kerncijfers export
    level: str = "Wijk"
    notes: list[str] = field(default_factory=list)


@st.cache_data(show_spinner=False, max_entries=4)
def column_facts(_raw: RawTable, digest: str, sheet: str | None) -> pd.DataFrame:
    """Per column: how full it is and its first distinct values (for the table of the mapping step)."""
    frame = _raw.frame
    return pd.DataFrame({
        "kolom": list(frame.columns),
        "gevuld": [round(100 * fill_rate(frame[c])) for c in frame.columns],
        "voorbeelden": [", ".join(num.shorten(v, limit=20) for v in distinct_values(frame[c], 5)) for c in frame.columns],
    })


def _plan_key(digest: str) -> str:
    return f"plan_{digest}"


def current_plan(ctx: Context, raw: RawTable, digest: str, catalog: Catalog) -> Plan:
    """The plan of this file in this session; made from a saved mapping or a proposal the first time."""
    key = _plan_key(digest)
    if key not in st.session_state:
        proposal, saved_name = proposal_for(raw, get_store(), catalog, ctx.access)
        recognised = "cbs" if is_cbs_kwb(list(raw.frame.columns)) and not saved_name else None
        st.session_state[key] = Plan(dict(proposal.mapping), proposal.options, tuple(proposal.new_indicators), saved_name,
                                     recognised)
    return st.session_state[key]


def _set_level(raw: RawTable, digest: str, catalog: Catalog) -> None:
    """Another region level: the CBS plan is made again for it (earlier changes start over)."""
    level = st.session_state[f"cbs_level_{digest}"]
    made = cbs_plan(raw.frame, catalog, level)
    st.session_state[_plan_key(digest)] = Plan(made.proposal.mapping, made.proposal.options, made.new_indicators,
                                               None, "cbs", level)
    st.session_state[f"map_gen_{digest}"] = st.session_state.get(f"map_gen_{digest}", 0) + 1


def _cbs_box(raw: RawTable, digest: str, plan: Plan, catalog: Catalog, stored: Catalog) -> None:
    """``catalog``: with the indicators this plan makes; ``stored``: as the installation has it."""
    made = cbs_plan(raw.frame, stored, plan.level)
    with st.container(border=True):
        st.markdown("**Herkend: CBS Kerncijfers wijken en buurten**")
        levels = [lv for lv in LEVELS if lv in made.levels] or list(LEVELS)
        st.session_state.setdefault(f"cbs_level_{digest}", plan.level)
        st.selectbox("Welke regio's worden teams?", levels, key=f"cbs_level_{digest}",
                     format_func=lambda lv: f"{LEVELS[lv]} als teams", on_change=_set_level, args=(raw, digest, stored))
        years = ", ".join(made.years) if made.years else "geen peildatum gevonden"
        codes = sorted({t.split(":")[1] for t in plan.mapping.values() if t.startswith("ind:")})
        figures = [f"{catalog[c].naam} ({catalog[c].eenheid})" for c in codes if c in catalog] or ["geen"]
        st.caption(
            f"Jaren: {plain(years)}. Elke rij met {plain(LEVELS[plan.level])} wordt een team (de CBS-code, zonder spaties); "
            f"de peildatum telt als jaar. Cijfers per jaar: {plain('; '.join(figures))} — dezelfde cijfers uit de "
            f"kolommen van elk jaar samen. Enkele kolommen worden teamkenmerk (inwoners, leeftijdsgroepen, huishoudens); "
            f"{format_int(made.skipped)} andere kolommen worden overgeslagen. Alles hieronder is aan te passen.")


def _table(raw: RawTable, digest: str, plan: Plan, catalog: Catalog, facts: pd.DataFrame) -> None:
    """Search, show and edit the columns."""
    c1, c2 = st.columns([3, 2])
    query = c1.text_input("Zoek een kolom", key=f"map_zoek_{digest}", placeholder="bijvoorbeeld Jeugdzorg")
    show = c2.segmented_control("Toon", list(SHOW), format_func=SHOW.get, default="alle", key=f"map_toon_{digest}") or "alle"
    shown = facts.copy()
    if infer_layout(plan.mapping) == "trajecten":  # rows about people: show examples of the team and the codes only
        private = ~shown["kolom"].map(lambda c: plan.mapping.get(c) == "team" or plan.mapping.get(c) in CODED)
        shown.loc[private, "voorbeelden"] = "(niet getoond: gegevens over personen)"
    shown["koppeling"] = shown["kolom"].map(lambda c: plan.mapping.get(c, IGNORE) or SKIP)
    shown["schaal"] = shown["kolom"].map(lambda c: plan.options.scales.get(c, 1.0))
    if query.strip():
        shown = shown[shown["kolom"].str.contains(query.strip(), case=False, regex=False)]
    if show == "gekoppeld":
        shown = shown[shown["koppeling"] != SKIP]
    elif show == "niet":
        shown = shown[shown["koppeling"] == SKIP]
    st.session_state[f"map_rows_{digest}"] = shown["kolom"].tolist()
    targets = [SKIP, *(t for t in all_targets(catalog) if t)]
    gen = st.session_state.get(f"map_gen_{digest}", 0)
    st.data_editor(
        shown[["kolom", "gevuld", "voorbeelden", "koppeling", "schaal"]], key=_table_key(digest, gen, shown["kolom"]),
        hide_index=True,
        width="stretch", height=min(38 + 35 * max(len(shown), 1), 460), disabled=["kolom", "gevuld", "voorbeelden"],
        on_change=_apply_edits, args=(digest,),
        column_config={
            "kolom": st.column_config.TextColumn("Kolom", width="medium"),
            "gevuld": st.column_config.ProgressColumn("Gevuld", format="%d%%", min_value=0, max_value=100, width="small"),
            "voorbeelden": st.column_config.TextColumn("Eerste waarden", width="medium"),
            "koppeling": st.column_config.SelectboxColumn("Wat staat erin", options=targets, required=True, width="medium",
                                                          format_func=lambda t: target_label("" if t == SKIP else t, catalog)),
            "schaal": st.column_config.SelectboxColumn("Schaal", options=list(SCALES), required=True, width="small",
                                                       format_func=SCALE_LABELS.get),
        })
    st.caption(f"{format_int(len(shown))} van {format_int(len(facts))} kolommen getoond; "
               f"{format_int(sum(1 for t in plan.mapping.values() if t))} gekoppeld. Klik in ‘Wat staat erin’ om te kiezen.")
    b1, b2, b3 = st.columns(3)
    visible = shown["kolom"].tolist()
    # callbacks, not 'if button:': the change is in the plan before the run draws the page, so one
    # run (not two) answers a click
    b1.button("Getoonde kolommen overslaan", key=f"map_skip_{digest}", disabled=not visible, on_click=_bulk,
              args=(digest, {c: IGNORE for c in visible}))
    b2.button("Getoonde kolommen als teamkenmerk", key=f"map_attr_{digest}", disabled=not visible, on_click=_bulk,
              args=(digest, {c: "kenmerk" for c in visible
                             if plan.mapping.get(c) not in ("team", "periode", "gemeente", "wijk")}),
              help="Context van de teams, zoals inwoners of stedelijkheid: voor profielen en ‘teams zoals jullie’.")
    if family := _uncombined(plan, list(raw.frame.columns)):
        b3.button(f"Zelfde cijfer uit {format_int(len(family))} kolommen van andere jaren samenvoegen",
                  key=f"map_combine_{digest}", on_click=_bulk, args=(digest, family),
                  help="Kolommen die alleen in hun nummer verschillen (Naam_88, Naam_97) krijgen dezelfde "
                       "koppeling; per rij telt de ene gevulde kolom.")


def _uncombined(plan: Plan, columns: list[str]) -> dict[str, str]:
    """Columns of a CBS-numbered family whose sibling is mapped to an indicator and they are not."""
    by_stem: dict[str, list[str]] = {}
    for c in columns:
        by_stem.setdefault(suffix_stem(c), []).append(c)
    out = {}
    for stem, cols in by_stem.items():
        mapped = {plan.mapping.get(c) for c in cols if plan.mapping.get(c, "").startswith("ind:")}
        if len(cols) > 1 and len(mapped) == 1 and stem not in cols:
            target = mapped.pop()
            out.update({c: target for c in cols if not plan.mapping.get(c)})
    return out


def apply_table_edits(plan: Plan, rows: list[str], edits: dict) -> None:
    """The edits of the mapping table (``edited_rows``: row position -> changed cells) into the
    plan; ``rows`` are the columns the table showed, in its order."""
    scales = dict(plan.options.scales)
    for pos, change in edits.items():
        col = rows[int(pos)]
        if "koppeling" in change:
            plan.mapping[col] = IGNORE if change["koppeling"] in (None, SKIP) else change["koppeling"]
        if "schaal" in change:
            scales[col] = float(change["schaal"] or 1.0)
    plan.options = plan.options.replace(scales={c: f for c, f in scales.items() if f != 1.0})


def _table_key(digest: str, gen: int, rows) -> str:
    """The table's widget key: the same while the same columns are shown, so an edit does not
    redraw the whole grid; its edits (positions in those rows) never apply to other rows."""
    return f"map_table_{digest}_{gen}_{hashlib.sha1(chr(31).join(rows).encode()).hexdigest()[:12]}"


def _apply_edits(digest: str) -> None:
    # edited_rows holds every edit since the table was drawn with these rows: applying them all
    # again is harmless, and a bulk action draws a new table (a new generation) first
    rows = st.session_state.get(f"map_rows_{digest}", [])
    key = _table_key(digest, st.session_state.get(f"map_gen_{digest}", 0), rows)
    edits = st.session_state.get(key, {}).get("edited_rows", {})
    apply_table_edits(st.session_state[_plan_key(digest)], rows, edits)


def _bulk(digest: str, targets: dict[str, str]) -> None:
    """Several columns at once (a button's callback); the table is drawn anew from the plan."""
    plan: Plan = st.session_state[_plan_key(digest)]
    plan.mapping.update(targets)
    st.session_state[f"map_gen_{digest}"] = st.session_state.get(f"map_gen_{digest}", 0) + 1


def _rebuild(digest: str) -> None:
    st.session_state[f"map_gen_{digest}"] = st.session_state.get(f"map_gen_{digest}", 0) + 1
    st.rerun()


def _rows_and_periods(raw: RawTable, digest: str, plan: Plan) -> None:
    """Row filter and frequency."""
    columns = list(raw.frame.columns)
    gen = st.session_state.get(f"map_gen_{digest}", 0)  # a plan made again (another CBS level) redraws these too
    c1, c2, c3 = st.columns([2, 3, 2])
    current = next(iter(plan.options.row_filter), NO_FILTER)
    filter_col = c1.selectbox("Rijfilter op kolom", [NO_FILTER, *columns],
                              index=([NO_FILTER, *columns].index(current) if current in columns else 0),
                              key=f"map_filter_col_{digest}_{current}_{gen}",
                              help="Neem alleen rijen met bepaalde waarden, bijvoorbeeld SoortRegio = Wijk.")
    row_filter: dict[str, tuple[str, ...]] = {}
    if filter_col != NO_FILTER:
        chosen = plan.options.row_filter.get(filter_col, ())
        values = distinct_values(raw.frame[filter_col], limit=50)
        values += [v for v in chosen if v not in values]  # a saved choice beyond the first 50 stays chosen
        picked = c2.multiselect("Houd rijen met", values, default=[v for v in chosen if v in values],
                                key=f"map_filter_val_{digest}_{filter_col}_{gen}", placeholder="kies een of meer waarden",
                                select_all=False)
        if picked:
            row_filter[filter_col] = tuple(picked)
    trajectories = infer_layout(plan.mapping) == "trajecten"
    frequencies = list(FREQUENCIES) if trajectories else [None, *FREQUENCIES]
    period_col = next((c for c, t in plan.mapping.items() if t == "periode"), None)
    proposed = None
    if period_col:
        proposed = propose_frequency([parse_period(v) for v in pd.unique(raw.frame[period_col].dropna())[:200]])
    current_frequency = plan.options.frequency or ("kwartaal" if trajectories else None)
    frequency = c3.selectbox("Periodes", frequencies, index=frequencies.index(current_frequency),
                             key=f"map_freq_{digest}_{gen}_{trajectories}", format_func=FREQUENCY_LABELS.get,
                             disabled=period_col is None and not trajectories,
                             help="Bij een lijst van trajecten: per welke periode de cijfers worden berekend. Anders: "
                                  "staat er een datum in de periodekolom (peildatum 1-1-2024), dan telt hij als het "
                                  "jaar, kwartaal of de maand waarin hij valt.")
    if proposed and frequency != proposed:
        st.caption(f"De datums in ‘{plain(period_col)}’ vallen allemaal op het begin van een {proposed}: "
                   f"kies ‘{FREQUENCY_LABELS[proposed]}’ om ze als {proposed} te tellen.")
    break_values = plan.options.break_values
    if flag_col := next((c for c, t in plan.mapping.items() if t == "reeksbreuk"), None):
        values = distinct_values(raw.frame[flag_col], limit=30)
        break_values = tuple(st.multiselect(
            f"Welke waarden in ‘{plain(flag_col)}’ betekenen een nieuwe reeks?", values,
            default=[v for v in break_values if v in values], key=f"map_breaks_{digest}_{gen}",
            help="Vanaf de periode van zo'n rij zijn de cijfers van dat team een nieuwe reeks: trend en SPC lopen er "
                 "niet overheen. Bij het CBS betekent 1: zelfde code en grenzen als het jaar ervoor.", select_all=False))
        if not break_values:
            st.caption(f"Kies hierboven welke waarden een nieuwe reeks betekenen; zonder keuze doet ‘{plain(flag_col)}’ "
                       "niets.")
    plan.options = plan.options.replace(row_filter=row_filter, frequency=frequency, break_values=break_values)


def _new_indicator(ctx: Context, raw: RawTable, digest: str, plan: Plan, catalog: Catalog) -> None:
    """'Nieuwe indicator van deze kolom': made, then the column (and its other years) mapped to it."""
    with st.expander("Nieuwe indicator van een kolom"):
        if not ctx.access.manages_indicators:
            st.info("Eigen indicatoren maakt een manager (Gegevens → Indicatoren). Daarna kunt u de kolom hier koppelen.",
                    icon=":material/lock:")
            return
        columns = [c for c in raw.frame.columns if plan.mapping.get(c) in (IGNORE, "kenmerk")]
        if not columns:
            st.caption("Alle kolommen zijn al gekoppeld.")
            return
        col = st.selectbox("Kolom", columns, key=f"map_new_col_{digest}")
        convention = num.detect_convention([raw.frame[col]], "," if raw.delimiter == ";" else ".")
        values, _ = num.parse_numbers(raw.frame[col], convention)
        unit = guess_unit(values.dropna().tolist(), col)
        start = Indicator("", suffix_stem(col), "", unit, KINDS_BY_UNIT[unit][0], "geen_oordeel", "verbinden", eigen=True)
        st.caption(f"Eenheid voorgesteld op grond van de kolomnaam en de waarden: {UNIT_LABELS[unit]}. Controleer alles "
                   "voor u de indicator maakt.")
        ind = indicator_fields(f"map_new_{digest}_{col}", start, catalog)
        family = [c for c in raw.frame.columns if suffix_stem(c) == suffix_stem(col)] if suffix_stem(col) != col else [col]
        label = "Indicator maken en kolom koppelen" if len(family) == 1 else \
            f"Indicator maken en de {len(family)} kolommen ‘{plain(suffix_stem(col))}\\_…’ koppelen"
        if st.button(label, key=f"map_new_make_{digest}", type="primary"):
            try:
                save_indicator(get_store(), ctx.access, ind)
            except StoreError as exc:
                st.error(plain(exc.message))
                return
            for c in family:
                plan.mapping[c] = f"ind:{ind.code}"
            messages.tell("upload", f"Indicator ‘{plain(ind.naam)}’ is gemaakt en gekoppeld.")
            _rebuild(digest)


def _save_box(ctx: Context, raw: RawTable, digest: str, plan: Plan) -> None:
    c1, c2 = st.columns([3, 1])
    name = c1.text_input("Koppeling bewaren als", key=f"mapname_{digest}",
                         placeholder="bijvoorbeeld: export uit ons registratiesysteem")
    if c2.button("Koppeling bewaren", key=f"mapsave_{digest}"):
        try:
            save_mapping(get_store(), ctx.access, name, list(raw.frame.columns), plan.mapping, plan.options)
        except StoreError as exc:
            st.error(plain(exc.message))
        else:
            who = "uw team" if ctx.access.restricted_team else "iedereen"
            st.success(f"Koppeling ‘{plain(name.strip())}’ bewaard, met rijfilter, schalen en periodes; een volgend "
                       f"bestand met dezelfde kolommen krijgt hem vanzelf (voor {who}).")


def mapping_step(ctx: Context, raw: RawTable, digest: str, catalog: Catalog) -> Plan:
    """Draw the mapping step; returns the plan as it stands after this run's choices."""
    plan = current_plan(ctx, raw, digest, catalog)
    stored, catalog = catalog, catalog.with_own([i for i in plan.new_indicators if i.code not in catalog])
    st.subheader("1. Kolommen koppelen")
    if plan.saved_name:
        st.caption(f"De opgeslagen koppeling ‘{plain(plan.saved_name)}’ past bij deze kolommen en is overgenomen.")
    if plan.recognised == "cbs":
        _cbs_box(raw, digest, plan, catalog, stored)
    if infer_layout(plan.mapping) == "trajecten":
        with st.container(border=True):
            st.markdown("**Herkend: een lijst van trajecten, één rij per traject**")
            st.caption("De app berekent hieruit de cijfers per team en per kwartaal (of maand of jaar): gestarte, "
                       "lopende en afgesloten trajecten, doorlooptijd, uitval, doelen bereikt, tevredenheid, eigen "
                       "uitvoering, verwijzingen, crisistrajecten en bereik. Het bestand zelf wordt niet bewaard, want "
                       "het gaat over personen; alleen de berekende cijfers, de kolomnamen, de betekenis van de codes "
                       "en een vingerafdruk van het bestand (sha256).")
    facts = column_facts(raw, digest, raw.sheet)
    # open when something needs a look: a gap in the mapping, a recognised export, a wide file
    open_up = bool(mapping_problems(plan.mapping, catalog)) or plan.recognised is not None or len(facts) > 12
    with st.expander("Koppeling bekijken of aanpassen", expanded=open_up):
        _table(raw, digest, plan, catalog, facts)
        _rows_and_periods(raw, digest, plan)
        if infer_layout(plan.mapping) != "trajecten":
            _new_indicator(ctx, raw, digest, plan, catalog)
            _save_box(ctx, raw, digest, plan)
    if infer_layout(plan.mapping) == "trajecten":  # the codes need a look every time: outside the folded part
        codes_step(raw, digest, plan, catalog)
        rules_step(raw, digest, plan, catalog)
        _save_box(ctx, raw, digest, plan)
    return plan
