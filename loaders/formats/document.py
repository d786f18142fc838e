"""What a file reader gives the pipeline: paragraphs and tables, each with its place.

Every reader (Word, PDF, Excel, CSV, HTML) turns its file into the same
:class:`Document` of :class:`Paragraph` and :class:`Grid` pieces; the cells
hold small HTML fragments (``<p>``, ``<ul><li>``, ``<br/>``, ``<b>``), the
markup the pipe-table layout already reads, and every piece remembers where
in the file it stands (:class:`Place`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Place", "Paragraph", "GridCell", "Grid", "Document", "column_letter"]


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 1-based column number.

    Examples
    --------
    >>> column_letter(1), column_letter(27)
    ('A', 'AA')
    """
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Place:
    """Where a piece stands in its file; every part is optional.

    ``cell`` is a column number (1-based) for PDF and Word, and a spreadsheet
    reference ("B5") for Excel; ``line``/``line_end`` are the file's own lines
    (HTML, CSV).

    Examples
    --------
    >>> Place(page=3, table=2, row=5).locator()
    'page 3, table 2, row 5'
    >>> Place(sheet="Police", cell="B5").locator()
    'sheet Police, cell B5'
    """

    page: int | None = None
    table: int | None = None
    row: int | None = None
    cell: str | None = None
    sheet: str | None = None
    paragraph: int | None = None
    line: int | None = None
    line_end: int | None = None

    def locator(self, lines: bool = True) -> str:
        """The place in words; ``lines=False`` leaves out the file's lines."""
        parts = []
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.cell is not None:
            parts.append(f"cell {self.cell}" if self.sheet is not None else f"column {self.cell}")
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        if self.line is not None and lines:
            end = self.line_end or self.line
            parts.append(f"line {self.line}" if end == self.line else f"lines {self.line}-{end}")
        return ", ".join(parts)


@dataclass
class Paragraph:
    """A paragraph outside any table; ``heading`` when the file marks it as one."""

    html: str
    place: Place
    heading: bool = False


@dataclass
class GridCell:
    """One cell of a grid. ``above``/``left``: the cell is covered by a merge.

    A merged cell's words stand in its first cell; the cells it covers are
    empty and say which way the merge came from.
    """

    html: str
    place: Place
    above: bool = False
    left: bool = False
    #: "red", "amber" or "green" when the cell is coloured so
    rag: str | None = None


@dataclass
class Grid:
    """A table as the file lays it out: rows of cells, all rows equally wide."""

    rows: list[list[GridCell]]
    place: Place
    #: the table goes on from the one before it (a page break cut it)
    continued: bool = False

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Document:
    """A file as paragraphs and grids in reading order."""

    path: str
    kind: str
    pieces: list[Paragraph | Grid] = field(default_factory=list)
    #: problems met while reading that lost no plan text (formula errors, …)
    notes: list[tuple[str, Place]] = field(default_factory=list)
