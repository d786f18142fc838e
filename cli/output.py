"""Rows as text: a table that fits the terminal, JSON, or CSV.

Every command that prints rows goes through :func:`render` (or
:func:`render_report` for several tables at once), so all of them accept the
same ``--format`` and look alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import textwrap
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel

__all__ = ["FORMATS", "render", "render_report", "cell_text", "clean_text"]

FORMATS = ("table", "json", "csv")

#: Gap between table columns.
GAP = "  "
#: A column is never wrapped narrower than this (or its natural width, if smaller).
MIN_WIDTH = 10


_TAG = re.compile(r"<[^<>]{0,500}>")
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, clearing the screen
    r"|\x1b\][^\x07\x1b]{0,500}(?:\x07|\x1b\\)?"  # OSC: window titles
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def clean_text(text: str | None) -> str:
    """Document text as a terminal should show it: markup and control codes gone,
    runs of spaces and tabs single.

    Examples
    --------
    >>> clean_text("<p>Audit\tfiles</p>\x1b[2J<br/>now")
    'Audit files now'
    """
    text = _CONTROL.sub("", _TAG.sub(" ", text or ""))
    return " ".join(text.split())


def cell_text(value: Any) -> str:
    """A value as the text of one table or CSV cell.

    Examples
    --------
    >>> cell_text(None), cell_text(["HWPH", "HWPHT"]), cell_text(True)
    ('', 'HWPH, HWPHT', 'yes')
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
        return "; ".join(f"{key}: {cell_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(cell_text(item) for item in value)
    return str(value)


def _as_dict(row: BaseModel | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(row, BaseModel):
        return {name: getattr(row, name) for name in type(row).model_fields}
    return dict(row)


def _columns(rows: list[dict[str, Any]], columns: Sequence[str] | None) -> list[str]:
    if columns is not None:
        return list(columns)
    return list(rows[0]) if rows else []


def render(
    rows: Sequence[BaseModel | Mapping[str, Any]],
    format: str = "table",
    columns: Sequence[str] | None = None,
    width: int = 100,
) -> str:
    """Render rows as a table, JSON or CSV.

    Parameters
    ----------
    rows : sequence of pydantic models (or mappings)
        The rows, all of one shape.
    format : {"table", "json", "csv"}
        ``table`` wraps long cells so that the table fits ``width`` columns;
        ``json`` is a list of objects; ``csv`` has a header row.
    columns : sequence of str, optional
        Which fields to show, in order; all fields of the rows by default.
    width : int, optional
        The widest a table line may be.

    Returns
    -------
    str
        The text, ending in a newline unless there is nothing to show.

    Raises
    ------
    ValueError
        When ``format`` is not one of :data:`FORMATS`.

    Examples
    --------
    >>> rows = [{"name": "Named Nurse", "actions": 3}, {"name": "LSCB Chair", "actions": 12}]
    >>> print(render(rows), end="")
    name         actions
    -----------  -------
    Named Nurse        3
    LSCB Chair        12
    >>> print(render(rows, "csv"), end="")
    name,actions
    Named Nurse,3
    LSCB Chair,12
    """
    dicts = [_as_dict(row) for row in rows]
    names = _columns(dicts, columns)
    if format == "json":
        data = [{name: _json_value(row.get(name)) for name in names} for row in dicts]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "csv":
        if not names:
            return ""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([cell_text(row.get(name)) for name in names] for row in dicts)
        return buffer.getvalue()
    if format == "table":
        return _table(dicts, names, width)
    raise ValueError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")


def render_report(report: BaseModel, format: str = "table", width: int = 100) -> str:
    """Render a report whose fields are lists of rows, one table per field.

    A table is headed by its field's name; JSON is one object with a list per
    field; CSV is one block per field (each with its header row), separated by
    a blank line.

    Raises
    ------
    ValueError
        When ``format`` is not one of :data:`FORMATS`.

    Examples
    --------
    >>> from pydantic import BaseModel
    >>> class Count(BaseModel):
    ...     label: str
    ...     count: int
    >>> class Report(BaseModel):
    ...     labels: list[Count]
    >>> print(render_report(Report(labels=[Count(label="Action", count=4)])), end="")
    Labels
    <BLANKLINE>
    label   count
    ------  -----
    Action      4
    """
    parts = {name: getattr(report, name) for name in type(report).model_fields}
    if format == "json":
        return json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    if format == "csv":
        return "\n".join(render(rows, "csv") for rows in parts.values())
    if format == "table":
        blocks = [
            f"{name.replace('_', ' ').capitalize()}\n\n{render(rows, 'table', width=width)}"
            for name, rows in parts.items()
        ]
        return "\n".join(blocks)
    raise ValueError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")


def _json_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_value(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _json_value(item) for key, item in value.items()}
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _table(rows: list[dict[str, Any]], names: list[str], width: int) -> str:
    if not names:
        return ""
    texts = [[cell_text(row.get(name)) for name in names] for row in rows]
    natural = [
        max([len(name)] + [len(line) for row in texts for line in row[i].splitlines() or [""]])
        for i, name in enumerate(names)
    ]
    widths = _fit(natural, [len(name) for name in names], width - len(GAP) * (len(names) - 1))
    numeric = [
        all(_is_number(row.get(name)) for row in rows if row.get(name) is not None)
        for name in names
    ]

    def line(cells: list[str]) -> str:
        padded = [
            cell.rjust(w) if right else cell.ljust(w)
            for cell, w, right in zip(cells, widths, numeric, strict=True)
        ]
        return GAP.join(padded).rstrip()

    wrapped_rows = [[_wrap(text, w) for text, w in zip(row, widths, strict=True)] for row in texts]
    tall = sum(1 for row in wrapped_rows if any(len(cell) > 1 for cell in row))
    # Blank lines between rows show where each row ends once many rows wrap;
    # for one or two long names they would only spread the table out.
    wrapped = tall * 4 >= len(wrapped_rows) > 1
    lines = [line(names), line(["-" * w for w in widths])]
    for number, cells in enumerate(wrapped_rows):
        if wrapped and number:
            lines.append("")
        height = max(len(cell) for cell in cells)
        for index in range(height):
            lines.append(line([cell[index] if index < len(cell) else "" for cell in cells]))
    return "\n".join(lines) + "\n"


def _fit(natural: list[int], headers: list[int], room: int) -> list[int]:
    """Column widths that fit ``room``, narrowing the widest columns first."""
    widths = list(natural)
    floors = [min(n, max(h, MIN_WIDTH)) for n, h in zip(natural, headers, strict=True)]
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: widths[i] - floors[i])
        if widths[widest] <= floors[widest]:
            break  # cannot fit: better too wide than unreadable
        widths[widest] -= 1
    return widths


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, width=width, break_on_hyphens=False) or [""])
    return lines
