"""Finding the items an analyst names: by id, by ``review:ref`` or by words of their text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import NotFoundError
from reviewgraph.graph.models import Node, Review

from ._common import (
    close_matches,
    document_stem,
    fold,
    item_ref,
    item_text,
    natural_key,
    short_stem,
)

__all__ = ["resolve", "resolve_review", "TEXT_FIELDS"]

#: the fields searched when an item is named by its words, per label
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "Action": ("text", "outcome", "progress", "evidence", "due_raw", "status_raw", "owner_raw"),
    "Recommendation": ("text", "intro"),
    "LeadRole": ("name",),
    "Agency": ("name", "aliases"),
    "CrossReference": ("raw",),
    "Review": ("title", "board", "subject"),
}

_SPACES_RE = re.compile(r"\s+")


def _normal_ref(ref: str) -> str:
    # "3.3.9 (v)", "3.3.9(v)" and "3.3.9(v)." are one reference.
    return _SPACES_RE.sub("", ref).lower().rstrip(".")


def _field_values(node: Node, field: str) -> list[str]:
    value = getattr(node, field, None)
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def resolve_review(graph: ReviewGraph, name: str) -> list[Review]:
    """Reviews named by id, document stem, the stem's prefix before ``_`` or a title word.

    Raises
    ------
    NotFoundError
        When no review matches; the message offers close names.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph
    >>> resolve_review(ReviewGraph(), "003")
    Traceback (most recent call last):
    ...
    reviewgraph.graph.errors.NotFoundError: no review named '003'
    """
    reviews = list(graph.nodes("Review"))
    wanted = fold(name)
    exact = [
        r
        for r in reviews
        if wanted in (fold(r.id), fold(document_stem(r)), fold(short_stem(document_stem(r))))
    ]
    if exact:
        return exact
    partial = [
        r for r in reviews if any(wanted in fold(v) for v in (r.title, r.board, r.subject) if v)
    ]
    if partial:
        return partial
    names = [document_stem(r) for r in reviews] + [short_stem(document_stem(r)) for r in reviews]
    raise NotFoundError(f"no review named {name!r}", close_matches(name, names))


def _by_review_ref(graph: ReviewGraph, query: str) -> list[Node] | None:
    head, _, ref = query.partition(":")
    if not ref:
        return None
    # Stems come from the recommendations themselves, so a graph without its
    # Review nodes (a fragment, a test) still answers.
    stems = {document_stem(r) for r in graph.nodes("Recommendation")}
    wanted = fold(head)
    review_stems = [s for s in stems if wanted in (fold(s), fold(short_stem(s)))]
    if not review_stems:
        return None
    normal = _normal_ref(ref)
    found = [
        node
        for node in graph.nodes("Recommendation")
        if document_stem(node) in review_stems and node.ref and _normal_ref(node.ref) == normal
    ]
    if not found and normal.lstrip("#").isdigit():
        normal = normal.lstrip("#")
        # Unnumbered recommendations are named by their position in the plan.
        found = [
            node
            for node in graph.nodes("Recommendation")
            if document_stem(node) in review_stems and not node.ref and node.order == int(normal)
        ]
    return found


def _by_short_id(graph: ReviewGraph, query: str) -> Node | None:
    # "action:003:12" stands for "action:003_ec582cd5a6ee9def:12".
    parts = query.split(":")
    if len(parts) < 2:
        return None
    for review in graph.nodes("Review"):
        stem = document_stem(review)
        if parts[1] == short_stem(stem):
            node = graph.get(":".join([parts[0], stem, *parts[2:]]))
            if node is not None:
                return node
    return None


def _by_text(graph: ReviewGraph, query: str, labels: Iterable[str]) -> list[Node]:
    wanted = fold(query)
    found = []
    for label in labels:
        for node in graph.nodes(label):
            fields = TEXT_FIELDS.get(label, ())
            if any(wanted in fold(v) for f in fields for v in _field_values(node, f)):
                found.append(node)
    return found


def resolve(graph: ReviewGraph, query: str, *, labels: Iterable[str] | None = None) -> list[Node]:
    """The items ``query`` names, tried in this order.

    1. an exact node id (``action:003_ec582cd5a6ee9def:12``), or one whose
       document part is the stem's prefix (``action:003:12``);
    2. ``review:ref``, where review is a document stem or its prefix before
       ``_`` and ref a recommendation reference as printed (``003:34``,
       ``000:3.3.9 (v)``), or the position of an unnumbered one in its
       plan (``002:#3``, or ``002:3`` when no reference is 3);
    3. words of an item's text, case-insensitively (action text, outcome,
       progress and evidence; recommendation text; role and agency names;
       cross-reference words).

    Parameters
    ----------
    graph : ReviewGraph
    query : str
        What the analyst typed.
    labels : iterable of str, optional
        Labels a text search may return; all searchable labels by default.

    Returns
    -------
    list of Node
        The matching nodes, in document and id order; never empty.

    Raises
    ------
    NotFoundError
        When nothing matches; the message suggests close ids and references.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph
    >>> resolve(ReviewGraph(), "003:34")
    Traceback (most recent call last):
    ...
    reviewgraph.graph.errors.NotFoundError: nothing matches '003:34'
    """
    query = query.strip()
    labels = list(labels or TEXT_FIELDS)
    node = graph.get(query) or _by_short_id(graph, query)
    if node is not None:
        return [node]
    by_ref = _by_review_ref(graph, query)
    if by_ref:
        return sorted(by_ref, key=lambda n: natural_key(n.id))
    by_text = _by_text(graph, query, labels)
    if by_text:
        return sorted(by_text, key=lambda n: natural_key(n.id))
    raise NotFoundError(f"nothing matches {query!r}", _suggestions(graph, query, labels))


def _suggestions(graph: ReviewGraph, query: str, labels: list[str]) -> list[str]:
    candidates: list[str] = []
    for node in graph.nodes():
        candidates.append(node.id)
        if node.label == "Recommendation":
            candidates.append(item_ref(graph, node))
        if node.label in labels and node.label in ("LeadRole", "Agency"):
            candidates.append(item_text(node))
    return close_matches(query, candidates)
