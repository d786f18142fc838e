"""A map as one self-contained HTML page: pyvis's nodes and options, vis-network inlined.

The page works opened from a USB stick in a room with no network: vis-network
(shipped inside the pyvis package) is inlined, nothing is linked, and a
Content-Security-Policy forbids every request. Plan text reaches the page only
as JSON inside a script (with ``<``, ``>``, ``&`` and quotes escaped) or as
escaped HTML in the header and legend; tooltips are strings, which
vis-network shows as text, so a cell holding ``<script>`` shows as words.

pyvis's own templates are not used: each links Bootstrap from a CDN, and its
``local`` mode writes a ``lib/`` folder into the working directory.
"""

from __future__ import annotations

from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from .files import write_atomic
from .style import text_colour

__all__ = ["LAYOUTS", "network_of", "to_html", "write_html"]

LAYOUTS = ("force", "hierarchical")
_VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
_TEMPLATES = Path(__file__).parent / "templates"
# Past this many nodes, labels of small nodes are hidden until zoomed in.
_CROWDED = 600


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


@cache
def _vis_assets() -> tuple[str, str]:
    return (
        (_VIS / "vis-network.min.js").read_text(encoding="utf-8"),
        (_VIS / "vis-network.css").read_text(encoding="utf-8"),
    )


def _options(view: nx.DiGraph, physics: bool, layout: str) -> dict[str, Any]:
    crowded = view.number_of_nodes() > _CROWDED
    options: dict[str, Any] = {
        "nodes": {
            "font": {
                "size": 14,
                "face": "DejaVu Sans, Arial, sans-serif",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            "scaling": {"label": {"enabled": False}},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"inherit": False},
            "font": {"size": 11, "strokeWidth": 3, "align": "middle"},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": crowded,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": True,
        },
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -70,
                "centralGravity": 0.008,
                "springLength": 70,
                "springConstant": 0.08,
                "damping": 0.6,
                "avoidOverlap": 0.6,
            },
            "maxVelocity": 60,
            "minVelocity": 1.5,
            "stabilization": {
                "enabled": True,
                "iterations": 250,
                "updateInterval": 25,
                "fit": True,
            },
        },
    }
    if layout == "hierarchical":
        options["layout"] = {
            "improvedLayout": False,
            "hierarchical": {
                "enabled": True,
                "direction": "LR",
                "sortMethod": "directed",
                "shakeTowards": "roots",
                "levelSeparation": 260,
                "nodeSpacing": 60,
                "treeSpacing": 80,
            },
        }
        options["physics"]["enabled"] = False
    if crowded:
        # Large maps: fewer, cheaper iterations (overlap avoidance costs most).
        options["physics"]["forceAtlas2Based"]["avoidOverlap"] = 0
        options["physics"]["stabilization"]["iterations"] = 150
        options["nodes"]["scaling"] = {
            "label": {"enabled": True, "min": 10, "max": 24, "drawThreshold": 7}
        }
    return options


