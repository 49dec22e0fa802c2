"""Team names as a file writes them: one spelling per team, and only the teams a user may write.

A name typed in Excel or copied from a web page can carry invisible characters (a zero-width
space, a non-breaking space, a right-to-left override) or a decomposed accent. Left as they are,
"Lindeburg Oost" and "Lindeburg\u200bOost" become two teams without anyone seeing why. Every team,
gemeente and wijk name is therefore normalised on the way in, and a name that differs from a
known team only in case, accents, spaces or punctuation is reported ("Bedoelt u …?") instead of silently becoming a
new team.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

# zero-width characters and the word joiner, the byte-order mark, soft hyphen, and the bidi
# embedding, override and isolate controls: invisible, and never part of a real name
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")  # with str patterns this includes NBSP, narrow NBSP, ideographic space…


def normalise_name(value) -> str | None:
    """The canonical spelling of a name, or None when nothing visible is left.

    NFC (one code point per accented letter), invisible and control characters removed, every
    kind of space made a plain space, runs of spaces collapsed, ends trimmed."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    text = _SPACES.sub(" ", text).strip()
    return text or None


def name_key(name: str) -> str:
    """What two spellings of one team share: case, accents, spaces and punctuation ignored
    ('Café-Noord' ~ 'cafe noord' ~ 'CaféNoord')."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def lookalikes(names, known) -> dict[str, str]:
    """For each name that is not a known team but looks like exactly one: that team.

    ``known`` are the teams the user may hear about (for a team member only the own team, so a
    report never confirms that another team exists)."""
    known = [k for k in {normalise_name(k) for k in known} if k]
    by_key: dict[str, list[str]] = {}
    for k in known:
        by_key.setdefault(name_key(k), []).append(k)
    known_set = set(known)
    out = {}
    for name in names:
        if name is None or name in known_set:
            continue
        matches = by_key.get(name_key(name), [])
        if len(matches) == 1:
            out[name] = matches[0]
    return out


def variants_in_file(names: pd.Series) -> dict[str, str]:
    """Names in one file that differ only in case or accents: each rarer spelling -> the most
    used one (the first in the file on a tie)."""
    counts = names.dropna().value_counts(sort=False)
    groups: dict[str, list[str]] = {}
    for name in counts.index:
        groups.setdefault(name_key(name), []).append(name)
    out = {}
    for spellings in groups.values():
        if len(spellings) > 1:
            main = max(spellings, key=lambda s: counts[s])
            out.update({s: main for s in spellings if s != main})
    return out
