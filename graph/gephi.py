"""GraphML and GEXF that Gephi and yEd open with readable names, colours and sizes.

Each node's ``label`` is its readable name and ``type`` its node label;
colours and sizes travel as GEXF ``viz`` attributes, as yEd ``ShapeNode``
graphics in GraphML, and as plain ``color``/``r``/``g``/``b``/``size``
attributes that Gephi's GraphML importer reads. Every string loses the
characters XML 1.0 forbids (:func:`~reviewgraph.graph.xml_text.xml_text`), so
a control character in a plan never makes an invalid file.

Two kinds of input: the whole graph (:func:`to_gexf`, and
:func:`~reviewgraph.graph.export.to_graphml`) and one workshop map's view
graph (:func:`view_to_gexf`, :func:`view_to_graphml`), which carries the
map's own colours, sizes and positions.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import networkx as nx

from .core import ReviewGraph
from .files import write_atomic
from .style import KIND_COLOURS, STATUS_COLOURS, agency_colours, rgb
from .xml_text import xml_id, xml_text

__all__ = [
    "node_styles",
    "clean",
    "with_yed_graphics",
    "to_gexf",
    "write_gexf",
    "view_to_gexf",
    "write_view_gexf",
    "view_to_graphml",
    "write_view_graphml",
]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
YED_NS = "http://www.yworks.com/xml/graphml"
_YED_SHAPES = {
    "dot": "ellipse",
    "diamond": "diamond",
    "square": "rectangle",
    "triangle": "triangle",
    "star": "star6",
}


def clean(value: Any) -> Any:
    """A value safe for XML 1.0: strings lose forbidden characters, other values pass.

    Examples
    --------
    >>> clean("Letter\\x0c to GPs"), clean(3)
    ('Letter to GPs', 3)

    Raises
    ------
    TypeError
        Never; listed for symmetry with the writers.
    """
    return xml_text(value) if isinstance(value, str) else value


def node_styles(graph: ReviewGraph) -> dict[str, tuple[str, float]]:
    """Colour and size of every node of the whole graph, as the maps draw them.

    Agencies take their palette colour, actions their status colour, other
    nodes their kind's; agencies, roles, recommendations and reviews grow
    with the number of actions under them.

    Examples
    --------
    >>> node_styles(ReviewGraph())
    {}

    Raises
    ------
    GraphError
        Never for a valid graph.
    """
    actions: Counter[str] = Counter()
    for edge in graph.edges("OWNED_BY"):
        actions[edge.target] += 1
        for agency in graph.targets(edge.target, "MEMBER_OF"):
            actions[agency.id] += 1
    for edge in graph.edges("HAS_ACTION"):
        actions[edge.source] += 1
        for review in graph.sources(edge.source, "HAS_RECOMMENDATION"):
            actions[review.id] += 1
    palette = agency_colours(node.id for node in graph.nodes("Agency"))
    styles = {}
    for node in graph.nodes():
        if node.label == "Agency":
            colour = palette[node.id]
        elif node.label == "Action":
            colour = STATUS_COLOURS[node.status.value]
        else:
            colour = KIND_COLOURS.get(node.label, "#cfd8dc")
        styles[node.id] = (colour, round(10 + 4 * actions[node.id] ** 0.5 * 2, 1))
    return styles


def _viz(colour: str, size: float, position: tuple[float, float] | None = None) -> dict:
    red, green, blue = rgb(colour)
    viz: dict[str, Any] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}, "size": size}
    if position is not None:
        viz["position"] = {"x": position[0], "y": -position[1], "z": 0.0}
    return viz


def _gexf_text(graph: nx.DiGraph | nx.MultiDiGraph) -> str:
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buffer.getvalue().decode("utf-8")


def to_gexf(graph: ReviewGraph) -> str:
    """The whole graph as GEXF for Gephi: readable labels, ``type``, properties, colours, sizes.

    Examples
    --------
    >>> to_gexf(ReviewGraph()).startswith("<?xml")
    True

    Raises
    ------
    GraphError
        Never for a valid graph.
    """
    from .export import _flat_properties, _same_type_per_attribute, _scalar, display_name

    styles = node_styles(graph)
    flat = nx.MultiDiGraph()
    for node in graph.nodes():
        properties = {k: clean(v) for k, v in _flat_properties(node).items() if v is not None}
        properties.pop("label", None)
        colour, size = styles[node.id]
        flat.add_node(
            xml_id(node.id),
            **properties,
            label=clean(display_name(node)),
            type=node.label,
            color=colour,
            viz=_viz(colour, size),
        )
    for number, edge in enumerate(graph.edges(), 1):
        properties = {k: clean(_scalar(v)) for k, v in edge.properties.items() if v is not None}
        flat.add_edge(
            xml_id(edge.source),
            xml_id(edge.target),
            key=f"e{number}",
            id=f"e{number}",
            label=edge.type,
            relationship=edge.type,
            **properties,
        )
    _same_type_per_attribute(flat)
    return _gexf_text(flat)


def write_gexf(graph: ReviewGraph, path: str | Path) -> None:
    """Write :func:`to_gexf` to ``path``, atomically.

    Raises
    ------
    StoreError
        When the file cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "plans.gexf")
    >>> write_gexf(ReviewGraph(), path)
    >>> nx.read_gexf(path).number_of_nodes()
    0
    """
    write_atomic(Path(path), to_gexf(graph).encode("utf-8"))


_VIEW_NODE_FIELDS = ("kind", "node_id", "title", "status", "overdue", "actions", "source")


def _view_flat(view: nx.DiGraph, gexf: bool) -> nx.DiGraph:
    from .render_image import layout_positions

    positions = layout_positions(view)
    flat = nx.DiGraph()
    for node_id, data in view.nodes(data=True):
        attributes = {
            field: clean(data[field]) for field in _VIEW_NODE_FIELDS if data.get(field) is not None
        }
        attributes["type"] = attributes.pop("kind", "")
        attributes["tooltip"] = attributes.pop("title", "")
        attributes["label"] = clean(data.get("name") or data.get("label") or node_id)
        attributes["color"] = data["color"]
        attributes["size"] = float(data.get("size", 14))
        attributes["shape"] = data.get("shape", "dot")
        x, y = positions[node_id]
        if gexf:
            attributes["viz"] = _viz(data["color"], attributes["size"], (x, y))
        else:
            red, green, blue = rgb(data["color"])
            attributes.update(r=red, g=green, b=blue, x=x, y=y)
        flat.add_node(xml_id(str(node_id)), **attributes)
    for number, (source, target, data) in enumerate(view.edges(data=True), 1):
        attributes = {
            "id": f"e{number}",
            "relationship": data.get("type", ""),
            "tooltip": clean(data.get("title", "")),
            "color": data.get("color", "#90a4ae"),
            "weight": float(data.get("weight", 1)),
        }
        if data.get("label"):
            attributes["label"] = clean(data["label"])
        if gexf:
            red, green, blue = rgb(attributes["color"])
            attributes["viz"] = {
                "color": {"r": red, "g": green, "b": blue, "a": 1.0},
                "thickness": float(data.get("width", 1.5)),
            }
        flat.add_edge(xml_id(str(source)), xml_id(str(target)), **attributes)
    return flat


def view_to_gexf(view: nx.DiGraph) -> str:
    """One map's view graph as GEXF, with its colours, sizes and a layout.

    Examples
    --------
    >>> view = nx.DiGraph(view="plan")
    >>> view.add_node("a", name="Audit files", kind="Action", color="#2e7d32", size=12)
    >>> nx.read_gexf(io.BytesIO(view_to_gexf(view).encode())).nodes["a"]["label"]
    'Audit files'

    Raises
    ------
    ValueError
        When a colour is not ``#rrggbb``.
    """
    return _gexf_text(_view_flat(view, gexf=True))


def view_to_graphml(view: nx.DiGraph) -> str:
    """One map's view graph as GraphML with yEd graphics and Gephi's colour attributes.

    Examples
    --------
    >>> view = nx.DiGraph(view="plan")
    >>> view.add_node("a", name="Audit files", kind="Action", color="#2e7d32", size=12)
    >>> nx.read_graphml(io.BytesIO(view_to_graphml(view).encode())).nodes["a"]["label"]
    'Audit files'

    Raises
    ------
    ValueError
        When a colour is not ``#rrggbb``.
    """
    flat = _view_flat(view, gexf=False)
    for _, _, data in flat.edges(data=True):
        data.pop("id", None)
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8", prettyprint=True)
    styles = {
        node_id: (data["color"], data["size"], data.get("shape", "dot"), data["label"])
        for node_id, data in flat.nodes(data=True)
    }
    return with_yed_graphics(buffer.getvalue(), styles).decode("utf-8")


def with_yed_graphics(document: bytes, styles: dict[str, tuple[str, float, str, str]]) -> bytes:
    """Add yEd node graphics (fill, size, shape, label) to a GraphML document.

    yEd ignores plain attributes; it draws a node from a ``y:ShapeNode`` in a
    ``nodegraphics`` key. ``styles`` maps a node id to colour, size, shape
    (a map shape: dot, diamond, square, triangle, star) and label.

    Examples
    --------
    >>> graph = nx.DiGraph(); graph.add_node("a")
    >>> buffer = io.BytesIO(); nx.write_graphml(graph, buffer)
    >>> b"y:ShapeNode" in with_yed_graphics(buffer.getvalue(), {"a": ("#ffffff", 10, "dot", "A")})
    True

    Raises
    ------
    xml.etree.ElementTree.ParseError
        When ``document`` is not XML.
    """
    ElementTree.register_namespace("", GRAPHML_NS)
    ElementTree.register_namespace("y", YED_NS)
    ElementTree.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ElementTree.fromstring(document)
    key = ElementTree.Element(
        f"{{{GRAPHML_NS}}}key", {"for": "node", "id": "yed_graphics", "yfiles.type": "nodegraphics"}
    )
    root.insert(0, key)
    for node in root.iter(f"{{{GRAPHML_NS}}}node"):
        style = styles.get(node.get("id", ""))
        if style is None:
            continue
        colour, size, shape, label = style
        data = ElementTree.SubElement(node, f"{{{GRAPHML_NS}}}data", {"key": "yed_graphics"})
        shape_node = ElementTree.SubElement(data, f"{{{YED_NS}}}ShapeNode")
        side = f"{max(20.0, 2 * float(size)):.1f}"
        ElementTree.SubElement(
            shape_node, f"{{{YED_NS}}}Geometry", {"width": side, "height": side, "x": "0", "y": "0"}
        )
        ElementTree.SubElement(
            shape_node, f"{{{YED_NS}}}Fill", {"color": colour.upper(), "transparent": "false"}
        )
        ElementTree.SubElement(
            shape_node,
            f"{{{YED_NS}}}BorderStyle",
            {"color": "#37474F", "type": "line", "width": "1.0"},
        )
        text = ElementTree.SubElement(
            shape_node,
            f"{{{YED_NS}}}NodeLabel",
            {"modelName": "sides", "modelPosition": "s", "fontSize": "12"},
        )
        text.text = clean(label)
        ElementTree.SubElement(
            shape_node, f"{{{YED_NS}}}Shape", {"type": _YED_SHAPES.get(shape, "ellipse")}
        )
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(
        root, encoding="utf-8", xml_declaration=False
    )


def write_view_gexf(view: nx.DiGraph, path: str | Path) -> None:
    """Write :func:`view_to_gexf` to ``path``, atomically.

    Raises
    ------
    StoreError
        When the file cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "map.gexf")
    >>> write_view_gexf(nx.DiGraph(view="plan"), path)
    >>> os.path.exists(path)
    True
    """
    write_atomic(Path(path), view_to_gexf(view).encode("utf-8"))


def write_view_graphml(view: nx.DiGraph, path: str | Path) -> None:
    """Write :func:`view_to_graphml` to ``path``, atomically.

    Raises
    ------
    StoreError
        When the file cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "map.graphml")
    >>> write_view_graphml(nx.DiGraph(view="plan"), path)
    >>> os.path.exists(path)
    True
    """
    write_atomic(Path(path), view_to_graphml(view).encode("utf-8"))
