"""The graph type: a networkx ``MultiDiGraph`` that only accepts valid nodes and edges."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

import networkx as nx

from .errors import GraphError
from .models import NODE_TYPES, RELATIONSHIPS, Agency, Edge, Node, node_from_dict

__all__ = ["ReviewGraph", "SHARED_LABELS"]

N = TypeVar("N", bound=Node)

#: Labels whose nodes can be mentioned by several documents (one agency across plans).
SHARED_LABELS = frozenset({"Agency", "LeadRole"})


class ReviewGraph:
    """An accountability graph of reviews, agencies, recommendations and actions.

    Nodes are pydantic models kept under the ``model`` attribute of a networkx
    ``MultiDiGraph``; an edge's key is its relationship type, so a pair of
    nodes has at most one edge of each type.

    Examples
    --------
    >>> from reviewgraph.graph.models import LeadRole, Agency, Source
    >>> g = ReviewGraph()
    >>> src = Source(document="plan.txt", line_start=1, line_end=1)
    >>> _ = g.add(Agency(id="agency:police", name="Police", source=src))
    >>> _ = g.add(LeadRole(id="role:police:borough-commander", name="Borough Commander",
    ...     source=src))
    >>> g.link("role:police:borough-commander", "MEMBER_OF", "agency:police")
    >>> [a.name for a in g.targets("role:police:borough-commander", "MEMBER_OF")]
    ['Police']
    """

    def __init__(self) -> None:
        self._graph: nx.MultiDiGraph = nx.MultiDiGraph()

    # -- nodes -------------------------------------------------------------
    def add(self, node: N) -> N:
        """Add ``node``; an agency met again gains the new spellings as aliases.

        Raises
        ------
        GraphError
            When the object is not a node model, or an id is reused by a
            different label.
        """
        if not isinstance(node, Node) or node.label not in NODE_TYPES:
            raise GraphError(f"not a graph node: {node!r}")
        existing = self._graph._node.get(node.id)
        if existing is not None:
            old: Node = existing["model"]
            if old.label != node.label:
                raise GraphError(f"id {node.id!r} is a {old.label}, not a {node.label}")
            if isinstance(old, Agency) and isinstance(node, Agency):
                merged = sorted((set(old.aliases) | set(node.aliases) | {node.name}) - {old.name})
                old.aliases = merged
                return old  # type: ignore[return-value]
            if node.label in SHARED_LABELS:
                return old  # type: ignore[return-value]
        self._graph.add_node(node.id, model=node, label=node.label)
        return node

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._graph

    def __len__(self) -> int:
        return self._graph.number_of_nodes()

    def node(self, node_id: str) -> Node:
        """The node with this id.

        Raises
        ------
        GraphError
            When there is no such node.
        """
        try:
            return self._graph._node[node_id]["model"]
        except KeyError:
            raise GraphError(f"no node with id {node_id!r}") from None

    def get(self, node_id: str) -> Node | None:
        """The node with this id, or None."""
        data = self._graph._node.get(node_id)
        return data["model"] if data else None

    def nodes(self, label: str | type[N] | None = None) -> Iterator[Any]:
        """Iterate nodes, optionally of one label (a name or a model class), in id order."""
        if isinstance(label, type):
            label = label.label
        # networkx's own dicts, not its views: a loader asks this thousands of times a plan.
        nodes = self._graph._node
        for node_id in sorted(nodes):
            model = nodes[node_id]["model"]
            if label is None or model.label == label:
                yield model

    def count(self, label: str) -> int:
        """How many nodes carry this label."""
        return sum(1 for _, data in self._graph.nodes(data=True) if data["label"] == label)

    # -- edges -------------------------------------------------------------
    def link(self, source: str, type: str, target: str, **properties: Any) -> None:
        """Add the ``type`` relationship from ``source`` to ``target``.

        Raises
        ------
        GraphError
            When an end is missing or the labels do not fit the relationship.
        """
        if type not in RELATIONSHIPS:
            raise GraphError(f"unknown relationship type {type!r}")
        allowed_from, allowed_to = RELATIONSHIPS[type]
        source_label = self.node(source).label
        target_label = self.node(target).label
        if source_label not in allowed_from or target_label not in allowed_to:
            raise GraphError(f"{type} cannot go from {source_label} to {target_label}")
        self._graph.add_edge(source, target, key=type)
        # Not add_edge(**properties): a property called key would clash with its argument.
        self._graph._succ[source][target][type].update(properties)

    def edges(self, type: str | None = None) -> Iterator[Edge]:
        """Iterate edges, optionally of one type, in a stable order."""
        rows = self._graph.edges(keys=True, data=True)
        if type is not None:
            # Only the edges asked for are sorted and made models of.
            rows = [row for row in rows if row[2] == type]
        for source, target, key, data in sorted(rows, key=lambda e: (e[2], e[0], e[1])):
            yield Edge(source=source, target=target, type=key, properties=dict(data))

    def targets(self, node_id: str, type: str) -> list[Any]:
        """Nodes reached from ``node_id`` by ``type`` edges, in id order (none for an
        unknown node)."""
        # The adjacency dicts themselves (target -> edge key -> data): no edge views.
        found = [t for t, keys in self._graph._succ.get(node_id, {}).items() if type in keys]
        return [self.node(t) for t in sorted(found)]

    def sources(self, node_id: str, type: str) -> list[Any]:
        """Nodes with a ``type`` edge into ``node_id``, in id order (none for an unknown
        node)."""
        found = [s for s, keys in self._graph._pred.get(node_id, {}).items() if type in keys]
        return [self.node(s) for s in sorted(found)]

    def edge_properties(self, source: str, type: str, target: str) -> dict[str, Any]:
        """The properties of one edge (empty when absent)."""
        return dict(self._graph.get_edge_data(source, target, key=type) or {})

    @property
    def nx(self) -> nx.MultiDiGraph:
        """The underlying networkx graph, for algorithms; treat it as read-only."""
        return self._graph

    # -- documents ---------------------------------------------------------
    def documents(self) -> list[str]:
        """Paths of the documents in the graph."""
        return sorted(n.path for n in self.nodes("Document"))

    def remove_document(self, document: str) -> int:
        """Remove every node that came from ``document``; returns how many went.

        Agencies and roles other documents still use are kept.
        """
        doomed = [
            node_id
            for node_id, data in self._graph.nodes(data=True)
            if data["model"].source.document == document and data["label"] not in SHARED_LABELS
        ]
        # Only shared nodes this document touched may go: an agency another plan
        # names without linking to it (a board with no recommendations) must stay.
        candidates = {
            node_id
            for node_id, data in self._graph.nodes(data=True)
            if data["label"] in SHARED_LABELS and data["model"].source.document == document
        }
        for node_id in doomed:
            candidates.update(self._graph.successors(node_id))
        self._graph.remove_nodes_from(doomed)
        removed = len(doomed)
        # Shared nodes go once nothing points at them any more; roles first, so
        # that an agency kept only by a departing role goes too.
        for label in ("LeadRole", "Agency"):
            orphans = [
                node_id
                for node_id in sorted(candidates)
                if node_id in self._graph
                and self._graph.nodes[node_id]["label"] == label
                and self._graph.in_degree(node_id) == 0
            ]
            for node_id in orphans:
                candidates.update(self._graph.successors(node_id))
            self._graph.remove_nodes_from(orphans)
            removed += len(orphans)
        return removed

    def update(self, other: ReviewGraph) -> None:
        """Add every node and edge of ``other`` to this graph."""
        for node in other.nodes():
            self.add(node)
        for edge in other.edges():
            self.link(edge.source, edge.type, edge.target, **edge.properties)

    # -- interchange -------------------------------------------------------
    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        """The graph as ``{"nodes": [...], "edges": [...]}`` (docs/model.md's JSON form).

        Examples
        --------
        >>> ReviewGraph().to_dict()
        {'nodes': [], 'edges': []}
        """
        nodes = [{"id": n.id, "label": n.label, **n.properties()} for n in self.nodes()]
        # As edges() orders them, without an Edge model for each.
        rows = sorted(self._graph.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1]))
        edges = [
            {"source": source, "target": target, "type": key, **data}
            for source, target, key, data in rows
        ]
        return {"nodes": nodes, "edges": edges}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReviewGraph:
        """Rebuild a graph from :meth:`to_dict` output.

        Raises
        ------
        GraphError
            When a node or edge is invalid.
        """
        graph = cls()
        try:
            for item in data.get("nodes", []):
                graph.add(node_from_dict(item))
            for item in data.get("edges", []):
                item = dict(item)
                source, target, type_ = item.pop("source"), item.pop("target"), item.pop("type")
                graph.link(source, type_, target, **item)
        except (KeyError, ValueError, TypeError) as error:
            raise GraphError(f"invalid graph data: {error}") from error
        return graph

    @classmethod
    def from_trusted(cls, data: dict[str, Any]) -> ReviewGraph:
        """Rebuild a graph from data the store wrote (nodes validated, edges not re-checked).

        Raises
        ------
        GraphError
            When a node is invalid.
        """
        graph = cls()
        try:
            for item in data.get("nodes", []):
                # ``document`` is the store's column, not a property of the node.
                node = node_from_dict({k: v for k, v in item.items() if k != "document"})
                graph._graph.add_node(node.id, model=node, label=node.label)
        except (KeyError, ValueError, TypeError) as error:
            raise GraphError(f"invalid graph data: {error}") from error
        for item in data.get("edges", []):
            properties = {k: v for k, v in item.items() if k not in ("source", "target", "type")}
            source, target = item["source"], item["target"]
            if source in graph._graph and target in graph._graph:
                graph._graph.add_edge(source, target, key=item["type"])
                graph._graph[source][target][item["type"]].update(properties)
        return graph

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReviewGraph):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        return f"<ReviewGraph {len(self)} nodes, {self._graph.number_of_edges()} edges>"
