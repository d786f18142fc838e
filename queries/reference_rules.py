"""The rules of ``reviewgraph check`` about references: dangling, ambiguous, cycles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from reviewgraph.graph.handles import natural_key

from .backend import Backend
from .checks import CheckContext, Finding, finding, rule
from .rule_reads import NodeCache, first_line, item_name, nodes_where, pairs_of

__all__ = ["dangling_reference", "ambiguous_reference", "reference_cycle"]


def _references(backend: Backend, resolution: str) -> list[dict]:
    """The cross-references resolved as ``resolution`` (a fixed word, never user text)."""
    return nodes_where(
        backend,
        "CrossReference",
        f"json_extract(props, '$.resolution') = '{resolution}'",
        f"n.resolution = '{resolution}'",
        ("raw", "kind", "reason"),
    )


def _citers(backend: Backend, ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for edge in backend.edge_dicts(targets=ids, types=["CITES"]):
        found[edge["target"]].append(edge["source"])
    return {k: sorted(v, key=natural_key) for k, v in found.items()}


@rule("dangling-reference", "error", "a reference points at nothing")
def dangling_reference(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """References that resolve to no item.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    references = _references(backend, "dangling")
    citers = _citers(backend, [r["id"] for r in references])
    nodes = NodeCache(backend)
    for ref in references:
        what = "“As above” has nothing to repeat" if ref["kind"] == "ditto" else "points at nothing"
        citing = citers.get(ref["id"])
        yield finding(
            "dangling-reference",
            ref,
            f"{what}: {ref.get('reason') or 'no item fits'}",
            context,
            quoted=ref["raw"],
            item=nodes.get(citing[0]) if citing else None,
            hint=(
                "write the value out in full instead of repeating the cell above"
                if ref["kind"] == "ditto"
                else "correct the number or words so they name an item that is in the plan"
            ),
        )


@rule("ambiguous-reference", "warning", "a reference fits several items")
def ambiguous_reference(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """References that fit several items; all candidates are named.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    references = _references(backend, "ambiguous")
    ids = [r["id"] for r in references]
    citers = _citers(backend, ids)
    targets: dict[str, list[str]] = defaultdict(list)
    for edge in backend.edge_dicts(sources=ids, types=["RESOLVES_TO"]):
        targets[edge["source"]].append(edge["target"])
    nodes = NodeCache(backend)
    nodes.load([t for found in targets.values() for t in found])
    for ref in references:
        names = ", ".join(
            f"{item_name(nodes.get(t), t)} (line {first_line(nodes.get(t))})"
            for t in sorted(targets.get(ref["id"], []), key=natural_key)
        )
        citing = citers.get(ref["id"])
        yield finding(
            "ambiguous-reference",
            ref,
            f"could mean any of {names}: {ref.get('reason')}",
            context,
            quoted=ref["raw"],
            item=nodes.get(citing[0]) if citing else None,
            hint="name the one item meant (its number, or its agency and number)",
        )


@rule("reference-cycle", "error", "references point round in a circle")
def reference_cycle(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Items whose references, of any kind and any length, lead back to themselves.

    What an action points at, its recommendation points at too; so a
    recommendation whose action points at a second recommendation whose action
    points back is a cycle of two.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    import networkx as nx

    cites = pairs_of(backend, "CITES")
    resolves = defaultdict(list)
    for reference, target in pairs_of(backend, "RESOLVES_TO"):
        resolves[reference].append(target)
    follow = nx.DiGraph()
    via: dict[tuple[str, str], str] = {}
    for citer, reference in cites:
        for target in resolves.get(reference, []):
            if citer != target:
                follow.add_edge(citer, target)
                via.setdefault((citer, target), reference)
    for recommendation, action in pairs_of(backend, "HAS_ACTION"):
        if action in follow and recommendation != action:
            follow.add_edge(recommendation, action)
    # Only items in a strongly connected component of two or more can be on a cycle:
    # read just those (a handful), not every item that points somewhere.
    cyclic = set().union(*(c for c in nx.strongly_connected_components(follow) if len(c) > 1))
    follow = follow.subgraph(cyclic)
    nodes = NodeCache(backend)
    nodes.load(sorted(cyclic) + sorted({r for step, r in via.items() if step[0] in cyclic}))
    citers_of: dict[str, list[str]] = defaultdict(list)
    for citer, reference in cites:
        citers_of[reference].append(citer)

    def place(node_id: str) -> tuple[int, bool, tuple]:
        node = nodes.get(node_id) or {}
        line = (node.get("source") or {}).get("line_start") or 0
        # On a shared line, a recommendation is told before the action it holds.
        return line, node.get("label") != "Recommendation", natural_key(node_id)

    def told_from_first(found: list[str]) -> list[str]:
        # Told from the item that stands first in the plan, so that the message is
        # the same on every run (networkx's walk order follows set order).
        start = found.index(min(found, key=place))
        return found[start:] + found[:start]

    cycles = sorted(
        map(told_from_first, nx.simple_cycles(follow)),
        key=lambda c: (sorted(map(place, c)), [place(n) for n in c]),
    )
    seen: set[frozenset[str]] = set()
    for cycle in cycles:
        members = frozenset(cycle)
        if members in seen:
            continue
        seen.add(members)
        steps = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        refs = [nodes.get(via[step]) for step in steps if step in via]
        refs = [r for r in refs if r]
        if not refs:
            continue
        first = min(refs, key=lambda r: (r["source"]["line_start"], natural_key(r["id"])))
        path = " → ".join(item_name(nodes.get(n), n) for n in [*cycle, cycle[0]])
        lines = ", ".join(str(r["source"]["line_start"]) for r in refs)
        citing = citers_of.get(first["id"], [])
        yield finding(
            "reference-cycle",
            first,
            f"references go round in a circle: {path} (lines {lines})",
            context,
            quoted=first["raw"],
            item=nodes.get(citing[0]) if citing else None,
            hint="make one of these items say what it does instead of pointing",
        )
