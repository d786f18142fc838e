"""The graph as Neo4j holds it: flat properties, and which document owns each node.

Neo4j stores scalars and lists of one scalar type, nothing nested. Every
writer that sends the graph to Neo4j (``reviewgraph push`` and
``export --format neo4j-admin``) flattens a node the same way, with
:func:`flatten_node`:

- ``source`` becomes ``source_document``, ``source_line_start``,
  ``source_line_end`` (and ``source_<key>`` for any other key of the place,
  such as ``source_page`` or ``source_locator``);
- dates (``Review.as_of``, ``Action.due_start``, ``Action.due_end``) become
  Cypher ``date`` values;
- lists of strings (``Agency.aliases``) stay lists;
- anything nested — maps such as ``Action.dittos``, lists of objects such as
  ``Document.unplaced`` — becomes JSON text under the same name (keys sorted,
  UTF-8 kept);
- ``None``, empty lists and empty maps are left out, as Neo4j has no null
  property: an absent property reads as null, and
  :func:`unflatten_node` gives the model's default back (``[]``, ``{}``).

:func:`unflatten_node` turns the flat properties back into the export form,
so a node read from the server rebuilds the same pydantic model.

Two bookkeeping properties say which document a node belongs to, so that a
plan can be replaced or removed on the server without touching the others:
``document_id`` on every node a document owns (the id of its ``Document``
node, on the ``Document`` too) and ``document_ids`` (a list) on the shared
``Agency`` and ``LeadRole`` nodes and on relationships between shared nodes
(``MEMBER_OF``): the documents that use them. A shared node or relationship
goes when its list empties. A ``Document`` also holds ``loaded_at``,
``load_order`` (its place in the store's load order, which queries list plans
in) and ``push_format`` (:data:`PUSH_FORMAT_VERSION`), and every node the
store's full-text index holds carries its indexed terms (``search_length``,
``search_terms``, ``search_postings``; see
:mod:`~reviewgraph.graph.search_terms`), so the server ranks search hits as
the store does.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel

from .core import SHARED_LABELS
from .errors import GraphError
from .models import NODE_TYPES, RELATIONSHIPS, Source
from .search_terms import SEARCH_PROPERTIES, search_properties

__all__ = [
    "DOCUMENT_ID",
    "DOCUMENT_IDS",
    "LOADED_AT",
    "LOAD_ORDER",
    "PUSH_FORMAT",
    "PUSH_FORMAT_VERSION",
    "BOOKKEEPING",
    "PROPERTY_TYPES",
    "sync_key",
    "DocumentRows",
    "NodeRow",
    "EdgeRow",
    "node_property_types",
    "value_type",
    "flatten_value",
    "flatten_node",
    "flatten_edge",
    "unflatten_node",
    "document_rows",
    "shared_type",
]

#: The property naming the document that owns a node.
DOCUMENT_ID = "document_id"
#: The property listing the documents that use a shared node or relationship.
DOCUMENT_IDS = "document_ids"
#: The property of a ``Document`` node holding when its plan was loaded into the store.
LOADED_AT = "loaded_at"
#: The property of a ``Document`` node holding its plan's place in the store's load order.
LOAD_ORDER = "load_order"
#: The property of a ``Document`` node saying in which shape a push wrote its plan.
PUSH_FORMAT = "push_format"
#: The shape this version writes: a plan written in another (``search_terms`` as a
#: list before 2) is written again by the next push.
PUSH_FORMAT_VERSION = 2
#: Properties a push adds for its own bookkeeping and for search; not part of the node's model.
BOOKKEEPING = frozenset(
    {DOCUMENT_ID, DOCUMENT_IDS, LOADED_AT, LOAD_ORDER, PUSH_FORMAT, *SEARCH_PROPERTIES}
)

#: Property types as ``neo4j-admin database import`` names them; ``json`` is
#: text holding JSON.
PROPERTY_TYPES = ("string", "int", "float", "boolean", "date", "string[]", "json")


def _strip(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """The annotation without ``Annotated`` and ``| None``: (origin or type, args)."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return _strip(options[0])
        return typing.Union, tuple(options)
    return (origin or annotation), typing.get_args(annotation)


