"""The analyst's questions as commands: owners, shared, deps, trace, status, search.

Each command reads the store, calls one query of :mod:`reviewgraph.queries`
and hands its rows to :class:`~reviewgraph.cli.output.Output`, naming the
columns a person should see; JSON, CSV and Excel carry every field of every
row, in a stable order, for scripts.
"""

from __future__ import annotations

from pathlib import Path

import click

from reviewgraph import queries
from reviewgraph.queries.sharing import DEFAULT_THRESHOLD, SHARED_KINDS

from .main import main, read_graph
from .options import (
    Fraction,
    NonEmptyText,
    as_of_option,
    output_options,
    status_option,
    store_option,
)
from .output import Column, Output

__all__ = ["owners", "shared", "deps", "trace", "status", "search"]

OWNERS_COLUMNS = [
    Column("agency"),
    Column("role"),
    Column("review", kind="ref"),
    Column("recommendation_ref", "rec", kind="ref", once=True),
    Column("action", kind="text"),
    Column("due"),
    Column("status", kind="status"),
    Column("overdue", kind="flag"),
]


@main.command()
@store_option
@output_options
@click.option(
    "--agency", type=NonEmptyText(), help="Only roles of this agency (name or any alias)."
)
@click.option("--role", type=NonEmptyText(), help="Only this lead role (name or id).")
@click.option(
    "--review",
    type=NonEmptyText(),
    help="Only actions of this review (document stem or its prefix, e.g. 003).",
)
@status_option
@click.option("--overdue", is_flag=True, help="Only actions past their due date and not complete.")
@as_of_option
def owners(store: Path, output: Output, agency, role, review, status_, overdue, as_of):
    """Who owns what: each agency's lead roles and the actions they own.

    Example:

    \b
        reviewgraph owners --agency "Eastvale General Hospital"
        reviewgraph owners --role "Named Nurse" --overdue --as-of 30/06/2021
    """
    graph = read_graph(store)
    if graph is None:
        return
    rows = queries.owners(
        graph,
        agency=agency,
        role=role,
        review=review,
        status=status_,
        overdue=overdue,
        as_of=as_of,
    )
    output.emit(
        rows,
        OWNERS_COLUMNS,
        fields=queries.OwnedAction,
        group_by=("agency", "role"),
        empty="No owned actions match.",
        specific=any((agency, role, review, status_, overdue)),
    )


SHARED_COLUMNS = [
    Column("item_ref", "item", kind="ref"),
    Column("kind"),
    Column("item_text", "text", kind="text"),
    Column("agencies"),
    Column("other_ref", "other", kind="ref"),
    Column("detail", kind="text"),
]


@main.command()
@store_option
@output_options
@click.option(
    "--between",
    nargs=2,
    type=NonEmptyText(),
    metavar="AGENCY AGENCY",
    help="Only what these two agencies share (names or aliases).",
)
@click.option(
    "--threshold",
    type=Fraction(),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Least similarity (0 to 1) for near-identical items.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(SHARED_KINDS),
    help="Only this kind of sharing (repeatable); all kinds by default.",
)
@click.option(
    "--review", type=NonEmptyText(), help="Only items of this review (document stem or its prefix)."
)
@click.pass_context
def shared(ctx: click.Context, store: Path, output: Output, between, threshold, kinds, review):
    """What agencies share: joint actions and recommendations, references, near-twins.

    Example:

    \b
        reviewgraph shared
        reviewgraph shared --kind similar --threshold 0.4
    """
    if kinds and "similar" not in kinds and _given(ctx, "threshold"):
        click.echo(
            "Note: --threshold only applies to --kind similar; it is ignored here.", err=True
        )
    graph = read_graph(store)
    if graph is None:
        return
    rows = queries.shared(
        graph,
        between=tuple(between) if between else None,
        threshold=threshold,
        kinds=tuple(kinds) or SHARED_KINDS,
        review=review,
    )
    output.emit(
        rows,
        SHARED_COLUMNS,
        fields=queries.SharedItem,
        empty="Nothing shared matches.",
        specific=bool(between or kinds or review),
    )


