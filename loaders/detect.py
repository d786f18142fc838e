"""Telling the layout of a plan from its text alone (never from its file name)."""

from __future__ import annotations

import re

from reviewgraph.graph.errors import InputError

from .headers import classify_header
from .lines import split_lines
from .memo import once_per_document

__all__ = ["LAYOUTS", "detect_layout"]

#: layout name -> what it looks like
LAYOUTS = {
    "pipe-html": "markdown pipe tables whose cells may hold HTML",
    "tab": "tab-separated table rows with a header row of column names",
    "prose": "numbered agency sections of narrative progress text",
}

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PROSE_CUE = re.compile(r"\bthe review (recommended|identified|found|highlighted)\b", re.IGNORECASE)


def _is_header(cells: list[str]) -> bool:
    return classify_header(cells) is not None


@once_per_document
def detect_layout(text: str, path: str = "<text>") -> str:
    """Name the layout of ``text``: ``pipe-html``, ``tab`` or ``prose``.

    Raises
    ------
    InputError
        When no known layout fits.

    Examples
    --------
    >>> detect_layout("RECOMMENDATION\\tACTION\\tBY WHEN\\n1. Do it\\tAudit\\tMay 2010\\n")
    'tab'
    """
    lines = split_lines(text)
    pipe_headers = tab_headers = 0
    for line in lines:
        if _PIPE_ROW.match(line):
            if _is_header(line.strip().strip("|").split("|")):
                pipe_headers += 1
        elif "\t" in line and _is_header(line.split("\t")):
            tab_headers += 1
    if pipe_headers and pipe_headers >= tab_headers:
        return "pipe-html"
    if tab_headers:
        return "tab"
    if len(_PROSE_CUE.findall(text)) >= 2:
        return "prose"
    first = next((i for i, line in enumerate(lines, 1) if line.strip()), 1)
    raise InputError(
        path,
        first,
        "unknown layout: no table header row (RECOMMENDATION / ACTION / BY WHEN …) "
        "and no narrative of what the review recommended",
        "give the plan a header row naming its columns, tab-separated or as a | table |",
    )
