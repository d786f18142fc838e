"""Lines of a plan that are not its items, told by their words: a date line ("Last
updated: 10 March 2025"), a count ("Total actions: 12"), a caption ("Table 2"), the
title again at the top of a page, and a header's second row of titles.
"""

from __future__ import annotations

import re

from .dates import dates_in
from .review_info import progress_date
from .text import clean_text, is_ditto

__all__ = ["heads_nothing", "title_row"]

# "Total actions: 12 / Completed: 7": a count under the table, not an agency.
_SUMMARY = re.compile(r"\b(?:totals?|summary|count|number of)\b|\d+\s*/\s*\d+", re.IGNORECASE)
# A cell of a header's second row: a capitalised word or two of a title, or nothing.
_TITLE_WORDS = re.compile(r"^(?:[A-Z][A-Za-z0-9.&/()'’-]*(?:\s+[A-Z][A-Za-z0-9.&/()'’-]*){0,2})?$")


def title_row(cells: list[str]) -> bool:
    """Whether a row under a header only finishes its titles ("NO." under "REC").

    Examples
    --------
    >>> title_row(["", "NO.", "", "OFFICER", "DATE"]), title_row(["", "practice.", "SEE ABOVE"])
    (True, False)
    """
    texts = [clean_text(c) for c in cells if clean_text(c)]
    return bool(texts) and all(
        _TITLE_WORDS.match(t) and not is_ditto(t) and (not t.endswith(".") or len(t) <= 4)
        for t in texts
    )


# "Table 2: actions", "Figure 1": a caption over a table, not an agency's name.
_CAPTION = re.compile(r"^(?:table|figure|fig\.|chart|appendix|annex)\s+[\w.]{1,4}\b", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"^(?:last\s+)?(?:updated|reviewed|revised|date[ds]?|version|issued|agreed)\b", re.IGNORECASE
)


def heads_nothing(text: str, titles: list[str]) -> bool:
    """Whether a line that looks like a heading names no agency's section: it dates the
    plan, counts its actions, captions a table or repeats a title line (``titles``).

    Examples
    --------
    >>> [heads_nothing(t, ["Westmarsh SAB"]) for t in ("Last updated: 10 March 2025",
    ...     "Total actions: 12 / Completed: 7", "Table 2: Actions", "Westmarsh SAB", "Police")]
    [True, True, True, True, False]
    """
    words = clean_text(text)
    return (
        progress_date([text]) is not None
        # "Recommendations agreed by the Partnership, 14 February 2025": a dated note.
        or any(first == last for first, last in dates_in(words))
        or bool(_DATE_LINE.match(words) or _SUMMARY.search(words) or _CAPTION.match(words))
        or any(words == clean_text(title) for title in titles)
    )
