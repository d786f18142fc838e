"""Header words: which column of a plan's table holds what, and the date a header gives.

A header row is known by the meaning of its cells ("RECOMMENDATION", "BY WHEN",
"LEAD OFFICER", …), wherever it stands in the document; this module holds the
words that name each column and the "as at 01/04/2012" a header may carry.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .text import clean_text

__all__ = ["FIELDS", "classify_header", "field_of", "normalise_title", "using_columns", "as_at"]

#: the fields a column can hold; ``ref`` is the item's number (``action_ref`` an
#: action's own, beside the recommendation's), ``agency`` whom a
#: recommendation is addressed to, ``scope`` local / regional / national, ``finding``
#: what the review found (reported beside the recommendation, not part of the graph)
FIELDS = (
    "ref",
    "action_ref",
    "recommendation",
    "action",
    "owner",
    "due",
    "status",
    "rag",
    "outcome",
    "progress",
    "evidence",
    "agency",
    "scope",
    "finding",
)

# First match wins, so the longer phrases that share a first word come first
# ("Action owner" is an owner, "Completion date and outcome" an outcome).
_COLUMNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in [
        (
            "ref",
            r"^(no|nos|number|ref|refs|reference|ref no|#|item|item no|id|rec|"
            r"rec(ommendation)? (no|number|ref)|para(graph)?( no)?)\W*$",
        ),
        ("action_ref", r"^(action|step) (no|number|ref|id)\W*$"),
        (
            "evidence",
            r"^(actions? completed with evidence|(description of )?evidence|"
            r"evidence (of|for) (completion|impact|progress|assurance)|how will we evidence)",
        ),
        (
            "outcome",
            r"^((target )?completion date and outcomes?|date of completion and outcomes?|"
            r"outcomes?|what do we intend|"
            r"measures? of (success|impact|effectiveness)|success (measures?|criteria)|"
            r"measures?\W*$|"
            r"(expected|intended|desired|anticipated) (outcomes?|impact)|impact|"
            r"how will we know)",
        ),
        ("rag", r"^(rag|r\W?a\W?g|red\W+amber\W+green)\b"),
        (
            "status",
            r"^((current |overall |action )?status|complete[d]?\W*(\(?y/n\)?)?\W*$|"
            r"closed\W*(\(?y/n\)?)?\W*$|"
            r"sign[- ]?off|signed off)",
        ),
        ("scope", r"^scope\b"),
        # what the review found that a recommendation answers: kept as reported text
        ("finding", r"^(key )?(findings?|context|background|rationale)\W*$"),
        (
            "agency",
            r"^(addressed to|directed (at|to)|recommendation (for|to)|for the attention of|"
            r"agency|agencies|organisation|organisations|partner agency|"
            r"agency (responsible|concerned)|relevant agency)\W*$",
        ),
        (
            "owner",
            r"^(responsible|by whom|lead|leads|owner|owners|who|person responsible|"
            r"officer responsible|action (owner|lead|by)|accountable|named lead|"
            r"responsibility|lead (officers?|person|agency|agencies|manager|professional|"
            r"organisation|partner|responsible)|responsible (officers?|person|lead|agency|"
            r"manager|organisation))\b",
        ),
        (
            "recommendation",
            r"^(recommendations?|rec(ommendation)?\.? no|issues? identified|learning\W*$|"
            r"(key )?(issues?|findings?|learning) (identified|arising|from the review)|"
            r"areas? for (improvement|development|action)|learning points?|lessons learn(ed|t)|"
            r"what needs to (change|improve))\b",
        ),
        (
            "action",
            r"^(actions?( (required|to (be )?taken|to take|agreed|planned|needed|proposed))?|"
            r"action\(s\)( (required|to (be )?taken|agreed))?|required actions?|update|"
            r"what are we going to do|what will (we|be) do(ne)?|tasks?|steps|"
            r"specific actions?|smart actions?|planned actions?|agreed actions?|"
            r"(agency |organisational |management )?response|"
            r"how will (this|it|the recommendation) be (achieved|delivered|implemented))\b",
        ),
        (
            "due",
            r"^(timescales?|time ?frames?|by when|(target |expected |planned )?completion date|"
            r"(target|due|deadline|review)( completion)?( date)?|deadlines?|when|"
            r"date (due|for completion|to be completed|by which)|key dates?|date$|by\W*$)\b",
        ),
        (
            "progress",
            r"^(progress|monitoring|comments?|update on progress|current position|"
            r"position statement|notes|assurance|(key )?milestones?|date completed|"
            r"actual completion( date)?)\b",
        ),
    ]
]

# A user's layout file, for the load that is running (see ``using_columns``).
_USER_COLUMNS: ContextVar[dict[str, str] | None] = ContextVar("user_columns", default=None)


def normalise_title(text: str) -> str:
    """A header cell as compared with header words and layout-file titles.

    Examples
    --------
    >>> normalise_title("  <b>Target&nbsp;Date:</b> ")
    'target date'
    """
    text = clean_text(text).replace("\u00a0", " ").lower()
    # rstrip: what "[:*]+$" removes (clean text ends in no newline), without rescanning
    # a run of colons from each of them. split() cuts at what \s matches (both ask
    # Unicode's whitespace): the words joined by one space, as re.sub(r"\s+", " ") and
    # strip() leave them, in one pass.
    return " ".join(text.rstrip(":*").split())


@contextmanager
def using_columns(columns: dict[str, str] | None) -> Iterator[None]:
    """Let :func:`classify_header` know a user's column titles while a plan loads.

    ``columns`` maps column titles as printed (compared without case) to
    field names (:data:`FIELDS`, or ``ignore``).

    Examples
    --------
    >>> with using_columns({"Issue": "recommendation", "Owner": "owner"}):
    ...     classify_header(["Issue", "Owner", "Notes"])
    ['recommendation', 'owner', 'progress']
    """
    token = _USER_COLUMNS.set(
        {normalise_title(k): v for k, v in columns.items()} if columns else None
    )
    try:
        yield
    finally:
        _USER_COLUMNS.reset(token)


_TWO_TITLES = re.compile(r"\s/\s|\s\|\s|\n")
_QUALIFIER = re.compile(
    r"^(?:[a-z]{2,6}(?=\s+(?:recommendation|action))|local|national|regional|safety|"
    r"improvement|learning|key|agreed|proposed|planned|review|panel|partnership|"
    r"multi-agency|single agency|agency)\s+",
    re.IGNORECASE,
)


def field_of(title: str) -> str | None:
    """The field a column title names, or None.

    Examples
    --------
    >>> field_of("Person responsible"), field_of("Target completion date"), field_of("Issue")
    ('owner', 'due', None)
    >>> [field_of(t) for t in ("Argymhelliad / Recommendation", "Safety action")]
    ['recommendation', 'action']
    """
    text = normalise_title(title)
    user = _USER_COLUMNS.get()
    if user:
        if text in user:
            return None if user[text] == "ignore" else user[text]
        for key, value in user.items():
            if key and text.startswith(key):
                return None if value == "ignore" else value
    if not text or len(text) > 160:
        return None
    found = next((name for name, rx in _COLUMNS if rx.search(text)), None)
    if found is None and _TWO_TITLES.search(text):
        # "Argymhelliad / Recommendation": a title in two languages, or on two lines.
        for part in _TWO_TITLES.split(text):
            found = field_of(part)
            if found:
                return found
    if found is None:
        # "CMR Recommendation", "Safety action", "Improvement action": a kind of review or
        # of action before the usual title.
        qualified = _QUALIFIER.match(text)
        if qualified and qualified.end() < len(text):
            found = next((n for n, rx in _COLUMNS if rx.search(text[qualified.end() :])), None)
    return found


_AGENCY_TITLE = re.compile(r"\b(agency|agencies|organisation|organisations|partner)\b")
# "Lead agency / officer" may name people.
_PERSON_TITLE = re.compile(
    r"\b(officers?|persons?|people|manager|individual|role|post|named|professional|contact)\b"
)


def owner_names_agencies(cells: list[str], fields: list[str | None]) -> bool:
    """Whether a header's owner column is titled for agencies rather than people.

    A "Lead Agency" column with no officer column beside it (the Home Office DHR
    template) names the agency that owns each action.

    Examples
    --------
    >>> cells = ["Recommendation", "Action to take", "Lead Agency", "Target date"]
    >>> owner_names_agencies(cells, classify_header(cells))
    True
    >>> cells = ["Recommendation", "Action", "Lead agency", "Lead officer"]
    >>> owner_names_agencies(cells, classify_header(cells))
    False
    """
    titles = [normalise_title(c) for c, name in zip(cells, fields, strict=False) if name == "owner"]
    return (
        "agency" not in fields
        and bool(titles)
        and all(_AGENCY_TITLE.search(t) and not _PERSON_TITLE.search(t) for t in titles)
    )


def classify_header(cells: list[str]) -> list[str | None] | None:
    """Map each header cell to a field name, or None when the row is not a header.

    Examples
    --------
    >>> classify_header(["RECOMMENDATION", "ACTION", "BY WHEN", "RESPONSIBLE"])
    ['recommendation', 'action', 'due', 'owner']
    >>> classify_header(["#", "Recommendation", "Addressed to"])
    ['ref', 'recommendation', 'agency']
    >>> classify_header(["Recommendation", "Action", "Lead agency", "Lead officer"])
    ['recommendation', 'action', 'agency', 'owner']
    >>> classify_header(["Rec", "Recommendation", "Action"]), classify_header(["Rec", "Action"])
    (['ref', 'recommendation', 'action'], ['recommendation', 'action'])
    >>> classify_header(["1. Audit", "Run an audit", "May 2010"]) is None
    True
    """
    user = _USER_COLUMNS.get()
    key = (tuple(cells), tuple(sorted(user.items())) if user else None)
    # Every row is classified by the detect, items and reference stages alike: once is
    # enough (short rows only, so the cache never holds long cells after a load).
    classify = _classify_once if sum(map(len, cells)) <= 4096 else _classify
    found = classify(*key)
    return list(found) if found is not None else None


_FIRST_PARAGRAPH = re.compile(r"^\s*<p>(.*?)</p>", re.IGNORECASE | re.DOTALL)


def _classify(
    cells: tuple[str, ...], user: tuple[tuple[str, str], ...] | None
) -> tuple[str | None, ...] | None:
    del user  # part of the cache's key only: field_of reads the same columns
    fields: list[str | None] = [field_of(cell) for cell in cells]
    # Rows of data (fewer than two titles known) are most rows: spans are looked for
    # only in a row that may be a header.
    spans = range(1, len(cells)) if sum(1 for name in fields if name) >= 2 else range(0)
    for index in spans:
        # "Lead" spanning "Agency" and "Officer" (a header on two rows read as one):
        # the top title stands over the cells to its right that it spans.
        if fields[index] is None and clean_text(cells[index]):
            top = _FIRST_PARAGRAPH.match(cells[index - 1])
            if top and clean_text(top.group(1)) != clean_text(cells[index - 1]):
                fields[index] = field_of(f"{clean_text(top.group(1))} {clean_text(cells[index])}")
                if fields[index]:
                    cells = [*cells[:index], f"{top.group(0)} {cells[index]}", *cells[index + 1 :]]
    if "recommendation" not in fields:
        # "Rec" numbers the recommendation beside it; with no other column for
        # recommendations it is their column.
        fields = [
            "recommendation"
            if name == "ref" and normalise_title(cell).rstrip(".") == "rec"
            else name
            for cell, name in zip(cells, fields, strict=True)
        ]
    if "action_ref" in fields and not {"ref", "recommendation"} & set(fields):
        # Numbered actions and nothing else numbered: the number is the item's.
        fields = ["ref" if name == "action_ref" else name for name in fields]
    named = [f for f in fields if f]
    filled = [c for c in cells if clean_text(c)]
    if len(named) < 2 or not ({"recommendation", "action"} & set(named)):
        return None
    if len(named) < len(filled) - 1 and not (
        len(named) >= 4 and {"recommendation", "action"} <= set(named)
    ):
        # Two titles or more nobody knows make a row of data, not a header, unless the
        # row plainly heads a plan ("Root cause" and "Sign-off" beside Recommendation,
        # Action, Lead and Date); the unknown columns' cells are reported.
        return None
    # A second column of the same field ("Action" beside "Action required") adds
    # nothing a reader could tell apart; the first keeps the field.
    owners = [i for i, name in enumerate(fields) if name == "owner"]
    if len(owners) > 1 and "agency" not in fields:
        # "Lead agency" beside "Lead officer": the officer owns, the agency is whose it is.
        for index in owners:
            if _AGENCY_TITLE.search(normalise_title(cells[index])):
                fields[index] = "agency"
                break
    if fields.count("action") > 1:
        # "Update" is the action column only where no other column holds the actions.
        for index, name in enumerate(fields):
            if name == "action" and normalise_title(cells[index]).startswith("update"):
                fields[index] = "progress"
    seen: set[str] = set()
    for index, name in enumerate(fields):
        if name in seen and name not in ("progress", "evidence"):
            fields[index] = None
        elif name:
            seen.add(name)
    return tuple(fields)


_classify_once = functools.lru_cache(maxsize=4096)(_classify)


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
