"""Progress rolled up by review and by agency: how many actions stand where, and what is late."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from reviewgraph.graph.errors import NotFoundError

from ._common import (
    as_date,
    documents_by_id,
    fold,
    judge_dates,
    match_agencies,
    natural_key,
    resolve_reviews,
)
from .accountability import ACCOUNTABLE_CYPHER
from .backend import Fetch, as_backend

__all__ = ["StatusRollup", "status", "STATUS_COUNTS"]

_STATUSES = ("complete", "in_progress", "delayed", "not_started", "unknown")


class StatusRollup(BaseModel):
    """Counts of actions in one review or one agency.

    ``red``/``amber``/``green`` count the RAG ratings the plans printed.
    ``rating`` is computed by reviewgraph, not printed by a plan: green when
    every action is complete, red when any is delayed or overdue, amber
    otherwise (none when there are no actions). ``overdue`` is judged on
    ``as_of`` (``as_of_basis``: each plan's own progress date, ``today`` for
    plans that give none, or a date asked for); an agency spanning plans judged
    on different days has ``as_of`` None and basis ``plan``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    group: Literal["review", "agency"]
    id: str
    name: str
    review: str | None
    agency: str | None
    total: int
    complete: int
    in_progress: int
    delayed: int
    not_started: int
    unknown: int
    overdue: int
    red: int
    amber: int
    green: int
    rating: Literal["red", "amber", "green"] | None
    as_of: dt.date | None
    as_of_basis: Literal["plan", "today", "given"]


# -- data access, once per backend -------------------------------------------------


def _counts_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    documents = "a.document IN (SELECT value FROM json_each(:documents))"
    agencies = "x.agency IN (SELECT value FROM json_each(:agencies))"
    filters = []
    if p["documents"] is not None:
        filters.append(documents)
    by_review = f"""
        SELECT 'review' AS grouping, a.document AS key, a.document AS document, a.status AS status,
               a.rag AS rag, a.due_end AS due_end, count(*) AS count
        FROM nodes a
        WHERE a.label = 'Action' {"".join(" AND " + f for f in filters)}
          {
        "AND EXISTS (SELECT 1 FROM accountable x WHERE x.action = a.id AND " + agencies + ")"
        if p["agencies"] is not None
        else ""
    }
        GROUP BY a.document, a.status, a.rag, a.due_end
    """
    by_agency = f"""
        SELECT 'agency' AS grouping, x.agency AS key, a.document AS document, a.status AS status,
               a.rag AS rag, a.due_end AS due_end, count(*) AS count
        FROM accountable x JOIN nodes a ON a.id = x.action
        WHERE 1 {"".join(" AND " + f for f in filters)}
          {"AND " + agencies if p["agencies"] is not None else ""}
        GROUP BY x.agency, a.document, a.status, a.rag, a.due_end
    """
    parts = [q for flag, q in (("review", by_review), ("agency", by_agency)) if flag in p["by"]]
    sql = " UNION ALL ".join(parts)
    parameters = {k: json.dumps(v) for k, v in p.items() if k in ("documents", "agencies")}
    return [dict(row) for row in store.rows(sql, parameters)]


def _counts_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    actions = "MATCH (a:Action)"
    if p["documents"] is not None:
        actions += " WHERE a.document_id IN $documents"
    grouped = (
        "a.document_id AS document, a.status AS status, a.rag AS rag, a.due_end AS due_end, "
        "count(*) AS count"
    )
    records: list[dict[str, Any]] = []
    if "review" in p["by"]:
        if p["agencies"] is not None:
            actions_of = (
                f"{actions} {ACCOUNTABLE_CYPHER} "
                "WITH a, agency WHERE agency.id IN $agencies WITH DISTINCT a"
            )
        else:
            actions_of = actions
        records += server.read(
            f"{actions_of} RETURN 'review' AS grouping, a.document_id AS key, {grouped}", p
        )
    if "agency" in p["by"]:
        chosen = "WHERE agency.id IN $agencies" if p["agencies"] is not None else ""
        records += server.read(
            f"{actions} {ACCOUNTABLE_CYPHER} WITH DISTINCT a, agency {chosen} "
            f"RETURN 'agency' AS grouping, agency.id AS key, {grouped}",
            p,
        )
    return records


STATUS_COUNTS = Fetch("status", embedded=_counts_embedded, cypher=_counts_cypher)


# -- the question -----------------------------------------------------------------------


