"""Normalisation of action status cells and RAG ratings.

Statuses are one of ``complete``, ``in_progress``, ``delayed``,
``not_started`` and ``unknown``; RAG ratings are ``red``, ``amber``,
``green`` or None.  A RAG rating alone says how an action is judged, not
where it stands, so ``"Green"`` gives ``("unknown", "green")``: we do not
guess that green means complete or red means delayed.
"""

from __future__ import annotations

import re

from .text import BULLETS, clean_text

__all__ = ["normalise_status", "split_statuses", "status_from_text", "STATUSES", "RAGS"]

STATUSES = ("complete", "in_progress", "delayed", "not_started", "unknown")
RAGS = ("red", "amber", "green")

# Ordered: the first pattern matching at the start of the cell wins, so
# "not started" is tried before "started" and "complete".
_LEADING: list[tuple[str, str]] = [
    ("not_started", r"not\s+(?:yet\s+)?(?:started|commenced|begun)"),
    ("in_progress", r"(?:not\s+(?:yet\s+)?|partially\s+|part\s+|in)complete(?:d)?"),
    ("complete", r"(?:all\s+actions?\s+)?complete(?:d)?|done|achieved|closed|implemented"),
    ("in_progress", r"in\s*-?\s*progress|on\s*-?\s*going|started|underway|under\s+way"),
    ("delayed", r"delayed|overdue|behind\s+schedule|slipped"),
]
_LEADING_RE = [(s, re.compile(rf"^(?:{p})\b", re.IGNORECASE)) for s, p in _LEADING]
# Anywhere in a cell ("Local Authority complete"), most specific first.
_ANYWHERE_RE = [
    (s, re.compile(rf"\b(?:{p})\b", re.IGNORECASE))
    for s, p in [
        ("not_started", _LEADING[0][1]),
        ("in_progress", _LEADING[1][1]),
        ("delayed", _LEADING[4][1]),
        ("in_progress", r"in\s*-?\s*progress"),
        ("complete", r"complete(?:d)?"),
        ("in_progress", r"on\s*-?\s*going"),
    ]
]
_RAG_RE = re.compile(r"\b(red|amber|green)\b", re.IGNORECASE)
_RAG_CELL_RE = re.compile(r"^(?:rag\s*(?:rating|status)?\s*[:\-]?\s*)?(red|amber|green)\b", re.I)
_STATUS_WORD = r"(?:complete(?:d)?|in\s+progress|on-?going|delayed|not\s+started|red|amber|green)"
_RUN_RE = re.compile(rf"^\s*{_STATUS_WORD}(?:\s+{_STATUS_WORD})*[\s.]*$", re.IGNORECASE)
_WORD_RE = re.compile(_STATUS_WORD, re.IGNORECASE)
_LEGEND_RE = re.compile(rf"[{BULLETS}]\s*{_STATUS_WORD}", re.IGNORECASE)

# Past participles that report a step done ("has been revised", "have been made"); those
# that report a plan or a need ("has been identified", "has been scheduled") do not.
_NOT_DONE = (
    r"(?!(?:identified|asked|requested|proposed|suggested|planned|scheduled|delayed|postponed|"
    r"deferred|paused|highlighted|raised|recommended|expected|invited)\b)"
)
_TEXT_COMPLETE = re.compile(
    rf"\b(?:ha(?:s|ve)\s+been\s+(?:{_NOT_DONE}[a-z-]+ed|made|taken|written|undertaken|"
    r"carried\s+out|set\s+up|drawn\s+up|rolled\s+out|given|held|shown)\b|"
    r"(?:was|were)\s+completed|now\s+in\s+place|"
    r"(?:is|are)\s+(?:now\s+|also\s+)*in\s+place|^(?:all\s+)?completed?\b|\bcompleted\b|"
    r"^(?:\w+\s+){0,4}in\s+place\b|\b(?:is|are)\s+now\s+[^.]{0,60}?\bin\s+place\b)",
    re.IGNORECASE,
)
_TEXT_PROGRESS = re.compile(
    r"\b(?:will\s+be|to\s+be|continues?\s+to|continuing|on-?going|being\s+"
    r"(?:developed|reviewed|devised|implemented|planned|established|updated|revised)|"
    r"in\s+progress|under\s*way|currently|planned|pending|awaiting)\b",
    re.IGNORECASE,
)
_TEXT_DELAYED = re.compile(r"\b(?:delayed|overdue|behind\s+schedule|slipped)\b", re.I)
_TEXT_NOT_STARTED = re.compile(r"\bnot\s+(?:yet\s+)?(?:started|commenced|begun)\b", re.I)


