"""The analyst's questions as commands: owners, shared, deps, trace, status, search.

Each command reads the store, calls one query of :mod:`reviewgraph.queries`
and prints its rows. Tables show the columns that fit 100 columns; JSON and
CSV carry every field of every row, in a stable order, for scripts.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from pydantic import BaseModel

from reviewgraph import queries
from reviewgraph.queries.sharing import DEFAULT_THRESHOLD, SHARED_KINDS

from .main import format_option, main, read_graph, store_option
from .output import render

__all__ = ["owners", "shared", "deps", "trace", "status", "search"]

F = TypeVar("F", bound=Callable[..., Any])
WIDTH = 100


def as_of_option(function: F) -> F:
    """``--as-of DATE``: the day overdue is judged on."""
    return click.option(
        "--as-of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Judge overdue on this day (YYYY-MM-DD); today by default.",
    )(function)


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def emit(
    rows: Sequence[BaseModel],
    model: type[BaseModel],
    format_: str,
    table: dict[str, str],
    empty: str,
) -> None:
    """Print rows: ``table`` maps column headings to fields; JSON/CSV get every field.

    No rows: the table says ``empty``; JSON prints ``[]`` and CSV its header,
    with ``empty`` on stderr, so scripts still read a well-formed answer.
    """
    if format_ == "table":
        if not rows:
            click.echo(empty)
            return
        shown = [{heading: getattr(row, field) for heading, field in table.items()} for row in rows]
        click.echo(render(shown, "table", width=WIDTH), nl=False)
        return
    if not rows:
        click.echo(empty, err=True)
    fields = list(model.model_fields)
    if format_ == "csv":
        # One cell per field: lists of lines keep their line breaks.
        flat = [
            {f: "\n".join(v) if f == "lines" else v for f, v in row.model_dump().items()}
            for row in rows
        ]
        click.echo(render(flat, "csv", columns=fields), nl=False)
        return
    click.echo(render(list(rows), format_, columns=fields), nl=False)


@main.command()
@store_option
@format_option
@click.option("--agency", help="Only roles of this agency (name or any alias).")
@click.option("--role", help="Only this lead role (name or id).")
@click.option(
    "--review", help="Only actions of this review (document stem or its prefix, e.g. 003)."
)
@click.option("--status", "status_", help="Only actions with this status, e.g. 'in progress'.")
@click.option("--overdue", is_flag=True, help="Only actions past their due date and not complete.")
@as_of_option
def owners(store: Path, format_: str, agency, role, review, status_, overdue, as_of):
    """Who owns what: each agency's lead roles and the actions they own.

    Example:

    \b
        reviewgraph owners --agency "Housing RBK"
        reviewgraph owners --role "Named Nurse" --overdue --as-of 2010-01-01
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
        as_of=_day(as_of),
    )
    table = {
        "agency": "agency",
        "role": "role",
        "rec": "recommendation_ref",
        "action": "action",
        "due": "due",
        "status": "status",
        "overdue": "overdue",
    }
    emit(rows, queries.OwnedAction, format_, table, "No owned actions match.")


@main.command()
@store_option
@format_option
@click.option(
    "--between",
    nargs=2,
    metavar="AGENCY AGENCY",
    help="Only what these two agencies share (names or aliases).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Least similarity for near-identical items.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(SHARED_KINDS),
    help="Only this kind of sharing (repeatable); all kinds by default.",
)
@click.option("--review", help="Only items of this review (document stem or its prefix).")
def shared(store: Path, format_: str, between, threshold, kinds, review):
    """What agencies share: joint actions and recommendations, references, near-twins.

    Example:

    \b
        reviewgraph shared --between Housing "Children's Services"
        reviewgraph shared --kind similar --threshold 0.7
    """
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
    table = {
        "kind": "kind",
        "item": "item_ref",
        "text": "item_text",
        "agencies": "agencies",
        "other": "other_ref",
        "detail": "detail",
    }
    emit(rows, queries.SharedItem, format_, table, "Nothing shared matches.")


