"""The connection to a Neo4j server (or cluster, or Aura, or any Bolt server) over Bolt.

One function, :func:`connect`, turns options and ``NEO4J_*`` variables into a
connected :class:`Connection`, and every failure the user can fix (wrong
password, nothing listening, TLS, unknown database) into one
:class:`~reviewgraph.graph.errors.ServerError` line with a hint.
:meth:`Connection.read` runs a read query in a read transaction (so a
cluster's secondaries can serve it) and returns plain Python rows.

Passwords are never part of a message, a ``repr`` or a log line.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.graph import Node, Path, Relationship

from .errors import ServerError

__all__ = [
    "SCHEMES",
    "ServerSettings",
    "server_settings",
    "connect",
    "Connection",
    "WriteRefused",
    "plain",
    "describe_error",
]

#: URI schemes the driver accepts: direct (bolt) or routed (neo4j), plain,
#: TLS with a trusted certificate (+s) or TLS with any certificate (+ssc).
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

# The driver warns on stderr about every retry when nobody configured logging;
# reviewgraph reports the outcome in one line instead. Handlers configured by
# an application still receive the driver's records.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class ServerSettings:
    """Where the server is and how to log in.

    ``password`` stays out of ``repr`` and of every message.

    Examples
    --------
    >>> ServerSettings("bolt://db:7687", "neo4j", "s3cret", None)
    ServerSettings(uri='bolt://db:7687', user='neo4j', database=None, retry_seconds=30.0)
    """

    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None
    retry_seconds: float = 30.0

    @property
    def where(self) -> str:
        """The URI without any user or password in it, and the database when named."""
        parts = urlsplit(self.uri)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        shown = f"{parts.scheme}://{host}"
        return f"{shown} (database {self.database})" if self.database else shown


def server_settings(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    ask_password: Callable[[str], str] | None = None,
    retry_seconds: float = 30.0,
) -> ServerSettings:
    """Settings from the options, else from the ``NEO4J_*`` variables of the environment.

    The password is the option, else ``NEO4J_PASSWORD`` (used even when
    empty, for servers without authentication), else what ``ask_password``
    returns when given (a hidden prompt).

    Raises
    ------
    ServerError
        When no URI is given, its scheme is not one of :data:`SCHEMES`, or
        there is no password and no way to ask for one.

    Examples
    --------
    >>> settings = server_settings(environ={"NEO4J_URI": "neo4j+s://x.databases.neo4j.io",
    ...     "NEO4J_PASSWORD": "s3cret"})
    >>> settings.user, settings.database, settings.where
    ('neo4j', None, 'neo4j+s://x.databases.neo4j.io')
    >>> server_settings(environ={})
    Traceback (most recent call last):
    ...
    reviewgraph.graph.errors.ServerError: no Neo4j server named (hint: give --uri \
bolt://HOST:7687 or set NEO4J_URI)
    """
    environ = os.environ if environ is None else environ
    uri = uri or environ.get("NEO4J_URI") or ""
    if not uri:
        raise ServerError(
            "no Neo4j server named (hint: give --uri bolt://HOST:7687 or set NEO4J_URI)"
        )
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        shown = ServerSettings(uri, "", "", None).where if scheme else uri.split("@")[-1]
        raise ServerError(
            f"{shown}: not a Neo4j URI (hint: start it with one of "
            f"{', '.join(s + '://' for s in SCHEMES)})"
        )
    user = user or environ.get("NEO4J_USER") or "neo4j"
    database = database or environ.get("NEO4J_DATABASE") or None
    if password is None:
        password = environ.get("NEO4J_PASSWORD")
    if password is None and ask_password is not None:
        password = ask_password(
            f"Password for {user} at {ServerSettings(uri, user, '', None).where}"
        )
    if password is None:
        raise ServerError(
            f"no password for {user} at {ServerSettings(uri, user, '', None).where} "
            "(hint: set NEO4J_PASSWORD, or run in a terminal to be asked)"
        )
    return ServerSettings(uri, user, password, database, retry_seconds)


_TLS_WORDS = re.compile(r"SSL|TLS|certificate|encryption", re.IGNORECASE)


def describe_error(error: Exception, settings: ServerSettings) -> ServerError:
    """The driver's error as one line naming the server, with a hint.

    Examples
    --------
    >>> settings = ServerSettings("bolt://db:7687", "neo4j", "s3cret", None)
    >>> str(describe_error(AuthError("Authentication failed"), settings))
    'bolt://db:7687: the server refused user neo4j and this password (hint: check \
--user / NEO4J_USER and NEO4J_PASSWORD)'
    """
    where = settings.where
    if isinstance(error, AuthError):
        return ServerError(
            f"{where}: the server refused user {settings.user} and this password "
            "(hint: check --user / NEO4J_USER and NEO4J_PASSWORD)"
        )
    text = " ".join(str(error).split())
    text = text.replace(settings.password, "********") if settings.password else text
    if isinstance(error, ServiceUnavailable | SessionExpired):
        if _TLS_WORDS.search(text) and "+s" in settings.uri.split("://")[0]:
            return ServerError(
                f"{where}: the TLS handshake failed (hint: the server may not use TLS on "
                "this port — try bolt:// or neo4j:// — or its certificate is not trusted — "
                "try bolt+ssc:// or neo4j+ssc://)"
            )
        if "routing information" in text:
            return ServerError(
                f"{where}: no routing table from the server (hint: is it up? for a single "
                "server use bolt:// instead of neo4j://)"
            )
        return ServerError(
            f"{where}: no answer from the server (hint: is it running, and is the host and "
            "port right?)"
        )
    if isinstance(error, Neo4jError):
        code = error.code or ""
        message = " ".join((error.message or "").split())
        if code.endswith("DatabaseNotFound"):
            return ServerError(
                f"{where}: the server has no database {settings.database!r} "
                "(hint: --database / NEO4J_DATABASE name one it has)"
            )
        if code.endswith("Security.Forbidden") or code.endswith("AccessMode"):
            return ServerError(f"{where}: not allowed: {message} ({code})")
        return ServerError(f"{where}: {message} ({code})" if code else f"{where}: {message}")
    if isinstance(error, ConfigurationError | ValueError):
        return ServerError(f"{where}: {text} (hint: check the URI)")
    return ServerError(f"{where}: {type(error).__name__}: {text}")


class WriteRefused(ServerError):
    """A query given as read-only changed the graph; its changes were rolled back."""


class _Undo(Exception):
    """Raised inside a read transaction so that the driver rolls it back."""

    def __init__(self, counters: Any) -> None:
        super().__init__("rolled back")
        self.counters = counters


def plain(value: Any) -> Any:
    """A value from the driver as plain Python: dicts, lists, str, numbers, dates.

    Nodes become ``{"label", **properties}`` (labels joined by ``:`` when
    there are several), relationships ``{"type", "source", "target",
    **properties}`` (ends by their ``id`` property when the server sent it,
    else by element id), paths ``{"nodes": [...], "relationships": [...]}``,
    Cypher dates ``datetime.date`` and date-times ``datetime.datetime``.

    Examples
    --------
    >>> import neo4j.time
    >>> plain({"due": neo4j.time.Date(2012, 3, 1), "refs": ["1.1", None]})
    {'due': datetime.date(2012, 3, 1), 'refs': ['1.1', None]}
    """
    if isinstance(value, Node):
        return {"label": ":".join(sorted(value.labels)), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return {
            "type": value.type,
            "source": (start.get("id") or start.element_id) if start is not None else None,
            "target": (end.get("id") or end.element_id) if end is not None else None,
            **{k: plain(v) for k, v in value.items()},
        }
    if isinstance(value, Path):
        return {
            "nodes": [plain(n) for n in value.nodes],
            "relationships": [plain(r) for r in value.relationships],
        }
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "to_native"):
        try:
            return value.to_native()
        except (ValueError, OverflowError):  # outside Python's range: keep its text
            return str(value)
    if isinstance(value, neo4j.time.Duration):
        return str(value)
    return value


class Connection:
    """A verified connection to one database of a Bolt server.

    Use :func:`connect` to make one; close it (or use it in ``with``) when done.
    """

    def __init__(self, driver: neo4j.Driver, settings: ServerSettings) -> None:
        self.driver = driver
        self.settings = settings
        self.database = settings.database

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the driver and its connections."""
        self.driver.close()

    @property
    def server_agent(self) -> str:
        """What the server calls itself, e.g. ``Neo4j/5.26.0``."""
        return self.driver.get_server_info().agent

    def session(self, **options: Any) -> neo4j.Session:
        """A driver session on this connection's database."""
        return self.driver.session(database=self.database, **options)

    def read(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query in a read transaction; the rows as plain Python dicts.

        A query that changes anything is rolled back and refused: Neo4j
        refuses writes in read transactions itself, but not every Bolt
        server does (ArcadeDB commits them), so the summary's counters are
        checked too.

        Raises
        ------
        WriteRefused
            When the query created, changed or deleted anything.
        ServerError
            When the server refuses the query or cannot be reached.
        """
        return self.read_with_keys(query, parameters)[1]

    def read_with_keys(
        self, query: str, parameters: Mapping[str, Any] | None = None
    ) -> tuple[list[str], list[dict[str, Any]]]:
        """:meth:`read`, with the query's column names (known even when no row comes back).

        Raises
        ------
        WriteRefused
            When the query created, changed or deleted anything.
        ServerError
            When the server refuses the query or cannot be reached.
        """

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[dict[str, Any]]]:
            result = tx.run(query, dict(parameters or {}))
            keys = list(result.keys())
            rows = [{key: plain(value) for key, value in record.items()} for record in result]
            counters = result.consume().counters
            if counters.contains_updates or counters.contains_system_updates:
                raise _Undo(counters)
            return keys, rows

        try:
            with self.session(default_access_mode=neo4j.READ_ACCESS) as session:
                return session.execute_read(work)
        except _Undo as undo:
            raise WriteRefused(
                f"{self.settings.where}: the query changes the graph "
                f"({_changes(undo.counters)}); nothing was changed (hint: only read "
                "queries run here — MATCH … RETURN)"
            ) from None
        except (DriverError, Neo4jError) as error:
            raise describe_error(error, self.settings) from error

    def write(
        self, query: str, parameters: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Run a query in a write transaction, retried on transient errors; the rows.

        Raises
        ------
        ServerError
            When the server refuses the query, or stays unreachable for
            ``retry_seconds``.
        """

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [
                {key: plain(value) for key, value in record.items()}
                for record in tx.run(query, dict(parameters or {}))
            ]

        try:
            with self.session() as session:
                return session.execute_write(work)
        except (DriverError, Neo4jError) as error:
            raise describe_error(error, self.settings) from error


def _changes(counters: Any) -> str:
    names = [
        "nodes_created",
        "nodes_deleted",
        "relationships_created",
        "relationships_deleted",
        "properties_set",
        "labels_added",
        "labels_removed",
        "indexes_added",
        "indexes_removed",
        "constraints_added",
        "constraints_removed",
    ]
    found = [
        f"{name.replace('_', ' ')}: {getattr(counters, name)}"
        for name in names
        if getattr(counters, name, 0)
    ]
    return ", ".join(found) or "system changes"


def connect(settings: ServerSettings) -> Connection:
    """Open a connection and check that the server answers in the chosen database.

    Raises
    ------
    ServerError
        One line with a hint: wrong user or password, nothing listening,
        TLS handshake failed, no such database.

    Examples
    --------
    >>> connect(ServerSettings("bolt://127.0.0.1:9", "neo4j", "x", None, retry_seconds=0))
    Traceback (most recent call last):
    ...
    reviewgraph.graph.errors.ServerError: bolt://127.0.0.1:9: no answer from the server \
(hint: is it running, and is the host and port right?)
    """
    try:
        driver = GraphDatabase.driver(
            settings.uri,
            auth=(settings.user, settings.password),
            max_transaction_retry_time=settings.retry_seconds,
            connection_acquisition_timeout=max(settings.retry_seconds, 5.0),
            user_agent="reviewgraph",
        )
    except (ConfigurationError, ValueError, DriverError) as error:
        raise describe_error(error, settings) from error
    try:
        driver.verify_connectivity()
        with driver.session(database=settings.database) as session:
            session.run("RETURN 1").consume()
    except (DriverError, Neo4jError, OSError) as error:
        driver.close()
        raise describe_error(error, settings) from error
    return Connection(driver, settings)
