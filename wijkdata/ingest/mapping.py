"""From the headers a team happens to use to the canonical fields: propose, confirm, apply.

A mapping is a plain dict ``{source column: target}``. Targets:
  ``team``, ``periode``, ``indicator``, ``waarde``, ``teller``, ``noemer``, ``n``, ``sd``,
  ``gemeente``, ``wijk``                      fields of the long layout and team attributes
  ``ind:<code>`` / ``ind:<code>:teller`` ...  one column per indicator (wide layout); columns that
                                              differ only by a CBS number (``Naam_88``, ``Naam_97``)
                                              may share one target: they are combined row by row
  ``kenmerk``                                 a context variable of a team (in an attributes file or
                                              next to the figures of a wide file)
  ``reeksbreuk``                              a flag that starts a new series (a boundary change)
  ``tr:start``, ``tr:reden`` ...              a field of a list of trajecten (ingest/trajectory_fields.py)
  ``""``                                      not used

Which rows count, scales and the frequency of the periods are the other half of the plan
(``ingest/plan.py``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from wijkdata.catalog import Catalog
from wijkdata.ingest.plan import NO_OPTIONS, ImportOptions, combinable, filled_mask, suffix_stem
from wijkdata.ingest.trajectory_fields import FIELDS as TRAJECTORY_FIELDS
from wijkdata.text import normalise_label

FIELDS = {
    "team": "team",
    "periode": "periode",
    "indicator": "indicator (code of naam)",
    "waarde": "waarde",
    "teller": "teller",
    "noemer": "noemer",
    "n": "n (aantal metingen)",
    "sd": "sd (standaardafwijking)",
    "gemeente": "gemeente",
    "wijk": "wijk",
    "kenmerk": "teamkenmerk (context)",
    "reeksbreuk": "reeksbreuk (indelingswijziging)",
}
VALUE_PARTS = ("waarde", "teller", "noemer", "n", "sd")
PART_LABELS = {"waarde": "waarde", "teller": "teller", "noemer": "noemer", "n": "n", "sd": "sd"}
IGNORE = ""
IGNORE_LABEL = "— niet gebruiken —"

SYNONYMS = {
    "team": ["team", "teamnaam", "naam team", "wijkteam", "buurtteam", "jeugdteam", "team naam", "teamcode", "wijkteam naam"],
    "periode": ["periode", "kwartaal", "jaar", "maand", "datum", "peildatum", "tijdvak", "period", "jaar kwartaal",
                "verslagperiode"],
    "indicator": ["indicator", "indicatorcode", "indicator code", "code", "indicatornaam", "maat", "meting", "variabele",
                  "onderwerp", "kengetal"],
    "waarde": ["waarde", "value", "score", "uitkomst", "resultaat", "getal"],
    "teller": ["teller", "numerator", "aantal teller"],
    "noemer": ["noemer", "denominator", "totaal", "basis", "aantal noemer"],
    "n": ["n", "aantal respondenten", "respondenten", "aantal metingen", "steekproef", "aantal cijfers"],
    "sd": ["sd", "standaardafwijking", "std", "stdev", "standaarddeviatie"],
    "gemeente": ["gemeente", "gemeentenaam", "municipality"],
    "wijk": ["wijk", "buurt", "gebied", "stadsdeel", "wijknaam"],
}
_PART_SUFFIX = re.compile(r"^(?P<base>.+?)\s+(?P<part>waarde|teller|noemer|n|sd)$")
FUZZY_CUTOFF = 85


@dataclass
class MappingProposal:
    mapping: dict[str, str]
    scores: dict[str, int]  # 100 = exact match on a known name; lower = a guess to check
    options: ImportOptions = NO_OPTIONS  # row filter, scales, frequency (a saved plan, or a recognised export's)
    new_indicators: tuple = ()  # own indicators the mapping uses that are made on import (a recognised export's)

    @property
    def uncertain(self) -> list[str]:
        return [c for c, t in self.mapping.items() if t and self.scores.get(c, 0) < 100]


def target_label(target: str, catalog: Catalog) -> str:
    """Dutch label of a target for the mapping step."""
    if not target:
        return IGNORE_LABEL
    if target.startswith("ind:"):
        _, code, *part = target.split(":")
        name = catalog[code].naam if code in catalog else code
        return f"Indicator {name} ({PART_LABELS[part[0]] if part else 'waarde'})"
    if target.startswith("tr:"):
        return "Traject: " + TRAJECTORY_FIELDS.get(target, target)
    return FIELDS.get(target, target)


def parse_target(text: str, catalog: Catalog) -> str | None:
    """A target as a user writes it back: a code (``periode``, ``ind:uitval:teller``), or the
    label the report prints (``Indicator Uitval (teller)``, ``teamkenmerk (context)``); None when
    it is neither."""
    text = text.strip()
    targets = all_targets(catalog)
    if text in targets or text.lower() in ("", "niet gebruiken", IGNORE_LABEL.lower()):
        return text if text in targets else IGNORE
    by_label = {normalise_label(target_label(t, catalog)): t for t in targets}
    if (norm := normalise_label(text)) in by_label:
        return by_label[norm]
    if code := catalog.lookup(text):  # a bare indicator code or name: its value
        return f"ind:{code}"
    return None


def all_targets(catalog: Catalog) -> list[str]:
    """Every target a user can choose, in the order the mapping step shows them."""
    targets = [IGNORE, *FIELDS, *TRAJECTORY_FIELDS]
    for ind in catalog:
        targets.append(f"ind:{ind.code}")
        targets += [f"ind:{ind.code}:{part}" for part in VALUE_PARTS[1:]]
    return targets


def _choices(catalog: Catalog) -> dict[str, str]:
    choices: dict[str, str] = {}
    for field, words in SYNONYMS.items():
        for w in words:
            choices.setdefault(normalise_label(w), field)
    for label, code in catalog.labels().items():
        choices.setdefault(label, f"ind:{code}")
    return choices


def _match(header: str, choices: dict[str, str]) -> tuple[str, int]:
    norm = normalise_label(header)
    if norm in choices:
        return choices[norm], 100
    if m := _PART_SUFFIX.match(norm):  # "uitval teller", "uitval_noemer"
        base = choices.get(m["base"])
        if base and base.startswith("ind:"):
            return (base if m["part"] == "waarde" else f"{base}:{m['part']}"), 100
    if len(norm) >= 4:
        hit = process.extractOne(norm, list(choices), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if hit:
            return choices[hit[0]], int(hit[1])
    return IGNORE, 0


def propose_mapping(columns: list[str], catalog: Catalog) -> MappingProposal:
    """Guess a target per column; each target is used at most once (the best match wins)."""
    choices = _choices(catalog)
    guesses = {col: _match(col, choices) for col in columns}
    mapping = {col: IGNORE for col in columns}
    scores = {col: 0 for col in columns}
    taken: set[str] = set()
    for col, (target, score) in sorted(guesses.items(), key=lambda kv: -kv[1][1]):
        if target and target not in taken:
            mapping[col], scores[col] = target, score
            taken.add(target)
    targets = set(mapping.values())
    if "team" in targets and not any(t.startswith("ind:") or t == "indicator" for t in targets):
        for col in columns:  # a file of teams without figures: the other columns describe the teams
            if not mapping[col]:
                mapping[col], scores[col] = "kenmerk", 100
    return MappingProposal(mapping, scores)


def infer_layout(mapping: dict[str, str]) -> str:
    """'lang', 'breed', 'teamkenmerken', 'trajecten' or 'onbekend'."""
    targets = set(mapping.values())
    if any(t.startswith("tr:") for t in targets):
        return "trajecten"
    if "indicator" in targets:
        return "lang"
    if any(t.startswith("ind:") for t in targets):
        return "breed"
    if "team" in targets and ("periode" not in targets or targets & {"kenmerk", "gemeente", "wijk"}):
        return "teamkenmerken"
    return "onbekend"


LAYOUT_LABELS = {
    "lang": "lange vorm (één rij per team, periode en indicator)",
    "breed": "brede vorm (één rij per team en periode, één kolom per indicator)",
    "teamkenmerken": "teamkenmerken (één rij per team, of per team en periode)",
    "trajecten": "lijst van trajecten (één rij per traject; de cijfers per team en periode worden berekend)",
    "onbekend": "onbekend",
}


def mapping_problems(mapping: dict[str, str], catalog: Catalog) -> list[str]:
    """Dutch sentences for what the mapping still lacks; empty when it can be applied."""
    problems = []
    values = [t for t in mapping.values() if t]
    for target in sorted({t for t in values if values.count(t) > 1 and t != "kenmerk"}):
        cols = [c for c, t in mapping.items() if t == target]
        if target.startswith("ind:") and combinable(cols):
            continue  # the same figure in another year's column: combined row by row
        listed = ", ".join(f"'{c}'" for c in cols)
        problems.append(f"{target_label(target, catalog)} is aan meer dan één kolom gekoppeld ({listed}); kies er één. "
                        "Alleen kolommen die alleen in hun nummer verschillen (zoals bij het CBS: Naam_88 en Naam_97) "
                        "kunnen samen één indicator vormen.")
    for target in sorted({t for t in values if t.startswith("ind:")}):
        if target.split(":")[1] not in catalog:
            problems.append(f"De indicator '{target.split(':')[1]}' bestaat niet (meer); kies een andere of maak hem "
                            "eerst aan als eigen indicator.")
    layout = infer_layout(mapping)
    targets = set(values)
    if "team" not in targets:
        problems.append("Geen kolom voor het team: koppel de kolom met de teamnamen aan 'team'.")
    if layout == "onbekend":
        problems.append("Er is geen kolom voor de indicator en geen kolom die bij een indicator hoort: "
                        "koppel 'indicator' en 'waarde' (lange vorm) of koppel kolommen aan indicatoren (brede vorm).")
    if layout == "trajecten" and "tr:start" not in targets:
        problems.append("Geen kolom voor de startdatum: koppel de kolom met de begindatum van het traject aan "
                        "'Traject: startdatum traject'.")
    if layout == "trajecten" and (other := [c for c, t in mapping.items() if t and t != "team" and not t.startswith("tr:")]):
        problems.append("In een lijst van trajecten worden de cijfers uit de datums en codes berekend; "
                        + ", ".join(f"'{c}'" for c in other) + " past daar niet bij (periode, indicator, kenmerk, "
                        "gemeente of wijk). Zet die kolommen op 'niet gebruiken'.")
    if layout in ("lang", "breed") and "periode" not in targets:
        problems.append("Geen kolom voor de periode: koppel de kolom met jaar, kwartaal of maand aan 'periode'.")
    if "reeksbreuk" in targets and "periode" not in targets:
        problems.append("Een kolom voor reeksbreuken werkt alleen naast een kolom voor de periode: koppel ook "
                        "'periode', of zet de reeksbreuk op 'niet gebruiken'.")
    if layout == "lang" and "waarde" not in targets and not {"teller", "noemer"} <= targets:
        problems.append("Geen kolom voor de waarde: koppel 'waarde', of 'teller' en 'noemer'.")
    return problems


def header_signature(columns: list[str]) -> str:
    """Same headers (in any order, case or spacing) -> same signature: finds a saved mapping."""
    norm = sorted(normalise_label(c) for c in columns)
    return hashlib.sha1("\u241f".join(norm).encode("utf-8")).hexdigest()


def attribute_columns(mapping: dict[str, str]) -> dict[str, list[str]]:
    """Context variable name -> the columns that hold it. A CBS-numbered column is named by its
    stem (``AantalInwoners_5`` -> ``AantalInwoners``), so the same variable in another year's
    column becomes one variable."""
    named: dict[str, list[str]] = {}
    for col, target in mapping.items():
        if target == "kenmerk":
            named.setdefault(suffix_stem(col), []).append(col)
    return named


def coalesce(frame: pd.DataFrame, columns: list[str]) -> tuple[pd.Series, pd.Series, pd.Series]:
    """One value per row from several columns that hold the same figure: the one that is filled.
    Returns (values, the column each value came from, the names of a second filled column where
    there is one: a conflict). A CBS marker for 'unknown' (``.``) counts as empty."""
    index = frame.index
    if len(columns) == 1:
        col = columns[0]
        return frame[col], pd.Series(col, index=index, dtype=object), pd.Series(None, index=index, dtype=object)
    n = len(frame)
    values = np.full(n, None, dtype=object)
    source = np.full(n, None, dtype=object)
    conflict = np.full(n, None, dtype=object)
    for col in columns:
        cells = frame[col].to_numpy(dtype=object)
        filled = filled_mask(frame[col])
        taken = source != None  # noqa: E711 (element-wise on an object array)
        first = filled & ~taken
        values[first], source[first] = cells[first], col
        for i in np.flatnonzero(filled & taken):
            conflict[i] = col if conflict[i] is None else f"{conflict[i]}, {col}"
        unset = ~filled & (values == None) & pd.notna(cells)  # noqa: E711
        values[unset] = cells[unset]  # keep a marker such as '.' so the row counts as 'ontbreekt'
    source[source == None] = columns[0]  # noqa: E711
    return (pd.Series(values, index=index, dtype=object), pd.Series(source, index=index, dtype=object),
            pd.Series(conflict, index=index, dtype=object))


def apply_mapping(frame: pd.DataFrame, row_numbers, mapping: dict[str, str]) -> pd.DataFrame:
    """Raw cells -> long raw table with the canonical column names (values still as read).

    Columns: _rij, _kolom, team, periode, indicator, waarde, teller, noemer, n, sd, gemeente, wijk,
    and per value part ``_kolom_<part>``, the source column of each value (for scales and messages),
    and ``_dubbel``: a second filled column of combined columns in that row (a conflict).
    ``_kolom`` names the column that holds the value, for messages.
    """
    rows = pd.Series(row_numbers, index=frame.index)
    by_target = {t: c for c, t in mapping.items() if t}
    base = pd.DataFrame({"_rij": rows})
    for field in ("team", "periode", "gemeente", "wijk"):
        base[field] = frame[by_target[field]] if field in by_target else None
    layout = infer_layout(mapping)
    if layout == "lang":
        out = base.copy()
        out["indicator"] = frame[by_target["indicator"]]
        for part in VALUE_PARTS:
            out[part] = frame[by_target[part]] if part in by_target else None
            out[f"_kolom_{part}"] = by_target.get(part)
        out["_kolom"] = by_target.get("waarde") or by_target.get("teller")
        out["_dubbel"] = None
        return out.reset_index(drop=True)
    # wide: one block per indicator, stacked
    per_code: dict[str, dict[str, list[str]]] = {}
    for col, target in mapping.items():
        if target.startswith("ind:"):
            _, code, *part = target.split(":")
            per_code.setdefault(code, {}).setdefault(part[0] if part else "waarde", []).append(col)
    blocks = []
    for code, parts in per_code.items():
        block = base.copy()
        block["indicator"] = code
        block["_dubbel"] = None
        for part in VALUE_PARTS:
            if part in parts:
                values, source, conflict = coalesce(frame, parts[part])
                block[part], block[f"_kolom_{part}"] = values, source
                block["_dubbel"] = block["_dubbel"].fillna(conflict)
            else:
                block[part], block[f"_kolom_{part}"] = None, None
        main = next(p for p in ("waarde", "teller", *VALUE_PARTS) if p in parts)
        block["_kolom"] = block[f"_kolom_{main}"]
        blocks.append(block)
    if not blocks:
        return pd.DataFrame(columns=["_rij", "_kolom", "team", "periode", "indicator", *VALUE_PARTS, "gemeente", "wijk",
                                     *(f"_kolom_{p}" for p in VALUE_PARTS), "_dubbel"])
    return pd.concat(blocks, ignore_index=True)
