"""Writing the graph for other tools: JSON, GraphML (Gephi, yEd) and CSV.

JSON is docs/model.md's ``{"nodes": [...], "edges": [...]}`` form and reads back
into an equal graph. GraphML and CSV are for looking at the graph elsewhere:
their values are flattened to scalars, so they do not read back.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic.json_schema import models_json_schema

from .cells import spreadsheet_text
from .core import ReviewGraph
from .errors import GraphError
from .files import write_atomic
from .models import NODE_TYPES, RELATIONSHIPS, Edge, Node
from .xml_text import xml_id

__all__ = [
    "to_json",
    "from_json",
    "write_json",
    "to_graphml",
    "write_graphml",
    "write_csv",
    "json_schema",
    "display_name",
]

#: How many characters of a long text a display name keeps.
DISPLAY_LENGTH = 60


def to_json(graph: ReviewGraph) -> str:
    """The graph as JSON: nodes in id order, edges by type, source and target.

    Parameters
    ----------
    graph : ReviewGraph
        The graph to write.

    Returns
    -------
    str
        ``{"nodes": [...], "edges": [...]}`` indented by 2, ending in a newline.

    Raises
    ------
    GraphError
        Never for a valid graph; listed because every writer may meet a damaged one.

    Examples
    --------
    >>> print(to_json(ReviewGraph()), end="")
    {
      "nodes": [],
      "edges": []
    }
    """
    return json.dumps(graph.to_dict(), indent=2, ensure_ascii=False) + "\n"


def from_json(text: str) -> ReviewGraph:
    """Read a graph written by :func:`to_json`.

    Parameters
    ----------
    text : str
        The JSON document.

    Returns
    -------
    ReviewGraph

    Raises
    ------
    GraphError
        When the text is not JSON, or a node or edge breaks the contract.

    Examples
    --------
    >>> from_json('{"nodes": [], "edges": []}')
    <ReviewGraph 0 nodes, 0 edges>
    """
    try:
        data = json.loads(text)
    except ValueError as error:
        raise GraphError(f"not a JSON graph: {error}") from error
    if not isinstance(data, dict):
        raise GraphError('not a JSON graph: expected {"nodes": [...], "edges": [...]}')
    return ReviewGraph.from_dict(data)


def write_json(graph: ReviewGraph, path: str | Path) -> None:
    """Write :func:`to_json` of the graph to ``path``, atomically.

    Raises
    ------
    StoreError
        When the file cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "plans.json")
    >>> write_json(ReviewGraph(), path)
    >>> from_json(open(path).read())
    <ReviewGraph 0 nodes, 0 edges>
    """
    write_atomic(Path(path), to_json(graph).encode("utf-8"))


def display_name(node: Node) -> str:
    """A short human name for a node, for tools that show one word per node.

    Examples
    --------
    >>> from reviewgraph.graph.models import Recommendation, Source
    >>> source = Source(document="plan.txt", line_start=4, line_end=4)
    >>> display_name(Recommendation(id="r", ref="1.1", text="Audit files", order=1,
    ...     source=source))
    '1.1 Audit files'
    """
    data = node.properties()
    if node.label == "Recommendation":
        text = " ".join(part for part in (data.get("ref"), data.get("text")) if part)
    else:
        key = {"Document": "path", "Review": "title", "Action": "text", "CrossReference": "raw"}
        text = str(data.get(key.get(node.label, "name")) or node.id)
    text = " ".join(text.split())
    if len(text) > DISPLAY_LENGTH:
        text = text[: DISPLAY_LENGTH - 1].rstrip() + "…"
    return text or node.id


def _scalar(value: Any) -> str | int | float | bool | None:
    """A property value as GraphML and CSV can hold it: lists and dicts as JSON."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _same(value: Any) -> Any:
    return value


def _flat_properties(node: Node, scalar=_scalar) -> dict[str, Any]:
    data = node.properties()
    source = data.pop("source")
    data.pop("id")
    flat = {name: scalar(value) for name, value in data.items()}
    flat["source_document"] = source["document"]
    flat["source_line_start"] = source["line_start"]
    flat["source_line_end"] = source["line_end"]
    return flat


