"""The store as the Neo4j writers read it: its documents, and one document's graph at a time.

:func:`open_store` opens the SQLite store read-only (``Store.open(path,
readonly=True)``), which offers ``documents()`` and
``document_graph(document_id)``; :class:`GraphStoreView` offers the same over
a :class:`ReviewGraph` held in memory (a graph built in a test or a script).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .core import SHARED_LABELS, ReviewGraph
from .errors import NotFoundError
from .store import Store

__all__ = ["DocumentRecord", "StoreReader", "GraphStoreView", "open_store"]


@dataclass(frozen=True)
class DocumentRecord:
    """One stored document: its node id, file, content hash, layout and load time."""

    id: str
    path: str
    sha256: str
    layout: str
    encoding: str = "utf-8"
    loaded_at: Any = None
    #: Its place in the load order (queries list plans in it).
    number: int | None = None


class StoreReader(Protocol):
    """What the Neo4j writers need from a store."""

    def documents(self) -> list[DocumentRecord]: ...

    def document_graph(self, document_id: str) -> dict[str, list[dict[str, Any]]]: ...


class GraphStoreView:
    """:class:`StoreReader` over a :class:`ReviewGraph` held in memory.

    Examples
    --------
    >>> GraphStoreView(ReviewGraph()).documents()
    []
    """

    def __init__(self, graph: ReviewGraph) -> None:
        self.graph = graph
        self._by_path: dict[str, tuple[list[str], set[str]]] | None = None

    def _index(self) -> dict[str, tuple[list[str], set[str]]]:
        """Per document path: its own node ids, and the shared nodes whose words it holds."""
        if self._by_path is None:
            self._by_path = {}
            for node_id, data in self.graph.nx.nodes(data=True):
                own, shared = self._by_path.setdefault(data["model"].source.document, ([], set()))
                if data["label"] in SHARED_LABELS:
                    shared.add(node_id)
                else:
                    own.append(node_id)
        return self._by_path

    def documents(self) -> list[DocumentRecord]:
        """Every document, in id order (their load order)."""
        return [
            DocumentRecord(
                id=node.id,
                path=node.path,
                sha256=node.sha256,
                layout=node.layout,
                encoding=node.encoding,
                number=number,
            )
            for number, node in enumerate(self.graph.nodes("Document"), 1)
        ]

    def document_graph(self, document_id: str) -> dict[str, list[dict[str, Any]]]:
        """The document's own nodes, the shared nodes it uses, and the edges it contributed.

        Raises
        ------
        NotFoundError
            When no document has this id.
        """
        document = self.graph.get(document_id)
        if document is None or document.label != "Document":
            raise NotFoundError(f"no document {document_id!r} in the store")
        nx_graph = self.graph.nx
        own_ids, shared_ids = self._index().get(document.path, ([], set()))
        own = sorted(own_ids)
        shared = set(shared_ids)
        edges = []
        for node_id in own:
            for _, target, key, data in nx_graph.out_edges(node_id, keys=True, data=True):
                edges.append((node_id, target, key, data))
                if nx_graph.nodes[target]["label"] in SHARED_LABELS:
                    shared.add(target)
        # Shared nodes reach further shared nodes (a role's agency): those are used too.
        frontier = sorted(shared)
        while frontier:
            node_id = frontier.pop()
            for _, target, key, data in nx_graph.out_edges(node_id, keys=True, data=True):
                if nx_graph.nodes[target]["label"] in SHARED_LABELS:
                    edges.append((node_id, target, key, data))
                    if target not in shared:
                        shared.add(target)
                        frontier.append(target)
        nodes = [
            {"id": node_id, "label": model.label, **model.properties()}
            for node_id in sorted({*own, *shared})
            for model in [nx_graph.nodes[node_id]["model"]]
        ]
        edge_dicts = [
            {"source": source, "target": target, "type": key, **data}
            for source, target, key, data in sorted(edges, key=lambda e: (e[2], e[0], e[1]))
        ]
        return {"nodes": nodes, "edges": edge_dicts}


@contextlib.contextmanager
def open_store(path: Path) -> Iterator[StoreReader]:
    """The store at ``path``, read-only, for as long as the ``with`` block lasts.

    Raises
    ------
    StoreError
        When the file is not a readable store.

    Examples
    --------
    >>> with open_store(Path("/nonexistent/reviewgraph.graph")) as store:
    ...     store.documents()
    []
    """
    with Store.open(Path(path), readonly=True) as store:
        yield store
