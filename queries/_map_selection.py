"""Which items a map keeps: the filters, each action's owners, the day lateness is judged on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Action, Agency, LeadRole, Node, Recommendation, Status
from reviewgraph.graph.style import STATUS_NAMES

from ._graph_walks import (
    directed_agencies,
    document_stem,
    is_overdue,
    match_agencies,
    resolve_review,
    review_of,
    role_agencies,
)
from .statuses import parse_status

__all__ = ["judged_as_of"]


def judged_as_of(graph: ReviewGraph, node: Node, as_of: dt.date | None = None) -> dt.date:
    """The day an item's lateness is judged on: ``as_of`` if given, else its plan's
    progress date ("as at"), else today.

    The one place maps take the default from.

    Examples
    --------
    >>> judged_as_of(ReviewGraph(), None, dt.date(2010, 1, 1))
    datetime.date(2010, 1, 1)

    Raises
    ------
    GraphError
        Never for a node of the graph.
    """
    if as_of is not None:
        return as_of
    review = review_of(graph, node) if node is not None else None
    if review is not None and review.as_of is not None:
        return review.as_of
    return dt.date.today()


@dataclass
class _Owner:
    """One owner of an action in the map: a role or an agency, how the plan gives it."""

    node: Node
    basis: str
    agencies: list[Agency]


@dataclass
class _Selection:
    """Which actions and recommendations the filters keep."""

    graph: ReviewGraph
    stems: set[str] | None = None
    agency_ids: set[str] | None = None
    status: Status | None = None
    overdue: bool = False
    as_of: dt.date | None = None
    _owners: dict[str, list[_Owner]] = field(default_factory=dict)

    @property
    def filters_actions(self) -> bool:
        return self.status is not None or self.overdue

    def owners(self, action: Action) -> list[_Owner]:
        if action.id not in self._owners:
            self._owners[action.id] = _owners(self.graph, action)
        return self._owners[action.id]

    def overdue_now(self, action: Action) -> bool:
        return is_overdue(action, judged_as_of(self.graph, action, self.as_of))

    def action_agencies(self, action: Action) -> set[str]:
        found = {agency.id for owner in self.owners(action) for agency in owner.agencies}
        found |= {agency.id for agency in directed_agencies(self.graph, action.id)}
        return found

    def action_ok(self, action: Action, *, agency: bool = True) -> bool:
        if self.stems is not None and document_stem(action) not in self.stems:
            return False
        if self.status is not None and action.status != self.status:
            return False
        if self.overdue and not self.overdue_now(action):
            return False
        if agency and self.agency_ids is not None:
            return bool(self.action_agencies(action) & self.agency_ids)
        return True

    def recommendation_ok(self, recommendation: Recommendation) -> bool:
        if self.stems is not None and document_stem(recommendation) not in self.stems:
            return False
        if not self.filters_actions and self.agency_ids is None:
            return True
        if self.agency_ids is not None and not self.filters_actions:
            directed = {a.id for a in self.graph.targets(recommendation.id, "DIRECTED_AT")}
            if directed & self.agency_ids:
                return True
        return any(self.action_ok(action) for action in _actions_within(self, recommendation))


def _actions_within(selection: _Selection, recommendation: Recommendation) -> list[Action]:
    graph = selection.graph
    found = list(graph.targets(recommendation.id, "HAS_ACTION"))
    for part in graph.targets(recommendation.id, "HAS_PART"):
        found += _actions_within(selection, part)
    return found


def _owners(graph: ReviewGraph, action: Action) -> list[_Owner]:
    """Owners by ``OWNED_BY``: roles (with their agencies) or agencies the plan names directly."""
    found = []
    for owner in graph.targets(action.id, "OWNED_BY"):
        basis = graph.edge_properties(action.id, "OWNED_BY", owner.id).get("basis") or "named"
        if isinstance(owner, LeadRole):
            found.append(_Owner(owner, basis, role_agencies(graph, owner.id)))
        elif isinstance(owner, Agency):
            found.append(_Owner(owner, basis, [owner]))
    return found


def _actions(graph: ReviewGraph, selection: _Selection, *, agency: bool = True) -> list[Action]:
    return [a for a in graph.nodes("Action") if selection.action_ok(a, agency=agency)]


def _select(
    graph: ReviewGraph,
    review: str | None,
    agency: str | None,
    status: str | Status | None,
    overdue: bool,
    as_of: dt.date | None,
) -> tuple[_Selection, list[str]]:
    """The selection and the filter words for the header."""
    selection = _Selection(graph, overdue=overdue, as_of=as_of)
    words = []
    if review:
        reviews = resolve_review(graph, review)
        selection.stems = {document_stem(r) for r in reviews}
        words.append(f"review {review}" + ("" if len(reviews) == 1 else f" ({len(reviews)} plans)"))
    if agency:
        agencies = match_agencies(graph, agency)
        selection.agency_ids = {a.id for a in agencies}
        words.append(f"agency {agency}: " + "; ".join(a.name for a in agencies))
    if status:
        selection.status = parse_status(status) if isinstance(status, str) else Status(status)
        words.append(f"status {STATUS_NAMES[selection.status.value]}")
    if overdue:
        words.append("overdue actions only")
    return selection, words