def network_of(
    view: nx.DiGraph,
    *,
    physics: bool = True,
    layout: str = "force",
    positions: dict[str, tuple[float, float]] | None = None,
) -> Network:
    """The pyvis network of a view graph (see :func:`reviewgraph.queries.maps.view_graph`).

    Parameters
    ----------
    view : networkx.DiGraph
        A view graph with display attributes.
    physics : bool
        Arrange the map in the browser (stopped once settled); when False,
        ``positions`` (or the hierarchical layout) places the nodes.
    layout : {"force", "hierarchical"}
        ``hierarchical`` draws levels left to right (plan → recommendation →
        action) with physics off.
    positions : dict, optional
        Fixed ``(x, y)`` per node id, used when physics is off.

    Returns
    -------
    pyvis.network.Network

    Raises
    ------
    ValueError
        When ``layout`` is not one of :data:`LAYOUTS`.

    Examples
    --------
    >>> view = nx.DiGraph(view="plan")
    >>> view.add_node("a", label="A", title="A", color="#ffffff", border="#000000",
    ...     border_width=1, shape="dot", size=10, kind="Action")
    >>> len(network_of(view).nodes)
    1
    """
    if layout not in LAYOUTS:
        raise ValueError(f"no layout {layout!r} (one of {', '.join(LAYOUTS)})")
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    for node_id, data in view.nodes(data=True):
        font: dict[str, Any] = {"size": data.get("font_size", 14)}
        if data.get("shape") in ("box", "ellipse", "circle", "database", "text"):
            font["color"] = text_colour(data["color"])
        if data.get("bold"):
            font["face"] = "DejaVu Sans, Arial, sans-serif"
            font["strokeWidth"] = 5
        extra: dict[str, Any] = {}
        if layout == "hierarchical" and "level" in data:
            extra["level"] = data["level"]
        if not physics and layout != "hierarchical" and positions and node_id in positions:
            x, y = positions[node_id]
            extra.update(x=x, y=y)
        net.add_node(
            node_id,
            label=data.get("label", ""),
            title=data.get("title") or data.get("name") or "",
            shape=data.get("shape", "dot"),
            color={
                "background": data["color"],
                "border": data.get("border", "#455a64"),
                "highlight": {"background": data["color"], "border": "#000000"},
                "hover": {"background": data["color"], "border": "#000000"},
            },
            borderWidth=data.get("border_width", 1),
            borderWidthSelected=data.get("border_width", 1) + 2,
            size=data.get("size", 14),
            font=font,
            **extra,
        )
    for source, target, data in view.edges(data=True):
        extra = {}
        if data.get("label"):
            extra["label"] = data["label"]
        if data.get("title"):
            extra["title"] = data["title"]
        if data.get("length"):
            extra["length"] = data["length"]
        net.add_edge(
            source,
            target,
            color=data.get("color", "#90a4ae"),
            width=data.get("width", 1.5),
            dashes=bool(data.get("dashes", False)),
            arrows="to" if data.get("arrows", True) else "",
            **extra,
        )
    # A dict set last: set_options() would strip the spaces out of its values.
    net.options = _options(view, physics, layout)
    return net


def to_html(
    view: nx.DiGraph,
    *,
    physics: bool = True,
    layout: str = "force",
    positions: dict[str, tuple[float, float]] | None = None,
) -> str:
    """The map as one HTML page that needs no network and runs no plan text.

    Parameters
    ----------
    view : networkx.DiGraph
        A view graph with display attributes and ``heading``, ``description``,
        ``filters``, ``dates`` and ``legend`` in ``view.graph``.
    physics, layout, positions
        As for :func:`network_of`.

    Returns
    -------
    str
        The page.

    Raises
    ------
    ValueError
        When ``layout`` is unknown.

    Examples
    --------
    >>> page = to_html(nx.DiGraph(view="plan", heading="Plan map", description="",
    ...     filters=[], dates=[], legend=[]))
    >>> "https://" in page.split("<script>")[0], "<h1>Plan map</h1>" in page
    (False, True)
    """
    net = network_of(view, physics=physics, layout=layout, positions=positions)
    vis_js, vis_css = _vis_assets()
    physics_on = physics and layout != "hierarchical" and view.number_of_nodes() > 0
    return (
        _environment()
        .get_template("map.html")
        .render(
            version=_version(),
            heading=view.graph.get("heading", "Map"),
            description=view.graph.get("description", ""),
            filters=view.graph.get("filters", []),
            dates=view.graph.get("dates", []),
            legend=view.graph.get("legend", []),
            nodes=net.nodes,
            edges=net.edges,
            options=net.options,
            physics=physics_on,
            vis_js=vis_js,
            vis_css=vis_css,
        )
    )


def write_html(view: nx.DiGraph, path: str | Path, **options: Any) -> None:
    """Write :func:`to_html` to ``path`` as UTF-8, atomically; nothing else is written.

    Raises
    ------
    StoreError
        When the file cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> write_html(nx.DiGraph(view="plan"), os.path.join(folder, "map.html"))
    >>> os.listdir(folder)
    ['map.html']
    """
    write_atomic(Path(path), to_html(view, **options).encode("utf-8"))


@cache
def _version() -> str:
    try:
        return metadata.version("reviewgraph")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "unknown"
