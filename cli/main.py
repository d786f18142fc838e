"""The ``reviewgraph`` command: options in, library call, text out.

No command holds logic of its own; each parses its options, calls the
library and prints the result. Errors the user can fix arrive as
:class:`~reviewgraph.graph.errors.ReviewgraphError` and leave as one line on
stderr with the error's exit code, never as a traceback.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, TypeVar

import click

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import ReviewgraphError
from reviewgraph.graph.export import (
    json_schema,
    to_graphml,
    to_json,
    write_csv,
    write_graphml,
    write_json,
)
from reviewgraph.graph.store import default_store_path, read_store, write_store
from reviewgraph.loaders.aliases import read_alias_file
from reviewgraph.loaders.batch import BatchReport, load_paths
from reviewgraph.queries.stats import stats as count_graph

from .output import FORMATS, render_report

__all__ = ["main", "store_option", "format_option", "CommandError", "read_graph"]

F = TypeVar("F", bound=Callable[..., Any])

#: More files than this get a progress bar.
PROGRESS_THRESHOLD = 5


class CommandError(click.ClickException):
    """A library error shown as ``Error: <one line>``, exiting with the error's code."""

    def __init__(self, error: ReviewgraphError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code


class ReviewgraphGroup(click.Group):
    """A group that turns library errors from any command into :class:`CommandError`."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReviewgraphError as error:
            raise CommandError(error) from error


def store_option(function: F) -> F:
    """``--store PATH``: the graph file, from ``$REVIEWGRAPH_STORE`` or ./reviewgraph.graph."""
    return click.option(
        "--store",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="PATH",
        default=default_store_path,
        show_default="$REVIEWGRAPH_STORE or ./reviewgraph.graph",
        help="The graph file to use.",
    )(function)


def format_option(
    function: F | None = None, *, choices: Iterable[str] = FORMATS, default: str = "table"
) -> Any:
    """``--format``: table, json or csv by default; other choices for export."""

    def decorate(function: F) -> F:
        return click.option(
            "--format",
            "format_",
            type=click.Choice(list(choices)),
            default=default,
            show_default=True,
            help="Output format.",
        )(function)

    return decorate(function) if function is not None else decorate


def read_graph(store: Path) -> ReviewGraph | None:
    """The stored graph, or None (after saying so) when it holds no plans yet."""
    graph = read_store(store)
    if graph.count("Document"):
        return graph
    shown = store if store.is_absolute() or str(store).startswith(".") else f"./{store}"
    click.echo(f"The store {shown} holds no plans yet; run: reviewgraph load PATH", err=True)
    return None


@click.group(name="reviewgraph", cls=ReviewgraphGroup)
@click.version_option(package_name="reviewgraph", message="%(prog)s %(version)s")
def main() -> None:
    """An accountability graph of safeguarding review action plans.

    Load published action plans (text files) into a graph of reviews,
    recommendations, actions, lead roles and agencies, then ask who owns
    what. The graph is kept in one file, ./reviewgraph.graph unless --store
    or $REVIEWGRAPH_STORE names another.

    Example:

    \b
        reviewgraph load examples
        reviewgraph stats
    """


def _progress(files: list[Path]) -> AbstractContextManager[Iterable[Path]]:
    if len(files) <= PROGRESS_THRESHOLD:
        return contextlib.nullcontext(files)
    return click.progressbar(
        files,
        label="Loading",
        file=sys.stderr,
        item_show_func=lambda path: str(path) if path else None,
    )


def _unplaced_lines(report: BatchReport) -> list[str]:
    lines = []
    for path, items in report.unplaced.items():
        for item in items:
            reason = f"{item.reason} ({item.what})" if item.what else item.reason
            lines.append(f"{path}:{item.line}: {reason}: {item.text}")
    return lines


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--report", is_flag=True, help="List every text no node took, with file:line.")
@click.option("--force", is_flag=True, help="Reload files even when they have not changed.")
@click.option(
    "--aliases",
    "alias_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="TOML file of agency spellings to join ([[agency]] name, aliases); "
    "add --force to apply it to plans already loaded.",
)
@click.pass_context
def load(
    ctx: click.Context,
    paths: tuple[Path, ...],
    store: Path,
    report: bool,
    force: bool,
    alias_file: Path | None,
):
    """Load plan files, or folders of them, into the store.

    Each file's layout (pipe tables, tab-separated rows or prose) is detected
    from its text. A file loaded before is replaced when its content changed
    and left alone when it did not. A file that cannot be loaded is reported
    on stderr as path:line: problem (hint: fix), the other files still load,
    and the exit status is 2.

    Example:

    \b
        reviewgraph load examples
        reviewgraph load --report plans/baby-a.txt
        reviewgraph load --aliases agencies.toml --force plans
    """
    aliases = read_alias_file(alias_file) if alias_file else None
    graph = read_store(store)
    result = load_paths(graph, paths, force=force, aliases=aliases, progress=_progress)
    if result.changed:
        write_store(graph, store)
    for path in result.loaded:
        click.echo(f"{path}: loaded")
    for path in result.unchanged:
        click.echo(f"{path}: unchanged")
    for failure in result.failed:
        click.echo(failure.message, err=True)
    if report:
        for line in _unplaced_lines(result):
            click.echo(line)
    if result.failed:
        ctx.exit(2)


@main.command()
@store_option
@format_option
def stats(store: Path, format_: str):
    """Count nodes by label, and what each review and agency holds.

    A review counts its recommendations, the actions delivering them, the
    roles owning those actions and the agencies involved. An agency counts
    the recommendations directed at it, its roles and the actions they own.

    Example:

    \b
        reviewgraph stats
        reviewgraph stats --format csv > stats.csv
    """
    graph = read_graph(store)
    if graph is not None:
        click.echo(render_report(count_graph(graph), format_), nl=False)


@main.command()
@store_option
@format_option(choices=("json", "graphml", "csv"), default="json")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="File to write (a folder for csv); json and graphml go to stdout without it.",
)
def export(store: Path, format_: str, output: Path | None):
    """Export the graph as JSON, GraphML (Gephi, yEd) or CSV files.

    JSON is {"nodes": [...], "edges": [...]} and reads back losslessly.
    GraphML and CSV flatten lists to JSON text; CSV writes nodes_<Label>.csv
    and edges_<TYPE>.csv into the --output folder.

    Example:

    \b
        reviewgraph export > plans.json
        reviewgraph export --format graphml --output plans.graphml
        reviewgraph export --format csv --output plans-csv
    """
    graph = read_graph(store)
    if graph is None:
        return
    if output is None:
        if format_ == "csv":
            raise click.UsageError("--format csv needs --output FOLDER for its files")
        click.echo(to_json(graph) if format_ == "json" else to_graphml(graph), nl=False)
        return
    writers = {"json": write_json, "graphml": write_graphml, "csv": write_csv}
    writers[format_](graph, output)
    click.echo(f"Wrote {output}", err=True)


@main.command()
def schema():
    """Print the JSON Schema of the graph's nodes and edges.

    The schema describes what export --format json writes: one $defs entry
    per node label (Document, Review, Agency, Recommendation, Action,
    LeadRole, CrossReference) and one for edges.

    Example:

    \b
        reviewgraph schema > reviewgraph.schema.json
    """
    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


from . import agencies as _agencies  # noqa: E402,F401  (registers agencies)
from . import check as _check  # noqa: E402,F401  (registers check)
from . import queries as _queries  # noqa: E402,F401  (registers owners … search)
from . import synth as _synth  # noqa: E402,F401  (registers synth)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
