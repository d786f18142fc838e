"""Who owns what: every action with the lead role or agency answerable for it, and why."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from reviewgraph.graph.errors import NotFoundError
from reviewgraph.graph.models import Status

from ._common import (
    close_matches,
    documents_by_id,
    fold,
    is_overdue,
    judge_dates,
    match_agencies,
    natural_key,
    place_of,
    resolve_reviews,
)
from .backend import Fetch, as_backend
from .constants import OWNER_BASES as BASES
from .statuses import parse_status

__all__ = ["OwnedAction", "owners", "BASES", "OWNERS"]


class OwnedAction(BaseModel):
    """One action and one of its owners.

    ``role`` is None when the owner is an agency itself (no role named);
    ``basis`` says why the owner owns it (:data:`BASES`). ``overdue`` is
    judged on ``as_of``: the plan's own progress date unless another was
    asked for (``as_of_basis``: ``plan``, ``today`` or ``given``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    ref: str | None
    review: str | None
    document: str | None
    line_start: int | None
    line_end: int | None
    locator: str | None = None
    agency: str | None
    agency_id: str | None
    role: str | None
    role_id: str | None
    basis: str
    recommendation: str | None
    text: str
    due: str | None
    due_start: dt.date | None
    due_end: dt.date | None
    status: Status
    status_raw: str | None
    status_basis: str | None = None
    rag: str | None
    overdue: bool
    as_of: dt.date
    as_of_basis: Literal["plan", "today", "given"]


# -- data access, once per backend -------------------------------------------------


def _owners_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    # Only the filters given become conditions, so SQLite can use its indexes.
    conditions = ["a.label = 'Action'"]
    if p["documents"] is not None:
        conditions.append("a.document IN (SELECT value FROM json_each(:documents))")
    if p["owners"] is not None:
        conditions.append("o.target IN (SELECT value FROM json_each(:owners))")
    if p["status"] is not None:
        conditions.append("a.status = :status")
    sql = f"""
        SELECT a.id, a.label, a.handle, a.document, a.props,
               o.props AS edge, w.id AS owner_id, w.label AS owner_label, w.name AS owner_name,
               CASE WHEN w.label = 'Agency' THEN w.id ELSE
                 (SELECT m.target FROM edges m WHERE m.source = w.id AND m.type = 'MEMBER_OF'
                  ORDER BY m.target LIMIT 1) END AS agency_id
        FROM edges o
        JOIN nodes a ON a.id = o.source
        JOIN nodes w ON w.id = o.target
        WHERE o.type = 'OWNED_BY' AND {" AND ".join(conditions)}
    """
    rows = store.rows(sql, _json_parameters(p))
    return [_record(row) for row in rows]


def _owners_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    # As in SQL, only the filters given become conditions, so the server can use its indexes.
    conditions = []
    if p["documents"] is not None:
        conditions.append("a.document_id IN $documents")
    if p["owners"] is not None:
        conditions.append("w.id IN $owners")
    if p["status"] is not None:
        conditions.append("a.status = $status")
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    query = f"""
        MATCH (a:Action)-[o:OWNED_BY]->(w) {where}
        OPTIONAL MATCH (w)-[:MEMBER_OF]->(g)
        WITH a, o, w, collect(g.id) AS agencies
        RETURN properties(a) AS node, o.basis AS basis, w.id AS owner_id,
               head(labels(w)) AS owner_label, w.name AS owner_name, agencies
    """
    records = server.read(query, p)
    return [
        {
            "action": server.node(r["node"], "Action"),
            "basis": r["basis"],
            "owner_id": r["owner_id"],
            "owner_label": r["owner_label"],
            "owner_name": r["owner_name"],
            # A role's first agency by id, as SQL's ORDER BY m.target LIMIT 1.
            "agency_id": r["owner_id"]
            if r["owner_label"] == "Agency"
            else min(r["agencies"], default=None),
        }
        for r in records
    ]


OWNERS = Fetch("owners", embedded=_owners_embedded, cypher=_owners_cypher)


def _json_parameters(p: dict[str, Any]) -> dict[str, Any]:
    import json

    return {k: json.dumps(v) if isinstance(v, list) else v for k, v in p.items()}


def _record(row) -> dict[str, Any]:
    import json

    from reviewgraph.graph.store import node_dict

    edge = json.loads(row["edge"]) if row["edge"] else {}
    return {
        "action": node_dict(row),
        "basis": edge.get("basis"),
        "owner_id": row["owner_id"],
        "owner_label": row["owner_label"],
        "owner_name": row["owner_name"],
        "agency_id": row["agency_id"],
    }


# -- the question -----------------------------------------------------------------------


def owners(
    source,
    *,
    agency: str | None = None,
    role: str | None = None,
    review: str | None = None,
    status: str | Status | None = None,
    basis: str | None = None,
    overdue: bool = False,
    as_of: dt.date | None = None,
) -> list[OwnedAction]:
    """Who owns what: every action with each of its owners and the owner's agency.

    An action's owners are what it is ``OWNED_BY``: lead roles the plan names
    (``basis`` ``named``), the team or body its own words name as doing the
    work (``text``), or, when the plan names no owner, the agency its
    recommendation is directed at (``agency``). A role's agency is the one it
    is ``MEMBER_OF``. In Cypher: ``MATCH (a:Action)-[o:OWNED_BY]->(w)
    OPTIONAL MATCH (w)-[:MEMBER_OF]->(g:Agency)``.

    Parameters
    ----------
    source : Backend, Store or ReviewGraph
    agency : str, optional
        Keep owners of every agency whose name or alias holds these words
        (``Police``: every police force).
    role : str, optional
        Keep lead roles with this name (case-insensitive; when none is exact,
        names holding the words).
    review : str, optional
        Keep actions of this plan (handle such as ``003``, file name or title words).
    status : str or Status, optional
        Keep actions with this status, in the plan's words or ours
        (``Ongoing``, ``in progress``, ``Green``).
    basis : {"named", "text", "agency"}, optional
        Keep owners with this basis.
    overdue : bool
        Keep only overdue actions.
    as_of : datetime.date, optional
        Judge overdue on this day; by default each plan's own progress date,
        or today for a plan that gives none.

    Returns
    -------
    list of OwnedAction
        By agency, role, plan and action.

    Raises
    ------
    NotFoundError
        When the agency, role, review, status or basis named does not exist.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph, Action, LeadRole, Agency, Source
    >>> g = ReviewGraph()
    >>> src = Source(document="plan.txt", line_start=1, line_end=1)
    >>> _ = g.add(Agency(id="agency:police", name="Police", source=src))
    >>> _ = g.add(LeadRole(id="role:police:dci", name="DCI", source=src))
    >>> _ = g.add(Action(id="action:plan:1", text="Audit files", status="complete", source=src))
    >>> g.link("role:police:dci", "MEMBER_OF", "agency:police")
    >>> g.link("action:plan:1", "OWNED_BY", "role:police:dci", basis="named")
    >>> [(row.agency, row.role, row.text, row.basis) for row in owners(g, agency="police")]
    [('Police', 'DCI', 'Audit files', 'named')]
    """
    backend = as_backend(source)
    documents = documents_by_id(backend)
    parameters: dict[str, Any] = {"documents": None, "owners": None, "status": None}
    if review is not None:
        parameters["documents"] = [d.id for d in resolve_reviews(backend, review)]
    if status is not None:
        parameters["status"] = parse_status(status).value
    if basis is not None and basis not in BASES:
        raise NotFoundError(f"no owner basis {basis!r} (one of {', '.join(BASES)})")
    agencies = {a["id"]: a for a in backend.nodes_of("Agency")}
    owner_ids: set[str] | None = None
    if agency is not None:
        wanted = [a["id"] for a in match_agencies(backend, agency)]
        members = backend.edge_dicts(targets=wanted, types=["MEMBER_OF"])
        owner_ids = set(wanted) | {e["source"] for e in members}
    if role is not None:
        roles = {r["id"] for r in _match_roles(backend, role)}
        owner_ids = roles if owner_ids is None else owner_ids & roles
    if owner_ids is not None:
        parameters["owners"] = sorted(owner_ids)
    judge = judge_dates(backend, as_of)

    rows: list[OwnedAction] = []
    for record in backend.fetch(OWNERS, **parameters):
        action = record["action"]
        if basis is not None and record["basis"] != basis:
            continue
        agency_id = record["agency_id"]
        day, day_basis = judge.day(action.get("document"))
        late = is_overdue(action, day)
        if overdue and not late:
            continue
        is_role = record["owner_label"] == "LeadRole"
        handle = action.get("handle")
        rows.append(
            OwnedAction(
                id=action["id"],
                ref=handle,
                **place_of(action, documents),
                agency=agencies[agency_id]["name"] if agency_id in agencies else None,
                agency_id=agency_id,
                role=record["owner_name"] if is_role else None,
                role_id=record["owner_id"] if is_role else None,
                basis=record["basis"] or "named",
                recommendation=handle.rsplit("/", 1)[0] if handle and "/" in handle else None,
                text=action.get("text") or "",
                due=action.get("due_raw"),
                due_start=action.get("due_start"),
                due_end=action.get("due_end"),
                status=action.get("status") or "unknown",
                status_raw=action.get("status_raw"),
                status_basis=action.get("status_basis"),
                rag=action.get("rag"),
                overdue=late,
                as_of=day,
                as_of_basis=day_basis,
            )
        )
    return sorted(rows, key=_order)


def _match_roles(backend, role: str) -> list[dict[str, Any]]:
    wanted = fold(role)
    if not wanted:
        raise NotFoundError("a lead role must be named")
    roles = backend.nodes_of("LeadRole")
    exact = [r for r in roles if wanted in (fold(r["name"]), fold(r["id"]))]
    chosen = exact or [r for r in roles if wanted in fold(r["name"])]
    if not chosen:
        names = sorted({r["name"] for r in roles})
        raise NotFoundError(f"no lead role named {role!r}", close_matches(role, names))
    return chosen


def _order(row: OwnedAction) -> tuple:
    return (
        fold(row.agency or "~"),
        fold(row.role or ""),
        row.role_id or "",
        natural_key(row.ref or row.id),
    )
