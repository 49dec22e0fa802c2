"""Real files through the core and the command line: CBS Kerncijfers (newest year first, numbered
columns per year, padded codes, '.' markers, missing decimal points, three region levels), a
gemeente monitor with own indicators, and the plan's options (filter, scale, frequency)."""

import numpy as np
import pandas as pd
import pytest

from wijkdata.catalog import Indicator, code_from_name, definition_problems, guess_unit
from wijkdata.cli import main
from wijkdata.ingest import check_upload, read_table
from wijkdata.ingest.cbs import cbs_plan, is_cbs_kwb
from wijkdata.ingest.mapping import apply_mapping, mapping_problems, parse_target, target_label
from wijkdata.ingest.plan import (ImportOptions, apply_row_filter, combinable, missing_decimal_sign, propose_scale,
                                  suffix_stem)
from wijkdata.periods import at_frequency, parse_period, period_ordinal, propose_frequency
from wijkdata.sample_exports import BROKEN_WIJK, cbs_kwb_csv, cbs_kwb_frame, monitor_csv
from wijkdata.service import check_table, import_checked
from wijkdata.stats.intervals import add_intervals
from wijkdata.store import Store, StoreError


def _raw(text: str, name: str = "x.csv"):
    return read_table(text.encode("utf-8"), name)


# ---------------------------------------------------------------------------------- the plan's parts
def test_cbs_numbered_columns_share_a_stem_and_years_do_not():
    assert suffix_stem("PercentageJongerenMetJeugdzorg_88") == "PercentageJongerenMetJeugdzorg"
    assert suffix_stem("k_0Tot15Jaar_8") == "k_0Tot15Jaar"
    assert suffix_stem("inwoners_2024") == "inwoners_2024"  # a year is no CBS number
    assert combinable(["Naam_88", "Naam_97"]) and not combinable(["Naam_88", "Ander_97"])
    assert not combinable(["uitval", "uitval_2024"])  # no CBS number on either


def test_a_peildatum_is_the_year_quarter_or_month_that_holds_it():
    day = parse_period("1-1-2024")
    assert at_frequency(day, "jaar").code == "2024"
    assert at_frequency(parse_period("15-08-2024"), "kwartaal").code == "2024-K3"
    assert at_frequency(parse_period("15-08-2024"), "maand").code == "2024-08"
    assert at_frequency(parse_period("2024"), "kwartaal").code == "2024"  # coarser: reported by the check
    years = [at_frequency(parse_period(f"1-1-{y}"), "jaar").code for y in (2024, 2023, 2022)]
    assert [period_ordinal(c) for c in sorted(years)] == [2022, 2023, 2024]  # consecutive: a series, a trend
    assert propose_frequency([parse_period(f"1-1-{y}") for y in (2023, 2024)]) == "jaar"
    assert propose_frequency([parse_period(d) for d in ("1-4-2024", "1-7-2024")]) == "kwartaal"
    assert propose_frequency([parse_period(d) for d in ("1-2-2024", "1-3-2024")]) == "maand"
    assert propose_frequency([parse_period("1-1-2024")]) is None  # one date says nothing about a rhythm
    assert propose_frequency([parse_period(d) for d in ("3-2-2024", "1-3-2024")]) is None


def test_a_row_filter_compares_without_the_padding():
    frame = pd.DataFrame({"SoortRegio_2": ["Gemeente  ", "Wijk      ", "Buurt     ", "Wijk      "]})
    kept = apply_row_filter(frame, [2, 3, 4, 5], {"SoortRegio_2": ("Wijk",)})
    assert kept.row_numbers == [3, 5] and kept.n_removed == 2


def test_a_lost_decimal_sign_is_found_and_a_scale_proposed():
    values = pd.Series([11.9, 12.3, 119.0, 8.7, 9.1, 14.0, 10.2])
    assert missing_decimal_sign(values).tolist() == [False, False, True, False, False, False, False]
    assert not missing_decimal_sign(pd.Series([8.0, 87.0, 12.0, 40.0])).any()  # nothing with decimals to go by
    assert propose_scale(pd.Series([0.213, 0.4, 0.05]), "%") == 100.0
    assert propose_scale(pd.Series([119.0, 87.0, 240.0]), "%") == 0.1
    assert propose_scale(pd.Series([11.9, 8.7]), "%") == 1.0


