"""Tables for people: rows laid out to fit the terminal, measured and styled with rich.

Column widths are decided here, not left to chance: a reference or id column
never wraps; a long text column gets the room; a short column (an agency, a
role, a status) gets what it needs up to a fair share; every column is at
least as wide as its longest word, so text wraps between words, never inside
one, whenever the terminal can hold the table at all. Every value is passed
through :func:`~reviewgraph.graph.cells.terminal_text` first, so nothing a
document holds can send an escape sequence to the terminal. rich measures
text in terminal cells (wide characters count twice) and turns styles into
ANSI codes; the rows are laid out here, which keeps a table of thousands of
rows to a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.style import Style

from reviewgraph.graph.cells import terminal_text

from .columns import KINDS, Column, as_dict
from .layout import GAP, SHORT_FLOOR, TEXT_COMFORT, column_widths, natural_width, wrap_lines

__all__ = [
    "Column",
    "KINDS",
    "as_dict",
    "render_table",
    "style_for",
]

#: How far a group's table stands in from its heading.
GROUP_INDENT = 2

_STATUS_STYLES = {
    "complete": "green",
    "in_progress": "yellow",
    "in progress": "yellow",
    "delayed": "red",
    "not_started": "magenta",
    "not started": "magenta",
    "unknown": "dim",
}
_RAG_STYLES = {"red": "bold red", "amber": "bold yellow", "green": "bold green"}


def style_for(kind: str, value: Any) -> str | None:
    """The rich style a cell gets on a colour terminal, or None.

    Raises
    ------
    TypeError
        Never.

    Examples
    --------
    >>> style_for("status", "delayed"), style_for("rag", "Green"), style_for("flag", True)
    ('red', 'bold green', 'bold red')
    """
    if kind == "flag":
        return "bold red" if value is True else None
    if value is None:
        return None
    text = terminal_text(value).strip().lower()
    if kind == "status":
        return _STATUS_STYLES.get(text)
    if kind == "rag":
        return _RAG_STYLES.get(text)
    return None


def render_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    width: int,
    colour: bool = False,
    group_by: Sequence[str] = (),
    group_title: Callable[[Mapping[str, Any]], str] | None = None,
) -> str:
    """Rows as a table of ``columns`` that fits ``width``, optionally in groups.

    With ``group_by``, rows are gathered under a heading line naming the group
    (the values of those fields, in order of first appearance) and the group's
    fields are left out of the columns; every group's table has the same
    column widths, so the groups line up.

    Parameters
    ----------
    rows : sequence of mappings
        The rows' fields by name (see :func:`as_dict`).
    columns : sequence of Column
        What to show, in order.
    width : int
        The terminal's width in cells.
    colour : bool, optional
        Style statuses, RAG ratings, flags and headings with ANSI colours.
    group_by : sequence of str, optional
        Fields whose values head groups of rows.
    group_title : callable, optional
        The heading of a group, from its first row; by default the group's
        values joined by " · ".

    Returns
    -------
    str
        The table, ending in a newline; empty when there are no rows.

    Raises
    ------
    ValueError
        When ``width`` is not positive.

    Examples
    --------
    >>> rows = [{"ref": "003:38/1", "role": "Named Nurse", "status": "complete"}]
    >>> print(render_table(rows, [Column("ref", kind="ref"), Column("role"),
    ...     Column("status", kind="status")], width=40), end="")
    ref       role         status
    --------  -----------  --------
    003:38/1  Named Nurse  complete
    """
    if not rows:
        return ""
    shown = [c for c in columns if c.key not in group_by]
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        key = tuple(terminal_text(row.get(name)).replace("\n", " ") for name in group_by)
        groups.setdefault(key, []).append(row)
    texts = {
        key: [[_display(c, row) for c in shown] for row in members]
        for key, members in groups.items()
    }
    for members in texts.values():
        _blank_repeats(shown, members)
    inner = width - GROUP_INDENT if group_by else width
    silent = {
        i
        for i, c in enumerate(shown)
        if c.optional and all(row.get(c.key) in (None, 0, "", False, []) for row in rows)
    }
    grid = [i for i, c in enumerate(shown) if c.kind != "note"]
    widths = _grid_widths(shown, texts, grid, inner)
    if silent and _cramped([shown[i] for i in grid], _pick(texts, grid), widths):
        grid = [i for i in grid if i not in silent]
        widths = _grid_widths(shown, texts, grid, inner)
    notes = [i for i, c in enumerate(shown) if c.kind == "note"]
    columns_shown = [shown[i] for i in grid]
    spaced = widths is not None and (
        _is_crowded(columns_shown, _pick(texts, grid), widths)
        or any(cells[i] for cells in _pick(texts, range(len(shown))) for i in notes)
    )
    blocks = []
    for key, members in groups.items():
        if widths is None:
            keep = sorted(grid + notes)
            block = _records(
                [shown[i] for i in keep],
                members,
                [[c[i] for i in keep] for c in texts[key]],
                inner,
                colour,
            )
        else:
            block = _one_table(
                columns_shown,
                members,
                [[cells[i] for i in grid] for cells in texts[key]],
                widths,
                colour,
                spaced,
                notes=[[(shown[i], cells[i]) for i in notes] for cells in texts[key]],
                width=inner,
            )
        if group_by:
            if group_title is not None:
                heading = terminal_text(group_title(groups[key][0]))
            else:
                heading = " · ".join(part for part in key if part) or "(none)"
            heading_lines = "\n".join(wrap_lines(heading, width, 0, 2))
            if colour:
                heading_lines = "\n".join(
                    _styled(line, "bold") for line in heading_lines.split("\n")
                )
            block = f"{heading_lines}\n{_indent(block, GROUP_INDENT)}"
        blocks.append(block)
    return "\n".join(blocks)


def _pick(texts: Mapping[Any, list[list[str]]], indexes: Sequence[int]) -> list[list[str]]:
    """The cells at ``indexes`` of every row of every group."""
    return [[cells[i] for i in indexes] for members in texts.values() for cells in members]


def _grid_widths(
    shown: Sequence[Column], texts: Mapping[Any, list[list[str]]], grid: list[int], width: int
) -> list[int] | None:
    return column_widths([shown[i] for i in grid], _pick(texts, grid), width)


def _cramped(columns: Sequence[Column], rows: list[list[str]], widths: list[int] | None) -> bool:
    """Whether a text column gets less than a comfortable width it could use."""
    if widths is None:
        return True
    for index, column in enumerate(columns):
        if column.kind == "text":
            natural = max([natural_width(cells[index]) for cells in rows] + [0])
            if widths[index] < min(natural, TEXT_COMFORT):
                return True
    return False


def _display(column: Column, row: Mapping[str, Any]) -> str:
    value = row.get(column.key)
    if column.kind == "flag":
        # A column of "no" hides the few "yes" a reader is looking for.
        return "yes" if value is True else ""
    text = terminal_text(value)
    if column.kind == "status":
        # Statuses are stored as identifiers (in_progress); people read words.
        text = text.replace("_", " ")
    if column.alert and row.get(column.alert) is True:
        text = f"{text} ({column.alert.replace('_', ' ')})".lstrip()
    return text


def _style(column: Column, row: Mapping[str, Any]) -> str | None:
    if column.alert and row.get(column.alert) is True:
        return "bold red"
    return style_for(column.kind, row.get(column.key))


def _indent(block: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in block.splitlines(True))


def _blank_repeats(columns: Sequence[Column], rows: list[list[str]]) -> None:
    for index, column in enumerate(columns):
        if not column.once:
            continue
        previous = None
        for cells in rows:
            if cells[index] and cells[index] == previous:
                cells[index] = ""
            else:
                previous = cells[index]


def _is_crowded(columns: Sequence[Column], rows: list[list[str]], widths: list[int]) -> bool:
    """Whether enough rows wrap that a blank line should show where each ends."""
    tall = sum(
        1
        for cells in rows
        if any(
            natural_width(text) > w or "\n" in text for text, w in zip(cells, widths, strict=True)
        )
    )
    return len(rows) > 1 and tall * 4 >= len(rows)


def _styled(text: str, style: str) -> str:
    """``text`` wrapped in the ANSI codes of a rich style ("bold red", "dim")."""
    return Style.parse(style).render(text, color_system=ColorSystem.STANDARD)


def _cell_lines(text: str, width: int, wraps: bool) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if wraps or cell_len(paragraph) > width:
            lines.extend(wrap_lines(paragraph, width, 0, 0))
        else:
            lines.append(paragraph)
    return lines


def _lines(
    cells: list[list[str]],
    widths: list[int],
    columns: Sequence[Column],
    styles: list[str | None],
    bottom: bool = False,
) -> list[str]:
    """One row's cells, already wrapped, side by side; ``bottom`` aligns them low."""
    height = max(len(lines) for lines in cells)
    if bottom:
        cells = [[""] * (height - len(lines)) + lines for lines in cells]
    out = []
    for index in range(height):
        parts = []
        for lines, width, column, style in zip(cells, widths, columns, styles, strict=True):
            piece = lines[index] if index < len(lines) else ""
            shown = _styled(piece, style) if style and piece else piece
            gap = " " * max(width - cell_len(piece), 0)
            parts.append(gap + shown if column.kind == "number" else shown + gap)
        out.append((" " * GAP).join(parts).rstrip())
    return out


