"""``reviewgraph check``: the integrity check a board runs before every meeting.

The command only parses options, loads (or reads) the graph, calls
:func:`reviewgraph.queries.checks.run_checks` and prints a renderer's output.
"""

from __future__ import annotations

from pathlib import Path

import click

from reviewgraph.graph.errors import InputError
from reviewgraph.queries.constants import RULE_IDS as RULES
from reviewgraph.queries.constants import SEVERITIES

from .main import backend_option, main, open_backend
from .options import as_of_option, output_options, store_option
from .output import Column, Output

__all__ = ["check"]

CHECK_FORMATS = ("text", "json", "jsonl", "csv", "xlsx", "junit")
CHECK_COLUMNS = [
    Column("document", kind="text"),
    Column("line_start", "line", kind="number"),
    Column("rule", kind="ref"),
    Column("severity"),
    Column("message", kind="text"),
    Column("quoted", kind="text"),
]


def _rule_ids(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]):
    unknown = [v for v in values if v not in RULES]
    if unknown:
        raise click.BadParameter(
            f"unknown rule {unknown[0]!r}; the rules are: {', '.join(RULES)}", ctx, param
        )
    return values


def _load(paths: tuple[Path, ...]):
    """The plans at ``paths`` in a private in-memory store (the user's store untouched)."""
    from reviewgraph.graph.store import Store
    from reviewgraph.loaders.batch import load_paths
    from reviewgraph.queries.backend import EmbeddedBackend

    store = Store.open(":memory:")
    report = load_paths(store, paths)
    for failure in report.failed:
        click.echo(failure.message, err=True)
    if not report.loaded:
        shown = ", ".join(str(p) for p in paths)
        raise InputError(shown, None, "no plan here could be loaded", "name plan files or folders")
    return EmbeddedBackend(store), report.loaded


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@backend_option
@output_options(formats=CHECK_FORMATS, default="text", limit=False)
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
@as_of_option(
    help="Judge overdue on this day for every plan (2012-06-30, 30/06/2012, 30 June 2012, "
    "June 2012, today); by default each plan's own progress date, or today for a plan "
    "that gives none."
)
def check(paths, store, output: Output, backend, fail_on, ignore, as_of):
    """Check plans for broken references and gaps a board should act on.

    With PATHS, the plan files (or folders) are loaded in memory and checked;
    the store is not touched. Without, the store is checked.

    Findings: dangling or ambiguous references, reference cycles,
    recommendations with no action, actions with no owner or due date,
    unreadable dates, duplicate numbers, "complete" actions that are not,
    overdue actions and text the loaders could not place.

    Formats: text for people, json/jsonl/csv/xlsx for scripts and
    spreadsheets, junit for CI systems. Exit status: 0 when no finding
    reaches --fail-on, 1 when one does, 2 when the input cannot be used.

    Example:

    \b
        reviewgraph check examples
        reviewgraph check examples --ignore overdue-action --format junit -o check.xml
    """
    from reviewgraph.queries.check_reports import render_junit, render_text
    from reviewgraph.queries.checks import Finding, reaches, run_checks

    day = as_of
    if paths:
        source, documents = _load(tuple(paths))
        findings = run_checks(source, as_of=day, ignore=ignore)
    else:
        with open_backend(store, backend) as source:
            documents = [d.path for d in source.documents()]
            findings = run_checks(source, as_of=day, ignore=ignore)
    if output.format == "junit":
        output.write_text(render_junit(findings, rules=[r for r in RULES if r not in ignore]))
    elif output.format == "text":
        text = render_text(findings, documents=documents)
        lines = [(len(line) - len(line.lstrip(" ")), line.strip()) for line in text.splitlines()]
        output.emit_lines(lines)
    else:
        output.emit(findings, CHECK_COLUMNS, fields=Finding)
    if any(reaches(f, fail_on) for f in findings):
        raise SystemExit(1)
