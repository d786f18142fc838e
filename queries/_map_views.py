"""The four maps, one builder each: which nodes and edges, in which colours and shapes."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

import networkx as nx

from reviewgraph.graph.models import Action, LeadRole, Node, Recommendation
from reviewgraph.graph.style import (
    CYCLE_COLOUR,
    DANGER_COLOUR,
    KIND_COLOURS,
    REFERENCE_COLOUR,
    agency_colours,
)

from ._graph_walks import (
    directed_agencies,
    item_ref,
    parent_of,
    review_of,
)
from ._map_nodes import (
    action_node,
    actions_below,
    agency_node,
    colour_of_item,
    item_node,
    node_kwargs,
    recommendation_node,
    review_node,
    size,
    style_edge,
)
from ._map_selection import _actions, _Owner, _Selection
from ._map_text import (
    agency_tooltip,
    crossref_tooltip,
    one_line,
    source_line,
    wrap,
)

__all__ = ["BUILDERS"]

UNOWNED = "unowned:"


def _accountability(selection: _Selection, view: nx.DiGraph) -> None:
    graph = selection.graph
    colours: dict[str, str] = {}
    pending: list[tuple[str, str, dict[str, Any]]] = []
    for action in _actions(graph, selection, agency=False):
        owners = selection.owners(action)
        if not owners:
            owners = [_Owner(a, "agency", [a]) for a in directed_agencies(graph, action.id)]
        if selection.agency_ids is not None:
            owners = [o for o in owners if {a.id for a in o.agencies} & selection.agency_ids]
            if not owners:
                continue
        action_node(view, selection, action)
        if not owners:
            view.add_node(
                UNOWNED,
                kind="Unowned",
                node_id=UNOWNED,
                label="No owner or agency\nnamed in the plan",
                name="No owner or agency named in the plan",
                title="Actions whose plan names no owner and whose recommendation names no agency",
                color="#eceff1",
                border="#90a4ae",
                border_width=2,
                shape="dot",
                group="unowned",
                level=0,
                source="",
            )
            pending.append((UNOWNED, action.id, {"type": "OWNED_BY", "basis": "none"}))
        for owner in owners:
            for agency in owner.agencies:
                colours.setdefault(agency.id, "")
            edge = {"type": "OWNED_BY", "basis": owner.basis}
            if isinstance(owner.node, LeadRole):
                role = owner.node
                if role.id not in view:
                    view.add_node(
                        role.id,
                        **node_kwargs(
                            role,
                            label=wrap(role.name, 22, 3),
                            name=role.name,
                            shape="diamond",
                            group="role",
                            level=1,
                            font_size=19,
                            border="#263238",
                            border_width=1,
                        ),
                    )
                pending.append((role.id, action.id, edge))
                for agency in owner.agencies:
                    pending.append((agency.id, role.id, {"type": "MEMBER_OF"}))
            else:
                pending.append((owner.node.id, action.id, edge))
    palette = agency_colours(colours)
    for agency_id, colour in palette.items():
        agency_node(view, graph, graph.node(agency_id), colour)
    for source, target, data in pending:
        view.add_edge(source, target, **data)
    # Roles take their agency's colour, sizes follow the actions under each node.
    for node_id, data in view.nodes(data=True):
        if data["kind"] in ("Agency", "LeadRole", "Unowned"):
            actions = actions_below(view, node_id)
            roles = sum(1 for t in view.successors(node_id) if view.nodes[t]["kind"] == "LeadRole")
            data["actions"] = actions
            data["size"] = size(actions, 22 if data["kind"] != "LeadRole" else 14)
            if data["kind"] == "LeadRole":
                agencies = [a for a in view.predecessors(node_id)]
                data["color"] = (
                    palette.get(agencies[0], KIND_COLOURS["LeadRole"])
                    if agencies
                    else (KIND_COLOURS["LeadRole"])
                )
                agency_names = ", ".join(view.nodes[a]["name"] for a in agencies) or "no agency"
                data["title"] = (
                    f"Lead role: {data['name']}\nAgency: {agency_names}\nActions owned: {actions}\n"
                    f"{data['source']}"
                )
            elif data["kind"] == "Agency":
                agency = graph.node(node_id)
                recommendations = len(graph.sources(node_id, "DIRECTED_AT"))
                data["title"] = agency_tooltip(agency, roles, actions, recommendations)
    for _, _, data in view.edges(data=True):
        style_edge(data)


def _plan(selection: _Selection, view: nx.DiGraph) -> None:
    graph = selection.graph
    for recommendation in graph.nodes("Recommendation"):
        if not selection.recommendation_ok(recommendation):
            continue
        depth, parent = 1, parent_of(graph, recommendation.id)
        while parent is not None:
            depth, parent = depth + 1, parent_of(graph, parent.id)
        recommendation_node(view, selection, recommendation, depth)
        for action in graph.targets(recommendation.id, "HAS_ACTION"):
            if selection.action_ok(action) or not (
                selection.filters_actions or selection.agency_ids
            ):
                if action.id not in view:
                    action_node(view, selection, action)
                view.add_edge(recommendation.id, action.id, type="HAS_ACTION")
    for node_id in [n for n, d in view.nodes(data=True) if d["kind"] == "Recommendation"]:
        parent = parent_of(graph, node_id)
        if parent is not None and parent.id in view:
            view.add_edge(parent.id, node_id, type="HAS_PART")
            continue
        review = review_of(graph, graph.node(node_id))
        if review is None:
            continue
        if review.id not in view:
            review_node(view, review)
        view.add_edge(review.id, node_id, type="HAS_RECOMMENDATION")
    actions_levels = {n: d for n, d in view.nodes(data=True) if d["kind"] == "Action"}
    for node_id, data in actions_levels.items():
        parents = [view.nodes[p]["level"] for p in view.predecessors(node_id)]
        data["level"] = max(parents, default=1) + 1
    _colour_items(selection, view)
    _add_references(selection, view, only_between_shown=True)
    for _, _, data in view.edges(data=True):
        data.setdefault("color", "#90a4ae")
        data.setdefault("width", 1.5)


def _colour_items(selection: _Selection, view: nx.DiGraph) -> None:
    """Recommendations take the colour of the agency they are directed at."""
    graph = selection.graph
    wanted = {}
    for node_id, data in view.nodes(data=True):
        if data["kind"] in ("Recommendation", "Action"):
            agency = colour_of_item(graph, selection, graph.node(node_id))
            data["agency"] = agency
            if agency:
                wanted[node_id] = agency
    palette = agency_colours(wanted.values())
    view.graph["agency_colours"] = {
        agency: (graph.node(agency).name, colour) for agency, colour in palette.items()
    }
    for node_id, data in view.nodes(data=True):
        if data["kind"] == "Recommendation":
            data["color"] = palette.get(wanted.get(node_id), KIND_COLOURS["Recommendation"])
            data["group"] = "recommendation"


def _add_references(selection: _Selection, view: nx.DiGraph, *, only_between_shown: bool):
    graph = selection.graph
    for reference in graph.nodes("CrossReference"):
        citing = graph.sources(reference.id, "CITES")
        targets = graph.targets(reference.id, "RESOLVES_TO")
        if only_between_shown:
            citing = [c for c in citing if c.id in view]
            if not citing:
                continue
        label = one_line(reference.raw)
        if reference.resolution == "resolved" and targets:
            for item in citing:
                for target in targets:
                    if target.id not in view:
                        if only_between_shown:
                            continue
                        item_node(view, selection, target)
                    if view.has_edge(item.id, target.id):
                        continue
                    view.add_edge(
                        item.id,
                        target.id,
                        type="REFERS_TO",
                        label=wrap(label, 20, 1),
                        title=f"“{label}” ({reference.kind}, {reference.field})\n"
                        + source_line(reference),
                        color=REFERENCE_COLOUR,
                        width=2,
                        dashes=True,
                    )
            continue
        view.add_node(
            reference.id,
            **node_kwargs(
                reference,
                label=f"{reference.resolution.upper()}\n“{wrap(label, 20, 2)}”",
                name=f"{reference.resolution}: {label}",
                title=crossref_tooltip(graph, reference, citing),
                color=DANGER_COLOUR,
                border="#7f0000",
                border_width=2,
                shape="triangle",
                size=16,
                group=f"reference:{reference.resolution}",
                level=4,
            ),
        )
        for item in citing:
            view.add_edge(item.id, reference.id, type="CITES", color=DANGER_COLOUR, width=2)
        for target in targets:
            if target.id not in view:
                if only_between_shown:
                    continue
                item_node(view, selection, target)
            view.add_edge(
                reference.id,
                target.id,
                type="COULD_MEAN",
                color=DANGER_COLOUR,
                dashes=True,
                width=1.5,
                title="one of the items this reference could mean",
            )


def _references(selection: _Selection, view: nx.DiGraph) -> None:
    graph = selection.graph
    for reference in graph.nodes("CrossReference"):
        items = graph.sources(reference.id, "CITES") + graph.targets(reference.id, "RESOLVES_TO")
        if not any(_item_ok(selection, item) for item in items):
            continue
        for item in items:
            if item.id not in view:
                item_node(view, selection, item)
    _add_references(selection, view, only_between_shown=False)
    _colour_items(selection, view)
    for _, data in view.nodes(data=True):
        if data["kind"] == "Action":
            data["color"] = view.graph["agency_colours"].get(data.get("agency"), ("", "#cfd8dc"))[1]
            data["group"] = "action"
            data["shape"] = "dot"
    items = nx.DiGraph(
        (s, t) for s, t, d in view.edges(data=True) if d["type"] in ("REFERS_TO", "COULD_MEAN")
    )
    on_cycle = set()
    for component in nx.strongly_connected_components(items):
        if len(component) > 1:
            on_cycle |= component
    on_cycle |= {n for n in items if items.has_edge(n, n)}
    for source, target, data in view.edges(data=True):
        if source in on_cycle and target in on_cycle and data["type"] == "REFERS_TO":
            data.update(color=CYCLE_COLOUR, width=4, dashes=False, cycle=True)
    for node_id in on_cycle:
        view.nodes[node_id].update(border=CYCLE_COLOUR, border_width=5, cycle=True)
    view.graph["cycles"] = len(on_cycle)


def _item_ok(selection: _Selection, item: Node) -> bool:
    if isinstance(item, Action):
        return selection.action_ok(item)
    if isinstance(item, Recommendation):
        return selection.recommendation_ok(item)
    return False


def _agencies(selection: _Selection, view: nx.DiGraph) -> None:
    graph = selection.graph
    pairs: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    actions_of: Counter[str] = Counter()
    recommendations_of_agency: Counter[str] = Counter()

    def share(kind: str, agencies: Iterable[str], item: Node) -> None:
        for pair in combinations(sorted(set(agencies)), 2):
            pairs[pair][kind] += 1
            if len(examples[pair]) < 8:
                examples[pair].append(f"{kind} {item_ref(graph, item)}: {wrap(item.text, 70, 1)}")

    item_agencies: dict[str, set[str]] = {}
    for action in _actions(graph, selection, agency=False):
        agencies = selection.action_agencies(action)
        agencies |= {a.id for a in graph.targets(action.id, "MENTIONS")}
        item_agencies[action.id] = agencies
        actions_of.update(agencies)
        share("action", agencies, action)
    for recommendation in graph.nodes("Recommendation"):
        if not selection.recommendation_ok(recommendation):
            continue
        agencies = {a.id for a in graph.targets(recommendation.id, "DIRECTED_AT")}
        agencies |= {a.id for a in graph.targets(recommendation.id, "MENTIONS")}
        item_agencies[recommendation.id] = agencies
        recommendations_of_agency.update(agencies)
        share("recommendation", agencies, recommendation)
    for reference in graph.nodes("CrossReference"):
        for item in graph.sources(reference.id, "CITES"):
            for target in graph.targets(reference.id, "RESOLVES_TO"):
                mine = item_agencies.get(item.id, set())
                theirs = item_agencies.get(target.id, set()) - mine
                for a in mine:
                    for b in theirs:
                        pair = (min(a, b), max(a, b))
                        pairs[pair]["reference"] += 1
    chosen = selection.agency_ids
    if chosen is not None:
        pairs = {p: c for p, c in pairs.items() if set(p) & chosen}
    shown = set(actions_of) | set(recommendations_of_agency)
    if chosen is not None:
        shown = (shown & chosen) | {a for pair in pairs for a in pair}
    palette = agency_colours(shown)
    for agency_id in sorted(shown):
        agency = graph.node(agency_id)
        actions = actions_of[agency_id]
        roles = sum(1 for r in graph.sources(agency_id, "MEMBER_OF"))
        agency_node(
            view,
            graph,
            agency,
            palette[agency_id],
            size=size(actions, 16, 4, 70),
            actions=actions,
            title=agency_tooltip(agency, roles, actions, recommendations_of_agency[agency_id]),
        )
    for (a, b), counts in sorted(pairs.items()):
        total = sum(counts.values())
        parts = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in sorted(counts.items()))
        view.add_edge(
            a,
            b,
            type="SHARES",
            weight=total,
            label=str(total),
            width=min(14, 1 + 1.5 * total**0.5 * 2),
            color="#607d8b",
            arrows=False,
            title=f"{graph.node(a).name} and {graph.node(b).name} share {parts}\n"
            + "\n".join(examples[(a, b)]),
            **{f"shared_{kind}s": n for kind, n in counts.items()},
        )


BUILDERS = {
    "accountability": _accountability,
    "plan": _plan,
    "references": _references,
    "agencies": _agencies,
}
