"""CBS open data 'Kerncijfers wijken en buurten', recognised by its header.

What a policy officer downloads from CBS StatLine / open data to give wijkteams their context:
``;``-separated, UTF-8 with BOM, one row per region (gemeente, wijk, buurt) and year, columns
numbered per year's table (``AantalInwoners_5``, ``PercentageJongerenMetJeugdzorg_88``; the
number changes from year to year), codes padded with spaces (``WK003401  ``), ``.`` for a value
that is unknown or kept secret, a ``Peildatum`` (1-1-2024) or ``Perioden`` per row.

The plan this module proposes is an ordinary mapping plus options: a row filter on the region
level, one team per region code, yearly periods, the same figure of every year combined into
one own indicator (with CBS as its source) and a short list of context variables. The user sees
every step in the mapping step and can change it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wijkdata.catalog import Catalog, Indicator
from wijkdata.ingest.mapping import MappingProposal
from wijkdata.ingest.numbers import MISSING_MARKERS
from wijkdata.ingest.plan import ImportOptions, distinct_values, suffix_stem
from wijkdata.periods import parse_period

SOURCE = "CBS, Kerncijfers wijken en buurten (CC BY 4.0)"
LEVELS = {"Wijk": "wijken", "Buurt": "buurten", "Gemeente": "gemeenten"}

# Figures per year that matter to a wijkteam: they become own indicators (made once, reused).
FIGURES = {
    "JongerenMetJeugdzorgInNatura": Indicator(
        "cbs_jongeren_jeugdzorg", "Jongeren met jeugdzorg (CBS)",
        "Het aantal jongeren tot 23 jaar met jeugdzorg in natura dat in de wijk woont, volgens het CBS. Bron: " + SOURCE + ".",
        "aantal", "count", "geen_oordeel", "verantwoordelijkheid", eigen=True),
    "PercentageJongerenMetJeugdzorg": Indicator(
        "cbs_pct_jongeren_jeugdzorg", "Jongeren met jeugdzorg, aandeel (CBS)",
        "Het percentage van de jongeren tot 23 jaar in de wijk dat jeugdzorg in natura krijgt, volgens het CBS. Bron: "
        + SOURCE + ".",
        "%", "proportion", "geen_oordeel", "verantwoordelijkheid", eigen=True),
    "WmoClienten": Indicator(
        "cbs_wmo_clienten", "Wmo-cliënten (CBS)",
        "Het aantal inwoners van de wijk met een maatwerkvoorziening uit de Wmo, volgens het CBS. Bron: " + SOURCE + ".",
        "aantal", "count", "geen_oordeel", "verbinden", eigen=True),
    "WmoClientenRelatief": Indicator(
        "cbs_wmo_clienten_per_1000", "Wmo-cliënten per 1.000 inwoners (CBS)",
        "Het aantal Wmo-cliënten per 1.000 inwoners van de wijk, volgens het CBS. Bron: " + SOURCE + ".",
        "per 1.000", "rate", "geen_oordeel", "verbinden", eigen=True),
}
# Context variables a profile can use; every other column is skipped (the user can add it).
CONTEXT = ("AantalInwoners", "k_0Tot15Jaar", "k_15Tot25Jaar", "HuishoudensMetKinderen", "GemiddeldeHuishoudensgrootte",
           "Bevolkingsdichtheid", "MateVanStedelijkheid", "GemiddeldInkomenPerInwoner",
           "HuishoudensMetEenLaagInkomen", "HuishOnderOfRondSociaalMinimum", "PersonenPerSoortUitkeringBijstand")


def _col(columns, stem: str) -> str | None:
    return next((c for c in columns if suffix_stem(c) == stem), None)


def is_cbs_kwb(columns) -> bool:
    """The header of a Kerncijfers wijken en buurten export (typed CSV of CBS open data)."""
    return _col(columns, "WijkenEnBuurten") is not None and _col(columns, "SoortRegio") is not None


@dataclass(frozen=True)
class CbsPlan:
    proposal: MappingProposal
    level: str  # Wijk | Buurt | Gemeente
    levels: list[str]  # the region levels the file holds
    years: list[str]
    new_indicators: tuple[Indicator, ...]  # own indicators the figures need that do not exist yet
    skipped: int  # columns not used by default


def cbs_plan(frame: pd.DataFrame, catalog: Catalog, level: str = "Wijk") -> CbsPlan:
    """The proposed plan for a Kerncijfers export: one team per region of ``level``."""
    columns = list(frame.columns)
    mapping = {c: "" for c in columns}
    region, kind = _col(columns, "WijkenEnBuurten"), _col(columns, "SoortRegio")
    mapping[region] = "team"
    if gemeente := _col(columns, "Gemeentenaam"):
        mapping[gemeente] = "gemeente"
    period = next((c for c in columns if suffix_stem(c) in ("Peildatum", "Perioden", "Jaar")), None)
    if period:
        mapping[period] = "periode"
    flag = _col(columns, "IndelingswijzigingWijkenEnBuurten")
    break_values: tuple[str, ...] = ()
    if flag and period:  # 1: code and boundaries as the year before; anything else: a new series
        mapping[flag] = "reeksbreuk"
        break_values = tuple(v for v in distinct_values(frame[flag], limit=20)
                             if v != "1" and v.lower() not in MISSING_MARKERS)
    new: list[Indicator] = []
    for col in columns:
        stem = suffix_stem(col)
        if stem in FIGURES and period:
            ind = FIGURES[stem]
            mapping[col] = f"ind:{ind.code}"
            if ind.code not in catalog and ind not in new:
                new.append(ind)
        elif stem in CONTEXT:
            mapping[col] = "kenmerk"
    levels = [v for v in distinct_values(frame[kind], limit=10)]
    parsed = [parse_period(v) for v in distinct_values(frame[period], 50)] if period else []
    years = sorted({str(p.start.year) for p in parsed if p is not None})
    options = ImportOptions(row_filter={kind: (level,)}, frequency="jaar" if period else None, break_values=break_values)
    used = sum(1 for t in mapping.values() if t)
    return CbsPlan(MappingProposal(mapping, {c: 100 for c in columns}, options), level, levels, years, tuple(new),
                   len(columns) - used)
