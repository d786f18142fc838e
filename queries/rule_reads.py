"""What the integrity rules read: nodes of one label meeting a condition, the ids
of a label, the pairs of a relationship type (each as a
:class:`~reviewgraph.queries.backend.Fetch`, SQL and Cypher side by side), and how
a finding names an item.
"""

from __future__ import annotations

from typing import Any

from .backend import Backend, Fetch

__all__ = [
    "NODES_WHERE",
    "IDS_OF",
    "EDGES_OF",
    "NodeCache",
    "ids_of",
    "nodes_where",
    "pairs_of",
    "item_name",
    "first_line",
    "slim_row",
]


def _where_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    """Nodes of one label whose properties meet ``p['sql']``, with only ``p['fields']``
    read (SQLite reads them out of the JSON; Python decodes nothing it will not use)."""
    fields = ", ".join(f"json_extract(props, '$.{f}') AS \"{f}\"" for f in p["fields"])
    rows = store.rows(
        "SELECT id, label, handle, document, json_extract(props, '$.source.document') AS sd, "
        "json_extract(props, '$.source.line_start') AS ls, "
        "json_extract(props, '$.source.line_end') AS le"
        + (f", {fields}" if fields else "")
        + f" FROM nodes n WHERE label = :label AND ({p['sql']})",
        {"label": p["label"]},
    )
    return [slim_row(dict(row), p["fields"]) for row in rows]


def _where_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    from reviewgraph.graph.models import NODE_TYPES
    from reviewgraph.graph.neo4j_cypher import quoted

    fields = "".join(f", n.{f} AS {f}" for f in p["fields"])
    records = server.read(
        f"MATCH (n:{quoted(p['label'], NODE_TYPES)}) WHERE {p['cypher']} "
        "RETURN n.id AS id, $label AS label, n.handle AS handle, n.document_id AS document, "
        "n.source_document AS sd, n.source_line_start AS ls, "
        f"n.source_line_end AS le{fields}",
        {"label": p["label"]},
    )
    # The server leaves out empty lists and maps; the store holds the model's [] and {}.
    model = NODE_TYPES[p["label"]].model_fields
    empty = {
        f: model[f].get_default(call_default_factory=True)
        for f in p["fields"]
        if f in model and isinstance(model[f].get_default(call_default_factory=True), list | dict)
    }
    for record in records:
        for field, default in empty.items():
            if record.get(field) is None:
                record[field] = default
    return [slim_row(dict(r), p["fields"]) for r in records]


#: The JSON-valued properties, which SQLite hands back as JSON text.
_JSON_FIELDS = frozenset({"dittos", "unplaced", "aliases"})


def slim_row(row: dict[str, Any], fields) -> dict[str, Any]:
    """A row of :data:`NODES_WHERE` in the shape of a node dict (with ``source``)."""
    node = {
        "id": row["id"],
        "label": row["label"],
        "handle": row["handle"],
        "document": row["document"],
        "source": {"document": row["sd"], "line_start": row["ls"], "line_end": row["le"]},
    }
    for field in fields:
        value = row.get(field)
        if field in _JSON_FIELDS and isinstance(value, str):
            import json

            value = json.loads(value)
        node[field] = value.isoformat() if hasattr(value, "isoformat") else value
    return node


#: Nodes of one label meeting a condition given in both languages (no user text in
#: either), with only the named properties.
NODES_WHERE = Fetch("nodes-where", embedded=_where_embedded, cypher=_where_cypher)


def _ids_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"id": row[0]} for row in store.rows("SELECT id FROM nodes WHERE label = ?", (p["label"],))
    ]


def _ids_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    from reviewgraph.graph.models import NODE_TYPES
    from reviewgraph.graph.neo4j_cypher import quoted

    return server.read(f"MATCH (n:{quoted(p['label'], NODE_TYPES)}) RETURN n.id AS id")


#: The ids of every node of one label (a label from the fixed vocabulary, never user text).
IDS_OF = Fetch("ids-of", embedded=_ids_embedded, cypher=_ids_cypher)


def ids_of(backend: Backend, label: str) -> list[str]:
    return [row["id"] for row in backend.fetch(IDS_OF, label=label)]


def nodes_where(
    backend: Backend, label: str, sql: str, cypher: str, fields: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    return backend.fetch(NODES_WHERE, label=label, sql=sql, cypher=cypher, fields=fields)


def _edges_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = store.rows("SELECT DISTINCT source, target FROM edges WHERE type = ?", (p["type"],))
    return [dict(row) for row in rows]


def _edges_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    from reviewgraph.graph.models import RELATIONSHIPS
    from reviewgraph.graph.neo4j_cypher import quoted

    return server.read(
        f"MATCH (a)-[:{quoted(p['type'], RELATIONSHIPS)}]->(b) "
        "RETURN DISTINCT a.id AS source, b.id AS target"
    )


#: Every (source, target) pair of one relationship type.
EDGES_OF = Fetch("edges-of", embedded=_edges_embedded, cypher=_edges_cypher)


def pairs_of(backend: Backend, kind: str) -> list[tuple[str, str]]:
    # Sorted plainly (not naturally): only for a stable walk, and it is many pairs.
    return sorted((e["source"], e["target"]) for e in backend.fetch(EDGES_OF, type=kind))


def item_name(node: dict[str, Any] | None, fallback: str = "") -> str:
    """How a board names an item: by the recommendation it delivers, not our numbering."""
    if node is None:
        return fallback
    handle = node.get("handle") or ""
    number = handle.split(":", 1)[1] if ":" in handle else ""
    if node["label"] == "Recommendation":
        return f"recommendation {number}" if number else f"recommendation #{node.get('order')}"
    if node["label"] == "Action" and "/" in number:
        recommendation, position = number.rsplit("/", 1)
        return f"action {position} of recommendation {recommendation}"
    return f"{node['label'].lower()} {handle or node['id']}"


def first_line(node: dict[str, Any] | None) -> int | None:
    return (node or {}).get("source", {}).get("line_start")


class NodeCache:
    """Nodes fetched by id as the rules name them."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.known: dict[str, dict[str, Any]] = {}

    def load(self, ids) -> None:
        missing = [i for i in ids if i not in self.known]
        for node in self.backend.node_dicts(missing):
            self.known[node["id"]] = node

    def get(self, node_id: str) -> dict[str, Any] | None:
        self.load([node_id])
        return self.known.get(node_id)
