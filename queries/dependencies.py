"""What an item depends on through cross-references, transitively, and what depends on it."""

from __future__ import annotations

from collections import deque

from pydantic import BaseModel, ConfigDict

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Node

from ._common import item_ref, item_text, natural_key, parent_of, recommendations_of
from .resolve import resolve

__all__ = ["Dependency", "deps"]


class Dependency(BaseModel):
    """One cross-reference met while following an item's dependencies.

    Forward, ``citing_id`` cites ``crossref_id`` whose words resolve to
    ``target_id`` (None when dangling; one row per target when ambiguous).
    Reverse, the row reads the same way: ``citing_id`` depends on
    ``target_id``. ``path`` runs from the starting item to the row's far end
    through the cross-reference ids; ``cycle`` marks a reference back to an
    item already on the path, which is reported and not followed.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    start_id: str
    depth: int
    citing_id: str
    citing_ref: str
    crossref_id: str
    raw: str
    field: str
    resolution: str
    target_id: str | None
    target_ref: str | None
    target_text: str | None
    path: list[str]
    cycle: bool


def _scope(graph: ReviewGraph, node: Node) -> list[Node]:
    """The items whose citations count as ``node``'s own: a recommendation speaks
    through its actions and sub-items, a role through the actions it owns, a review
    through its recommendations."""
    found: dict[str, Node] = {node.id: node}
    pending = [node]
    while pending:
        current = pending.pop()
        if current.label == "Recommendation":
            children = graph.targets(current.id, "HAS_ACTION") + graph.targets(
                current.id, "HAS_PART"
            )
        elif current.label == "LeadRole":
            children = graph.sources(current.id, "OWNED_BY")
        elif current.label == "Review":
            children = graph.targets(current.id, "HAS_RECOMMENDATION")
        else:
            children = []
        for child in children:
            if child.id not in found:
                found[child.id] = child
                pending.append(child)
    return sorted(found.values(), key=lambda n: natural_key(n.id))


def _containers(graph: ReviewGraph, node: Node) -> list[Node]:
    """``node`` and every item whose scope holds it (its recommendation, parents)."""
    found: dict[str, Node] = {node.id: node}
    pending = [node]
    while pending:
        current = pending.pop()
        if current.label == "Action":
            above = recommendations_of(graph, current.id)
        elif current.label == "Recommendation":
            parent = parent_of(graph, current.id)
            above = [parent] if parent else []
        else:
            above = []
        for item in above:
            if item.id not in found:
                found[item.id] = item
                pending.append(item)
    return list(found.values())


def _row(graph, start, depth, citing, crossref, target, path, cycle) -> Dependency:
    return Dependency(
        start_id=start.id,
        depth=depth,
        citing_id=citing.id,
        citing_ref=item_ref(graph, citing),
        crossref_id=crossref.id,
        raw=crossref.raw,
        field=crossref.field,
        resolution=crossref.resolution,
        target_id=target.id if target else None,
        target_ref=item_ref(graph, target) if target else None,
        target_text=item_text(target) if target else None,
        path=path,
        cycle=cycle,
    )


def deps(graph: ReviewGraph, item: str | Node, *, reverse: bool = False) -> list[Dependency]:
    """Everything an item reaches through cross-references, transitively, with the path.

    An item's own citations are those of the item and, for a recommendation,
    of its actions and sub-items (``HAS_ACTION``, ``HAS_PART``); for a role,
    of the actions it owns; for a review, of its recommendations. Each
    ``CITES`` → ``CrossReference`` → ``RESOLVES_TO`` step gives a row; every
    target reached is followed the same way, breadth first, so each row's path
    is a shortest one. Dangling and ambiguous references are rows too.

    With ``reverse``, the rows are what depends on the item: items citing it
    or anything within it, then what cites those or their recommendations,
    and so on.

    Parameters
    ----------
    graph : ReviewGraph
    item : str or Node
        A node or what names one (id, ``review:ref`` such as ``003:56``, or
        words of its text). Words that name several items are an error here.
    reverse : bool
        Follow references backwards: what depends on the item.

    Returns
    -------
    list of Dependency
        In the order met: by depth, then citing item and reference id.

    Raises
    ------
    NotFoundError
        When nothing, or more than one item, matches ``item``.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph, Action, CrossReference, Source
    >>> g = ReviewGraph()
    >>> src = Source(document="plan.txt", line_start=1, line_end=1)
    >>> for n in (1, 2):
    ...     _ = g.add(Action(id=f"action:plan:{n}", text=f"step {n}", source=src))
    ...     _ = g.add(CrossReference(id=f"crossref:plan:{n}", raw="see", kind="explicit",
    ...         field="text", resolution="resolved", source=src))
    >>> g.link("action:plan:1", "CITES", "crossref:plan:1")
    >>> g.link("crossref:plan:1", "RESOLVES_TO", "action:plan:2")
    >>> g.link("action:plan:2", "CITES", "crossref:plan:2")
    >>> g.link("crossref:plan:2", "RESOLVES_TO", "action:plan:1")
    >>> [(r.citing_id, r.target_id, r.cycle) for r in deps(g, "action:plan:1")]
    [('action:plan:1', 'action:plan:2', False), ('action:plan:2', 'action:plan:1', True)]
    """
    start = item if isinstance(item, Node) else _one(graph, item)
    return _reverse(graph, start) if reverse else _forward(graph, start)


def _one(graph: ReviewGraph, query: str) -> Node:
    from reviewgraph.graph.errors import NotFoundError

    found = resolve(graph, query)
    if len(found) > 1:
        shown = ", ".join(n.id for n in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise NotFoundError(f"{query!r} names {len(found)} items ({shown}{more}); name one by id")
    return found[0]


def _forward(graph: ReviewGraph, start: Node) -> list[Dependency]:
    rows: list[Dependency] = []
    seen = {start.id}
    queue = deque([(start, [start.id])])
    while queue:
        node, path = queue.popleft()
        on_path = set(path)
        for citing in _scope(graph, node):
            for crossref in graph.targets(citing.id, "CITES"):
                targets = graph.targets(crossref.id, "RESOLVES_TO") or [None]
                for target in targets:
                    lead = path if citing.id == node.id else [*path, citing.id]
                    route = [*lead, crossref.id] + ([target.id] if target else [])
                    cycle = target is not None and target.id in on_path
                    # A target inside an item on the path is already being followed.
                    inside = target is not None and any(
                        c.id in on_path for c in _containers(graph, target)
                    )
                    depth = len([p for p in path if p.startswith("crossref:")]) + 1
                    rows.append(_row(graph, start, depth, citing, crossref, target, route, cycle))
                    if target is not None and not inside and target.id not in seen:
                        seen.add(target.id)
                        queue.append((target, route))
    return rows


def _reverse(graph: ReviewGraph, start: Node) -> list[Dependency]:
    rows: list[Dependency] = []
    seen = {start.id}
    queue = deque([(start, [start.id])])
    while queue:
        node, path = queue.popleft()
        on_path = set(path)
        # What cites the item, anything within it, or anything holding it.
        cited = {n.id: n for n in _scope(graph, node)}
        cited.update({n.id: n for n in _containers(graph, node)})
        for target in sorted(cited.values(), key=lambda n: natural_key(n.id)):
            for crossref in graph.sources(target.id, "RESOLVES_TO"):
                for citing in graph.sources(crossref.id, "CITES"):
                    route = [*path, crossref.id, citing.id]
                    within = citing.id in on_path
                    depth = len([p for p in path if p.startswith("crossref:")]) + 1
                    rows.append(_row(graph, start, depth, citing, crossref, target, route, within))
                    if not within and citing.id not in seen:
                        seen.add(citing.id)
                        queue.append((citing, route))
    return rows
