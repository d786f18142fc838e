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
- ``search_terms``: its distinct terms, sorted, as one text with a space before
  and after each (`` a& team ``): ``CONTAINS ' team '`` finds the rows holding a
  term and ``CONTAINS ' tea'`` those holding a term that starts so (FTS5's terms
  never hold a space). One text, not a list: a list of thirty terms a node cost a
  push a quarter of its time to send;
- ``search_postings``: JSON text ``{field: {term: count}}`` (which field matched,
  and how often).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any

from .store import SEARCH_FIELDS, SEARCH_TOKENIZER

__all__ = [
    "SEARCH_LENGTH",
    "SEARCH_TERMS",
    "SEARCH_POSTINGS",
    "SEARCH_PROPERTIES",
    "tokenize",
    "terms_text",
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


def terms_text(terms: Iterable[str]) -> str:
    """Terms as the ``search_terms`` text: sorted, each with a space before and after.

    Examples
    --------
    >>> terms_text(["team", "a&"])
    ' a& team '
    """
    return " " + " ".join(sorted(terms)) + " "


def search_properties(nodes: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The search properties of each node the store's full-text index holds, by node id.

    ``nodes`` are node dicts as the store gives them (``node_dict``): the
    values indexed are ``json_extract`` of their properties, as the store's
    ``search_source`` view reads them, so a list (``aliases``) is indexed as
    its JSON text, exactly as the store indexes it.

    The terms are FTS5's own: each whitespace-separated piece of text is
    tokenized by SQLite once and remembered (:func:`_piece_terms`), which gives
    the same terms as tokenizing the whole value, because whitespace always
    separates FTS5's tokens and its Porter stemmer sees one token at a time.

    Raises
    ------
    sqlite3.Error
        Never for node dicts made from JSON.

    Examples
    --------
    >>> found = search_properties([{"id": "a", "label": "Agency", "name": "A&E Team",
    ...     "aliases": ["AE"]}, {"id": "d", "label": "Document", "path": "p.txt"}])
    >>> found["a"]["search_length"], found["a"]["search_terms"], found["a"]["search_postings"]
    (3, ' a& ae team ', '{"aliases": {"ae": 1}, "name": {"a&": 1, "team": 1}}')
    >>> "d" in found
    False
    """
    # Each node's searched fields as [name, text]; values that are not plain text
    # get their text from SQLite below, all in one go.
    texts: list[tuple[str, list[list[str]]]] = []
    other: list[tuple[list[str], Any]] = []
    for node in nodes:
        fields = []
        for name in SEARCH_FIELDS:
            value = node.get(name)
            if value is None:
                continue
            if isinstance(value, str) and "\x00" not in value:
                fields.append([name, value])
            else:
                fields.append([name, ""])
                other.append((fields[-1], value))
        if fields:
            texts.append((node["id"], fields))
    for (field, _), text in zip(other, _json_texts([(f[0], v) for f, v in other]), strict=True):
        field[1] = text
    pieces = {piece for _, fields in texts for _, text in fields for piece in text.split()}
    terms_of = _piece_terms(pieces)
    terms = terms_of.__getitem__
    found = {}
    for node_id, fields in texts:
        postings: dict[str, Counter[str]] = {}
        length = 0
        for name, text in fields:
            counts = Counter(chain.from_iterable(map(terms, text.split())))
            if counts:
                postings[name] = counts
                length += counts.total()
        properties: dict[str, Any] = {SEARCH_LENGTH: length}
        if postings:
            properties[SEARCH_TERMS] = terms_text(set().union(*postings.values()))
            properties[SEARCH_POSTINGS] = json.dumps(postings, ensure_ascii=False, sort_keys=True)
        found[node_id] = properties
    return found


#: Pieces of text already tokenized, and their terms; cleared when it grows past the limit.
_PIECES: dict[str, tuple[str, ...]] = {}
_PIECES_LIMIT = 500_000
_PIECES_LOCK = threading.Lock()


def _piece_terms(pieces: set[str]) -> dict[str, tuple[str, ...]]:
    """The FTS5 terms of each whitespace-free piece of text, tokenized once per process."""
    with _PIECES_LOCK:
        missing = [piece for piece in pieces if piece not in _PIECES]
        if len(_PIECES) + len(missing) > _PIECES_LIMIT:
            _PIECES.clear()
            missing = list(pieces)
        if missing:
            connection = sqlite3.connect(":memory:")
            try:
                _index(connection)
                connection.executemany(
                    "INSERT INTO search (rowid, text) VALUES (?, ?)", enumerate(missing, 1)
                )
                made: dict[int, list[str]] = {}
                for number, term in connection.execute(
                    "SELECT doc, term FROM terms ORDER BY doc, offset"
                ):
                    made.setdefault(number, []).append(term)
            finally:
                connection.close()
            for number, piece in enumerate(missing, 1):
                _PIECES[piece] = tuple(made.get(number, ()))
        return {piece: _PIECES[piece] for piece in pieces}


def _json_texts(values: list[tuple[str, Any]]) -> list[str]:
    """The text the store indexes for values that are not plain text: SQLite's ``json_extract``.

    Lists and numbers become their JSON text, and text holding a NUL is cut
    there, as ``json_extract`` gives them to the store's index.
    """
    if not values:
        return []
    connection = sqlite3.connect(":memory:")
    try:
        return [
            "" if text is None else str(text)
            for (name, value) in values
            for (text,) in connection.execute(
                f"SELECT CAST(json_extract(?, '$.{name}') AS TEXT)", (_dumps({name: value}),)
            )
        ]
    finally:
        connection.close()


def _dumps(value: Any) -> str:
    # As the store writes ``props``: json_extract hands lists back in this text.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
