"""One spelling per team: invisible characters, odd spaces and decomposed accents are cleaned on
the way in; a name that differs from a known team only in case or accents is reported."""

import pytest

from wijkdata.ingest.teams import lookalikes, normalise_name, variants_in_file
from wijkdata.service import check_file, ensure_sample

OWN = "Lindeburg Oost"


@pytest.mark.parametrize("written", [
    "Lindeburg \u200dOost",  # zero-width joiner
    "Lindeburg\u200b Oost",  # zero-width space
    "Lindeburg\u00a0Oost",  # non-breaking space
    "Lindeburg  Oost",  # double space
    " Lindeburg Oost\t",
    "\u202eLindeburg Oost\u202c",  # right-to-left override
    "\ufeffLindeburg Oost",  # a byte-order mark glued to the first cell
])
def test_invisible_differences_become_the_same_name(written):
    assert normalise_name(written) == OWN


def test_composed_and_decomposed_accents_are_one_name():
    assert normalise_name("Cafe\u0301 Noord") == normalise_name("Caf\u00e9 Noord") == "Caf\u00e9 Noord"
    assert normalise_name("\u200b \u00a0") is None and normalise_name(None) is None


def test_lookalikes_name_the_known_team_and_only_a_known_one():
    assert lookalikes(["lindeburg oost", "LINDEBURG OOST", "Lindeburg Oost", "Elders"], [OWN]) == {
        "lindeburg oost": OWN, "LINDEBURG OOST": OWN}
    assert lookalikes(["Cafe Noord", "Café-Noord"], ["Café Noord"]) == {"Cafe Noord": "Café Noord",
                                                                        "Café-Noord": "Café Noord"}
    import pandas as pd
    assert variants_in_file(pd.Series(["Noord", "Noord", "noord", "Zuid"])) == {"noord": "Noord"}


def test_an_upload_with_lookalike_names_keeps_one_team_and_asks_about_the_rest(store):
    ensure_sample(store)
    lines = ["team;periode;indicator;waarde"]
    spellings = ["Lindeburg\u200bOost", "Lindeburg\u00a0Oost", "Lindeburg  Oost", "\u202eLindeburg Oost",
                 "lindeburg oost", "LINDEBURG OOST"]
    lines += [f"{name};2026-K{1 + i % 3};wachttijd;{20 + i}" for i, name in enumerate(spellings)]
    checked = check_file("\n".join(lines).encode(), "namen.csv", store)
    result = checked.result
    assert set(result.observations["team"]) == {OWN}  # never a second Lindeburg Oost
    asked = result.issues[result.issues["oplossing"].str.startswith("Bedoelt u")]
    # 'LindeburgOost' once the zero-width space is gone
    assert sorted(asked["rij"]) == [2, 6, 7] and (asked["oplossing"].str.contains(f"'{OWN}'")).all()
    cleaned = result.issues[result.issues["probleem"].str.contains("onzichtbare tekens")]
    assert sorted(cleaned["rij"]) == [2, 3, 4, 5]
    before = len(store.teams())
    store.import_upload(checked, "namen.csv", "\n".join(lines).encode())
    assert len(store.teams()) == before


def test_more_teams_than_the_limit_refuse_the_file_with_a_dutch_sentence(store, monkeypatch):
    """200,000 invented teams in one file slowed every page; now the file is refused, quickly."""
    from wijkdata.ingest import IngestError

    monkeypatch.setenv("WIJKDATA_MAX_TEAMS", "50")
    rows = "".join(f"Team {i};2026-K1;wachttijd;{i % 90}\n" for i in range(51))
    with pytest.raises(IngestError) as err:
        check_file(("team;periode;indicator;waarde\n" + rows).encode(), "veel.csv", store)
    assert "51 verschillende teamnamen" in err.value.message and "hoogstens 50 teams" in err.value.message
    assert "WIJKDATA_MAX_TEAMS" in err.value.hint
    same = "".join(f"{name};2026-K1;wachttijd;12\n" for name in ["Noord", "noord ", "Noord\u200b"] * 20)
    checked = check_file(("team;periode;indicator;waarde\n" + same).encode(), "spellingen.csv", store)
    assert checked.result.n_usable >= 1  # 60 spellings, but not 51 different teams
