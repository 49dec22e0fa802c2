"""The Vergelijken page's profile (spine chart): the team against its peers on every indicator,
with the sentence that names where it is clearly better or worse, the table behind it and the
sources of the reference values."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wijkdata.stats.compare import BETER, COMPARISON_TEXT, SLECHTER

EXPORT_COLUMNS = ["naam", "eenheid", "periode", "waarde", "ondergrens", "bovengrens", "benchmark", "verwacht_van",
                  "verwacht_tot", "minimum", "q1", "mediaan", "q3", "maximum", "n_teams", "vergelijking", "referentie",
                  "vergelijking_referentie"]
TABLE_COLUMNS = {"naam": "Indicator", "eenheid": "Eenheid", "waarde": "Uw team", "ondergrens": "95%-interval van",
                 "bovengrens": "tot", "benchmark": "Vergelijkingswaarde", "verwacht_van": "Gewoon bereik van",
                 "verwacht_tot": "Gewoon bereik tot", "vergelijking": "Oordeel", "referentie": "Referentie",
                 "vergelijking_referentie": "Oordeel t.o.v. referentie", "n_teams": "Teams met waarde"}


@dataclass
class ProfileView:
    table: pd.DataFrame  # comparison.comparison_table: one row per indicator with its verdict
    summary: str
    sources: list[str]  # where the reference values come from

    def export(self) -> pd.DataFrame:
        return self.table[EXPORT_COLUMNS]

    def shown(self) -> pd.DataFrame:
        """The table under the chart, with Dutch headers."""
        return self.table[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)


def profile_view(table: pd.DataFrame, team_label: str) -> ProfileView:
    judged = table[table["vergelijking"].isin([BETER, SLECHTER])]
    if len(judged):
        summary = f"Profiel van {team_label}: " + "; ".join(f"{r.naam} {COMPARISON_TEXT[r.vergelijking]}"
                                                             for r in judged.itertuples())
    else:
        summary = f"Profiel van {team_label}: op geen indicator duidelijk beter of slechter."
    return ProfileView(table, summary, sorted({s for s in table["referentie_bron"] if s}))
