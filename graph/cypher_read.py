"""A user's own Cypher, read-only: ``reviewgraph cypher 'MATCH …' --param k=v``.

Two guards keep it read-only. The query text is checked for write clauses
first, so the user hears at once what is refused and why; then it runs in a
read transaction whose summary must show no change, or it is rolled back
(Neo4j refuses writes in read transactions by itself; ArcadeDB does not, and
a procedure can write under any name).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from .bolt import Connection, WriteRefused

__all__ = ["WRITE_CLAUSES", "parse_parameters", "write_clauses", "run_read_only"]

#: Clauses that change the graph or its schema.
WRITE_CLAUSES = (
    "CREATE",
    "MERGE",
    "DELETE",
    "DETACH",
    "SET",
    "REMOVE",
    "DROP",
    "FOREACH",
    "LOAD CSV",
    "IN TRANSACTIONS",
    "ALTER",
    "GRANT",
    "REVOKE",
    "DENY",
)

# Strings, quoted names and comments, which may hold any word without it being a clause.
_NOT_CODE = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`]|``)*`|//[^\n]*|/\*.*?\*/""", re.DOTALL
)
_CLAUSE = re.compile(
    r"(?<![\w.$:])(" + "|".join(c.replace(" ", r"\s+") for c in WRITE_CLAUSES) + r")(?![\w])",
    re.IGNORECASE,
)


def write_clauses(query: str) -> list[str]:
    """The write clauses a query text holds, outside strings, quoted names and comments.

    Examples
    --------
    >>> write_clauses("MATCH (n) WHERE n.text CONTAINS 'set up' RETURN n.`delete`")
    []
    >>> write_clauses("MATCH (n) DETACH DELETE n // gone")
    ['DETACH', 'DELETE']
    >>> write_clauses("MATCH (n) WITH n, n.x AS offset RETURN offset")
    []
    """
    code = _NOT_CODE.sub(" ", query)
    return [" ".join(match.group(1).upper().split()) for match in _CLAUSE.finditer(code)]


def parse_parameters(pairs: Iterable[str]) -> dict[str, Any]:
    """``k=v`` pairs as query parameters: values parsed as JSON when they parse, else text.

    Raises
    ------
    ValueError
        When a pair has no ``=`` or an empty name.

    Examples
    --------
    >>> parse_parameters(["limit=5", "name=Named Nurse", 'refs=["1.1", "2.3"]', "none=null"])
    {'limit': 5, 'name': 'Named Nurse', 'refs': ['1.1', '2.3'], 'none': None}
    >>> parse_parameters(["ref=3.10"])["ref"], parse_parameters(['ref="3.10"'])["ref"]
    (3.1, '3.10')
    """
    found: dict[str, Any] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ValueError(f"{pair!r} is not NAME=VALUE")
        try:
            found[name] = json.loads(text)
        except ValueError:
            found[name] = text
    return found


def run_read_only(
    connection: Connection, query: str, parameters: dict[str, Any] | None = None
) -> tuple[list[str], list[dict[str, Any]]]:
    """Run ``query`` read-only; its column names and rows as plain Python values.

    Raises
    ------
    WriteRefused
        When the text holds a write clause (nothing is sent), or the server
        reports a change (it is rolled back).
    ServerError
        When the server refuses the query (syntax, missing parameter) or is
        unreachable.
    """
    found = write_clauses(query)
    if found:
        raise WriteRefused(
            f"cypher runs read-only queries; this one has {', '.join(dict.fromkeys(found))} "
            "(hint: the graph changes only through reviewgraph load and push)"
        )
    return connection.read_with_keys(query, parameters or {})