@main.command()
@store_option
@format_option
@click.argument("item")
@click.option("--reverse", is_flag=True, help="What depends on ITEM instead.")
def deps(store: Path, format_: str, item: str, reverse: bool):
    """What ITEM depends on through cross-references, transitively, with the path.

    ITEM is an id, review:ref (003:56) or words of its text. Cycles are
    reported and not followed.

    Example:

    \b
        reviewgraph deps 003:56
        reviewgraph deps 003:2 --reverse
    """
    graph = read_graph(store)
    if graph is None:
        return
    rows = queries.deps(graph, item, reverse=reverse)
    table = {
        "depth": "depth",
        "from": "citing_ref",
        "words": "raw",
        "resolution": "resolution",
        "to": "target_ref",
        "text": "target_text",
        "cycle": "cycle",
    }
    if reverse:
        empty = f"No cross-references: nothing depends on {item}."
    else:
        empty = f"No cross-references: {item} depends on nothing."
    emit(rows, queries.Dependency, format_, table, empty)


def _trace_text(row: queries.TraceRow) -> str:
    parts = [f"{row.item_label} {row.item_id}: {row.item_text}"]
    if row.action_id and row.action_id != row.item_id:
        parts.append(f"  action {row.action_id}: {row.action}")
    if row.recommendation_id:
        parents = f" (part of {', '.join(row.parent_refs)})" if row.parent_refs else ""
        parts.append(
            f"  recommendation {row.recommendation_ref}{parents}: {row.recommendation or ''}"
        )
    if row.review_id:
        parts.append(f"  review {row.review_id}: {row.review}")
    where = f", {row.locator}" if row.locator and not row.locator.startswith("line") else ""
    parts.append(f"  document {row.document}{where}, lines {row.line_start}-{row.line_end}")
    wrapped = []
    for text in parts:
        indent = " " * (len(text) - len(text.lstrip()) + 2)
        wrapped += textwrap.wrap(text, WIDTH, subsequent_indent=indent) or [""]
    if row.note:
        wrapped.append(f"  ({row.note})")
    for number, line in enumerate(row.lines, row.line_start):
        prefix = f"  {number:>5} | "
        pieces = textwrap.wrap(line, WIDTH - len(prefix)) or [""]
        wrapped.append(prefix + pieces[0])
        wrapped += [" " * (len(prefix) - 2) + "| " + piece for piece in pieces[1:]]
    return "\n".join(wrapped)


@main.command()
@store_option
@format_option
@click.argument("item")
def trace(store: Path, format_: str, item: str):
    """Trace ITEM up to its recommendation, review and document, with the lines it came from.

    ITEM is an id, review:ref (003:34), a role or cross-reference, or words of
    its text (every item holding them is traced).

    Example:

    \b
        reviewgraph trace "Newsletter published"
        reviewgraph trace 000:3.3.9(v)
    """
    graph = read_graph(store)
    if graph is None:
        return
    rows = queries.trace(graph, item)
    if format_ == "table" and rows:
        click.echo("\n\n".join(_trace_text(row) for row in rows))
        return
    emit(rows, queries.TraceRow, format_, {}, f"Nothing to trace for {item}.")


@main.command()
@store_option
@format_option
@click.option(
    "--by",
    type=click.Choice(["all", "review", "agency"]),
    default="all",
    show_default=True,
    help="Roll up by review, by agency, or both.",
)
@click.option("--review", help="Only this review (document stem or its prefix).")
@click.option("--agency", help="Only this agency (name or any alias).")
@as_of_option
def status(store: Path, format_: str, by, review, agency, as_of):
    """Progress by review and by agency: status counts, overdue and RAG.

    Example:

    \b
        reviewgraph status --by review
        reviewgraph status --agency BHFT --as-of 2012-06-30
    """
    graph = read_graph(store)
    if graph is None:
        return
    rows = queries.status(graph, by=by, review=review, agency=agency, as_of=_day(as_of))
    table = {
        "by": "group",
        "name": "name",
        "total": "total",
        "complete": "complete",
        "in prog": "in_progress",
        "delayed": "delayed",
        "not st": "not_started",
        "unknown": "unknown",
        "overdue": "overdue",
        "rag": "rag",
    }
    emit(rows, queries.StatusRollup, format_, table, "No actions to roll up.")


@main.command()
@store_option
@format_option
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
def search(store: Path, format_: str, query: str, limit: int):
    """Full-text search over every item's words, ranked, with where each hit came from.

    Example:

    \b
        reviewgraph search "concealed pregnancy"
        reviewgraph search newsletter --format json
    """
    graph = read_graph(store)
    if graph is None:
        return
    rows = queries.search(graph, query, limit=limit)
    table = {
        "rank": "rank",
        "id": "id",
        "text": "text",
        "rec": "recommendation_ref",
        "line": "line_start",
    }
    emit(rows, queries.SearchHit, format_, table, f"No items match {query!r}.")
