"""A plan's RAG key: what its red, amber and green mean, as it prints them.

"Red – not started / Amber – in progress / Green – complete", "R = delayed,
A = on track, G = achieved": :func:`rag_legend` reads such keys; without one a
colour reads as :data:`DEFAULT_RAG_MAP` says.
"""

from __future__ import annotations

import re

from .text import clean_text

__all__ = ["DEFAULT_RAG_MAP", "RAG_LETTERS", "rag_legend"]

#: how a RAG colour reads when the plan prints no legend for it
DEFAULT_RAG_MAP = {"green": "complete", "amber": "in_progress", "red": "delayed"}

_COLOUR = r"(?P<colour>red|amber|green|R|A|G)"
_MEANING_WORDS = (
    r"(?P<meaning>not\s+(?:yet\s+)?(?:started|commenced|begun)|complete[d]?|achieved|done|"
    r"closed|in\s+progress|on\s*-?\s*going|on\s+track|started|under\s*way|delayed|overdue|"
    r"behind(?:\s+schedule)?|off\s+track|not\s+on\s+track|at\s+risk|slipp(?:ed|ing))"
)
_LEGEND_FORWARD = re.compile(
    rf"(?<![\w-]){_COLOUR}(?:\s*\((?:red|amber|green)\))?\s*(?:[-–—:=]|means|is)\s*"
    rf"(?:action\s+|actions\s+|task\s+)?{_MEANING_WORDS}\b",
    re.IGNORECASE,
)
_LEGEND_BACKWARD = re.compile(
    rf"\b{_MEANING_WORDS}\s*(?:[-–—:=]\s*|\(\s*)(?P<colour>red|amber|green)\b", re.IGNORECASE
)
_MEANING_STATUS = [
    ("not_started", r"not\s+(?:yet\s+)?(?:started|commenced|begun)"),
    ("delayed", r"not\s+on\s+track|off\s+track|at\s+risk|delayed|overdue|behind|slipp"),
    ("in_progress", r"in\s+progress|on\s*-?\s*going|on\s+track|started|under\s*way"),
    ("complete", r"complete|achieved|done|closed"),
]
RAG_LETTERS = {"r": "red", "a": "amber", "g": "green"}


def rag_legend(text: str) -> dict[str, str]:
    """The meaning a plan's own RAG key gives each colour, or {} when it prints none.

    A key is two or more colours each followed (or preceded) by a status:
    "Red – not started / Amber – in progress / Green – complete", "R = delayed,
    A = on track, G = achieved", "Complete (Green)". Single letters count only
    before ``=`` or ``:``.

    Raises
    ------
    Nothing: a text without two colours and their meanings is no legend.

    Examples
    --------
    >>> rag_legend("RAG: Red – not started; Amber – in progress; Green – complete")
    {'red': 'not_started', 'amber': 'in_progress', 'green': 'complete'}
    >>> rag_legend("Green rows are done") == {}
    True
    """
    found: dict[str, str] = {}
    cleaned = clean_text(text)
    for pattern in (_LEGEND_FORWARD, _LEGEND_BACKWARD):
        for match in pattern.finditer(cleaned):
            colour = match.group("colour")
            if len(colour) == 1:
                if not re.match(r"\s*[=:]", cleaned[match.end("colour") :]):
                    continue
                colour = RAG_LETTERS[colour.lower()]
            meaning = match.group("meaning").lower()
            status = next(s for s, p in _MEANING_STATUS if re.match(p, meaning))
            found.setdefault(colour.lower(), status)
    return found if len(found) >= 2 else {}
