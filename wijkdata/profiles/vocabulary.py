"""The words of the profiles: what a variable is called, how a high or low score is described, and
the conversation starters (data file ``data/profielen.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from wijkdata.catalog import Catalog
from wijkdata.text import normalise_label

INDICATOR = "indicator"
KENMERK = "kenmerk"


@dataclass(frozen=True)
class Variable:
    """One column of a team profile: an indicator or a context variable (kenmerk)."""

    code: str
    naam: str
    bron: str  # INDICATOR or KENMERK
    eenheid: str = ""
    polariteit: str = "geen_oordeel"
    v: str = "verbinden"  # a kenmerk is about the neighbourhood: verbinden
    hoog: str = ""
    laag: str = ""

    def phrase(self, high: bool) -> str:
        text = self.hoog if high else self.laag
        return text or f"{'een hoge' if high else 'een lage'} waarde voor {self.naam.lower()}"

    def judgement(self, high: bool) -> str:
        """'gunstig', 'ongunstig' or 'neutraal' for a profile scoring high (or low) on it."""
        if self.polariteit == "hoger_is_beter":
            return "gunstig" if high else "ongunstig"
        if self.polariteit == "lager_is_beter":
            return "ongunstig" if high else "gunstig"
        return "neutraal"


@dataclass(frozen=True)
class KenmerkInfo:
    code: str
    naam: str
    hoog: str
    laag: str
    niveaus: tuple[str, ...] = ()


@dataclass(frozen=True)
class StarterTemplate:
    v: str
    richting: str  # gunstig | ongunstig | neutraal | algemeen
    vraag: str
    tekst: str


@lru_cache(maxsize=1)
def _raw() -> dict:
    text = resources.files("wijkdata").joinpath("data/profielen.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def known_kenmerken() -> dict[str, KenmerkInfo]:
    """Normalised code -> what we know about that context variable."""
    out = {}
    for item in _raw().get("kenmerk", []):
        info = KenmerkInfo(item["code"], item["naam"], item["hoog"], item["laag"], tuple(item.get("niveaus", ())))
        out[normalise_label(info.code)] = info
    return out


@lru_cache(maxsize=1)
def starter_templates() -> tuple[StarterTemplate, ...]:
    return tuple(StarterTemplate(s["v"], s["richting"], s["vraag"], s["tekst"]) for s in _raw().get("starter", []))


def indicator_variable(catalog: Catalog, code: str) -> Variable:
    ind = catalog[code]
    return Variable(code, ind.naam, INDICATOR, ind.eenheid, ind.polariteit, ind.v, ind.phrase(True), ind.phrase(False))


def kenmerk_variable(code: str) -> Variable:
    info = known_kenmerken().get(normalise_label(code))
    if info is None:
        naam = code.replace("_", " ").strip().capitalize()
        return Variable(code, naam, KENMERK)
    return Variable(code, info.naam, KENMERK, hoog=info.hoog, laag=info.laag)


def kenmerk_levels(code: str) -> tuple[str, ...]:
    """The ordered values of a text kenmerk such as stedelijkheid; empty when unknown."""
    info = known_kenmerken().get(normalise_label(code))
    return info.niveaus if info else ()
