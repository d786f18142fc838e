"""Limits on one plan: how big its file may be and how long one cell.

A published action plan is tens to hundreds of kilobytes, and its longest cell
a few thousand characters. A file of many megabytes, or a cell of hundreds of
thousands of characters, is an export gone wrong or a file that is not a plan;
loading it would take long and fill the store with one cell's words. So a file
over :attr:`Limits.max_file_size` bytes is refused with a clear message, and a
cell (or a line outside any table) over :attr:`Limits.max_cell_length`
characters is cut there, with a warning naming the file, line and cell.

Both are set by arguments to :func:`~reviewgraph.loaders.load_document`, else
by ``$REVIEWGRAPH_MAX_FILE_SIZE`` and ``$REVIEWGRAPH_MAX_CELL_LENGTH``, else
the defaults here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from reviewgraph.graph.errors import ReviewgraphError

from .model import Unplaced

__all__ = [
    "DEFAULT_MAX_CELL_LENGTH",
    "DEFAULT_MAX_FILE_SIZE",
    "Limits",
    "cut_long_cells",
    "format_size",
    "parse_size",
]

#: bytes: 16 MiB, some fifty times the longest real plan seen
DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024
#: characters: 64 Ki, some fifty times the longest real cell seen
DEFAULT_MAX_CELL_LENGTH = 65_536

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(i?b?)\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str) -> int:
    """A size in bytes from ``"16777216"``, ``"16M"``, ``"16 MB"`` or ``"512KiB"``.

    Units are binary (K = 1024).

    Raises
    ------
    ValueError
        When the text is not a size.

    Examples
    --------
    >>> parse_size("16M"), parse_size("512 KiB"), parse_size("1000")
    (16777216, 524288, 1000)
    """
    match = _SIZE.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a size")
    number, unit, _ = match.groups()
    return int(float(number) * _UNITS[unit.lower()])


def format_size(size: int) -> str:
    """A size for people: ``16.0 MB``, ``512 KB``, ``900 bytes`` (binary units).

    Examples
    --------
    >>> format_size(16 * 1024 * 1024), format_size(2048), format_size(900)
    ('16.0 MB', '2 KB', '900 bytes')
    """
    if size >= 1024**2:
        return f"{size / 1024**2:.1f} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"


@dataclass(frozen=True)
class Limits:
    """How big a plan's file and its cells may be.

    Attributes
    ----------
    max_file_size : int
        Bytes; a larger file is refused.
    max_cell_length : int
        Characters; a longer cell is cut, with a warning.

    Examples
    --------
    >>> Limits.from_environment({"REVIEWGRAPH_MAX_FILE_SIZE": "1M"}).max_file_size
    1048576
    """

    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_cell_length: int = DEFAULT_MAX_CELL_LENGTH

    @classmethod
    def from_environment(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        max_file_size: int | None = None,
        max_cell_length: int | None = None,
    ) -> Limits:
        """The limits given, else those of the environment, else the defaults.

        Raises
        ------
        ReviewgraphError
            When a variable or value is not a positive size.
        """
        environ = os.environ if environ is None else environ
        file_size = _given(max_file_size, environ, "REVIEWGRAPH_MAX_FILE_SIZE", parse_size)
        cell = _given(max_cell_length, environ, "REVIEWGRAPH_MAX_CELL_LENGTH", _count)
        return cls(
            max_file_size=DEFAULT_MAX_FILE_SIZE if file_size is None else file_size,
            max_cell_length=DEFAULT_MAX_CELL_LENGTH if cell is None else cell,
        )


def _count(text: str) -> int:
    return parse_size(text)


def _given(value, environ, variable, parse):  # type: ignore[no-untyped-def]
    if value is None:
        raw = environ.get(variable, "").strip()
        if not raw:
            return None
        try:
            value = parse(raw)
        except ValueError:
            raise ReviewgraphError(
                f"${variable}={raw!r} is not a size (hint: a number, with K or M if you like)"
            ) from None
    if value < 1:
        raise ReviewgraphError(f"{variable.lower()} must be at least 1, not {value}")
    return value


_PIPE_ROW = re.compile(r"^(\s*\|)(.*)(\|\s*)$")
#: characters of the cut-off text quoted in the warning
_QUOTED = 60


def cut_long_cells(text: str, layout: str, limit: int) -> tuple[str, list[Unplaced]]:
    """``text`` with every cell (or line outside a table) cut at ``limit`` characters.

    Lines, and the cells of each row, stay where they were, so line numbers
    do not move. Each cut is reported as unplaced text of reason ``limit``,
    quoting the start of what was left out.

    Parameters
    ----------
    text : str
        The document's text.
    layout : str
        Its layout, which says how a line splits into cells.
    limit : int
        The longest cell kept, in characters.

    Returns
    -------
    text : str
        The text with long cells cut.
    cuts : list of Unplaced
        One entry per cell cut, naming its line and cell.

    Examples
    --------
    >>> text, cuts = cut_long_cells("A\\tB\\nshort\\t" + "x" * 20 + "\\n", "tab", 8)
    >>> text
    'A\\tB\\nshort\\txxxxxxxx\\n'
    >>> cuts[0].line, cuts[0].what
    (2, 'cell 2 is 20 characters long, over the limit of 8: the rest was not read')
    """
    if len(text) <= limit:
        return text, []
    cuts: list[Unplaced] = []
    out: list[str] = []
    for number, (line, end) in enumerate(_lines_with_ends(text), 1):
        if len(line) > limit:
            line = _cut_line(line, layout, limit, number, cuts)
        out.append(line + end)
    return ("".join(out) if cuts else text), cuts


def _lines_with_ends(text: str):  # type: ignore[no-untyped-def]
    start = 0
    for match in re.finditer(r"\r\n|\r|\n", text):
        yield text[start : match.start()], match.group(0)
        start = match.end()
    if start < len(text):
        yield text[start:], ""


def _cut_line(line: str, layout: str, limit: int, number: int, cuts: list[Unplaced]) -> str:
    pipe = _PIPE_ROW.match(line) if layout == "pipe-html" else None
    if pipe:
        before, inner, after = pipe.groups()
        cells = inner.split("|")
        joiner = "|"
    elif layout == "tab" and "\t" in line:
        before, after, cells, joiner = "", "", line.split("\t"), "\t"
    else:
        return _cut(line, limit, number, None, cuts)
    cut = [_cut(cell, limit, number, column, cuts) for column, cell in enumerate(cells, 1)]
    return before + joiner.join(cut) + after


def _cut(cell: str, limit: int, number: int, column: int | None, cuts: list[Unplaced]) -> str:
    if len(cell) <= limit:
        return cell
    where = f"cell {column}" if column else "the line"
    rest = " ".join(cell[limit : limit + 4 * _QUOTED].split())[:_QUOTED]
    cuts.append(
        Unplaced(
            text=f"{rest}…",
            line=number,
            reason="limit",
            what=f"{where} is {len(cell):,} characters long, over the limit of {limit:,}: "
            "the rest was not read",
        )
    )
    return cell[:limit]
