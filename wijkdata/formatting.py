"""Dutch number and date notation for screens, reports and exports: "7,7", "1.234", "72,0%",
"15-01-2027"."""

from __future__ import annotations

import datetime as dt
import math
import re


def format_number(value: float | int | None, decimals: int = 1, empty: str = "–") -> str:
    """1234.5 -> '1.234,5'; None/NaN -> '–'."""
    if value is None:
        return empty
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number):
        return empty
    if math.isinf(number):
        return "oneindig" if number > 0 else "min oneindig"
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")


def format_int(value: int | float | None) -> str:
    """1234 -> '1.234'."""
    return format_number(value, 0)


def unit_suffix(eenheid: str) -> str:
    """What follows a number of this unit in a sentence: '%', ' dagen', ' per fte'."""
    return {"%": "%", "‰": "‰", "per 1.000": " per 1.000", "dagen": " dagen", "per fte": " per fte"}.get(eenheid, "")


def decimals_for(eenheid: str) -> int:
    """How many decimals a value of this unit gets, everywhere (sentences, tables, chart axes):
    counts, days and euros none, percentages, rapportcijfers and the rest one."""
    return 0 if eenheid in ("aantal", "dagen", "euro") else 1


def format_value(value: float | None, eenheid: str) -> str:
    """A value in its unit, as a sentence writes it: '21,3%', '337 dagen', '7,8', '1.204'."""
    text = format_number(value, decimals_for(eenheid))
    if text == "–":
        return text
    return f"€ {text}" if eenheid == "euro" else text + unit_suffix(eenheid)


def format_mb(n_bytes: int) -> str:
    return f"{format_number(n_bytes / 1_000_000, 0 if n_bytes >= 10_000_000 else 1)} MB"


def _local_time(value):
    """A stored UTC time (datetime, pandas Timestamp or ISO text) as Dutch local time."""
    from zoneinfo import ZoneInfo

    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if value.tzinfo is None:  # SQLite hands back naive datetimes; they were stored as UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(ZoneInfo("Europe/Amsterdam"))


def format_timestamp(value) -> str:
    """A stored UTC time shown as Dutch local time: '22-11-2026 14:35'."""
    return "" if value is None else _local_time(value).strftime("%d-%m-%Y %H:%M")


def format_clock(value) -> str:
    """A stored UTC time shown as the Dutch local time of day: '14:35:07'."""
    return "" if value is None else _local_time(value).strftime("%H:%M:%S")


def parse_dutch_date(text: str) -> dt.date | None:
    """A date typed the Dutch way: 15-01-2027, 15-1-2027, 15/01/2027 or 15.01.2027 (and ISO
    2027-01-15 from a copied value). Empty: None. Anything else raises ValueError with a Dutch
    sentence that says how to write it."""
    text = (text or "").strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        raise ValueError(f"‘{text}’ is geen bestaande datum. Schrijf hem als dd-mm-jjjj, bijvoorbeeld 15-01-2027.") from None
    raise ValueError(f"‘{text}’ lees ik niet als datum. Schrijf hem als dd-mm-jjjj, bijvoorbeeld 15-01-2027.")
