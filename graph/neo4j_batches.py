"""What a push writes for a group of plans: statements with their rows, in the order to send.

:func:`group_writes` turns the rows of a group of plans
(:class:`~reviewgraph.graph.neo4j_model.DocumentRows`) into :class:`Write` s:
the group's nodes label by label (a parent's label before its children's),
the relationships between them, and last the plans' hashes. A relationship
with an end outside the group waits for :func:`deferred_writes`, and so does
its plan's hash. The writes are made in the thread that reads the plans, so
that the thread talking to the server only sends them (see
:func:`~reviewgraph.graph.neo4j_sync.push`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .core import SHARED_LABELS
from .models import NODE_TYPES, RELATIONSHIPS
from .neo4j_cypher import STAMP, child_statement, edge_statement, node_statement
from .neo4j_model import (
    DOCUMENT_IDS,
    PUSH_FORMAT_VERSION,
    DocumentRows,
    EdgeRow,
    NodeRow,
    node_property_types,
    sync_key,
)
from .store_view import DocumentRecord

__all__ = ["Write", "PushState", "group_writes", "deferred_writes", "load_order"]


@dataclass
class Write:
    """One statement and its rows, and how the rows count once written.

    ``kind`` is ``nodes`` (a plan's own nodes), ``children`` (own nodes, each
    with the relationship from its parent), ``shared nodes``,
    ``relationships``, ``shared relationships`` or ``stamps`` (plans'
    hashes). Shared nodes and relationships are merged by every group whose
    plans use them; ``new`` is how many of them no earlier group merged.
    ``checked`` names the relationship type whose rows must all find their ends.
    """

    statement: str
    rows: list[dict[str, Any]]
    what: str
    kind: str
    new: int = 0
    checked: str | None = None


@dataclass
class PushState:
    """What the writes of a push's earlier groups hold, for the groups after them."""

    labels: dict[str, str] = field(default_factory=dict)
    deferred: list[tuple[str, EdgeRow]] = field(default_factory=list)
    shared_nodes: set[str] = field(default_factory=set)
    shared_edges: set[tuple[str, str, str]] = field(default_factory=set)


#: Labels in the order a group writes them: a parent is written before its children.
_WRITE_ORDER = {label: number for number, label in enumerate(NODE_TYPES)}


def group_writes(
    state: PushState,
    documents: list[DocumentRows],
    refresh: list[NodeRow],
    records: list[DocumentRecord],
) -> list[Write]:
    """The writes of one group of plans, in order: nodes, relationships, then hashes.

    ``refresh`` are shared nodes already on the server whose properties are
    written again (see :func:`~reviewgraph.graph.neo4j_sync.push`);
    ``records`` are the store's records of the plans, for their hashes.

    Raises
    ------
    GraphError
        When a label or relationship type is not one of DOMAIN.md's.

    Examples
    --------
    >>> from reviewgraph.graph.neo4j_model import document_rows
    >>> rows = document_rows("document:p", {"nodes": [
    ...     {"id": "document:p", "label": "Document", "path": "p.txt", "sha256": "0" * 64,
    ...      "layout": "tab"},
    ...     {"id": "review:p", "label": "Review", "title": "Child P"}],
    ...     "edges": [{"source": "document:p", "target": "review:p", "type": "DESCRIBES"}]})
    >>> record = DocumentRecord("document:p", "p.txt", "0" * 64, "tab")
    >>> [(w.kind, w.what, len(w.rows)) for w in group_writes(PushState(), [rows], [], [record])]
    [('nodes', 'Document', 1), ('children', 'Review', 1), ('stamps', 'finishing plans', 1)]
    """
    if not documents and not refresh:
        return []
    in_group: set[str] = set()
    for document in documents:
        for node in document.nodes:
            state.labels[node.id] = node.label
            in_group.add(node.id)
    parents = _parents(documents, in_group, state.labels)
    own: dict[str, list[dict[str, Any]]] = defaultdict(list)
    children: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    shared: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for document in documents:
        for node in document.nodes:
            if node.shared:
                _merge_shared(shared[node.label], node, document.document_id)
                continue
            properties = node.properties
            if node.label == "Document":
                # The hash marks the plan as complete: it is written last.
                properties = {k: v for k, v in properties.items() if k != "sha256"}
            parent = parents.get(node.id)
            if parent is None:
                own[node.label].append({"id": node.id, "properties": properties})
            else:
                type_, source = parent
                children[node.label][(type_, state.labels[source])].append(
                    {"parent": source, "properties": properties}
                )
    for node in refresh:
        shared[node.label].setdefault(
            node.id, {"id": node.id, "properties": _nulls_for_absent(node), "documents": []}
        )
    writes = []
    for label in NODE_TYPES:
        if own.get(label):
            writes.append(Write(node_statement(label, False), own[label], label, "nodes"))
        for (type_, parent_label), rows in sorted(children.get(label, {}).items()):
            statement = child_statement(label, type_, parent_label)
            writes.append(Write(statement, rows, label, "children", checked=type_))
        if shared.get(label):
            rows = list(shared[label].values())
            merged = {row["id"] for row in rows}
            writes.append(
                Write(
                    node_statement(label, True),
                    rows,
                    label,
                    "shared nodes",
                    new=len(merged - state.shared_nodes),
                )
            )
            state.shared_nodes |= merged
    waiting: set[str] = set()
    edges = []
    for document in documents:
        for edge in document.edges:
            if (edge.type, edge.source) == parents.get(edge.target):
                continue
            if edge.source in in_group and edge.target in in_group:
                edges.append((document.document_id, edge))
            else:
                state.deferred.append((document.document_id, edge))
                waiting.add(document.document_id)
    writes += _edge_writes(state, edges)
    done = {document.document_id for document in documents} - waiting
    writes += _stamps([record for record in records if record.id in done])
    return writes