def to_graphml(graph: ReviewGraph) -> str:
    """The graph as GraphML, for Gephi or yEd.

    Each node carries ``label`` (its readable name, see :func:`display_name`:
    what Gephi and yEd show), ``type`` (its node label, e.g. ``Action``), its
    colour (``color`` and ``r``/``g``/``b``) and ``size`` as the maps draw
    them, yEd graphics, and its properties, with
    ``source`` flattened to ``source_document``, ``source_line_start`` and
    ``source_line_end``; each edge carries ``type``. Lists and dicts are JSON
    strings, dates ISO strings, and missing values are left out.

    Parameters
    ----------
    graph : ReviewGraph
        The graph to write.

    Returns
    -------
    str
        A GraphML document.

    Raises
    ------
    GraphError
        Never for a valid graph; listed because every writer may meet a damaged one.

    Examples
    --------
    >>> to_graphml(ReviewGraph()).startswith("<?xml")
    True
    """
    from .gephi import clean, node_styles, with_yed_graphics
    from .style import rgb

    styles = node_styles(graph)
    flat = nx.MultiDiGraph()
    for node in graph.nodes():
        colour, size = styles[node.id]
        red, green, blue = rgb(colour)
        properties = {
            **{k: clean(v) for k, v in _flat_properties(node).items()},
            "label": clean(display_name(node)),
            "type": node.label,
            "color": colour,
            "r": red,
            "g": green,
            "b": blue,
            "size": size,
        }
        # Ids hold file names, which may hold characters XML cannot: written out instead.
        flat.add_node(xml_id(node.id), **{k: v for k, v in properties.items() if v is not None})
    for number, edge in enumerate(graph.edges(), 1):
        properties = {name: clean(_scalar(value)) for name, value in edge.properties.items()}
        properties = {k: v for k, v in properties.items() if v is not None}
        # Unique edge ids: Gephi merges edges that share one, and keys here are types.
        flat.add_edge(
            xml_id(edge.source),
            xml_id(edge.target),
            key=f"e{number}",
            **properties,
            type=edge.type,
        )
    _same_type_per_attribute(flat)
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8", prettyprint=True)
    yed = {
        xml_id(node.id): (
            styles[node.id][0],
            styles[node.id][1],
            _SHAPES.get(node.label, "dot"),
            flat.nodes[xml_id(node.id)]["label"],
        )
        for node in graph.nodes()
    }
    return with_yed_graphics(buffer.getvalue(), yed).decode("utf-8")


#: The shape each node label has on the maps (and in yEd).
_SHAPES = {
    "Agency": "dot",
    "LeadRole": "diamond",
    "Recommendation": "square",
    "Review": "star",
    "CrossReference": "triangle",
}


def write_graphml(graph: ReviewGraph, path: str | Path) -> None:
    """Write :func:`to_graphml` of the graph to ``path``, atomically.

    Parameters
    ----------
    graph : ReviewGraph
        The graph to write.
    path : str or Path
        The ``.graphml`` file to create or replace.

    Raises
    ------
    StoreError
        When the file cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "plans.graphml")
    >>> write_graphml(ReviewGraph(), path)
    >>> open(path).read().startswith("<?xml")
    True
    """
    write_atomic(Path(path), to_graphml(graph).encode("utf-8"))


def _same_type_per_attribute(flat: nx.MultiDiGraph) -> None:
    """Make every value of one attribute the same type, as a GraphML key has one type.

    An attribute that is a number on one node and text on another becomes
    text everywhere.
    """
    for items in (
        [data for _, data in flat.nodes(data=True)],
        [data for _, _, data in flat.edges(data=True)],
    ):
        types: dict[str, set[type]] = {}
        for data in items:
            for name, value in data.items():
                types.setdefault(name, set()).add(type(value))
        mixed = {name for name, found in types.items() if len(found) > 1}
        for data in items:
            for name in mixed & data.keys():
                data[name] = str(data[name])


def _node_columns(label: str) -> list[str]:
    fields = [name for name in NODE_TYPES[label].model_fields if name not in ("id", "source")]
    return ["id", *fields, "source_document", "source_line_start", "source_line_end"]


