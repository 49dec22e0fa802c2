"""Own figures from a list of trajecten, as simple rules on its columns (see trajectory_rules.py).
Part of the mapping step: the rules live in the plan's options, are saved with the mapping and
survive every rerun. Only columns with few distinct values (codes) can filter or count, and only
numeric columns can be averaged, so no client number or date is ever offered as a value."""

from __future__ import annotations

import streamlit as st

from wijkdata.catalog import Catalog
from wijkdata.ingest import numbers as num
from wijkdata.ingest.plan import distinct_values, filled_mask
from wijkdata.ingest.rawtable import RawTable
from wijkdata.ingest.trajectory_fields import MAX_CODES
from wijkdata.trajectory_rules import AMONG, COMPUTED, MEASURES, TrajectoryRule, rule_problems
from wijkdata.ui.format import plain

ALL = "— alle trajecten —"


@st.cache_data(show_spinner=False, max_entries=4)
def rule_columns(_raw: RawTable, digest: str, sheet: str | None) -> tuple[dict[str, list[str]], list[str]]:
    """The columns with codes (column -> its values) and the numeric columns of the file."""
    coded, numeric = {}, []
    for column in _raw.frame.columns:
        values = distinct_values(_raw.frame[column], MAX_CODES + 1)
        head = _raw.frame[column].head(2000)
        filled = filled_mask(head)
        parsed, _ = num.parse_numbers(head, num.detect_convention([head], ","))
        if filled.any() and parsed[filled].notna().mean() >= 0.9:  # dates and identifiers with letters are not
            numeric.append(column)
        if 1 < len(values) <= MAX_CODES:
            coded[column] = sorted(values, key=str.casefold)
    return coded, numeric


def _remove(plan, index: int) -> None:
    plan.options = plan.options.replace(rules=tuple(r for i, r in enumerate(plan.options.rules) if i != index))


def rules_step(raw: RawTable, digest: str, plan, catalog: Catalog) -> None:
    """Show the plan's own rules and a form to add one."""
    rules = plan.options.rules
    with st.expander(f"Eigen cijfers uit deze lijst ({len(rules)})" if rules else "Eigen cijfers uit deze lijst (optioneel)",
                     expanded=bool(rules)):
        st.caption("Een eigen cijfer is een regel op de kolommen: welke trajecten (gestart, afgesloten of lopend), "
                   "eventueel alleen waar een kolom bepaalde waarden heeft, en dan het aantal, het aandeel of het "
                   "gemiddelde — dat volgt uit de soort van de indicator. Een nieuwe indicator maakt een manager "
                   "eerst onder Gegevens → Indicatoren.")
        for i, rule in enumerate(rules):
            c1, c2 = st.columns([5, 1])
            c1.markdown(f"- {plain(rule.describe(catalog))}")
            c2.button("Weghalen", key=f"rule_remove_{digest}_{i}", on_click=_remove, args=(plan, i))
        choices = [i.code for i in catalog if MEASURES.get(i.kind) and i.code not in COMPUTED]
        if not choices:
            st.caption("Er is nog geen indicator waar een regel bij past.")
            return
        coded, numeric = rule_columns(raw, digest, raw.sheet)
        code = st.selectbox("Indicator", choices, format_func=lambda c: f"{catalog[c].naam} ({catalog[c].eenheid})",
                            key=f"rule_ind_{digest}")
        measure = MEASURES[catalog[code].kind]
        among = st.radio("Welke trajecten", list(AMONG), format_func=AMONG.get, horizontal=True, key=f"rule_among_{digest}")
        c1, c2 = st.columns(2)
        filter_col = c1.selectbox("Alleen waar kolom", [ALL, *coded], key=f"rule_fcol_{digest}")
        filter_values = () if filter_col == ALL else tuple(c2.multiselect(
            "een van deze waarden heeft", coded[filter_col], key=f"rule_fval_{digest}_{filter_col}",
            placeholder="kies een of meer waarden", select_all=False))
        count_col, count_values, mean_col = None, (), None
        if measure == "aandeel":
            c3, c4 = st.columns(2)
            count_col = c3.selectbox("In de teller: trajecten waar kolom", list(coded), key=f"rule_ccol_{digest}")
            if count_col:
                count_values = tuple(c4.multiselect("een van deze waarden heeft", coded[count_col],
                                                    key=f"rule_cval_{digest}_{count_col}",
                                                    placeholder="kies een of meer waarden", select_all=False))
        elif measure == "gemiddelde":
            mean_col = st.selectbox("Gemiddelde van kolom", numeric, index=None, placeholder="kies een kolom met getallen",
                                    key=f"rule_mcol_{digest}")
        rule = TrajectoryRule(code, among, None if filter_col == ALL else filter_col, filter_values, count_col,
                              count_values, mean_col)
        if st.button("Eigen cijfer toevoegen", key=f"rule_add_{digest}"):
            if problems := rule_problems(rule, catalog, raw.frame.columns):
                st.warning(plain(" ".join(problems)))
            elif any(r.indicator == code for r in rules):
                st.warning(f"Er is al een regel voor {plain(catalog[code].naam)}; haal die eerst weg.")
            else:
                plan.options = plan.options.replace(rules=(*rules, rule))
                st.rerun()
