"""``reviewgraph push``: copy the store's plans to a Neo4j database."""

from __future__ import annotations

from pathlib import Path

import click

from reviewgraph.graph.errors import StoreError

from .main import main, store_option
from .server import open_connection, server_options

__all__ = ["push"]


@main.command()
@store_option
@server_options
@click.option(
    "--batch-size",
    type=click.IntRange(1),
    default=None,
    help="Rows per write transaction.  [default: 5000]",
)
def push(
    store: Path,
    uri: str | None,
    user: str | None,
    password: str | None,
    database: str | None,
    retry_seconds: float,
    batch_size: int | None,
) -> None:
    """Copy the store's plans to a Neo4j server, sending only what changed.

    Nodes and relationships keep DOMAIN.md's labels, properties and types,
    merged on their ids in batched write transactions. Plans whose content
    has not changed since the last push are left alone; plans reloaded or
    removed since are replaced or removed on the server, and nothing else
    is touched. A push cut short (the server went away) is finished by the
    next one. The password comes from $NEO4J_PASSWORD or is asked for.

    Example:

    \b
        export NEO4J_URI=neo4j+s://xxxx.databases.neo4j.io NEO4J_USER=neo4j
        reviewgraph push
        reviewgraph push --uri bolt://localhost:7687 --database plans
    """
    if not store.exists():
        # An absent store holds no plans: pushing it would empty the server.
        raise StoreError(f"{store}: no such store (hint: reviewgraph load PATH first, or --store)")
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from reviewgraph.graph.neo4j_sync import BATCH_SIZE
    from reviewgraph.graph.neo4j_sync import push as push_store
    from reviewgraph.graph.store_view import open_store

    console = Console(stderr=True)
    with open_connection(uri, user, password, database, retry_seconds) as connection:
        with (
            open_store(store) as reader,
            Progress(
                TextColumn("Pushing {task.description:<20}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                disable=not console.is_terminal,
                transient=True,
            ) as bar,
        ):
            task = bar.add_task("", total=None)

            def progress(done: int, total: int, what: str) -> None:
                bar.update(task, completed=done, total=max(total, done), description=what)

            report = push_store(
                connection, reader, batch_size=batch_size or BATCH_SIZE, progress=progress
            )
        for warning in report.warnings:
            click.echo(f"Warning: {warning}", err=True)
        where = connection.settings.where
    click.echo(
        f"{where}: {len(report.written)} plans written, {len(report.removed)} removed, "
        f"{len(report.unchanged)} unchanged; {report.nodes} nodes and "
        f"{report.relationships} relationships in {report.seconds:.1f} s"
    )