def _one_table(
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    cells: list[list[str]],
    widths: list[int],
    colour: bool,
    spaced: bool,
    *,
    notes: Sequence[Sequence[tuple[Column, str]]] = (),
    width: int = 0,
) -> str:
    # Laid out here rather than by rich's Table: rich measures and pads every
    # cell through its renderables, which takes seconds for a few thousand rows.
    # Column widths are decided above; rich measures cells and styles them.
    heading = [_cell_lines(c.heading, w, True) for c, w in zip(columns, widths, strict=True)]
    bold = ["bold" if colour else None] * len(columns)
    lines = _lines(heading, widths, columns, bold, bottom=True)
    rule = (" " * GAP).join("-" * w for w in widths)
    lines.append(_styled(rule, "dim") if colour else rule)
    for number, (row, texts) in enumerate(zip(rows, cells, strict=True)):
        if spaced and number:
            lines.append("")
        wrapped = [
            _cell_lines(text, width, c.kind not in ("ref", "number", "flag"))
            for c, text, width in zip(columns, texts, widths, strict=True)
        ]
        styles = [_style(c, row) if colour else None for c in columns]
        lines.extend(_lines(wrapped, widths, columns, styles))
        # A note column stands under its row, from the second column on, full width.
        indent = widths[0] + GAP if len(widths) > 1 else 2
        for _column, text in notes[number] if number < len(notes) else ():
            for paragraph in text.split("\n") if text else ():
                for piece in wrap_lines(paragraph, max(width, sum(widths)) - indent, 0, 0):
                    lines.append(" " * indent + (_styled(piece, "dim") if colour else piece))
    return "\n".join(lines) + "\n"


def _records(
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    cells: list[list[str]],
    width: int,
    colour: bool,
) -> str:
    """Rows too wide for a table, one after another as ``heading  value`` lines."""
    key_width = max(cell_len(c.heading) for c in columns)
    blocks = []
    for row, texts in zip(rows, cells, strict=True):
        lines = []
        for column, text in zip(columns, texts, strict=True):
            if not text:
                continue
            label = column.heading.rjust(key_width)
            value_width = width - key_width - GAP
            if value_width < SHORT_FLOOR:
                wrapped = wrap_lines(f"{label}: {text}", width, 0, 2)
            else:
                pieces = [
                    piece
                    for paragraph in text.split("\n")
                    for piece in wrap_lines(paragraph, value_width, 0, 0)
                ]
                wrapped = [
                    (label if n == 0 else " " * key_width) + " " * GAP + piece
                    for n, piece in enumerate(pieces)
                ]
            style = _style(column, row) if colour else None
            if style:
                wrapped = [_styled(line, style) for line in wrapped]
            lines.extend(wrapped)
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
