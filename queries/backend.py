"""Where a query's data comes from: the embedded SQLite store or a Neo4j server.

Every named query is a plain function taking a :class:`Backend` (or a store, or
an in-memory :class:`~reviewgraph.graph.core.ReviewGraph`, which is put in a
private in-memory store). A query that needs more than the primitives below
defines a :class:`Fetch`: one embedded (SQL) and one Cypher implementation side
by side, each returning the same records (lists of dicts of plain values).
Whatever follows — names, sorting, shaping rows — is shared Python, so both
backends give the same answer by construction.

Nodes travel as *node dicts*: the export form of DOMAIN.md (``id``, ``label``,
properties, with ``source`` as an object) plus ``handle``, the printed
reference, and ``document``, the id of the plan the node came from (None for
agencies and roles, which plans share).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from reviewgraph.graph.core import ReviewGraph
    from reviewgraph.graph.store import Store

__all__ = [
    "Backend",
    "EmbeddedBackend",
    "Fetch",
    "DocumentInfo",
    "as_backend",
]

Record = dict[str, Any]


@dataclass(frozen=True)
class DocumentInfo:
    """A plan as queries see it: ids, the names people type, and its review's dates."""

    id: str
    key: str
    handle: str
    path: str
    sha256: str
    review_id: str | None
    title: str | None
    as_of: str | None


@dataclass(frozen=True)
class Fetch:
    """One question's data access, once per backend, side by side."""

    name: str
    embedded: Callable[[Store, dict[str, Any]], list[Record]]
    cypher: Callable[[Any, dict[str, Any]], list[Record]]


class Backend(Protocol):
    """What every query may ask of where the graph lives."""

    #: ``embedded`` or ``neo4j``
    kind: str

    def documents(self) -> list[DocumentInfo]:
        """Every plan, in load order."""

    def node_dicts(self, ids: Iterable[str]) -> list[Record]:
        """The nodes with these ids (missing ids are left out)."""

    def nodes_of(self, label: str) -> list[Record]:
        """Every node of one label."""

    def nodes_by_handle(self, handles: Iterable[str]) -> list[Record]:
        """The nodes whose printed reference is one of ``handles`` (case-insensitive)."""

    def edge_dicts(
        self,
        *,
        sources: Iterable[str] | None = None,
        targets: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
    ) -> list[Record]:
        """Distinct edges leaving ``sources`` or entering ``targets`` (of ``types``)."""

    def fetch(self, question: Fetch, **parameters: Any) -> list[Record]:
        """Run one question's implementation for this backend."""

    def close(self) -> None:
        """Release the connection."""


class EmbeddedBackend:
    """The embedded store, read with SQL.

    Examples
    --------
    >>> from reviewgraph.graph.store import Store
    >>> backend = EmbeddedBackend(Store.open(":memory:"))
    >>> backend.kind, backend.documents()
    ('embedded', [])
    """

    kind = "embedded"

    def __init__(self, store: Store) -> None:
        self.store = store
        self._documents: list[DocumentInfo] | None = None

    def documents(self) -> list[DocumentInfo]:
        if self._documents is None:
            rows = self.store.rows(
                "SELECT d.id, d.key, d.handle, d.path, d.sha256, r.id AS review_id, "
                "r.name AS title, json_extract(r.props, '$.as_of') AS as_of "
                "FROM documents d LEFT JOIN nodes r ON r.document = d.id AND r.label = 'Review' "
                "ORDER BY d.number"
            )
            self._documents = [DocumentInfo(**dict(row)) for row in rows]
        return self._documents

    def node_dicts(self, ids: Iterable[str]) -> list[Record]:
        return self.store.node_dicts(ids)

    def nodes_of(self, label: str) -> list[Record]:
        from reviewgraph.graph.store import node_dict

        rows = self.store.rows(
            "SELECT id, label, handle, document, props FROM nodes WHERE label = ?", (label,)
        )
        return [node_dict(row) for row in rows]

    def nodes_by_handle(self, handles: Iterable[str]) -> list[Record]:
        from reviewgraph.graph.store import node_dict

        found: list[Record] = []
        wanted = list(dict.fromkeys(handles))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self.store.rows(
                "SELECT id, label, handle, document, props FROM nodes "
                f"WHERE handle COLLATE NOCASE IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found += [node_dict(row) for row in rows]
        return found

    def edge_dicts(self, *, sources=None, targets=None, types=None) -> list[Record]:
        return self.store.edge_dicts(sources=sources, targets=targets, types=types)

    def fetch(self, question: Fetch, **parameters: Any) -> list[Record]:
        return question.embedded(self.store, parameters)

    def close(self) -> None:
        self.store.close()


def as_backend(source: Any) -> Backend:
    """The backend to query ``source`` through.

    A :class:`Backend` is returned as it is; a
    :class:`~reviewgraph.graph.store.Store` is read with SQL; a
    :class:`~reviewgraph.graph.core.ReviewGraph` (tests, notebooks) is put into
    a private in-memory store first.

    Raises
    ------
    TypeError
        When ``source`` is none of these.

    Examples
    --------
    >>> from reviewgraph.graph.core import ReviewGraph
    >>> as_backend(ReviewGraph()).kind
    'embedded'
    """
    if hasattr(source, "fetch") and hasattr(source, "kind"):
        return source
    from reviewgraph.graph.store import Store

    if isinstance(source, Store):
        return EmbeddedBackend(source)
    # Imported only here: networkx costs a command's start-up 75 ms.
    from reviewgraph.graph.core import ReviewGraph

    if isinstance(source, ReviewGraph):
        return EmbeddedBackend(_memory_store(source))
    raise TypeError(f"cannot query a {type(source).__name__}")


def _memory_store(graph: ReviewGraph) -> Store:
    """A private in-memory store holding ``graph``.

    Nodes outside any Document of the graph (hand-made test graphs) are stored
    under a document of their own so that they can be queried too.
    """
    from reviewgraph.graph.store import Store

    store = Store.open(":memory:")
    store.put_graphs_from(graph)
    return store
