"""From the headers a team happens to use to the canonical fields: propose, confirm, apply.

A mapping is a plain dict ``{source column: target}``. Targets:
  ``team``, ``periode``, ``indicator``, ``waarde``, ``teller``, ``noemer``, ``n``, ``sd``,
  ``gemeente``, ``wijk``                      fields of the long layout and team attributes
  ``ind:<code>`` / ``ind:<code>:teller`` ...  one column per indicator (wide layout)
  ``kenmerk``                                 a context variable of a team (attributes file)
  ``""``                                      not used
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from wijkdata.catalog import Catalog
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
}
VALUE_PARTS = ("waarde", "teller", "noemer", "n", "sd")
PART_LABELS = {"waarde": "waarde", "teller": "teller", "noemer": "noemer", "n": "n", "sd": "sd"}
IGNORE = ""
IGNORE_LABEL = "— niet gebruiken —"

SYNONYMS = {
    "team": ["team", "teamnaam", "naam team", "wijkteam", "buurtteam", "jeugdteam", "team naam", "teamcode", "wijkteam naam"],
    "periode": ["periode", "kwartaal", "jaar", "maand", "datum", "peildatum", "tijdvak", "period", "jaar kwartaal", "verslagperiode"],
    "indicator": ["indicator", "indicatorcode", "indicator code", "code", "indicatornaam", "maat", "meting", "variabele", "onderwerp", "kengetal"],
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
    return FIELDS.get(target, target)


def all_targets(catalog: Catalog) -> list[str]:
    """Every target a user can choose, in the order the mapping step shows them."""
    targets = [IGNORE, *FIELDS]
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
    layout = infer_layout(mapping)
    if layout == "teamkenmerken":
        for col in columns:
            if not mapping[col]:
                mapping[col], scores[col] = "kenmerk", 100
    return MappingProposal(mapping, scores)


def infer_layout(mapping: dict[str, str]) -> str:
    """'lang', 'breed', 'teamkenmerken' or 'onbekend'."""
    targets = set(mapping.values())
    if "indicator" in targets:
        return "lang"
    if any(t.startswith("ind:") for t in targets):
        return "breed"
    if "team" in targets and "periode" not in targets:
        return "teamkenmerken"
    return "onbekend"


LAYOUT_LABELS = {
    "lang": "lange vorm (één rij per team, periode en indicator)",
    "breed": "brede vorm (één rij per team en periode, één kolom per indicator)",
    "teamkenmerken": "teamkenmerken (één rij per team)",
    "onbekend": "onbekend",
}


def mapping_problems(mapping: dict[str, str], catalog: Catalog) -> list[str]:
    """Dutch sentences for what the mapping still lacks; empty when it can be applied."""
    problems = []
    values = [t for t in mapping.values() if t]
    for target in sorted({t for t in values if values.count(t) > 1 and t != "kenmerk"}):
        cols = ", ".join(f"'{c}'" for c, t in mapping.items() if t == target)
        problems.append(f"{target_label(target, catalog)} is aan meer dan één kolom gekoppeld ({cols}); kies er één.")
    layout = infer_layout(mapping)
    targets = set(values)
    if "team" not in targets:
        problems.append("Geen kolom voor het team: koppel de kolom met de teamnamen aan 'team'.")
    if layout == "onbekend":
        problems.append("Er is geen kolom voor de indicator en geen kolom die bij een indicator hoort: "
                        "koppel 'indicator' en 'waarde' (lange vorm) of koppel kolommen aan indicatoren (brede vorm).")
    if layout in ("lang", "breed") and "periode" not in targets:
        problems.append("Geen kolom voor de periode: koppel de kolom met jaar, kwartaal of maand aan 'periode'.")
    if layout == "lang" and "waarde" not in targets and not {"teller", "noemer"} <= targets:
        problems.append("Geen kolom voor de waarde: koppel 'waarde', of 'teller' en 'noemer'.")
    return problems


def header_signature(columns: list[str]) -> str:
    """Same headers (in any order, case or spacing) -> same signature: finds a saved mapping."""
    norm = sorted(normalise_label(c) for c in columns)
    return hashlib.sha1("\u241f".join(norm).encode("utf-8")).hexdigest()


def apply_mapping(frame: pd.DataFrame, row_numbers, mapping: dict[str, str]) -> pd.DataFrame:
    """Raw cells -> long raw table with the canonical column names (values still as read).

    Columns: _rij, _kolom, team, periode, indicator, waarde, teller, noemer, n, sd, gemeente, wijk.
    ``_kolom`` names the source column that holds the value, for messages.
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
        out["_kolom"] = by_target.get("waarde") or by_target.get("teller")
        return out.reset_index(drop=True)
    # wide: one block per indicator, stacked
    per_code: dict[str, dict[str, str]] = {}
    for col, target in mapping.items():
        if target.startswith("ind:"):
            _, code, *part = target.split(":")
            per_code.setdefault(code, {})[part[0] if part else "waarde"] = col
    blocks = []
    for code, parts in per_code.items():
        block = base.copy()
        block["indicator"] = code
        for part in VALUE_PARTS:
            block[part] = frame[parts[part]] if part in parts else None
        block["_kolom"] = parts.get("waarde") or parts.get("teller") or next(iter(parts.values()))
        blocks.append(block)
    if not blocks:
        return pd.DataFrame(columns=["_rij", "_kolom", "team", "periode", "indicator", *VALUE_PARTS, "gemeente", "wijk"])
    return pd.concat(blocks, ignore_index=True)
