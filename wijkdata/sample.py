"""Reproducible synthetic data: about 40 fictitious teams in 12 fictitious gemeenten, 12 quarters.

The relations follow the research on wijkteams: active teams (more than 5% own delivery of
ambulante jeugdhulp) have shorter guidance (around 337 against 389 days), reach more young people
with a migration background and low SES, and refer slightly less to specialised help; client
ratings sit around 7,7. Three team profiles are planted so that "teams zoals jullie" has
something to find. Names of teams and gemeenten are invented.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijkdata.periods import period_label

SEED = 20241122
QUARTERS = [f"{y}-K{q}" for y in (2023, 2024, 2025, 2026) for q in (1, 2, 3, 4)][3:15]  # 2023 K4 .. 2026 K3

GEMEENTEN = {  # fictitious gemeente -> wijken (one team each)
    "Lindeburg": ["Centrum", "Oost", "West", "Noord", "Zuid", "Havenkwartier"],
    "Waterveen": ["Centrum", "De Polder", "Nieuwland", "Oude Dorp", "Molenbuurt"],
    "Heuvelrade": ["Centrum", "Berg en Dal", "Kerkwijk", "Stationsbuurt"],
    "Grevenmeer": ["Noord", "Zuid", "Meerzicht", "Westhoek"],
    "Aldervoort": ["Dorp", "Buitengebied", "Kanaalzone"],
    "Brakelveen": ["Centrum", "Veenwijk", "Singelbuurt"],
    "Dijkerhoven": ["Binnenstad", "Dijkzone", "Parkwijk"],
    "Esschewaard": ["Noord", "Zuid", "Essenhof"],
    "Kortenhoeve": ["Dorp", "Hoeve-Oost", "Hoeve-West"],
    "Rijnwaarde": ["Centrum", "Rijnoever"],
    "Stavenburg": ["Oud", "Nieuw"],
    "Oosterlanden": ["Kern", "Buitenwijken"],
}

# Planted profiles: (name, share of teams, mean own-delivery %, urbanisation)
PROFILES = {
    "actief_stedelijk": dict(eigen=24.0, doorloop=337.0, migratie=38.0, ses=34.0, verwijs=14.0, wacht=18.0,
                             outreach=22.0, tevreden=7.8, crisis_per_1000=0.9, stedelijk="sterk stedelijk"),
    "actief_dorps": dict(eigen=14.0, doorloop=330.0, migratie=12.0, ses=22.0, verwijs=16.0, wacht=14.0,
                         outreach=15.0, tevreden=8.0, crisis_per_1000=0.6, stedelijk="weinig stedelijk"),
    "verwijzend": dict(eigen=3.0, doorloop=389.0, migratie=20.0, ses=21.0, verwijs=27.0, wacht=34.0,
                       outreach=6.0, tevreden=7.4, crisis_per_1000=1.3, stedelijk="matig stedelijk"),
}


@dataclass
class SampleData:
    observations: pd.DataFrame  # long: team, periode, indicator, waarde, teller, noemer, n, sd
    teams: pd.DataFrame  # team, gemeente, wijk, inwoners_0_17, stedelijkheid, fte
    profiles: pd.Series  # team -> planted profile (the truth, for tests)


def _team_table(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.Series]:
    rows, truth = [], {}
    for g_i, (gemeente, wijken) in enumerate(GEMEENTEN.items()):
        for wijk in wijken:
            team = f"{gemeente} {wijk}"
            if g_i < 2 and wijk not in ("Oude Dorp", "Molenbuurt"):
                profile = "actief_stedelijk"
            elif gemeente in ("Aldervoort", "Kortenhoeve", "Esschewaard", "Oosterlanden", "Rijnwaarde") or wijk == "Oude Dorp":
                profile = "actief_dorps"
            else:
                profile = "verwijzend"
            p = PROFILES[profile]
            inwoners = int(rng.integers(1800, 3500) if profile == "actief_dorps" else rng.integers(3000, 8500))
            fte = round(inwoners / rng.uniform(380, 460), 1)
            rows.append(dict(team=team, gemeente=gemeente, wijk=wijk, inwoners_0_17=inwoners,
                             stedelijkheid=p["stedelijk"], fte=fte))
            truth[team] = profile
    return pd.DataFrame(rows), pd.Series(truth, name="profiel")


def generate(seed: int = SEED) -> SampleData:
    """Same seed, same data: byte-identical files."""
    rng = np.random.default_rng(seed)
    teams, truth = _team_table(rng)
    records = []

    def add(team, q, code, waarde=None, teller=None, noemer=None, n=None, sd=None):
        records.append((team, q, code, waarde, teller, noemer, n, sd))

    for t in teams.itertuples(index=False):
        p = PROFILES[truth[t.team]]
        level = rng.normal(0, 1)  # a team's own tendency, stable over time
        trend = rng.normal(0, 0.04)  # slow drift per quarter
        start = 4 if t.team == "Stavenburg Nieuw" else 0  # a team that started later
        eigen_team = max(0.5, p["eigen"] + 3.0 * level)
        for qi, q in enumerate(QUARTERS[start:], start=start):
            drift = trend * qi
            aanmeld = rng.poisson(t.inwoners_0_17 * 0.011 * (1 + 0.1 * level))
            gestart = rng.binomial(aanmeld, 0.82)
            afgesloten = max(5, int(rng.poisson(gestart * 0.95)))
            lopend = int(rng.poisson(t.fte * 14 * (1 + 0.08 * level)))
            add(t.team, q, "aanmeldingen", aanmeld)
            add(t.team, q, "trajecten_gestart", gestart)
            add(t.team, q, "trajecten_lopend", lopend)
            add(t.team, q, "trajecten_afgesloten", afgesloten)
            add(t.team, q, "caseload_fte", round(lopend / t.fte, 1), lopend, t.fte)

            def prop(code, pct, noemer, spread=2.0):  # called at once, within this iteration of the loops
                share = float(np.clip(pct + spread * level + 100 * drift * 0.1, 0.5, 99.5)) / 100  # noqa: B023
                teller = int(rng.binomial(noemer, share))
                add(t.team, q, code, round(100 * teller / noemer, 1) if noemer else None, teller, noemer)  # noqa: B023

            prop("uitval", 11.0 + (2 if truth[t.team] == "verwijzend" else 0), afgesloten, 1.5)
            prop("doelen_bereikt", 71.0 - (3 if truth[t.team] == "verwijzend" else 0), afgesloten)
            prop("zonder_hulp_verder", 58.0 + (4 if truth[t.team] != "verwijzend" else -4), afgesloten)
            prop("geen_nieuwe_start", 84.0, afgesloten, 1.0)
            prop("problemen_verminderd", 69.0, afgesloten)
            respondents = max(8, int(rng.poisson(afgesloten * 0.35)))
            for code, ref in (("hulp_op_tijd", 72.0), ("hulp_passend", 81.0), ("hulp_helpend", 76.0),
                              ("hulp_kwaliteit", 80.0), ("zelfredzamer", 67.0)):
                bonus = 3.0 if truth[t.team] != "verwijzend" else -4.0
                if code == "hulp_op_tijd":
                    bonus += (p["wacht"] - 22) * -0.5
                prop(code, ref + bonus, respondents)
            mean = float(np.clip(rng.normal(p["tevreden"] + 0.15 * level, 0.25 / np.sqrt(respondents / 10)), 1, 10))
            add(t.team, q, "tevredenheid", round(mean, 1), None, None, respondents, round(float(rng.uniform(1.1, 1.5)), 2))
            add(t.team, q, "doorlooptijd", round(float(rng.normal(p["doorloop"] + 12 * level, 14)), 0))
            add(t.team, q, "wachttijd", round(max(1.0, float(rng.normal(p["wacht"] + 3 * level - 20 * drift, 3))), 0))
            ambulant = max(20, int(rng.poisson(gestart * 1.6)))
            prop("eigen_uitvoering", eigen_team, ambulant, 0.8)
            in_hulp = max(10, lopend)
            prop("bereik_migratie", p["migratie"], in_hulp, 2.5)
            prop("bereik_lage_ses", p["ses"], in_hulp, 2.0)
            prop("verwijzingen_specialistisch", p["verwijs"], afgesloten, 1.5)
            prop("outreachend", p["outreach"], max(gestart, 1), 1.5)
            verwezen = max(3, int(round(afgesloten * p["verwijs"] / 100)))
            prop("betrokken_na_verwijzing", 62.0 if truth[t.team] != "verwijzend" else 41.0, verwezen, 3.0)
            add(t.team, q, "crisistrajecten", int(rng.poisson(t.inwoners_0_17 / 1000 * p["crisis_per_1000"])))

    obs = pd.DataFrame(records, columns=["team", "periode", "indicator", "waarde", "teller", "noemer", "n", "sd"])
    # a few values that were not delivered, as in real monitoring
    gaps = rng.choice(len(obs), size=len(obs) // 150, replace=False)
    obs.loc[gaps, ["waarde", "teller", "noemer", "n", "sd"]] = None
    return SampleData(obs, teams, truth)


def _dutch_csv(frame: pd.DataFrame) -> bytes:
    """Semicolon-separated with a decimal comma: what Dutch Excel writes and reads."""
    return frame.to_csv(sep=";", index=False, decimal=",", lineterminator="\n").encode("utf-8")


def long_csv(data: SampleData) -> bytes:
    out = data.observations.copy()
    out["periode"] = out["periode"].map(period_label)
    for col in ("teller", "noemer", "n"):
        out[col] = out[col].map(lambda v: "" if pd.isna(v) else (f"{v:g}".replace(".", ",")))
    # missing values written the CBS way: a dot
    out["waarde"] = out["waarde"].map(lambda v: "." if pd.isna(v) else f"{v:g}".replace(".", ","))
    out["sd"] = out["sd"].map(lambda v: "" if pd.isna(v) else f"{v:g}".replace(".", ","))
    return _dutch_csv(out)


def teams_csv(data: SampleData) -> bytes:
    return _dutch_csv(data.teams)


def wide_xlsx(data: SampleData) -> bytes:
    """One row per team x periode, one column per indicator (Dutch names as headers)."""
    from openpyxl import Workbook

    from wijkdata.catalog import load_catalog

    catalog = load_catalog()
    wide = data.observations.pivot(index=["team", "periode"], columns="indicator", values="waarde")
    uitval = data.observations[data.observations["indicator"] == "uitval"].set_index(["team", "periode"])
    wb = Workbook()
    ws = wb.active
    ws.title = "Cijfers"
    codes = [c for c in catalog.codes if c in wide.columns]
    ws.append(["Team", "Periode", *[catalog[c].naam for c in codes], "Uitval teller", "Uitval noemer"])
    for (team, periode), row in wide.iterrows():
        extra = uitval.loc[(team, periode), ["teller", "noemer"]] if (team, periode) in uitval.index else [None, None]
        ws.append([team, period_label(periode), *[None if pd.isna(row[c]) else float(row[c]) for c in codes],
                   *[None if pd.isna(v) else int(v) for v in extra]])
    info = wb.create_sheet("Toelichting")
    info.append(["Voorbeeldbestand van wijkdata met fictieve teams en cijfers."])
    fixed = pd.Timestamp("2026-01-01").to_pydatetime()
    wb.properties.created = wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def flawed_csv() -> bytes:
    """A small file with the mistakes teams make, to show what the validation report does."""
    text = """team;periode;indicator;waarde;teller;noemer
