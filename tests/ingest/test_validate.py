import datetime as dt

import pandas as pd

from wijkdata.ingest import check_upload, propose_mapping, read_table, rejected_rows_frame

HEADER = "team;periode;indicator;waarde;teller;noemer\n"


def run(body, catalog, previous=None):
    raw = read_table((HEADER + body).encode())
    checked = check_upload(raw, propose_mapping(list(raw.frame.columns), catalog).mapping, catalog,
                           previous=previous, today=dt.date(2026, 11, 22))
    return checked


def issue_rows(checked, words):
    issues = checked.result.issues
    return issues.loc[issues["probleem"].str.contains(words, regex=False), "rij"].tolist()


def issue(checked, words):
    hits = checked.result.issues[checked.result.issues["probleem"].str.contains(words, regex=False)]
    assert len(hits) == 1, checked.result.issues.to_string()
    return hits.iloc[0]


def test_errors_name_row_column_value_and_fix(catalog):
    c = run("A;2024 K9;uitval;1;;\n;2024;uitval;1;;\nA;2024;tevrednheid;7;;\nA;2024;wachttijd;veertien;;\n", catalog)
    row = issue(c, "periode is niet te lezen")
    assert (row.rij, row.kolom, row.waarde, row.ernst) == (2, "periode", "2024 K9", "fout") and "kwartaal" in row.oplossing
    assert issue(c, "teamnaam ontbreekt").rij == 3
    row = issue(c, "niet in de catalogus")
    assert row.rij == 4 and "tevredenheid" in row.oplossing  # suggests the likely code
    row = issue(c, "geen getal")
    assert (row.rij, row.kolom, row.waarde) == (5, "waarde", "veertien")
    assert c.result.rejected_rows == [2, 3, 4, 5] and c.result.n_usable == 0


def test_warnings_keep_the_row(catalog):
    c = run("A;2024;hulp_op_tijd;112;;\nA;2024;tevredenheid;79;;\nA;2024;uitval;;14;9\nA;2024;crisistrajecten;-2;;\n"
            "A;2027 K2;aanmeldingen;40;;\n", catalog)
    assert issue_rows(c, "percentage boven 100") == [2, 4]  # row 4: 14 of 9 is 155%
    assert issue(c, "rapportcijfer buiten").rij == 3
    assert issue(c, "teller is groter dan de noemer").rij == 4
    assert issue(c, "negatief getal").rij == 5
    assert issue(c, "in de toekomst").rij == 6
    assert c.result.n_errors == 0 and c.result.n_usable == 5


def test_a_period_more_than_a_year_ahead_is_an_error(catalog):
    c = run("A;2042 K1;aanmeldingen;40;;\nA;2027 K4;aanmeldingen;40;;\n", catalog)
    row = issue(c, "meer dan een jaar in de toekomst")
    assert (row.rij, row.ernst) == (2, "fout")
    assert c.result.rejected_rows == [2] and c.result.n_usable == 1  # 2027 K4 starts within a year


def test_duplicates_last_row_counts_and_is_listed(catalog):
    c = run("A;2024;uitval;10;;\nA;2024;uitval;12;;\n", catalog)
    row = issue(c, "nog een keer")
    assert row.rij == 2 and "rij 3 telt" in row.probleem
    assert c.result.observations["waarde"].tolist() == [12.0]


def test_jump_against_own_previous_period_in_file_and_store(catalog):
    c = run("A;2024 K1;wachttijd;20;;\nA;2024 K2;wachttijd;70;;\n", catalog)
    assert issue(c, "meer dan 3 keer").rij == 3
    previous = pd.DataFrame({"team": ["B"], "indicator": ["wachttijd"], "periode_start": [dt.date(2024, 1, 1)],
                             "waarde": [15.0], "teller": [None]})
    c = run("B;2024 K2;wachttijd;60;;\n", catalog, previous)
    assert issue(c, "meer dan 3 keer").rij == 2


def test_small_count_jumps_are_noise_not_warnings(catalog):
    c = run("A;2024 K1;crisistrajecten;1;;\nA;2024 K2;crisistrajecten;4;;\n", catalog)
    assert c.result.issues.empty


def test_proportion_from_teller_noemer_and_missing_markers(catalog):
    c = run("A;2024;uitval;;5;40\nA;2024;tevredenheid;.;;\nA;2024;wachttijd;x;;\n", catalog)
    obs = c.result.observations.set_index("indicator")
    assert obs.loc["uitval", "waarde"] == 12.5
    assert pd.isna(obs.loc["tevredenheid", "waarde"]) and c.result.n_missing == 2 and c.result.issues.empty


def test_rejected_rows_file_keeps_original_cells(catalog):
    c = run("A;2024;uitval;10;;\nA;2024;uitval;abc;;\n", catalog)
    frame = rejected_rows_frame(c)
    assert frame["rij"].tolist() == [3] and frame["waarde"].tolist() == ["abc"]
    assert "geen getal" in frame["probleem"].iloc[0]


def test_a_problem_on_very_many_rows_is_named_for_the_first_rows_and_counted_for_the_rest(monkeypatch):
    """A 100 MB file of repeated rows made 1,76 million warnings (2,3 GB, 14 s) that all said the same."""
    import sys

    from wijkdata.service import check_file

    # the module, not the function of the same name that the package exports
    monkeypatch.setattr(sys.modules["wijkdata.ingest.issues"], "MAX_DETAILS", 5)
    rows = "".join(f"Noord;2024-K1;tevredenheid;7,{i % 10}\n" for i in range(13))
    rows += "".join(f"Zuid;2024-K{q};tevredenheid;abc\n" for q in (1, 2, 3, 4)) * 2
    result = check_file(("team;periode;indicator;waarde\n" + rows).encode(), "dubbel.csv").result
    dup = result.issues[result.issues["probleem"].str.startswith("Team, periode en indicator")]
    assert len(dup) == 5
    summary = result.issues[result.issues["probleem"].str.startswith("En nog")]
    assert summary["probleem"].tolist() == ["En nog 7 rijen met hetzelfde probleem; hierboven staan de eerste 5.",
                                            "En nog 3 rijen met hetzelfde probleem; hierboven staan de eerste 5."]
    assert result.n_warnings == 12 and result.n_errors == 8  # every row counted, whatever is listed
    assert len(result.rejected_rows) == 8  # and every row with an error is refused and downloadable
