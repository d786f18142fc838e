"""Options shared by the commands that talk to a Neo4j server: ``--uri``, ``--user`` …

Not a command: ``push``, ``cypher`` and ``--backend neo4j`` use
:func:`server_options` for the options and :func:`open_connection` to turn
them into a :class:`~reviewgraph.graph.bolt.Connection`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:  # pragma: no cover
    from reviewgraph.graph.bolt import Connection

__all__ = ["server_options", "open_connection", "password_prompt"]

F = TypeVar("F", bound=Callable[..., Any])

PASSWORD_WARNING = (
    "Warning: a password given with --password can be read by other users of this "
    "machine (ps, shell history); prefer NEO4J_PASSWORD or the prompt."
)


def server_options(function: F) -> F:
    """``--uri``, ``--user``, ``--password``, ``--database`` and ``--timeout``."""
    options = [
        click.option(
            "--uri",
            metavar="URI",
            help="The server: bolt://HOST[:PORT] (one server), neo4j:// (a cluster), "
            "bolt+s:// or neo4j+s:// (TLS, e.g. Aura), +ssc (self-signed). [default: $NEO4J_URI]",
        ),
        click.option("--user", metavar="NAME", help="[default: $NEO4J_USER or neo4j]"),
        click.option(
            "--password",
            metavar="TEXT",
            help="Discouraged: visible to other users. [default: $NEO4J_PASSWORD, "
            "else asked for on the terminal]",
        ),
        click.option(
            "--database",
            metavar="NAME",
            help="[default: $NEO4J_DATABASE, else the server's default database]",
        ),
        click.option(
            "--timeout",
            "retry_seconds",
            type=click.FloatRange(0),
            default=30.0,
            show_default=True,
            metavar="SECONDS",
            help="How long to keep retrying while the server is unreachable or busy.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _ask(prompt: str) -> str:
    return click.prompt(prompt, hide_input=True, err=True)


def password_prompt() -> Callable[[str], str] | None:
    """How to ask for a missing password: a hidden prompt on a terminal, else not at all."""
    return _ask if sys.stdin.isatty() else None


def open_connection(
    uri: str | None,
    user: str | None,
    password: str | None,
    database: str | None,
    retry_seconds: float = 30.0,
) -> Connection:
    """A verified connection from the options and ``NEO4J_*``; asks for a password on a terminal.

    Raises
    ------
    ServerError
        One line with a hint when the server cannot be used.
    """
    from reviewgraph.graph.bolt import connect, server_settings

    if password is not None:
        click.echo(PASSWORD_WARNING, err=True)
    settings = server_settings(
        uri,
        user,
        password,
        database,
        ask_password=password_prompt(),
        retry_seconds=retry_seconds,
    )
    return connect(settings)
