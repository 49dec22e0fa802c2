"""Personal data that must never enter the app: citizen service numbers (BSN), names, addresses,
dates of birth.

A registration system's export can carry such columns. The app stores figures, never people, so
such a file is stopped before anything is mapped or stored, with a message that says why (AVG) and
how to go on (leave the column out, or pseudonymise it first). It names the column, never a value.
A BSN has 9 digits and passes the elfproef; a 9-digit client number that fails it is an ordinary
number. Names, addresses and dates of birth are recognised by their header; a bare ``naam`` only in
a list of trajecten (in a file of teams it is the team's name).
"""

from __future__ import annotations

import re

import pandas as pd

from wijkdata.ingest.errors import IngestError
from wijkdata.text import normalise_label

_NINE = re.compile(r"^\d{8,9}$")
BSN_SHARE = 0.9  # share of filled cells that must be a valid BSN before a column counts as one
MIN_FILLED = 3
SAMPLE = 500  # filled cells of a column looked at: enough to tell a BSN column, fast on a 400-column file

PERSONAL_HEADERS = {
    "een naam": ["voornaam", "voornamen", "achternaam", "roepnaam", "voorletters", "tussenvoegsel", "geslachtsnaam",
                 "naam client", "clientnaam", "naam jeugdige", "naam kind", "naam ouder", "naam moeder", "naam vader",
                 "volledige naam", "first name", "last name", "surname", "full name", "client name"],
    "een adres": ["adres", "woonadres", "straat", "straatnaam", "huisnummer", "huisnr", "huisnummertoevoeging",
                  "postcode huisnummer", "address", "street", "house number"],
    "een geboortedatum": ["geboortedatum", "geb datum", "gebdatum", "geboren", "geboortedag", "date of birth",
                          "birth date", "birthdate", "dob"],
}
_BY_HEADER = {normalise_label(w): kind for kind, words in PERSONAL_HEADERS.items() for w in words}


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
    head = frame.head(50)
    for column in frame.columns:
        # a quick look first, in plain Python (pandas costs ~1 ms a column): most columns hold no such number
        if not any(_NINE.match(str(v).strip()) for v in head[column].tolist() if v is not None and v == v):
            continue
        values = frame[column].dropna().head(4 * SAMPLE).astype(str).str.strip()
        values = values[values != ""].head(SAMPLE)
        if len(values) < MIN_FILLED or not values.str.fullmatch(r"\d{8,9}").mean() >= BSN_SHARE:
            continue
        if values.map(elfproef).mean() >= BSN_SHARE:
            found.append(column)
    return found


def personal_columns(frame: pd.DataFrame, trajectory_list: bool = False) -> dict[str, str]:
    """Column -> what it seems to hold ('een BSN', 'een naam', 'een adres', 'een geboortedatum')."""
    found = {}
    for column in frame.columns:
        norm = normalise_label(column)
        if kind := _BY_HEADER.get(norm) or ("een naam" if trajectory_list and norm in ("naam", "name") else None):
            found[column] = kind
    for column in bsn_columns(frame.drop(columns=list(found))):
        found[column] = "een BSN"
    return found


def refuse_personal_data(frame: pd.DataFrame, trajectory_list: bool = False) -> None:
    """Raise an IngestError in Dutch when the file holds personal data (see module)."""
    found = personal_columns(frame, trajectory_list)
    if not found:
        return
    if set(found.values()) == {"een BSN"}:
        raise IngestError(bsn_message(list(found)), "")
    names = "; ".join(f"‘{c}’ lijkt {kind} te bevatten" for c, kind in found.items())
    raise IngestError(
        f"Dit bestand bevat persoonsgegevens: {names}. Deze app bewaart alleen cijfers per team, nooit gegevens over "
        "personen; volgens de AVG hoort u zulke gegevens niet te delen als het doel ze niet nodig heeft. Er is niets "
        "opgeslagen.",
        "Laat die kolommen weg uit de export (een eigen cliënt- of trajectnummer mag blijven), of vervang ze eerst "
        "door een nummer dat niet naar de persoon terugleidt (pseudonimiseren), en upload het bestand opnieuw.")


def bsn_message(columns: list[str]) -> str:
    """The Dutch reason an upload with a BSN column is stopped (names the column, never a value)."""
    names = ", ".join(f"‘{c}’" for c in columns)
    return (f"De kolom {names} lijkt burgerservicenummers (BSN) te bevatten. Deze app bewaart alleen cijfers "
            "per team, nooit gegevens over personen, en een BSN mag volgens de AVG alleen worden verwerkt waar de "
            "wet dat toestaat. Er is niets opgeslagen. Laat de kolom weg uit de export, of vervang het nummer eerst "
            "door een eigen cliëntnummer (pseudonimiseren), en upload het bestand opnieuw.")