def deferred_writes(state: PushState, records: list[DocumentRecord]) -> list[Write]:
    """The relationships that waited for every group, then their plans' hashes."""
    if not state.deferred:
        return []
    waiting = {document_id for document_id, _ in state.deferred}
    writes = _edge_writes(state, state.deferred)
    return writes + _stamps([record for record in records if record.id in waiting])


def load_order(record: DocumentRecord) -> int | None:
    """The plan's place in the store's load order (queries list plans in it).

    Examples
    --------
    >>> load_order(DocumentRecord("document:p", "p.txt", "0" * 64, "tab", number=3))
    3
    """
    return getattr(record, "number", None)


def _stamps(records: list[DocumentRecord]) -> list[Write]:
    """Give finished plans their hash: from then on the server holds them whole."""
    if not records:
        return []
    rows = [
        {
            "id": record.id,
            "sha256": record.sha256,
            "loaded_at": sync_key(record)[1],
            "load_order": load_order(record),
            "push_format": PUSH_FORMAT_VERSION,
        }
        for record in records
    ]
    return [Write(STAMP, rows, "finishing plans", "stamps")]


def _parents(
    documents: list[DocumentRows], in_group: set[str], labels: dict[str, str]
) -> dict[str, tuple[str, str]]:
    """For each own node that can be created with a relationship to it: (type, parent id).

    The relationship is the node's first incoming one of its plan that has no
    properties and comes from a node of the group written earlier (a plan's
    ``Document`` before its ``Review``, a recommendation before its actions).
    """
    parents: dict[str, tuple[str, str]] = {}
    for document in documents:
        for edge in document.edges:
            if edge.shared or edge.properties or edge.target in parents:
                continue
            if edge.source not in in_group or edge.target not in in_group:
                continue
            source, target = labels[edge.source], labels[edge.target]
            if target == "Document" or target in SHARED_LABELS:
                continue
            if _WRITE_ORDER[source] < _WRITE_ORDER[target]:
                parents[edge.target] = (edge.type, edge.source)
    return parents


def _edge_writes(state: PushState, edges: list[tuple[str, EdgeRow]]) -> list[Write]:
    """Relationships grouped by type and end labels, one write per group."""
    groups: dict[tuple[str, str, str, bool], dict[tuple[str, str], dict]] = defaultdict(dict)
    for document_id, edge in edges:
        source = edge.source_label or state.labels.get(edge.source) or _allowed(edge, 0)
        target = edge.target_label or state.labels.get(edge.target) or _allowed(edge, 1)
        _merge_edge(groups[(edge.type, source, target, edge.shared)], edge, document_id)
    writes = []
    for (type_, source, target, shared_edge), rows_by_ends in sorted(groups.items()):
        rows = list(rows_by_ends.values())
        statement = edge_statement(
            type_, source, target, shared_edge, any(row["properties"] for row in rows)
        )
        if shared_edge:
            merged = {(type_, row["source"], row["target"]) for row in rows}
            new = len(merged - state.shared_edges)
            state.shared_edges |= merged
            writes.append(Write(statement, rows, type_, "shared relationships", new, type_))
        else:
            writes.append(Write(statement, rows, type_, "relationships", checked=type_))
    return writes


def _allowed(edge: EdgeRow, end: int) -> str:
    """The labels a relationship type allows at one end, as a label expression ``A|B``."""
    return "|".join(sorted(RELATIONSHIPS[edge.type][end]))


def _nulls_for_absent(node: NodeRow) -> dict[str, Any]:
    """Shared nodes are updated with ``+=``: a property gone from the store is sent as null."""
    properties = {name: None for name in node_property_types(node.label)}
    properties.update(node.properties)
    properties.pop(DOCUMENT_IDS, None)
    return properties


def _merge_shared(rows: dict[str, dict[str, Any]], node: NodeRow, document_id: str) -> None:
    row = rows.get(node.id)
    if row is None:
        rows[node.id] = {"id": node.id, "properties": _nulls_for_absent(node), "documents": []}
        row = rows[node.id]
    if document_id not in row["documents"]:
        row["documents"].append(document_id)


def _merge_edge(rows: dict[tuple[str, str], dict], edge: EdgeRow, document_id: str) -> None:
    key = (edge.source, edge.target)
    row = rows.get(key)
    if row is None:
        properties = edge.properties
        if DOCUMENT_IDS in properties:
            properties = {k: v for k, v in properties.items() if k != DOCUMENT_IDS}
        row = {"source": edge.source, "target": edge.target, "properties": properties}
        if edge.shared:
            row["documents"] = []
        rows[key] = row
    if edge.shared and document_id not in row["documents"]:
        row["documents"].append(document_id)
