"""Periods as teams write them, turned into one canonical code.

Canonical codes sort as text within one granularity and read back unambiguously:
``2024`` (jaar), ``2024-K3`` (kwartaal), ``2024-03`` (maand), ``2024-03-15`` (dag).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mrt": 3, "maa": 3, "maart": 3, "apr": 4,
    "april": 4, "mei": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augustus": 8,
    "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
    # English spellings that Excel exports in an English locale
    "mar": 3, "may": 5, "oct": 10, "march": 3, "june": 6, "july": 7, "october": 10,
}
MONTH_NAMES = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december"]

# 'A year' of figures: the periods of one year pooled (a rolling year, the comparison's 'jaar',
# the actief label). One quarter is noisy; a year evens it out. For quarters, the common case and
# the fallback, that is four periods; see periods_per_year for months and years.
YEAR_WINDOW = 4
PER_YEAR = {"jaar": 1, "kwartaal": 4, "maand": 12}

GRANULARITY_LABELS = {"jaar": "jaar", "kwartaal": "kwartaal", "maand": "maand", "dag": "dag"}

_Y = r"(?P<y>(?:19|20)\d\d)"
_Q = r"(?P<q>[1-4])"
_QWORD = r"(?:q|k|kw|kwartaal|quarter)"
_QUARTER_PATTERNS = [
    re.compile(rf"^{_Y}\s*[-/ ]?\s*{_QWORD}\s*{_Q}$"),                   # 2024-Q3, 2024 K3, 2024kw3
    re.compile(rf"^{_QWORD}\s*{_Q}\s*[-/ ]?\s*{_Y}$"),                   # Q3 2024, kwartaal 3 2024
    re.compile(rf"^{_Q}\s*(?:e|de)?\s*{_QWORD}\s*[-/ ]?\s*{_Y}$"),        # 3e kwartaal 2024
    re.compile(rf"^{_Y}\s*[-/ ]\s*{_Q}\s*(?:e|de)?\s*{_QWORD}$"),         # 2024 3e kwartaal
]
_YEAR = re.compile(rf"^{_Y}(?:\.0+)?$")
_ISO_MONTH = re.compile(rf"^{_Y}\s*(?:[-/]\s*m?|m)\s*(?P<m>\d{{1,2}})$")
_MONTH_YEAR = re.compile(rf"^(?P<m>\d{{1,2}})\s*[-/]\s*{_Y}$")
_COMPACT_MONTH = re.compile(rf"^{_Y}(?P<m>0[1-9]|1[0-2])$")
_NAMED_MONTH = re.compile(rf"^(?P<name>[a-z]+)\.?\s*[-/ ]?\s*{_Y}$")
_YEAR_NAMED_MONTH = re.compile(rf"^{_Y}\s*[-/ ]?\s*(?P<name>[a-z]+)$")
_ISO_DATE = re.compile(rf"^{_Y}[-/](?P<m>\d{{1,2}})[-/](?P<d>\d{{1,2}})(?:[ t]00:00(?::00)?(?:\.0+)?)?$")
_NL_DATE = re.compile(rf"^(?P<d>\d{{1,2}})[-/.](?P<m>\d{{1,2}})[-/.]{_Y}$")
_CBS_PERIOD = re.compile(rf"^{_Y}(?P<kind>jj|kw|mm)(?P<n>\d\d)$")  # CBS open data: 2024JJ00, 2024KW03, 2024MM11
_EXCEL_SERIAL = re.compile(r"^(?P<n>\d{5})(?:\.0+)?$")
EXCEL_SERIAL_RANGE = (36526, 73050)  # 1-1-2000 .. 31-12-2099 as Excel day numbers
_EXCEL_DAY_ZERO = dt.date(1899, 12, 30)  # Excel's day 0 (1900 date system, after its 29-2-1900)


@dataclass(frozen=True)
class Period:
    code: str
    granularity: str  # jaar | kwartaal | maand | dag
    start: dt.date

    @property
    def label(self) -> str:
        return period_label(self.code)


def _quarter(y: int, q: int) -> Period:
    return Period(f"{y}-K{q}", "kwartaal", dt.date(y, 3 * (q - 1) + 1, 1))


def _month(y: int, m: int) -> Period | None:
    if not 1 <= m <= 12:
        return None
    return Period(f"{y}-{m:02d}", "maand", dt.date(y, m, 1))


def _day(y: int, m: int, d: int) -> Period | None:
    try:
        date = dt.date(y, m, d)
    except ValueError:
        return None
    return Period(date.isoformat(), "dag", date)


def parse_period(value: object) -> Period | None:
    """Parse one period as written in a file; None when it cannot be read."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _day(value.year, value.month, value.day)
    text = re.sub(r"\s+", " ", str(value).strip().lower())
    if not text:
        return None
    if m := _YEAR.match(text):
        y = int(m["y"])
        return Period(str(y), "jaar", dt.date(y, 1, 1))
    if m := _CBS_PERIOD.match(text):
        y, n = int(m["y"]), int(m["n"])
        if m["kind"] == "jj" and n == 0:
            return Period(str(y), "jaar", dt.date(y, 1, 1))
        if m["kind"] == "kw" and 1 <= n <= 4:
            return _quarter(y, n)
        return _month(y, n) if m["kind"] == "mm" else None
    if date := excel_serial_date(text):
        return _day(date.year, date.month, date.day)
    for pattern in _QUARTER_PATTERNS:
        if m := pattern.match(text):
            return _quarter(int(m["y"]), int(m["q"]))
    if m := _ISO_DATE.match(text):
        return _day(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _NL_DATE.match(text):
        return _day(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _ISO_MONTH.match(text):
        return _month(int(m["y"]), int(m["m"]))
    if m := _MONTH_YEAR.match(text):
        return _month(int(m["y"]), int(m["m"]))
    if m := _COMPACT_MONTH.match(text):
        return _month(int(m["y"]), int(m["m"]))
    if m := (_NAMED_MONTH.match(text) or _YEAR_NAMED_MONTH.match(text)):
        if m["name"] in MONTHS:
            return _month(int(m["y"]), MONTHS[m["name"]])
    return None


_FINENESS = {"jaar": 0, "kwartaal": 1, "maand": 2, "dag": 3}


def at_frequency(period: Period | None, frequency: str | None) -> Period | None:
    """The period of ``frequency`` (jaar, kwartaal, maand) that contains ``period``: a peildatum
    1-1-2024 read per year is the year 2024. A period coarser than the frequency (a year where
    quarters were declared) is returned as it is; the check reports it."""
    if period is None or not frequency or _FINENESS[period.granularity] <= _FINENESS[frequency]:
        return period
    y, m = period.start.year, period.start.month
    if frequency == "jaar":
        return Period(str(y), "jaar", dt.date(y, 1, 1))
    if frequency == "kwartaal":
        return _quarter(y, (m - 1) // 3 + 1)
    return _month(y, m)


def propose_frequency(periods) -> str | None:
    """The frequency a column of dates suggests: all on 1 January -> jaar, all on the first day
    of a quarter -> kwartaal, all on the first of a month -> maand; None when they are not dates
    or not such days (then the dates stay days). One date alone says nothing about a rhythm."""
    days = sorted({p.start for p in periods if p is not None})
    if len(days) < 2 or any(p.granularity != "dag" for p in periods if p is not None):
        return None
    if all(d.day == 1 and d.month == 1 for d in days):
        return "jaar"
    if all(d.day == 1 and d.month in (1, 4, 7, 10) for d in days):
        return "kwartaal"
    if all(d.day == 1 for d in days):
        return "maand"
    return None


def excel_serial_date(value: object) -> dt.date | None:
    """The date behind an Excel day number: a date cell that lost its date format shows 45292
    instead of 1-1-2024 (in a CSV export too). Five digits between 1-1-2000 and 31-12-2099 are
    no other way of writing a period, so they are read as that date; anything else is None."""
    if isinstance(value, bool):
        return None
    m = _EXCEL_SERIAL.match(str(value).strip())
    if not m or not EXCEL_SERIAL_RANGE[0] <= int(m["n"]) <= EXCEL_SERIAL_RANGE[1]:
        return None
    return _EXCEL_DAY_ZERO + dt.timedelta(days=int(m["n"]))


def period_label(code: str) -> str:
    """Canonical code -> Dutch reading: '2024-K3' -> '2024 K3', '2024-03' -> 'maart 2024'."""
    if re.fullmatch(r"\d{4}", code):
        return code
    if m := re.fullmatch(r"(\d{4})-K([1-4])", code):
        return f"{m[1]} K{m[2]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", code):
        return f"{MONTH_NAMES[int(m[2]) - 1]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", code):
        return f"{m[3]}-{m[2]}-{m[1]}"
    return code


def period_range(first: str | None, last: str | None = None) -> str:
    """'2024 K1 – 2024 K4'; one period's label when ``last`` is missing or the same; '' without periods.
    The one way every page, sentence and report writes a span of periods."""
    if not first:
        return ""
    return period_label(first) if not last or last == first else f"{period_label(first)} – {period_label(last)}"


def period_start(code: str) -> dt.date | None:
    """Start date of a canonical period code."""
    p = parse_period(code)
    return p.start if p else None


PERIOD_HELP = (
    "Schrijf een periode als jaar (2024), kwartaal (2024-K3, 2024 Q3, Q3 2024, kwartaal 3 2024), "
    "maand (2024-03, maart 2024) of datum (15-03-2024)."
)


def _year_kind(codes) -> str | None:
    """The granularity of all these period codes, when it is one that PER_YEAR knows."""
    kinds = {p.granularity if p else None for p in map(parse_period, set(codes))}
    return next(iter(kinds)) if len(kinds) == 1 and next(iter(kinds)) in PER_YEAR else None


def periods_per_year(codes) -> int:
    """How many periods make a year in these period codes: 4 for quarters, 12 for months, 1 for
    years. Days, mixed or unreadable codes: YEAR_WINDOW."""
    return PER_YEAR.get(_year_kind(codes), YEAR_WINDOW)


def year_window_label(codes) -> str:
    """The comparison's 'jaar' window as a screen calls it, in the data's own periods."""
    kind = _year_kind(codes)
    return "Laatste jaar" if kind == "jaar" else f"Laatste {year_words(codes)} samen"


def year_words(codes) -> str:
    """What the periods of a year are in these codes, for a screen."""
    return {"jaar": "één jaar", "kwartaal": "vier kwartalen", "maand": "twaalf maanden"}.get(
        _year_kind(codes), "vier periodes")


def period_ordinal(code: str) -> int | None:
    """A step number within the code's granularity: consecutive periods differ by exactly 1
    (2024-K4 -> 2025-K1, 2024-12 -> 2025-01), so gaps in a series can be found."""
    p = parse_period(code)
    if p is None:
        return None
    y = p.start.year
    if p.granularity == "jaar":
        return y
    if p.granularity == "kwartaal":
        return y * 4 + (p.start.month - 1) // 3
    if p.granularity == "maand":
        return y * 12 + p.start.month - 1
    return p.start.toordinal()


def in_periods(frame, periods: tuple[str, str] | None):
    """The rows of ``frame`` whose ``periode`` lies in the chosen range (all rows without a range)."""
    if not periods or not len(frame):
        return frame
    return frame[(frame["periode"] >= periods[0]) & (frame["periode"] <= periods[1])]
