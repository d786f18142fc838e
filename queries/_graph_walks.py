"""Walks over an in-memory :class:`~reviewgraph.graph.core.ReviewGraph`: where an item
belongs, how it is named. The maps draw from a graph the store hands over, and
ask these questions of it.
"""

from __future__ import annotations

import datetime as dt

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import NotFoundError
from reviewgraph.graph.handles import natural_key
from reviewgraph.graph.models import Action, Agency, Node, Recommendation, Review, Status

from ._common import close_matches, fold

__all__ = [
    "natural_key",
    "document_stem",
    "short_stem",
    "review_of",
    "recommendations_of",
    "parent_of",
    "role_agencies",
    "owner_agencies",
    "directed_agencies",
    "is_overdue",
    "item_ref",
    "recommendation_ref",
    "match_agencies",
    "resolve_review",
]

#: Labels whose ids read ``label:<document key>:<number>``.
_NUMBERED = ("recommendation:", "action:", "crossref:")


def document_stem(node: Node) -> str:
    """The key of the plan ``node`` came from, as its id spells it.

    Examples
    --------
    >>> from reviewgraph.graph.models import Source, Review
    >>> document_stem(Review(id="review:003_plan", title="T",
    ...     source=Source(document="x/003_plan.txt", line_start=1, line_end=1)))
    '003_plan'
    """
    if node.id.startswith(_NUMBERED):
        return node.id.split(":", 1)[1].rsplit(":", 1)[0]
    if node.id.startswith(("review:", "document:")):
        return node.id.split(":", 1)[1]
    from pathlib import Path

    return Path(node.source.document).stem


def short_stem(stem: str) -> str:
    """The prefix analysts type for a plan: ``003`` for ``003_ec582cd5a6ee9def``."""
    return stem.split("_", 1)[0]


def review_of(graph: ReviewGraph, node: Node) -> Review | None:
    """The review whose plan holds ``node`` (the one its document describes)."""
    document = f"document:{document_stem(node)}"
    if document in graph:
        reviews = graph.targets(document, "DESCRIBES")
        if reviews:
            return reviews[0]
    review = graph.get(f"review:{document_stem(node)}")
    return review if isinstance(review, Review) else None


def recommendations_of(graph: ReviewGraph, action_id: str) -> list[Recommendation]:
    """Recommendations an action delivers (usually one)."""
    return sorted(graph.sources(action_id, "HAS_ACTION"), key=lambda r: natural_key(r.id))


def parent_of(graph: ReviewGraph, recommendation_id: str) -> Recommendation | None:
    parents = graph.sources(recommendation_id, "HAS_PART")
    return parents[0] if parents else None


def role_agencies(graph: ReviewGraph, role_id: str) -> list[Agency]:
    return graph.targets(role_id, "MEMBER_OF")


def owner_agencies(graph: ReviewGraph, action_id: str) -> list[Agency]:
    """Agencies that own an action directly or through a lead role."""
    found: dict[str, Agency] = {}
    for owner in graph.targets(action_id, "OWNED_BY"):
        agencies = [owner] if isinstance(owner, Agency) else role_agencies(graph, owner.id)
        for agency in agencies:
            found[agency.id] = agency
    return [found[key] for key in sorted(found)]


def directed_agencies(graph: ReviewGraph, action_id: str) -> list[Agency]:
    """Agencies the recommendations an action delivers are directed at."""
    found: dict[str, Agency] = {}
    for recommendation in recommendations_of(graph, action_id):
        for agency in graph.targets(recommendation.id, "DIRECTED_AT"):
            found[agency.id] = agency
    return [found[key] for key in sorted(found)]


def is_overdue(action: Action, as_of: dt.date) -> bool:
    """Overdue: the last day it was due is before ``as_of`` and it is not complete."""
    last_day = action.due_end
    return last_day is not None and last_day < as_of and action.status != Status.COMPLETE


def recommendation_ref(recommendation: Recommendation | None) -> str | None:
    if recommendation is None:
        return None
    return recommendation.ref or f"#{recommendation.order}"


def item_ref(graph: ReviewGraph, node: Node) -> str:
    """How an analyst names an item: its printed reference (``003:56/2``)."""
    if node.handle:
        return node.handle
    if isinstance(node, Recommendation):
        return f"{short_stem(document_stem(node))}:{recommendation_ref(node)}"
    if isinstance(node, Action):
        recommendations = recommendations_of(graph, node.id)
        if recommendations:
            return f"{item_ref(graph, recommendations[0])}/{node.order}"
    return node.id


def match_agencies(graph: ReviewGraph, name: str) -> list[Agency]:
    """Every agency whose name or alias holds ``name``'s words (see
    :func:`reviewgraph.queries._common.match_agencies`).

    Raises
    ------
    NotFoundError
        When no agency matches; the message offers close names.
    """
    import re

    wanted = fold(name)
    if not wanted:
        raise NotFoundError("an agency must be named (a name or any alias)")
    pattern = re.compile(r"(?<![\w&])" + re.escape(wanted) + r"(?![\w&])")
    agencies = list(graph.nodes("Agency"))
    found = [
        a
        for a in agencies
        if fold(a.id) == wanted or any(pattern.search(fold(s)) for s in [a.name, *a.aliases])
    ]
    if found:
        return found
    names = sorted({a.name for a in agencies} | {x for a in agencies for x in a.aliases})
    raise NotFoundError(f"no agency named {name!r}", close_matches(name, names))


def resolve_review(graph: ReviewGraph, name: str) -> list[Review]:
    """Reviews named by handle, id, document key, its prefix before ``_`` or a title word.

    Raises
    ------
    NotFoundError
        When no review matches; the message offers close names.
    """
    reviews = list(graph.nodes("Review"))
    wanted = fold(name)

    def names(review: Review) -> tuple[str, ...]:
        stem = document_stem(review)
        return (fold(review.id), fold(stem), fold(short_stem(stem)), fold(review.handle))

    exact = [r for r in reviews if wanted in names(r)]
    if exact:
        return exact
    partial = [
        r for r in reviews if any(wanted in fold(v) for v in (r.title, r.board, r.subject) if v)
    ]
    if partial:
        return partial
    candidates = [document_stem(r) for r in reviews] + [r.handle or "" for r in reviews]
    raise NotFoundError(f"no review named {name!r}", close_matches(name, candidates))
