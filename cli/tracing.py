"""The commands that follow one item: ``deps`` (what it depends on, or what
depends on it) and ``trace`` (where it comes from, down to its document lines).

Exit status: 0 when something was found, 1 when the item was not found, 2 for
a usage or input error.
"""

from __future__ import annotations

from pathlib import Path

import click

from reviewgraph.queries.constants import REFERENCE_KINDS

from .main import backend_option, main, open_backend
from .options import NonEmptyText, output_options, store_option
from .output import Column, Output, clean_text

__all__ = ["deps", "trace"]

DEPS_COLUMNS = [
    Column("depth", kind="number"),
    Column("citing", "from", kind="ref"),
    Column("field"),
    Column("raw", "words", kind="text"),
    Column("kind"),
    Column("resolution"),
    Column("target", "to", kind="ref", alert="cycle"),
    Column("target_text", "text", kind="note"),
]


@main.command()
@store_option
@output_options
@backend_option
@click.argument("item", type=NonEmptyText())
@click.option("--reverse", is_flag=True, help="What depends on ITEM instead.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(REFERENCE_KINDS),
    help="Only references of this kind (repeatable), e.g. leave out 'As above' dittos "
    "with --kind explicit --kind positional.",
)
def deps(store: Path, output: Output, backend, item: str, reverse: bool, kinds):
    """What ITEM depends on through cross-references, transitively, with the path.

    ITEM is a printed reference (003:56, 003:56/2, 003:56/2~1; 56/2 in
    whichever plan has it), an id, or words of its text. Cycles are marked
    and not followed.

    Example:

    \b
        reviewgraph deps eastvale:1.1
        reviewgraph deps eastvale:2.1 --reverse
    """
    from reviewgraph import queries

    with open_backend(store, backend, output.format) as source:
        rows = queries.deps(source, item, reverse=reverse, kinds=tuple(kinds) or REFERENCE_KINDS)
    if reverse:
        empty = f"No cross-references: nothing depends on {item}."
    else:
        empty = f"No cross-references: {item} depends on nothing."
    # ITEM was found (else the query says so, exit 1): "depends on nothing" is an answer.
    output.emit(rows, DEPS_COLUMNS, fields=queries.Dependency, empty=empty, specific=False)


def _lines_label(start: int | None, end: int | None) -> str:
    if start is None:
        return ""
    return f"line {start}" if start == end or end is None else f"lines {start}–{end}"


def _trace_lines(row) -> list[tuple[int, str, int]]:
    lines = [(0, f"{row.label} {row.ref or row.id}: {clean_text(row.text)}", 2)]
    if row.targets:
        lines.append((2, f"points at ({row.resolution}): {', '.join(row.targets)}", 4))
    elif row.resolution:
        lines.append((2, f"points at nothing ({row.resolution})", 4))
    if row.action and row.action != row.ref:
        lines.append((2, f"action {row.action}: {clean_text(row.action_text)}", 2))
    if row.recommendation and row.recommendation != row.ref:
        parents = f" (part of {', '.join(row.parents)})" if row.parents else ""
        text = clean_text(row.recommendation_text)
        lines.append((2, f"recommendation {row.recommendation}{parents}: {text}", 2))
    if row.review_title:
        lines.append((2, f"review {row.review}: {row.review_title}", 2))
    where = _lines_label(row.line_start, row.line_end)
    if row.locator:
        where += f" ({row.locator})"
    lines.append((2, f"{row.document}, {where}", 2))
    if row.note:
        lines.append((2, f"({row.note})", 2))
    digits = len(str((row.line_start or 1) + len(row.lines)))
    for number, text in enumerate(row.lines, row.line_start or 1):
        # Right-aligned numbers; wrapped text hangs under the text, after the bar.
        shown = str(number)
        lines.append((4 + digits - len(shown), f"{shown} │ {_quoted(text)}", len(shown) + 3))
    return lines


def _quoted(text: str) -> str:
    """A document line as a person reads it: markup dropped, table cells parted by │."""
    cells = [clean_text(cell) for cell in text.split("\t")]
    return " │ ".join(cell for cell in cells if cell) or clean_text(text)


@main.command()
@store_option
@output_options
@backend_option
@click.argument("item", type=NonEmptyText())
def trace(store: Path, output: Output, backend, item: str):
    """Trace ITEM up to its recommendation, review and document, with the lines it came from.

    ITEM is a printed reference (003:34, 003:56/2; 56/2 in whichever plan has
    it), an id, a role or cross-reference, or words of its text (every item
    holding them is traced).

    Example:

    \b
        reviewgraph trace "discharge checklist"
        reviewgraph trace eastvale:1.1
    """
    from reviewgraph import queries

    with open_backend(store, backend, output.format) as source:
        rows = queries.trace(source, item)
    if output.format == "table" and rows:
        lines: list[tuple[int, str, int]] = []
        for row in rows[: output.limit or None]:
            if lines:
                lines.append((0, "", 0))
            lines.extend(_trace_lines(row))
        hidden = len(rows) - len(rows[: output.limit or None])
        if hidden:
            lines += [(0, "", 0), (0, f"… {hidden} more (--limit 0 shows all)", 0)]
        output.emit_lines(lines)
        return
    output.emit(rows, fields=queries.TraceRow, empty=f"Nothing to trace for {item}.", specific=True)