def _given(ctx: click.Context, name: str) -> bool:
    """Whether the user typed option ``name`` (rather than taking its default)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT")


DEPS_COLUMNS = [
    Column("depth", kind="number"),
    Column("citing_ref", "from", kind="ref"),
    Column("field", kind="short"),
    Column("raw", "words", kind="text"),
    Column("resolution"),
    Column("target_ref", "to", kind="ref"),
    Column("target_text", "text", kind="text"),
    Column("cycle", kind="flag"),
]


@main.command()
@store_option
@output_options
@click.argument("item", type=NonEmptyText())
@click.option("--reverse", is_flag=True, help="What depends on ITEM instead.")
def deps(store: Path, output: Output, item: str, reverse: bool):
    """What ITEM depends on through cross-references, transitively, with the path.

    ITEM is an id, review:ref (003:56) or words of its text. Cycles are
    reported and not followed.

    Example:

    \b
        reviewgraph deps eastvale:1.1
        reviewgraph deps eastvale:2.1 --reverse
    """
    graph = read_graph(store)
    if graph is None:
        return
    rows = queries.deps(graph, item, reverse=reverse)
    if reverse:
        empty = f"No cross-references: nothing depends on {item}."
    else:
        empty = f"No cross-references: {item} depends on nothing."
    output.emit(rows, DEPS_COLUMNS, fields=queries.Dependency, empty=empty, specific=True)


def _lines_label(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}–{end}"


def _trace_lines(row: queries.TraceRow) -> list[tuple[int, str, int]]:
    lines = [(0, f"{row.item_label} {row.item_id}: {row.item_text}", 2)]
    if row.action_id and row.action_id != row.item_id:
        lines.append((2, f"action {row.action_id}: {row.action}", 2))
    if row.recommendation_id and row.recommendation_id != row.item_id:
        parents = f" (part of {', '.join(row.parent_refs)})" if row.parent_refs else ""
        lines.append(
            (2, f"recommendation {row.recommendation_ref}{parents}: {row.recommendation or ''}", 2)
        )
    if row.review_id:
        lines.append((2, f"review {row.review_id}: {row.review}", 2))
    lines.append((2, f"{row.document}, {_lines_label(row.line_start, row.line_end)}", 2))
    if row.note:
        lines.append((2, f"({row.note})", 2))
    digits = len(str(row.line_start + len(row.lines)))
    for number, text in enumerate(row.lines, row.line_start):
        # Right-aligned numbers; wrapped text hangs under the text, after the bar.
        shown = str(number)
        lines.append((4 + digits - len(shown), f"{shown} │ {_quoted(text)}", len(shown) + 3))
    return lines


def _quoted(text: str) -> str:
    """A document line as a person reads it: markup dropped, table cells parted by │."""
    from reviewgraph.loaders.text import clean_text

    cells = [clean_text(cell) for cell in text.split("\t")]
    return " │ ".join(cell for cell in cells if cell) or clean_text(text)


@main.command()
@store_option
@output_options
@click.argument("item", type=NonEmptyText())
def trace(store: Path, output: Output, item: str):
    """Trace ITEM up to its recommendation, review and document, with the lines it came from.

    ITEM is an id, review:ref (003:34), a role or cross-reference, or words of
    its text (every item holding them is traced).

    Example:

    \b
        reviewgraph trace "discharge checklist"
        reviewgraph trace eastvale:1.1
    """
    graph = read_graph(store)
    if graph is None:
        return
    rows = queries.trace(graph, item)
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


STATUS_COLUMNS = [
    Column("name", kind="text"),
    Column("total", kind="number"),
    Column("complete", kind="number"),
    Column("in_progress", "in prog", kind="number"),
    Column("delayed", kind="number", optional=True),
    Column("not_started", "not st", kind="number", optional=True),
    Column("unknown", kind="number", optional=True),
    Column("overdue", kind="number"),
    Column("rag", kind="rag"),
]


@main.command()
@store_option
@output_options
@click.option(
    "--by",
    type=click.Choice(["all", "review", "agency"]),
    default="all",
    show_default=True,
    help="Roll up by review, by agency, or both.",
)
@click.option("--review", type=NonEmptyText(), help="Only this review (document stem or prefix).")
@click.option("--agency", type=NonEmptyText(), help="Only this agency (name or any alias).")
@as_of_option
def status(store: Path, output: Output, by, review, agency, as_of):
    """Progress by review and by agency: status counts, overdue and RAG.

    Example:

    \b
        reviewgraph status --by review
        reviewgraph status --agency "Eastvale General Hospital" --as-of "June 2021"
    """
    graph = read_graph(store)
    if graph is None:
        return
    rows = queries.status(graph, by=by, review=review, agency=agency, as_of=as_of)
    output.emit(
        rows,
        STATUS_COLUMNS,
        fields=queries.StatusRollup,
        group_by=("group",),
        empty="No actions to roll up.",
        specific=bool(review or agency),
    )


SEARCH_COLUMNS = [
    Column("rank", kind="number"),
    Column("id", kind="ref"),
    Column("text", kind="text"),
    Column("recommendation_ref", "rec", kind="ref"),
    Column("line_start", "line", kind="number"),
]


@main.command()
@store_option
@output_options(limit=False)
@click.argument("query", type=NonEmptyText())
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Most hits shown."
)
def search(store: Path, output: Output, query: str, limit: int):
    """Full-text search over every item's words, ranked, with where each hit came from.

    Example:

    \b
        reviewgraph search "discharge checklist"
        reviewgraph search audit --format json
    """
    graph = read_graph(store)
    if graph is None:
        return
    rows = queries.search(graph, query, limit=limit)
    output.emit(
        rows,
        SEARCH_COLUMNS,
        fields=queries.SearchHit,
        empty=f"No items match {query!r}.",
        specific=True,
    )
