"""Indicator catalogue: the built-in indicators of ``data/indicators.toml`` plus the own
indicators a user adds (stored in the database, see ``store/indicators.py``).

The catalogue is the single place that says what an indicator means, how it is measured and
which direction is better. Everything else (validation, statistics, prompts) asks it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from wijkdata.errors import UserError
from wijkdata.text import normalise_label

UNITS = ("aantal", "%", "‰", "per 1.000", "dagen", "rapportcijfer", "euro", "per fte", "vrij")
KINDS = ("count", "proportion", "rate", "mean", "duration")
# a value of a proportion or rate is teller / noemer times this: 21,3 (%) for 0,213
UNIT_SCALES = {"%": 100.0, "‰": 1000.0, "per 1.000": 1000.0}
KIND_LABELS = {
    "count": "aantal (een telling per periode)",
    "proportion": "aandeel (teller van noemer, bijvoorbeeld een percentage)",
    "rate": "verhouding (teller per eenheid noemer, bijvoorbeeld per fte of per 1.000 jongeren)",
    "mean": "gemiddelde (bijvoorbeeld een rapportcijfer)",
    "duration": "duur (gemiddeld aantal dagen)",
}
UNIT_LABELS = {"aantal": "aantal", "%": "procent (%)", "‰": "promille (‰)", "per 1.000": "per 1.000",
               "dagen": "dagen", "rapportcijfer": "rapportcijfer (1–10)", "euro": "euro", "per fte": "per fte",
               "vrij": "vrij (geen eenheid)"}
V_LABELS = {"verbinden": "Verbinden", "vertrouwen": "Vertrouwen", "verantwoordelijkheid": "Verantwoordelijkheid"}
POLARITIES = ("hoger_is_beter", "lager_is_beter", "geen_oordeel")
# how a count adds up over periods: a flow (aanmeldingen in the quarter) is summed, a stock
# (trajecten lopend at the end of the quarter) is averaged — four quarters of 200 are 200, not 800
TELLINGEN = ("stroom", "stand")
TELLING_LABELS = {"stroom": "stroom: optellen (zoals aanmeldingen)", "stand": "stand: middelen (zoals lopende trajecten)"}
VS = ("verbinden", "vertrouwen", "verantwoordelijkheid")

POLARITY_LABELS = {
    "hoger_is_beter": "hoger is beter",
    "lager_is_beter": "lager is beter",
    "geen_oordeel": "geen oordeel",
}


@dataclass(frozen=True)
class Reference:
    waarde: float
    label: str
    bron: str


@dataclass(frozen=True)
class Indicator:
    code: str
    naam: str
    uitleg: str
    eenheid: str
    kind: str
    polariteit: str
    v: str
    synoniemen: tuple[str, ...] = ()
    teller: str | None = None
    noemer: str | None = None
    referenties: tuple[Reference, ...] = field(default_factory=tuple)
    hoog: str = ""  # how a profile that scores high is described: "lange trajecten"
    laag: str = ""
    eigen: bool = False  # added by a user (stored in the database), not shipped with the app
    telling: str = "stroom"  # for a count: stroom (summed over periods) or stand (averaged), see TELLINGEN

    @property
    def is_percentage(self) -> bool:
        return self.eenheid == "%"

    @property
    def scale(self) -> float:
        """What teller / noemer is multiplied by to give the value: 100 for a percentage."""
        return UNIT_SCALES.get(self.eenheid, 1.0)

    @property
    def bounds(self) -> tuple[float, float]:
        """The values the measure can take: 0–100 for a percentage, at least 0 for a count, rate
        or duration; control limits are drawn within them."""
        if self.kind == "proportion":
            return 0.0, self.scale
        if self.kind in ("count", "rate", "duration"):
            return 0.0, float("inf")
        return float("-inf"), float("inf")

    @property
    def is_count(self) -> bool:
        return self.kind == "count"

    def phrase(self, high: bool) -> str:
        """Words for a team or profile that scores high (or low) on this indicator."""
        text = self.hoog if high else self.laag
        return text or f"{'hoge' if high else 'lage'} waarde voor {self.naam.lower()}"


class CatalogError(UserError, ValueError):
    """The catalogue file itself is wrong (a developer error, reported in Dutch all the same)."""


class Catalog:
    """All indicators, with lookup by code, Dutch name or synonym."""

    def __init__(self, indicators: list[Indicator]):
        self._by_code = {ind.code: ind for ind in indicators}
        if len(self._by_code) != len(indicators):
            raise CatalogError("De indicatorcatalogus bevat een code twee keer.")
        self._by_label: dict[str, str] = {}
        for ind in indicators:
            for label in (ind.code, ind.naam, *ind.synoniemen):
                self._by_label.setdefault(normalise_label(label), ind.code)

    def __iter__(self):
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> Indicator:
        return self._by_code[code]

    @property
    def codes(self) -> list[str]:
        return list(self._by_code)

    def labels(self) -> dict[str, str]:
        """Normalised label (code, name, synonym) -> code."""
        return dict(self._by_label)

    def lookup(self, text: str) -> str | None:
        """Return the code for a code, name or synonym written loosely; None when unknown."""
        return self._by_label.get(normalise_label(text))

    def with_own(self, own: list[Indicator]) -> Catalog:
        """This catalogue plus the own indicators (after the built-in ones, in the order given)."""
        return Catalog([*self, *own]) if own else self


def _parse(raw: dict) -> list[Indicator]:
    indicators = []
    for item in raw.get("indicator", []):
        refs = tuple(Reference(float(r["waarde"]), r["label"], r["bron"]) for r in item.get("referentie", []))
        ind = Indicator(
            code=item["code"],
            naam=item["naam"],
            uitleg=item["uitleg"],
            eenheid=item["eenheid"],
            kind=item["kind"],
            polariteit=item["polariteit"],
            v=item["v"],
            synoniemen=tuple(item.get("synoniemen", ())),
            teller=item.get("teller"),
            noemer=item.get("noemer"),
            referenties=refs,
            hoog=item.get("hoog", ""),
            laag=item.get("laag", ""),
            telling=item.get("telling", "stroom"),
        )
        for attr, allowed in (("eenheid", UNITS), ("kind", KINDS), ("polariteit", POLARITIES), ("v", VS),
                              ("telling", TELLINGEN)):
            if getattr(ind, attr) not in allowed:
                raise CatalogError(f"Indicator {ind.code}: '{getattr(ind, attr)}' is geen geldige {attr}.")
        indicators.append(ind)
    return indicators


CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
# a unit says which kinds fit it; the first is proposed when a user picks the unit
KINDS_BY_UNIT = {
    "aantal": ("count",), "%": ("proportion",), "‰": ("proportion", "rate"), "per 1.000": ("rate", "proportion"),
    "dagen": ("duration", "mean"), "rapportcijfer": ("mean",), "euro": ("mean", "count"), "per fte": ("rate",),
    "vrij": ("mean", "count", "rate", "proportion", "duration"),
}


def code_from_name(name: str) -> str:
    """A code for an own indicator made from its name: 'Jongeren met jeugdzorg (%)' ->
    'jongeren_met_jeugdzorg'."""
    text = normalise_label(re.sub(r"\(.*?\)", " ", name))
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if not text or not text[0].isalpha():
        text = "eigen_" + text
    return text[:48].rstrip("_")


def definition_problems(ind: Indicator, catalog: Catalog, *, editing: bool = False) -> list[str]:
    """Dutch sentences for what is wrong with an own indicator's definition; empty when it is fine.
    ``editing``: the indicator already exists under this code (it is being changed)."""
    problems = []
    if not CODE_PATTERN.match(ind.code):
        problems.append("De code bestaat uit 2 tot 48 kleine letters, cijfers en liggende streepjes en begint met "
                        "een letter, bijvoorbeeld ‘jongeren_jeugdzorg’.")
    elif ind.code in catalog and (not editing or not catalog[ind.code].eigen):
        what = "een ingebouwde indicator" if not catalog[ind.code].eigen else "een andere eigen indicator"
        problems.append(f"De code ‘{ind.code}’ is al in gebruik voor {what}; kies een andere code.")
    elif (other := catalog.lookup(ind.code)) not in (None, ind.code):
        # a file that names this code would land on the other indicator (its name or synonym)
        problems.append(f"De code ‘{ind.code}’ leest als de indicator ‘{catalog[other].naam}’; kies een andere code.")
    if not ind.naam.strip():
        problems.append("Geef de indicator een naam, zoals die op het scherm moet staan.")
    elif len(ind.naam) > 120:
        problems.append("De naam is langer dan 120 tekens; kort hem in.")
    else:
        same = catalog.lookup(ind.naam)
        if same is not None and same != ind.code:
            problems.append(f"De naam ‘{ind.naam.strip()}’ hoort al bij de indicator ‘{catalog[same].naam}’; "
                            "kies een naam die ze uit elkaar houdt.")
    if len(ind.uitleg) > 1000:
        problems.append("De uitleg is langer dan 1.000 tekens; kort hem in.")
    for attr, allowed, what in (("eenheid", UNITS, "eenheid"), ("kind", KINDS, "soort"),
                                ("polariteit", POLARITIES, "richting"), ("v", VS, "V")):
        if getattr(ind, attr) not in allowed:
            problems.append(f"Kies een {what} uit de lijst.")
    if not problems and ind.kind not in KINDS_BY_UNIT[ind.eenheid]:
        fitting = " of ".join(KIND_LABELS[k].split(" (")[0] for k in KINDS_BY_UNIT[ind.eenheid])
        problems.append(f"Een indicator in de eenheid ‘{UNIT_LABELS[ind.eenheid]}’ is een {fitting}, geen "
                        f"{KIND_LABELS[ind.kind].split(' (')[0]}; kies een andere soort of eenheid.")
    for ref in ind.referenties:
        if not ref.bron.strip():
            problems.append("Noem bij de referentiewaarde de bron, bijvoorbeeld ‘CBS, Kerncijfers wijken en buurten 2024’.")
        if ind.eenheid == "%" and not 0 <= ref.waarde <= 100:
            problems.append("Een referentiewaarde in procenten ligt tussen 0 en 100.")
    return problems


_UNIT_WORDS = (("per 1.000", ("per 1.000", "per 1000", "relatief")), ("‰", ("‰", "promille")),
               ("%", ("%", "percentage", "procent", "aandeel", "pct")), ("dagen", ("dagen", "doorlooptijd", "duur")),
               ("rapportcijfer", ("rapportcijfer", "cijfer")), ("euro", ("€", "euro", "kosten", "bedrag")),
               ("aantal", ("aantal", "totaal")))


def guess_unit(values, name: str = "") -> str:
    """A unit proposed for a column: from a word in its name ('Schoolverzuim (%)', 'Aantal …'),
    else from its values: whole numbers -> aantal, 1-10 with decimals -> rapportcijfer, 0-100
    with decimals -> %; anything else vrij. Only a proposal: the user confirms."""
    lowered = name.lower()
    for unit, words in _UNIT_WORDS:
        if any(w in lowered for w in words):
            return unit

    v = np.asarray([x for x in values if x is not None and np.isfinite(x)], dtype=float)
    if not len(v):
        return "vrij"
    whole = bool(np.all(np.mod(v, 1) == 0))
    lo, hi = float(v.min()), float(v.max())
    if whole and lo >= 0:
        return "aantal"
    if 1 <= lo and hi <= 10:
        return "rapportcijfer"
    if 0 <= lo and hi <= 100:
        return "%"
    return "vrij"


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The catalogue shipped with the package."""
    text = resources.files("wijkdata").joinpath("data/indicators.toml").read_text(encoding="utf-8")
    return Catalog(_parse(tomllib.loads(text)))
