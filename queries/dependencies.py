"""What an item depends on through cross-references, transitively, and what depends on it.

The walk runs in memory over the part of the graph it reaches: each step asks
the backend for the edges around the items met, breadth first.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from pydantic import BaseModel, ConfigDict

from ._common import documents_by_id, natural_key, place_of
from .backend import Backend, as_backend
from .constants import REFERENCE_KINDS
from .naming import resolve_one
from .tracing import item_text

__all__ = ["Dependency", "deps", "REFERENCE_KINDS"]


class Dependency(BaseModel):
    """One cross-reference met while following an item's dependencies.

    ``citing`` cites the reference ``ref`` (words ``raw`` in its ``field``),
    which resolves to ``target`` (None when dangling; one row per target when
    ambiguous). Reverse, the row reads the same way: ``citing`` depends on
    ``target``. ``path`` runs from the starting item to the row's far end;
    ``cycle`` marks a reference back to an item already on the path, which is
    reported and not followed. The place keys are the reference's own.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    ref: str | None
    review: str | None
    document: str | None
    line_start: int | None
    line_end: int | None
    locator: str | None = None
    start: str
    depth: int
    citing: str
    citing_id: str
    raw: str
    kind: str
    field: str
    resolution: str
    target: str | None
    target_id: str | None
    target_text: str | None
    path: list[str]
    cycle: bool


class _Neighbourhood:
    """Edges and nodes around the items met, fetched once each."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.nodes: dict[str, dict[str, Any]] = {}
        self.out: dict[str, list[dict[str, Any]]] = {}
        self.into: dict[str, list[dict[str, Any]]] = {}

    def load(self, ids: list[str]) -> None:
        missing = [i for i in ids if i not in self.out]
        if not missing:
            return
        for node in self.backend.node_dicts(missing):
            self.nodes[node["id"]] = node
        for node_id in missing:
            self.out[node_id] = []
            self.into[node_id] = []
        for edge in self.backend.edge_dicts(sources=missing):
            self.out[edge["source"]].append(edge)
        for edge in self.backend.edge_dicts(targets=missing):
            self.into[edge["target"]].append(edge)
        ends = {e["target"] for i in missing for e in self.out[i]}
        ends |= {e["source"] for i in missing for e in self.into[i]}
        unknown = [i for i in ends if i not in self.nodes]
        for node in self.backend.node_dicts(unknown):
            self.nodes[node["id"]] = node

    def targets(self, node_id: str, kind: str) -> list[dict[str, Any]]:
        self.load([node_id])
        ids = {e["target"] for e in self.out[node_id] if e["type"] == kind}
        return self._sorted(ids)

    def sources(self, node_id: str, kind: str) -> list[dict[str, Any]]:
        self.load([node_id])
        ids = {e["source"] for e in self.into[node_id] if e["type"] == kind}
        return self._sorted(ids)

    def _sorted(self, ids: set[str]) -> list[dict[str, Any]]:
        return [self.nodes[i] for i in sorted(ids, key=natural_key) if i in self.nodes]

    def scope(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        """The items whose citations count as ``node``'s own: a recommendation speaks
        through its actions and sub-items, a role through the actions it owns, a review
        through its recommendations."""
        found = {node["id"]: node}
        pending = [node]
        while pending:
            current = pending.pop()
            label = current["label"]
            if label == "Recommendation":
                children = self.targets(current["id"], "HAS_ACTION") + self.targets(
                    current["id"], "HAS_PART"
                )
            elif label == "LeadRole":
                children = self.sources(current["id"], "OWNED_BY")
            elif label == "Review":
                children = self.targets(current["id"], "HAS_RECOMMENDATION")
            else:
                children = []
            for child in children:
                if child["id"] not in found:
                    found[child["id"]] = child
                    pending.append(child)
        return sorted(found.values(), key=lambda n: natural_key(n["id"]))

    def containers(self, node: dict[str, Any]) -> list[str]:
        """``node`` and every item whose scope holds it (its recommendation, parents)."""
        found = {node["id"]}
        pending = [node]
        while pending:
            current = pending.pop()
            if current["label"] == "Action":
                above = self.sources(current["id"], "HAS_ACTION")
            elif current["label"] == "Recommendation":
                above = self.sources(current["id"], "HAS_PART")
            else:
                above = []
            for item in above:
                if item["id"] not in found:
                    found.add(item["id"])
                    pending.append(item)
        return sorted(found)


def deps(
    source,
    item: str | dict[str, Any],
    *,
    reverse: bool = False,
    kinds: tuple[str, ...] = REFERENCE_KINDS,
) -> list[Dependency]:
    """Everything an item reaches through cross-references, transitively, with the path.

    An item's own citations are those of the item and, for a recommendation,
    of its actions and sub-items (``HAS_ACTION``, ``HAS_PART``); for a role,
    of the actions it owns; for a review, of its recommendations; a
    cross-reference depends on what it resolves to. Each ``CITES`` →
    ``CrossReference`` → ``RESOLVES_TO`` step gives a row; every target reached
    is followed the same way, breadth first, so each row's path is a shortest
    one. Dangling and ambiguous references are rows too. A reference back to
    an item on the path, or into an item met earlier, is a cycle: marked, not
    followed.

    With ``reverse``, the rows are what depends on the item: items citing it
    or anything within it, then what cites those, and so on.

    Parameters
    ----------
    source : Backend, Store or ReviewGraph
    item : str or dict
        What names one item (id, printed reference such as ``003:56`` or
        words of its text), or a node dict.
    reverse : bool
        Follow references backwards: what depends on the item.
    kinds : tuple of str
        Which kinds of reference to follow (``explicit``, ``positional``,
        ``ditto``); all by default.

    Returns
    -------
    list of Dependency
        In the order met: by depth, then citing item and reference.

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
    backend = as_backend(source)
    start = item if isinstance(item, dict) else resolve_one(backend, item)
    walk = _Neighbourhood(backend)
    walk.nodes[start["id"]] = start
    documents = documents_by_id(backend)
    if reverse:
        return _reverse(walk, documents, start, kinds)
    return _forward(walk, documents, start, kinds)


