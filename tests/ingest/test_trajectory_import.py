"""A registration system's list of trajecten, from file to stored figures: recognised and mapped,
codes proposed and the unknown ones listed, figures equal to independent pandas arithmetic on the
same rows, personal data refused, nothing of a row kept, a longer export superseding a shorter one."""

import datetime as dt
import logging

import pandas as pd
import pytest

from tests.conftest import SAMPLE
from wijkdata.cli import main
from wijkdata.ingest import IngestError, check_upload, read_table
from wijkdata.ingest.personal import elfproef
from wijkdata.ingest.proposal import propose_plan
from wijkdata.sample_trajectories import REASONS, trajectory_csv, trajectory_frame
from wijkdata.service import check_table, import_checked

TODAY = dt.date(2026, 11, 30)
ADMIN = REASONS["administratief"]


def plan_for(data: bytes, catalog, name="export.csv"):
    raw = read_table(data, name)
    return raw, propose_plan(raw, catalog)


def checked_sample(catalog, data=None, extra_codes=None):
    raw, proposal = plan_for(data or trajectory_csv(), catalog)
    options = proposal.options
    if extra_codes:
        codes = {c: dict(v) for c, v in options.codes.items()}
        for col, more in extra_codes.items():
            codes.setdefault(col, {}).update(more)
        options = options.replace(codes=codes)
    return check_upload(raw, proposal.mapping, catalog, options=options, today=TODAY)


def test_the_shipped_export_is_the_generator_s():
    assert (SAMPLE / "registratie_export_trajecten.csv").read_bytes() == trajectory_csv()
    frame = trajectory_frame()
    assert 1800 <= len(frame) <= 2600 and frame["Wijkteam"].nunique() == 3


def test_the_export_is_recognised_and_its_codes_proposed_except_the_one_without_words(catalog):
    raw, proposal = plan_for(trajectory_csv(), catalog)
    m = proposal.mapping
    assert (m["Wijkteam"], m["Startdatum"], m["Einddatum"], m["Reden beëindiging"]) == ("team", "tr:start", "tr:eind", "tr:reden")
    assert m["Tevredenheid (1-10)"] == "tr:tevredenheid" and m["Trajectnummer"] == "tr:id" and m["Gemeente"] == ""
    reasons = proposal.options.codes["Reden beëindiging"]
    assert reasons[REASONS["uitval"]] == "uitval" and reasons[REASONS["verwezen"]] == "verwezen"
    assert reasons[REASONS["regulier"]] == "regulier" and ADMIN not in reasons
    checked = check_upload(raw, m, catalog, options=proposal.options, today=TODAY)
    assert checked.layout == "trajecten"
    assert list(checked.result.unmapped) == ["Reden beëindiging"] and ADMIN in checked.result.unmapped["Reden beëindiging"]
    line = checked.issues[checked.issues["waarde"] == ADMIN].iloc[0]
    assert line["ernst"] == "waarschuwing" and "nog geen betekenis" in line["probleem"]


def independent(frame: pd.DataFrame, meaning_of_admin: str) -> pd.DataFrame:
    """Uitval, doorlooptijd, tevredenheid and the stock per team and quarter, straight from the rows."""
    rows = frame.assign(start=pd.to_datetime(frame["Startdatum"], format="%d-%m-%Y"),
                        eind=pd.to_datetime(frame["Einddatum"].replace("", None), format="%d-%m-%Y"))
    meaning = {v: k for k, v in REASONS.items()}
    rows["reden"] = rows["Reden beëindiging"].map(meaning).replace({"administratief": meaning_of_admin})
    out = []
    for team, t in rows.groupby("Wijkteam"):
        for q in pd.period_range("2023Q4", "2026Q3", freq="Q"):
            start, end = q.start_time, q.end_time.normalize()
            closed = t[(t["eind"] >= start) & (t["eind"] <= end)]
            counted = closed[closed["reden"].notna() & (closed["reden"] != "onbekend")]
            days = (closed["eind"] - closed["start"]).dt.days
            scores = pd.to_numeric(closed["Tevredenheid (1-10)"].replace("", None))
            out.append({"team": team, "periode": f"{q.year}-K{q.quarter}",
                        "gestart": int(((t["start"] >= start) & (t["start"] <= end)).sum()),
                        "lopend": int(((t["start"] <= end) & (t["eind"].isna() | (t["eind"] > end))).sum()),
                        "uitval_teller": int((counted["reden"] == "uitval").sum()), "uitval_noemer": len(counted),
                        "doorloop": days.mean(), "doorloop_sd": days.std(ddof=1), "doorloop_n": len(days),
                        "tevreden": scores.mean(), "tevreden_n": int(scores.notna().sum())})
    return pd.DataFrame(out)


