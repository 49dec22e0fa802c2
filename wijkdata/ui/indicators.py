"""Own indicators on screen: the list under Gegevens → Indicatoren, the form to add or change
one, and the short form of the mapping step ("nieuwe indicator van deze kolom")."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijkdata.catalog import (KIND_LABELS, KINDS_BY_UNIT, POLARITIES, POLARITY_LABELS, TELLING_LABELS, TELLINGEN,
                              UNIT_LABELS, UNITS, V_LABELS, VS,
                              Catalog, Indicator, Reference, code_from_name)
from wijkdata.formatting import format_int, format_number
from wijkdata.service import remove_indicator, save_indicator
from wijkdata.store import StoreError
from wijkdata.ui import messages
from wijkdata.ui.context import Context, get_store
from wijkdata.ui.format import plain


def catalog_table(catalog: Catalog) -> pd.DataFrame:
    rows = []
    for ind in catalog:
        refs = "; ".join(f"{r.label}: {format_number(r.waarde, 1)} ({r.bron})" for r in ind.referenties)
        rows.append({"Code": ind.code, "Naam": ind.naam, "Herkomst": "eigen" if ind.eigen else "ingebouwd",
                     "Eenheid": ind.eenheid, "Soort": KIND_LABELS[ind.kind].split(" (")[0],
                     "Over periodes": TELLING_LABELS[ind.telling].split(":")[0] if ind.kind == "count" else "",
                     "Richting": POLARITY_LABELS[ind.polariteit], "V": V_LABELS[ind.v], "Uitleg": ind.uitleg,
                     "Referentie": refs})
    return pd.DataFrame(rows)


def indicator_fields(prefix: str, start: Indicator, catalog: Catalog, *, code_fixed: bool = False,
                     unit_fixed: bool = False) -> Indicator:
    """The fields of one indicator as widgets (keys start with ``prefix``); returns what is filled in.
    ``unit_fixed``: figures are stored already, read as this unit and kind."""
    c1, c2 = st.columns([3, 2])
    naam = c1.text_input("Naam op het scherm", value=start.naam, key=f"{prefix}_naam", max_chars=120)
    code = c2.text_input("Code (in bestanden)", value=start.code, key=f"{prefix}_code", max_chars=48, disabled=code_fixed,
                         placeholder=code_from_name(naam) if naam.strip() else "leeg: gemaakt uit de naam",
                         help="Kleine letters, cijfers en _; een bestand kan de indicator met deze code of met de naam "
                              "noemen. Leeg laten: de code wordt uit de naam gemaakt.")
    uitleg = st.text_area("Uitleg: wat wordt er geteld of gemeten?", value=start.uitleg, key=f"{prefix}_uitleg",
                          max_chars=1000, height=80)
    c3, c4 = st.columns(2)
    unit = c3.selectbox("Eenheid", UNITS, index=UNITS.index(start.eenheid), key=f"{prefix}_eenheid",
                        format_func=UNIT_LABELS.get, disabled=unit_fixed)
    fitting = list(KINDS_BY_UNIT[unit])
    kind = c4.selectbox("Soort", fitting, index=fitting.index(start.kind) if start.kind in fitting else 0,
                        key=f"{prefix}_kind_{unit}", format_func=KIND_LABELS.get, disabled=unit_fixed,
                        help="Bepaalt de rekenmethode: een interval voor een telling is anders dan voor een aandeel.")
    telling = start.telling
    if kind == "count":
        telling = st.radio("Hoe telt het op over periodes?", TELLINGEN, index=TELLINGEN.index(start.telling),
                           key=f"{prefix}_telling", horizontal=True, format_func=TELLING_LABELS.get,
                           help="Een stroom telt wat er in de periode gebeurde en wordt over een jaar opgeteld; een "
                                "stand telt wat er op een moment is (zoals lopende trajecten) en wordt gemiddeld.")
    c5, c6 = st.columns(2)
    polarity = c5.selectbox("Richting", POLARITIES, index=POLARITIES.index(start.polariteit), key=f"{prefix}_richting",
                            format_func=POLARITY_LABELS.get,
                            help="‘Geen oordeel’ voor cijfers die context zijn, zoals aantallen: dan zegt de app nooit "
                                 "‘beter’ of ‘slechter’.")
    v = c6.selectbox("V waar het vooral over gaat", VS, index=VS.index(start.v), key=f"{prefix}_v", format_func=V_LABELS.get)
    ref = start.referenties[0] if start.referenties else None
    with st.expander("Referentiewaarde (niet verplicht)", expanded=ref is not None):
        r1, r2 = st.columns([1, 3])
        ref_text = r1.text_input("Waarde", value=format_number(ref.waarde, 1) if ref else "", key=f"{prefix}_ref",
                                 placeholder="bijv. 11,9")
        bron = r2.text_input("Bron", value=ref.bron if ref else "", key=f"{prefix}_bron",
                             placeholder="bijv. CBS, Kerncijfers wijken en buurten 2024")
    refs: tuple[Reference, ...] = ()
    if ref_text.strip():
        text = ref_text.strip()
        try:  # '11,9' and '11.9' are both 11,9; '1.250,5' has a thousands point
            value = float(text.replace(".", "").replace(",", ".") if "," in text else text)
            refs = (Reference(value, "referentie", bron),)
        except ValueError:
            st.warning(f"De referentiewaarde ‘{plain(ref_text)}’ is geen getal; schrijf bijvoorbeeld 11,9.")
    code = code.strip() or (code_from_name(naam) if naam.strip() else "")
    return Indicator(code, naam, uitleg, unit, kind, polarity, v, referenties=refs, eigen=True,
                     telling=telling if kind == "count" else "stroom")


def _save(ctx: Context, ind: Indicator, editing: bool) -> bool:
    try:
        save_indicator(get_store(), ctx.access, ind, editing=editing)
    except StoreError as exc:
        st.error(plain(exc.message))
        return False
    return True


def indicators_tab(ctx: Context) -> None:
    """Gegevens → Indicatoren: every indicator, and (for whoever may) adding and changing own ones."""
    catalog = ctx.catalog
    messages.show("indicatoren")
    st.dataframe(catalog_table(catalog), hide_index=True, width="stretch", placeholder="–")
    if not ctx.access.manages_indicators:
        st.info("Eigen indicatoren toevoegen of aanpassen is voor managers.", icon=":material/lock:")
        return
    own = [i for i in catalog if i.eigen]
    choice = st.segmented_control("Eigen indicator", ["Nieuwe indicator", "Bestaande aanpassen"] if own else
                                  ["Nieuwe indicator"], default="Nieuwe indicator", key="ind_mode")
    if choice == "Bestaande aanpassen":
        code = st.selectbox("Kies de eigen indicator", [i.code for i in own], key="ind_edit_code",
                            format_func=lambda c: f"{catalog[c].naam} ({c})")
        stored = get_store().indicators.stored_values(code)
        if stored:
            st.caption(f"Er zijn {format_int(stored)} waarden van opgeslagen; eenheid en soort blijven daarom zoals ze "
                       "zijn (de waarden zijn zo gelezen en gecontroleerd).")
        with st.container(border=True):
            ind = indicator_fields(f"ind_edit_{code}", catalog[code], catalog, code_fixed=True, unit_fixed=bool(stored))
            saved = st.button("Wijzigingen bewaren", type="primary", key=f"ind_save_{code}")
        if saved and _save(ctx, ind, editing=True):
            messages.tell("indicatoren", f"Indicator ‘{plain(ind.naam)}’ is aangepast; elke pagina gebruikt de "
                                         "nieuwe uitleg.")
            st.rerun()
        if st.button("Deze indicator verwijderen", key=f"ind_remove_{code}",
                     help="Kan alleen als er geen cijfers van zijn opgeslagen."):
            try:
                remove_indicator(get_store(), ctx.access, code)
            except StoreError as exc:
                st.error(plain(exc.message))
            else:
                messages.tell("indicatoren", f"Indicator ‘{plain(code)}’ is verwijderd.")
                st.rerun()
        return
    blank = Indicator("", "", "", "aantal", "count", "geen_oordeel", "verbinden", eigen=True)
    with st.container(border=True):
        ind = indicator_fields("ind_new", blank, catalog)
        saved = st.button("Indicator toevoegen", type="primary", key="ind_new_save")
    if saved and _save(ctx, ind, editing=False):
        messages.tell("indicatoren", f"Indicator ‘{plain(ind.naam)}’ ({ind.code}) is toegevoegd. Een bestand kan hem "
                                     "nu noemen; in de koppelstap staat hij bij de indicatoren.")
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("ind_new_")]:
            del st.session_state[key]
        st.rerun()
