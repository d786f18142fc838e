"""Excel .xlsx plans: each sheet's blocks of rows as tables, merges and RAG fills kept.

A sheet is read row by row in read-only mode (memory stays flat however large
the file); its merged ranges, which read-only mode does not give, are read
from the sheet's XML. Rows separated by blank rows are separate blocks: a
title above the table, agency headings between tables. A workbook with one
sheet per agency names each sheet's agency by a heading of the sheet's name.
Formula errors (``#REF!``, ``#N/A`` …) are not plan text: the cell is read as
empty and the error is reported with its sheet and cell.
"""

from __future__ import annotations

import re
import zipfile
from typing import Any
from xml.etree import ElementTree

from reviewgraph.graph.errors import InputError

from .colours import rag_of_colour
from .document import Document, Grid, GridCell, Paragraph, Place, column_letter
from .limits import MAX_CELLS, Budget, check_zip
from .render import escape

__all__ = ["read_xlsx", "text_cell_html"]

_ERRORS = frozenset({"#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"})
_GENERIC_SHEET = re.compile(
    r"^(sheet\s*\d*|tabelle\d*|feuil\d*|action plan|plan|actions?|recommendations?|summary|"
    r"key|notes?|guidance|instructions?|contents|cover|data|lists?|lookups?|dropdowns?|"
    r"rag|status|overview|front sheet|version control)\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*([•●▪◦■□○◆►▸‣⁃]|-\s|\*\s)")


def _bold_lines(value: Any) -> set[int]:
    """Indexes of the lines of a rich-text cell that are wholly bold."""
    blocks = getattr(value, "__iter__", None) and not isinstance(value, str)
    if not blocks or value is None or not hasattr(value, "as_list"):
        return set()
    flags: list[list[bool]] = [[]]
    for part in value:
        text = part if isinstance(part, str) else getattr(part, "text", "")
        font = getattr(part, "font", None)
        bold = bool(getattr(font, "b", False)) if font is not None else False
        for index, piece in enumerate(str(text).split("\n")):
            if index:
                flags.append([])
            if piece.strip():
                flags[-1].append(bold)
    return {i for i, line in enumerate(flags) if line and all(line)}


