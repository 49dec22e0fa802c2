import pandas as pd

from tests.conftest import SAMPLE
from wijkdata.ingest import check_upload, propose_mapping, read_table
from wijkdata.sample import flawed_csv, generate, long_csv, teams_csv, template_csv


def test_same_seed_same_bytes():
    assert long_csv(generate()) == long_csv(generate())


def test_shipped_files_are_what_the_generator_makes():
    data = generate()
    assert (SAMPLE / "wijkdata_voorbeeld_lang.csv").read_bytes() == long_csv(data)
    assert (SAMPLE / "wijkdata_teams.csv").read_bytes() == teams_csv(data)
    assert (SAMPLE / "wijkdata_voorbeeld_met_fouten.csv").read_bytes() == flawed_csv()
    assert (SAMPLE / "sjabloon_lang.csv").read_bytes() == template_csv()


def test_size_and_relations_from_the_research():
    data = generate()
    obs, teams = data.observations, data.teams
    assert 35 <= teams["team"].nunique() <= 45 and teams["gemeente"].nunique() == 12
    assert obs["periode"].nunique() == 12
    eigen = obs[obs["indicator"] == "eigen_uitvoering"].groupby("team")["waarde"].mean()
    actief = eigen > 5
    assert 0.3 < actief.mean() < 0.8
    per_team = obs.pivot_table(index="team", columns="indicator", values="waarde")
    doorloop = per_team["doorlooptijd"]
    assert abs(doorloop[actief].mean() - 337) < 15 and abs(doorloop[~actief].mean() - 389) < 15
    assert per_team["bereik_migratie"][actief].mean() > per_team["bereik_migratie"][~actief].mean()
    assert per_team["verwijzingen_specialistisch"][actief].mean() < per_team["verwijzingen_specialistisch"][~actief].mean()
    assert abs(obs.loc[obs["indicator"] == "tevredenheid", "waarde"].mean() - 7.7) < 0.3
    assert obs["waarde"].isna().sum() > 0  # a few values were not delivered
    assert data.profiles.nunique() == 3


def test_shipped_files_read_cleanly(catalog):
    for name, layout in (("wijkdata_voorbeeld_lang.csv", "lang"), ("wijkdata_voorbeeld_breed.xlsx", "breed"),
                         ("wijkdata_teams.csv", "teamkenmerken")):
        raw = read_table((SAMPLE / name).read_bytes(), name)
        proposal = propose_mapping(list(raw.frame.columns), catalog)
        assert not proposal.uncertain
        checked = check_upload(raw, proposal.mapping, catalog)
        assert checked.layout == layout and checked.result.n_errors == 0


def test_flawed_file_shows_off_the_report(catalog):
    raw = read_table(flawed_csv())
    result = check_upload(raw, propose_mapping(list(raw.frame.columns), catalog).mapping, catalog).result
    assert result.n_errors >= 4 and result.n_warnings >= 5 and result.n_usable > 0
    assert isinstance(result.issues, pd.DataFrame)
