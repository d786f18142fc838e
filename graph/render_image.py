"""A map as a picture for slides and printed packs: SVG and PNG from one drawing, no browser.

The nodes are placed in Python (a force layout per connected part, the parts
packed in rows), the same positions serve the SVG, the PNG and an HTML map
drawn with ``--no-physics``. Each picture carries the map's heading, filters,
dates and legend, so a printed page explains itself.

The PNG is drawn with Pillow; numpy computes the layout (networkx's own
spring layout needs SciPy past 500 nodes, and a workshop map can be larger).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import networkx as nx
import numpy as np

from .files import write_atomic
from .style import rgb
from .xml_text import xml_text

__all__ = ["layout_positions", "to_svg", "to_png", "write_svg", "write_png"]

#: Pixels per unit of layout for one node's share of space.
_SPACING = 70.0
_MARGIN = 30
_HEADER_LINE = 22
_LEGEND_WIDTH = 380


def _force_layout(graph: nx.Graph, iterations: int = 150, seed: int = 7) -> dict[Any, np.ndarray]:
    """Fruchterman–Reingold on a dense distance matrix (the algorithm of networkx's
    spring layout, without its SciPy path)."""
    nodes = list(graph)
    count = len(nodes)
    if count == 1:
        return {nodes[0]: np.zeros(2)}
    index = {node: number for number, node in enumerate(nodes)}
    adjacency = np.zeros((count, count))
    for source, target in graph.edges():
        if source != target:
            adjacency[index[source], index[target]] = adjacency[index[target], index[source]] = 1
    generator = np.random.default_rng(seed)
    position = generator.random((count, 2))
    k = math.sqrt(1.0 / count)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        delta = position[:, None, :] - position[None, :, :]
        distance = np.linalg.norm(delta, axis=-1)
        np.clip(distance, 0.01, None, out=distance)
        force = k * k / distance**2 - adjacency * distance / k
        displacement = np.einsum("ijk,ij->ik", delta, force)
        length = np.linalg.norm(displacement, axis=-1)
        length = np.where(length < 0.01, 0.1, length)
        position += displacement * (temperature / length)[:, None]
        temperature -= cooling
    position -= position.mean(axis=0)
    scale = np.abs(position).max() or 1.0
    return {node: position[index[node]] / scale for node in nodes}


def layout_positions(view: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Pixel positions for every node: each connected part laid out alone, parts in rows.

    Examples
    --------
    >>> view = nx.DiGraph([("a", "b"), ("c", "d")])
    >>> sorted(layout_positions(view))
    ['a', 'b', 'c', 'd']

    Raises
    ------
    MemoryError
        For a part far beyond the maps' size limit (the layout is quadratic).
    """
    parts = sorted(
        nx.connected_components(view.to_undirected(as_view=True)),
        key=lambda part: (-len(part), min(part)),
    )
    boxes = []
    for part in parts:
        local = _force_layout(view.subgraph(part).to_undirected())
        radius = _SPACING * math.sqrt(len(part)) * 0.75 + 40
        boxes.append((radius, {node: point * radius for node, point in local.items()}))
    total_area = sum((2 * radius) ** 2 for radius, _ in boxes) or 1
    row_width = max(math.sqrt(total_area * 16 / 9), max((2 * r for r, _ in boxes), default=0))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for radius, local in boxes:
        side = 2 * radius
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in local.items():
            positions[node] = (float(x + radius + px), float(y + radius + py))
        x += side
        row_height = max(row_height, side)
    return positions


