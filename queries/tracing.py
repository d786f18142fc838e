"""Trace an item up to its recommendation, review and document, with the lines it came from."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from reviewgraph.graph.errors import InputError, ReviewgraphError
from reviewgraph.loaders.lines import split_lines
from reviewgraph.loaders.read import decode_text

from ._common import documents_by_id, natural_key, place_of
from .backend import Backend, as_backend
from .naming import resolve

__all__ = ["TraceRow", "trace", "document_lines", "item_text"]


class TraceRow(BaseModel):
    """One path from an item up to its recommendation, review and document.

    ``line_start``–``line_end`` span the item, its action and its
    recommendation; ``lines`` are those lines of the document as they stand
    in the file now (``note`` says when they are missing or the file changed).
    A cross-reference also names what it points at (``targets``, with its
    ``resolution``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    ref: str | None
    label: str
    text: str
    review: str | None
    document: str | None
    line_start: int | None
    line_end: int | None
    locator: str | None = None
    action: str | None = None
    action_text: str | None = None
    recommendation: str | None = None
    recommendation_text: str | None = None
    parents: list[str] = Field(default_factory=list)
    review_title: str | None = None
    resolution: str | None = None
    targets: list[str] = Field(default_factory=list)
    lines: list[str] = Field(default_factory=list)
    note: str | None = None


def item_text(node: dict[str, Any]) -> str:
    """The words that identify an item in a listing.

    Examples
    --------
    >>> item_text({"label": "LeadRole", "name": "Named Nurse"})
    'Named Nurse'
    """
    for attribute in ("text", "raw", "name", "title", "path"):
        value = node.get(attribute)
        if value:
            return str(value)
    return ""


def document_lines(
    path: str, start: int, end: int, sha256: str | None = None
) -> tuple[list[str], str | None]:
    """Lines ``start``–``end`` of the file at ``path`` and a note when they cannot be trusted.

    Lines are counted on line breaks only (``\\n``, ``\\r\\n``, ``\\r``), as the
    loaders count them. A missing file gives no lines and a note; a file whose
    hash differs from ``sha256`` gives its lines with a note that it changed.

    Raises
    ------
    Nothing: problems become the note.

    Examples
    --------
    >>> lines, note = document_lines("/nonexistent/plan.txt", 1, 2)
    >>> lines, note.startswith("document /nonexistent/plan.txt is not there any more")
    ([], True)
    """
    try:
        data = Path(path).read_bytes()
    except OSError:
        return [], (
            f"document {path} is not there any more (moved or deleted?); "
            f"lines {start}-{end} cannot be shown"
        )
    note = None
    if sha256 and sha256 != "0" * 64 and hashlib.sha256(data).hexdigest() != sha256:
        note = f"document {path} has changed since it was loaded; lines may not match"
    if _read_as_rendered(path):
        # A Word, PDF or Excel file's lines are those of the text the loader read from it.
        # Imported here: the format readers cost a query 70 ms it rarely needs.
        from reviewgraph.loaders.formats import render_file

        try:
            text = render_file(path)[0].text
        except ReviewgraphError as error:
            return [], f"document {path} cannot be read any more ({error})"
    else:
        text = _decode(data)
    # Counted as the loaders count them: a form feed is a page break, not a line.
    return split_lines(text)[start - 1 : end], note


def _read_as_rendered(path: str) -> bool:
    from reviewgraph.loaders.formats import is_formatted

    return is_formatted(path) and Path(path).suffix.lower() not in (".html", ".htm", ".csv")


def _decode(data: bytes) -> str:
    """The text as the loaders read it (UTF-8, UTF-16/32, Windows-1252), else UTF-8 repaired."""
    try:
        return decode_text(data)[0]
    except InputError:
        return data.decode("utf-8", errors="replace")


class _Walk:
    """The part of the graph above the items being traced, fetched as needed."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.nodes: dict[str, dict[str, Any]] = {}

    def node(self, node_id: str) -> dict[str, Any] | None:
        if node_id not in self.nodes:
            for found in self.backend.node_dicts([node_id]):
                self.nodes[found["id"]] = found
        return self.nodes.get(node_id)

    def linked(self, node_id: str, kind: str, *, upward: bool) -> list[dict[str, Any]]:
        if upward:
            edges = self.backend.edge_dicts(targets=[node_id], types=[kind])
            ids = [e["source"] for e in edges]
        else:
            edges = self.backend.edge_dicts(sources=[node_id], types=[kind])
            ids = [e["target"] for e in edges]
        found = [n for n in (self.node(i) for i in sorted(set(ids), key=natural_key)) if n]
        return sorted(found, key=lambda n: (n.get("order") or 0, natural_key(n["id"])))

    def chains(self, node: dict[str, Any]) -> list[tuple[dict, dict | None, dict | None]]:
        label = node["label"]
        if label == "Recommendation":
            return [(node, None, node)]
        if label == "Action":
            recommendations = self.linked(node["id"], "HAS_ACTION", upward=True) or [None]
            return [(node, node, r) for r in recommendations]
        if label == "LeadRole":
            actions = self.linked(node["id"], "OWNED_BY", upward=True)
            return [(node, a, r) for a in actions for _, _, r in self.chains(a)]
        if label == "CrossReference":
            citing = self.linked(node["id"], "CITES", upward=True)
            found = [(node, a, r) for item in citing for _, a, r in self.chains(item)]
            return found or [(node, None, None)]
        if label == "Agency":
            directed = self.linked(node["id"], "DIRECTED_AT", upward=True)
            return [(node, None, r) for r in directed] or [(node, None, None)]
        return [(node, None, None)]

    def parents(self, recommendation: dict[str, Any] | None) -> list[str]:
        found = []
        current = recommendation
        while current is not None:
            above = self.linked(current["id"], "HAS_PART", upward=True)
            current = above[0] if above else None
            if current is not None:
                found.append(current.get("handle") or current["id"])
        return found


def trace(source, item: str | dict[str, Any]) -> list[TraceRow]:
    """From any item up to its source recommendation, review and document lines.

    A recommendation traces to itself; an action to each recommendation it
    delivers (``HAS_ACTION``); a lead role through each action it owns
    (``OWNED_BY``); a cross-reference through the item that cites it
    (``CITES``), naming what it resolves to; an agency through the
    recommendations directed at it. Parent recommendations (``HAS_PART``) are
    listed in ``parents``.

    Parameters
    ----------
    source : Backend, Store or ReviewGraph
    item : str or dict
        What names an item: an id, a printed reference (``003:34``,
        ``003:56/2``) or words of its text (every item holding them is traced);
        or a node dict.

    Returns
    -------
    list of TraceRow
        One row per path, in item and recommendation order.

    Raises
    ------
    NotFoundError
        When nothing matches ``item``; the message suggests close references.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph, Recommendation, Source
    >>> g = ReviewGraph()
    >>> src = Source(document="/nonexistent/001_plan.txt", line_start=3, line_end=3)
    >>> _ = g.add(Recommendation(id="recommendation:001_plan:1", ref="1.1", text="Audit",
    ...     order=1, source=src))
    >>> row = trace(g, "001:1.1")[0]
    >>> row.ref, row.line_start, row.lines
    ('001:1.1', 3, [])
    """
    backend = as_backend(source)
    nodes = [item] if isinstance(item, dict) else resolve(backend, item)
    walk = _Walk(backend)
    for node in nodes:
        walk.nodes[node["id"]] = node
    documents = documents_by_id(backend)
    rows: list[TraceRow] = []
    cache: dict[tuple[str, int, int], tuple[list[str], str | None]] = {}
    for node in nodes:
        targets, resolution = [], None
        if node["label"] == "CrossReference":
            resolution = node.get("resolution")
            targets = [
                t.get("handle") or t["id"]
                for t in walk.linked(node["id"], "RESOLVES_TO", upward=False)
            ]
        for start_node, action, recommendation in walk.chains(node):
            rows.append(
                _row(
                    walk, documents, start_node, action, recommendation, cache, targets, resolution
                )
            )
    return rows


def _row(walk, documents, node, action, recommendation, cache, targets, resolution) -> TraceRow:
    place = place_of(node, documents)
    document = documents.get(node.get("document") or "")
    spans = [n["source"] for n in (node, action, recommendation) if n is not None]
    spans = [s for s in spans if s["document"] == node["source"]["document"]] or [node["source"]]
    start = min(s["line_start"] for s in spans)
    end = max(s["line_end"] for s in spans)
    path = document.path if document else node["source"]["document"]
    key = (path, start, end)
    if key not in cache:
        cache[key] = document_lines(path, start, end, document.sha256 if document else None)
    lines, note = cache[key]
    return TraceRow(
        id=node["id"],
        ref=node.get("handle"),
        label=node["label"],
        text=item_text(node),
        **{**place, "line_start": start, "line_end": end},
        action=(action.get("handle") or action["id"]) if action else None,
        action_text=action.get("text") if action else None,
        recommendation=(recommendation.get("handle") or recommendation["id"])
        if recommendation
        else None,
        recommendation_text=recommendation.get("text") if recommendation else None,
        parents=walk.parents(recommendation),
        review_title=document.title if document else None,
        resolution=resolution,
        targets=targets,
        lines=lines,
        note=note,
    )
