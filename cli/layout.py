"""Laying text out in terminal cells: column widths that fit, and word wrapping.

Widths are counted in terminal cells (rich's ``cell_len``: a wide character
counts twice), so a table of Welsh, Polish or Chinese names lines up too.
Text wraps between words; a word is folded only when it is wider than a whole
line, as nothing else can show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len

if TYPE_CHECKING:
    from .tables import Column

__all__ = ["column_widths", "wrap_lines", "natural_width", "longest_word", "GAP"]

#: Spaces between two columns.
GAP = 2
#: A short column is given at most this share of the room before text columns are served.
SHORT_SHARE = 0.2
#: Text columns are brought to this width before headings are unwrapped.
TEXT_COMFORT = 30
#: A short column is never capped narrower than this (or its natural width, if smaller).
SHORT_FLOOR = 12


def longest_word(text: str) -> int:
    """Cells taken by the widest word of ``text``."""
    return max((cell_len(word) for word in text.split()), default=0)


def natural_width(text: str) -> int:
    """Cells taken by the widest line of ``text``."""
    return max((cell_len(line) for line in text.split("\n")), default=0)


def column_widths(
    columns: Sequence[Column], cells: Sequence[Sequence[str]], width: int
) -> list[int] | None:
    """Widths for ``columns`` so that the table fits ``width`` terminal cells, or None.

    Every column is at least as wide as its longest word (a ``ref``,
    ``number`` or ``flag`` column: its longest value, as those never wrap);
    headings may wrap between words when room is short. Then short columns
    grow to what they need up to a fair share, text columns to a comfortable
    width, headings to one line, text columns to what they need, and short
    columns take whatever is left. None when even the longest words do not
    fit: the caller shows the rows as records instead.

    Parameters
    ----------
    columns : sequence of Column
    cells : sequence of rows of str
        The cell texts, already made safe for the terminal.
    width : int
        The width of the terminal.

    Returns
    -------
    list of int, or None

    Raises
    ------
    ValueError
        When a row has not one cell per column.

    Examples
    --------
    >>> from reviewgraph.cli.tables import Column
    >>> columns = [Column("ref", kind="ref"), Column("text", kind="text")]
    >>> column_widths(columns, [["003:56/2", "Train all staff in the new procedure"]], 30)
    [8, 20]
    >>> column_widths(columns, [["003:56/2", "Safeguarding"]], 20) is None
    True
    """
    count = len(columns)
    if any(len(row) != count for row in cells):
        raise ValueError("every row needs one cell per column")
    values = [[row[i] for row in cells] for i in range(count)]
    natural = [
        max([cell_len(c.heading)] + [natural_width(text) for text in values[i]])
        for i, c in enumerate(columns)
    ]
    fixed = [c.kind in ("ref", "number", "flag") for c in columns]
    floor = [
        max(
            [longest_word(c.heading)]
            + [natural_width(t) if fixed[i] else longest_word(t) for t in values[i]]
        )
        for i, c in enumerate(columns)
    ]
    room = width - GAP * (count - 1)
    if sum(natural) <= room:
        return natural
    if sum(floor) > room:
        return None
    widths = list(floor)
    spare = room - sum(widths)
    short = [i for i, c in enumerate(columns) if not fixed[i] and c.kind != "text"]
    text = [i for i, c in enumerate(columns) if c.kind == "text"]
    headed = [i for i in range(count) if fixed[i]]
    cap = max(SHORT_FLOOR, int(room * SHORT_SHARE))
    comfortable = [min(natural[i], max(floor[i], TEXT_COMFORT)) for i in range(count)]
    spare = _share(widths, [min(n, cap) for n in natural], short, spare)
    spare = _share(widths, comfortable, text, spare)
    spare = _share(widths, natural, headed, spare)
    spare = _share(widths, natural, text, spare)
    _share(widths, natural, short, spare)
    return widths


def _share(widths: list[int], target: list[int], members: list[int], spare: int) -> int:
    """Give ``spare`` to ``members`` in proportion to what each lacks of its target;
    return the rest."""
    while spare > 0:
        lacking = {i: target[i] - widths[i] for i in members if target[i] > widths[i]}
        if not lacking:
            break
        total = sum(lacking.values())
        given = 0
        for i, lack in lacking.items():
            grant = min(lack, spare * lack // total)
            widths[i] += grant
            given += grant
        if given == 0:  # rounding left every share at 0: one cell each, widest first
            for i in sorted(lacking, key=lambda i: -lacking[i])[:spare]:
                widths[i] += 1
                given += 1
        spare -= given
    return spare


def wrap_lines(text: str, width: int, indent: int = 0, hanging: int = 4) -> list[str]:
    """Wrap ``text`` at spaces to ``width`` cells, indented, later lines hanging further.

    A word longer than a whole line is folded, as nothing else can show it.

    Raises
    ------
    ValueError
        When ``width`` leaves no room after the indentation.

    Examples
    --------
    >>> wrap_lines("plan.txt:12: [dangling-reference] see 7 above points at nothing", 30, 2)
    ['  plan.txt:12:', '      [dangling-reference] see', '      7 above points at', '      nothing']
    """
    first, later = width - indent, width - indent - hanging
    if later < 1:
        raise ValueError(f"width {width} leaves no room after an indent of {indent + hanging}")
    lines: list[str] = []
    current, used = "", 0
    # Each word is measured once and the line's width kept as it grows: measuring
    # the whole line again for every word made check's 144k lines take 15 s.
    for word in text.split():
        room = later if lines else first
        size = cell_len(word)
        if current and used + 1 + size <= room:
            current, used = f"{current} {word}", used + 1 + size
            continue
        if current:
            lines.append(current)
            current, room = "", later
        while size > room:
            cut = _cut(word, room)
            lines.append(cut)
            word, room = word[len(cut) :], later
            size = cell_len(word)
        current, used = word, size
    if current or not lines:
        lines.append(current)
    pad = " " * indent
    return [pad + line if n == 0 else pad + " " * hanging + line for n, line in enumerate(lines)]


def _cut(word: str, room: int) -> str:
    """The longest start of ``word`` that fits ``room`` cells (at least one character)."""
    size = 0
    for index, char in enumerate(word):
        size += cell_len(char)
        if size > room:
            return word[: max(index, 1)]
    return word
