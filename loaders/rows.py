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
    for number, line in enumerate(split_lines(text), 1):
        match = _PIPE_ROW.match(line)
        if not match:
            in_table = False
            if line.strip():
                pieces.append(TextLine(text=line, line=number))
            continue
        if _SEPARATOR.match(line):
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
        pieces.append(_row(cells, number, table, first))
    return pieces


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
