"""Indicator catalogue: the data file ``data/indicators.toml`` and its loader.

The catalogue is the single place that says what an indicator means, how it is measured and
which direction is better. Everything else (validation, statistics, prompts) asks it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from wijkdata.text import normalise_label

UNITS = ("aantal", "%", "dagen", "rapportcijfer", "per fte")
KINDS = ("count", "proportion", "rate", "mean", "duration")
POLARITIES = ("hoger_is_beter", "lager_is_beter", "geen_oordeel")
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

    @property
    def is_percentage(self) -> bool:
        return self.eenheid == "%"

    @property
    def is_count(self) -> bool:
        return self.kind == "count"

    def phrase(self, high: bool) -> str:
        """Words for a team or profile that scores high (or low) on this indicator."""
        text = self.hoog if high else self.laag
        return text or f"{'hoge' if high else 'lage'} waarde voor {self.naam.lower()}"


class CatalogError(ValueError):
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
        )
        for attr, allowed in (("eenheid", UNITS), ("kind", KINDS), ("polariteit", POLARITIES), ("v", VS)):
            if getattr(ind, attr) not in allowed:
                raise CatalogError(f"Indicator {ind.code}: '{getattr(ind, attr)}' is geen geldige {attr}.")
        indicators.append(ind)
    return indicators


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The catalogue shipped with the package."""
    text = resources.files("wijkdata").joinpath("data/indicators.toml").read_text(encoding="utf-8")
    return Catalog(_parse(tomllib.loads(text)))
