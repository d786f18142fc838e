"""What every query shares: names as people type them, dates judged by, rows' common keys.

Each helper answers in the terms of DOMAIN.md and works on node dicts (see
:mod:`reviewgraph.queries.backend`), so both backends share it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import Any, Literal

from reviewgraph.graph.errors import NotFoundError
from reviewgraph.graph.handles import natural_key

from .backend import Backend, DocumentInfo

__all__ = [
    "natural_key",
    "fold",
    "words",
    "close_matches",
    "Judge",
    "judge_dates",
    "is_overdue",
    "documents_by_id",
    "resolve_reviews",
    "match_agencies",
    "agency_spellings",
    "place_of",
    "as_date",
]

_WORD_RE = re.compile(r"[a-z0-9&]+")

AsOfBasis = Literal["plan", "today", "given"]


def fold(text: str | None) -> str:
    """Text folded for comparison: lower case, curly quotes straightened, spaces single.

    Examples
    --------
    >>> fold("  Children’s   Services ")
    "children's services"
    """
    text = (text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def words(text: str | None) -> list[str]:
    """The lower-case words of ``text``.

    Examples
    --------
    >>> words("A&E staff, trained.")
    ['a&e', 'staff', 'trained']
    """
    return _WORD_RE.findall(fold(text))


def close_matches(wanted: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` candidates that look like ``wanted``, best first.

    Examples
    --------
    >>> close_matches("Hosing RBK", ["Housing RBK", "Police"])
    ['Housing RBK']
    """
    by_fold: dict[str, str] = {}
    for candidate in candidates:
        by_fold.setdefault(fold(candidate), candidate)
    found = difflib.get_close_matches(fold(wanted), list(by_fold), n=limit, cutoff=0.6)
    return [by_fold[key] for key in found]


def as_date(value: Any) -> dt.date | None:
    """A date from a node property (ISO text or a date).

    Examples
    --------
    >>> as_date("2012-03-31"), as_date(None)
    (datetime.date(2012, 3, 31), None)
    """
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class Judge:
    """The day each plan's overdue actions are judged on, and why that day.

    By default a plan is judged on its own progress date (``PROGRESS AS AT
    1.7.06``); a plan that gives none is judged on today. A date given by the
    user is used for every plan.
    """

    def __init__(self, documents: Iterable[DocumentInfo], as_of: dt.date | None) -> None:
        self.given = as_of
        self.today = dt.date.today()
        self._plans = {d.id: as_date(d.as_of) for d in documents}

    def day(self, document_id: str | None) -> tuple[dt.date, AsOfBasis]:
        """The day and its basis (``given``, ``plan`` or ``today``) for one plan."""
        if self.given is not None:
            return self.given, "given"
        plan = self._plans.get(document_id or "")
        if plan is not None:
            return plan, "plan"
        return self.today, "today"


def judge_dates(backend: Backend, as_of: dt.date | None) -> Judge:
    """The :class:`Judge` for every plan of ``backend``."""
    return Judge(backend.documents(), as_of)


def is_overdue(action: dict[str, Any], day: dt.date) -> bool:
    """Overdue: the last day it was due is before ``day`` and it is not complete.

    An open interval ("January 2006 onwards") has no last day to miss.

    Examples
    --------
    >>> is_overdue({"due_end": "2010-05-31", "status": "in_progress"}, dt.date(2011, 1, 1))
    True
    >>> is_overdue({"due_end": "2010-05-31", "status": "complete"}, dt.date(2011, 1, 1))
    False
    """
    last_day = as_date(action.get("due_end"))
    return last_day is not None and last_day < day and action.get("status") != "complete"


def documents_by_id(backend: Backend) -> dict[str, DocumentInfo]:
    """Every plan of ``backend`` by its document id."""
    return {d.id: d for d in backend.documents()}


def resolve_reviews(backend: Backend, name: str) -> list[DocumentInfo]:
    """The plans ``name`` names: by handle (``003``), key, file name, path, id, or
    words of the review's title.

    Raises
    ------
    NotFoundError
        When ``name`` is empty or names no plan; the message offers close names.

    Examples
    --------
    >>> from reviewgraph.graph.core import ReviewGraph
    >>> from reviewgraph.queries.backend import as_backend
    >>> resolve_reviews(as_backend(ReviewGraph()), "003")
    Traceback (most recent call last):
    ...
    reviewgraph.graph.errors.NotFoundError: no review named '003'
    """
    wanted = fold(name)
    if not wanted:
        raise NotFoundError("a review must be named (its handle such as 003, or its file name)")
    documents = backend.documents()

    def names(document: DocumentInfo) -> set[str]:
        file = document.path.rsplit("/", 1)[-1]
        return {
            fold(document.handle),
            fold(document.key),
            fold(document.id),
            fold(document.review_id),
            fold(file),
            fold(document.path),
        }

    exact = [d for d in documents if wanted in names(d)]
    if exact:
        return exact
    partial = [d for d in documents if wanted in fold(d.title)]
    if partial:
        return partial
    candidates = [d.handle for d in documents] + [d.key for d in documents]
    raise NotFoundError(f"no review named {name!r}", close_matches(name, candidates))


def agency_spellings(agency: dict[str, Any]) -> list[str]:
    """An agency's name and aliases, folded."""
    return [fold(agency.get("name")), *(fold(a) for a in agency.get("aliases") or [])]


def match_agencies(backend: Backend, name: str) -> list[dict[str, Any]]:
    """Every agency whose name or an alias holds ``name``'s words, in that order
    (``Police`` finds every police force; ``Housing`` finds "Housing RBK"), or
    whose id is ``name``.

    Raises
    ------
    NotFoundError
        When ``name`` is empty or no agency matches; the message offers close names.

    Examples
    --------
    >>> from reviewgraph.graph.core import ReviewGraph
    >>> from reviewgraph.queries.backend import as_backend
    >>> match_agencies(as_backend(ReviewGraph()), "")
    Traceback (most recent call last):
    ...
    reviewgraph.graph.errors.NotFoundError: an agency must be named (a name or any alias)
    """
    wanted = fold(name)
    if not wanted:
        raise NotFoundError("an agency must be named (a name or any alias)")
    agencies = backend.nodes_of("Agency")
    pattern = re.compile(r"(?<![\w&])" + re.escape(wanted) + r"(?![\w&])")
    found = [
        a
        for a in agencies
        if fold(a["id"]) == wanted or any(pattern.search(s) for s in agency_spellings(a))
    ]
    if found:
        return sorted(found, key=lambda a: (fold(a["name"]), a["id"]))
    names = sorted({a["name"] for a in agencies} | {x for a in agencies for x in a["aliases"]})
    raise NotFoundError(f"no agency named {name!r}", close_matches(name, names))


def place_of(node: dict[str, Any], documents: dict[str, DocumentInfo]) -> dict[str, Any]:
    """The contract's place keys of a node: ``review``, ``document``, ``line_start``,
    ``line_end`` (and ``locator`` when the file gives a page, sheet or cell).

    Examples
    --------
    >>> place_of({"source": {"document": "plan.txt", "line_start": 3, "line_end": 4}}, {})
    {'review': None, 'document': 'plan.txt', 'line_start': 3, 'line_end': 4, 'locator': None}
    """
    source = node.get("source") or {}
    document = documents.get(node.get("document") or "")
    return {
        "review": document.handle if document else None,
        "document": document.path if document else source.get("document"),
        "line_start": source.get("line_start"),
        "line_end": source.get("line_end"),
        "locator": source.get("locator"),
    }
