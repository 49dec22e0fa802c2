"""The helpers under wijkdata/ui/ that decide something, tested without a running app: how numbers
read in a table, what a team member sees of an upload's name, which range a link may set, what an
error says, and how the mapping table's edits land in the plan."""

import datetime as dt

import pandas as pd

from wijkdata.access import Access
from wijkdata.ingest import IngestError
from wijkdata.ingest.plan import ImportOptions
from wijkdata.ui.context import _period_range, dataset_labels
from wijkdata.ui.errors import dutch_message
from wijkdata.ui.format import dutch_styler, plain
from wijkdata.ui.mapping_step import SKIP, Plan, apply_table_edits


def test_a_table_reads_with_a_decimal_comma_and_a_thousands_dot():
    html = dutch_styler(pd.DataFrame({"Team": ["A"], "Waarde": [1234.56], "Aantal": [1500]}),
                        decimals={"Aantal": 0}).to_html()
    assert "1.234,6" in html and "1.500" in html and "1234" not in html


def test_an_empty_cell_shows_a_dash_not_nan():
    html = dutch_styler(pd.DataFrame({"Waarde": [float("nan"), 2.0]})).to_html()
    assert "–" in html and "nan" not in html.lower()


def test_typed_text_stays_text_wherever_markdown_is_read():
    for hostile in ["![t](http://x/y.png)", "<script>alert(1)</script>", "[klik](javascript:alert(1))", "**vet**",
                    "# kop", "$x^2$", ":red[rood]"]:
        shown = plain(hostile)
        # escaped with backslashes, and a word joiner after 'http' so that no link is made of it
        assert shown != hostile and shown.replace("\\", "").replace("\u2060", "") == hostile


def test_a_team_member_sees_an_uploads_time_never_its_file_name():
    live = pd.DataFrame({"id": [3], "filename": ["cijfers_Heuvelrade_Kerkwijk.csv"],
                         "uploaded_at": [dt.datetime(2026, 11, 2, 9, 30)]})
    member = Access(role="team", team="Noord")
    manager = Access(role="manager")
    assert "Heuvelrade" not in dataset_labels(live, member)[3] and dataset_labels(live, member)[3].startswith("Upload 3 van")
    assert dataset_labels(live, manager)[3] == "Upload 3: cijfers_Heuvelrade_Kerkwijk.csv"


def test_a_link_sets_a_period_range_only_with_two_known_periods_in_order():
    periods = ["2024-K1", "2024-K2", "2024-K3"]
    assert _period_range("2024-K1..2024-K3", periods) == ("2024-K1", "2024-K3")
    assert _period_range("2024-K3..2024-K1", periods) is None
    assert _period_range("2019-K1..2024-K3", periods) is None
    assert _period_range("2024-K2", periods) is None


def test_an_error_for_the_user_says_its_own_sentence_and_anything_else_says_no_traceback():
    assert dutch_message(IngestError("Het bestand is leeg.", "Kies een ander bestand.")).startswith("Het bestand is leeg.")
    general = dutch_message(KeyError("waarde"))
    assert "waarde" not in general and "KeyError" not in general and "logboek" in general


def test_the_mapping_tables_edits_land_in_the_plan():
    plan = Plan({"A": "team", "B": "waarde", "C": "indicator"}, ImportOptions(scales={"B": 10.0}))
    apply_table_edits(plan, ["A", "B", "C"], {"1": {"schaal": 1.0}, "2": {"koppeling": SKIP}, 0: {"koppeling": "wijk"}})
    assert plan.mapping == {"A": "wijk", "B": "waarde", "C": ""}
    assert plan.options.scales == {}  # back to 1: no scale kept


def test_the_period_range_decides_which_indicators_and_rows_a_page_gets(tmp_path, monkeypatch):
    """The observations are split per indicator once; a range filters the indicator shown."""
    import streamlit as st

    from wijkdata.service import check_file
    from wijkdata.store import data_version
    from wijkdata.ui.analysis import available_indicators, indicator_obs, team_changes
    from wijkdata.ui.context import Context, get_store

    monkeypatch.setenv("WIJKDATA_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    st.cache_resource.clear()
    st.cache_data.clear()
    store = get_store()  # a first start: the sample, 2023-K4 and later
    data = b"team;periode;indicator;waarde\nOud;2019-K1;wachttijd;30\nOud;2019-K2;wachttijd;31\n"
    store.import_upload(check_file(data, "oud.csv", store), "oud.csv", data)
    early = Context(store, data_version(store), None, "Oud", ("2019-K1", "2019-K2"))
    assert available_indicators(early) == ["wachttijd"]
    assert indicator_obs(early, "wachttijd")["periode"].tolist() == ["2019-K1", "2019-K2"]
    assert team_changes(early)["naam"].tolist() == ["Wachttijd"]
    later = Context(store, data_version(store), None, "Oud", ("2024-K1", "2026-K3"))
    assert "wachttijd" in available_indicators(later) and len(available_indicators(later)) > 1
    assert "2019-K1" not in set(indicator_obs(later, "wachttijd")["periode"])
    st.cache_resource.clear()
