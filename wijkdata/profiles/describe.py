"""Profiles in plain Dutch: a name and a description from the strongest z-scores of each profile's
centre, how the profile differs from the other teams, and two or three conversation starters.

Same profiles in, same words out: features are ranked by the size of their z-score with ties
broken by the order of the variables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijkdata.formatting import format_int, format_value
from wijkdata.text import lower_first
from wijkdata.profiles.vocabulary import Variable, starter_templates

DISTINCT_Z = 0.5  # a profile stands out on a variable when its centre is half an sd from the mean
NAME_FEATURES = 2
DESCRIPTION_FEATURES = 4
NEAR_AVERAGE = "Dicht bij het gemiddelde"


@dataclass(frozen=True)
class Starter:
    """A conversation starter: the question, its V and conversation step, and why it is asked."""

    tekst: str
    v: str
    vraag: str
    reden: str


@dataclass
class ProfileDescription:
    number: int
    naam: str
    beschrijving: str
    teams: list[str]
    differences: pd.DataFrame  # variabele, naam, z, profiel, anderen, eenheid, oordeel, kenmerk; strongest first
    starters: list[Starter]

    @property
    def size(self) -> int:
        return len(self.teams)


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def profile_differences(values: pd.DataFrame, z: pd.DataFrame, labels: pd.Series, number: int,
                        variables: list[Variable]) -> pd.DataFrame:
    """Per variable: the centre's z-score, the mean of the profile's own values and that of the
    other teams (values that were filled in do not count), and what a high or low score means."""
    inside = labels == number
    rows = []
    for order, var in enumerate(variables):
        centre = float(z.loc[inside, var.code].mean())
        high = centre > 0
        rows.append({
            "variabele": var.code, "naam": var.naam, "z": centre, "volgorde": order,
            "profiel": float(values.loc[inside, var.code].mean()), "anderen": float(values.loc[~inside, var.code].mean()),
            "eenheid": var.eenheid, "oordeel": var.judgement(high), "kenmerk": var.phrase(high), "v": var.v,
        })
    frame = pd.DataFrame(rows)
    frame["abs_z"] = frame["z"].abs().round(9)
    frame = frame.sort_values(["abs_z", "volgorde"], ascending=[False, True]).drop(columns=["abs_z", "volgorde"])
    return frame.reset_index(drop=True)


def _distinct(diff: pd.DataFrame) -> pd.DataFrame:
    return diff[diff["z"].abs() >= DISTINCT_Z]


def _name(diff: pd.DataFrame, features: int) -> str:
    phrases = _distinct(diff)["kenmerk"].head(features).tolist()
    if not phrases:
        return NEAR_AVERAGE
    text = ", ".join(phrases)
    return text[0].upper() + text[1:]


def _description(diff: pd.DataFrame, size: int, total: int) -> str:
    distinct = _distinct(diff).head(DESCRIPTION_FEATURES)
    share = f"{format_int(size)} van de {format_int(total)} teams."
    if distinct.empty:
        return f"{share} Dit profiel wijkt op geen van de gekozen gegevens duidelijk af van de andere teams."
    parts = [f"{r.kenmerk} ({format_value(r.profiel, r.eenheid)} tegen {format_value(r.anderen, r.eenheid)})"
             for r in distinct.itertuples()]
    text = f"{share} Vergeleken met de andere teams: {_join(parts)}."
    good = [lower_first(n) for n in distinct.loc[distinct["oordeel"] == "gunstig", "naam"]]
    bad = [lower_first(n) for n in distinct.loc[distinct["oordeel"] == "ongunstig", "naam"]]
    if good:
        text += f" Gunstig bij {_join(good)}."
    if bad:
        text += f" Aandacht voor {_join(bad)}."
    return text


def _starters(diff: pd.DataFrame, name: str) -> list[Starter]:
    templates = starter_templates()
    chosen: list[Starter] = []
    used = set()
    for r in _distinct(diff).itertuples():  # the two strongest features that call for different questions
        template = next((t for t in templates if t.v == r.v and t.richting == r.oordeel), None)
        if template is None or (r.v, r.oordeel) in used:
            continue
        used.add((r.v, r.oordeel))
        reason = (f"Kenmerkend voor dit profiel: {r.kenmerk}, gemiddeld {format_value(r.profiel, r.eenheid)} tegen "
                  f"{format_value(r.anderen, r.eenheid)} bij de andere teams.")
        chosen.append(Starter(template.tekst.format(kenmerk=r.kenmerk, profiel=name), r.v, template.vraag, reason))
        if len(chosen) == 2:
            break
    general = [t for t in templates if t.richting == "algemeen"]
    for template in general[: 3 - len(chosen)]:
        chosen.append(Starter(template.tekst.format(profiel=name, kenmerk=""), template.v, template.vraag,
                              "Een vraag over het profiel als geheel."))
    return chosen


def describe_profiles(values: pd.DataFrame, z: pd.DataFrame, labels: pd.Series,
                      variables: list[Variable]) -> list[ProfileDescription]:
    """One description per profile, in profile order, with unique names."""
    total = len(labels)
    diffs = {int(p): profile_differences(values, z, labels, int(p), variables) for p in np.unique(labels)}
    names = {p: _name(d, NAME_FEATURES) for p, d in diffs.items()}
    for features in range(NAME_FEATURES + 1, len(variables) + 1):  # lengthen names that collide
        clashes = {n for n in names.values() if list(names.values()).count(n) > 1}
        if not clashes:
            break
        names = {p: (_name(diffs[p], features) if n in clashes else n) for p, n in names.items()}
    seen: dict[str, int] = {}
    for p in sorted(names):  # last resort: number what is still the same
        seen[names[p]] = seen.get(names[p], 0) + 1
        if seen[names[p]] > 1:
            names[p] = f"{names[p]} ({seen[names[p]]})"
    out = []
    for p, diff in diffs.items():
        teams = labels.index[labels == p].tolist()
        out.append(ProfileDescription(p, names[p], _description(diff, len(teams), total), teams, diff,
                                      _starters(diff, names[p])))
    return out
