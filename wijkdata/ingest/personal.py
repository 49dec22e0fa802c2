"""Personal data that must never enter the app: a column that holds citizen service numbers (BSN).

A registration system's export can carry a BSN column. The app stores figures, never people, so
such a file is stopped before anything is read further, with a message that says why (AVG: a BSN
may only be processed where the law allows it) and how to go on (leave the column out, or
pseudonymise it first). A BSN has 9 digits and passes the elfproef; a 9-digit client number that
fails it is an ordinary number.
"""

from __future__ import annotations

import re

import pandas as pd

_NINE = re.compile(r"^\d{8,9}$")
BSN_SHARE = 0.9  # share of filled cells that must be a valid BSN before a column counts as one
MIN_FILLED = 3


def elfproef(number: str) -> bool:
    """True when ``number`` (8 or 9 digits; 8 gets a leading zero) passes the BSN eleven test:
    9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11 (and not 0)."""
    digits = str(number).strip()
    if not _NINE.match(digits):
        return False
    digits = digits.zfill(9)
    total = sum(weight * int(d) for weight, d in zip(range(9, 1, -1), digits[:8])) - int(digits[8])
    return total % 11 == 0 and total != 0


def bsn_columns(frame: pd.DataFrame) -> list[str]:
    """The columns in which nearly every filled cell is a valid BSN."""
    found = []
    for column in frame.columns:
        values = frame[column].dropna().astype(str).str.strip()
        values = values[values != ""]
        if len(values) < MIN_FILLED:
            continue
        if values.map(elfproef).mean() >= BSN_SHARE:
            found.append(column)
    return found


def bsn_message(columns: list[str]) -> str:
    """The Dutch reason an upload with a BSN column is stopped (names the column, never a value)."""
    names = ", ".join(f"‘{c}’" for c in columns)
    return (f"De kolom {names} lijkt burgerservicenummers (BSN) te bevatten. Deze app bewaart alleen cijfers "
            "per team, nooit gegevens over personen, en een BSN mag volgens de AVG alleen worden verwerkt waar de "
            "wet dat toestaat. Er is niets opgeslagen. Laat de kolom weg uit de export, of vervang het nummer eerst "
            "door een eigen cliëntnummer (pseudonimiseren), en upload het bestand opnieuw.")