def test_the_figures_equal_independent_arithmetic_on_the_same_rows(catalog):
    checked = checked_sample(catalog, extra_codes={"Reden beëindiging": {ADMIN: "overig"}})
    assert not checked.result.unmapped and checked.result.n_errors == 0
    obs = checked.result.observations
    wide = obs.pivot_table(index=["team", "periode"], columns="indicator", values=["waarde", "teller", "noemer", "n", "sd"])
    expected = independent(trajectory_frame(), meaning_of_admin="overig")
    assert len(expected) == len(wide) == 36  # 3 teams x 12 quarters, 2023 K4 to 2026 K3
    for row in expected.itertuples():
        got = wide.loc[(row.team, row.periode)]
        assert got[("waarde", "trajecten_gestart")] == row.gestart
        assert got[("waarde", "trajecten_lopend")] == row.lopend
        assert got[("teller", "uitval")] == row.uitval_teller and got[("noemer", "uitval")] == row.uitval_noemer
        assert got[("waarde", "doorlooptijd")] == pytest.approx(row.doorloop)
        assert got[("sd", "doorlooptijd")] == pytest.approx(row.doorloop_sd)
        assert got[("n", "doorlooptijd")] == row.doorloop_n
        assert got[("waarde", "tevredenheid")] == pytest.approx(row.tevreden)
        assert got[("n", "tevredenheid")] == row.tevreden_n


def test_an_unmapped_code_counts_neither_way(catalog):
    without = checked_sample(catalog).result.observations
    as_uitval = checked_sample(catalog, extra_codes={"Reden beëindiging": {ADMIN: "uitval"}}).result.observations
    expected = independent(trajectory_frame(), meaning_of_admin="onbekend")  # left out of teller and noemer
    uitval = without[without["indicator"] == "uitval"].set_index(["team", "periode"])
    for row in expected.itertuples():
        assert uitval.loc[(row.team, row.periode), "teller"] == row.uitval_teller
        assert uitval.loc[(row.team, row.periode), "noemer"] == row.uitval_noemer
    more = as_uitval[as_uitval["indicator"] == "uitval"]["teller"].sum()
    frame = trajectory_frame()
    ended = pd.to_datetime(frame["Einddatum"].replace("", None), format="%d-%m-%Y") <= pd.Timestamp("2026-09-30")
    assert more - uitval["teller"].sum() == ((frame["Reden beëindiging"] == ADMIN) & ended).sum() > 0


def with_column(frame: pd.DataFrame, name: str, values) -> bytes:
    return frame.assign(**{name: values}).to_csv(sep=";", index=False).encode("utf-8")


def test_a_bsn_column_is_refused_and_a_nine_digit_number_that_fails_the_elfproef_is_not(catalog):
    frame = trajectory_frame().head(200)
    valid = [str(n) for n in range(100000000, 100010000) if elfproef(str(n))][:200]
    failing = [str(n) for n in range(100000000, 100010000) if not elfproef(str(n))][:200]
    with pytest.raises(IngestError) as refused:
        checked_sample(catalog, with_column(frame, "Nummer", valid))
    assert "‘Nummer’" in refused.value.message and "BSN" in refused.value.message and valid[0] not in str(refused.value)
    checked = checked_sample(catalog, with_column(frame, "Nummer", failing))
    assert checked.result.n_usable > 0


