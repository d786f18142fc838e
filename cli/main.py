"""The ``reviewgraph`` command: options in, library call, text out.

No command holds logic of its own; each parses its options, calls the
library and prints the result. Errors the user can fix arrive as
:class:`~reviewgraph.graph.errors.ReviewgraphError` and leave as one line on
stderr with the error's exit code, never as a traceback.

Only click and the standard library are imported here and in the command
modules' top levels: pydantic, networkx, neo4j and pyvis load inside the
commands that use them, so ``--version`` and ``--help`` start fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from reviewgraph.graph.cells import strip_controls
from reviewgraph.graph.errors import ReviewgraphError

from . import __version__
from .options import (
    ALL_FORMATS,
    CONTEXT_SETTINGS,
    format_option,
    output_options,
    store_option,
)
from .output import TEXT_FORMATS, Column, Output, Sheet

__all__ = [
    "main",
    "store_option",
    "format_option",
    "backend_option",
    "CommandError",
    "open_backend",
    "writable_store",
    "output_options",
    "FORMATS",
]

F = TypeVar("F", bound=Callable[..., Any])

#: Text output formats every row-printing command accepts (xlsx too, through output_options).
FORMATS = TEXT_FORMATS
#: The tables of ``stats``, in order (CSV takes the first unless --table names another).
STATS_TABLES = ("labels", "reviews", "agencies")
#: More files than this get a progress bar.


class CommandError(click.ClickException):
    """A library error shown as ``Error: <one line>``, exiting with the error's code."""

    def __init__(self, error: ReviewgraphError) -> None:
        # Messages quote file names and plan words: nothing in them may drive the terminal.
        super().__init__(strip_controls(str(error), keep=""))
        self.exit_code = error.exit_code


