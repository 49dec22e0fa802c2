"""A reproducible export of a registration system: one row per traject, as a gemeente's wijkteams
would download it (Dutch headers, dates as 31-12-2025, coded fields with a number and a text, an
empty end date while a traject runs, a code the app cannot guess). About 2,000 trajecten of three
of the sample's teams over three years: every traject active since 1 October 2023, so also older
ones that still ran then; the export was taken in the middle of a quarter.

Every number and identifier is invented: the client and traject numbers are counters, not BSNs.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

SEED = 20261130
TEAMS = {  # team -> (trajecten per quarter, chance of uitval, of goals reached, of own delivery, of referral)
    "Heuvelrade Centrum": (64, 0.14, 0.64, 0.22, 0.20),
    "Heuvelrade Kerkwijk": (52, 0.09, 0.72, 0.34, 0.12),
    "Heuvelrade Stationsbuurt": (46, 0.11, 0.69, 0.28, 0.16),
}
WINDOW_START = dt.date(2023, 10, 1)  # the export lists every traject active on or after this day
FIRST_START = dt.date(2023, 1, 1)  # so it also has older trajecten that were still running then
EXPORT_DATE = dt.date(2026, 11, 13)  # the newest date in the file: 2026 K4 is not complete
REASONS = {  # code -> what it means, as the registration system writes it
    "regulier": "01 Afgerond volgens plan",
    "overleg": "02 Beëindigd in overleg",
    "uitval": "03 Eenzijdig beëindigd door cliënt",
    "verwezen": "04 Verwezen naar specialistische jeugdhulp",
    "verhuisd": "05 Verhuisd buiten de gemeente",
    "administratief": "06 Administratief gesloten",  # no words that say what it means: the user chooses
}
COLUMNS = ["Trajectnummer", "Cliëntnummer", "Wijkteam", "Gemeente", "Startdatum", "Einddatum", "Reden beëindiging",
           "Doelen bereikt", "Tevredenheid (1-10)", "Uitvoering", "Crisis", "Migratieachtergrond", "Lage SES",
           "Leeftijdsgroep", "Wachttijd (dagen)"]


def _date(d) -> str:
    return "" if pd.isna(d) else pd.Timestamp(d).strftime("%d-%m-%Y")


def trajectory_frame(seed: int = SEED) -> pd.DataFrame:
    """The export as a table of text cells, newest traject first (as such a list is usually sorted)."""
    rng = np.random.default_rng(seed)
    waits = np.random.default_rng(seed + 1)  # its own stream: the other columns stay as they were
    days = (EXPORT_DATE - FIRST_START).days
    rows = []
    number = 0
    for team, (per_quarter, p_uitval, p_doelen, p_eigen, p_verwijs) in TEAMS.items():
        n = int(round(per_quarter * days / 91.3))
        starts = sorted(FIRST_START + dt.timedelta(days=int(d)) for d in rng.integers(0, days, n))
        for start in starts:
            number += 1
            crisis = rng.random() < 0.05
            length = int(rng.gamma(2.2, 75 if not crisis else 25)) + 7
            end = start + dt.timedelta(days=length)
            ended = end <= EXPORT_DATE
            if ended and end < WINDOW_START:
                continue
            u = rng.random()
            if not ended:
                reason = ""
            elif u < p_uitval:
                reason = REASONS["uitval"]
            elif u < p_uitval + p_verwijs:
                reason = REASONS["verwezen"]
            elif u < p_uitval + p_verwijs + 0.04:
                reason = REASONS["verhuisd"]
            elif u < p_uitval + p_verwijs + 0.06:
                reason = REASONS["administratief"]
            else:
                reason = REASONS["regulier"] if rng.random() < 0.7 else REASONS["overleg"]
            doelen = ""
            if ended:
                doelen = "Onbekend" if rng.random() < 0.08 else ("Ja" if rng.random() < (
                    p_doelen if reason != REASONS["uitval"] else 0.2) else "Nee")
            score = ""
            if ended and rng.random() < 0.55:  # not everyone answers the question
                score = str(int(np.clip(round(rng.normal(7.6 if reason != REASONS["uitval"] else 6.1, 1.1)), 1, 10)))
            rows.append({
                "Trajectnummer": f"TR-{start.year}-{number:05d}",
                "Cliëntnummer": f"CL{700000 + number * 7:07d}",
                "Wijkteam": team,
                "Gemeente": "Heuvelrade",
                "Startdatum": _date(start),
                "Einddatum": _date(end) if ended else "",
                "Reden beëindiging": reason,
                "Doelen bereikt": doelen,
                "Tevredenheid (1-10)": score,
                "Uitvoering": "Eigen uitvoering wijkteam" if rng.random() < p_eigen else "Ingekochte aanbieder",
                "Crisis": "J" if crisis else "N",
                "Migratieachtergrond": "J" if rng.random() < 0.31 else "N",
                "Lage SES": "J" if rng.random() < 0.27 else "N",
                "Leeftijdsgroep": str(rng.choice(["0-3", "4-11", "12-17", "18-22"])),
                "Wachttijd (dagen)": str(int(waits.gamma(1.6, 9 if team != "Heuvelrade Centrum" else 14))),
            })
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = pd.to_datetime(frame["Startdatum"], format="%d-%m-%Y").sort_values(ascending=False, kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def trajectory_csv(seed: int = SEED) -> bytes:
    """The export as a registration system writes it: semicolons, UTF-8 with a byte order mark."""
    return trajectory_frame(seed).to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8-sig")
