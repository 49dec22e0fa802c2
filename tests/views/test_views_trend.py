"""The trend view that Trends and the conversation both show: one computation, one sentence."""

import pandas as pd

from tests.conversation.test_conversation import obs_frame, plain_rows, proportion_rows
from wijkdata.views.trend import trend_view

PERIODS = [f"{2023 + i // 4}-K{i % 4 + 1}" for i in range(12)]


def test_the_sentence_spans_the_periods_the_trend_test_looked_at_in_the_indicators_unit(catalog):
    shares = [0.10 + 0.01 * i for i in range(12)]
    obs = obs_frame(proportion_rows("Eigen", "uitval", shares) + proportion_rows("Ander", "uitval", [0.12] * 12))
    obs["periode"] = obs.groupby("team").cumcount().map(dict(enumerate(PERIODS)))
    view = trend_view(obs, catalog, "Eigen", "uitval", team_label="Ons team", threshold=5, peers=["Ander"])
    first, last = view.trend["van"], view.trend["tot"]
    assert view.summary.startswith("Uitval van Ons team: van ")
    shown = view.series.set_index("periode")["waarde"]
    assert f"{shown[first]:.1f}%".replace(".", ",") in view.summary and f"{shown[last]:.1f}%".replace(".", ",") in view.summary
    assert view.summary.endswith(view.trend["zin"] + ".")
    assert view.spc is None and view.signals == []  # no SPC unless asked for
    assert list(view.export().columns) == ["periode", "waarde", "ondergrens", "bovengrens", "onderdrukt", "mediaan", "q1",
                                           "q3", "n_teams"]


def test_spc_and_its_signals_come_with_the_view_when_asked_for(catalog):
    values = [20, 21, 19, 20, 22, 20, 19, 21, 30, 31, 29, 30]
    obs = obs_frame(plain_rows("Eigen", "wachttijd", values, PERIODS))
    view = trend_view(obs, catalog, "Eigen", "wachttijd", team_label="Ons team", threshold=5, rebaselines=[])
    assert view.spc is not None and len(view.spc) == 12 and view.signals  # the jump is a signal
    rebased = trend_view(obs, catalog, "Eigen", "wachttijd", team_label="Ons team", threshold=5,
                         rebaselines=[("2025-K1", "nieuwe werkwijze")])
    assert rebased.signals == [] and rebased.band.empty  # no peers asked for: no band


def test_a_team_without_values_gets_a_sentence_that_says_so(catalog):
    obs = obs_frame(plain_rows("Ander", "wachttijd", [20] * 6, PERIODS[:6]))
    view = trend_view(obs, catalog, "Eigen", "wachttijd", team_label="Ons team", threshold=5)
    assert view.summary == "Wachttijd: geen waarden om te tonen voor Ons team." and isinstance(view.series, pd.DataFrame)


def test_the_lines_under_the_heading_name_the_tested_periods_and_the_hidden_values(catalog):
    shares = [0.10 + 0.01 * i for i in range(12)]
    obs = obs_frame(proportion_rows("Eigen", "uitval", shares) + proportion_rows("Ander", "uitval", [0.12] * 12))
    obs["periode"] = obs.groupby("team").cumcount().map(dict(enumerate(PERIODS)))
    view = trend_view(obs, catalog, "Eigen", "uitval", team_label="Ons team", threshold=5, rebaselines=[])
    first, *rest = view.notes(5, after_break=False, per_period=True)
    assert first.startswith("Trend over ")
    assert "99,8%-grens" in first and rest == []  # nothing hidden in these counts
    caption, lines = view.spc_lines()
    assert lines and all(line.startswith(("**SPC-signaal**", "Geen SPC-signalen")) for line in lines)
    short = trend_view(obs[obs["periode"].isin(PERIODS[:3])], catalog, "Eigen", "uitval", team_label="Ons team",
                       threshold=5)
    assert short.notes(5, after_break=True, per_period=True) == [
        "Voor een trend zijn vijf opeenvolgende periodes met een waarde nodig sinds de laatste reeksbreuk."]
    assert short.spc_lines() == ("", [])
