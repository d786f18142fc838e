"""Who owns what: each agency's lead roles and the actions each role owns."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import NotFoundError
from reviewgraph.graph.models import Action, Status

from ._common import (
    close_matches,
    document_stem,
    fold,
    is_overdue,
    match_agencies,
    natural_key,
    recommendation_ref,
    recommendations_of,
    review_of,
    role_agencies,
    short_stem,
)
from .resolve import resolve_review

__all__ = ["OwnedAction", "owners", "parse_status"]


class OwnedAction(BaseModel):
    """One action owned by one lead role, with the role's agency.

    An action with two owners gives two rows; a role in no agency has
    ``agency_id`` None.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    agency_id: str | None
    agency: str | None
    role_id: str
    role: str
    review_id: str | None
    review: str | None
    recommendation_id: str | None
    recommendation_ref: str | None
    action_id: str
    action: str
    due: str | None
    due_start: dt.date | None
    due_end: dt.date | None
    status: Status
    status_raw: str | None
    overdue: bool


def parse_status(text: str) -> Status:
    """A status named loosely: ``in progress``, ``In-Progress`` and ``in_progress`` are one.

    Raises
    ------
    NotFoundError
        When the words name no status.

    Examples
    --------
    >>> parse_status("In progress")
    <Status.IN_PROGRESS: 'in_progress'>
    """
    key = fold(text).replace(" ", "_").replace("-", "_")
    for status in Status:
        if key == status.value:
            return status
    values = [s.value for s in Status]
    raise NotFoundError(
        f"no status {text!r} (one of {', '.join(values)})", close_matches(key, values)
    )


def _matches_role(role, wanted: str, exact: bool) -> bool:
    spellings = (fold(role.name), fold(role.id), fold(role.id.rsplit(":", 1)[-1]))
    return wanted in spellings if exact else any(wanted in s for s in spellings)


def owners(
    graph: ReviewGraph,
    *,
    agency: str | None = None,
    role: str | None = None,
    review: str | None = None,
    status: str | Status | None = None,
    overdue: bool = False,
    as_of: dt.date | None = None,
) -> list[OwnedAction]:
    """Who owns what: for each agency, its lead roles and the actions each owns.

    A row is an ``OWNED_BY`` pair (action, role) with the role's agency
    (``MEMBER_OF``), the recommendation the action delivers (``HAS_ACTION``)
    and its review. In Cypher: ``MATCH (a:Action)-[:OWNED_BY]->(r:LeadRole)
    OPTIONAL MATCH (r)-[:MEMBER_OF]->(g:Agency)``.

    Parameters
    ----------
    graph : ReviewGraph
    agency : str, optional
        Keep roles of the agency with this id, name or alias (case-insensitive;
        when none is exact, names containing the words, so "Housing" finds
        "Housing RBK").
    role : str, optional
        Keep roles with this name or id (case-insensitive; when none is exact,
        names containing the words).
    review : str, optional
        Keep actions of this review: id, document stem or its prefix (``003``).
    status : str or Status, optional
        Keep actions with this normalised status (``complete``, ``in progress`` …).
    overdue : bool
        Keep only overdue actions: due (``due_end``; open intervals never) before
        ``as_of`` and not complete.
    as_of : datetime.date, optional
        The day overdue is judged on; today by default.

    Returns
    -------
    list of OwnedAction
        Sorted by agency name, role name, review and action order.

    Raises
    ------
    NotFoundError
        When the agency, role, review or status named does not exist.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph, Action, LeadRole, Agency, Source
    >>> g = ReviewGraph()
    >>> src = Source(document="plan.txt", line_start=1, line_end=1)
    >>> _ = g.add(Agency(id="agency:police", name="Police", source=src))
    >>> _ = g.add(LeadRole(id="role:police:dci", name="DCI", source=src))
    >>> _ = g.add(Action(id="action:plan:1", text="Audit files", status="complete", source=src))
    >>> g.link("role:police:dci", "MEMBER_OF", "agency:police")
    >>> g.link("action:plan:1", "OWNED_BY", "role:police:dci")
    >>> [(row.agency, row.role, row.action) for row in owners(g, agency="police")]
    [('Police', 'DCI', 'Audit files')]
    """
    as_of = as_of or dt.date.today()
    agency_ids = {a.id for a in match_agencies(graph, agency)} if agency else None
    review_stems = {document_stem(r) for r in resolve_review(graph, review)} if review else None
    wanted_status = parse_status(status) if isinstance(status, str) else status
    roles = list(graph.nodes("LeadRole"))
    if role:
        wanted = fold(role)
        chosen = [r for r in roles if _matches_role(r, wanted, exact=True)] or [
            r for r in roles if _matches_role(r, wanted, exact=False)
        ]
        if not chosen:
            names = sorted({r.name for r in roles})
            raise NotFoundError(f"no lead role named {role!r}", close_matches(role, names))
        roles = chosen

    rows: list[OwnedAction] = []
    for lead in roles:
        agencies = role_agencies(graph, lead.id) or [None]
        for owner_agency in agencies:
            if agency_ids is not None and (
                owner_agency is None or owner_agency.id not in agency_ids
            ):
                continue
            for action in graph.sources(lead.id, "OWNED_BY"):
                row = _row(graph, action, lead, owner_agency, as_of)
                if review_stems is not None and document_stem(action) not in review_stems:
                    continue
                if wanted_status is not None and action.status != wanted_status:
                    continue
                if overdue and not row.overdue:
                    continue
                rows.append(row)
    return sorted(rows, key=_order)


def _row(graph: ReviewGraph, action: Action, lead, owner_agency, as_of: dt.date) -> OwnedAction:
    recommendations = recommendations_of(graph, action.id)
    recommendation = recommendations[0] if recommendations else None
    review = review_of(graph, action)
    return OwnedAction(
        agency_id=owner_agency.id if owner_agency else None,
        agency=owner_agency.name if owner_agency else None,
        role_id=lead.id,
        role=lead.name,
        review_id=review.id if review else None,
        review=short_stem(document_stem(action)),
        recommendation_id=recommendation.id if recommendation else None,
        recommendation_ref=recommendation_ref(recommendation),
        action_id=action.id,
        action=action.text,
        due=action.due_raw,
        due_start=action.due_start,
        due_end=action.due_end,
        status=action.status,
        status_raw=action.status_raw,
        overdue=is_overdue(action, as_of),
    )


def _order(row: OwnedAction) -> tuple:
    return (
        fold(row.agency or "~"),
        fold(row.role),
        row.role_id,
        natural_key(row.review_id),
        natural_key(row.action_id),
    )
