"""The overview managers read: rows with the most 'slechter' on top, a sentence that counts what
the chart shows, and downloads under the names the viewer may see."""

from wijkdata.comparison import team_values
from wijkdata.views.overview import overview_view


def test_the_rows_with_most_worse_cells_come_first_and_the_sentence_counts_them(catalog, sample):
    data, obs = sample
    teams = sorted(obs["team"].unique())
    values = team_values(obs, catalog, "jaar", 5)
    indicators = ["uitval", "tevredenheid", "wachttijd", "doelen_bereikt"]
    names = {t: f"Team {i + 1}" for i, t in enumerate(teams)}
    view = overview_view(values, catalog, teams, indicators, level="team", row_names=names)
    worse = view.table[view.table["vergelijking"] == "slechter"].groupby("team").size().reindex(teams, fill_value=0)
    assert [worse[t] for t in view.row_order] == sorted(worse, reverse=True)
    assert f"{len(teams)} teams op 4 indicatoren" in view.summary
    assert f": {int(worse.sum())} cellen duidelijk slechter" in view.summary
    export = view.export()
    assert list(export.columns)[:2] == ["team", "indicator"] and set(export["team"]) == set(names.values())
    wide = view.wide()
    assert wide["team"].tolist() == [names[t] for t in view.row_order]
    assert list(wide.columns[1:]) == [catalog[c].naam for c in indicators]


def test_gemeente_rows_keep_their_own_names(catalog, sample):
    data, obs = sample
    values = team_values(obs, catalog, "jaar", 5)
    view = overview_view(values, catalog, sorted(obs["team"].unique())[:8], ["uitval"], level="gemeente",
                         row_names={"x": "y"})
    assert view.row_title == "Gemeente" and view.row_names is None
    assert list(view.export().columns)[0] == "gemeente"
    assert view.summary.startswith("Overzicht van 8 gemeenten op één indicator (")