def test_options_survive_json_and_say_what_they_do():
    options = ImportOptions({"SoortRegio_2": ("Wijk",)}, {"Pct_88": 0.1}, "jaar")
    assert ImportOptions.from_json(options.to_json()) == options
    assert options.describe() == ["Alleen rijen waar ‘SoortRegio_2’ gelijk is aan ‘Wijk’.",
                                  "Kolom ‘Pct_88’ ÷ 10 gerekend.",
                                  "Een datum in de periodekolom telt als het jaar waarin hij valt."]


def test_combined_columns_take_the_one_filled_value_and_report_two(catalog):
    frame = pd.DataFrame({"team": ["A", "B", "C"], "periode": ["2023", "2024", "2024"],
                          "Pct_88": ["11.9", None, "7.0"], "Pct_97": [".", "8.1", "7.5"]})
    mapping = {"team": "team", "periode": "periode", "Pct_88": "ind:uitval", "Pct_97": "ind:uitval"}
    assert mapping_problems(mapping, catalog) == []
    mapped = apply_mapping(frame, [2, 3, 4], mapping)
    assert mapped["waarde"].tolist() == ["11.9", "8.1", "7.0"]
    assert mapped["_kolom"].tolist() == ["Pct_88", "Pct_97", "Pct_88"]
    assert mapped["_dubbel"].where(mapped["_dubbel"].notna(), None).tolist() == [None, None, "Pct_97"]
    raw = _raw("team;periode;Pct_88;Pct_97\nA;2023;11,9;.\nB;2024;;8,1\nC;2024;7,0;7,5\n")
    checked = check_upload(raw, mapping, catalog)
    errors = checked.issues[checked.issues["ernst"] == "fout"]
    assert errors["rij"].tolist() == [4] and "meer dan één van de samengevoegde kolommen" in errors["probleem"].iloc[0]
    assert checked.result.observations["waarde"].tolist() == [11.9, 8.1]
    # two different figures on one indicator is still refused
    assert mapping_problems({**mapping, "Pct_97": "ind:uitval", "Ander": "ind:uitval"}, catalog)


def test_a_scale_multiplies_the_column_it_is_set_on(catalog):
    raw = _raw("team;periode;uitval;wachttijd\nA;2024-K1;119;20\nA;2024-K2;87;21\n")
    mapping = {"team": "team", "periode": "periode", "uitval": "ind:uitval", "wachttijd": "ind:wachttijd"}
    checked = check_upload(raw, mapping, catalog, options=ImportOptions(scales={"uitval": 0.1}))
    obs = checked.result.observations.set_index(["indicator", "periode"])["waarde"]
    assert obs[("uitval", "2024-K1")] == pytest.approx(11.9) and obs[("wachttijd", "2024-K1")] == 20


def test_a_far_off_indicator_name_gets_no_guess_but_the_own_indicator_route(catalog):
    raw = _raw("team;periode;indicator;waarde\nA;2024;PercentageJongerenMetJeugdzorg;11,9\nA;2024;uitvall;3\n")
    issues = check_upload(raw, {"team": "team", "periode": "periode", "indicator": "indicator", "waarde": "waarde"},
                          catalog).issues
    far = issues[issues["waarde"] == "PercentageJongerenMetJeugdzorg"]["oplossing"].iloc[0]
    assert "Bedoelt u" not in far and "eigen indicator" in far
    assert "Bedoelt u 'uitval'" in issues[issues["waarde"] == "uitvall"]["oplossing"].iloc[0]


def test_every_target_the_report_prints_is_accepted_back(catalog):
    for target in ["team", "periode", "kenmerk", "ind:uitval", "ind:uitval:teller", ""]:
        assert parse_target(target_label(target, catalog), catalog) == target
        assert parse_target(target, catalog) == target
    assert parse_target("Uitval", catalog) == "ind:uitval"
    assert parse_target("iets anders", catalog) is None


