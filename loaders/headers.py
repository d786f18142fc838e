"""Header words: which column of a plan's table holds what, and the date a header gives.

A header row is known by the meaning of its cells ("RECOMMENDATION", "BY WHEN",
"LEAD OFFICER", …), wherever it stands in the document; this module holds the
words that name each column and the "as at 01/04/2012" a header may carry.
"""

from __future__ import annotations

import datetime as dt
import re

from .memo import remembered
from .text import clean_text

__all__ = ["classify_header", "as_at"]

_COLUMNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in [
        ("evidence", r"^(actions? completed with evidence|(description of )?evidence)"),
        ("status", r"^status\b"),
        ("rag", r"^rag\b"),
        ("recommendation", r"^(recommendations?|rec(ommendation)?\.? no)\b"),
        ("outcome", r"^(outcomes?|what do we intend)\b"),
        ("action", r"^(actions?( required)?|update|what are we going to do|tasks?)\b"),
        ("due", r"^(timescales?|by when|completion date|target date|deadline|due date|when)\b"),
        ("owner", r"^(responsible|by whom|lead officers?|lead|owner|who)\b"),
        ("progress", r"^(progress|monitoring|comments?)\b"),
    ]
]


def classify_header(cells: list[str]) -> list[str | None] | None:
    """Map each header cell to a field name, or None when the row is not a header.

    Examples
    --------
    >>> classify_header(["RECOMMENDATION", "ACTION", "BY WHEN", "RESPONSIBLE"])
    ['recommendation', 'action', 'due', 'owner']
    >>> classify_header(["1. Audit", "Run an audit", "May 2010"]) is None
    True
    """
    # The items stage and the reference scan both read every row.
    fields = remembered(("header", tuple(cells)), lambda: _classify_header(cells))
    return list(fields) if fields is not None else None


def _classify_header(cells: list[str]) -> list[str | None] | None:
    fields: list[str | None] = []
    for cell in cells:
        text = clean_text(cell)
        fields.append(next((name for name, rx in _COLUMNS if rx.search(text)), None))
    named = [f for f in fields if f]
    filled = [c for c in cells if clean_text(c)]
    if len(named) < 2 or not ({"recommendation", "action"} & set(named)):
        return None
    if len(named) < len(filled) - 1:
        return None
    return fields


_AS_AT = re.compile(r"\bas (?:at|of)\s+(\d{1,2})[./](\d{1,2})[./](\d{2,4})", re.IGNORECASE)


def as_at(cells: list[str]) -> str | None:
    for cell in cells:
        match = _AS_AT.search(clean_text(cell))
        if match:
            day, month, year = (int(g) for g in match.groups())
            year = year + 2000 if year < 100 else year
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return None
    return None