@pytest.mark.parametrize("header, kind", [("Achternaam", "een naam"), ("Naam", "een naam"), ("Adres", "een adres"),
                                          ("Geboortedatum", "een geboortedatum")])
def test_names_addresses_and_dates_of_birth_are_refused_by_their_header(catalog, header, kind):
    frame = trajectory_frame().head(50)
    with pytest.raises(IngestError) as refused:
        checked_sample(catalog, with_column(frame, header, "x"))
    assert f"‘{header}’ lijkt {kind}" in refused.value.message and "AVG" in refused.value.message


def test_unusable_rows_are_listed_by_number_and_reason_without_their_values(catalog):
    frame = trajectory_frame().head(30).copy()
    frame.loc[2, "Wijkteam"] = ""
    frame.loc[4, "Startdatum"] = "31-02-2025"
    frame.loc[5, ["Startdatum", "Einddatum"]] = ["10-05-2025", "01-05-2025"]
    frame.loc[6, "Startdatum"] = "01-01-2030"
    frame.loc[7, "Trajectnummer"] = frame.loc[8, "Trajectnummer"]
    checked = checked_sample(catalog, frame.to_csv(sep=";", index=False).encode())
    errors = checked.issues[checked.issues["ernst"] == "fout"]
    assert dict(zip(errors["rij"], errors["probleem"])) == {
        4: "De teamnaam ontbreekt.", 6: "De startdatum is niet te lezen als datum.",
        7: "De einddatum ligt vóór de startdatum.", 8: "De startdatum ligt in de toekomst.",
        10: "Dit traject staat al eerder in het bestand (zelfde nummer); de eerste rij telt."}
    assert (errors["waarde"] == "").all()
    assert checked.result.rejected_rows == [4, 6, 7, 8, 10]


def test_nothing_of_a_row_is_stored_or_logged(catalog, store, caplog):
    frame = trajectory_frame()
    client, traject = frame["Cliëntnummer"].iloc[0], frame["Trajectnummer"].iloc[0]
    data = trajectory_csv()
    raw = read_table(data, "export.csv")
    proposal = propose_plan(raw, catalog)
    with caplog.at_level(logging.DEBUG):
        checked = check_table(raw, store, mapping=proposal.mapping, options=proposal.options, today=TODAY)
        ds = import_checked(store, checked, "export.csv", data)
    assert store.dataset_file(ds)[1] == b""
    assert store.datasets().set_index("id").loc[ds, "kind"] == "trajecten"
    with store.engine.connect() as conn:
        from sqlalchemy import text
        dump = "\n".join(str(row) for table in ("datasets", "observations", "team_attributes", "saved_mappings")
                         for row in conn.execute(text(f"SELECT * FROM {table}")))
    for value in (client, traject, frame["Startdatum"].iloc[0]):
        assert value not in dump and value not in caplog.text
    if store.engine.url.get_backend_name() == "sqlite":
        raw_file = open(store.engine.url.database, "rb").read()
        assert client.encode() not in raw_file and traject.encode() not in raw_file
    assert "Reden be" in dump and "Eenzijdig" in dump  # the column names and the code mapping are kept


def test_a_longer_export_supersedes_the_figures_of_the_earlier_one(catalog, store):
    frame = trajectory_frame()
    start = pd.to_datetime(frame["Startdatum"], format="%d-%m-%Y")
    end = pd.to_datetime(frame["Einddatum"].replace("", None), format="%d-%m-%Y")
    cut = pd.Timestamp("2025-08-15")  # the shorter export, taken earlier: what had started by then, as it stood then
    short = frame[start <= cut].copy()
    later = end[start <= cut] > cut
    short.loc[later, ["Einddatum", "Reden beëindiging", "Doelen bereikt", "Tevredenheid (1-10)"]] = ""
    for data in (short.to_csv(sep=";", index=False).encode(), trajectory_csv()):
        raw = read_table(data, "export.csv")
        proposal = propose_plan(raw, catalog)
        import_checked(store, check_table(raw, store, mapping=proposal.mapping, options=proposal.options, today=TODAY),
                       "export.csv", data)
    obs = store.observations()
    lopend = obs[(obs["indicator"] == "trajecten_lopend") & (obs["team"] == "Heuvelrade Centrum")].set_index("periode")
    assert lopend.index.max() == "2026-K3"
    expected = independent(frame, "onbekend").set_index(["team", "periode"])
    for periode in ("2024-K1", "2025-K2"):  # periods both exports hold: the longer export's figures count
        assert lopend.loc[periode, "waarde"] == expected.loc[("Heuvelrade Centrum", periode), "lopend"]
        assert lopend.loc[periode, "dataset_id"] == store.datasets()["id"].max()
    assert (obs.groupby(["team", "periode", "indicator"]).size() == 1).all()
    assert len(store.datasets()) == 2