def _name(node: dict[str, Any]) -> str:
    return node.get("handle") or node["id"]


def _row(documents, start, depth, citing, crossref, target, path, cycle) -> Dependency:
    return Dependency(
        id=crossref["id"],
        ref=crossref.get("handle"),
        **place_of(crossref, documents),
        start=_name(start),
        depth=depth,
        citing=_name(citing),
        citing_id=citing["id"],
        raw=crossref["raw"],
        kind=crossref["kind"],
        field=crossref["field"],
        resolution=crossref["resolution"],
        target=_name(target) if target else None,
        target_id=target["id"] if target else None,
        target_text=item_text(target) if target else None,
        path=path,
        cycle=cycle,
    )


def _forward(walk, documents, start, kinds) -> list[Dependency]:
    rows: list[Dependency] = []
    seen = {start["id"]}
    queue = deque([(start, [start["id"]])])
    while queue:
        node, path = queue.popleft()
        on_path = set(path)
        earlier = on_path - {node["id"]}
        if node["label"] == "CrossReference":
            # A reference depends on what it points at.
            citing_items = walk.sources(node["id"], "CITES") or [node]
            steps = [(citing_items[0], node)]
        else:
            steps = [
                (citing, crossref)
                for citing in walk.scope(node)
                for crossref in walk.targets(citing["id"], "CITES")
            ]
        for citing, crossref in steps:
            if crossref.get("kind") not in kinds:
                continue
            for target in walk.targets(crossref["id"], "RESOLVES_TO") or [None]:
                lead = path if citing["id"] in (node["id"],) else [*path, citing["id"]]
                route = [*lead, crossref["id"]] + ([target["id"]] if target else [])
                inside = target is not None and bool(set(walk.containers(target)) & on_path)
                cycle = target is not None and (
                    target["id"] in on_path or bool(set(walk.containers(target)) & earlier)
                )
                depth = sum(1 for p in path if p.startswith("crossref:")) + 1
                names = [_name(walk.nodes[p]) if p in walk.nodes else p for p in route]
                rows.append(_row(documents, start, depth, citing, crossref, target, names, cycle))
                if target is not None and not inside and target["id"] not in seen:
                    seen.add(target["id"])
                    queue.append((target, route))
    return rows


def _reverse(walk, documents, start, kinds) -> list[Dependency]:
    rows: list[Dependency] = []
    seen = {start["id"]}
    queue = deque([(start, [start["id"]])])
    while queue:
        node, path = queue.popleft()
        on_path = set(path)
        cited = {n["id"]: n for n in walk.scope(node)}
        cited.update({i: walk.nodes[i] for i in walk.containers(node) if i in walk.nodes})
        for target in sorted(cited.values(), key=lambda n: natural_key(n["id"])):
            for crossref in walk.sources(target["id"], "RESOLVES_TO"):
                if crossref.get("kind") not in kinds:
                    continue
                for citing in walk.sources(crossref["id"], "CITES"):
                    route = [*path, crossref["id"], citing["id"]]
                    within = citing["id"] in on_path
                    depth = sum(1 for p in path if p.startswith("crossref:")) + 1
                    names = [_name(walk.nodes[p]) if p in walk.nodes else p for p in route]
                    rows.append(
                        _row(documents, start, depth, citing, crossref, target, names, within)
                    )
                    if not within and citing["id"] not in seen:
                        seen.add(citing["id"])
                        queue.append((citing, route))
    return rows
