"""Values as cells: text safe for a terminal, a CSV file or a spreadsheet.

Plan text comes from documents nobody here wrote. Before it reaches a
terminal, escape sequences and control characters are removed (an ``ESC [2J``
in a plan must not clear the user's screen, nor an OSC sequence retitle their
window); before it reaches a spreadsheet, a cell that a spreadsheet would run
as a formula is neutralised as the OWASP CSV-injection guidance advises. Lists
become one cell, joined the same way in every CSV and workbook.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any

__all__ = [
    "LIST_SEPARATOR",
    "FORMULA_TRIGGERS",
    "strip_controls",
    "terminal_text",
    "spreadsheet_text",
    "needs_neutralising",
    "neutralise_formula",
    "is_plain_number",
    "cell_text",
]

#: How a list becomes one cell in tables, CSV and workbooks.
LIST_SEPARATOR = "; "

#: First characters that make a spreadsheet read a cell as a formula (OWASP), with
#: the full-width forms some spreadsheets also accept.
FORMULA_TRIGGERS = "=+-@\t\r＝＋－＠"

# Escape sequences, each matched in one pass without backtracking: CSI
# (ESC [ … final byte, or the 8-bit CSI), string commands (OSC, DCS, SOS, PM,
# APC: ESC ] P X ^ _ … up to BEL or ST, or to the end of the line when never
# terminated) and the other escapes (ESC, intermediate bytes, one final byte).
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 and C1 controls and DEL, and the bidirectional overrides that make a
# terminal show text in another order than it is stored.
_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)])
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?%?")


def strip_controls(text: str, keep: str = "\n") -> str:
    """``text`` without escape sequences, control characters or direction overrides.

    Line breaks of every kind (``\\r\\n``, ``\\r``, form feed, vertical tab,
    U+2028) become ``\\n`` first; a tab becomes a space unless ``keep`` holds
    it. Runs in time linear in the text.

    Parameters
    ----------
    text : str
        Text from a document.
    keep : str, optional
        Control characters to keep (``"\\n"`` by default; ``""`` keeps none, so
        lines are joined by spaces).

    Returns
    -------
    str

    Raises
    ------
    TypeError
        When ``text`` is not a string.

    Examples
    --------
    >>> strip_controls("Named\\x1b[2J Nurse\\x1b]0;pwned\\x07\\x00!")
    'Named Nurse!'
    >>> strip_controls("a\\tb\\r\\nc"), strip_controls("a\\nb", keep="")
    ('a b\\nc', 'a b')
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text, got {type(text).__name__}")
    text = _NEWLINES.sub("\n", _ESCAPES.sub("", text))
    if "\t" not in keep:
        text = text.replace("\t", " ")
    if "\n" not in keep:
        text = text.replace("\n", " ")
    return text.translate(_removal_table(keep))


@functools.lru_cache(maxsize=8)
def _removal_table(keep: str) -> dict[int, None]:
    return {ord(c): None for c in _CONTROLS + _BIDI if c not in keep}


def terminal_text(value: Any) -> str:
    """A value as text a terminal can show: :func:`cell_text`, then :func:`strip_controls`.

    Raises
    ------
    TypeError
        Never; every value has a text.

    Examples
    --------
    >>> terminal_text(["HWPH", "HWPHT\\x1b[31m"])
    'HWPH; HWPHT'
    """
    return strip_controls(cell_text(value))


def is_plain_number(text: str) -> bool:
    """Whether ``text`` is just a number (``-3``, ``+1.5``, ``12%``), which stays as it is.

    Raises
    ------
    TypeError
        When ``text`` is not a string.

    Examples
    --------
    >>> is_plain_number("-3"), is_plain_number("-1.5e3"), is_plain_number("-3+4")
    (True, True, False)
    """
    return _PLAIN_NUMBER.fullmatch(text) is not None


def needs_neutralising(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula.

    True when the first character, or the first after leading spaces, is one
    of ``= + - @``, a tab or a carriage return (or a full-width ``＝ ＋ － ＠``),
    unless the whole text is a plain number: ``-3`` stays a negative number.

    Raises
    ------
    TypeError
        When ``text`` is not a string.

    Examples
    --------
    >>> needs_neutralising('=HYPERLINK("http://x","y")'), needs_neutralising("  +1+2")
    (True, True)
    >>> needs_neutralising("-12.5"), needs_neutralising("Named Nurse")
    (False, False)
    """
    if not text:
        return False
    if text[0] in FORMULA_TRIGGERS:
        return not is_plain_number(text)
    stripped = text.lstrip(" ")
    return bool(stripped) and stripped[0] in FORMULA_TRIGGERS and not is_plain_number(stripped)


def neutralise_formula(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would run it as a formula.

    The apostrophe is how Excel and LibreOffice mark a cell as text; OWASP's
    CSV-injection guidance prescribes it.

    Raises
    ------
    TypeError
        When ``text`` is not a string.

    Examples
    --------
    >>> neutralise_formula('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> neutralise_formula("-3"), neutralise_formula("- Training delivered")
    ('-3', "'- Training delivered")
    """
    return "'" + text if needs_neutralising(text) else text


def spreadsheet_text(value: Any) -> str:
    """A value as the text of a CSV cell: controls stripped, formulas neutralised.

    Line breaks inside a cell are kept (CSV quotes them); tabs become spaces.

    Raises
    ------
    TypeError
        Never; every value has a text.

    Examples
    --------
    >>> spreadsheet_text("=1+1\\tsee above"), spreadsheet_text(["a", "b"])
    ("'=1+1 see above", 'a; b')
    """
    return neutralise_formula(strip_controls(cell_text(value)))


def cell_text(value: Any) -> str:
    """A value as the text of one cell: lists joined by :data:`LIST_SEPARATOR`.

    ``None`` is empty, booleans are ``yes``/``no``, dates ISO 8601, enums their
    value, mappings ``key: value`` pairs.

    Raises
    ------
    TypeError
        Never; every value has a text.

    Examples
    --------
    >>> cell_text(None), cell_text(["HWPH", "HWPHT"]), cell_text(True)
    ('', 'HWPH; HWPHT', 'yes')
    >>> import datetime as dt
    >>> cell_text(dt.date(2012, 3, 31))
    '2012-03-31'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return LIST_SEPARATOR.join(f"{key}: {cell_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return LIST_SEPARATOR.join(cell_text(item) for item in value)
    return str(value)