Lindeburg Centrum;2026 K1;tevredenheid;7,9;;
Lindeburg Centrum;2026 K2;tevredenheid;79;;
Lindeburg Centrum;2026 K2;uitval;;14;9
Lindeburg Centrum;2026-Q2;uitval;12,5;;
Lindeburg Centrum;2026 K5;aanmeldingen;41;;
;2026 K2;aanmeldingen;38;;
Lindeburg Oost;2026 K2;tevredenhied;7,5;;
Lindeburg Oost;2026 K2;hulp_op_tijd;112;;
Lindeburg Oost;2026 K2;wachttijd;veertien;;
Lindeburg Oost;2026 K2;doorlooptijd;.;;
Lindeburg Oost;2062 K2;aanmeldingen;40;;
Lindeburg Oost;2026 K2;crisistrajecten;-2;;
Lindeburg Oost;2026 K2;doelen_bereikt;1.5;;
"""
    return text.encode("utf-8")


def template_csv() -> bytes:
    """An empty long-form file with two example rows, to copy."""
    text = ("team;periode;indicator;waarde;teller;noemer;n;sd\n"
            "Wijkteam Voorbeeld;2025 K1;uitval;12,5;5;40;;\n"
            "Wijkteam Voorbeeld;2025 K1;tevredenheid;7,8;;;36;1,2\n")
    return text.encode("utf-8")


SAMPLE_FILES = {
    "wijkdata_voorbeeld_lang.csv": lambda d: long_csv(d),
    "wijkdata_voorbeeld_breed.xlsx": lambda d: wide_xlsx(d),
    "wijkdata_teams.csv": lambda d: teams_csv(d),
    "wijkdata_voorbeeld_met_fouten.csv": lambda d: flawed_csv(),
    "sjabloon_lang.csv": lambda d: template_csv(),
    "registratie_export_trajecten.csv": lambda d: _trajectory_csv(),
}


def _trajectory_csv() -> bytes:
    from wijkdata.sample_trajectories import trajectory_csv

    return trajectory_csv()


def write_sample_files(directory) -> list[str]:
    from pathlib import Path

    data = generate()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in SAMPLE_FILES.items():
        (out / name).write_bytes(make(data))
        written.append(str(out / name))
    return written


NATIONAL_INDICATORS = [
    "aanmeldingen", "trajecten_gestart", "trajecten_lopend", "trajecten_afgesloten", "crisistrajecten",
    "uitval", "doelen_bereikt", "zonder_hulp_verder", "geen_nieuwe_start", "problemen_verminderd", "hulp_op_tijd",
    "hulp_passend", "hulp_helpend", "hulp_kwaliteit", "zelfredzamer", "eigen_uitvoering",
    "verwijzingen_specialistisch", "tevredenheid", "doorlooptijd", "wachttijd",
]
_NATIONAL_PROPORTIONS = {"uitval": 11, "doelen_bereikt": 70, "zonder_hulp_verder": 58, "geen_nieuwe_start": 84,
                         "problemen_verminderd": 69, "hulp_op_tijd": 72, "hulp_passend": 81, "hulp_helpend": 76,
                         "hulp_kwaliteit": 80, "zelfredzamer": 67, "eigen_uitvoering": 12,
                         "verwijzingen_specialistisch": 18}


def national(teams: int = 1500, quarters: int = 40, seed: int = SEED) -> SampleData:
    """National-scale data for benchmarks: ``teams`` fictitious teams in teams/6 gemeenten over
    ``quarters`` quarters and 20 indicators (1,500 × 40 × 20 = 1.2 million rows), built with
    vectorised numpy in a few seconds. Same seed, same data."""
    rng = np.random.default_rng(seed)
    names = np.array([f"Team {i:04d}" for i in range(teams)])
    gemeente = np.array([f"Gemeente {i // 6:03d}" for i in range(teams)])
    inwoners = rng.integers(1500, 9000, teams)
    level = rng.normal(0, 1, teams)
    periods = [f"{2017 + q // 4}-K{q % 4 + 1}" for q in range(quarters)]
    t_idx = np.repeat(np.arange(teams), quarters)
    q_idx = np.tile(np.arange(quarters), teams)
    size = inwoners[t_idx] * 0.011 * (1 + 0.1 * level[t_idx])
    afgesloten = np.maximum(5, rng.poisson(size * 0.78))
    respondents = np.maximum(8, rng.poisson(afgesloten * 0.35))
    frames = []

    def add(code, waarde, teller=None, noemer=None, n=None, sd=None):
        k = len(t_idx)
        nan = np.full(k, np.nan)
        frames.append(pd.DataFrame({
            "team": names[t_idx], "periode": np.array(periods)[q_idx], "indicator": code, "waarde": waarde,
            "teller": nan if teller is None else teller, "noemer": nan if noemer is None else noemer,
            "n": nan if n is None else n, "sd": nan if sd is None else sd}))

    add("aanmeldingen", rng.poisson(size).astype(float))
    add("trajecten_gestart", rng.poisson(size * 0.82).astype(float))
    add("trajecten_lopend", rng.poisson(size * 3).astype(float))
    add("trajecten_afgesloten", afgesloten.astype(float))
    add("crisistrajecten", rng.poisson(inwoners[t_idx] / 1000).astype(float))
    for code, pct in _NATIONAL_PROPORTIONS.items():
        noemer = respondents if code.startswith(("hulp_", "zelfred")) else afgesloten
        share = np.clip(pct + 2.0 * level[t_idx] + rng.normal(0, 0.5, len(t_idx)), 0.5, 99.5) / 100
        teller = rng.binomial(noemer, share)
        add(code, np.round(100 * teller / noemer, 1), teller.astype(float), noemer.astype(float))
    add("tevredenheid", np.round(np.clip(rng.normal(7.7 + 0.15 * level[t_idx], 0.3), 1, 10), 1),
        n=respondents.astype(float), sd=np.round(rng.uniform(1.1, 1.5, len(t_idx)), 2))
    add("doorlooptijd", np.round(rng.normal(360 + 12 * level[t_idx], 14)))
    add("wachttijd", np.round(np.maximum(1, rng.normal(22 + 3 * level[t_idx], 3))))
    obs = pd.concat(frames, ignore_index=True)
    team_table = pd.DataFrame({"team": names, "gemeente": gemeente, "wijk": names, "inwoners_0_17": inwoners,
                               "stedelijkheid": "matig stedelijk", "fte": np.round(inwoners / 420, 1)})
    return SampleData(obs, team_table, pd.Series("onbekend", index=names, name="profiel"))
