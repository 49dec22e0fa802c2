"""Own figures from a list of trajecten: a simple rule on its columns, per team and period.

A rule names an indicator of the catalogue and which trajecten it looks at (started or closed in
the period, or running at its end), optionally only those where a column has one of some values.
What it computes follows from the indicator's kind:
- a count (aantal): how many such trajecten;
- a proportion (aandeel): of those, the share where another column has one of some values, with
  teller and noemer;
- a mean or duration: the mean of a numeric column over those trajecten, with n and sd.
Example: "Wachttijd" = the mean of the column 'Wachttijd (dagen)' over the trajecten started in
the period; "Aandeel 12-17 jaar" = of the started trajecten, those with 'Leeftijdsgroep' = 12-17.
"""

from __future__ import annotations

from dataclasses import dataclass

from wijkdata.catalog import Catalog

AMONG = {"gestart": "gestart in de periode", "afgesloten": "afgesloten in de periode",
         "lopend": "lopend aan het eind van de periode"}
MEASURES = {"count": "aantal", "proportion": "aandeel", "mean": "gemiddelde", "duration": "gemiddelde"}
# figures a list of trajecten gives anyway: a rule for one of them would compete with the built-in count
COMPUTED = ("trajecten_gestart", "trajecten_afgesloten", "trajecten_lopend", "crisistrajecten", "uitval",
            "doelen_bereikt", "verwijzingen_specialistisch", "eigen_uitvoering", "bereik_migratie", "bereik_lage_ses",
            "doorlooptijd", "tevredenheid")


@dataclass(frozen=True)
class TrajectoryRule:
    indicator: str
    among: str = "gestart"
    filter_column: str | None = None
    filter_values: tuple[str, ...] = ()
    count_column: str | None = None  # a proportion: the teller are the trajecten where this column ...
    count_values: tuple[str, ...] = ()  # ... has one of these values
    mean_column: str | None = None  # a mean or duration: the numbers of this column

    def to_json(self) -> dict:
        return {"indicator": self.indicator, "welke": self.among, "filter_kolom": self.filter_column,
                "filter_waarden": list(self.filter_values), "teller_kolom": self.count_column,
                "teller_waarden": list(self.count_values), "gemiddelde_kolom": self.mean_column}

    @classmethod
    def from_json(cls, data: dict) -> TrajectoryRule:
        return cls(str(data["indicator"]), str(data.get("welke") or "gestart"), data.get("filter_kolom") or None,
                   tuple(str(v) for v in data.get("filter_waarden") or ()), data.get("teller_kolom") or None,
                   tuple(str(v) for v in data.get("teller_waarden") or ()), data.get("gemiddelde_kolom") or None)

    @property
    def columns(self) -> list[str]:
        return [c for c in (self.filter_column, self.count_column, self.mean_column) if c]

    def describe(self, catalog: Catalog) -> str:
        """One Dutch sentence: what the rule computes."""
        name = catalog[self.indicator].naam if self.indicator in catalog else self.indicator
        which = f"de trajecten {AMONG.get(self.among, self.among)}"
        if self.filter_column:
            which += f" waar ‘{self.filter_column}’ " + _one_of(self.filter_values)
        measure = MEASURES.get(catalog[self.indicator].kind) if self.indicator in catalog else None
        if measure == "aandeel":
            return f"{name}: het deel van {which} waar ‘{self.count_column}’ {_one_of(self.count_values)}."
        if measure == "gemiddelde":
            return f"{name}: het gemiddelde van ‘{self.mean_column}’ over {which}."
        return f"{name}: het aantal {which}."


def _one_of(values) -> str:
    values = [f"‘{v}’" for v in values]
    return ("gelijk is aan " + values[0]) if len(values) == 1 else ("een van " + ", ".join(values) + " is")


def rule_problems(rule: TrajectoryRule, catalog: Catalog, columns) -> list[str]:
    """Dutch sentences for what keeps a rule from being computed; empty when it can be."""
    if rule.indicator not in catalog:
        return [f"De indicator ‘{rule.indicator}’ bestaat niet (meer); maak hem eerst onder Gegevens → Indicatoren."]
    ind = catalog[rule.indicator]
    problems = []
    if rule.indicator in COMPUTED:
        problems.append(f"{ind.naam} wordt al uit de vaste kolommen berekend; kies een andere indicator.")
    measure = MEASURES.get(ind.kind)
    if measure is None:
        problems.append(f"{ind.naam} is een verhouding (per fte of per 1.000); die volgt niet uit een lijst van "
                        "trajecten. Kies een aantal, aandeel of gemiddelde.")
    if rule.among not in AMONG:
        problems.append(f"‘{rule.among}’ is geen keuze; kies gestart, afgesloten of lopend.")
    missing = [c for c in rule.columns if c not in set(columns)]
    if missing:
        problems.append("De kolom " + ", ".join(f"‘{c}’" for c in missing) + " staat niet in dit bestand.")
    if rule.filter_column and not rule.filter_values:
        problems.append(f"Kies bij ‘{rule.filter_column}’ welke waarden meetellen.")
    if measure == "aandeel" and not (rule.count_column and rule.count_values):
        problems.append(f"Voor het aandeel {ind.naam}: kies de kolom en de waarden die in de teller tellen.")
    if measure == "gemiddelde" and not rule.mean_column:
        problems.append(f"Voor het gemiddelde {ind.naam}: kies de kolom met de getallen.")
    return [f"Eigen cijfer {ind.naam}: {p}" if not p.startswith(ind.naam) else p for p in problems]


def text_column(name: str) -> str:
    """The name under which the check hands a rule's column to the computation (as stripped text)."""
    return f"tekst:{name}"


def number_column(name: str) -> str:
    return f"getal:{name}"
