"""Disclosure control that survives subtraction: nothing a page, chart or download shows depends
on the real value of a hidden count, so no difference of totals can bring it back. Replays the
attack of the issue: Overzicht with "laatste periode" and the last year together, the period range
ending one period apart, per team and per gemeente, and the store's download."""

import numpy as np
import pandas as pd
import pytest

from wijkdata.comparison import team_values
from wijkdata.privacy import display_names, protect_cells, shareable_observations, suppress_small_counts
from wijkdata.trends import rolling_year

SECRET = "een geheim van deze installatie"
T = 5


def _perturbed(obs: pd.DataFrame, catalog) -> pd.DataFrame:
    """The same data with every hidden count set to another hidden value (1..5 stays 1..5)."""
    out = obs.copy()
    kinds = out["indicator"].map({i.code: i.kind for i in catalog})
    count = (kinds == "count") & out["waarde"].between(1, T)
    out.loc[count, "waarde"] = out.loc[count, "waarde"] % T + 1
    wide = out["noemer"] > 2 * T
    teller = out["teller"].between(1, T) & wide
    out.loc[teller, "teller"] = out.loc[teller, "teller"] % T + 1
    rest = (out["noemer"] - out["teller"]).between(1, T) & wide & (kinds == "proportion") & ~teller
    out.loc[rest, "teller"] = out.loc[rest, "noemer"] - ((out.loc[rest, "noemer"] - out.loc[rest, "teller"]) % T + 1)
    changed = teller | rest
    out.loc[changed, "waarde"] = 100 * out.loc[changed, "teller"] / out.loc[changed, "noemer"]
    few = out["n"].between(1, T)
    out.loc[few, "waarde"] = out.loc[few, "waarde"] + 1
    assert (count | changed | few).sum() > 200  # the sample has hundreds of hidden counts
    return out


def _everything_shown(obs: pd.DataFrame, catalog, gemeente_of: dict) -> list[pd.DataFrame]:
    """Every number Overzicht, Vergelijken and Trends compute for display, for every end of the
    period range, plus the download of the store."""
    protected = protect_cells(obs, catalog, T, SECRET)
    shown = [shareable_observations(protected, catalog, T, {t: t for t in protected["team"].unique()})]
    for end in sorted(protected["periode"].unique()):
        upto = protected[protected["periode"] <= end]
        for window in ("laatste", "jaar"):
            shown.append(team_values(upto, catalog, window, T))
            shown.append(team_values(upto, catalog, window, T, group_of=gemeente_of))
    for _code, part in protected.groupby("indicator"):
        shown.append(suppress_small_counts(rolling_year(part, catalog), catalog, T))
    return [f.reset_index(drop=True) for f in shown]


def test_no_difference_of_totals_recovers_a_hidden_count(sample, catalog):
    data, obs = sample
    obs = obs.assign(periode_start=0)
    gemeente_of = dict(zip(data.teams["team"], data.teams["gemeente"]))
    real = _everything_shown(obs, catalog, gemeente_of)
    other = _everything_shown(_perturbed(obs, catalog), catalog, gemeente_of)
    for a, b in zip(real, other):
        pd.testing.assert_frame_equal(a, b)


def test_the_attack_of_the_issue_now_gives_the_stand_in(sample, catalog):
    """x(K1) = laatste(K1 next year) - (vier samen up to K4 - vier samen up to K1 next year): today
    this gave 75 of 263 hidden counts of the sample exactly; now it gives a value that does not move
    when the real count does."""
    _, obs = sample
    crisis = obs[obs["indicator"] == "crisistrajecten"]

    def attack(frame):
        protected = protect_cells(frame, catalog, T, SECRET)
        periods = sorted(protected["periode"].unique())
        found = {}
        for i in range(4, len(periods)):
            first, last = periods[i - 4], periods[i]
            year_before = team_values(protected[protected["periode"] <= periods[i - 1]], catalog, "jaar", T)
            year_now = team_values(protected[protected["periode"] <= last], catalog, "jaar", T)
            latest = team_values(protected[protected["periode"] <= last], catalog, "laatste", T)
            merged = year_before.merge(year_now, on="team", suffixes=("_voor", "_nu")).merge(latest, on="team")
            for r in merged.itertuples():
                if not np.isnan(r.waarde_voor) and not np.isnan(r.waarde_nu) and not np.isnan(r.waarde):
                    found[(r.team, first)] = r.waarde_voor - r.waarde_nu + r.waarde
        return found

    hidden = crisis[crisis["waarde"].between(1, T)].set_index(["team", "periode"])["waarde"]
    real, other = attack(crisis), attack(_perturbed(crisis, catalog))
    tried = [k for k in real if k in hidden.index]
    assert len(tried) > 20
    assert all(real[k] == other[k] for k in tried)  # the answer does not depend on the real count