def status(
    source,
    *,
    by: Literal["review", "agency", "all"] = "all",
    review: str | None = None,
    agency: str | None = None,
    as_of: dt.date | None = None,
) -> list[StatusRollup]:
    """Progress by review and by agency: counts per status, overdue, the plans' RAG.

    An action counts for its review (the plan it came from) and for each agency
    accountable for it (:mod:`reviewgraph.queries.accountability`): an action
    owned by two agencies counts once in each, so agency totals can add up to
    more than the review's. Each plan's actions are judged overdue on that
    plan's own progress date unless ``as_of`` is given.

    Parameters
    ----------
    source : Backend, Store or ReviewGraph
    by : {"all", "review", "agency"}
        Which rollups to return.
    review : str, optional
        Only actions of this plan (handle such as ``003``, file name or title words).
    agency : str, optional
        Only agencies whose name or alias holds these words, and their actions.
    as_of : datetime.date, optional
        Judge overdue on this day for every plan.

    Returns
    -------
    list of StatusRollup
        Review rollups first (in load order), then agencies (by name).

    Raises
    ------
    NotFoundError
        When the review or agency named does not exist.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph
    >>> status(ReviewGraph())
    []
    """
    if by not in ("review", "agency", "all"):
        raise NotFoundError(f"no rollup by {by!r} (one of review, agency, all)")
    backend = as_backend(source)
    documents = documents_by_id(backend)
    judge = judge_dates(backend, as_of)
    parameters: dict[str, Any] = {
        "by": ["review", "agency"] if by == "all" else [by],
        "documents": None,
        "agencies": None,
    }
    if review is not None:
        parameters["documents"] = [d.id for d in resolve_reviews(backend, review)]
    names: dict[str, str] = {}
    if agency is not None:
        found = match_agencies(backend, agency)
        parameters["agencies"] = [a["id"] for a in found]
    names = {a["id"]: a["name"] for a in backend.nodes_of("Agency")}

    groups: dict[tuple[str, str], dict[str, Any]] = defaultdict(_empty)
    for record in backend.fetch(STATUS_COUNTS, **parameters):
        group = groups[(record["grouping"], record["key"])]
        count = record["count"]
        day, basis = judge.day(record["document"])
        group["days"].add((day, basis))
        group["total"] += count
        state = record["status"] if record["status"] in _STATUSES else "unknown"
        group[state] += count
        if record["rag"] in ("red", "amber", "green"):
            group[record["rag"]] += count
        last_day = as_date(record["due_end"])
        if last_day is not None and last_day < day and state != "complete":
            group["overdue"] += count

    rows: list[StatusRollup] = []
    if by in ("review", "all"):
        chosen = parameters["documents"]
        for document in documents.values():
            group = groups.get(("review", document.id))
            if group is None:
                if review or agency or (chosen is not None and document.id not in chosen):
                    continue
                group = _empty()
                group["days"].add(judge.day(document.id))
            rows.append(
                _rollup(
                    "review",
                    document.review_id or document.id,
                    f"{document.handle} {document.title or document.path}",
                    group,
                    review=document.handle,
                )
            )
    if by in ("agency", "all"):
        keys = [key for grouping, key in groups if grouping == "agency"]
        for key in sorted(keys, key=lambda k: (fold(names.get(k, k)), natural_key(k))):
            name = names.get(key, key)
            rows.append(_rollup("agency", key, name, groups[("agency", key)], agency=name))
    return rows


def _empty() -> dict[str, Any]:
    return {
        "total": 0,
        **dict.fromkeys(_STATUSES, 0),
        "overdue": 0,
        "red": 0,
        "amber": 0,
        "green": 0,
        "days": set(),
    }


def _rollup(grouping, key: str, name: str, group: dict[str, Any], **place: Any) -> StatusRollup:
    total = group["total"]
    if not total:
        rating = None
    elif group["complete"] == total:
        rating = "green"
    elif group["delayed"] or group["overdue"]:
        rating = "red"
    else:
        rating = "amber"
    days = group["days"]
    if len(days) == 1:
        as_of, basis = next(iter(days))
    else:
        bases = {b for _, b in days}
        as_of, basis = None, ("given" if bases == {"given"} else "plan")
    counts = {k: group[k] for k in (*_STATUSES, "overdue", "red", "amber", "green")}
    return StatusRollup(
        group=grouping,
        id=key,
        name=name,
        review=place.get("review"),
        agency=place.get("agency"),
        total=total,
        rating=rating,
        as_of=as_of,
        as_of_basis=basis,
        **counts,
    )
