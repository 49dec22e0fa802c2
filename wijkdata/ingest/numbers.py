"""Numbers as teams write them: decimal comma or point, thousands separators, missing markers.

The rule that matters most: a value is never silently read ten or a thousand times too big
or too small. The file's convention (decimal comma or point) is decided from the evidence in
all its numeric cells; a value that only fits the other convention is still read, but gets a
warning; a value that fits both ("1.500") is only trusted when the file's convention is clear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from wijkdata.formatting import format_int

# CBS-style markers for "no value": a missing value, not an error.
MISSING_MARKERS = frozenset({"", ".", "x", "-", "–", "—", "nvt", "n.v.t.", "n.v.t"})
MAX_ABS_VALUE = 1e9  # nothing a wijkteam counts or measures comes near this

# Problem codes per value (None = fine).
OK = None
NOT_A_NUMBER = "geen_getal"
NOT_FINITE = "niet_eindig"
TOO_LARGE = "te_groot"
OTHER_CONVENTION = "andere_notatie"  # read with the other decimal sign: a warning
AMBIGUOUS = "dubbelzinnig"  # "1.500" with no clear convention: a warning

_STRIP = re.compile(r"[\s\u00a0\u202f']")


def _std_pattern(thousands: str, decimal: str) -> str:
    t, d = re.escape(thousands), re.escape(decimal)
    return rf"[+-]?(?:(?:\d+|\d{{1,3}}(?:{t}\d{{3}})+)(?:{d}\d+)?|{d}\d+)"


_SCI = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)e[+-]?\d+"
_COMMA_EVIDENCE = re.compile(r"^[+-]?(?:\d*,(?:\d{1,2}|\d{4,})|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,})$")
_POINT_EVIDENCE = re.compile(r"^[+-]?(?:\d*\.(?:\d{1,2}|\d{4,})|\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,})$")
_SINGLE_GROUP = re.compile(r"^[+-]?\d{1,3}[.,]\d{3}$")


@dataclass(frozen=True)
class DecimalConvention:
    decimal: str  # "," or "."
    certain: bool  # decided by evidence in the file, not by a guess

    @property
    def thousands(self) -> str:
        return "." if self.decimal == "," else ","

    @property
    def label(self) -> str:
        name = "decimale komma" if self.decimal == "," else "decimale punt"
        return name if self.certain else f"{name} (aangenomen)"


def _clean(values: pd.Series) -> pd.Series:
    s = values.astype("string").str.replace(_STRIP, "", regex=True).str.lower()
    return s.str.removesuffix("%")


def detect_convention(columns: list[pd.Series], default_decimal: str = ".") -> DecimalConvention:
    """Decide decimal comma or point from the text values of all numeric columns together."""
    comma = point = 0
    for col in columns:
        distinct = pd.Series(pd.unique(col.dropna()), dtype=object)  # clean each distinct value once
        text = distinct[distinct.map(lambda v: isinstance(v, str))] if col.dtype == object else distinct
        uniques = pd.Series(_clean(text).dropna().unique(), dtype="string")
        if uniques.empty:
            continue
        comma += int(uniques.str.match(_COMMA_EVIDENCE).sum())
        point += int(uniques.str.match(_POINT_EVIDENCE).sum())
    if comma == point == 0:
        return DecimalConvention(default_decimal, certain=False)
    return DecimalConvention("," if comma >= point else ".", certain=True)


def parse_numbers(values: pd.Series, convention: DecimalConvention) -> tuple[pd.Series, pd.Series]:
    """Parse one column. Returns (float values with NaN for missing, problem code per row).

    Numbers that a spreadsheet already stored as numbers are taken as they are.
    """
    n = len(values)
    result = np.full(n, np.nan)
    problems = np.full(n, OK, dtype=object)

    if values.dtype == object:
        kinds = values.map(type)
        is_number = kinds.isin([int, float, np.int64, np.float64]).to_numpy()
    else:
        is_number = np.zeros(n, dtype=bool)
    if is_number.any():
        result[is_number] = pd.to_numeric(values[is_number], errors="coerce").to_numpy(dtype=float)

    text_mask = ~is_number & values.notna().to_numpy()
    if text_mask.any():
        # Each distinct text is parsed once: a national file repeats the same few thousand values.
        codes, uniques = pd.factorize(values[text_mask])
        parsed, local = _parse_texts(pd.Series(np.asarray(uniques, dtype=object), dtype=object), convention)
        idx = np.flatnonzero(text_mask)
        result[idx] = parsed[codes]
        problems[idx] = local[codes]

    finite = np.isfinite(result)
    too_large = finite & (np.abs(np.where(finite, result, 0)) > MAX_ABS_VALUE)
    not_finite_number = ~finite & ~np.isnan(result)
    problems[too_large] = TOO_LARGE
    problems[not_finite_number] = NOT_FINITE
    result[too_large | not_finite_number] = np.nan
    return pd.Series(result, index=values.index), pd.Series(problems, index=values.index, dtype=object)


def _parse_texts(texts: pd.Series, convention: DecimalConvention) -> tuple[np.ndarray, np.ndarray]:
    """Float value and problem code for each text (see parse_numbers)."""
    s = _clean(texts)
    missing = s.isna() | s.isin(MISSING_MARKERS)
    std = s.str.fullmatch(_std_pattern(convention.thousands, convention.decimal)).fillna(False)
    other = DecimalConvention("." if convention.decimal == "," else ",", True)
    off = ~std & s.str.fullmatch(_std_pattern(other.thousands, other.decimal)).fillna(False)
    sci = ~std & ~off & s.str.fullmatch(_SCI).fillna(False)

    def convert(part: pd.Series, conv: DecimalConvention) -> np.ndarray:
        part = part.str.replace(conv.thousands, "", regex=False).str.replace(conv.decimal, ".", regex=False)
        return pd.to_numeric(part, errors="coerce").to_numpy(dtype=float)

    parsed = np.full(len(s), np.nan)
    std_np, off_np, sci_np = std.to_numpy(bool), off.to_numpy(bool), sci.to_numpy(bool)
    parsed[std_np] = convert(s[std_np], convention)
    parsed[off_np] = convert(s[off_np], other)
    parsed[sci_np] = pd.to_numeric(s[sci_np].str.replace(",", ".", regex=False), errors="coerce").to_numpy(float)

    local = np.full(len(s), OK, dtype=object)
    miss_np = missing.to_numpy(bool)
    unread = ~(std_np | off_np | sci_np | miss_np)
    # "nan" and "inf" are text Python would read as numbers: name them for what they are.
    named = unread & s.isin(["nan", "inf", "-inf", "+inf", "infinity", "-infinity"]).to_numpy(bool)
    local[unread] = NOT_A_NUMBER
    local[named] = NOT_FINITE
    local[off_np] = OTHER_CONVENTION
    if not convention.certain:
        ambiguous = std_np & s.str.match(_SINGLE_GROUP).fillna(False).to_numpy(bool)
        local[ambiguous] = AMBIGUOUS
    # Digits that look like a number but do not fit one (hundreds of digits overflow a float,
    # thousands exceed Python's int conversion): never a silent gap.
    overflow = (std_np | off_np | sci_np) & ~np.isfinite(parsed)
    local[overflow] = TOO_LARGE
    parsed[overflow] = np.nan
    return parsed, local


def describe_problem(code: str, value: object, parsed: float, convention: DecimalConvention) -> tuple[str, str]:
    """Dutch (what is wrong, how to fix it) for a problem code."""
    value = shorten(value)
    other = "punt" if convention.decimal == "," else "komma"
    own = "komma" if convention.decimal == "," else "punt"
    if code == NOT_A_NUMBER and value.startswith("="):
        return (f"'{value}' is een formule zonder opgeslagen uitkomst.",
                "Open het bestand in Excel en sla het op (dan wordt de uitkomst bewaard), of vul het getal zelf in.")
    if code == NOT_A_NUMBER:
        return (f"'{value}' is geen getal.", "Vul een getal in, bijvoorbeeld 7,5 of 12. Laat de cel leeg of zet er een punt "
                "(.) in als de waarde ontbreekt.")
    if code == NOT_FINITE:
        return (f"'{value}' is geen gewoon getal (oneindig of 'not a number').",
                "Vul een echt getal in, of laat de cel leeg als de waarde ontbreekt.")
    if code == TOO_LARGE:
        return (f"'{value}' is onwaarschijnlijk groot.", "Controleer het getal; waarden boven één miljard kunnen niet kloppen.")
    if code == OTHER_CONVENTION:
        return (
            f"'{value}' gebruikt een decimale {other}, de rest van het bestand een decimale {own}; gelezen als "
            f"{format_plain(parsed)}.",
            f"Controleer de waarde en gebruik in het hele bestand dezelfde notatie (decimale {own}).",
        )
    if code == AMBIGUOUS:
        return (
            f"'{value}' kan op twee manieren gelezen worden (de punt als decimaalteken of als scheiding van "
            f"duizendtallen); de app leest het als {format_plain(parsed, grouped=False)}.",
            "Controleer de waarde. Schrijf duizendtallen zonder scheidingsteken (1500) en decimalen met een komma (1,5).",
        )
    return ("Onbekend probleem met de waarde.", "Controleer de waarde.")


def shorten(value: object, limit: int = 40) -> str:
    """A cell as quoted in a message: a two-megabyte cell must not become a two-megabyte message."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({format_int(len(text))} tekens)"


def format_plain(value: float, grouped: bool = True) -> str:
    """A float in Dutch notation, never with an exponent: 1234567.89 -> '1.234.567,89', 1.5 -> '1,5',
    1500.0 -> '1.500' (or '1500' with ``grouped=False``, for a message that explains how '1.500'
    was read), 1e-07 -> '0,0000001'. A value as typed in a file (up to ten significant digits) is
    shown exactly; a computed one (a percentage from teller and noemer) at six digits, as before:
    100 * 14 / 9 -> '155,556', 0.1 + 0.2 -> '0,3'."""
    if value is None or not np.isfinite(value):
        return "leeg"
    number = float(value) + 0.0  # + 0.0: no '-0'
    text = f"{number:.10g}"
    if float(text) != number:  # more digits than anyone types
        text = str(round(number)) if abs(number) >= 1e6 else f"{number:.6g}"
    text = format(Decimal(text), "f")
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if grouped:
        whole = f"{int(whole):,}".replace(",", ".")
    return sign + whole + ("," + fraction if fraction else "")