# ---------------------------------------------------------------------------------- own indicators
def test_an_own_indicator_is_checked_like_a_form_would(catalog):
    good = Indicator("jeugdzorg_pct", "Jongeren met jeugdzorg", "", "%", "proportion", "geen_oordeel", "verbinden", eigen=True)
    assert definition_problems(good, catalog) == []
    assert any("al in gebruik" in p for p in definition_problems(Indicator(**{**good.__dict__, "code": "uitval"}), catalog))
    assert any("Uitval" in p for p in definition_problems(Indicator(**{**good.__dict__, "naam": "uitval"}), catalog))
    assert any("geen gemiddelde" in p for p in definition_problems(Indicator(**{**good.__dict__, "kind": "mean"}), catalog))
    assert any("code bestaat" in p for p in definition_problems(Indicator(**{**good.__dict__, "code": "Jeugd zorg"}), catalog))
    assert code_from_name("Jongeren met jeugdzorg (%)") == "jongeren_met_jeugdzorg"
    assert guess_unit([2.1, 8.4], "Schoolverzuim (%)") == "%" and guess_unit([3, 40, 12]) == "aantal"
    assert guess_unit([6.5, 7.9]) == "rapportcijfer"


def test_own_indicators_are_stored_listed_changed_and_kept_while_used(store):
    ind = Indicator("verzuim", "Schoolverzuim", "Aandeel leerlingen met verzuim.", "%", "proportion", "lager_is_beter",
                    "verantwoordelijkheid", eigen=True)
    before = store.engine.connect().exec_driver_sql("select number from app_state where key='versie'").scalar()
    store.indicators.save(ind)
    assert store.catalog()["verzuim"].eigen and store.catalog().lookup("schoolverzuim") == "verzuim"
    assert store.engine.connect().exec_driver_sql("select number from app_state where key='versie'").scalar() > before
    with pytest.raises(StoreError, match="al in gebruik"):
        store.indicators.save(ind)
    store.indicators.save(Indicator(**{**ind.__dict__, "naam": "Verzuim op school"}), editing=True)
    assert store.catalog()["verzuim"].naam == "Verzuim op school"
    data = b"team;periode;verzuim teller;verzuim noemer\nA;2024;3;200\n"
    checked = check_table(read_table(data, "v.csv"), store)
    assert checked.result.observations["waarde"].tolist() == [1.5]  # teller/noemer x 100: a percentage
    import_checked(store, checked, "v.csv", data)
    with pytest.raises(StoreError, match="opgeslagen waarden"):
        store.indicators.remove("verzuim")

    # a count says how it adds up over periods, and keeps it
    store.indicators.save(Indicator("wachtlijst", "Jeugdigen op de wachtlijst", "Op de laatste dag.", "aantal", "count",
                                    "lager_is_beter", "vertrouwen", eigen=True, telling="stand"))
    assert store.catalog()["wachtlijst"].telling == "stand" and store.catalog()["verzuim"].telling == "stroom"


def test_a_rate_per_1000_gets_its_interval_in_its_own_unit(catalog):
    own = catalog.with_own([Indicator("wmo_rel", "Wmo per 1.000", "", "per 1.000", "rate", "geen_oordeel", "verbinden")])
    obs = pd.DataFrame({"indicator": ["wmo_rel"], "waarde": [50.0], "teller": [100.0], "noemer": [2000.0],
                        "n": [np.nan], "sd": [np.nan]})
    ci = add_intervals(obs, own).iloc[0]
    assert ci["ondergrens"] < 50 < ci["bovengrens"] and 35 < ci["ondergrens"] < 45


# ---------------------------------------------------------------------------------- CBS Kerncijfers
def test_the_cbs_export_is_recognised_and_its_plan_proposed(catalog):
    frame = cbs_kwb_frame()
    assert frame.shape == (1498, 411) and is_cbs_kwb(frame.columns)
    assert frame["Peildatum"].iloc[0] == "1-1-2024" and frame["Peildatum"].iloc[-1] == "1-1-2018"  # newest first
    plan = cbs_plan(frame, catalog)
    assert plan.levels == ["Gemeente", "Wijk", "Buurt"] and plan.years == [str(y) for y in range(2018, 2025)]
    mapping = plan.proposal.mapping
    assert mapping["WijkenEnBuurten"] == "team" and mapping["Peildatum"] == "periode"
    pct = [c for c, t in mapping.items() if t == "ind:cbs_pct_jongeren_jeugdzorg"]
    assert len(pct) == 7 and len({suffix_stem(c) for c in pct}) == 1  # the same figure in every year's column
    assert {i.code for i in plan.new_indicators} >= {"cbs_pct_jongeren_jeugdzorg", "cbs_wmo_clienten_per_1000"}