def _csv_cell(value: Any) -> str | int | float:
    """A value as every reviewgraph CSV holds it: lists of names joined by "; ",
    structures as JSON, text without controls and never a formula."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, list | tuple) and all(
        item is None or isinstance(item, str | int | float) for item in value
    ):
        return spreadsheet_text(list(value))
    if isinstance(value, dict | list | tuple):
        return spreadsheet_text(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return spreadsheet_text(value)


def _csv_text(columns: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: _csv_cell(row.get(name)) for name in columns})
    # The byte-order mark tells Excel the file is UTF-8 ("–" not "â€“").
    return "\ufeff" + buffer.getvalue()


def write_csv(graph: ReviewGraph, folder: str | Path) -> list[Path]:
    """Write one CSV file per node label and per relationship type, atomically each.

    Files are ``nodes_<Label>.csv`` (``id``, the label's properties, then
    ``source_document``, ``source_line_start``, ``source_line_end``) and
    ``edges_<TYPE>.csv`` (``source``, ``target``, ``type``, then any edge
    properties). Every label and type gets a file, with a header row even when
    empty, so scripts can rely on them. Rows are in id order. Cells are as in
    every CSV reviewgraph writes: UTF-8 with a byte-order mark, lists of names
    joined by ``"; "``, nested values as JSON, control characters removed and
    formula-like text neutralised (see :mod:`reviewgraph.graph.cells`).

    Parameters
    ----------
    graph : ReviewGraph
        The graph to write.
    folder : str or Path
        The folder to write into; created when missing.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    StoreError
        When a file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> files = write_csv(ReviewGraph(), tempfile.mkdtemp())
    >>> sorted(path.name for path in files)[:2]
    ['edges_CITES.csv', 'edges_DESCRIBES.csv']
    >>> files[0].read_text(encoding="utf-8-sig").split(",")[:4]
    ['id', 'handle', 'path', 'sha256']
    """
    folder = Path(folder)
    written: list[Path] = []
    for label in NODE_TYPES:
        rows = [{"id": node.id, **_flat_properties(node, _same)} for node in graph.nodes(label)]
        path = folder / f"nodes_{label}.csv"
        write_atomic(path, _csv_text(_node_columns(label), rows).encode("utf-8"))
        written.append(path)
    for type_ in RELATIONSHIPS:
        edges = list(graph.edges(type_))
        extra = sorted({name for edge in edges for name in edge.properties})
        rows = [
            {
                "source": edge.source,
                "target": edge.target,
                "type": edge.type,
                **dict(edge.properties),
            }
            for edge in edges
        ]
        path = folder / f"edges_{type_}.csv"
        write_atomic(path, _csv_text(["source", "target", "type", *extra], rows).encode("utf-8"))
        written.append(path)
    return written


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the exported graph, with one ``$defs`` entry per node label.

    A node is its model's properties plus ``label``; an edge is ``source``,
    ``target``, ``type`` and any edge properties beside them, as
    :func:`to_json` writes them.

    Returns
    -------
    dict
        A JSON Schema (draft 2020-12) document.

    Raises
    ------
    GraphError
        Never; listed for symmetry with the other writers.

    Examples
    --------
    >>> schema = json_schema()
    >>> sorted(schema["$defs"])[:3]
    ['Action', 'Agency', 'CrossReference']
    """
    models: list[type[Node] | type[Edge]] = [*NODE_TYPES.values(), Edge]
    _, schema = models_json_schema(
        [(model, "validation") for model in models], ref_template="#/$defs/{model}"
    )
    definitions = schema["$defs"]
    for label in NODE_TYPES:
        definition = definitions[label]
        definition["properties"] = {
            "label": {"const": label, "title": "Label"},
            **definition["properties"],
        }
        definition["required"] = ["label", *definition.get("required", [])]
    edge = definitions["Edge"]
    edge["properties"].pop("properties", None)
    edge["additionalProperties"] = True
    edge["description"] = (
        "A typed relationship between two node ids; its properties, if any, stand beside "
        "source, target and type."
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "reviewgraph graph",
        "description": "The JSON export of a reviewgraph graph: nodes and typed edges.",
        "type": "object",
        "properties": {
            "nodes": {
                "type": "array",
                "items": {"oneOf": [{"$ref": f"#/$defs/{label}"} for label in NODE_TYPES]},
            },
            "edges": {"type": "array", "items": {"$ref": "#/$defs/Edge"}},
        },
        "required": ["nodes", "edges"],
        "additionalProperties": False,
        "$defs": definitions,
    }
