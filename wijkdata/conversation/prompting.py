"""Which prompts a step shows: the facilitator's own and pinned prompts, then the prompts the figures
call for (with the reason), then the library's general prompts spread over the three V's. Skipped
prompts make room for the next one."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wijkdata.catalog import VS, Catalog
from wijkdata.conversation.library import prompt_id, prompts
from wijkdata.conversation.triggers import Signal
from wijkdata.text import lower_first

DEFAULT_COUNT = 4


@dataclass(frozen=True)
class ChosenPrompt:
    id: str
    tekst: str
    v: str
    reden: str | None = None  # why the figures call for it; None for a general prompt
    vastgezet: bool = False
    eigen: bool = False


def _triggered(stap: str, signals: list[Signal], focus: list[str], catalog: Catalog) -> list[ChosenPrompt]:
    out = []
    for signal in signals:
        if signal.kind == "profiel":
            out += [ChosenPrompt(prompt_id(stap, s.tekst), s.tekst, s.v, f"{signal.reden} {s.reden}")
                    for s in signal.starters if s.vraag == stap]
            continue
        if signal.indicator is not None and signal.kind != "niet_actief" and signal.indicator not in focus:
            continue
        name = catalog[signal.indicator].naam if signal.indicator in catalog else ""
        for p in prompts():
            if p.stap == stap and p.bij == signal.kind:
                text = p.tekst.replace("{indicator}", name) if p.tekst.startswith("{indicator}") else \
                    p.tekst.replace("{indicator}", lower_first(name))
                out.append(ChosenPrompt(f"{p.id}:{signal.indicator or ''}", text, p.v, signal.reden))
    return out


def _general(stap: str) -> list[ChosenPrompt]:
    """The library's prompts for the step, alternating the V's: verbinden, vertrouwen,
    verantwoordelijkheid, verbinden, …"""
    by_v = {v: [p for p in prompts() if p.stap == stap and p.bij is None and p.v == v] for v in VS}
    out = []
    for i in range(max((len(x) for x in by_v.values()), default=0)):
        for v in VS:
            if i < len(by_v[v]):
                p = by_v[v][i]
                out.append(ChosenPrompt(p.id, p.tekst, p.v))
    return out


def prompts_for(stap: str, signals: list[Signal], focus: list[str], catalog: Catalog,
                actions: pd.DataFrame | None = None, count: int = DEFAULT_COUNT) -> list[ChosenPrompt]:
    """Up to ``count`` prompts for a step (own and pinned prompts come on top of that)."""
    actions = actions if actions is not None and len(actions) else pd.DataFrame(columns=["stap", "vraag_id", "actie",
                                                                                         "tekst", "v"])
    skipped = set(actions.loc[actions["actie"] == "overgeslagen", "vraag_id"])
    pinned = set(actions.loc[actions["actie"] == "vastgezet", "vraag_id"])
    own = [ChosenPrompt(r.vraag_id, r.tekst, r.v or "verbinden", None, False, True)
           for r in actions[(actions["actie"] == "eigen") & (actions["stap"] == stap)].itertuples()
           if r.vraag_id not in skipped]
    candidates, seen = [], set()
    for p in _triggered(stap, signals, focus, catalog) + _general(stap):
        if p.id not in seen and p.id not in skipped:
            seen.add(p.id)
            candidates.append(p)
    fixed = [ChosenPrompt(p.id, p.tekst, p.v, p.reden, True) for p in candidates if p.id in pinned]
    rest = [p for p in candidates if p.id not in pinned][:max(0, count - len(fixed))]
    return own + fixed + rest