def test_a_cbs_export_imports_wijken_as_teams_per_year_and_attributes_per_period(store):
    data = cbs_kwb_csv()
    checked = check_table(read_table(data, "kwb.csv"), store)
    assert checked.layout == "breed" and checked.n_filtered == 1001
    assert checked.result.n_usable == 71 * 7 * 4 and checked.result.n_errors == 0
    # nothing mapped disappears unlisted: the 2024 jeugdzorg columns hold only '.', and say so
    assert set(checked.unused_columns) == {"JongerenMetJeugdzorgInNatura_88", "PercentageJongerenMetJeugdzorg_89"}
    import_checked(store, checked, "kwb.csv", data)
    obs = store.observations()
    assert obs["team"].nunique() == 71 and not obs["team"].str.startswith(("BU", "GM")).any()
    assert sorted(obs["periode"].unique()) == [str(y) for y in range(2018, 2025)]
    teams = store.teams().set_index("team")
    inwoners_2024 = int(cbs_kwb_frame().query("Codering_3.str.strip() == 'WK003401' and Peildatum == '1-1-2024'")
                        ["AantalInwoners_5"].iloc[0])
    assert teams.loc["WK003401", "kenmerken"]["AantalInwoners"] == inwoners_2024  # newest year, not the last row
    assert teams.loc["WK003401", "kenmerken_periode"]["AantalInwoners"] == "2024"


