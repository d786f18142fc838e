"""Phrases of synthetic plans made at random: due dates in every printed form, owner
lists a reader can still part, status words, and names.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re

from . import synthetic_vocabulary as words

__all__ = [
    "slug",
    "month_end",
    "due_date",
    "runnable",
    "capital",
    "leading_status_words",
    "windsor_status",
]


def slug(text: str) -> str:
    """A lower-case, hyphenated form of ``text`` for file names and ids.

    Examples
    --------
    >>> slug("Children's Social Care")
    'childrens-social-care'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month.

    Raises
    ------
    ValueError
        When the month is not 1-12.

    Examples
    --------
    >>> month_end(2012, 2)
    datetime.date(2012, 2, 29)
    """
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def due_date(rng: random.Random, year: int, *, runnable: bool = False):
    """A due date in one of the forms plans print, with the interval it means.

    ``runnable`` keeps to the forms that stay apart when a cell runs several
    together ("June 2010 September 2010").

    Returns
    -------
    tuple of (str, str or None, str or None)
        The printed text and the first and last day (ISO) it means.

    Examples
    --------
    >>> text, start, end = due_date(random.Random(3), 2010)
    >>> isinstance(text, str)
    True
    """
    year = year + rng.choice([-1, 0, 0, 1])
    month = rng.randint(1, 12)
    name = words.MONTHS[month - 1]
    first = dt.date(year, month, 1)
    last = month_end(year, month)
    forms = (
        ["month", "day", "end", "span"]
        if runnable
        else [
            "month",
            "month",
            "short",
            "day",
            "end",
            "span",
            "range",
            "slash",
            "now",
            "ongoing",
            "onwards",
            "quarter",
            "two-digit",
            "financial",
            "season",
            "dotted",
        ]
    )
    form = rng.choice(forms)
    if form == "month":
        return f"{name} {year}", first.isoformat(), last.isoformat()
    if form == "short":
        return f"{name[:3]}-{year % 100:02d}", first.isoformat(), last.isoformat()
    if form == "two-digit":
        return f"{name} {year % 100:02d}", first.isoformat(), last.isoformat()
    if form == "day":
        day = rng.randint(1, last.day)
        return (
            f"{day} {name} {year}",
            dt.date(year, month, day).isoformat(),
            dt.date(year, month, day).isoformat(),
        )
    if form == "end":
        return f"end {name} {year}", last.isoformat(), last.isoformat()
    if form == "slash":
        day = rng.randint(1, last.day)
        return (
            f"{day:02d}/{month:02d}/{year}",
            dt.date(year, month, day).isoformat(),
            dt.date(year, month, day).isoformat(),
        )
    if form == "span":
        to = min(12, month + rng.randint(2, 5))
        short = words.MONTHS[to - 1][:3] if rng.random() < 0.5 else words.MONTHS[to - 1]
        text = f"{name} – {short} {year}"
        return text, first.isoformat(), month_end(year, to).isoformat()
    if form == "range":
        end_month = month - 1 or 12
        end_year = year + 1 if month > 1 else year
        text = f"{name} {year}-{words.MONTHS[end_month - 1]} {end_year}"
        return text, first.isoformat(), month_end(end_year, end_month).isoformat()
    if form == "now":
        return rng.choice(["Now", "Immediate"]), None, None
    if form == "ongoing":
        return "Ongoing", None, None
    if form == "onwards":
        if rng.random() < 0.5:
            return f"{name} {year} onwards", first.isoformat(), None
        return (
            f"{name[:4] if name == 'September' else name} {year} and then ongoing",
            (first.isoformat()),
            None,
        )
    if form == "season":
        # Spring is March to May, summer June to August, autumn September to November.
        season, first_month = rng.choice([("Spring", 3), ("Summer", 6), ("Autumn", 9)])
        return (
            f"{season} {year}",
            dt.date(year, first_month, 1).isoformat(),
            month_end(year, first_month + 2).isoformat(),
        )
    if form == "dotted":
        day = rng.randint(1, last.day)
        on = dt.date(year, month, day).isoformat()
        return f"{day:02d}.{month:02d}.{year % 100:02d}", on, on
    if form == "quarter":
        quarter = (month - 1) // 3 + 1
        return (
            f"Q{quarter} {year}",
            dt.date(year, 3 * quarter - 2, 1).isoformat(),
            month_end(year, 3 * quarter).isoformat(),
        )
    # financial year
    return (
        f"{year}-{(year + 1) % 100:02d}",
        dt.date(year, 4, 1).isoformat(),
        dt.date(year + 1, 3, 31).isoformat(),
    )


def runnable(roles: list[str]) -> bool:
    """Whether owners printed run together can still be told apart by a reader.

    Examples
    --------
    >>> runnable(["Named Nurse", "Head of Midwifery"])
    True
    >>> runnable(["Head of Housing", "Team Manager"])
    False
    """
    return all(r.split()[-1].lower() in words.PERSON_HEADS for r in roles[:-1])


def capital(text: str) -> str:
    """``text`` with its first letter in capitals.

    Examples
    --------
    >>> capital("health visitors")
    'Health visitors'
    """
    return text[:1].upper() + text[1:]


_STATUS_HEAD = re.compile(
    r"^(completed?|in progress|ongoing|delayed|not started)\b\.?", re.IGNORECASE
)


def leading_status_words(text: str) -> str | None:
    """The status words a progress text opens with, as printed, or None.

    Examples
    --------
    >>> leading_status_words("COMPLETED Checked by quarterly audit")
    'COMPLETED'
    >>> leading_status_words("Report received") is None
    True
    """
    match = _STATUS_HEAD.match(text)
    return match.group(1) if match else None


def windsor_status(status: str, rng: random.Random) -> str:
    """A status cell's words for a status, as a STATUS column prints them.

    Raises
    ------
    KeyError
        When the status is not complete, in_progress, delayed or not_started.

    Examples
    --------
    >>> windsor_status("delayed", random.Random(1))
    'Delayed'
    """
    return {
        "complete": rng.choice(["Complete", "Completed"]),
        "in_progress": rng.choice(["In progress", "Ongoing"]),
        "delayed": "Delayed",
        "not_started": "Not started",
    }[status]
