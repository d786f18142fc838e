"""The analyst's questions as commands: owners, shared, status, search.

``deps`` and ``trace``, which follow one item, are in :mod:`.tracing`.

Each command parses its options, asks one query of :mod:`reviewgraph.queries`
and hands its rows to :class:`~reviewgraph.cli.output.Output`, naming the
columns a person should see; JSON, CSV and Excel carry every field of every
row. Exit status: 0 when something was found, 1 when a specific question
found nothing, 2 for a usage or input error.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from reviewgraph.queries.constants import (
    DEFAULT_THRESHOLD,
    OWNER_BASES,
    SHARED_KINDS,
)

from .main import backend_option, main, open_backend
from .options import (
    Fraction,
    NonEmptyText,
    as_of_option,
    output_options,
    status_option,
    store_option,
)
from .output import Column, Output, Sheet

__all__ = ["owners", "shared", "status", "search"]

AS_OF_HELP = (
    "Judge overdue on this day for every plan (2012-06-30, 30/06/2012, 30 June 2012, "
    "June 2012, today); by default each plan's own progress date ('as at'), or today "
    "for a plan that gives none."
)


def _say_agencies(source, name: str | None) -> None:
    """Tell which agencies a name was taken to mean (on stderr)."""
    if not name:
        return
    from reviewgraph.queries._common import match_agencies

    found = match_agencies(source, name)
    if len(found) > 1 or (found and found[0]["name"].lower() != name.lower()):
        listed = ", ".join(a["name"] for a in found)
        click.echo(f"agency {name!r} taken to mean: {listed}", err=True)


def _given(ctx: click.Context, name: str) -> bool:
    """Whether the user typed option ``name`` (rather than taking its default)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT")


_BASIS_WORDS = {
    "named": "",
    "text": " (named in the action's words)",
    "agency": " (no role named: its recommendation's agency)",
}


def _owner_heading(row: Mapping[str, Any]) -> str:
    parts = [row.get("agency") or "(no agency)"]
    if row.get("role"):
        parts.append(row["role"])
    return " · ".join(parts) + _BASIS_WORDS.get(row.get("basis") or "", "")


OWNERS_COLUMNS = [
    Column("ref", kind="ref", once=True),
    Column("text", "action", kind="text"),
    Column("due", alert="overdue"),
    Column("status", kind="status"),
]


@main.command()
@store_option
@output_options
@backend_option
@click.option(
    "--agency",
    type=NonEmptyText(),
    help="Only owners of agencies whose name or alias holds these words.",
)
@click.option("--role", type=NonEmptyText(), help="Only this lead role (name or id).")
@click.option(
    "--review",
    type=NonEmptyText(),
    help="Only actions of this plan (its handle such as 003, or file name).",
)
@status_option
@click.option(
    "--basis",
    type=click.Choice(OWNER_BASES),
    help="Only owners named in the plan's owner column, in the action's words, or "
    "inferred from the recommendation's agency.",
)
@click.option("--overdue", is_flag=True, help="Only actions past their due date and not complete.")
@as_of_option(help=AS_OF_HELP)
def owners(
    store: Path, output: Output, backend, agency, role, review, status_, basis, overdue, as_of
):
    """Who owns what: every action with its lead role or agency, and why.

    Actions are grouped under their agency and role; an action with no role
    named is owned by its recommendation's agency, and its group says so.

    Example:

    \b
        reviewgraph owners --agency "Eastvale General Hospital"
        reviewgraph owners --agency Hospital --overdue --as-of 30/06/2021
    """
    from reviewgraph import queries

    with open_backend(store, backend, output.format) as source:
        _say_agencies(source, agency)
        rows = queries.owners(
            source,
            agency=agency,
            role=role,
            review=review,
            status=status_,
            basis=basis,
            overdue=overdue,
            as_of=as_of,
        )
    output.emit(
        rows,
        OWNERS_COLUMNS,
        fields=queries.OwnedAction,
        group_by=("agency", "role", "basis"),
        group_title=_owner_heading,
        empty="No owned actions match.",
        specific=any((agency, role, review, status_, basis, overdue)),
    )


SHARED_COLUMNS = [
    Column("ref", kind="ref"),
    Column("text", kind="text"),
    Column("agencies"),
    Column("other", kind="ref"),
    Column("detail", kind="note"),
]


@main.command()
@store_option
@output_options
@backend_option
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
    "--review", type=NonEmptyText(), help="Only items of this plan (its handle or file name)."
)
@click.pass_context
def shared(
    ctx: click.Context, store: Path, output: Output, backend, between, threshold, kinds, review
):
    """What agencies share: joint actions and recommendations, references, agencies
    named in each other's items, near-identical items.

    Example:

    \b
        reviewgraph shared
        reviewgraph shared --kind similar --threshold 0.4
    """
    from reviewgraph import queries

    if kinds and "similar" not in kinds and _given(ctx, "threshold"):
        click.echo(
            "Note: --threshold only applies to --kind similar; it is ignored here.", err=True
        )
    with open_backend(store, backend, output.format) as source:
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
    output.emit(
        rows,
        SHARED_COLUMNS,
        fields=queries.SharedItem,
        group_by=("kind",),
        group_title=lambda row: _SHARED_TITLES.get(row["kind"], row["kind"]),
        empty="Nothing shared matches.",
        specific=bool(between or kinds or review),
    )


_SHARED_TITLES = {
    "action": "Actions owned by more than one agency",
    "recommendation": "Recommendations directed at more than one agency",
    "cross-reference": "References from one agency's item to another's",
    "named-in": "Agencies named in another agency's item",
    "similar": "Near-identical items of different agencies",
}


