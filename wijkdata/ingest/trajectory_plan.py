"""A registration system's list of trajecten: which column holds what, and what its codes mean.

Targets of the mapping (next to ``team``): ``tr:start`` and ``tr:eind`` (dates), ``tr:id`` (only to
find a traject listed twice), ``tr:tevredenheid`` (a number) and the coded columns of CODED. The
codes of a coded column (``02 Eenzijdig beëindigd door cliënt``) get a meaning per value in the
plan's ``codes``; a value without one is listed in the report and counted neither way.
"""

from __future__ import annotations

import re

import pandas as pd
from rapidfuzz import fuzz, process

from wijkdata.ingest.mapping import SYNONYMS, MappingProposal
from wijkdata.ingest.plan import ImportOptions, distinct_values
from wijkdata.ingest.trajectory_fields import CODED, MAX_CODES, UNKNOWN
from wijkdata.text import normalise_label


_SYNONYMS = {
    "tr:id": ["clientnummer", "client nummer", "client id", "clientid", "traject id", "trajectnummer", "trajectid",
              "dossiernummer", "casusnummer", "zaaknummer", "client", "case id", "client number", "id"],
    "tr:start": ["startdatum", "begindatum", "datum start", "start traject", "startdatum traject", "aanvangsdatum",
                 "ingangsdatum", "datum aanvang", "start date", "startdate", "begin"],
    "tr:eind": ["einddatum", "datum einde", "afsluitdatum", "datum afsluiting", "einddatum traject", "sluitdatum",
                "datum beeindiging", "end date", "enddate", "einde"],
    "tr:reden": ["reden beeindiging", "reden einde", "reden afsluiting", "beeindigingsreden", "reden einde traject",
                 "reden", "wijze van beeindiging", "end reason", "reason for ending"],
    "tr:doelen": ["doelen bereikt", "doel bereikt", "doelrealisatie", "doelen behaald", "doelen gehaald",
                  "goals achieved"],
    "tr:tevredenheid": ["tevredenheid", "tevredenheid client", "clienttevredenheid", "rapportcijfer", "satisfaction"],
    "tr:uitvoering": ["uitvoering", "eigen uitvoering", "uitvoering eigen verwezen", "uitvoerder", "zorg door",
                      "eigen of verwezen"],
    "tr:verwezen": ["verwezen", "verwijzing", "verwezen naar specialistische hulp", "doorverwezen",
                    "verwijzing specialistisch", "specialistische hulp", "referred"],
    "tr:crisis": ["crisis", "crisistraject", "crisis ja nee", "spoed", "crisisinterventie"],
    "tr:migratie": ["migratieachtergrond", "migratie achtergrond", "migratie", "migration background"],
    "tr:lage_ses": ["lage ses", "ses laag", "laag inkomen", "lage sociaaleconomische status", "low ses"],
}
_FUZZY_CUTOFF = 88

# what a user's codes say, by the words in them (normalised, without accents)
_YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x", "wel"}
_NO = {"nee", "n", "no", "0", "false", "onwaar", "niet", "geen"}
_UNKNOWN = {"onbekend", "nvt", "n v t", "unknown", "niet bekend", "weet niet", "niet ingevuld"}
_REASON_WORDS = (
    ("uitval", ("eenzijdig", "voortijdig", "uitval", "afgehaakt", "zonder overeenstemming", "niet meer verschenen",
                "gestopt door client", "gestopt door ouder", "drop out", "dropout")),
    ("verwezen", ("specialistisch", "verwezen", "verwijzing", "overgedragen", "doorverwezen", "jeugdhulpaanbieder")),
    ("regulier", ("volgens plan", "in overleg", "afgerond", "doelen bereikt", "regulier", "beeindigd in overleg",
                  "gezamenlijk")),
    ("overig", ("verhuisd", "overleden", "overig", "anders", "buiten de gemeente")),
)
_OWN_WORDS = ("eigen", "zelf", "wijkteam", "team")
_PROVIDER_WORDS = ("aanbieder", "extern", "ingekocht", "derde", "verwezen", "specialist")


def is_trajectory_list(columns: list[str]) -> bool:
    """A list of trajecten: a start-date column next to an end date or a reason for ending, and no
    column for a period or an indicator (a figures file names those)."""
    found = {t for t, _ in (_match(c) for c in columns) if t}
    figures = {normalise_label(c) for c in columns} & {normalise_label(w) for w in
                                                        SYNONYMS["periode"] + SYNONYMS["indicator"]}
    return "tr:start" in found and bool(found & {"tr:eind", "tr:reden"}) and not figures


def _match(column: str) -> tuple[str, int]:
    norm = normalise_label(re.sub(r"\(.*?\)", " ", column)) or normalise_label(column)  # 'Tevredenheid (1-10)'
    for target, words in _SYNONYMS.items():
        if norm in {normalise_label(w) for w in words}:
            return target, 100
    if len(norm) >= 5:
        choices = {normalise_label(w): t for t, words in _SYNONYMS.items() for w in words if len(w) >= 5}
        if hit := process.extractOne(norm, list(choices), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF):
            return choices[hit[0]], int(hit[1])
    return "", 0


def propose_trajectory_plan(frame: pd.DataFrame) -> MappingProposal:
    """Which column holds what in a trajectory list, and a meaning for the codes whose words say it."""
    columns = list(frame.columns)
    team_words = {normalise_label(w) for w in SYNONYMS["team"]}
    mapping = {c: "" for c in columns}
    scores = {c: 0 for c in columns}
    taken: set[str] = set()
    guesses = {c: ("team", 100) if normalise_label(c) in team_words else _match(c) for c in columns}
    for col, (target, score) in sorted(guesses.items(), key=lambda kv: -kv[1][1]):
        if target and target not in taken:
            mapping[col], scores[col] = target, score
            taken.add(target)
    codes = {col: propose_codes(distinct_values(frame[col], MAX_CODES + 1), target)
             for col, target in mapping.items() if target in CODED}
    return MappingProposal(mapping, scores, ImportOptions(frequency="kwartaal", codes=codes))


def propose_codes(values: list[str], target: str) -> dict[str, str]:
    """A meaning for each value whose words say it; values that say nothing are left out (the
    report lists them until the user chooses)."""
    out = {}
    for value in values[:MAX_CODES]:
        if meaning := propose_meaning(value, target):
            out[value] = meaning
    return out


def propose_meaning(value: str, target: str) -> str | None:
    text = normalise_label(value)
    words = re.sub(r"^\d+\s*", "", text)  # '02 eenzijdig beeindigd' -> its words
    if text in _UNKNOWN or words in _UNKNOWN:
        return UNKNOWN
    if target == "tr:reden":
        for meaning, keys in _REASON_WORDS:
            if any(k in words for k in keys):
                return meaning
        return None
    if target == "tr:uitvoering":
        if any(k in words for k in _PROVIDER_WORDS):
            return "nee"
        if any(k in words for k in _OWN_WORDS):
            return "ja"
    if text in _YES or words in _YES:
        return "ja"
    if text in _NO or words in _NO:
        return "nee"
    return None


def coded_columns(mapping: dict[str, str]) -> dict[str, str]:
    """Column -> target for the columns whose codes need a meaning."""
    return {c: t for c, t in mapping.items() if t in CODED}
