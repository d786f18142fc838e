"""Graph walks every query shares: where an item belongs and how rows are ordered.

Each helper answers a question in the terms of DOMAIN.md (the recommendation an
action delivers, the agencies a role belongs to), so that a Cypher version of a
query can be written from the same definitions.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import NotFoundError
from reviewgraph.graph.models import Action, Agency, Node, Recommendation, Review, Status
from reviewgraph.loaders.build import document_key

__all__: list[str] = []

_NUMBER_RE = re.compile(r"(\d+)")
_WORD_RE = re.compile(r"[a-z0-9]+")


def natural_key(text: str | None) -> tuple[Any, ...]:
    """A sort key that puts ``action:x:2`` before ``action:x:10``."""
    parts = _NUMBER_RE.split(text or "")
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts)


def document_stem(node: Node) -> str:
    """The id part naming the document ``node`` came from (the loaders' one scheme)."""
    return document_key(node.source.document)


def short_stem(stem: str) -> str:
    """The prefix analysts type for a document: ``003`` for ``003_ec582cd5a6ee9def``."""
    return stem.split("_", 1)[0]


def fold(text: str | None) -> str:
    """Text folded for comparison: lower case, curly quotes straightened, spaces single."""
    text = (text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def words(text: str | None) -> list[str]:
    return _WORD_RE.findall(fold(text))


def review_of(graph: ReviewGraph, node: Node) -> Review | None:
    """The review whose plan holds ``node`` (the one its document describes)."""
    document = f"document:{document_stem(node)}"
    if document in graph:
        reviews = graph.targets(document, "DESCRIBES")
        if reviews:
            return reviews[0]
    return None


def recommendations_of(graph: ReviewGraph, action_id: str) -> list[Recommendation]:
    """Recommendations an action delivers (usually one)."""
    return sorted(graph.sources(action_id, "HAS_ACTION"), key=lambda r: natural_key(r.id))


def parent_of(graph: ReviewGraph, recommendation_id: str) -> Recommendation | None:
    parents = graph.sources(recommendation_id, "HAS_PART")
    return parents[0] if parents else None


def role_agencies(graph: ReviewGraph, role_id: str) -> list[Agency]:
    return graph.targets(role_id, "MEMBER_OF")


def owner_agencies(graph: ReviewGraph, action_id: str) -> list[Agency]:
    """Agencies of the roles that own an action."""
    found: dict[str, Agency] = {}
    for role in graph.targets(action_id, "OWNED_BY"):
        for agency in role_agencies(graph, role.id):
            found[agency.id] = agency
    return [found[key] for key in sorted(found)]


def directed_agencies(graph: ReviewGraph, action_id: str) -> list[Agency]:
    """Agencies the recommendations an action delivers are directed at."""
    found: dict[str, Agency] = {}
    for recommendation in recommendations_of(graph, action_id):
        for agency in graph.targets(recommendation.id, "DIRECTED_AT"):
            found[agency.id] = agency
    return [found[key] for key in sorted(found)]


def accountable_agencies(graph: ReviewGraph, action_id: str) -> list[Agency]:
    """Who answers for an action: its owners' agencies, else its recommendation's."""
    return owner_agencies(graph, action_id) or directed_agencies(graph, action_id)


def deadline(action: Action) -> dt.date | None:
    # An open interval ("January 2006 onwards", "then ongoing") has no last day to miss.
    return action.due_end


def is_overdue(action: Action, as_of: dt.date) -> bool:
    """Overdue: the last day it was due is before ``as_of`` and it is not complete."""
    last_day = deadline(action)
    return last_day is not None and last_day < as_of and action.status != Status.COMPLETE


def item_ref(graph: ReviewGraph, node: Node) -> str:
    """How an analyst names an item: ``003:56`` for a recommendation, ``003:56 (116)``
    for an action (its recommendation and its number), else its id."""
    if isinstance(node, Recommendation):
        return f"{short_stem(document_stem(node))}:{recommendation_ref(node)}"
    if isinstance(node, Action):
        recommendations = recommendations_of(graph, node.id)
        if recommendations:
            return f"{item_ref(graph, recommendations[0])} ({node.id.rsplit(':', 1)[-1]})"
    return node.id


def item_text(node: Node) -> str:
    """The words that identify an item in a listing."""
    for attribute in ("text", "raw", "name", "title", "path"):
        value = getattr(node, attribute, None)
        if value:
            return str(value)
    return ""


def recommendation_ref(recommendation: Recommendation | None) -> str | None:
    if recommendation is None:
        return None
    return recommendation.ref or f"#{recommendation.order}"


def match_agencies(graph: ReviewGraph, name: str) -> list[Agency]:
    """Agencies whose id, name or any alias is ``name`` (case-insensitive).

    When nothing matches exactly, agencies whose name or an alias contains the
    words are taken, so "Housing" finds "Housing RBK".

    Raises
    ------
    NotFoundError
        When no agency matches; the message offers close names.
    """
    wanted = fold(name)
    agencies = list(graph.nodes("Agency"))

    def spellings(agency: Agency) -> list[str]:
        return [fold(agency.id), fold(agency.id.split(":", 1)[1]), fold(agency.name)] + [
            fold(alias) for alias in agency.aliases
        ]

    exact = [a for a in agencies if wanted in spellings(a)]
    if exact:
        return exact
    partial = [a for a in agencies if any(wanted in s for s in spellings(a)[2:])]
    if partial:
        return partial
    names = sorted({a.name for a in agencies} | {x for a in agencies for x in a.aliases})
    raise NotFoundError(f"no agency named {name!r}", close_matches(name, names))


def close_matches(wanted: str, candidates: list[str], limit: int = 3) -> list[str]:
    import difflib

    by_fold = {}
    for candidate in candidates:
        by_fold.setdefault(fold(candidate), candidate)
    found = difflib.get_close_matches(fold(wanted), list(by_fold), n=limit, cutoff=0.6)
    return [by_fold[key] for key in found]
