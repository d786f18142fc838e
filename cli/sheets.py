"""Rows for spreadsheets: CSV text and Excel workbooks that open cleanly.

Both neutralise formula-like cells (OWASP CSV injection): in CSV a leading
apostrophe marks the cell as text, in a workbook the cell is stored as text
with Excel's own quote prefix, so ``=HYPERLINK(…)`` from a plan is shown, never
run. Plain numbers are left alone, so ``-3`` stays a number. Lists are joined
by :data:`~reviewgraph.graph.cells.LIST_SEPARATOR` in both; control
characters are removed; line breaks inside a cell are kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from reviewgraph.graph.cells import (
    cell_text,
    needs_neutralising,
    spreadsheet_text,
    strip_controls,
)

__all__ = ["SheetData", "csv_text", "workbook_bytes", "BYTE_ORDER_MARK", "cell_kind"]

#: Written before CSV sent to a file, so Excel reads it as UTF-8.
BYTE_ORDER_MARK = "\ufeff"
#: Widest a workbook column is made; longer text wraps inside it.
MAX_COLUMN_WIDTH = 60
#: Excel's "good", "neutral" and "bad" cell colours (fill, font).
_GOOD = ("C6EFCE", "006100")
_NEUTRAL = ("FFEB9C", "9C5700")
_BAD = ("FFC7CE", "9C0006")
_QUIET = ("EDEDED", "595959")
_FILLS = {
    "status": {
        "complete": _GOOD,
        "in_progress": _NEUTRAL,
        "delayed": _BAD,
        "not_started": _QUIET,
    },
    "rag": {"green": _GOOD, "amber": _NEUTRAL, "red": _BAD},
    "flag": {"yes": _BAD},
}


@dataclass
class SheetData:
    """One table for a spreadsheet: a name, its field names and its rows.

    ``kinds`` maps a field to ``status``, ``rag`` or ``flag`` where its cells
    are to be coloured; fields named ``status``, ``rag`` and ``overdue`` are
    coloured without being named.
    """

    name: str
    fields: list[str]
    rows: list[Mapping[str, Any]]
    kinds: dict[str, str] = field(default_factory=dict)


def cell_kind(sheet: SheetData, name: str) -> str | None:
    """How a field's cells are coloured: ``status``, ``rag``, ``flag`` or None.

    Raises
    ------
    TypeError
        Never.

    Examples
    --------
    >>> cell_kind(SheetData("owners", ["status", "overdue", "text"], []), "overdue")
    'flag'
    """
    if name in sheet.kinds:
        return sheet.kinds[name]
    if name == "status" or name.endswith("_status"):
        return "status"
    if name == "rag" or name.endswith("_rag"):
        return "rag"
    if name == "overdue":
        return "flag"
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def csv_text(sheet: SheetData) -> str:
    """The sheet as CSV: a header row of field names, then one line per row.

    Raises
    ------
    csv.Error
        Never for rows of plain values.

    Examples
    --------
    >>> print(csv_text(SheetData("t", ["ref", "text", "count"],
    ...     [{"ref": "1.1", "text": '=HYPERLINK("http://x","y")', "count": -3}])), end="")
    ref,text,count
    1.1,"'=HYPERLINK(""http://x"",""y"")",-3
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([spreadsheet_text(name) for name in sheet.fields])
    for row in sheet.rows:
        writer.writerow(
            [
                str(value) if _is_number(value) else spreadsheet_text(value)
                for value in (row.get(name) for name in sheet.fields)
            ]
        )
    return buffer.getvalue()


def _sheet_title(name: str, taken: set[str]) -> str:
    # Excel refuses []:*?/\ in sheet names and more than 31 characters.
    title = "".join("_" if c in "[]:*?/\\" else c for c in strip_controls(name, keep=""))[:31]
    title = title.strip("'") or "Sheet"
    candidate, number = title, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = title[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def _text(value: Any) -> str:
    # openpyxl refuses the characters XML forbids; strip_controls removed them all.
    return strip_controls(cell_text(value))


def _fill(kind: str | None, value: Any) -> tuple[str, str] | None:
    if kind is None or value is None:
        return None
    key = cell_text(value).strip().lower().replace(" ", "_")
    return _FILLS.get(kind, {}).get(key)


def workbook_bytes(sheets: Sequence[SheetData]) -> bytes:
    """The sheets as an Excel workbook (.xlsx): one worksheet per sheet.

    Each worksheet has its header row in bold, frozen and filtered; columns
    sized to their text (long text wraps); dates as dates, numbers as numbers;
    status, RAG and overdue cells coloured as Excel colours good, neutral and
    bad; formula-like text stored as text with Excel's quote prefix.

    Raises
    ------
    ValueError
        When there is no sheet to write.

    Examples
    --------
    >>> from openpyxl import load_workbook
    >>> data = workbook_bytes([SheetData("owners", ["ref", "text"],
    ...     [{"ref": "003:1", "text": "=1+1"}])])
    >>> cell = load_workbook(io.BytesIO(data))["owners"]["B2"]
    >>> cell.value, cell.data_type
    ('=1+1', 's')
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    # openpyxl is loaded only when a workbook is asked for: it is slow to import.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    wrapping = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for sheet in sheets:
        worksheet = book.create_sheet(_sheet_title(sheet.name, taken))
        worksheet.append([_text(name) for name in sheet.fields])
        for cell in worksheet[1]:
            cell.font, cell.fill = header_font, header_fill
        widths = [len(name) for name in sheet.fields]
        kinds = [cell_kind(sheet, name) for name in sheet.fields]
        for number, row in enumerate(sheet.rows, start=2):
            for column, name in enumerate(sheet.fields, start=1):
                value = row.get(name)
                cell = worksheet.cell(row=number, column=column)
                if _is_number(value):
                    cell.value = value
                elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                    cell.value = value
                    cell.number_format = "yyyy-mm-dd"
                elif value is not None:
                    text = _text(value.value if isinstance(value, Enum) else value)
                    cell.value = text
                    cell.data_type = "s"  # openpyxl would take "=…" for a formula
                    if needs_neutralising(text):
                        cell.quotePrefix = True
                longest = max((len(line) for line in cell_text(value).split("\n")), default=0)
                widths[column - 1] = max(widths[column - 1], longest)
                cell.alignment = wrapping if longest > MAX_COLUMN_WIDTH else top
                colours = _fill(kinds[column - 1], value)
                if colours:
                    cell.fill = PatternFill("solid", fgColor=colours[0])
                    cell.font = Font(color=colours[1])
        for column, width in enumerate(widths, start=1):
            letter = get_column_letter(column)
            worksheet.column_dimensions[letter].width = min(width, MAX_COLUMN_WIDTH) + 2
        worksheet.freeze_panes = "A2"
        if sheet.fields:
            last = get_column_letter(len(sheet.fields))
            worksheet.auto_filter.ref = f"A1:{last}{max(len(sheet.rows) + 1, 1)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
