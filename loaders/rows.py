"""The rows stage: a layout's text as table rows and the lines between tables."""

from __future__ import annotations

import re

from reviewgraph.graph.errors import InputError

from .lines import split_lines
from .memo import once_per_document
from .model import Row, TextLine

__all__ = ["pipe_rows", "tab_rows", "rows_for_layout"]

_PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
# Possessive (*+, ++): no part gives back what it took, so a row of many spaces
# is not retried once for every way to share them out between the \s* parts.
_SEPARATOR = re.compile(r"^\s*+\|?(?:\s*+:?-{2,}+:?\s*+\|)++\s*+:?-*+:?\s*+\|?\s*+$")


def _split_pipe(inner: str) -> list[str]:
    return [cell.strip() for cell in inner.split("|")]


def _row(cells: list[str], number: int, table: int, first: bool) -> Row:
    # The row and its cells validated in one call (not one per cell): the rows stage
    # makes thousands of cells a plan.
    return Row.model_validate(
        {
            "cells": [{"raw": c, "line_start": number, "line_end": number} for c in cells],
            "line_start": number,
            "line_end": number,
            "table": table,
            "first_in_table": first,
        }
    )


def pipe_rows(text: str, path: str = "<text>") -> list[Row | TextLine]:
    """Rows of markdown pipe tables; the separator line under each header is dropped.

    Raises
    ------
    InputError
        When a row has more filled cells than its table's header has columns.

    Examples
    --------
    >>> pieces = pipe_rows("| A | B |\\n|---|---|\\n| x | y |\\n")
    >>> [[c.raw for c in p.cells] for p in pieces]
    [['A', 'B'], ['x', 'y']]
    """
    pieces: list[Row | TextLine] = []
    table = 0
    width = 0
    in_table = False
    # Rows of the current table and the rules between them: a grid table rules off
    # every row, and a row whose cells wrap onto several lines is one row.
    grid: list[Row | None] = []
    for number, line in enumerate(split_lines(text), 1):
        match = _PIPE_ROW.match(line)
        if not match:
            if in_table:
                pieces.extend(_grid_rows(grid))
                grid = []
            in_table = False
            if line.strip():
                pieces.append(TextLine(text=line, line=number))
            continue
        if _SEPARATOR.match(line):
            if in_table:
                grid.append(None)
            continue
        cells = _split_pipe(match.group(1))
        first = not in_table
        if first:
            table += 1
            width = len(cells)
            in_table = True
        elif len(cells) > width and any(c for c in cells[width:]):
            raise InputError(
                path,
                number,
                f"ragged table row: {len(cells)} cells where the table's header has {width}",
                "give every row of the table as many | cells as its header row",
            )
        grid.append(_row(cells, number, table, first))
    pieces.extend(_grid_rows(grid))
    return pieces


def _grid_rows(grid: list[Row | None]) -> list[Row]:
    """A table's rows; where rules part its body rows, the lines between two rules are
    one row whose cells wrapped, joined cell by cell.

    Examples
    --------
    >>> top = _row(["Ref", "Action"], 1, 1, True)
    >>> a, b = _row(["1", "Train all"], 3, 1, False), _row(["", "staff."], 4, 1, False)
    >>> [[c.raw for c in r.cells] for r in _grid_rows([top, None, a, b, None])]
    [['Ref', 'Action'], ['1', 'Train all staff.']]
    >>> [[c.raw for c in r.cells] for r in _grid_rows([top, None, a, b])]
    [['Ref', 'Action'], ['1', 'Train all'], ['', 'staff.']]
    """
    rows = [r for r in grid if r is not None]
    body = grid[grid.index(None) + 1 :] if None in grid else []
    ruled = any(piece is None for piece in body[1:]) and any(piece is not None for piece in body)
    if not ruled:
        return rows
    groups: list[list[Row]] = [[]]
    for piece in grid:
        if piece is None:
            groups.append([])
        else:
            groups[-1].append(piece)
    return [_joined(group) for group in groups if group]


def _joined(group: list[Row]) -> Row:
    if len(group) == 1:
        return group[0]
    width = max(len(r.cells) for r in group)
    cells = []
    for index in range(width):
        parts = [
            (r.line_start, r.cells[index].raw)
            for r in group
            if index < len(r.cells) and r.cells[index].raw.strip()
        ]
        text = ""
        for _, part in parts:
            if not text:
                text = part
            elif _BULLET_START.match(part):
                text += "<br/>" + part
            elif text.endswith("-") and part[:1].islower():
                text += part  # "executive-" | "function": one word the wrap cut
            else:
                text += " " + part
        lines = [line for line, _ in parts] or [group[0].line_start]
        cells.append({"raw": text, "line_start": min(lines), "line_end": max(lines)})
    return Row.model_validate(
        {
            "cells": cells,
            "line_start": group[0].line_start,
            "line_end": group[-1].line_end,
            "table": group[0].table,
            "first_in_table": group[0].first_in_table,
        }
    )


_BULLET_START = re.compile(r"^\s*(?:[•●▪◦*-]\s|\d{1,2}[.)]\s|\(?[a-h]\)\s)")


def tab_rows(text: str, path: str = "<text>") -> list[Row | TextLine]:
    """Rows of tab-separated tables; a line without a tab ends a table.

    Ragged rows are judged later, against the header row that governs them.

    Examples
    --------
    >>> pieces = tab_rows("Title\\nA\\tB\\nx\\ty\\n")
    >>> [type(p).__name__ for p in pieces]
    ['TextLine', 'Row', 'Row']
    """
    del path
    pieces: list[Row | TextLine] = []
    table = 0
    in_table = False
    for number, line in enumerate(split_lines(text), 1):
        if "\t" not in line:
            in_table = False
            if line.strip():
                pieces.append(TextLine(text=line, line=number))
            continue
        first = not in_table
        if first:
            table += 1
            in_table = True
        pieces.append(_row([c.strip() for c in line.split("\t")], number, table, first))
    return pieces


@once_per_document
def rows_for_layout(layout: str, text: str, path: str) -> list[Row | TextLine]:
    """The rows stage of ``layout`` (split once per document: the items stage and the
    reference scan share the rows, and change none).

    Raises
    ------
    InputError
        When a pipe table has a ragged row.
    """
    if layout == "pipe-html":
        return pipe_rows(text, path)
    if layout == "tab":
        return tab_rows(text, path)
    raise ValueError(f"layout {layout!r} has no table rows")
