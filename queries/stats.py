"""How much the graph holds: nodes by label, and counts per review and per agency."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import NODE_TYPES

__all__ = ["LabelCount", "ReviewStats", "AgencyStats", "StatsReport", "stats"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LabelCount(_Row):
    """How many nodes carry one label."""

    label: str
    count: int


class ReviewStats(_Row):
    """One review: its plan's size and reach."""

    title: str
    document: str
    recommendations: int
    actions: int
    roles: int
    agencies: int


class AgencyStats(_Row):
    """One agency: what is directed at it and what its people own, across all plans."""

    name: str
    recommendations: int
    roles: int
    actions: int


class StatsReport(BaseModel):
    """Counts by label, per review and per agency, as typed rows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    labels: list[LabelCount]
    reviews: list[ReviewStats]
    agencies: list[AgencyStats]


def stats(graph: ReviewGraph) -> StatsReport:
    """Count what the graph holds.

    A review counts the recommendations it lists, the distinct actions that
    deliver them, the roles owning those actions, and the agencies those
    recommendations are directed at or those roles belong to. An agency counts
    the recommendations directed at it, its roles and the distinct actions
    they own, across every plan.

    Parameters
    ----------
    graph : ReviewGraph
        The graph to count.

    Returns
    -------
    StatsReport
        ``labels`` in the contract's label order; ``reviews`` by title;
        ``agencies`` by name.

    Raises
    ------
    GraphError
        When an edge points at a node that is missing (a damaged graph).

    Examples
    --------
    >>> from reviewgraph.graph.models import Agency, Recommendation, Review, Source
    >>> graph = ReviewGraph()
    >>> source = Source(document="plan.txt", line_start=1, line_end=1)
    >>> _ = graph.add(Review(id="review:plan", title="Child Z", source=source))
    >>> _ = graph.add(Recommendation(id="rec:1", text="Audit files", order=1, source=source))
    >>> _ = graph.add(Agency(id="agency:police", name="Police", source=source))
    >>> graph.link("review:plan", "HAS_RECOMMENDATION", "rec:1")
    >>> graph.link("rec:1", "DIRECTED_AT", "agency:police")
    >>> report = stats(graph)
    >>> report.reviews[0].recommendations, report.reviews[0].agencies
    (1, 1)
    >>> report.agencies[0]
    AgencyStats(name='Police', recommendations=1, roles=0, actions=0)
    """
    labels = [LabelCount(label=label, count=graph.count(label)) for label in NODE_TYPES]
    reviews = sorted(
        (_review_stats(graph, review.id, review.title) for review in graph.nodes("Review")),
        key=lambda row: (row.title.casefold(), row.document),
    )
    agencies = sorted(
        (_agency_stats(graph, agency.id, agency.name) for agency in graph.nodes("Agency")),
        key=lambda row: row.name.casefold(),
    )
    return StatsReport(labels=labels, reviews=reviews, agencies=agencies)


def _review_stats(graph: ReviewGraph, review_id: str, title: str) -> ReviewStats:
    documents = graph.sources(review_id, "DESCRIBES")
    recommendations = graph.targets(review_id, "HAS_RECOMMENDATION")
    actions = {a.id for r in recommendations for a in graph.targets(r.id, "HAS_ACTION")}
    roles = {role.id for a in actions for role in graph.targets(a, "OWNED_BY")}
    agencies = {a.id for r in recommendations for a in graph.targets(r.id, "DIRECTED_AT")}
    agencies |= {a.id for role in roles for a in graph.targets(role, "MEMBER_OF")}
    return ReviewStats(
        title=title,
        document=documents[0].path if documents else "",
        recommendations=len(recommendations),
        actions=len(actions),
        roles=len(roles),
        agencies=len(agencies),
    )


def _agency_stats(graph: ReviewGraph, agency_id: str, name: str) -> AgencyStats:
    roles = graph.sources(agency_id, "MEMBER_OF")
    actions = {a.id for role in roles for a in graph.sources(role.id, "OWNED_BY")}
    return AgencyStats(
        name=name,
        recommendations=len(graph.sources(agency_id, "DIRECTED_AT")),
        roles=len(roles),
        actions=len(actions),
    )
