"""Trace an item up to its recommendation, review and document, with the lines it came from."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import InputError
from reviewgraph.graph.models import Action, Document, Node, Recommendation
from reviewgraph.loaders.lines import split_lines
from reviewgraph.loaders.read import decode_text

from ._common import (
    document_stem,
    item_text,
    natural_key,
    parent_of,
    recommendation_ref,
    recommendations_of,
    review_of,
)
from .resolve import resolve

__all__ = ["TraceRow", "trace", "document_lines"]


class TraceRow(BaseModel):
    """One path from an item up to its recommendation, review and document.

    ``lines`` are the document's lines ``line_start``–``line_end`` (1-based),
    the span covering the item, its action and its recommendation; ``note``
    says why they are missing or may be stale.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    item_id: str
    item_label: str
    item_text: str
    action_id: str | None
    action: str | None
    recommendation_id: str | None
    recommendation_ref: str | None
    recommendation: str | None
    parent_refs: list[str] = Field(default_factory=list)
    review_id: str | None
    review: str | None
    document: str
    line_start: int
    line_end: int
    lines: list[str] = Field(default_factory=list)
    note: str | None = None


def document_lines(
    path: str, start: int, end: int, sha256: str | None = None
) -> tuple[list[str], str | None]:
    """Lines ``start``–``end`` of the file at ``path`` and a note when they cannot be trusted.

    The path is read as stored, relative to the current folder. A missing file
    gives no lines and a note; a file whose hash differs from ``sha256`` gives
    its lines with a note that it changed since it was loaded.

    Examples
    --------
    >>> lines, note = document_lines("/nonexistent/plan.txt", 1, 2)
    >>> lines, note.startswith("document /nonexistent/plan.txt is not there any more")
    ([], True)
    """
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError:
        return [], (
            f"document {path} is not there any more (moved or deleted?); "
            f"lines {start}-{end} cannot be shown"
        )
    note = None
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        note = f"document {path} has changed since it was loaded; lines may not match"
    try:
        text, _ = decode_text(data, path)
    except InputError:
        text = data.decode("utf-8", errors="replace")
    # Counted as the loaders count them: a form feed is a page break, not a line.
    return split_lines(text)[start - 1 : end], note


def _chains(
    graph: ReviewGraph, node: Node
) -> list[tuple[Node, Action | None, Recommendation | None]]:
    """(item, action, recommendation) triples an item traces through."""
    if isinstance(node, Recommendation):
        return [(node, None, node)]
    if isinstance(node, Action):
        recommendations = recommendations_of(graph, node.id) or [None]
        return [(node, node, r) for r in recommendations]
    if node.label == "LeadRole":
        actions = sorted(graph.sources(node.id, "OWNED_BY"), key=lambda a: natural_key(a.id))
        return [(node, a, r) for a in actions for _, _, r in _chains(graph, a)]
    if node.label == "CrossReference":
        citing = graph.sources(node.id, "CITES")
        found = [(node, a, r) for item in citing for _, a, r in _chains(graph, item)]
        return found or [(node, None, None)]
    if node.label == "Agency":
        directed = sorted(graph.sources(node.id, "DIRECTED_AT"), key=lambda r: natural_key(r.id))
        return [(node, None, r) for r in directed] or [(node, None, None)]
    return [(node, None, None)]


def trace(graph: ReviewGraph, item: str | Node) -> list[TraceRow]:
    """From any item up to its source recommendation, review and document lines.

    A recommendation traces to itself; an action to each recommendation it
    delivers (``HAS_ACTION``); a lead role through each action it owns
    (``OWNED_BY``); a cross-reference through the item that cites it
    (``CITES``); an agency through the recommendations directed at it. Parent
    recommendations (``HAS_PART``) are listed in ``parent_refs``, the review
    is the one its document ``DESCRIBES``.

    Parameters
    ----------
    graph : ReviewGraph
    item : str or Node
        A node, or what names one: an id, ``review:ref`` (``003:34``) or words
        of its text (see :func:`reviewgraph.queries.resolve`); words may name
        several items, and each is traced.

    Returns
    -------
    list of TraceRow
        One row per path, in item and recommendation order, each with the
        document lines it came from.

    Raises
    ------
    NotFoundError
        When nothing matches ``item``; the message suggests close matches.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph, Recommendation, Source
    >>> g = ReviewGraph()
    >>> src = Source(document="/nonexistent/001_plan.txt", line_start=3, line_end=3)
    >>> _ = g.add(Recommendation(id="recommendation:001_plan:1", ref="1.1", text="Audit",
    ...     order=1, source=src))
    >>> row = trace(g, "001:1.1")[0]
    >>> row.recommendation_ref, row.line_start, row.lines
    ('1.1', 3, [])
    """
    nodes = [item] if isinstance(item, Node) else resolve(graph, item)
    rows: list[TraceRow] = []
    cache: dict[str, tuple[list[str], str | None]] = {}
    for node in nodes:
        for start_node, action, recommendation in _chains(graph, node):
            rows.append(_row(graph, start_node, action, recommendation, cache))
    return rows


def _row(graph, node, action, recommendation, cache) -> TraceRow:
    review = review_of(graph, node)
    document = graph.get(f"document:{document_stem(node)}")
    spans = [n.source for n in (node, action, recommendation) if n is not None]
    spans = [s for s in spans if s.document == node.source.document] or [node.source]
    start = min(s.line_start for s in spans)
    end = max(s.line_end for s in spans)
    path = node.source.document
    sha256 = document.sha256 if isinstance(document, Document) else None
    if isinstance(document, Document):
        path = document.path
    key = f"{path}:{start}:{end}"
    if key not in cache:
        cache[key] = document_lines(path, start, end, sha256)
    lines, note = cache[key]
    parents = []
    current = recommendation
    while current is not None and (current := parent_of(graph, current.id)) is not None:
        parents.append(recommendation_ref(current))
    return TraceRow(
        item_id=node.id,
        item_label=node.label,
        item_text=item_text(node),
        action_id=action.id if action else None,
        action=action.text if action else None,
        recommendation_id=recommendation.id if recommendation else None,
        recommendation_ref=recommendation_ref(recommendation),
        recommendation=recommendation.text if recommendation else None,
        parent_refs=parents,
        review_id=review.id if review else None,
        review=review.title if review else None,
        document=path,
        line_start=start,
        line_end=end,
        lines=lines,
        note=note,
    )
