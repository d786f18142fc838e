"""Parsing of due dates ("BY WHEN", "TIMESCALE", "Completion Date" cells).

A due cell is turned into an interval ``start``..``end`` (inclusive dates)
and a ``kind``:

``date``
    one day ("31 July 2009", "end April 2009", "16.01.12").
``month``
    one whole month ("Mar-12", "May 2009.", "October 11").
``range``
    several months or dates run together or joined by a dash/"to"
    ("April 2006-March 2007", "September 2011 December 2011"), a financial
    year ("2011-12"), a quarter ("Q3 2011", or of a financial year: "Q3 2023/24" is
    October-December 2023) or a bare year; the interval runs from the
    earliest start to the latest end.
``open``
    an interval with no end ("January 2006 onwards", "Sept 2006 and then
    ongoing", "from Sept 09"), or no interval at all ("Ongoing").
``now``
    "Now" / "Immediately": no anchor date, so no interval.
``conditional``
    "Dependent on criminal proceedings" and the like, with no date.
``unparsed``
    text with no date expression we recognise.
``none``
    an empty cell.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import NamedTuple

from .memo import short_text_cache
from .text import STRUCK_THROUGH, clean_text

__all__ = ["DueDate", "parse_due", "parse_day", "month_number", "dates_in"]


class DueDate(NamedTuple):
    """A due date as printed and the interval it means.

    Attributes
    ----------
    raw : str
        The cell text as given.
    start, end : datetime.date or None
        First and last day of the interval (inclusive); None when unknown.
    kind : str
        One of ``date``, ``month``, ``range``, ``open``, ``now``,
        ``conditional``, ``unparsed``, ``none``.
    """

    raw: str
    start: date | None
    end: date | None
    kind: str


_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_RANGE_SEP = r"\s*(?:-|–|—|to|until|till)\s*"

_TOKEN_RE = re.compile(
    rf"""
    (?<![\d./-])(?P<iy>(?:19|20)\d{{2}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})(?![\d-])
    | (?<![\d.])(?P<nd>\d{{1,2}})[./](?P<nm>\d{{1,2}})[./](?P<ny>\d{{4}}|\d{{2}})(?![\d]|\.\d)
    | (?P<end>\bend\s+(?:of\s+)?)?
      (?P<dd>\b\d{{1,2}})\s*(?:st|nd|rd|th)?\s+(?P<dm>{_MONTH})\b\.?
      (?:,?\s+['’]?(?P<dy>\d{{4}}|\d{{2}}(?!\s*\d)(?!\s+{_MONTH}\b))(?!\d))?
    | (?P<mend>\bend\s+(?:of\s+)?)?
      \b(?P<mm>{_MONTH})\b\.?(?:\s*[-/]\s*|\s+|,\s*)['’]?(?P<my>\d{{4}}|\d{{2}})(?!\d|[./]\d)
    | \b(?P<bm>{_MONTH})\b\.?(?={_RANGE_SEP}(?:\d{{1,2}}\s*)?{_MONTH}\b)
    | \b(?P<season>spring|summer|autumn|fall|winter)\s+(?:term\s+)?(?P<sy>(?:19|20)\d{{2}})\b
    | \bq(?P<fq>[1-4])\s*(?:of\s+)?(?:fy\s*)?(?P<fqy1>(?:19|20)\d{{2}})\s*[-/]\s*
      (?P<fqy2>(?:19|20)\d{{2}}|\d{{2}})(?!\d|[./]\d)
    | (?<![\d./])(?:fy\s*)?(?P<qfy1>(?:19|20)\d{{2}})\s*[-/]\s*(?P<qfy2>(?:19|20)\d{{2}}|\d{{2}})
      \s*,?\s*q(?P<qf>[1-4])\b
    | \bq(?P<q>[1-4])\s*(?P<qy>(?:19|20)\d{{2}})\b
    | (?<![\d./])(?P<fy1>(?:19|20)\d{{2}})\s*[-/]\s*(?P<fy2>\d{{2}})(?!\d|[./]\d)
    | (?<![\d./])(?P<y>(?:19|20)\d{{2}})(?![\d])
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Words allowed between two date expressions that still belong together.
# Where two alternatives match at one place ("ii)" is a letter and a numeral)
# they end at the same ")", so each piece is taken once and never revisited
# (the atomic group): retrying every split of "i) i) i) …" is exponential.
_GAP_RE = re.compile(
    r"""^(?>[\s,;&.:()\-–—/]|\band\b|\bto\b|\buntil\b|\btill\b|\bthrough\b
    |\bthen\b|\bor\b|\bconcluding\b|\bfinishing\b|\bending\b|\bby\b
    |\b[a-z]\s?[ivx]{0,4}\)|\b[ivx]{1,4}\))*+$""",
    re.IGNORECASE | re.VERBOSE,
)
_OPEN_AFTER_RE = re.compile(
    r"^\W*(?:and\s+)?(?:then\s+)?(?:onwards?|ongoing|on-going|continuing|thereafter)\b",
    re.IGNORECASE,
)
_OPEN_BEFORE_RE = re.compile(
    r"\b(?:from|starting|commencing|beginning)\s*(?:in\s+)?$", re.IGNORECASE
)
_NOW_RE = re.compile(r"^\W*(?:now|immediate(?:ly)?|with immediate effect)\W*$", re.I)
_OPEN_RE = re.compile(
    r"\b(?:on-?going|continuous(?:ly)?|rolling|annual(?:ly)?|regular(?:ly)?|"
    r"quarterly|monthly|routine(?:ly)?|onwards?)\b",
    re.IGNORECASE,
)
_CONDITIONAL_RE = re.compile(
    r"\b(?:dependent|depending|subject to|following|on conclusion|once|when|"
    r"awaiting|after)\b",
    re.IGNORECASE,
)


class _Point(NamedTuple):
    start: date
    end: date
    grain: str  # "day", "month" or "span"
    pos: int
    stop: int


_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def month_number(name: str) -> int | None:
    """Return the month number for a month name or abbreviation.

    Parameters
    ----------
    name : str
        "September", "Sept", "Sep.", "dec" ...

    Returns
    -------
    int or None
        1..12, or None when ``name`` is not a month.

    Examples
    --------
    >>> month_number("Sept."), month_number("Octopus")
    (9, None)
    """
    key = name.strip().rstrip(".").lower()
    if not re.fullmatch(_MONTH, key):
        return None
    return _MONTHS[key[:3]]


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        # Two-digit years pivot at 70: these plans date from the 1990s on.
        return 2000 + value if value < 70 else 1900 + value
    return value


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _points(text: str, default_year: int | None) -> list[_Point]:
    """Find date expressions in order, lending years to those without one."""
    found: list[tuple[str, dict[str, str | None], int, int]] = []
    for m in _TOKEN_RE.finditer(text):
        found.append((m.lastgroup or "", m.groupdict(), m.start(), m.end()))

    # A month or day without a year borrows the next year printed after it
    # ("April – Sept 2006", "7 July, 13 July & 7 September, 16 September 2009"):
    # the years after each expression, gathered in one pass from the end.
    years_after: list[int | None] = [default_year] * len(found)
    for i in range(len(found) - 2, -1, -1):
        g = found[i + 1][1]
        key = next((k for k in ("dy", "my", "ny", "qy", "sy", "fy1", "y") if g.get(k)), None)
        years_after[i] = _year(g[key] or "") if key else years_after[i + 1]

    def next_year(i: int) -> int | None:
        return years_after[i]

    points: list[_Point] = []
    for i, (_, g, pos, stop) in enumerate(found):
        try:
            if g["iy"]:
                # ISO, as spreadsheets write dates: 2024-09-30.
                day = date(int(g["iy"]), int(g["im"]), int(g["id"]))
                points.append(_Point(day, day, "day", pos, stop))
            elif g["nd"]:
                day = date(_year(g["ny"] or ""), int(g["nm"] or 0), int(g["nd"] or 0))
                points.append(_Point(day, day, "day", pos, stop))
            elif g["dd"]:
                year = _year(g["dy"]) if g["dy"] else next_year(i)
                if year is None:
                    continue
                day = date(year, month_number(g["dm"] or "") or 0, int(g["dd"]))
                points.append(_Point(day, day, "day", pos, stop))
            elif g["mm"]:
                first, last = _month_span(_year(g["my"] or ""), month_number(g["mm"]) or 0)
                if g["mend"]:
                    points.append(_Point(last, last, "day", pos, stop))
                else:
                    points.append(_Point(first, last, "month", pos, stop))
            elif g["bm"]:
                year = next_year(i)
                if year is None:
                    continue
                first, last = _month_span(year, month_number(g["bm"]) or 0)
                points.append(_Point(first, last, "month", pos, stop))
            elif g["season"]:
                year = int(g["sy"] or 0)
                # Meteorological seasons: spring is March-May; winter runs into next year.
                first_month = _SEASONS[g["season"].lower()]
                last_year = year + (first_month + 2 > 12)
                last_month = (first_month + 1) % 12 + 1
                points.append(
                    _Point(
                        date(year, first_month, 1),
                        _month_span(last_year, last_month)[1],
                        "span",
                        pos,
                        stop,
                    )
                )
            elif g["fq"] or g["qf"]:
                y1 = int(g["fqy1"] or g["qfy1"])
                y2 = g["fqy2"] or g["qfy2"]
                if int(y2) % 100 != (y1 + 1) % 100:
                    continue
                q = int(g["fq"] or g["qf"])
                # A quarter of a UK financial year: Q1 2023/24 is April-June 2023, Q4 is
                # January-March 2024.
                first_month = 3 * q + 1
                year = y1 + (first_month > 12)
                first_month = (first_month - 1) % 12 + 1
                first = _month_span(year, first_month)[0]
                last = _month_span(year, first_month + 2)[1]
                points.append(_Point(first, last, "span", pos, stop))
            elif g["q"]:
                year, q = int(g["qy"] or 0), int(g["q"])
                # Calendar quarters: Q3 2011 is July-September 2011.
                first = _month_span(year, 3 * q - 2)[0]
                last = _month_span(year, 3 * q)[1]
                points.append(_Point(first, last, "span", pos, stop))
            elif g["fy1"]:
                y1 = int(g["fy1"] or 0)
                if int(g["fy2"] or -1) != (y1 + 1) % 100:
                    continue
                # UK financial year: "2011-12" is April 2011 to March 2012.
                points.append(_Point(date(y1, 4, 1), date(y1 + 1, 3, 31), "span", pos, stop))
            elif g["y"]:
                y = int(g["y"])
                points.append(_Point(date(y, 1, 1), date(y, 12, 31), "span", pos, stop))
        except ValueError:
            # Impossible dates such as 31.02.10 are not dates.
            continue
    return points


def dates_in(text: str, *, default_year: int | None = None) -> list[tuple[date, date]]:
    """Every date expression of a text, as (first day, last day) intervals in order.

    Raises
    ------
    Nothing: impossible dates such as 31.02.10 are left out.

    Examples
    --------
    >>> dates_in("Review outcomes by Nov 2006; report 30 September", default_year=2006)
    [(datetime.date(2006, 11, 1), datetime.date(2006, 11, 30)), \
(datetime.date(2006, 9, 30), datetime.date(2006, 9, 30))]
    """
    return [(p.start, p.end) for p in _points(clean_text(text), default_year)]


# Pure (DueDate is immutable), and the same cells recur: "Ongoing", "March 2012".
@short_text_cache(maxsize=16_384)
def parse_due(raw: str | None, *, default_year: int | None = None) -> DueDate:
    """Parse a due-date cell into an interval and a kind.

    The first group of date expressions is used: expressions separated only
    by spaces, punctuation, "and", "to", "concluding", enumeration labels
    and the like form one group; prose ends it, so
    ``"March 2006 – introduction of ISA ... in May 2006"`` is March 2006.
    A group of several expressions is a ``range`` from the earliest start to
    the latest end.  A month followed by its range partner takes that
    partner's year; ``default_year`` is used for a yearless expression with
    nothing to borrow from.

    Parameters
    ----------
    raw : str or None
        The cell text as printed (HTML allowed).
    default_year : int, optional
        Year for a day or month printed without one.

    Returns
    -------
    DueDate
        ``(raw, start, end, kind)``; see the module docstring for kinds.

    Examples
    --------
    >>> parse_due("Mar-12")  # doctest: +NORMALIZE_WHITESPACE
    DueDate(raw='Mar-12', start=datetime.date(2012, 3, 1),
            end=datetime.date(2012, 3, 31), kind='month')
    >>> parse_due("April – Sept 2006")[1:]
    (datetime.date(2006, 4, 1), datetime.date(2006, 9, 30), 'range')
    >>> parse_due("January 2006 onwards.")[1:]
    (datetime.date(2006, 1, 1), None, 'open')
    """
    raw_text = raw or ""
    # "1.2 September 2024": the number of the sub-action the date is for, not a day.
    text = _SUB_NUMBER.sub("", clean_text(raw_text))
    # A date replaced by another: "~~March 2024~~ June 2024", "June 2024 (was March
    # 2024)", "December 2023 revised to April 2024": the new date is the due date.
    text = _WAS.sub("", STRUCK_THROUGH.sub("", text)).strip()
    revisions = list(_REVISED.finditer(text))
    if revisions and revisions[-1].end() < len(text):
        text = text[revisions[-1].end() :]
    if not text:
        return DueDate(raw_text, None, None, "none")
    if " / " in text:
        # "Mawrth 2024 / March 2024": one date in two languages; the side that reads.
        sides = [parse_due(side, default_year=default_year) for side in text.split(" / ")]
        read = [d for d in sides if d.start is not None]
        if len(sides) == 2 and len(read) == 2 and all(d.end for d in read):
            # Both read: a word of the other language read as a bare year ("Mawrth
            # 2024" is 2024) holds the side that reads in full, which is meant.
            wide, narrow = sorted(read, key=lambda d: d.start - d.end)
            whole_years = [
                d
                for d in read
                if (d.start.month, d.start.day, d.end.month, d.end.day) == (1, 1, 12, 31)
            ]
            if wide.start <= narrow.start and narrow.end <= wide.end:
                read = [narrow]
            elif len(whole_years) == 1:
                read = [d for d in read if d is not whole_years[0]]
        if len(sides) == 2 and len(read) == 1:
            return DueDate(raw_text, read[0].start, read[0].end, read[0].kind)
    points = _points(text, default_year)
    if not points:
        if _NOW_RE.match(text):
            return DueDate(raw_text, None, None, "now")
        if _OPEN_RE.search(text):
            return DueDate(raw_text, None, None, "open")
        if _CONDITIONAL_RE.search(text):
            return DueDate(raw_text, None, None, "conditional")
        return DueDate(raw_text, None, None, "unparsed")

    group = [points[0]]
    for point in points[1:]:
        if not _GAP_RE.match(text[group[-1].stop : point.pos]):
            break
        group.append(point)

    # A yearless start borrowed the end's year; "November – March 2007"
    # then starts in the year before.
    if len(group) == 2 and group[0].start > group[1].end:
        first = group[0]
        try:
            moved = first.start.replace(year=first.start.year - 1)
            moved_end = first.end.replace(year=first.end.year - 1)
        except ValueError:
            moved, moved_end = first.start, first.end
        group[0] = first._replace(start=moved, end=moved_end)

    start = min(p.start for p in group)
    end = max(p.end for p in group)
    if len(group) == 1 or all(p.start == start and p.end == end for p in group):
        kind = {"day": "date", "month": "month", "span": "range"}[group[0].grain]
    else:
        kind = "range"

    after = text[group[-1].stop :]
    before = text[: group[0].pos]
    if len(group) == 1 and group[0].grain == "day" and _WEEK_OF_RE.search(before):
        # "w/c 3 June 2024": the week that day begins.
        return DueDate(raw_text, start, start + timedelta(days=6), "range")
    if _OPEN_AFTER_RE.match(after) or _OPEN_BEFORE_RE.search(before):
        return DueDate(raw_text, start, None, "open")
    return DueDate(raw_text, start, end, kind)


_WAS = re.compile(r"\((?:was|originally|previously)\b[^)]*\)", re.IGNORECASE)
_REVISED = re.compile(
    r"\b(?:revised|extended|moved|changed|deferred|put\s+back|re-?set)\s+(?:to|until)\b"
    r"|\bnow\b(?!\s+(?:in|on)\b)|\bnew\s+(?:date|deadline)\s*:?",
    re.IGNORECASE,
)
_SUB_NUMBER = re.compile(r"^\s*\d{1,2}\.\d{1,2}\s+(?=[A-Za-z])")
_WEEK_OF_RE = re.compile(
    r"\b(?:w/c|w\.c\.?|wc|week\s+(?:commencing|beginning|starting))\s*:?\s*$", re.IGNORECASE
)
_ISO_DAY_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC_DAY_RE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")
_MONTH_FIRST_RE = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_TODAY_WORDS = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}


def parse_day(text: str, *, today: date | None = None) -> date:
    """The day a person means by ``text``, as typed on a command line.

    Day first, as in UK plans: ``2012-06-30``, ``30/06/2012``, ``30.6.12``,
    ``30-06-2012``, ``30 June 2012``, ``30th June 2012``, ``June 30, 2012``;
    a month (``June 2012``, ``Jun-12``) means its last day; ``today``,
    ``yesterday`` and ``tomorrow`` are relative to ``today``.

    Parameters
    ----------
    text : str
        What was typed.
    today : datetime.date, optional
        The day ``today`` means; the system's date by default.

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        When ``text`` names no single day or month; the message gives the forms.

    Examples
    --------
    >>> parse_day("30.6.12"), parse_day("June 2012")
    (datetime.date(2012, 6, 30), datetime.date(2012, 6, 30))
    >>> parse_day("today", today=date(2012, 7, 1))
    datetime.date(2012, 7, 1)
    """
    forms = "e.g. 2012-06-30, 30/06/2012, 30.6.12, 30 June 2012, June 2012 or today"
    key = " ".join(text.lower().split())
    if not key:
        raise ValueError(f"no date given ({forms})")
    if key in _TODAY_WORDS:
        return (today or date.today()) + timedelta(days=_TODAY_WORDS[key])
    parts: tuple[int, int, int] | None = None
    if match := _ISO_DAY_RE.fullmatch(key):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif match := _NUMERIC_DAY_RE.fullmatch(key):
        parts = (_year(match[3]), int(match[2]), int(match[1]))
    elif (match := _MONTH_FIRST_RE.fullmatch(key)) and month_number(match[1]):
        parts = (int(match[3]), month_number(match[1]) or 0, int(match[2]))
    if parts is not None:
        try:
            return date(*parts)
        except ValueError:
            message = f"{text!r} is not a day of the calendar (day first: {forms})"
            raise ValueError(message) from None
    due = parse_due(text)
    if due.kind in ("date", "month") and due.end is not None and len(key.split()) <= 4:
        return due.end
    raise ValueError(f"{text!r} is not a date ({forms})")
