"""Progress rolled up by review and by agency: how many actions stand where, and what is late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import NotFoundError
from reviewgraph.graph.models import Action, Status

from ._common import (
    accountable_agencies,
    document_stem,
    fold,
    is_overdue,
    match_agencies,
    natural_key,
    short_stem,
)
from .resolve import resolve_review

__all__ = ["StatusRollup", "status"]


class StatusRollup(BaseModel):
    """Counts of actions in one review or one agency.

    ``rag`` is the rollup's own rating: green when every action is complete,
    red when any is delayed or overdue, amber otherwise (none when there are
    no actions). ``red``/``amber``/``green`` count the ratings the plan printed.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    group: Literal["review", "agency"]
    id: str
    name: str
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
    rag: Literal["red", "amber", "green"] | None
    as_of: dt.date


def _rollup(group, key: str, name: str, actions: Iterable[Action], as_of: dt.date) -> StatusRollup:
    actions = list(actions)
    counts = {s: sum(1 for a in actions if a.status == s) for s in Status}
    rags = {r: sum(1 for a in actions if a.rag == r) for r in ("red", "amber", "green")}
    overdue = sum(1 for a in actions if is_overdue(a, as_of))
    if not actions:
        rag = None
    elif counts[Status.COMPLETE] == len(actions):
        rag = "green"
    elif counts[Status.DELAYED] or overdue:
        rag = "red"
    else:
        rag = "amber"
    return StatusRollup(
        group=group,
        id=key,
        name=name,
        total=len(actions),
        complete=counts[Status.COMPLETE],
        in_progress=counts[Status.IN_PROGRESS],
        delayed=counts[Status.DELAYED],
        not_started=counts[Status.NOT_STARTED],
        unknown=counts[Status.UNKNOWN],
        overdue=overdue,
        as_of=as_of,
        rag=rag,
        **rags,
    )


def status(
    graph: ReviewGraph,
    *,
    by: Literal["review", "agency", "all"] = "all",
    review: str | None = None,
    agency: str | None = None,
    as_of: dt.date | None = None,
) -> list[StatusRollup]:
    """Progress by review and by agency: counts per normalised status, overdue and RAG.

    An action counts for its review (the document it came from) and for each
    agency accountable for it: the agencies of its owners (``OWNED_BY`` →
    ``MEMBER_OF``), or, when it has no owner, those its recommendation is
    ``DIRECTED_AT``. An action owned by two agencies counts once in each, so
    agency totals can add up to more than the review's.

    Parameters
    ----------
    graph : ReviewGraph
    by : {"all", "review", "agency"}
        Which rollups to return.
    review : str, optional
        Only actions of this review (id, document stem or its prefix).
    agency : str, optional
        Only this agency's rollup and, for reviews, its actions.
    as_of : datetime.date, optional
        The day overdue is judged on; today by default.

    Returns
    -------
    list of StatusRollup
        Review rollups first (by document), then agencies (by name).

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
    as_of = as_of or dt.date.today()
    actions = list(graph.nodes("Action"))
    if review:
        stems = {document_stem(r) for r in resolve_review(graph, review)}
        actions = [a for a in actions if document_stem(a) in stems]
    agency_ids = {a.id for a in match_agencies(graph, agency)} if agency else None
    accountable = {a.id: accountable_agencies(graph, a.id) for a in actions}
    if agency_ids is not None:
        actions = [a for a in actions if any(g.id in agency_ids for g in accountable[a.id])]

    rows: list[StatusRollup] = []
    if by in ("review", "all"):
        for item in sorted(graph.nodes("Review"), key=lambda r: natural_key(r.id)):
            mine = [a for a in actions if document_stem(a) == document_stem(item)]
            if not mine and (review or agency):
                continue
            name = f"{short_stem(document_stem(item))} {item.title}"
            rows.append(_rollup("review", item.id, name, mine, as_of))
    if by in ("agency", "all"):
        members: dict[str, list[Action]] = {}
        names: dict[str, str] = {}
        for action in actions:
            for owner in accountable[action.id]:
                members.setdefault(owner.id, []).append(action)
                names[owner.id] = owner.name
        for key in sorted(members, key=lambda k: (fold(names[k]), k)):
            if agency_ids is None or key in agency_ids:
                rows.append(_rollup("agency", key, names[key], members[key], as_of))
    return rows