def text_cell_html(text: str, bold_lines: set[int] | None = None) -> str:
    """A cell's plain text (lines, bullets) as HTML paragraphs and lists.

    Examples
    --------
    >>> text_cell_html("Audit files\\n• Brief staff\\n• Train")
    '<p>Audit files</p> <ul><li>• Brief staff</li><li>• Train</li></ul>'
    """
    parts: list[str] = []
    items: list[str] = []
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for index, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if (
            bold_lines
            and index in bold_lines
            and not parts
            and not items
            and len(line.split()) <= 8
            and any(rest.strip() for rest in lines[index + 1 :])
            and not re.match(r"^\W*(\d|recommendation|action|rec\b)", line, re.I)
        ):
            # A bold first line above the rest is a heading (an agency's name).
            parts.append(f"<p><b>{escape(line)}</b></p>")
            continue
        if _BULLET.match(line):
            items.append(f"<li>{escape(line)}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        parts.append(f"<p>{escape(line)}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return " ".join(parts)


def _value_text(value: Any, number_format: str = "") -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        shown = number_format.lower()
        if "m" in shown and "y" in shown and "d" not in shown:
            # Formatted "mmm-yy": the plan shows (and means) the month, not its first day.
            return value.strftime("%B %Y")
        # A date typed as a date prints as the plan means it: day, month and year.
        return value.strftime("%d/%m/%Y") if getattr(value, "hour", 0) == 0 else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


#: sheets' XML up to this size is read whole (rich text kept), larger ones row by row
FULL_READ_BYTES = 8 * 1024 * 1024


def _sheet_bytes(path: str) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(
            i.file_size for i in archive.infolist() if i.filename.startswith("xl/worksheets/")
        )


def _merged_ranges(
    path: str, sheet_files: dict[str, str]
) -> dict[str, list[tuple[int, int, int, int]]]:
    """Each sheet's merged ranges as (min_row, min_col, max_row, max_col), from its XML."""
    from openpyxl.utils.cell import range_boundaries

    found: dict[str, list[tuple[int, int, int, int]]] = {}
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for title, member in sheet_files.items():
            ranges: list[tuple[int, int, int, int]] = []
            if member in names:
                with archive.open(member) as stream:
                    for _, element in ElementTree.iterparse(stream):
                        if element.tag.endswith("}mergeCell"):
                            ref = element.get("ref")
                            if ref and ":" in ref:
                                min_col, min_row, max_col, max_row = range_boundaries(ref)
                                ranges.append((min_row, min_col, max_row, max_col))
                        element.clear()
            found[title] = ranges
    return found


def _sheet_files(workbook: Any) -> dict[str, str]:
    files: dict[str, str] = {}
    for sheet in workbook.worksheets:
        member = getattr(sheet, "_worksheet_path", None)
        if member:
            files[sheet.title] = str(member).lstrip("/")
    return files


def read_xlsx(path: str) -> Document:
    """Read an Excel plan into paragraphs (headings, titles) and grids.

    Raises
    ------
    InputError
        When the workbook is damaged, truncated, password-protected, not an
        Excel file, or larger than a plan can be.
    """
    check_zip(path, "Excel workbook", "xl/workbook.xml")
    import openpyxl

    try:
        # Small workbooks are read whole, which keeps rich text (a bold agency name
        # above a cell's first item); large ones row by row, keeping memory flat.
        workbook = openpyxl.load_workbook(
            path, read_only=_sheet_bytes(path) > FULL_READ_BYTES, data_only=True, rich_text=True
        )
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise InputError(
            path,
            None,
            f"not a readable Excel workbook ({type(error).__name__}: {error})"[:200],
            "open it in Excel and save it again as .xlsx",
        ) from None
    budget = Budget(path)
    document = Document(path=path, kind="xlsx")
    try:
        merges = _merged_ranges(path, _sheet_files(workbook))
        sheets = [
            s for s in workbook.worksheets if getattr(s, "sheet_state", "visible") == "visible"
        ]
        named = len(sheets) > 1
        cells_read = 0
        table = 0
        for sheet in sheets:
            title = sheet.title
            rows: list[tuple[int, list[GridCell]]] = []
            present: set[int] = set()
            if hasattr(sheet, "reset_dimensions"):
                # A saved dimension can be wrong; without it every row is read whole.
                sheet.reset_dimensions()
            for row_number, row in enumerate(sheet.iter_rows(), 1):
                cells: list[GridCell] = []
                for column, cell in enumerate(row, 1):
                    cells_read += 1
                    value = getattr(cell, "value", None)
                    bold_lines = _bold_lines(value)
                    text = _value_text(value, getattr(cell, "number_format", "") or "")
                    place = Place(sheet=title, cell=f"{column_letter(column)}{row_number}")
                    if text.strip() in _ERRORS:
                        document.notes.append((f"formula error {text.strip()}", place))
                        text = ""
                    fill = getattr(cell, "fill", None)
                    colour = None
                    if fill is not None and getattr(fill, "fill_type", None) == "solid":
                        rgb = getattr(fill.fgColor, "rgb", None)
                        colour = rag_of_colour(rgb if isinstance(rgb, str) else None)
                    cells.append(GridCell(text_cell_html(text, bold_lines), place, rag=colour))
                if cells_read > MAX_CELLS:
                    raise InputError(
                        path,
                        None,
                        f"sheet {title}, row {row_number}: the workbook has more than "
                        f"{MAX_CELLS} cells",
                        "a plan is not this large; save the action plan's sheet on its own",
                    )
                if row_number % 500 == 0:
                    budget.check(f"sheet {title}, row {row_number}")
                if not any(c.html for c in cells) and any(
                    getattr(c, "value", None) is not None for c in row
                ):
                    # Cells typed as spaces: an empty row of the table, not a gap between tables.
                    present.add(row_number)
                rows.append((row_number, cells))
            if hasattr(sheet, "merged_cells"):
                ranges = [
                    (r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges
                ]
            else:
                ranges = merges.get(title, [])
            _mark_merges(rows, ranges)
            blocks = _blocks(rows, present)
            if (
                named
                and blocks
                and not _GENERIC_SHEET.match(title.strip())
                and _starts_with_header(blocks[0])
            ):
                # A sheet of its own per agency: its name heads the sheet's table.
                document.pieces.append(Paragraph(escape(title), Place(sheet=title), heading=True))
            for block in blocks:
                table += 1
                width = max(
                    (
                        max(
                            (i + 1 for i, c in enumerate(r) if c.html or c.rag or c.above),
                            default=0,
                        )
                        for _, r in block
                    ),
                    default=0,
                )
                grid_rows = [
                    r[:width] + [GridCell("", Place(sheet=title))] * (width - len(r))
                    for _, r in block
                ]
                document.pieces.append(Grid(grid_rows, Place(sheet=title, row=block[0][0])))
    finally:
        workbook.close()
    return document


def _mark_merges(
    rows: list[tuple[int, list[GridCell]]], ranges: list[tuple[int, int, int, int]]
) -> None:
    by_row = {number: cells for number, cells in rows}
    for min_row, min_col, max_row, max_col in ranges:
        if (max_row - min_row + 1) * (max_col - min_col + 1) > 10_000:
            continue
        for row in range(min_row, max_row + 1):
            cells = by_row.get(row)
            if cells is None:
                continue
            for column in range(min_col, max_col + 1):
                if (row, column) == (min_row, min_col) or column > len(cells):
                    continue
                cell = cells[column - 1]
                cell.html = ""
                if row > min_row:
                    cell.above = True
                if column > min_col:
                    cell.left = True


def _starts_with_header(block: list[tuple[int, list[GridCell]]]) -> bool:
    from ..headers import classify_header
    from ..text import clean_text

    return classify_header([clean_text(c.html) for c in block[0][1]]) is not None


def _blocks(
    rows: list[tuple[int, list[GridCell]]], present: set[int]
) -> list[list[tuple[int, list[GridCell]]]]:
    """Runs of rows that hold something, split at blank rows."""
    blocks: list[list[tuple[int, list[GridCell]]]] = []
    current: list[tuple[int, list[GridCell]]] = []
    for number, cells in rows:
        if any(c.html or c.above for c in cells) or number in present:
            current.append((number, cells))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks
