"""Chart builders: Dutch locale, titles, the row promise, and offline image export."""

import datetime as dt
import json
import re

import pandas as pd
import pytest

from wijkdata.charts import MAX_ROWS, bar_chart, heatmap_chart, spine_chart, to_png, to_svg, trend_chart
from wijkdata.charts.base import check_rows
from wijkdata.comparison import comparison_table, heatmap_table, team_values
from wijkdata.privacy import display_names
from wijkdata.trends import peer_band, spc_for, team_series


def test_trend_chart_png_and_svg_read_dutch(sample, catalog):
    data, obs = sample
    tev = obs[obs["indicator"] == "tevredenheid"]
    # as the store hands them out: with the start date of each period as a Python date
    tev = tev.assign(periode_start=[dt.date(int(p[:4]), 3 * int(p[-1]) - 2, 1) for p in tev["periode"]])
    series = team_series(tev, catalog, "Lindeburg Centrum", 5)
    chart = trend_chart(series, peer_band(tev, catalog, data.teams["team"].tolist(), 5), catalog["tevredenheid"],
                        team_label="Lindeburg Centrum", spc=spc_for(series, "hoger_is_beter"),
                        reference=catalog["tevredenheid"].referenties[0], peer_description="alle 39 andere teams")
    spec = chart.to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["title"]["subtitle"][-1].endswith("Referentie: Associatie Wijkteams, 33 organisaties.")
    svg = to_svg(chart).decode()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "7,5" in texts and not [t for t in texts if re.search(r"\d\.\d", t)]  # a decimal comma on the axis
    assert "Referentie: gemiddelde wijkteams 7,7" in texts
    assert to_png(chart)[:8] == b"\x89PNG\r\n\x1a\n"


def test_comparison_charts_carry_only_display_names(sample, catalog):
    data, obs = sample
    values = team_values(obs, catalog, "jaar", 5)
    own = "Lindeburg Centrum"
    names = display_names(data.teams["team"], "upload-1", own)
    table = comparison_table(values, catalog, own, [t for t in data.teams["team"] if t != own])
    spine = spine_chart(table, team_label=own, peer_description="alle 39 andere teams", period="2026")
    uitval = values[values["indicator"] == "uitval"].assign(vergelijking="vergelijkbaar")
    bars = bar_chart(uitval, catalog["uitval"], names=names, own_team=own, period="2026", total_teams=40)
    text = json.dumps([spine.to_dict(), bars.to_dict()], ensure_ascii=False)
    assert own in text and "Team " in text
    assert "Lindeburg Oost" not in text and "Waterveen Centrum" not in text


def test_no_chart_takes_more_than_5000_rows(sample, catalog):
    with pytest.raises(ValueError):
        check_rows(pd.DataFrame({"x": range(MAX_ROWS + 1)}))
    data, obs = sample
    values = team_values(obs, catalog, "jaar", 5)
    table = heatmap_table(values, catalog, data.teams["team"])
    chart = heatmap_chart(table, row_title="Team", period="2026")
    assert len(chart.to_dict()["datasets"][next(iter(chart.to_dict()["datasets"]))]) == 1000


def test_ranking_shows_the_neighbourhood_of_the_own_team(catalog):
    values = pd.DataFrame({"team": [f"t{i:03d}" for i in range(300)], "waarde": range(300),
                           "ondergrens": range(300), "bovengrens": range(300), "vergelijking": "vergelijkbaar"})
    names = {t: t for t in values["team"]}
    chart = bar_chart(values, catalog["doelen_bereikt"], names=names, own_team="t150", period="2026", total_teams=300)
    rows = chart.to_dict()["datasets"]
    shown = next(iter(rows.values()))
    assert len(shown) == 40 and any(r["naam"] == "t150" and r["eigen"] for r in shown)
    assert chart.to_dict()["title"]["subtitle"][0].startswith("40 van de 300 teams rond uw team")
