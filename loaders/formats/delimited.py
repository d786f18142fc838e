"""CSV plans: a spreadsheet saved as comma-separated text, one record per row.

The file's own lines are kept as the place of each record (a quoted cell may
run over several lines). Blank records split the file into blocks, as blank
rows split a sheet.
"""

from __future__ import annotations

import csv
import io

from reviewgraph.graph.errors import InputError

from ..read import read_document
from .document import Document, Grid, GridCell, Place, column_letter
from .excel import text_cell_html
from .limits import MAX_CELLS, check_file_size

__all__ = ["read_csv"]


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """How the file parts its cells: the delimiter that gives its records the same
    number of cells most often (Excel in much of Europe saves CSV with ``;``).

    Examples
    --------
    >>> _dialect("Rec;Action;Owner\\r\\n1;Audit;Nurse\\r\\n2;Train;£12,000\\r\\n").delimiter
    ';'
    >>> _dialect("Rec,Action\\n1,Audit\\n").delimiter
    ','
    """
    sample = text[:20000]
    best: tuple[float, int] = (0.0, 0)
    chosen: str | None = None
    for delimiter in (",", ";", "\t", "|"):
        try:
            widths = [
                len(r)
                for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                if any(c.strip() for c in r)
            ][:50]
        except csv.Error:
            continue
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = (widths.count(mode) / len(widths), mode)
        if mode >= 2 and score > best:
            best, chosen = score, delimiter
    if chosen is None:
        return csv.excel

    class _Found(csv.excel):
        delimiter = chosen

    return _Found


def read_csv(path: str) -> Document:
    """Read a CSV plan into grids, each record's lines kept as its place.

    Raises
    ------
    InputError
        When the file is not text or its quoting is broken.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write('Recommendation,Action\\n1. Audit,"Run\\naudit"\\n')
    >>> grid = read_csv(f.name).pieces[0]
    >>> [c.html for c in grid.rows[1]], grid.rows[1][1].place.locator()
    (['<p>1. Audit</p>', '<p>Run</p> <p>audit</p>'], 'row 2, column B, lines 2-3')
    >>> os.unlink(f.name)
    """
    check_file_size(path)
    text, _, _ = read_document(path)
    dialect = _dialect(text)
    document = Document(path=path, kind="csv")
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, dialect)
    blocks: list[list[list[GridCell]]] = []
    current: list[list[GridCell]] = []
    cells_read = 0
    line = 1
    try:
        for record_number, record in enumerate(reader, 1):
            end = reader.line_num
            cells = []
            for column, value in enumerate(record, 1):
                place = Place(
                    row=record_number, cell=column_letter(column), line=line, line_end=end
                )
                cells.append(GridCell(text_cell_html(value), place))
            cells_read += len(cells)
            if cells_read > MAX_CELLS:
                raise InputError(path, line, f"more than {MAX_CELLS} cells", "save the plan alone")
            line = end + 1
            if any(c.html for c in cells):
                current.append(cells)
            elif current:
                blocks.append(current)
                current = []
    except csv.Error as error:
        raise InputError(
            path, reader.line_num, f"not readable as CSV ({error})", "check the quoting"
        ) from None
    if current:
        blocks.append(current)
    for table, rows in enumerate(blocks, 1):
        width = max(len(r) for r in rows)
        for row in rows:
            row.extend(GridCell("", row[-1].place) for _ in range(width - len(row)))
        document.pieces.append(Grid(rows, Place(table=table if len(blocks) > 1 else None)))
    return document
