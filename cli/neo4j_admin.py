"""``export --format neo4j-admin``: the store as files for Neo4j's offline importer."""

from __future__ import annotations

from pathlib import Path

import click

from reviewgraph.graph.neo4j_admin import write_neo4j_admin
from reviewgraph.graph.store_view import open_store

__all__ = ["export_neo4j_admin"]


def export_neo4j_admin(store: Path, output: Path | None) -> None:
    """Write the neo4j-admin files of ``store`` into the ``output`` folder and say where."""
    if output is None:
        raise click.UsageError("--format neo4j-admin needs --output FOLDER for its files")
    with open_store(store) as reader:
        files = write_neo4j_admin(reader, output)
    click.echo(f"Wrote {len(files)} files to {output}; run {output / 'import.sh'}", err=True)
