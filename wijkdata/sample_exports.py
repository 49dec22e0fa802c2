"""Reproducible files shaped like the ones gemeenten really have, for tests and benchmarks:

- :func:`cbs_kwb_csv`: a CBS open data export of 'Kerncijfers wijken en buurten' for one
  gemeente over several years, stacked newest year first, three region levels, columns numbered
  per year's table (the number of the same figure changes from year to year), codes and names
  padded with spaces, ``.`` for unknown or secret, a ``Peildatum`` 1-1-YYYY, a boundary change
  in one wijk, a few percentages without their decimal point, about 400 columns in all;
- :func:`monitor_csv`: a gemeente's own monitor: wide, Dutch headers, one row per wijkteam and
  year, figures no catalogue knows.

The region names and every number are invented; only the shape follows the real exports.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEED = 20261130
GEMEENTE_CODE = "GM0034"
GEMEENTE_NAME = "Lindeburg"
# the same figure sits in another numbered column in every year's table
YEAR_SUFFIXES = {2024: 88, 2023: 97, 2022: 92, 2021: 90, 2020: 86, 2019: 84, 2018: 81}
FIXED = ["AantalInwoners", "Mannen", "Vrouwen", "k_0Tot15Jaar", "k_15Tot25Jaar", "k_25Tot45Jaar", "k_45Tot65Jaar",
         "k_65JaarOfOuder", "HuishoudensTotaal", "HuishoudensMetKinderen", "GemiddeldeHuishoudensgrootte",
         "Bevolkingsdichtheid"]
BROKEN_WIJK = 5  # this wijk's boundary changes from 2021 on
MISSING_DECIMAL = ((3, 2022), (7, 2022), (11, 2020))  # (wijk, year): 11.9 written as 119


def _pad(text: str, width: int) -> str:
    return text.ljust(width)


def cbs_kwb_frame(n_wijken: int = 71, buurten_per_wijk: int = 2, years=tuple(YEAR_SUFFIXES), n_columns: int = 411,
                  seed: int = SEED) -> pd.DataFrame:
    """The export as a frame of strings (exactly what the CSV holds)."""
    rng = np.random.default_rng(seed)
    fixed_cols = [f"{name}_{i}" for i, name in enumerate(FIXED, start=5)]
    year_cols = {y: {"JongerenMetJeugdzorgInNatura": f"JongerenMetJeugdzorgInNatura_{s}",
                     "PercentageJongerenMetJeugdzorg": f"PercentageJongerenMetJeugdzorg_{s + 1}",
                     "WmoClienten": f"WmoClienten_{s + 2}", "WmoClientenRelatief": f"WmoClientenRelatief_{s + 3}"}
                 for y, s in YEAR_SUFFIXES.items() if y in years}
    head = ["ID", "WijkenEnBuurten", "Gemeentenaam_1", "SoortRegio_2", "Codering_3",
            "IndelingswijzigingWijkenEnBuurten_4", "Peildatum", *fixed_cols]
    yearly = [c for y in years for c in year_cols[y].values()]
    n_extra = max(0, n_columns - len(head) - len(yearly))
    extra = [f"Voorziening{k}_{200 + k}" for k in range(n_extra)]
    base_pop = rng.integers(1500, 12000, n_wijken)
    share_young = rng.uniform(0.12, 0.26, n_wijken)
    jz_rate = rng.uniform(0.06, 0.16, n_wijken)
    rows = []
    row_id = 0
    for year in sorted(years, reverse=True):  # newest first, as the stacked export runs
        regions = [("Gemeente", GEMEENTE_CODE, None)]
        for w in range(1, n_wijken + 1):
            regions.append(("Wijk", f"WK{GEMEENTE_CODE[2:]}{w:02d}", w))
            regions += [("Buurt", f"BU{GEMEENTE_CODE[2:]}{w:02d}{b:02d}", w) for b in range(1, buurten_per_wijk + 1)]
        for level, code, w in regions:
            row = dict.fromkeys(head + yearly + extra, "")
            growth = 1 + 0.01 * (year - 2018)
            if w is None:
                pop = int(base_pop.sum() * growth)
                young, jz, broken = float(share_young.mean()), float(jz_rate.mean()), False
            else:
                broken = w == BROKEN_WIJK and year >= 2021
                pop = int(base_pop[w - 1] * growth * (1.8 if broken else 1.0) / (buurten_per_wijk if level == "Buurt" else 1))
                young, jz = float(share_young[w - 1]), float(jz_rate[w - 1]) * (0.5 if broken else 1.0)
            row.update({"ID": str(row_id), "WijkenEnBuurten": _pad(code, 10), "Gemeentenaam_1": _pad(GEMEENTE_NAME, 40),
                        "SoortRegio_2": _pad(level, 10), "Codering_3": _pad(code, 10),
                        "IndelingswijzigingWijkenEnBuurten_4": "3" if (broken and year == 2021) else "1",
                        "Peildatum": f"1-1-{year}"})
            values = [pop, pop // 2, pop - pop // 2, int(pop * 0.16), int(pop * young), int(pop * 0.27), int(pop * 0.25),
                      int(pop * 0.17), int(pop / 2.2), int(pop / 2.2 * 0.3), "2.2", int(pop / 3.1)]
            row.update({c: str(v) for c, v in zip(fixed_cols, values)})
            jongeren = int(pop * (young + 0.03))
            with_jz = int(round(jongeren * jz))
            pct = round(100 * with_jz / jongeren, 1) if jongeren else 0.0
            wmo = int(pop * 0.05)
            cols = year_cols[year]
            if year == max(years):  # CBS publishes the newest year's jeugdzorg later: unknown
                row[cols["JongerenMetJeugdzorgInNatura"]] = "."
                row[cols["PercentageJongerenMetJeugdzorg"]] = "."
            elif with_jz < 10:  # kept secret
                row[cols["JongerenMetJeugdzorgInNatura"]] = "."
                row[cols["PercentageJongerenMetJeugdzorg"]] = "."
            else:
                row[cols["JongerenMetJeugdzorgInNatura"]] = str(with_jz)
                text = f"{pct:.1f}"
                if level == "Wijk" and (w, year) in MISSING_DECIMAL:
                    text = text.replace(".", "")
                row[cols["PercentageJongerenMetJeugdzorg"]] = text
            row[cols["WmoClienten"]] = str(wmo)
            row[cols["WmoClientenRelatief"]] = str(round(1000 * wmo / pop)) if pop else "."
            for k, c in enumerate(extra):
                row[c] = "." if (row_id + k) % 17 == 0 else str(int(rng.integers(0, 50)))
            rows.append(row)
            row_id += 1
    return pd.DataFrame(rows, columns=head + yearly + extra)


def cbs_kwb_csv(**kwargs) -> bytes:
    """The export as CBS open data writes it: ``;``, decimal point, UTF-8 with BOM, quoted."""
    frame = cbs_kwb_frame(**kwargs)
    return frame.to_csv(sep=";", index=False, quoting=1, lineterminator="\r\n").encode("utf-8-sig")


MONITOR_TEAMS = ["Wijkteam Centrum", "Wijkteam Noord", "Wijkteam Zuid", "Wijkteam Oost", "Wijkteam West",
                 "Wijkteam Haven"]


def monitor_frame(years=(2021, 2022, 2023, 2024), seed: int = SEED) -> pd.DataFrame:
    """A gemeente's monitor: one row per wijkteam and year, Dutch headers, own figures."""
    rng = np.random.default_rng(seed)
    rows = []
    for team in MONITOR_TEAMS:
        for year in years:
            rows.append({
                "Wijkteam": team, "Gemeente": "Lindeburg", "Jaar": str(year),
                "Aantal meldingen huiselijk geweld": str(int(rng.integers(8, 60))),
                "Schoolverzuim (%)": f"{rng.uniform(2, 9):.1f}".replace(".", ","),
                "Ervaren regie (rapportcijfer)": f"{rng.uniform(6.4, 8.2):.1f}".replace(".", ","),
                "Uitval": f"{rng.uniform(5, 20):.1f}".replace(".", ","),
            })
    return pd.DataFrame(rows)


def monitor_csv(**kwargs) -> bytes:
    return monitor_frame(**kwargs).to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8")