def test_a_share_whose_rest_is_small_is_hidden_in_the_download(catalog):
    obs = pd.DataFrame({"team": ["Noord", "Zuid"], "periode": ["2025-K1", "2025-K1"], "indicator": ["uitval", "uitval"],
                        "waarde": [95.0, 50.0], "teller": [38.0, 20.0], "noemer": [40.0, 40.0], "n": [np.nan] * 2,
                        "sd": [np.nan] * 2})
    out = shareable_observations(protect_cells(obs, catalog, T, SECRET), catalog, T, {"Noord": "Noord", "Zuid": "Zuid"})
    assert out["waarde"].isna().tolist() == [True, False] and out["teller"].isna().tolist() == [True, False]
    assert out["onderdrukt"].tolist() == ["klein aantal", ""]


def test_stand_ins_keep_totals_close_where_leaving_out_biased_them(sample, catalog):
    """The issue measured a shown benchmark of 3,0% for a true 10% when small tellers were left out;
    with stand-ins the pooled total stays near the real one."""
    _, obs = sample
    uitval = obs[obs["indicator"] == "uitval"]
    real = uitval["teller"].sum() / uitval["noemer"].sum()
    protected = protect_cells(uitval, catalog, T, SECRET)
    dropped = uitval[~uitval["teller"].between(1, T)]
    assert abs(protected["teller"].sum() / protected["noemer"].sum() - real) < abs(
        dropped["teller"].sum() / dropped["noemer"].sum() - real)
    assert abs(protected["teller"].sum() / protected["noemer"].sum() / real - 1) < 0.1


def test_pseudonyms_depend_on_the_installations_secret():
    teams = [f"Team {i}" for i in range(40)]
    here = display_names(teams, "geheim-1|upload-alle", None)
    there = display_names(teams, "geheim-2|upload-alle", None)
    assert here != there and sorted(here.values()) == sorted(there.values())


def test_every_installation_gets_its_own_lasting_secret(tmp_path):
    from wijkdata.store import Store

    one = Store(f"sqlite:///{tmp_path / 'een.sqlite'}")
    assert one.secret() == Store(f"sqlite:///{tmp_path / 'een.sqlite'}").secret()
    assert one.secret() != Store(f"sqlite:///{tmp_path / 'twee.sqlite'}").secret() and len(one.secret()) == 64


@pytest.mark.parametrize("threshold", [0])
def test_no_threshold_changes_nothing(sample, catalog, threshold):
    _, obs = sample
    pd.testing.assert_frame_equal(protect_cells(obs, catalog, threshold, SECRET), obs)


def test_small_noemers_and_narrow_shares_do_not_show_through_totals_either(catalog):
    """Shares over 1-5 people and over 6-10 people (where teller and rest can both be small) get
    stand-ins too: the pooled year is the same whatever their real tellers and noemers."""
    def year(tellers, noemers):
        quarters = ["2025-K1", "2025-K2", "2025-K3", "2025-K4"]
        obs = pd.DataFrame({"team": "Noord", "periode": quarters, "indicator": "uitval", "waarde": np.nan,
                            "teller": tellers, "noemer": noemers, "n": np.nan, "sd": np.nan})
        obs["waarde"] = 100 * obs["teller"] / obs["noemer"]
        shown = team_values(protect_cells(obs, catalog, T, SECRET), catalog, "jaar", T)
        return shown[["waarde", "teller", "noemer", "ondergrens", "bovengrens"]].to_numpy()

    base = year([2.0, 3.0, 20.0, 30.0], [4.0, 8.0, 200.0, 300.0])  # a small noemer, a narrow share, two open
    for tellers, noemers in (([1.0, 5.0, 20.0, 30.0], [4.0, 8.0, 200.0, 300.0]),   # other hidden tellers
                             ([3.0, 7.0, 20.0, 30.0], [5.0, 8.0, 200.0, 300.0]),   # another small noemer
                             ([0.0, 2.0, 20.0, 30.0], [2.0, 8.0, 200.0, 300.0])):  # a zero over a small noemer
        np.testing.assert_array_equal(year(tellers, noemers), base)
