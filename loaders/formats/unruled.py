"""Tables a PDF prints without rules: columns found from the header row's words.

Many plans are tables drawn without lines (or with horizontal rules only),
which no ruling finds. Such a table is known by its header line: words in
separate runs along one line (or two, for titles that wrap: "Target" over
"date") that name plan columns. The gaps between the header's runs set the
columns; the lines below are cut into those columns, and a new row starts
where, after a gap wider than the lines' own spacing, two columns start at
once or the first column starts a new item. On a following page a table with
no header of its own, whose lines fall in the same columns, goes on from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..headers import classify_header
from ..numbering import NUMBER
from .document import Grid, GridCell, Place
from .render import escape

__all__ = ["Columns", "find_header", "unruled_grid", "fits_columns", "runs"]

_ITEM_START = re.compile(
    r"^\(?([0-9]{1,3}(\.[0-9]{1,3})*\.?|[A-Z]{2,8}\d{1,3}|[ivx]{1,4}[.)]|[a-h][.)])(\s|$)"
)


@dataclass
class Columns:
    """Column boundaries (x where each column starts) and the header's titles."""

    starts: list[float]
    titles: list[str]
    right: float

    def index(self, x: float) -> int:
        found = 0
        for number, start in enumerate(self.starts):
            if x >= start:
                found = number
        return found

    def bounds(self, index: int) -> tuple[float, float]:
        end = self.starts[index + 1] if index + 1 < len(self.starts) else self.right
        return self.starts[index], end


def runs(line: Any) -> list[list[dict[str, Any]]]:
    """A line's words in runs separated by gaps wider than a word space."""
    runs: list[list[dict[str, Any]]] = []
    for word in line.words:
        if runs:
            gap = word["x0"] - runs[-1][-1]["x1"]
            if gap < max(6.0, 1.2 * line.size):
                runs[-1].append(word)
                continue
        runs.append([word])
    return runs


def _text(run: list[dict[str, Any]]) -> str:
    return " ".join(w["text"] for w in run)


def _boundary(gap_start: float, title_start: float, run_starts: list[float]) -> float:
    """Where a column starts: where the lines below start runs of words, by its title.

    Titles may be centred or indented; the body's text is aligned where the
    column begins, so the leftmost x at which several lines start a run,
    between the title before and this title, is the column's edge.
    """
    near = sorted(x for x in run_starts if gap_start + 1 < x <= title_start + 3)
    for x in near:
        if sum(1 for y in near if abs(y - x) <= 1.5) >= 2:
            return x - 1
    return title_start - 1


def _title_like(text: str) -> bool:
    """Column titles are short and are not list items or sentences."""
    words = text.split()
    return (
        0 < len(words) <= 24
        and not re.match(r"^\W*[•●▪◦■□○◆►▸‣⁃-]", text)
        and not (text.rstrip().endswith(".") and len(words) > 3)
    )


def find_header(lines: list[Any], right: float) -> tuple[int, int, Columns] | None:
    """The first header line (or pair of lines) among ``lines``: (first, count, columns).

    Raises
    ------
    Nothing.
    """
    for index, line in enumerate(lines):
        found = runs(line)
        if len(found) < 2:
            continue
        titles = [_text(r) for r in found]
        count = 1
        block = [line]
        while (
            index + len(block) < len(lines)
            and len(block) < 6
            and lines[index + len(block)].top - block[-1].bottom < 0.8 * line.size
        ):
            block.append(lines[index + len(block)])
        if len(block) > 1:
            # Titles that wrap: the words below join the title they stand under.
            merged = [list(r) for r in found]
            for below in block[1:]:
                for run in runs(below):
                    x = run[0]["x0"]
                    target = min(
                        range(len(merged)),
                        key=lambda i: (
                            0
                            if merged[i][0]["x0"] - 4 <= x <= merged[i][-1]["x1"] + 4
                            else abs(merged[i][0]["x0"] - x)
                        ),
                    )
                    merged[target] = merged[target] + run
            wrapped = [_text(r) for r in merged]
            if classify_header(wrapped) is not None and all(_title_like(t) for t in wrapped):
                titles, count = wrapped, len(block)
        if classify_header(titles) is None or not all(_title_like(t) for t in titles):
            continue
        run_starts = [run[0]["x0"] for body in lines[index + count :] for run in runs(body)]
        starts = [found[0][0]["x0"] - 2]
        for before, after in zip(found, found[1:], strict=False):
            starts.append(_boundary(before[-1]["x1"], after[0]["x0"], run_starts))
        return index, count, Columns(starts, titles, right)
    return None