def _progress_bar(items, total: int):
    import sys

    if not sys.stderr.isatty() or total < 2000:
        return items
    return click.progressbar(items, length=total, label="Comparing", file=sys.stderr)


_STATUS_COUNTS = [
    Column("total", kind="number"),
    Column("complete", kind="number"),
    Column("in_progress", "in prog", kind="number"),
    Column("delayed", kind="number", optional=True),
    Column("not_started", "not st", kind="number", optional=True),
    Column("unknown", kind="number", optional=True),
    Column("overdue", kind="number"),
    Column("red", "R", kind="number", optional=True),
    Column("amber", "A", kind="number", optional=True),
    Column("green", "G", kind="number", optional=True),
    Column("rating", kind="rag"),
]
#: The table of reviews: the handle, the counts, the title under each row.
STATUS_REVIEW_COLUMNS = [
    Column("review", kind="ref"),
    *_STATUS_COUNTS,
    Column("title", kind="note"),
]
STATUS_AGENCY_COLUMNS = [Column("name", "agency", kind="text"), *_STATUS_COUNTS]
#: Every count, for JSON, CSV and Excel (one list, each row saying its group).
STATUS_COLUMNS = [
    Column("name", kind="text"),
    Column("total", kind="number"),
    Column("complete", kind="number"),
    Column("in_progress", "in prog", kind="number"),
    Column("delayed", kind="number", optional=True),
    Column("not_started", "not st", kind="number", optional=True),
    Column("unknown", kind="number", optional=True),
    Column("overdue", kind="number"),
    Column("red", "R", kind="number", optional=True),
    Column("amber", "A", kind="number", optional=True),
    Column("green", "G", kind="number", optional=True),
    Column("rating", kind="rag"),
]


def _judged_by(rows) -> str | None:
    """Which day overdue was judged by, for the table's footer (each row has it in JSON)."""
    if not rows:
        return None
    if all(row.as_of_basis == "given" for row in rows):
        return f"Overdue judged as of {rows[0].as_of} (--as-of)."
    plans = sorted(
        {(row.review or row.name, row.as_of, row.as_of_basis) for row in rows if row.review},
        key=lambda item: str(item[0]),
    )
    own = [f"{review} {day}" for review, day, basis in plans if basis == "plan" and day]
    today = [str(review) for review, _, basis in plans if basis == "today"]
    parts = []
    if own:
        parts.append("each plan's own progress date (" + ", ".join(own) + ")")
    if today:
        parts.append("today for the plans that give none (" + ", ".join(today) + ")")
    if not parts:
        return None
    return "Overdue judged as of " + "; ".join(parts) + ". --as-of sets one day for all."


@main.command()
@store_option
@output_options
@backend_option
@click.option(
    "--by",
    type=click.Choice(["all", "review", "agency"]),
    default="all",
    show_default=True,
    help="Roll up by review, by agency, or both.",
)
@click.option(
    "--review", type=NonEmptyText(), help="Only this plan (its handle such as 003, or file name)."
)
@click.option(
    "--agency", type=NonEmptyText(), help="Only agencies whose name or alias holds these words."
)
@as_of_option(help=AS_OF_HELP)
def status(store: Path, output: Output, backend, by, review, agency, as_of):
    """Progress by review and by agency: status counts, overdue, and the plans' RAG.

    R, A and G count the plans' own red/amber/green ratings; "rating" is
    reviewgraph's, computed from the statuses. Overdue is judged on each plan's
    own progress date unless --as-of is given; "as of" says which day.

    Example:

    \b
        reviewgraph status --by review
        reviewgraph status --agency "Eastvale General Hospital" --as-of "June 2021"
    """
    from reviewgraph import queries

    with open_backend(store, backend, output.format) as source:
        _say_agencies(source, agency)
        rows = queries.status(source, by=by, review=review, agency=agency, as_of=as_of)
    specific = bool(review or agency)
    if output.format != "table" or not rows:
        output.emit(
            rows,
            STATUS_COLUMNS,
            fields=queries.StatusRollup,
            empty="No actions to roll up.",
            specific=specific,
        )
        return
    # People read two tables (a review's title would squeeze its counts); scripts one list.
    reviews = [
        {**row.model_dump(), "title": row.name.removeprefix(f"{row.review} ")}
        for row in rows
        if row.group == "review"
    ]
    agencies = [row for row in rows if row.group == "agency"]
    sheets = []
    if reviews:
        sheets.append(Sheet("reviews", reviews, STATUS_REVIEW_COLUMNS, title="By review"))
    if agencies:
        sheets.append(Sheet("agencies", agencies, STATUS_AGENCY_COLUMNS, title="By agency"))
    sheets[-1].footer = _judged_by(rows)
    output.emit_tables(sheets, specific=specific)


SEARCH_COLUMNS = [
    Column("rank", kind="number"),
    Column("ref", kind="ref"),
    Column("field"),
    Column("text", kind="text"),
    Column("line_start", "line", kind="number"),
]


@main.command()
@store_option
@output_options(limit=False)
@backend_option
@click.argument("query", type=NonEmptyText())
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Most hits shown."
)
def search(store: Path, output: Output, backend, query: str, limit: int):
    """Full-text search over every item's words, ranked, with where each hit came from.

    Words are stemmed (train finds training, trained); A&E is one word.

    Example:

    \b
        reviewgraph search "discharge checklist"
        reviewgraph search audit --format json
    """
    from reviewgraph import queries

    with open_backend(store, backend, output.format) as source:
        rows = queries.search(source, query, limit=limit)
    output.emit(
        rows,
        SEARCH_COLUMNS,
        fields=queries.SearchHit,
        empty=f"No items match {query!r}.",
        specific=True,
    )