class ReviewgraphGroup(click.Group):
    """A group that turns library errors from any command into :class:`CommandError`."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReviewgraphError as error:
            raise CommandError(error) from error


def backend_option(function: F) -> F:
    """``--backend``: the embedded store, a Neo4j server, or Neo4j when NEO4J_URI is set."""
    return click.option(
        "--backend",
        type=click.Choice(["auto", "embedded", "neo4j"]),
        default="auto",
        show_default=True,
        help="Where to ask: the embedded store, or the Neo4j server named by "
        "NEO4J_URI (auto: Neo4j when NEO4J_URI is set).",
    )(function)


@contextlib.contextmanager
def open_backend(
    store: Path, backend: str = "embedded", format_: str | None = None
) -> Iterator[Any]:
    """The backend a query command reads, closed afterwards.

    ``neo4j`` (or ``auto`` with ``NEO4J_URI`` set) reads the server named by
    ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``
    (asking for the password on a terminal). When the store or the server
    holds no plans yet, says so on stderr and exits with status 1; a command
    printing JSON rows (``format_`` "json") still prints ``[]``.

    Raises
    ------
    StoreError
        When the store cannot be read.
    ServerError
        When the server cannot be reached or refuses a query.
    """
    if backend == "neo4j" or (backend == "auto" and os.environ.get("NEO4J_URI")):
        from reviewgraph.cli.server import password_prompt
        from reviewgraph.queries.cypher import connect_backend

        server = connect_backend(ask_password=password_prompt())
        try:
            if not server.documents():
                where = server.connection.settings.where
                if format_ == "json":
                    click.echo("[]")
                click.echo(
                    f"The server {where} holds no plans yet; run: reviewgraph push", err=True
                )
                raise SystemExit(1)
            yield server
        finally:
            server.close()
        return
    from reviewgraph.graph.store import Store
    from reviewgraph.queries.backend import EmbeddedBackend

    opened = Store.open(store, readonly=True)
    try:
        if not opened.documents():
            shown = store if store.is_absolute() or str(store).startswith(".") else f"./{store}"
            if format_ == "json":
                click.echo("[]")
            click.echo(
                f"The store {shown} holds no plans yet; run: reviewgraph load PATH", err=True
            )
            raise SystemExit(1)
        yield EmbeddedBackend(opened)
    finally:
        opened.close()


def writable_store(store: Path):
    """The store opened for writing (created when missing).

    Raises
    ------
    StoreError
        When it is read-only, not a store, or damaged.
    """
    from reviewgraph.graph.store import Store

    return Store.open(store, announce=lambda line: click.echo(line, err=True))


@click.group(name="reviewgraph", cls=ReviewgraphGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(version=__version__, message="%(prog)s %(version)s")
@click.option(
    "--store",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    default=None,
    help="The store every command uses ($REVIEWGRAPH_STORE or ./reviewgraph.graph).",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(ALL_FORMATS),
    default=None,
    help="Output format for the command (each command lists its own).",
)
def main(store: Path | None, format_: str | None) -> None:
    """An accountability graph of safeguarding review action plans.

    Load published action plans into a graph of reviews, recommendations,
    actions, lead roles and agencies, then ask who owns what, what is shared,
    what depends on what and what is late. The graph is kept in one SQLite
    file, ./reviewgraph.graph unless --store or $REVIEWGRAPH_STORE names
    another. --store and --format may stand before the command or after it.

    The graph model (labels, relationships, references, owners, statuses)
    is described in docs/model.md; output formats, key names and exit codes
    in docs/output.md.

    Example:

    \b
        reviewgraph load examples
        reviewgraph stats
    """
    ctx = click.get_current_context()
    command = main.commands.get(ctx.invoked_subcommand or "")
    if command is None:
        return
    names = {param.name for param in command.params}
    # An option given before a command that has no use for it would be ignored silently.
    for given, name, flag in ((format_, "format_", "--format"), (store, "store", "--store")):
        if given is not None and name not in names:
            raise click.UsageError(f"'{ctx.invoked_subcommand}' takes no {flag}")


STATS_REVIEW_COLUMNS = [
    Column("review", kind="ref"),
    Column("title", kind="text"),
    *[Column(name, kind="number") for name in ("recommendations", "actions", "roles", "agencies")],
]
STATS_AGENCY_COLUMNS = [
    Column("agency", kind="text"),
    *[Column(name, kind="number") for name in ("recommendations", "roles", "actions")],
]


@main.command()
@store_option
@output_options(tables=STATS_TABLES, limit=False)
@backend_option
def stats(store: Path, output: Output, backend: str):
    """Count nodes by label, and what each review and agency holds.

    A review counts its recommendations, its actions, the roles owning those
    actions and the agencies involved. An agency counts the recommendations
    directed at it, its roles and the actions it answers for — the same
    actions `owners` and `status` give it. CSV holds one table: labels,
    unless --table names reviews or agencies.

    Example:

    \b
        reviewgraph stats
        reviewgraph stats --table reviews --format csv -o reviews.csv
        reviewgraph stats --format xlsx -o stats.xlsx
    """
    from reviewgraph.queries.counts import AgencyStats, LabelCount, ReviewStats
    from reviewgraph.queries.counts import stats as count_graph

    with open_backend(store, backend) as source:
        report = count_graph(source)
    output.emit_tables(
        [
            Sheet("labels", report.labels, fields=LabelCount),
            Sheet("reviews", report.reviews, STATS_REVIEW_COLUMNS, fields=ReviewStats),
            Sheet("agencies", report.agencies, STATS_AGENCY_COLUMNS, fields=AgencyStats),
        ]
    )


@main.command()
@store_option
@format_option(choices=("json", "graphml", "gexf", "csv", "neo4j-admin"), default="json")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="File to write (a folder for csv); json and graphml go to stdout without it.",
)
def export(store: Path, format_: str, output: Path | None):
    """Export the graph as JSON, GraphML or GEXF (Gephi, yEd), CSV or neo4j-admin files.

    JSON is {"nodes": [...], "edges": [...]} and reads back losslessly.
    GraphML and GEXF label each node with its readable name (its type in
    "type"), with colours and sizes; for a filtered view use `reviewgraph map
    --format gexf|graphml`. GraphML flattens lists to JSON text. CSV writes
    nodes_<Label>.csv and edges_<TYPE>.csv into the --output folder, with a
    byte-order mark for Excel, lists joined by "; " and formula-like text
    neutralised as in every CSV reviewgraph writes. neo4j-admin writes the
    files `neo4j-admin database import full` reads, with an import.sh that
    runs it, into the --output folder.

    Example:

    \b
        reviewgraph export > plans.json
        reviewgraph export --format graphml --output plans.graphml
        reviewgraph export --format gexf --output plans.gexf
        reviewgraph export --format csv --output plans-csv
        reviewgraph export --format neo4j-admin --output plans-import
    """
    if format_ == "neo4j-admin":
        from .neo4j_admin import export_neo4j_admin

        export_neo4j_admin(store, output)
        return
    from reviewgraph.graph.export import to_graphml, to_json, write_csv, write_graphml, write_json
    from reviewgraph.graph.gephi import to_gexf, write_gexf

    if output is None and format_ == "csv":
        raise click.UsageError("--format csv needs --output FOLDER for its files")
    with open_backend(store, "embedded") as source:
        graph = source.store.graph()
    if output is None:
        texts = {"json": to_json, "graphml": to_graphml, "gexf": to_gexf}
        click.echo(texts[format_](graph), nl=False)
        return
    writers = {"json": write_json, "graphml": write_graphml, "gexf": write_gexf, "csv": write_csv}
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
    import json

    from reviewgraph.graph.export import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


from . import agencies as _agencies  # noqa: E402,F401  (registers agencies)
from . import check as _check  # noqa: E402,F401  (registers check)
from . import cypher as _cypher  # noqa: E402,F401  (registers cypher)
from . import inspect as _inspect  # noqa: E402,F401  (registers inspect)
from . import load as _load  # noqa: E402,F401  (registers load)
from . import maps as _maps  # noqa: E402,F401  (registers map)
from . import push as _push  # noqa: E402,F401  (registers push)
from . import queries as _queries  # noqa: E402,F401  (registers owners, shared, status, search)
from . import synth as _synth  # noqa: E402,F401  (registers synth)
from . import tracing as _tracing  # noqa: E402,F401  (registers deps, trace)

if __name__ == "__main__":  # pragma: no cover
    # Run as ``python -m reviewgraph.cli.main``, this file is ``__main__`` and the
    # command modules above registered on the module of its real name.
    from reviewgraph.cli.main import main as _registered

    sys.exit(_registered())
