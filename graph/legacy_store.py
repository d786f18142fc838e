"""Reading the store format of reviewgraph 0.1: one JSON file holding the whole graph.

Only read, to migrate such a file into the SQLite store the first time it is
opened (:func:`reviewgraph.graph.store.Store.open`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .core import ReviewGraph
from .errors import GraphError, StoreError

__all__ = ["FORMAT", "is_legacy_store", "read_legacy_store"]

FORMAT = "reviewgraph-store"
VERSION = 1


def is_legacy_store(head: bytes) -> bool:
    """Whether a file starting with ``head`` looks like a JSON store.

    Examples
    --------
    >>> is_legacy_store(b'{"format": "reviewgraph-store", "version": 1')
    True
    >>> is_legacy_store(b"SQLite format 3")
    False
    """
    return head.lstrip()[:1] == b"{" and FORMAT.encode() in head[:200]


def read_legacy_store(path: Path) -> ReviewGraph:
    """The graph kept in a JSON store file.

    Raises
    ------
    StoreError
        When the file is not a JSON store or is damaged.

    Examples
    --------
    >>> read_legacy_store(Path("/nonexistent/old.graph"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reviewgraph.graph.errors.StoreError: /nonexistent/old.graph: cannot read the old store (No ...
    """
    path = Path(path)
    try:
        data: Any = json.loads(path.read_bytes())
    except OSError as error:
        raise StoreError(f"{path}: cannot read the old store ({error.strerror})") from error
    except ValueError as error:
        raise StoreError(f"{path}: damaged old store ({error})") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(f"{path}: not a reviewgraph store (no '{FORMAT}' header)")
    if data.get("version") != VERSION:
        raise StoreError(f"{path}: old store version {data.get('version')} is not {VERSION}")
    graph_data = data.get("graph")
    if not isinstance(graph_data, dict):
        raise StoreError(f"{path}: damaged old store (no graph in it)")
    try:
        return ReviewGraph.from_dict(graph_data)
    except (GraphError, KeyError, AttributeError) as error:
        raise StoreError(f"{path}: damaged old store ({error})") from error
