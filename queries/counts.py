"""How much the graph holds: nodes by label, and counts per review and per agency."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from reviewgraph.graph.models import NODE_TYPES

from ._common import fold
from .accountability import ACCOUNTABLE_CYPHER
from .backend import Fetch, as_backend

__all__ = ["LabelCount", "ReviewStats", "AgencyStats", "StatsReport", "stats", "STATS"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LabelCount(_Row):
    """How many nodes carry one label."""

    label: str
    count: int


class ReviewStats(_Row):
    """One review: its plan's size and reach."""

    id: str
    review: str
    title: str
    document: str
    recommendations: int
    actions: int
    roles: int
    agencies: int


class AgencyStats(_Row):
    """One agency: what is directed at it, its roles, and the actions it answers for."""

    id: str
    agency: str
    recommendations: int
    roles: int
    actions: int


class StatsReport(BaseModel):
    """Counts by label, per review and per agency, as typed rows (three tables)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    labels: list[LabelCount]
    reviews: list[ReviewStats]
    agencies: list[AgencyStats]


# -- data access, once per backend -------------------------------------------------


def _stats_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [
        {"table": "labels", "key": r[0], "count": r[1]}
        for r in store.rows("SELECT label, count(*) FROM nodes GROUP BY label")
    ]
    per_review = """
        SELECT d.id AS key,
          (SELECT count(*) FROM nodes n WHERE n.document = d.id AND n.label = 'Recommendation')
            AS recommendations,
          (SELECT count(*) FROM nodes n WHERE n.document = d.id AND n.label = 'Action') AS actions,
          (SELECT count(DISTINCT o.target) FROM nodes a
             JOIN edges o ON o.source = a.id AND o.type = 'OWNED_BY'
             JOIN nodes w ON w.id = o.target AND w.label = 'LeadRole'
           WHERE a.document = d.id AND a.label = 'Action') AS roles,
          (SELECT count(*) FROM (
             SELECT x.agency FROM nodes a JOIN accountable x ON x.action = a.id
             WHERE a.document = d.id AND a.label = 'Action'
             UNION
             SELECT e.target FROM nodes r JOIN edges e ON e.source = r.id AND e.type = 'DIRECTED_AT'
             WHERE r.document = d.id AND r.label = 'Recommendation')) AS agencies
        FROM documents d
    """
    rows += [{"table": "reviews", **dict(r)} for r in store.rows(per_review)]
    per_agency = """
        SELECT g.id AS key,
          (SELECT count(DISTINCT e.source) FROM edges e
           WHERE e.target = g.id AND e.type = 'DIRECTED_AT') AS recommendations,
          (SELECT count(DISTINCT e.source) FROM edges e
           WHERE e.target = g.id AND e.type = 'MEMBER_OF') AS roles,
          (SELECT count(DISTINCT x.action) FROM accountable x WHERE x.agency = g.id) AS actions
        FROM nodes g WHERE g.label = 'Agency'
    """
    rows += [{"table": "agencies", **dict(r)} for r in store.rows(per_agency)]
    return rows


def _stats_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [
        {"table": "labels", "key": r["label"], "count": r["count"]}
        for r in server.read(
            "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count", {}
        )
    ]
    rows += [
        {"table": "reviews", **r}
        for r in server.read(
            f"""
            MATCH (d:Document)
            OPTIONAL MATCH (r:Recommendation {{document: d.id}})
            WITH d, count(r) AS recommendations
            OPTIONAL MATCH (a:Action {{document: d.id}})
            WITH d, recommendations, count(a) AS actions
            OPTIONAL MATCH (:Action {{document: d.id}})-[:OWNED_BY]->(w:LeadRole)
            WITH d, recommendations, actions, count(DISTINCT w) AS roles
            OPTIONAL MATCH (a:Action {{document: d.id}})
            {ACCOUNTABLE_CYPHER}
            WITH d, recommendations, actions, roles, collect(DISTINCT agency.id) AS owning
            OPTIONAL MATCH (:Recommendation {{document: d.id}})-[:DIRECTED_AT]->(g:Agency)
            WITH d, recommendations, actions, roles, owning, collect(DISTINCT g.id) AS directed
            RETURN d.id AS key, recommendations, actions, roles, owning, directed
            """,
            {},
        )
    ]
    for row in rows:
        if row["table"] == "reviews":
            ids = {x for x in row.pop("owning") + row.pop("directed") if x}
            row["agencies"] = len(ids)
    rows += [
        {"table": "agencies", **r}
        for r in server.read(
            f"""
            MATCH (g:Agency)
            OPTIONAL MATCH (r:Recommendation)-[:DIRECTED_AT]->(g)
            WITH g, count(DISTINCT r) AS recommendations
            OPTIONAL MATCH (w:LeadRole)-[:MEMBER_OF]->(g)
            WITH g, recommendations, count(DISTINCT w) AS roles
            OPTIONAL MATCH (a:Action)
            {ACCOUNTABLE_CYPHER}
            WITH g, recommendations, roles, a, agency WHERE agency = g
            RETURN g.id AS key, recommendations, roles, count(DISTINCT a) AS actions
            """,
            {},
        )
    ]
    return rows


STATS = Fetch("stats", embedded=_stats_embedded, cypher=_stats_cypher)


def stats(source) -> StatsReport:
    """Count what the graph holds.

    A review counts the recommendations it lists, its actions, the lead roles
    owning those actions, and the agencies its recommendations are directed at
    or that answer for its actions. An agency counts the recommendations
    directed at it, its lead roles and the actions it answers for
    (:mod:`reviewgraph.queries.accountability`) across every plan — the same
    actions ``owners`` and ``status`` give it.

    Parameters
    ----------
    source : Backend, Store or ReviewGraph
        What to count.

    Returns
    -------
    StatsReport
        ``labels`` in the contract's label order; ``reviews`` by title;
        ``agencies`` by name.

    Raises
    ------
    StoreError
        When the store cannot be read.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph, Agency, Recommendation, Review, Source
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
    AgencyStats(id='agency:police', agency='Police', recommendations=1, roles=0, actions=0)
    """
    backend = as_backend(source)
    records = backend.fetch(STATS)
    documents = {d.id: d for d in backend.documents()}
    names = {a["id"]: a["name"] for a in backend.nodes_of("Agency")}
    counts = {r["key"]: r["count"] for r in records if r["table"] == "labels"}
    labels = [LabelCount(label=label, count=counts.get(label, 0)) for label in NODE_TYPES]
    reviews = []
    for record in records:
        if record["table"] != "reviews":
            continue
        document = documents[record["key"]]
        reviews.append(
            ReviewStats(
                id=document.review_id or document.id,
                review=document.handle,
                title=document.title or document.path,
                document=document.path,
                recommendations=record["recommendations"],
                actions=record["actions"],
                roles=record["roles"],
                agencies=record["agencies"],
            )
        )
    agencies = [
        AgencyStats(
            id=r["key"],
            agency=names.get(r["key"], r["key"]),
            recommendations=r["recommendations"],
            roles=r["roles"],
            actions=r["actions"],
        )
        for r in records
        if r["table"] == "agencies"
    ]
    return StatsReport(
        labels=labels,
        reviews=sorted(reviews, key=lambda row: (fold(row.title), row.document)),
        agencies=sorted(agencies, key=lambda row: (fold(row.agency), row.id)),
    )
