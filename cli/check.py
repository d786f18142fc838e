"""``reviewgraph check``: the integrity check a board runs before every meeting.

The command only parses options, loads (or reads) the graph, calls
:func:`reviewgraph.queries.checks.run_checks` and prints a renderer's output.
"""

from __future__ import annotations

from pathlib import Path

import click

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import InputError
from reviewgraph.graph.store import read_store
from reviewgraph.loaders import iter_plan_paths, load_document
from reviewgraph.queries.checks import (
    RULES,
    SEVERITIES,
    Finding,
    reaches,
    render_junit,
    render_text,
    run_checks,
)

from .main import main
from .options import as_of_option, output_options, store_option
from .output import Column, Output

__all__ = ["check"]


CHECK_COLUMNS = [
    Column("document", kind="text"),
    Column("line", kind="number"),
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


def _load(paths: tuple[Path, ...]) -> tuple[ReviewGraph, list[str]]:
    files = list(iter_plan_paths(paths))
    if not files:
        shown = ", ".join(str(p) for p in paths)
        raise InputError(shown, None, "no plan files here", "name .txt/.md/.tsv plan files")
    graph = ReviewGraph()
    for path in files:
        graph.update(load_document(path).graph)
    return graph, [str(p) for p in files]


CHECK_FORMATS = ("text", "json", "jsonl", "csv", "xlsx", "junit")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
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
@as_of_option
def check(paths, store, output: Output, fail_on, ignore, as_of):
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
    if paths:
        graph, documents = _load(tuple(paths))
    else:
        graph = read_store(store)
        documents = graph.documents()
        if not documents:
            raise click.UsageError(
                f"the store {store} holds no plans; name plan files, or run: reviewgraph load PATH"
            )
    findings = run_checks(graph, as_of=as_of, ignore=ignore)
    if output.format == "junit":
        text = render_junit(findings, rules=[r for r in RULES if r not in ignore])
        output.write_text(text)
    elif output.format == "text":
        text = render_text(findings, documents=documents)
        lines = [(len(line) - len(line.lstrip(" ")), line.strip()) for line in text.splitlines()]
        output.emit_lines(lines)
    else:
        output.emit(findings, CHECK_COLUMNS, fields=Finding)
    if any(reaches(f, fail_on) for f in findings):
        raise SystemExit(1)