@dataclass
class _Drawing:
    """Everything a picture shows, in pixels, shared by the SVG and PNG writers."""

    width: int
    height: int
    header: list[tuple[str, int, bool]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    nodes: list[dict[str, Any]] = field(default_factory=list)
    legend: list[dict[str, Any]] = field(default_factory=list)
    legend_x: int = 0
    legend_y: int = 0


def _header_lines(view: nx.DiGraph) -> list[tuple[str, int, bool]]:
    lines = [(view.graph.get("heading", "Map"), 26, True)]
    if view.graph.get("description"):
        lines.append((view.graph["description"], 16, False))
    filters = view.graph.get("filters") or []
    lines.append(
        ("Filters: " + ("; ".join(filters) if filters else "none (every loaded plan)"), 14, False)
    )
    lines += [(line, 14, False) for line in view.graph.get("dates", [])]
    return lines


def _static_label(data: dict[str, Any]) -> str:
    # Small nodes keep only their first line (the reference): whole texts would pile up.
    label = data.get("label", "")
    if data.get("kind") in ("Action", "Recommendation"):
        return label.split("\n")[0][:28]
    return label


def _drawing(view: nx.DiGraph) -> _Drawing:
    positions = layout_positions(view)
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    header = _header_lines(view)
    top = _MARGIN + sum(int(size * 1.5) for _, size, _ in header) + 10
    left = _MARGIN + 60
    offset_x, offset_y = left - min(xs), top + 40 - min(ys)
    map_width = max(xs) - min(xs) + 120
    legend = view.graph.get("legend", [])
    legend_height = 30 + 22 * len(legend)
    width = int(left + map_width + _LEGEND_WIDTH + _MARGIN)
    width = max(width, 900)
    height = int(max(top + max(ys) - min(ys) + 140, top + legend_height + 40))
    drawing = _Drawing(width=width, height=height, header=header, legend=legend)
    drawing.legend_x = int(left + map_width)
    drawing.legend_y = top
    placed = {node: (x + offset_x, y + offset_y) for node, (x, y) in positions.items()}
    for source, target, data in view.edges(data=True):
        drawing.edges.append(
            dict(
                start=placed[source],
                end=placed[target],
                color=data.get("color", "#90a4ae"),
                width=float(data.get("width", 1.5)),
                dashes=bool(data.get("dashes")),
                label=data.get("label", "") if view.graph.get("view") == "agencies" else "",
                title=data.get("title", ""),
            )
        )
    for node, data in view.nodes(data=True):
        drawing.nodes.append(
            dict(
                at=placed[node],
                size=float(data.get("size", 14)),
                shape=data.get("shape", "dot"),
                color=data.get("color", "#cfd8dc"),
                border=data.get("border", "#455a64"),
                border_width=float(data.get("border_width", 1)),
                label=_static_label(data),
                font_size=int(data.get("font_size", 14)),
                title=data.get("title", ""),
            )
        )
    return drawing


def _shape_points(shape: str, x: float, y: float, size: float) -> list[tuple[float, float]] | None:
    if shape == "diamond":
        return [(x, y - size), (x + size, y), (x, y + size), (x - size, y)]
    if shape == "square":
        return [
            (x - size, y - size),
            (x + size, y - size),
            (x + size, y + size),
            (x - size, y + size),
        ]
    if shape == "triangle":
        return [(x, y - size), (x + size, y + size * 0.8), (x - size, y + size * 0.8)]
    if shape == "star":
        points = []
        for number in range(10):
            radius = size if number % 2 == 0 else size * 0.45
            angle = math.pi / 2 + number * math.pi / 5
            points.append((x + radius * math.cos(angle), y - radius * math.sin(angle)))
        return points
    return None


def _svg_text(text: str) -> str:
    return escape(xml_text(text))


def to_svg(view: nx.DiGraph) -> str:
    """The map as an SVG document: header, nodes, edges and legend; hover titles hold the text.

    Examples
    --------
    >>> view = nx.DiGraph(view="plan", heading="Plan map", legend=[])
    >>> view.add_node("a", label="<b>", kind="Action")
    >>> svg = to_svg(view)
    >>> "&lt;b&gt;" in svg and "<b>" not in svg
    True

    Raises
    ------
    ValueError
        When a colour is not ``#rrggbb``.
    """
    drawing = _drawing(view)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{drawing.width}" '
        f'height="{drawing.height}" viewBox="0 0 {drawing.width} {drawing.height}" '
        'font-family="DejaVu Sans, Arial, sans-serif">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#78909c"/></marker></defs>',
        f'<rect width="{drawing.width}" height="{drawing.height}" fill="#ffffff"/>',
    ]
    y = _MARGIN
    for text, size, bold in drawing.header:
        y += int(size * 1.5)
        weight = ' font-weight="bold"' if bold else ""
        out.append(
            f'<text x="{_MARGIN}" y="{y}" font-size="{size}"{weight}>{_svg_text(text)}</text>'
        )
    for edge in drawing.edges:
        (x1, y1), (x2, y2) = edge["start"], edge["end"]
        dash = ' stroke-dasharray="6 4"' if edge["dashes"] else ""
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{edge["color"]}" stroke-width="{edge["width"]:.1f}"{dash}>'
            f"<title>{_svg_text(edge['title'])}</title></line>"
        )
        if edge["label"]:
            out.append(
                f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2:.1f}" font-size="12" '
                f'text-anchor="middle" fill="#263238">{_svg_text(edge["label"])}</text>'
            )
    for node in drawing.nodes:
        x, y = node["at"]
        size = node["size"]
        style = (
            f'fill="{node["color"]}" stroke="{node["border"]}" '
            f'stroke-width="{node["border_width"]:.1f}"'
        )
        points = _shape_points(node["shape"], x, y, size)
        title = f"<title>{_svg_text(node['title'])}</title>"
        if points:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            out.append(f'<polygon points="{path}" {style}>{title}</polygon>')
        else:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" {style}>{title}</circle>')
        for number, line in enumerate(node["label"].split("\n")):
            out.append(
                f'<text x="{x:.1f}" y="{y + size + 4 + node["font_size"] * (number + 1):.1f}" '
                f'font-size="{node["font_size"]}" text-anchor="middle" fill="#1c2833" '
                f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{_svg_text(line)}</text>'
            )
    lx, ly = drawing.legend_x, drawing.legend_y
    out.append(
        f'<rect x="{lx}" y="{ly}" width="{_LEGEND_WIDTH - 20}" '
        f'height="{30 + 22 * len(drawing.legend)}" fill="#ffffff" stroke="#b0bec5" rx="6"/>'
    )
    out.append(f'<text x="{lx + 10}" y="{ly + 20}" font-size="15" font-weight="bold">Legend</text>')
    for number, entry in enumerate(drawing.legend):
        cy = ly + 40 + 22 * number
        if entry.get("edge"):
            dash = ' stroke-dasharray="6 4"' if entry.get("dashes") else ""
            out.append(
                f'<line x1="{lx + 10}" y1="{cy - 4}" x2="{lx + 30}" y2="{cy - 4}" '
                f'stroke="{entry["color"]}" stroke-width="3"{dash}/>'
            )
        else:
            out.append(
                f'<circle cx="{lx + 20}" cy="{cy - 4}" r="7" fill="{entry["color"]}" '
                f'stroke="{entry.get("border", entry["color"])}" stroke-width="2"/>'
            )
        out.append(
            f'<text x="{lx + 40}" y="{cy}" font-size="13">{_svg_text(entry["label"])}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


@cache
def _font(size: int):
    from PIL import ImageFont

    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    # Pillow's own scalable font (it ships with the wheel): no system font needed.
    return ImageFont.load_default(size=size)


def _dashed(draw, start, end, colour, width) -> None:
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    steps = int(length // 10)
    for step in range(steps + 1):
        a = step * 10 / length
        b = min(1.0, (step * 10 + 6) / length)
        draw.line(
            [(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a), (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)],
            fill=colour,
            width=width,
        )


def to_png(view: nx.DiGraph) -> bytes:
    """The map as a PNG image, drawn from the same drawing as :func:`to_svg`.

    Examples
    --------
    >>> to_png(nx.DiGraph(view="plan", heading="Plan map", legend=[]))[:4]
    b'\\x89PNG'

    Raises
    ------
    ValueError
        When a colour is not ``#rrggbb``.
    """
    import io

    from PIL import Image, ImageDraw

    drawing = _drawing(view)
    image = Image.new("RGB", (drawing.width, drawing.height), "#ffffff")
    draw = ImageDraw.Draw(image)
    y = _MARGIN
    for text, size, _ in drawing.header:
        y += int(size * 1.5)
        draw.text((_MARGIN, y), text, fill="#1c2833", font=_font(size), anchor="ls")
    for edge in drawing.edges:
        width = max(1, round(edge["width"]))
        if edge["dashes"]:
            _dashed(draw, edge["start"], edge["end"], rgb(edge["color"]), width)
        else:
            draw.line([edge["start"], edge["end"]], fill=rgb(edge["color"]), width=width)
        if edge["label"]:
            (x1, y1), (x2, y2) = edge["start"], edge["end"]
            draw.text(
                ((x1 + x2) / 2, (y1 + y2) / 2),
                edge["label"],
                fill="#263238",
                font=_font(12),
                anchor="mm",
            )
    for node in drawing.nodes:
        x, y = node["at"]
        size = node["size"]
        outline = rgb(node["border"])
        width = max(1, round(node["border_width"]))
        points = _shape_points(node["shape"], x, y, size)
        if points:
            draw.polygon(points, fill=rgb(node["color"]), outline=outline, width=width)
        else:
            draw.ellipse(
                [x - size, y - size, x + size, y + size],
                fill=rgb(node["color"]),
                outline=outline,
                width=width,
            )
        for number, line in enumerate(node["label"].split("\n")):
            draw.text(
                (x, y + size + 4 + node["font_size"] * (number + 1)),
                line,
                fill="#1c2833",
                font=_font(node["font_size"]),
                anchor="ms",
                stroke_width=2,
                stroke_fill="#ffffff",
            )
    lx, ly = drawing.legend_x, drawing.legend_y
    draw.rounded_rectangle(
        [lx, ly, lx + _LEGEND_WIDTH - 20, ly + 30 + 22 * len(drawing.legend)],
        radius=6,
        fill="#ffffff",
        outline="#b0bec5",
    )
    draw.text((lx + 10, ly + 20), "Legend", fill="#000000", font=_font(15), anchor="ls")
    for number, entry in enumerate(drawing.legend):
        cy = ly + 40 + 22 * number
        if entry.get("edge"):
            line = [(lx + 10, cy - 4), (lx + 30, cy - 4)]
            if entry.get("dashes"):
                _dashed(draw, *line, rgb(entry["color"]), 3)
            else:
                draw.line(line, fill=rgb(entry["color"]), width=3)
        else:
            draw.ellipse(
                [lx + 13, cy - 11, lx + 27, cy + 3],
                fill=rgb(entry["color"]),
                outline=rgb(entry.get("border", entry["color"])),
                width=2,
            )
        draw.text((lx + 40, cy), entry["label"], fill="#1c2833", font=_font(13), anchor="ls")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def write_svg(view: nx.DiGraph, path: str | Path) -> None:
    """Write :func:`to_svg` to ``path`` as UTF-8, atomically.

    Raises
    ------
    StoreError
        When the file cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "map.svg")
    >>> write_svg(nx.DiGraph(view="plan"), path)
    >>> open(path).read().startswith("<?xml")
    True
    """
    write_atomic(Path(path), to_svg(view).encode("utf-8"))


def write_png(view: nx.DiGraph, path: str | Path) -> None:
    """Write :func:`to_png` to ``path``, atomically.

    Raises
    ------
    StoreError
        When the file cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "map.png")
    >>> write_png(nx.DiGraph(view="plan"), path)
    >>> open(path, "rb").read(4)
    b'\\x89PNG'
    """
    write_atomic(Path(path), to_png(view))
