"""Small text helpers shared by the catalogue and the column mapping."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:="  # '=' and '-' under a line make it a heading
# Markdown renderers (Streamlit's among them) turn a bare address into a link ("http://…", "www.…",
# "naam@domein.nl"), escaped characters or not. A word joiner (U+2060: invisible, no line break)
# after the scheme and before the @ breaks that pattern; the text reads the same.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftps?|mailto|file|www)(?=[:.])|(?=@)")
WORD_JOINER = "\u2060"


def markdown_literal(text, keep: str = "") -> str:
    """Text someone typed or a file brought, made inert for markdown: every markdown character is
    escaped and bare addresses are not linked, so a link, image, heading or HTML tag shows as the
    characters that were typed, and nothing is fetched or clickable. ``keep`` names characters that
    need no escape where the caller puts the text (e.g. "-.:" inside a list item, for a file that
    people also read as plain text)."""
    text = _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, str(text))
    special = "".join(c for c in _MARKDOWN_SPECIAL if c not in keep)
    return "".join("\\" + c if c in special else c for c in text)


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
