"""Which prompts a step shows: the facilitator's own and pinned prompts, then the prompts the figures
call for (with the reason), then the library's general prompts spread over the three V's. Skipped
prompts make room for the next one.

Prompts fit the moment: one that speaks of last time is left out of a team's first session, and
Verklaren asks about every chosen figure (with its strongest signal and its V) and about every
agreement that was not (fully) done."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wijkdata.catalog import VS, Catalog
from wijkdata.conversation.library import agreement_prompt, figure_prompts, prompt_id, prompts
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


def _per_figure(signals: list[Signal], focus: list[str], catalog: Catalog) -> list[ChosenPrompt]:
    """Verklaren: one prompt per chosen figure, in the figure's V, with its strongest signal as reason."""
    out = []
    for code in focus:
        if code not in catalog:
            continue
        ind = catalog[code]
        v = ind.v if ind.v in VS else VS[0]
        own = [s for s in signals if s.indicator == code and s.kind != "profiel"]
        reason = own[0].reden if own else f"{ind.naam} is een van de cijfers die het team koos voor dit gesprek."
        out.append(ChosenPrompt(f"figuur:{code}", figure_prompts()[v].replace("{indicator}", ind.naam), v, reason))
    return out


def _per_agreement(not_done: pd.DataFrame | None) -> list[ChosenPrompt]:
    """Verklaren: one prompt per agreement the terugblik judged not done or partly done."""
    if not_done is None or not len(not_done):
        return []
    out = []
    for r in not_done[not_done["status"].isin(["niet", "deels"])].itertuples():
        stand = "niet" if r.status == "niet" else "maar deels"
        reason = f"In de terugblik: {'niet gedaan' if r.status == 'niet' else 'deels gedaan'}" + (
            f" ({r.toelichting})." if r.toelichting else ".")
        v = r.v if r.v in VS else "verantwoordelijkheid"
        out.append(ChosenPrompt(f"afspraak:{r.id}", agreement_prompt().format(afspraak=r.wat, stand=stand), v, reason))
    return out


def _general(stap: str, first_session: bool = False) -> list[ChosenPrompt]:
    """The library's prompts for the step, alternating the V's: verbinden, vertrouwen,
    verantwoordelijkheid, verbinden, … In a first session none that speaks of last time."""
    by_v = {v: [p for p in prompts() if p.stap == stap and p.bij is None and p.v == v
                and not (first_session and p.na_eerste)] for v in VS}
    out = []
    for i in range(max((len(x) for x in by_v.values()), default=0)):
        for v in VS:
            if i < len(by_v[v]):
                p = by_v[v][i]
                out.append(ChosenPrompt(p.id, p.tekst, p.v))
    return out


def prompts_for(stap: str, signals: list[Signal], focus: list[str], catalog: Catalog,
                actions: pd.DataFrame | None = None, count: int = DEFAULT_COUNT, first_session: bool = False,
                not_done: pd.DataFrame | None = None) -> list[ChosenPrompt]:
    """Up to ``count`` prompts for a step (own and pinned prompts come on top of that, and so do
    Verklaren's prompts per figure and per agreement). ``first_session``: the team has no earlier
    session; ``not_done``: the agreements its terugblik judged (status niet or deels count)."""
    actions = actions if actions is not None and len(actions) else pd.DataFrame(columns=["stap", "vraag_id", "actie",
                                                                                         "tekst", "v"])
    skipped = set(actions.loc[actions["actie"] == "overgeslagen", "vraag_id"])
    pinned = set(actions.loc[actions["actie"] == "vastgezet", "vraag_id"])
    own = [ChosenPrompt(r.vraag_id, r.tekst, r.v or "verbinden", None, False, True)
           for r in actions[(actions["actie"] == "eigen") & (actions["stap"] == stap)].itertuples()
           if r.vraag_id not in skipped]
    specific = (_per_agreement(not_done) + _per_figure(signals, focus, catalog)) if stap == "verklaren" else []
    specific = [p for p in specific if p.id not in skipped]
    candidates, seen = [], {p.id for p in specific}
    for p in _triggered(stap, signals, focus, catalog) + _general(stap, first_session):
        if p.id not in seen and p.id not in skipped:
            seen.add(p.id)
            candidates.append(p)
    fixed = [ChosenPrompt(p.id, p.tekst, p.v, p.reden, True) for p in candidates if p.id in pinned]
    specific = [ChosenPrompt(p.id, p.tekst, p.v, p.reden, p.id in pinned) for p in specific]
    rest = [p for p in candidates if p.id not in pinned][:max(0, count - len(fixed) - len(specific))]
    if specific and not rest and not fixed:  # always one general question next to the specific ones
        rest = [p for p in candidates if p.id not in pinned][:1]
    return own + fixed + specific + rest
