"""Which agencies answer for each action of one plan, worked out once when the plan is stored.

An action's accountable agencies are those of its owners: an agency that owns
it directly (``OWNED_BY`` an Agency), or the agency a lead role owning it is
``MEMBER_OF``. An action with no owner at all answers through the agencies its
recommendations are ``DIRECTED_AT``. ``stats``, ``status``, ``owners`` and
``shared`` all count by this definition (the Cypher backend by the same
pattern, :data:`reviewgraph.queries.accountability.ACCOUNTABLE_CYPHER`), so
their numbers agree; the store keeps the pairs in a table so that a
national corpus rolls up by index rather than by re-walking every edge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

__all__ = ["accountable_pairs"]


def accountable_pairs(graph: Mapping[str, list[dict[str, Any]]]) -> list[tuple[str, str]]:
    """``(action, agency)`` for every action of one plan's graph (export form).

    Raises
    ------
    KeyError
        When a node or edge lacks ``id``, ``label``, ``source``, ``target`` or ``type``.

    Examples
    --------
    >>> nodes = [{"id": "a1", "label": "Action"}, {"id": "a2", "label": "Action"},
    ...          {"id": "r1", "label": "Recommendation"}, {"id": "nurse", "label": "LeadRole"},
    ...          {"id": "agency:nhs", "label": "Agency"}, {"id": "agency:lscb", "label": "Agency"}]
    >>> edges = [{"source": "a1", "target": "nurse", "type": "OWNED_BY"},
    ...          {"source": "nurse", "target": "agency:nhs", "type": "MEMBER_OF"},
    ...          {"source": "r1", "target": "a1", "type": "HAS_ACTION"},
    ...          {"source": "r1", "target": "a2", "type": "HAS_ACTION"},
    ...          {"source": "r1", "target": "agency:lscb", "type": "DIRECTED_AT"}]
    >>> accountable_pairs({"nodes": nodes, "edges": edges})
    [('a1', 'agency:nhs'), ('a2', 'agency:lscb')]
    """
    labels = {node["id"]: node["label"] for node in graph["nodes"]}
    owners: dict[str, set[str]] = defaultdict(set)
    members: dict[str, set[str]] = defaultdict(set)
    delivering: dict[str, set[str]] = defaultdict(set)
    directed: dict[str, set[str]] = defaultdict(set)
    for edge in graph["edges"]:
        kind, source, target = edge["type"], edge["source"], edge["target"]
        if kind == "OWNED_BY":
            owners[source].add(target)
        elif kind == "MEMBER_OF":
            members[source].add(target)
        elif kind == "HAS_ACTION":
            delivering[target].add(source)
        elif kind == "DIRECTED_AT":
            directed[source].add(target)
    pairs: set[tuple[str, str]] = set()
    for action, label in labels.items():
        if label != "Action":
            continue
        if action in owners:
            for owner in owners[action]:
                if owner.startswith("agency:") or labels.get(owner) == "Agency":
                    pairs.add((action, owner))
                else:
                    pairs.update((action, agency) for agency in members.get(owner, ()))
        else:
            for recommendation in delivering.get(action, ()):
                pairs.update((action, agency) for agency in directed.get(recommendation, ()))
    return sorted(pairs)
