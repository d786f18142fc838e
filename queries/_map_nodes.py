"""The nodes and edges of the maps: an action, a recommendation, an agency or a
review as a map draws it (label, tooltip, colour, shape, size), and how an edge
says what it is."""

from __future__ import annotations

from typing import Any

import networkx as nx

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Action, Agency, Node, Recommendation, Review
from reviewgraph.graph.style import KIND_COLOURS, OVERDUE_COLOUR, STATUS_COLOURS

from ._graph_walks import directed_agencies, document_stem, item_ref, short_stem
from ._map_selection import _Selection, judged_as_of
from ._map_text import (
    action_tooltip,
    one_line,
    recommendation_tooltip,
    review_name,
    short_ref,
    source_line,
    wrap,
)

__all__ = [
    "action_node",
    "actions_below",
    "agency_node",
    "colour_of_item",
    "item_node",
    "node_kwargs",
    "recommendation_node",
    "review_node",
    "size",
    "style_edge",
]


def node_kwargs(node: Node, **display: Any) -> dict[str, Any]:
    return {"kind": node.label, "node_id": node.id, "source": source_line(node), **display}


def size(count: int, smallest: float = 14, step: float = 4, largest: float = 60) -> float:
    return min(largest, smallest + step * count**0.5 * 2)


def action_node(view: nx.DiGraph, selection: _Selection, action: Action, colour_by="status"):
    graph = selection.graph
    as_of = judged_as_of(graph, action, selection.as_of)
    overdue = selection.overdue_now(action)
    owners = [
        owner.node.name
        + (
            f" ({', '.join(a.name for a in owner.agencies)})"
            if owner.node.label != "Agency"
            else ""
        )
        + ("" if owner.basis == "named" else f" [from {owner.basis}]")
        for owner in selection.owners(action)
    ]
    label = f"{short_ref(graph, action)} {wrap(action.text, 22, 2)}"
    if overdue:
        label = "OVERDUE " + label
    view.add_node(
        action.id,
        **node_kwargs(
            action,
            label=label,
            name=f"{short_stem(document_stem(action))}:{short_ref(graph, action)} "
            + one_line(action.text),
            title=action_tooltip(graph, action, owners, overdue, as_of),
            color=STATUS_COLOURS[action.status.value],
            border=OVERDUE_COLOUR if overdue else "#455a64",
            border_width=5 if overdue else 1,
            shape="dot",
            size=12,
            font_size=11,
            group=f"status:{action.status.value}",
            status=action.status.value,
            overdue=overdue,
            level=3,
        ),
    )


def agency_node(view: nx.DiGraph, graph: ReviewGraph, agency: Agency, colour: str, **extra):
    view.add_node(
        agency.id,
        **node_kwargs(
            agency,
            label=wrap(agency.name, 22, 4),
            name=agency.name,
            color=colour,
            border="#263238",
            border_width=2,
            shape="dot",
            group="agency",
            level=0,
            font_size=34,
            bold=True,
            **extra,
        ),
    )


def style_edge(data: dict[str, Any]) -> None:
    basis = data.get("basis")
    data.setdefault("color", "#78909c")
    data.setdefault("width", 1.5)
    data.setdefault("length", 60)
    if data["type"] == "MEMBER_OF":
        data.update(width=3, color="#546e7a", title="role of this agency", length=110)
    elif basis == "named":
        data.update(title="owner named in the plan")
    elif basis == "text":
        data.update(dashes=True, title="owner named in the action's own words")
    elif basis in ("agency", "none"):
        data.update(
            dashes=True,
            color="#b0bec5",
            title="no owner named: the agency the recommendation is directed at",
        )


def colour_of_item(graph: ReviewGraph, selection: _Selection, node: Node) -> str | None:
    """The agency an item is coloured by: its owners', else the one it is directed at."""
    if isinstance(node, Action):
        for owner in selection.owners(node):
            if owner.agencies:
                return owner.agencies[0].id
        agencies = directed_agencies(graph, node.id)
    else:
        agencies = graph.targets(node.id, "DIRECTED_AT")
    return agencies[0].id if agencies else None


def recommendation_node(view, selection, recommendation: Recommendation, level: int) -> None:
    graph = selection.graph
    agencies = graph.targets(recommendation.id, "DIRECTED_AT")
    actions = len(graph.targets(recommendation.id, "HAS_ACTION"))
    view.add_node(
        recommendation.id,
        **node_kwargs(
            recommendation,
            label=f"{short_ref(graph, recommendation)}\n{wrap(recommendation.text, 24, 2)}",
            name=f"{item_ref(graph, recommendation)} {one_line(recommendation.text)}",
            title=recommendation_tooltip(
                graph, recommendation, [a.name for a in agencies], actions
            ),
            shape="square",
            size=size(actions, 10),
            actions=actions,
            agency=agencies[0].id if agencies else None,
            border="#263238",
            border_width=1,
            level=level,
        ),
    )


def review_node(view: nx.DiGraph, review: Review) -> None:
    view.add_node(
        review.id,
        **node_kwargs(
            review,
            label=wrap(review_name(review), 24, 4),
            name=review_name(review),
            title="\n".join(
                [f"Review: {one_line(review.title)}"]
                + ([f"Progress as at {review.as_of.isoformat()}"] if review.as_of else [])
                + [source_line(review)]
            ),
            color=KIND_COLOURS["Review"],
            border="#000000",
            border_width=2,
            shape="star",
            size=34,
            group="review",
            level=0,
            font_size=18,
            bold=True,
        ),
    )


def item_node(view: nx.DiGraph, selection: _Selection, node: Node) -> None:
    if isinstance(node, Action):
        action_node(view, selection, node)
    elif isinstance(node, Recommendation):
        recommendation_node(view, selection, node, 2)


def actions_below(view: nx.DiGraph, node_id: str) -> int:
    return sum(1 for n in nx.descendants(view, node_id) if view.nodes[n]["kind"] == "Action")
