"""Lines and pages of a document's text, counted the way ``cat -n`` and a reader count them.

A line ends at ``\\n``, ``\\r\\n`` or ``\\r`` and nowhere else: ``str.splitlines``
also breaks at form feeds, vertical tabs, ``\\x1c``–``\\x1e``, ``\\x85`` and
``\\u2028``, so in text from ``pdftotext`` (a form feed at every page) every
line after page *n* would be numbered *n* too high. A form feed is a page
break instead: the page of a line is one more than the form feeds before its
words.
"""

from __future__ import annotations

import re

__all__ = ["split_lines", "line_count", "line_pages"]

_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, without their line ends.

    Parameters
    ----------
    text : str
        A document's text.

    Returns
    -------
    list of str
        One string per line; a line end closing the text starts no empty line,
        as with ``str.splitlines``.

    Examples
    --------
    >>> split_lines("one\\r\\ntwo\\x0cpage two\\rthree\\n")
    ['one', 'two\\x0cpage two', 'three']
    >>> "one\\x0ctwo".splitlines()
    ['one', 'two']
    """
    lines = _BREAK.split(text)
    if lines and not lines[-1]:
        lines.pop()
    return lines


def line_count(text: str) -> int:
    """How many lines ``text`` has (at least 1).

    Examples
    --------
    >>> line_count("a\\x0cb\\nc"), line_count("")
    (2, 1)
    """
    return max(1, len(split_lines(text)))


def line_pages(text: str) -> list[int] | None:
    """The page of each line (index 0 for line 1), or None when the text has no form feed.

    A line's page counts the form feeds before it and those opening it
    (``pdftotext`` starts each page's first line with one); a form feed
    after a line's words closes that page.

    Examples
    --------
    >>> line_pages("title\\nbody\\n\\x0cnext page\\nmore\\x0c\\nlast")
    [1, 1, 2, 2, 3]
    >>> line_pages("no pages here") is None
    True
    """
    if "\f" not in text:
        return None
    pages: list[int] = []
    page = 1
    for line in split_lines(text):
        opening = len(line) - len(line.lstrip("\f"))
        pages.append(page + opening)
        page += line.count("\f")
    return pages
