"""The words full-text search indexes, computed as the embedded store's FTS5 computes them.

The store ranks ``search`` hits with SQLite FTS5's BM25 over the fields of
:data:`~reviewgraph.graph.store.SEARCH_FIELDS`. A Neo4j server has no such
index (and ArcadeDB none at all), so a push gives every node the store indexes
the terms FTS5 indexed for it: :func:`search_properties` runs the very same
tokenizer (SQLite's own, in memory) over the very same values (``json_extract``
of the node's properties, as the store's ``search_source`` view reads them),
and the queries compute FTS5's BM25 from them in Python.

Three properties per indexed node (nodes with no searched field get none):

- ``search_length``: how many terms the node holds in all its fields (FTS5's
  row size), 0 when its fields hold no word;
- ``search_terms``: its distinct terms, sorted (to find the rows holding a term);
- ``search_postings``: JSON text ``{field: {term: count}}`` (which field matched,
  and how often).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from .store import SEARCH_FIELDS, SEARCH_TOKENIZER

__all__ = [
    "SEARCH_LENGTH",
    "SEARCH_TERMS",
    "SEARCH_POSTINGS",
    "SEARCH_PROPERTIES",
    "tokenize",
    "search_properties",
]

SEARCH_LENGTH = "search_length"
SEARCH_TERMS = "search_terms"
SEARCH_POSTINGS = "search_postings"
#: The properties a push adds for search; not part of any node's model.
SEARCH_PROPERTIES = frozenset({SEARCH_LENGTH, SEARCH_TERMS, SEARCH_POSTINGS})

def _index(connection: sqlite3.Connection) -> None:
    columns = ", ".join(SEARCH_FIELDS)
    connection.execute(
        f'CREATE VIRTUAL TABLE search USING fts5({columns}, tokenize="{SEARCH_TOKENIZER}")'
    )
    connection.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(search, 'instance')")


def tokenize(text: str) -> list[str]:
    """The terms FTS5 indexes for ``text``, in order (Porter stems; ``&`` joins a word).

    Examples
    --------
    >>> tokenize("Training trained A&E staff")
    ['train', 'train', 'a&', 'staff']
    """
    connection = sqlite3.connect(":memory:")
    try:
        _index(connection)
        connection.execute("INSERT INTO search (rowid, text) VALUES (1, ?)", (text,))
        return [row[0] for row in connection.execute("SELECT term FROM terms ORDER BY offset")]
    finally:
        connection.close()


def search_properties(nodes: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The search properties of each node the store's full-text index holds, by node id.

    ``nodes`` are node dicts as the store gives them (``node_dict``): the
    values indexed are ``json_extract`` of their properties, as the store's
    ``search_source`` view reads them, so a list (``aliases``) is indexed as
    its JSON text, exactly as the store indexes it.

    Raises
    ------
    sqlite3.Error
        Never for node dicts made from JSON.

    Examples
    --------
    >>> found = search_properties([{"id": "a", "label": "Agency", "name": "A&E Team",
    ...     "aliases": ["AE"]}, {"id": "d", "label": "Document", "path": "p.txt"}])
    >>> found["a"]["search_length"], found["a"]["search_terms"], found["a"]["search_postings"]
    (3, ['a&', 'ae', 'team'], '{"aliases": {"ae": 1}, "name": {"a&": 1, "team": 1}}')
    >>> "d" in found
    False
    """
    connection = sqlite3.connect(":memory:")
    try:
        _index(connection)
        connection.execute("CREATE TABLE nodes (number INTEGER PRIMARY KEY, id TEXT, props TEXT)")
        # Only the searched fields: json_extract of one of them reads the same either way.
        connection.executemany(
            "INSERT INTO nodes (id, props) VALUES (?, ?)",
            [
                (node["id"], _dumps({f: node[f] for f in SEARCH_FIELDS if f in node}))
                for node in nodes
            ],
        )
        values = ", ".join(f"json_extract(props, '$.{f}') AS {f}" for f in SEARCH_FIELDS)
        searched = " OR ".join(f"{f} IS NOT NULL" for f in SEARCH_FIELDS)
        connection.execute(
            f"INSERT INTO search (rowid, {', '.join(SEARCH_FIELDS)}) "
            f"SELECT number, {', '.join(SEARCH_FIELDS)} FROM "
            f"(SELECT number, {values} FROM nodes) WHERE {searched}"
        )
        ids = dict(
            connection.execute(
                "SELECT n.number, n.id FROM search s JOIN nodes n ON n.number = s.rowid"
            )
        )
        postings: dict[int, dict[str, dict[str, int]]] = {number: {} for number in ids}
        for number, field, term, count in connection.execute(
            "SELECT doc, col, term, count(*) FROM terms GROUP BY doc, col, term"
        ):
            postings[number].setdefault(field, {})[term] = count
    finally:
        connection.close()
    found = {}
    for number, node_id in ids.items():
        fields = postings[number]
        properties: dict[str, Any] = {
            SEARCH_LENGTH: sum(sum(counts.values()) for counts in fields.values())
        }
        terms = sorted({term for counts in fields.values() for term in counts})
        if terms:
            properties[SEARCH_TERMS] = terms
            properties[SEARCH_POSTINGS] = json.dumps(fields, ensure_ascii=False, sort_keys=True)
        found[node_id] = properties
    return found


def _dumps(value: Any) -> str:
    # As the store writes ``props``: json_extract hands lists back in this text.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