def _is_legend(text: str) -> bool:
    """A header key such as "● Complete ● In progress ● Delayed"."""
    words = {w.lower().replace(" ", "") for w in _WORD_RE.findall(text)}
    return bool(_LEGEND_RE.search(text)) and len(words) >= 2


def normalise_status(raw: str | None) -> tuple[str, str | None]:
    """Map a printed status cell to ``(status, rag)``.

    The status is read from the first words ("COMPLETED Monitor by monthly
    audit…" is complete); failing that, from a status word anywhere
    ("Local Authority complete").  "Ongoing" counts as in progress.  A cell
    that is a colour key listing several statuses behind bullets ("●
    Complete ● In progress") is a legend, not a status.

    Parameters
    ----------
    raw : str or None
        The status (or RAG) cell as printed; HTML allowed.

    Returns
    -------
    tuple of (str, str or None)
        A status from :data:`STATUSES` and a RAG colour or None.

    Examples
    --------
    >>> normalise_status("COMPLETED Monitor by monthly audit")
    ('complete', None)
    >>> normalise_status("Green")
    ('unknown', 'green')
    >>> normalise_status("● Complete ● In progress ● Delayed")
    ('unknown', None)
    """
    if not raw:
        return "unknown", None
    if _is_legend(raw):
        return "unknown", None
    text = clean_text(raw)
    if not text:
        return "unknown", None

    rag: str | None = None
    rag_match = _RAG_CELL_RE.match(text)
    if rag_match:
        rag = rag_match.group(1).lower()
        text = text[rag_match.end() :].lstrip(" -–:,.;")
    elif len(text.split()) <= 4:
        found = _RAG_RE.search(text)
        rag = found.group(1).lower() if found else None

    for status, pattern in _LEADING_RE:
        if pattern.match(text):
            return status, rag
    for status, pattern in _ANYWHERE_RE:
        if pattern.search(text):
            return status, rag
    return "unknown", rag


def split_statuses(raw: str | None) -> list[str]:
    """Split a cell of run-together status words into one per action.

    Tab-separated plans print parallel statuses in one cell
    ("Complete Complete", "Complete Ongoing"); each is returned on its own.
    A cell with prose or HTML blocks is split into blocks only.

    Parameters
    ----------
    raw : str or None
        The status cell as printed.

    Returns
    -------
    list of str
        The status pieces in order; ``[]`` for an empty cell.

    Examples
    --------
    >>> split_statuses("Complete Ongoing")
    ['Complete', 'Ongoing']
    >>> split_statuses("<p>Complete October 2011</p> <p>Complete</p>")
    ['Complete October 2011', 'Complete']
    """
    from .text import split_blocks

    out: list[str] = []
    for block in split_blocks(raw or ""):
        if _RUN_RE.match(block) and not _is_legend(raw or ""):
            out.extend(w.strip() for w in _WORD_RE.findall(block))
        else:
            out.append(block)
    return out


def status_from_text(text: str | None) -> str | None:
    """Guess a status from progress prose, more weakly than a status cell.

    Future or continuing wording ("will be", "to be", "continues to",
    "ongoing", "being developed") means in progress, even beside completed
    parts; past wording ("has been completed", "now in place", "has been
    achieved") alone means complete.

    Parameters
    ----------
    text : str or None
        Progress, update or evidence text.

    Returns
    -------
    str or None
        ``complete``, ``in_progress``, ``delayed``, ``not_started`` or None
        when the text gives no sign.

    Examples
    --------
    >>> status_from_text("This has been achieved – full time worker in place")
    'complete'
    >>> status_from_text("Joint protocol to be revised")
    'in_progress'
    >>> status_from_text("Audit by Named Nurse") is None
    True
    """
    cleaned = clean_text(text or "")
    if not cleaned:
        return None
    # A leading status word ("COMPLETED To be reinforced at training") is
    # the author's verdict; the words after it are monitoring notes.
    for status, pattern in _LEADING_RE:
        if pattern.match(cleaned):
            return status
    if _TEXT_NOT_STARTED.search(cleaned):
        return "not_started"
    if _TEXT_DELAYED.search(cleaned):
        return "delayed"
    if _TEXT_PROGRESS.search(cleaned):
        return "in_progress"
    if _TEXT_COMPLETE.search(cleaned):
        return "complete"
    return None
