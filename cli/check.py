"""``reviewgraph check``: the integrity check a board runs before every meeting.

The command only parses options, loads (or reads) the graph, calls
:func:`reviewgraph.queries.checks.run_checks` and prints a renderer's output.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import InputError
from reviewgraph.graph.store import read_store
from reviewgraph.loaders import iter_plan_paths, load_document
from reviewgraph.queries.checks import (
    RULES,
    SEVERITIES,
    reaches,
    render_json,
    render_junit,
    render_text,
    run_checks,
)

from .main import main, store_option

__all__ = ["check"]


def _rule_ids(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]):
    unknown = [v for v in values if v not in RULES]
    if unknown:
        raise click.BadParameter(
            f"unknown rule {unknown[0]!r}; the rules are: {', '.join(RULES)}", ctx, param
        )
    return values


def _load(paths: tuple[Path, ...]) -> tuple[ReviewGraph, list[str]]:
    files = list(iter_plan_paths(paths))
    if not files:
        shown = ", ".join(str(p) for p in paths)
        raise InputError(shown, None, "no plan files here", "name .txt/.md/.tsv plan files")
    graph = ReviewGraph()
    for path in files:
        graph.update(load_document(path).graph)
    return graph, [str(p) for p in files]


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--format",
    "format_",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, junit for CI systems.",
)
@click.option(
    "--fail-on",
    type=click.Choice([*SEVERITIES, "never"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding is at least this serious.",
)
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    callback=_rule_ids,
    metavar="RULE",
    help="Switch a rule off (repeatable). Rules: " + ", ".join(RULES) + ".",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge overdue on this day (YYYY-MM-DD); today by default.",
)
def check(paths, store, format_, fail_on, ignore, as_of):
    """Check plans for broken references and gaps a board should act on.

    With PATHS, the plan files (or folders) are loaded in memory and checked;
    the store is not touched. Without, the store is checked.

    Findings: dangling or ambiguous references, reference cycles,
    recommendations with no action, actions with no owner or due date,
    unreadable dates, duplicate numbers, "complete" actions that are not,
    overdue actions and text the loaders could not place.

    Exit status: 0 when no finding reaches --fail-on, 1 when one does,
    2 when the input cannot be used.

    Example:

    \b
        reviewgraph check plans/ --ignore overdue-action --format junit > check.xml
    """
    if paths:
        graph, documents = _load(tuple(paths))
    else:
        graph = read_store(store)
        documents = graph.documents()
        if not documents:
            raise click.UsageError(
                f"the store {store} holds no plans; name plan files, or run: reviewgraph load PATH"
            )
    day = as_of.date() if isinstance(as_of, dt.datetime) else None
    findings = run_checks(graph, as_of=day, ignore=ignore)
    if format_ == "json":
        click.echo(render_json(findings))
    elif format_ == "junit":
        click.echo(render_junit(findings, rules=[r for r in RULES if r not in ignore]), nl=False)
    else:
        click.echo(render_text(findings, documents=documents))
    if any(reaches(f, fail_on) for f in findings):
        raise SystemExit(1)