def _annotation_type(annotation: Any) -> str:
    kind, args = _strip(annotation)
    if kind is typing.Literal:
        return "string" if all(isinstance(a, str) for a in args) else "json"
    if kind in (list, tuple, set, frozenset):
        inner, _ = _strip(args[0]) if args else (Any, ())
        return "string[]" if inner is str else "json"
    if not isinstance(kind, type):
        return "json"
    if issubclass(kind, bool):
        return "boolean"
    if issubclass(kind, Enum):
        return "string"
    for python, name in ((int, "int"), (float, "float"), (str, "string")):
        if issubclass(kind, python):
            return name
    if issubclass(kind, dt.date) and not issubclass(kind, dt.datetime):
        return "date"
    return "json"


@cache
def node_property_types(label: str) -> dict[str, str]:
    """The flat properties of a label and their types, in column order.

    ``id`` comes first, then the model's fields, then ``source_*``.

    Raises
    ------
    GraphError
        When the label is not one of DOMAIN.md's.

    Examples
    --------
    >>> types = node_property_types("Agency")
    >>> [types[k] for k in ("id", "name", "aliases", "source_line_start", "source_page")]
    ['string', 'string', 'string[]', 'int', 'int']
    >>> node_property_types("Action")["due_start"], node_property_types("Action")["dittos"]
    ('date', 'json')
    """
    if label not in NODE_TYPES:
        raise GraphError(f"unknown node label {label!r}")
    fields = NODE_TYPES[label].model_fields
    found = {"id": "string"}
    for name, info in fields.items():
        if name not in ("id", "source"):
            found[name] = _annotation_type(info.annotation)
    for name, info in Source.model_fields.items():
        found[f"source_{name}"] = _annotation_type(info.annotation)
    return found


