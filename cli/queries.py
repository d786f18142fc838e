"""The analyst's questions as commands: owners, shared, deps, trace, status, search.

Each command parses its options, asks one query of :mod:`reviewgraph.queries`
and prints its rows: a table for people, every field of every row for JSON
and CSV. Exit status: 0 when something was found, 1 when a specific question
found nothing, 2 for a usage or input error.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from reviewgraph.queries.constants import (
    DEFAULT_THRESHOLD,
    OWNER_BASES,
    REFERENCE_KINDS,
    SHARED_KINDS,
)

from .main import backend_option, format_option, main, open_backend, store_option

__all__ = ["owners", "shared", "deps", "trace", "status", "search", "emit", "as_of_option"]

F = TypeVar("F", bound=Callable[..., Any])
WIDTH = 100


def as_of_option(function: F) -> F:
    """``--as-of DATE``: the day overdue is judged on."""
    return click.option(
        "--as-of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Judge overdue on this day (YYYY-MM-DD) for every plan; by default each plan's "
        "own progress date ('as at'), or today for a plan that gives none.",
    )(function)


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def emit(
    rows: Sequence[Any],
    model: type,
    format_: str,
    table: dict[str, str],
    empty: str,
    *,
    specific: bool = True,
) -> None:
    """Print rows: ``table`` maps column headings to fields; JSON/CSV get every field.

    No rows: the table says ``empty``; JSON prints ``[]`` and CSV its header,
    with ``empty`` on stderr, so scripts still read a well-formed answer; the
    exit status is 1 when the question was ``specific``.
    """
    from .output import render

    if not rows:
        if format_ == "table":
            click.echo(empty)
        else:
            click.echo(render([], format_, columns=list(model.model_fields)), nl=False)
            click.echo(empty, err=True)
        if specific:
            raise SystemExit(1)
        return
    if format_ == "table":
        shown = [{heading: getattr(row, field) for heading, field in table.items()} for row in rows]
        click.echo(render(shown, "table", width=WIDTH), nl=False)
        return
    fields = list(model.model_fields)
    if format_ == "csv":
        flat = [
            {f: "\n".join(v) if f == "lines" else v for f, v in row.model_dump().items()}
            for row in rows
        ]
        click.echo(render(flat, "csv", columns=fields), nl=False)
        return
    click.echo(render(list(rows), format_, columns=fields), nl=False)


def _say_agencies(source, name: str | None) -> None:
    """Tell which agencies a name was taken to mean (on stderr)."""
    if not name:
        return
    from reviewgraph.queries._common import match_agencies

    found = match_agencies(source, name)
    if len(found) > 1 or (found and found[0]["name"].lower() != name.lower()):
        listed = ", ".join(a["name"] for a in found)
        click.echo(f"agency {name!r} taken to mean: {listed}", err=True)


@main.command()
@store_option
@format_option
@backend_option
@click.option("--agency", help="Only owners of agencies whose name or alias holds these words.")
@click.option("--role", help="Only this lead role (name or id).")
@click.option("--review", help="Only actions of this plan (its handle such as 003, or file name).")
@click.option("--status", "status_", help="Only actions with this status, e.g. 'in progress'.")
@click.option(
    "--basis",
    type=click.Choice(OWNER_BASES),
    help="Only owners named in the plan's owner column, in the action's words, or "
    "inferred from the recommendation's agency.",
)
@click.option("--overdue", is_flag=True, help="Only actions past their due date and not complete.")
@as_of_option
def owners(
    store: Path, format_: str, backend, agency, role, review, status_, basis, overdue, as_of
):
    """Who owns what: every action with its lead role or agency, and why.

    Example:

    \b
        reviewgraph owners --agency "Eastvale General Hospital"
        reviewgraph owners --role "Named Nurse" --overdue --as-of 2010-01-01
    """
    from reviewgraph import queries

    with open_backend(store, backend) as source:
        _say_agencies(source, agency)
        rows = queries.owners(
            source,
            agency=agency,
            role=role,
            review=review,
            status=status_,
            basis=basis,
            overdue=overdue,
            as_of=_day(as_of),
        )
    table = {
        "agency": "agency",
        "role": "role",
        "ref": "ref",
        "action": "text",
        "due": "due",
        "status": "status",
        "overdue": "overdue",
    }
    emit(rows, queries.OwnedAction, format_, table, "No owned actions match.")


@main.command()
@store_option
@format_option
@backend_option
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
@click.option("--review", help="Only items of this plan (its handle or file name).")
def shared(store: Path, format_: str, backend, between, threshold, kinds, review):
    """What agencies share: joint actions and recommendations, references, agencies
    named in each other's items, near-identical items.

    Example:

    \b
        reviewgraph shared --between Hospital "Social Care"
        reviewgraph shared --kind similar --threshold 0.7
    """
    from reviewgraph import queries

    with open_backend(store, backend) as source:
        for name in between or ():
            _say_agencies(source, name)
        rows = queries.shared(
            source,
            between=tuple(between) if between else None,
            threshold=threshold,
            kinds=tuple(kinds) or SHARED_KINDS,
            review=review,
            progress=_progress_bar,
        )
    table = {
        "kind": "kind",
        "ref": "ref",
        "text": "text",
        "agencies": "agencies",
        "other": "other",
        "detail": "detail",
    }
    emit(rows, queries.SharedItem, format_, table, "Nothing shared matches.", specific=False)


def _progress_bar(items, total: int):
    import sys

    if not sys.stderr.isatty() or total < 2000:
        return items
    return click.progressbar(items, length=total, label="Comparing", file=sys.stderr)


@main.command()
@store_option
@format_option
@backend_option
@click.argument("item")
@click.option("--reverse", is_flag=True, help="What depends on ITEM instead.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(REFERENCE_KINDS),
    help="Only references of this kind (repeatable), e.g. leave out 'As above' dittos "
    "with --kind explicit --kind positional.",
)
def deps(store: Path, format_: str, backend, item: str, reverse: bool, kinds):
    """What ITEM depends on through cross-references, transitively, with the path.

    ITEM is a printed reference (003:56, 003:56/2, 003:56/2~1), an id, or
    words of its text. Cycles are marked and not followed.

    Example:

    \b
        reviewgraph deps eastvale:2.1
        reviewgraph deps eastvale:1.1 --reverse
    """
    from reviewgraph import queries

    with open_backend(store, backend) as source:
        rows = queries.deps(source, item, reverse=reverse, kinds=tuple(kinds) or REFERENCE_KINDS)
    table = {
        "depth": "depth",
        "from": "citing",
        "words": "raw",
        "kind": "kind",
        "field": "field",
        "resolution": "resolution",
        "to": "target",
        "text": "target_text",
        "cycle": "cycle",
    }
    if reverse:
        empty = f"No cross-references: nothing depends on {item}."
    else:
        empty = f"No cross-references: {item} depends on nothing."
    emit(rows, queries.Dependency, format_, table, empty, specific=False)


def _trace_text(row) -> str:
    from .output import clean_text

    parts = [f"{row.label} {row.ref or row.id}: {clean_text(row.text)}"]
    if row.targets:
        parts.append(f"  points at ({row.resolution}): {', '.join(row.targets)}")
    elif row.resolution:
        parts.append(f"  points at nothing ({row.resolution})")
    if row.action and row.action != row.ref:
        parts.append(f"  action {row.action}: {clean_text(row.action_text)}")
    if row.recommendation and row.recommendation != row.ref:
        parents = f" (part of {', '.join(row.parents)})" if row.parents else ""
        parts.append(
            f"  recommendation {row.recommendation}{parents}: {clean_text(row.recommendation_text)}"
        )
    if row.review_title:
        parts.append(f"  review {row.review}: {row.review_title}")
    where = (
        f"line {row.line_start}"
        if row.line_start == row.line_end
        else (f"lines {row.line_start}-{row.line_end}")
    )
    if row.locator:
        where += f" ({row.locator})"
    parts.append(f"  document {row.document}, {where}")
    wrapped = []
    for text in parts:
        indent = " " * (len(text) - len(text.lstrip()) + 2)
        wrapped += textwrap.wrap(text, WIDTH, subsequent_indent=indent, break_on_hyphens=False) or [
            ""
        ]
    if row.note:
        wrapped.append(f"  ({row.note})")
    for number, line in enumerate(row.lines, row.line_start):
        prefix = f"  {number:>5} | "
        pieces = textwrap.wrap(clean_text(line), WIDTH - len(prefix), break_on_hyphens=False) or [
            ""
        ]
        wrapped.append(prefix + pieces[0])
        wrapped += [" " * (len(prefix) - 2) + "| " + piece for piece in pieces[1:]]
    return "\n".join(wrapped)


@main.command()
@store_option
@format_option
@backend_option
@click.argument("item")
def trace(store: Path, format_: str, backend, item: str):
    """Trace ITEM up to its recommendation, review and document, with the lines it came from.

    ITEM is a printed reference (003:34, 003:56/2), an id, a role or
    cross-reference, or words of its text (every item holding them is traced).

    Example:

    \b
        reviewgraph trace "pre-birth assessment"
        reviewgraph trace eastvale:1.1
    """
    from reviewgraph import queries

    with open_backend(store, backend) as source:
        rows = queries.trace(source, item)
    if format_ == "table" and rows:
        click.echo("\n\n".join(_trace_text(row) for row in rows))
        return
    emit(rows, queries.TraceRow, format_, {}, f"Nothing to trace for {item}.")


@main.command()
@store_option
@format_option
@backend_option
@click.option(
    "--by",
    type=click.Choice(["all", "review", "agency"]),
    default="all",
    show_default=True,
    help="Roll up by review, by agency, or both.",
)
@click.option("--review", help="Only this plan (its handle such as 003, or file name).")
@click.option("--agency", help="Only agencies whose name or alias holds these words.")
@as_of_option
def status(store: Path, format_: str, backend, by, review, agency, as_of):
    """Progress by review and by agency: status counts, overdue, and the plans' RAG.

    The red/amber/green counts are the plans' own ratings; "rating" is
    reviewgraph's, computed from the statuses. Overdue is judged on each plan's
    own progress date unless --as-of is given; "as of" says which day.

    Example:

    \b
        reviewgraph status --by review
        reviewgraph status --agency Hospital --as-of 2019-06-30
    """
    from reviewgraph import queries

    with open_backend(store, backend) as source:
        _say_agencies(source, agency)
        rows = queries.status(source, by=by, review=review, agency=agency, as_of=_day(as_of))
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
        "as of": "as_of",
        "R": "red",
        "A": "amber",
        "G": "green",
        "rating": "rating",
    }
    emit(rows, queries.StatusRollup, format_, table, "No actions to roll up.")


@main.command()
@store_option
@format_option
@backend_option
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
def search(store: Path, format_: str, backend, query: str, limit: int):
    """Full-text search over every item's words, ranked, with where each hit came from.

    Words are stemmed (train finds training, trained); A&E is one word.

    Example:

    \b
        reviewgraph search "pre-birth"
        reviewgraph search training --format json
    """
    from reviewgraph import queries

    if not query.strip():
        raise click.UsageError("give some words to search for")
    with open_backend(store, backend) as source:
        rows = queries.search(source, query, limit=limit)
    table = {
        "rank": "rank",
        "ref": "ref",
        "field": "field",
        "text": "text",
        "line": "line_start",
    }
    emit(rows, queries.SearchHit, format_, table, f"No items match {query!r}.")