def test_the_command_line_imports_a_list_of_trajecten(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WIJKDATA_DB_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    path = tmp_path / "export.csv"
    path.write_bytes(trajectory_csv())
    assert main(["import", str(path), "--bron", "trajecten", "--code",
                 f"Reden beëindiging:{ADMIN}=overig"]) == 0
    out = capsys.readouterr().out
    assert "lijst van trajecten" in out and "Het bestand zelf wordt niet bewaard" in out
    assert "nog geen betekenis" not in out
    assert main(["import", str(path), "--bron", "trajecten", "--code", "Reden beëindiging:x=misschien"]) == 2
    assert "past niet bij kolom" in capsys.readouterr().err


def test_a_saved_mapping_keeps_the_meaning_of_the_codes_for_the_next_export(catalog, store):
    from wijkdata.access import OPEN_ACCESS
    from wijkdata.service import proposal_for, save_mapping

    raw, proposal = plan_for(trajectory_csv(), catalog)
    codes = {c: dict(v) for c, v in proposal.options.codes.items()}
    codes["Reden beëindiging"][ADMIN] = "overig"
    save_mapping(store, OPEN_ACCESS, "Ons registratiesysteem", list(raw.frame.columns), proposal.mapping,
                 proposal.options.replace(codes=codes))
    later = read_table(trajectory_frame().head(500).to_csv(sep=";", index=False).encode(), "export_maart.csv")
    again, name = proposal_for(later, store, catalog)
    assert name == "Ons registratiesysteem"
    assert again.options.codes["Reden beëindiging"][ADMIN] == "overig" and again.options.frequency == "kwartaal"
    checked = check_upload(later, again.mapping, catalog, options=again.options, today=TODAY)
    assert checked.layout == "trajecten" and not checked.result.unmapped


def test_own_figures_from_simple_rules_equal_pandas_arithmetic(catalog):
    from wijkdata.catalog import Indicator
    from wijkdata.trajectory_rules import TrajectoryRule

    own = [Indicator("aandeel_tieners", "Aandeel 12-17 jaar", "", "%", "proportion", "geen_oordeel", "verbinden", eigen=True),
           Indicator("gestart_tieners", "Gestart 12-17 jaar", "", "aantal", "count", "geen_oordeel", "verbinden", eigen=True),
           Indicator("tevreden_aanbieder", "Tevredenheid bij een aanbieder", "", "rapportcijfer", "mean",
                     "hoger_is_beter", "vertrouwen", eigen=True)]
    rules = (TrajectoryRule("aandeel_tieners", "gestart", count_column="Leeftijdsgroep", count_values=("12-17",)),
             TrajectoryRule("gestart_tieners", "gestart", filter_column="Leeftijdsgroep", filter_values=("12-17",)),
             TrajectoryRule("tevreden_aanbieder", "afgesloten", filter_column="Uitvoering",
                            filter_values=("Ingekochte aanbieder",), mean_column="Tevredenheid (1-10)"))
    with_own = catalog.with_own(own)
    raw, proposal = plan_for(trajectory_csv(), with_own)
    checked = check_upload(raw, proposal.mapping, with_own, options=proposal.options.replace(rules=rules), today=TODAY)
    obs = checked.result.observations.set_index(["team", "periode", "indicator"])
    frame = trajectory_frame()
    start = pd.to_datetime(frame["Startdatum"], format="%d-%m-%Y")
    end = pd.to_datetime(frame["Einddatum"].replace("", None), format="%d-%m-%Y")
    score = pd.to_numeric(frame["Tevredenheid (1-10)"].replace("", None))
    for team in frame["Wijkteam"].unique():
        for q in pd.period_range("2023Q4", "2026Q3", freq="Q"):
            code = f"{q.year}-K{q.quarter}"
            mine = frame["Wijkteam"] == team
            started = mine & start.between(q.start_time, q.end_time.normalize())
            teens = started & (frame["Leeftijdsgroep"] == "12-17")
            assert obs.loc[(team, code, "gestart_tieners"), "waarde"] == teens.sum()
            assert obs.loc[(team, code, "aandeel_tieners"), "teller"] == teens.sum()
            assert obs.loc[(team, code, "aandeel_tieners"), "noemer"] == started.sum()
            assert obs.loc[(team, code, "aandeel_tieners"), "waarde"] == pytest.approx(100 * teens.sum() / started.sum())
            closed = mine & end.between(q.start_time, q.end_time.normalize()) & (frame["Uitvoering"] == "Ingekochte aanbieder")
            assert obs.loc[(team, code, "tevreden_aanbieder"), "waarde"] == pytest.approx(score[closed].mean())
            assert obs.loc[(team, code, "tevreden_aanbieder"), "n"] == score[closed].notna().sum()
    assert any("Eigen cijfer: Aandeel 12-17 jaar: het deel van de trajecten gestart in de periode waar ‘Leeftijdsgroep’ "
               "gelijk is aan ‘12-17’." == line for line in __import__("wijkdata.ingest.trajectory_check", fromlist=["x"])
               .summary_lines(checked))


def test_a_rule_that_cannot_be_computed_stops_the_check_with_the_reason(catalog):
    from wijkdata.trajectory_rules import TrajectoryRule

    raw, proposal = plan_for(trajectory_csv(), catalog)
    for rule, words in ((TrajectoryRule("uitval", "afgesloten"), "al uit de vaste kolommen"),
                        (TrajectoryRule("wachttijd", "gestart"), "kies de kolom met de getallen"),
                        (TrajectoryRule("wachttijd", "gestart", mean_column="Wachttijd"), "‘Wachttijd’ staat niet in")):
        with pytest.raises(IngestError) as stopped:
            check_upload(raw, proposal.mapping, catalog, options=proposal.options.replace(rules=(rule,)), today=TODAY)
        assert words in stopped.value.message


def test_english_headers_and_excel_dates_are_recognised_too(catalog):
    import io

    frame = trajectory_frame().head(300)
    english = pd.DataFrame({
        "Case ID": frame["Trajectnummer"], "Team": frame["Wijkteam"],
        "Start date": pd.to_datetime(frame["Startdatum"], format="%d-%m-%Y"),
        "End date": pd.to_datetime(frame["Einddatum"].replace("", None), format="%d-%m-%Y"),
        "End reason": frame["Reden beëindiging"], "Goals achieved": frame["Doelen bereikt"].map(
            {"Ja": "yes", "Nee": "no", "Onbekend": "unknown", "": ""}), "Satisfaction": frame["Tevredenheid (1-10)"]})
    buffer = io.BytesIO()
    english.to_excel(buffer, index=False)  # real date cells
    raw, proposal = plan_for(buffer.getvalue(), catalog, "export.xlsx")
    assert [proposal.mapping[c] for c in english.columns] == ["tr:id", "team", "tr:start", "tr:eind", "tr:reden",
                                                              "tr:doelen", "tr:tevredenheid"]
    assert proposal.options.codes["Goals achieved"] == {"yes": "ja", "no": "nee", "unknown": "onbekend"}
    checked = check_upload(raw, proposal.mapping, catalog, options=proposal.options.replace(frequency="maand"), today=TODAY)
    assert checked.result.n_errors == 0 and checked.result.periods[0].count("-") == 1 and "K" not in checked.result.periods[0]
