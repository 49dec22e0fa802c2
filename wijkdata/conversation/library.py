"""The conversation's steps and prompt library (data file ``data/gesprek.toml``)."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from wijkdata.catalog import VS
from wijkdata.errors import UserError

QUESTIONS = ("voorspellen", "herkennen", "verklaren", "waarderen", "verbeteren")  # steps that have prompts
TRIGGERS = ("trend_slechter", "spc_signaal", "slechter_dan_peers", "onder_referentie", "niet_actief", "meten")


@dataclass(frozen=True)
class Step:
    code: str
    naam: str
    instructie: str
    minuten: int


@dataclass(frozen=True)
class Prompt:
    id: str  # stable: derived from the text, so a skipped or pinned prompt stays so
    stap: str
    v: str
    tekst: str
    bij: str | None = None  # the signal that calls for it
    na_eerste: bool = False  # speaks of last time: only when the team had a session before


class LibraryError(UserError, ValueError):
    """The data file itself is wrong (a developer error)."""


@lru_cache(maxsize=1)
def _raw() -> dict:
    return tomllib.loads(resources.files("wijkdata").joinpath("data/gesprek.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def steps() -> tuple[Step, ...]:
    return tuple(Step(s["code"], s["naam"], s["instructie"], int(s["minuten"])) for s in _raw()["stap"])


def step_codes() -> list[str]:
    return [s.code for s in steps()]


def step(code: str) -> Step:
    return next(s for s in steps() if s.code == code)


def prompt_id(stap: str, tekst: str) -> str:
    return f"{stap}-{hashlib.sha1(tekst.encode('utf-8')).hexdigest()[:10]}"


@lru_cache(maxsize=1)
def prompts() -> tuple[Prompt, ...]:
    out = []
    for item in _raw()["vraag"]:
        p = Prompt(prompt_id(item["stap"], item["tekst"]), item["stap"], item["v"], item["tekst"], item.get("bij"),
                   bool(item.get("na_eerste", False)))
        if p.stap not in QUESTIONS or p.v not in VS or (p.bij is not None and p.bij not in TRIGGERS):
            raise LibraryError(f"gesprek.toml: prompt '{p.tekst[:40]}' has an unknown step, V or trigger")
        out.append(p)
    if len({p.id for p in out}) != len(out):
        raise LibraryError("gesprek.toml: a prompt text occurs twice")
    return tuple(out)


@lru_cache(maxsize=1)
def figure_prompts() -> dict[str, str]:
    """Verklaren's prompt per chosen figure, by V; ``{indicator}`` is the figure's name."""
    out = {item["v"]: item["tekst"] for item in _raw()["figuurvraag"]}
    if set(out) != set(VS) or not all("{indicator}" in t for t in out.values()):
        raise LibraryError("gesprek.toml: [[figuurvraag]] needs one prompt with {indicator} per V")
    return out


@lru_cache(maxsize=1)
def agreement_prompt() -> str:
    """Verklaren's prompt about an agreement that was not (fully) done."""
    text = _raw()["afspraakvraag"][0]["tekst"]
    if "{afspraak}" not in text or "{stand}" not in text:
        raise LibraryError("gesprek.toml: [[afspraakvraag]] needs {afspraak} and {stand}")
    return text
