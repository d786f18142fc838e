"""``reviewgraph cypher``: a read-only Cypher query on the Neo4j server, printed as rows."""

from __future__ import annotations

import click

from .main import format_option, main
from .output import render
from .server import open_connection, server_options

__all__ = ["cypher"]


@main.command()
@click.argument("query")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter ($NAME); VALUE is read as JSON when it is JSON "
    '(5, true, null, ["a", "b"]), else as text. Repeatable.',
)
@server_options
@format_option
def cypher(
    query: str,
    params: tuple[str, ...],
    uri: str | None,
    user: str | None,
    password: str | None,
    database: str | None,
    retry_seconds: float,
    format_: str,
) -> None:
    """Run a read-only Cypher QUERY on the Neo4j server and print its rows.

    The query runs in a read transaction; one that would create, change or
    delete anything is refused and nothing changes. Give values as
    parameters rather than in the query text.

    Example:

    \b
        reviewgraph cypher 'MATCH (a:Agency) RETURN a.name AS agency ORDER BY agency'
        reviewgraph cypher 'MATCH (r:Recommendation {ref: $ref}) RETURN r.text AS text' \\
            --param ref='"3.3.9"' --format json
    """
    from reviewgraph.graph.cypher_read import parse_parameters, run_read_only

    try:
        parameters = parse_parameters(params)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--param") from None
    with open_connection(uri, user, password, database, retry_seconds) as connection:
        columns, rows = run_read_only(connection, query, parameters)
    if not rows and format_ == "table":
        click.echo("(no rows)", err=True)
        return
    if not rows and not columns and format_ == "csv":
        return  # no rows and no column names (ArcadeDB sends none): nothing to write
    click.echo(render(rows, format_, columns=columns), nl=False)
