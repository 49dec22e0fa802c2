"""The managers' overview: every row (team or gemeente) × indicator with its verdict against all
the other rows shown, the rows with the most 'slechter' first, the sentence under the chart, and
the frames behind it (the long export and the wide table on the page)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.comparison import chance_sentence, heatmap_table, worse_count
from wijkdata.formatting import format_int
from wijkdata.stats.compare import BETER, SLECHTER, VERGELIJKBAAR

EXPORT_COLUMNS = ["team", "naam", "periode", "waarde", "ondergrens", "bovengrens", "benchmark", "vergelijking",
                  "onderdrukt"]


@dataclass
class OverviewView:
    table: pd.DataFrame  # heatmap_table: one row per row × indicator, with 'vergelijking'
    row_order: list[str]  # most 'slechter' first
    row_title: str  # "Team" or "Gemeente"
    row_names: dict[str, str] | None  # how team rows are named for this viewer; None for gemeenten
    indicator_names: list[str]  # the columns, in the chosen order
    period: str
    summary: str

    def export(self) -> pd.DataFrame:
        """One row per cell, rows by the names the viewer may see (the download)."""
        named = self.table["team"].map(self.row_names) if self.row_names else self.table["team"]
        return (self.table.assign(team=named)[EXPORT_COLUMNS]
                .rename(columns={"team": self.row_title.lower(), "naam": "indicator"}))

    def wide(self) -> pd.DataFrame:
        """Rows × indicators of values, in the chart's order (the table on the page)."""
        row = self.row_title.lower()
        wide = self.export().pivot_table(index=row, columns="indicator", values="waarde", aggfunc="first")
        wide = wide.reindex(columns=[n for n in self.indicator_names if n in wide.columns])
        order = [self.row_names.get(r, r) if self.row_names else r for r in self.row_order]
        return wide.reindex(order).reset_index()


def overview_view(values: pd.DataFrame, catalog: Catalog, rows: list[str], indicators: list[str], *,
                  level: str, row_names: dict[str, str] | None) -> OverviewView:
    """``values``: the comparison values of the rows (per team, or per gemeente at that level);
    ``rows``: the rows shown; ``row_names``: the names of team rows the viewer may see."""
    table = heatmap_table(values[values["indicator"].isin(indicators)], catalog, rows)
    row_order = worse_count(table).sort_values(ascending=False).index.tolist()
    period = table["periode"].iloc[0] if len(table) else ""
    n_worse = int((table["vergelijking"] == SLECHTER).sum())
    # cells that can be 'slechter' at all: a judged cell of an indicator with a direction
    n_judged = int((table["vergelijking"].isin([BETER, SLECHTER, VERGELIJKBAAR]) & (table["polariteit"] != "geen_oordeel")).sum())
    what = "gemeenten" if level == "gemeente" else "teams"
    on = f"{len(indicators)} indicatoren" if len(indicators) != 1 else "één indicator"
    summary = (f"Overzicht van {format_int(len(row_order))} {what} op {on} ({period}): "
               f"{format_int(n_worse)} cellen duidelijk slechter dan alle andere getoonde samen. Bovenaan staan de "
               "rijen met de meeste ‘slechter’. "
               + chance_sentence(n_judged, "beoordeelde cellen", share=0.025,
                                 finding=("cel die ‘slechter’ is", "cellen die ‘slechter’ zijn")))
    return OverviewView(table, row_order, "Gemeente" if level == "gemeente" else "Team",
                        None if level == "gemeente" else row_names, [catalog[c].naam for c in indicators], period,
                        summary)