def value_type(value: Any) -> str | None:
    """The property type a value of no declared type is stored as (None for null).

    Examples
    --------
    >>> value_type("named"), value_type(3), value_type(["a"]), value_type({"a": 1})
    ('string', 'int', 'string[]', 'json')
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str | Enum):
        return "string"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return "date"
    if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
        return "string[]"
    return "json"


def _json_ready(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_ready(v) for v in value]
    return value


def flatten_value(value: Any, kind: str | None) -> Any:
    """One value as a Neo4j property of type ``kind`` (None: leave the property out).

    Raises
    ------
    GraphError
        When a value cannot have that type (a date that is not ISO text).

    Examples
    --------
    >>> flatten_value("2012-03-01", "date")
    datetime.date(2012, 3, 1)
    >>> flatten_value({"owner": "as above"}, "json"), flatten_value([], "string[]")
    ('{"owner": "as above"}', None)
    """
    kind = kind or value_type(value)
    if value is None or kind is None:
        return None
    if isinstance(value, list | tuple | set | frozenset | Mapping) and not value:
        return None
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError as error:
            raise GraphError(f"not an ISO date: {value!r}") from error
    if kind == "string[]":
        return [str(item) for item in value]
    if kind == "json":
        return json.dumps(_json_ready(value), ensure_ascii=False, sort_keys=True)
    if kind == "string" and isinstance(value, Enum):
        return value.value
    return value


#: Value types a property of the paired type holds unchanged (see :func:`flatten_value`).
_KEPT = {str: "string", int: "int", float: "float", bool: "boolean"}


def flatten_node(node: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """A node in export form (``{"id", "label", **properties}``) as a label and flat properties.

    Raises
    ------
    GraphError
        When the label is unknown or a value does not fit its type.

    Examples
    --------
    >>> label, flat = flatten_node({"id": "agency:police", "label": "Agency", "name": "Police",
    ...     "aliases": ["MPS"], "source": {"document": "plan.txt", "line_start": 3, "line_end": 3}})
    >>> label, flat
    ('Agency', {'id': 'agency:police', 'name': 'Police', 'aliases': ['MPS'], \
'source_document': 'plan.txt', 'source_line_start': 3, 'source_line_end': 3})
    """
    data = dict(node)
    label = data.pop("label", None)
    # The store's column naming the owning plan: written as ``document_id`` by the callers.
    data.pop("document", None)
    declared = node_property_types(label)
    source = data.pop("source", None) or {}
    if isinstance(source, BaseModel):
        source = source.model_dump(mode="json")
    data.update({f"source_{key}": value for key, value in source.items()})
    flat: dict[str, Any] = {}
    names = [name for name in declared if name in data]
    if len(names) < len(data):
        names += sorted(name for name in data if name not in declared)
    for name in names:
        value = data[name]
        if value is None:
            continue
        kind = declared.get(name)
        # Most values are text or numbers kept as they are; a push flattens
        # millions, so those skip flatten_value.
        if type(value) in _KEPT and (kind is None or kind == _KEPT[type(value)]):
            flat[name] = value
            continue
        value = flatten_value(value, kind)
        if value is not None:
            flat[name] = value
    return label, flat


def flatten_edge(edge: Mapping[str, Any]) -> tuple[str, str, str, dict[str, Any]]:
    """An edge in export form as (source, type, target, flat properties).

    Raises
    ------
    GraphError
        When the relationship type is not one of DOMAIN.md's.

    Examples
    --------
    >>> flatten_edge({"source": "a", "target": "b", "type": "RESOLVES_TO", "reason": "two 3.1"})
    ('a', 'RESOLVES_TO', 'b', {'reason': 'two 3.1'})
    """
    data = dict(edge)
    source, target, type_ = data.pop("source"), data.pop("target"), data.pop("type")
    if type_ not in RELATIONSHIPS:
        raise GraphError(f"unknown relationship type {type_!r}")
    flat = {}
    for name in sorted(data):
        value = data[name]
        if type(value) in _KEPT:
            flat[name] = value
            continue
        value = flatten_value(value, None)
        if value is not None:
            flat[name] = value
    return source, type_, target, flat


def unflatten_node(label: str, properties: Mapping[str, Any]) -> dict[str, Any]:
    """Flat properties read from Neo4j back in export form, for ``node_from_dict``.

    Bookkeeping (``document_id``, ``document_ids``, ``loaded_at``, ``load_order``, the
    ``search_*`` terms) is dropped; JSON text
    is parsed; dates become ISO text; absent properties are left for the
    model's defaults.

    Raises
    ------
    GraphError
        When the label is unknown.

    Examples
    --------
    >>> unflatten_node("Action", {"id": "a", "text": "Audit", "dittos": '{"owner": "x"}',
    ...     "source_document": "p.txt", "source_line_start": 2, "source_line_end": 2,
    ...     "document_id": "document:p"})
    {'id': 'a', 'label': 'Action', 'text': 'Audit', 'dittos': {'owner': 'x'}, \
'source': {'document': 'p.txt', 'line_start': 2, 'line_end': 2}}
    """
    declared = node_property_types(label)
    node: dict[str, Any] = {"id": properties.get("id"), "label": label}
    source: dict[str, Any] = {}
    for name, value in properties.items():
        if name == "id" or name in BOOKKEEPING or value is None:
            continue
        kind = declared.get(name)
        if hasattr(value, "to_native"):
            value = value.to_native()
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif kind == "json" and isinstance(value, str):
            value = json.loads(value)
        if name.startswith("source_"):
            source[name.removeprefix("source_")] = value
        else:
            node[name] = value
    if source:
        node["source"] = source
    return node


def sync_key(record: Any) -> tuple[str, str | None]:
    """What a ``Document`` node on the server must hold for its plan to count as pushed.

    The content hash, and when the plan was loaded (as text): a plan loaded
    again with ``--force`` (say with a new alias file) has the same hash but
    may have another graph.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> sync_key(SimpleNamespace(sha256="ab", loaded_at=dt.datetime(2024, 5, 1, 9, 30)))
    ('ab', '2024-05-01T09:30:00')
    """
    loaded = getattr(record, "loaded_at", None)
    return record.sha256, (loaded.isoformat() if hasattr(loaded, "isoformat") else loaded)


def shared_type(type_: str) -> bool:
    """Whether a relationship type links shared nodes only (its ends are used by many plans).

    Examples
    --------
    >>> shared_type("MEMBER_OF"), shared_type("OWNED_BY")
    (True, False)
    """
    sources, targets = RELATIONSHIPS[type_]
    return sources <= SHARED_LABELS and targets <= SHARED_LABELS


@dataclass
class NodeRow:
    """One node to write: its label, id and flat properties (with bookkeeping)."""

    label: str
    id: str
    properties: dict[str, Any]
    shared: bool = False


@dataclass
class EdgeRow:
    """One relationship to write; ``shared`` ones carry ``document_ids``."""

    type: str
    source: str
    target: str
    properties: dict[str, Any]
    source_label: str | None = None
    target_label: str | None = None
    shared: bool = False


@dataclass
class DocumentRows:
    """What one document sends to Neo4j: its nodes, the shared nodes it uses, its edges."""

    document_id: str
    sha256: str
    nodes: list[NodeRow] = field(default_factory=list)
    edges: list[EdgeRow] = field(default_factory=list)


def document_rows(
    document_id: str, graph: Mapping[str, Iterable[Mapping[str, Any]]]
) -> DocumentRows:
    """The rows of one document's graph (``store.document_graph``), ready to write.

    Own nodes get ``document_id``; shared nodes and edges between shared
    nodes get ``document_ids = [document_id]`` (the writer merges lists).
    Nodes the store's full-text index holds get their indexed terms
    (:func:`~reviewgraph.graph.search_terms.search_properties`).
    Edge ends carry their labels where the document's graph knows them.

    Raises
    ------
    GraphError
        When the graph has no ``Document`` node with this id, or a label or
        type is unknown.

    Examples
    --------
    >>> rows = document_rows("document:p", {"nodes": [
    ...     {"id": "document:p", "label": "Document", "path": "p.txt", "sha256": "0" * 64,
    ...      "layout": "tab", "source": {"document": "p.txt", "line_start": 1, "line_end": 9}}],
    ...     "edges": []})
    >>> rows.nodes[0].properties["document_id"], rows.sha256 == "0" * 64
    ('document:p', True)
    """
    found = DocumentRows(document_id=document_id, sha256="")
    labels: dict[str, str] = {}
    searched = search_properties(graph["nodes"])
    for node in graph["nodes"]:
        label, flat = flatten_node(node)
        flat.update(searched.get(flat["id"], {}))
        labels[flat["id"]] = label
        shared = label in SHARED_LABELS
        if shared:
            flat[DOCUMENT_IDS] = [document_id]
        else:
            flat[DOCUMENT_ID] = document_id
        if label == "Document" and flat["id"] == document_id:
            found.sha256 = flat.get("sha256", "")
        found.nodes.append(NodeRow(label, flat["id"], flat, shared))
    if document_id not in labels or labels[document_id] != "Document":
        raise GraphError(f"the graph of {document_id!r} has no Document node with that id")
    for edge in graph["edges"]:
        source, type_, target, flat = flatten_edge(edge)
        shared = shared_type(type_)
        if shared:
            flat[DOCUMENT_IDS] = [document_id]
        found.edges.append(
            EdgeRow(type_, source, target, flat, labels.get(source), labels.get(target), shared)
        )
    return found
