"""Small text helpers shared by the catalogue and the column mapping."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise_label(text: str) -> str:
    """Lowercase, strip accents and punctuation: 'Cliënt-tevredenheid ' -> 'client tevredenheid'."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub(" ", text.lower()).strip()


def lower_first(text: str) -> str:
    """A name used mid-sentence: 'Bereik gezinnen met lage SES' -> 'bereik gezinnen met lage SES';
    a name that starts with an abbreviation ('SES-bereik') stays as it is."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': the way a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