def test_the_command_line_takes_the_same_plan(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WIJKDATA_DB_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    kwb = tmp_path / "kwb.csv"
    kwb.write_bytes(cbs_kwb_csv(n_wijken=8, n_columns=80))
    assert main(["validate", str(kwb), "--bron", "cbs-kwb", "--niveau", "buurt"]) == 0
    out = capsys.readouterr().out
    assert "Alleen rijen waar ‘SoortRegio_2’ gelijk is aan ‘Buurt’." in out
    assert "Nieuwe indicator bij importeren: cbs_pct_jongeren_jeugdzorg" in out
    monitor = tmp_path / "monitor.csv"
    monitor.write_bytes(monitor_csv())
    args = ["import", str(monitor), "--koppel", "Wijkteam=team", "--koppel", "Jaar=periode",
            "--koppel", "Gemeente=gemeente", "--koppel", "Aantal meldingen huiselijk geweld=ind:meldingen_hg",
            "--nieuwe-indicator", "code=meldingen_hg,naam=Meldingen huiselijk geweld,eenheid=aantal,soort=aantal",
            "--koppel", "Schoolverzuim (%)=teamkenmerk (context)", "--schaal", "Uitval=/10"]
    assert main(args) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "Kolom ‘Uitval’ ÷ 10 gerekend." in out and "Geïmporteerd als upload" in out
    store = Store()
    assert store.catalog()["meldingen_hg"].eigen
    obs = store.observations(teams=["Wijkteam Noord"]).set_index(["indicator", "periode"])["waarde"]
    assert obs[("uitval", "2021")] < 2.1  # 5-20 % scaled down tenfold, as asked
    kwb_import = tmp_path / "kwb_wijk.csv"
    kwb_import.write_bytes(cbs_kwb_csv(n_wijken=BROKEN_WIJK, n_columns=80))
    assert main(["import", str(kwb_import)]) == 0, capsys.readouterr().err
    assert store.breaks.all()["team"].tolist() == [f"WK0034{BROKEN_WIJK:02d}"]  # the CLI keeps the break values
    assert main(["import", str(monitor), "--schaal", "Uitval=/7"]) == 2
    assert "schaal '/7'" in capsys.readouterr().err
    target = tmp_path / "uit.csv"
    assert main(["export", str(target)]) == 0
    exported = pd.read_csv(target, sep=";", decimal=",")
    assert list(exported.columns) == ["team", "periode", "indicator", "waarde", "teller", "noemer", "n", "sd"]
    assert len(exported) == len(store.observations())  # unsuppressed: the data owner's copy
    assert main(["export", str(target), "--teamkenmerken"]) == 0
    attrs = pd.read_csv(target, sep=";", decimal=",")
    assert "Schoolverzuim (%)" in attrs.columns and "Schoolverzuim (%) (periode)" in attrs.columns


def test_cbs_period_codes_are_read():
    assert parse_period("2024JJ00").code == "2024" and parse_period("2024KW03").code == "2024-K3"
    assert parse_period("2024MM11").code == "2024-11" and parse_period("2024KW05") is None


def test_a_team_twice_in_an_attributes_file_keeps_the_last_row_and_says_so(store):
    data = b"team;gemeente;inwoners\nNoord;Lindeburg;100\nNoord;Lindeburg;120\n"
    checked = check_table(read_table(data, "t.csv"), store)
    assert checked.result.teams["kenmerken"].tolist() == [{"inwoners": 120.0}]
    assert "de laatste rij daarvan telt" in checked.issues["probleem"].iloc[0]
    import_checked(store, checked, "t.csv", data)
    assert store.teams().set_index("team").loc["Noord", "kenmerken"] == {"inwoners": 120.0}


def test_series_breaks_come_only_from_rows_the_check_kept(store):
    from wijkdata.access import Access

    data = (b"team;periode;uitval;reeks\nNoord;2024;10;ja\nZuid;2024;12;ja\nOost;2024;x;ja\n")
    mapping = {"team": "team", "periode": "periode", "uitval": "ind:uitval", "reeks": "reeksbreuk"}
    options = ImportOptions(break_values=("ja",))
    everyone = check_table(read_table(data, "r.csv"), store, mapping=mapping, options=options)
    assert sorted(everyone.series_breaks["team"]) == ["Noord", "Oost", "Zuid"]  # 'x' is ontbreekt: a kept row
    own = check_table(read_table(data, "r.csv"), store, access=Access("team", "a@b.nl", "Noord"), mapping=mapping,
                      options=options)
    assert own.series_breaks["team"].tolist() == ["Noord"]  # never another team's series
    assert mapping_problems({"team": "team", "uitval": "ind:uitval", "reeks": "reeksbreuk"}, store.catalog())


def test_saved_options_follow_headers_written_otherwise(store):
    from wijkdata.access import OPEN_ACCESS
    from wijkdata.service import proposal_for, save_mapping

    save_mapping(store, OPEN_ACCESS, "cbs", ["Soort", "Team", "Pct"], {"Team": "team", "Soort": "", "Pct": "kenmerk"},
                 ImportOptions({"Soort": ("Wijk",)}, {"Pct": 0.1}))
    raw = read_table(b"soort ;team;PCT\nWijk;A;119\n", "x.csv")
    proposal, name = proposal_for(raw, store, store.catalog())
    assert name == "cbs" and proposal.options.row_filter == {"soort": ("Wijk",)} and proposal.options.scales == {"PCT": 0.1}


def test_own_indicator_codes_that_read_as_another_and_units_that_would_change_stored_values(store, catalog):
    clash = Indicator("instroom", "Instroom eigen", "", "aantal", "count", "geen_oordeel", "verbinden", eigen=True)
    assert any("leest als de indicator ‘Aanmeldingen’" in p for p in definition_problems(clash, catalog))
    ind = Indicator("kosten", "Kosten per traject", "", "euro", "count", "lager_is_beter", "verbinden", eigen=True)
    store.indicators.save(ind)
    data = b"team;periode;kosten\nNoord;2024;3\n"
    ds = import_checked(store, check_table(read_table(data, "k.csv"), store), "k.csv", data)
    with pytest.raises(StoreError, match="eenheid en soort blijven"):  # a stored 3 was a hidden small count
        store.indicators.save(Indicator(**{**ind.__dict__, "kind": "mean"}), editing=True)
    store.indicators.save(Indicator(**{**ind.__dict__, "naam": "Kosten per gezin"}), editing=True)
    with pytest.raises(StoreError, match="1 opgeslagen waarden"):
        store.indicators.remove("kosten")
    store.set_deleted(ds, True)
    store.indicators.remove("kosten")  # the upload is gone: the indicator may go too
    assert "kosten" not in store.catalog()


# ---------------------------------------------------------------------------------- series breaks
def test_a_boundary_change_splits_the_series_and_nothing_runs_across_it(store, catalog):
    from wijkdata.trends import own_trend, since_last_break, spc_for, team_series

    data = cbs_kwb_csv()
    checked = check_table(read_table(data, "kwb.csv"), store)
    broken = f"WK0034{BROKEN_WIJK:02d}"
    assert checked.series_breaks.to_dict("records") == [
        {"team": broken, "periode": "2021", "reden": "Nieuwe reeks volgens het bestand: kolom "
                                                    "‘IndelingswijzigingWijkenEnBuurten_4’ is ‘3’ in 2021."}]
    ds = import_checked(store, checked, "kwb.csv", data)
    breaks = store.breaks.all(broken)
    assert breaks["periode"].tolist() == ["2021"]
    cat = store.catalog()
    obs = store.observations(teams=[broken], indicators=["cbs_wmo_clienten"])
    across = own_trend(obs, cat, broken, "cbs_wmo_clienten")
    since = own_trend(obs, cat, broken, "cbs_wmo_clienten", ("2021",))
    assert across["van"] == "2020" and since["zin"] == "te weinig punten"  # 2021-2024: four years since the break
    series = team_series(obs, cat, broken, 5, ("2021",))
    assert series["reeksdeel"].tolist() == [0, 0, 0, 1, 1, 1, 1]
    assert since_last_break(series, ("2021",))["periode"].tolist() == ["2021", "2022", "2023", "2024"]
    spc = spc_for(series, "geen_oordeel", breaks=breaks)
    assert spc["fase"].tolist() == [1, 1, 1, 2, 2, 2, 2] and spc["reden"].iloc[3].startswith("Nieuwe reeks")
    store.set_deleted(ds, True)  # the upload goes, its breaks go with it
    assert store.breaks.all(broken).empty
    store.breaks.add(broken, "2022", "Nieuw registratiesysteem")
    assert store.breaks.all(broken)["reden"].tolist() == ["Nieuw registratiesysteem"]
    with pytest.raises(StoreError, match="waarom"):
        store.breaks.add(broken, "2023", " ")


def test_a_rebaseline_on_a_period_without_a_value_still_starts_a_phase():
    from wijkdata.stats.spc import xmr

    series = pd.DataFrame({"periode": ["2020", "2021", "2023", "2024"], "waarde": [1.0, 2.0, 8.0, 9.0]})
    assert xmr(series, rebaselines=[("2022", "breuk")])["fase"].tolist() == [1, 1, 2, 2]


def test_the_command_line_explains_itself_in_dutch(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("gebruik: wijkdata import") and "toon deze uitleg en stop" in out
    for flag in ("--filter", "--schaal", "--samenvoegen", "--frequentie", "--nieuwe-indicator", "--bron"):
        assert flag in out
    assert "usage" not in out and "show this help" not in out
    with pytest.raises(SystemExit):
        main(["validate", "x.csv", "--frequentie", "week"])
    assert "fout: bij --frequentie: ongeldige keuze: 'week'" in capsys.readouterr().err


def test_a_rolling_year_never_pools_quarters_from_before_a_break(catalog):
    from wijkdata.trends import rolling_year_within_parts

    quarters = [f"{y}-K{q}" for y in (2023, 2024) for q in (1, 2, 3, 4)]
    obs = pd.DataFrame({"team": "A", "periode": quarters, "indicator": "aanmeldingen", "waarde": [10.0] * 4 + [20.0] * 4,
                        "teller": np.nan, "noemer": np.nan, "n": np.nan, "sd": np.nan})
    rolled = rolling_year_within_parts(obs, catalog, "A", ("2024-K1",))
    assert rolled["periode"].tolist() == ["2023-K4", "2024-K4"]  # no year mixing 2023 and 2024 quarters
    assert rolled["waarde"].tolist() == [40.0, 80.0]