def fits_columns(lines: list[Any], columns: Columns) -> bool:
    """Whether lines (of a page with no header) stand in the columns of a table before."""
    spread = 0
    for line in lines:
        used = {columns.index(w["x0"]) for w in line.words}
        spread += len(used) >= 2
    return bool(lines) and spread >= max(1, len(lines) // 4)


def _row_gap(lines: list[Any]) -> float | None:
    """The least gap between rows, when rows stand further apart than paragraphs do.

    Within a cell, lines follow at the line spacing and paragraphs a little
    further apart; rows are further apart still (the cells' padding). When the
    wider gaps fall in two clearly separate sizes, the larger are the rows'.
    """
    if len(lines) < 3:
        return None
    size = max(line.size for line in lines)
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:], strict=False)]
    wide = sorted(g for g in gaps if g > 0.45 * size)
    if len(wide) < 2:
        return None
    ratio, cut = max(
        ((wide[i] / max(wide[i - 1], 0.1), i) for i in range(1, len(wide))), default=(1.0, 0)
    )
    if ratio < 1.6 or wide[cut] - wide[cut - 1] < 0.4 * size:
        return None
    return (wide[cut - 1] + wide[cut]) / 2


def unruled_grid(
    lines: list[Any],
    columns: Columns,
    page: int,
    table: int,
    cell_html: Any,
    header: list[str] | None = None,
) -> Grid:
    """The rows of an unruled table: ``lines`` below its header, cut into ``columns``.

    Raises
    ------
    Nothing.
    """
    width = len(columns.starts)
    rows: list[list[list[Any]]] = []
    previous = None
    threshold = _row_gap(lines)
    for line in lines:
        cells: list[list[dict[str, Any]]] = [[] for _ in range(width)]
        for word in line.words:
            cells[columns.index(word["x0"])].append(word)
        filled = [i for i, c in enumerate(cells) if c]
        gap = line.top - previous.bottom if previous is not None else 0.0
        first = " ".join(w["text"] for w in cells[0]) if cells[0] else ""
        if threshold is not None:
            starts = not rows or gap >= threshold
        else:
            starts = (
                not rows
                or (
                    gap > 0.45 * line.size
                    and (len(filled) >= 2 or bool(first and _ITEM_START.match(first)))
                )
                or bool(first and NUMBER.match(first) and gap > 0.2 * line.size)
            )
        if starts:
            rows.append([[] for _ in range(width)])
        for index, words in enumerate(cells):
            if words:
                rows[-1][index].append(type(line)(words))
        previous = line
    # A column's text wraps where its longest line ends, not where the next column starts.
    rights = [
        max((ln.x1 for row in rows for ln in row[i]), default=columns.bounds(i)[1])
        for i in range(width)
    ]
    grid_rows: list[list[GridCell]] = []
    if header is not None:
        grid_rows.append(
            [
                GridCell(escape(title), Place(page=page, table=table, row=0, cell=str(i + 1)))
                for i, title in enumerate(header)
            ]
        )
    for number, row in enumerate(rows, 1):
        out = []
        for index, cell_lines in enumerate(row):
            left, _ = columns.bounds(index)
            html = cell_html(cell_lines, left, rights[index] + 0.5) if cell_lines else ""
            out.append(
                GridCell(html, Place(page=page, table=table, row=number, cell=str(index + 1)))
            )
        grid_rows.append(out)
    return Grid(grid_rows, Place(page=page, table=table))
