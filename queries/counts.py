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
        for r in server.read("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count")
    ]
    per_document: dict[str, dict[str, Any]] = {
        r["id"]: {"recommendations": 0, "actions": 0, "roles": 0, "agencies": set()}
        for r in server.read("MATCH (d:Document) RETURN d.id AS id")
    }
    counted = [
        ("recommendations", "MATCH (n:Recommendation) RETURN n.document_id AS d, count(*) AS n"),
        ("actions", "MATCH (n:Action) RETURN n.document_id AS d, count(*) AS n"),
        (
            "roles",
            "MATCH (a:Action)-[:OWNED_BY]->(w:LeadRole) "
            "RETURN a.document_id AS d, count(DISTINCT w) AS n",
        ),
    ]
    for column, query in counted:
        for r in server.read(query):
            if r["d"] in per_document:
                per_document[r["d"]][column] = r["n"]
    # Agencies of a plan: those answering for its actions, those its recommendations are
    # directed at. Agencies answer for actions across plans too (per agency, below).
    answering: dict[str, set[str]] = {}
    for r in server.read(
        f"MATCH (a:Action) {ACCOUNTABLE_CYPHER} "
        "RETURN DISTINCT a.id AS action, a.document_id AS d, agency.id AS agency"
    ):
        answering.setdefault(r["agency"], set()).add(r["action"])
        if r["d"] in per_document:
            per_document[r["d"]]["agencies"].add(r["agency"])
    for r in server.read(
        "MATCH (n:Recommendation)-[:DIRECTED_AT]->(g) RETURN DISTINCT n.document_id AS d, g.id AS g"
    ):
        if r["d"] in per_document:
            per_document[r["d"]]["agencies"].add(r["g"])
    rows += [
        {"table": "reviews", "key": key, **counts, "agencies": len(counts["agencies"])}
        for key, counts in per_document.items()
    ]
    rows += [
        {
            "table": "agencies",
            "key": r["key"],
            "recommendations": r["recommendations"],
            "roles": r["roles"],
            "actions": len(answering.get(r["key"], ())),
        }
        for r in server.read(
            "MATCH (g:Agency) "
            "OPTIONAL MATCH (r)-[:DIRECTED_AT]->(g) WITH g, count(DISTINCT r) AS recommendations "
            "OPTIONAL MATCH (w)-[:MEMBER_OF]->(g) "
            "RETURN g.id AS key, recommendations, count(DISTINCT w) AS roles"
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
