"""Printed references: the one short name of each item that every command prints and accepts.

A plan is named by its *handle* (``003`` for ``003_ec582cd5a6ee9def.txt``); its
items by where they stand in it:

- a recommendation by its number as printed, spaces dropped: ``003:56``,
  ``000:3.3.9(v)``; an unnumbered one, or the second of two printed with the
  same number, by its position in the plan: ``002:#3``;
- an action by its recommendation and its place among that recommendation's
  actions: ``003:56/2``;
- a cross-reference by the item citing it and its place among that item's
  references: ``003:56/2~1``.

Agencies and lead roles are named by their names and have no handle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["natural_key", "normal_ref", "document_handles", "item_handles"]

_NUMBER_RE = re.compile(r"(\d+)")
_SPACES_RE = re.compile(r"\s+")


def natural_key(text: str | None) -> tuple[Any, ...]:
    """A sort key that puts ``action:x:2`` before ``action:x:10``.

    Examples
    --------
    >>> sorted(["a:10", "a:2"], key=natural_key)
    ['a:2', 'a:10']
    """
    parts = _NUMBER_RE.split(text or "")
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts)


def normal_ref(ref: str) -> str:
    """A printed number as compared: ``3.3.9 (v)``, ``3.3.9(v)`` and ``3.3.9(V).`` are one.

    Examples
    --------
    >>> normal_ref("3.3.9 (V).")
    '3.3.9(v)'
    """
    return _SPACES_RE.sub("", ref).lower().rstrip(".")


def document_handles(key: str, taken: Iterable[str]) -> str:
    """The handle of a new plan: the part of its key before ``_`` unless another plan
    has it, else the whole key.

    Examples
    --------
    >>> document_handles("003_ec582cd5a6ee9def", [])
    '003'
    >>> document_handles("baby_b", ["baby"])
    'baby_b'
    """
    # A key made longer to tell two files apart ("2019/plan", "plan.md") is its own handle.
    short = key if ("/" in key or "." in key) else (key.split("_", 1)[0] or key)
    taken = set(taken)
    if short not in taken:
        return short
    return key


def item_handles(handle: str, graph: Mapping[str, list[dict[str, Any]]]) -> dict[str, str]:
    """The printed reference of every item of one plan, by node id.

    Parameters
    ----------
    handle : str
        The plan's handle (``003``).
    graph : mapping
        The plan's graph in export form (``{"nodes": [...], "edges": [...]}``).

    Returns
    -------
    dict
        Node id to printed reference, for the plan's Document, Review,
        recommendations, actions and cross-references.

    Raises
    ------
    KeyError
        When a node or edge lacks ``id``, ``label``, ``source``, ``target`` or ``type``.

    Examples
    --------
    >>> nodes = [{"id": "r1", "label": "Recommendation", "ref": "3.3.9 (v)", "order": 1},
    ...          {"id": "a1", "label": "Action", "order": 1}]
    >>> edges = [{"source": "r1", "target": "a1", "type": "HAS_ACTION"}]
    >>> item_handles("000", {"nodes": nodes, "edges": edges})
    {'r1': '000:3.3.9(v)', 'a1': '000:3.3.9(v)/1'}
    """
    handles: dict[str, str] = {}
    recommendations: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    references: list[dict[str, Any]] = []
    for node in graph["nodes"]:
        label = node["label"]
        if label in ("Document", "Review"):
            handles[node["id"]] = handle
        elif label == "Recommendation":
            recommendations.append(node)
        elif label == "Action":
            actions.append(node)
        elif label == "CrossReference":
            references.append(node)

    seen: set[str] = set()
    order_of: dict[str, int] = {}
    for node in sorted(recommendations, key=lambda n: n["order"]):
        order_of[node["id"]] = node["order"]
        ref = node.get("ref")
        number = _SPACES_RE.sub("", ref) if ref else ""
        if number and normal_ref(number) not in seen:
            seen.add(normal_ref(number))
            handles[node["id"]] = f"{handle}:{number}"
        else:
            handles[node["id"]] = f"{handle}:#{node['order']}"

    delivering: dict[str, list[str]] = {}
    cited_by: dict[str, list[str]] = {}
    for edge in graph["edges"]:
        if edge["type"] == "HAS_ACTION":
            delivering.setdefault(edge["target"], []).append(edge["source"])
        elif edge["type"] == "CITES":
            cited_by.setdefault(edge["target"], []).append(edge["source"])

    per_recommendation: dict[str, list[dict[str, Any]]] = {}
    loose = 0
    for node in sorted(actions, key=lambda n: natural_key(n["id"])):
        owners = [r for r in delivering.get(node["id"], []) if r in order_of]
        if owners:
            first = min(owners, key=order_of.__getitem__)
            per_recommendation.setdefault(first, []).append(node)
        else:
            loose += 1
            handles[node["id"]] = f"{handle}:action{loose}"
    for recommendation, mine in per_recommendation.items():
        mine.sort(key=lambda n: (n.get("order", 1), natural_key(n["id"])))
        for position, node in enumerate(mine, 1):
            handles[node["id"]] = f"{handles[recommendation]}/{position}"

    per_citer: dict[str, int] = {}
    loose = 0
    for node in sorted(references, key=lambda n: natural_key(n["id"])):
        citers = [c for c in cited_by.get(node["id"], []) if c in handles]
        if citers:
            citer = min(citers, key=lambda c: natural_key(handles[c]))
            per_citer[citer] = per_citer.get(citer, 0) + 1
            handles[node["id"]] = f"{handles[citer]}~{per_citer[citer]}"
        else:
            loose += 1
            handles[node["id"]] = f"{handle}:~{loose}"
    return handles
