"""The integrity rules of ``reviewgraph check``, one function each.

Each rule reads only what it needs through a :class:`~reviewgraph.queries.backend.Fetch`
(an SQL and a Cypher implementation side by side) and turns it into findings. The
rules about references are in :mod:`reviewgraph.queries.reference_rules`,
registered first (findings on one line are listed in registration order); the
rules about recommendations and actions are here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from reviewgraph.graph.handles import natural_key

from ._common import as_date
from .backend import Backend, Fetch
from .checks import CheckContext, Finding, finding, rule
from .reference_rules import ambiguous_reference, dangling_reference, reference_cycle
from .rule_reads import (
    ids_of,
    item_name,
    nodes_where,
    pairs_of,
    slim_row,
)

__all__ = [
    "dangling_reference",
    "ambiguous_reference",
    "reference_cycle",
    "recommendation_without_action",
    "action_without_owner",
    "action_without_due",
    "unparsed_date",
    "duplicate_recommendation_number",
    "complete_but_due_after_as_at",
    "complete_but_work_outstanding",
    "overdue_action",
    "unplaced_text",
]


# -- recommendations and actions ---------------------------------------------------------


@rule("recommendation-without-action", "warning", "a recommendation has no action")
def recommendation_without_action(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Recommendations that no action delivers (sub-items count with their parent).

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    delivers = {source for source, _ in pairs_of(backend, "HAS_ACTION")}
    parts: dict[str, list[str]] = defaultdict(list)
    parents: dict[str, list[str]] = defaultdict(list)
    for parent, part in pairs_of(backend, "HAS_PART"):
        parts[parent].append(part)
        parents[part].append(parent)

    def delivered(item: str, seen: frozenset[str] = frozenset()) -> bool:
        return item in delivers or any(
            delivered(part, seen | {item}) for part in parts.get(item, []) if part not in seen
        )

    # Only the few undelivered recommendations are read in full.
    undelivered = [
        item
        for item in ids_of(backend, "Recommendation")
        if not delivered(item) and not any(p in delivers for p in parents.get(item, []))
    ]
    for recommendation in sorted(
        backend.node_dicts(undelivered), key=lambda n: natural_key(n["id"])
    ):
        if not (recommendation.get("text") or "").strip():
            continue
        yield finding(
            "recommendation-without-action",
            recommendation,
            f"{item_name(recommendation)} has no action that delivers it",
            context,
            quoted=recommendation["text"],
            hint="add the action (with owner and date) that will deliver it",
        )


def _unnamed_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:

    rows = store.rows(
        "SELECT a.id, a.label, a.handle, a.document, "
        "json_extract(a.props, '$.source.document') AS sd, "
        "json_extract(a.props, '$.source.line_start') AS ls, "
        "json_extract(a.props, '$.source.line_end') AS le, "
        "json_extract(a.props, '$.text') AS text, EXISTS ("
        "  SELECT 1 FROM edges o WHERE o.source = a.id AND o.type = 'OWNED_BY') AS inferred "
        "FROM nodes a WHERE a.label = 'Action' "
        "AND json_extract(a.props, '$.owner_raw') IS NULL AND NOT EXISTS ("
        "  SELECT 1 FROM edges o WHERE o.source = a.id AND o.type = 'OWNED_BY' "
        "  AND coalesce(json_extract(o.props, '$.basis'), 'named') IN ('named', 'text'))"
    )
    return [
        {"action": slim_row(dict(row), ("text",)), "inferred": bool(row["inferred"])}
        for row in rows
    ]


def _unnamed_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    records = server.read(
        "MATCH (a:Action) WHERE a.owner_raw IS NULL "
        "AND NOT EXISTS { MATCH (a)-[o:OWNED_BY]->() "
        "  WHERE coalesce(o.basis, 'named') IN ['named', 'text'] } "
        "RETURN a.id AS id, 'Action' AS label, a.handle AS handle, a.document_id AS document, "
        "a.source_document AS sd, a.source_line_start AS ls, a.source_line_end AS le, "
        "a.text AS text, EXISTS { MATCH (a)-[:OWNED_BY]->() } AS inferred"
    )
    return [
        {"action": slim_row(dict(r), ("text",)), "inferred": bool(r["inferred"])} for r in records
    ]


#: Actions no owner column or words of their own name an owner for, and whether an
#: owner was inferred from the recommendation's agency.
UNNAMED_OWNERS = Fetch("unnamed-owners", embedded=_unnamed_embedded, cypher=_unnamed_cypher)


@rule("action-without-owner", "warning", "no owner is named for an action")
def action_without_owner(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Actions whose plan names no owner: none in an owner column nor in their words
    (they answer only through their recommendation's agency, or not at all).

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    for row in backend.fetch(UNNAMED_OWNERS):
        action = row["action"]
        through = " (it answers through its recommendation's agency)" if row["inferred"] else ""
        yield finding(
            "action-without-owner",
            action,
            f"{item_name(action)} has no named owner{through}",
            context,
            quoted=action.get("text") or None,
            hint="name the lead role responsible for it",
        )


@rule("action-without-due", "warning", "an action has no due date")
def action_without_due(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Actions with no due date at all.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    for action in nodes_where(
        backend,
        "Action",
        "coalesce(json_extract(props, '$.due_raw'), '') = ''",
        "coalesce(n.due_raw, '') = ''",
        ("text",),
    ):
        yield finding(
            "action-without-due",
            action,
            f"{item_name(action)} has no due date",
            context,
            quoted=action.get("text") or None,
            hint="give it a date or a period (e.g. 'March 2012')",
        )


_STANDING = re.compile(r"\b(?:ongoing|on-going|annual(?:ly)?|rolling|routine(?:ly)?)\b", re.I)
_UNDATED_OK = re.compile(r"^\W*(?:ongoing|on-going|now|immediate(?:ly)?|annually|tbc)\W*$", re.I)


@rule("unparsed-date", "warning", "a due date could not be read")
def unparsed_date(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Due dates whose words give no day, month or year that could be read.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    for action in nodes_where(
        backend,
        "Action",
        "coalesce(json_extract(props, '$.due_raw'), '') != '' AND due_start IS NULL "
        "AND due_end IS NULL",
        "coalesce(n.due_raw, '') <> '' AND n.due_start IS NULL AND n.due_end IS NULL",
        ("due_raw", "dittos"),
    ):
        due = action["due_raw"]
        if _UNDATED_OK.match(due) or "due_raw" in (action.get("dittos") or {}):
            continue
        if not re.search(r"\d", due) and _STANDING.search(due):
            continue  # "Annually and ongoing": a standing commitment, not a date
        yield finding(
            "unparsed-date",
            action,
            f"the due date of {item_name(action)} cannot be read",
            context,
            quoted=due,
            hint="write it as a month and year, e.g. 'March 2012'",
        )


def _normal(ref: str) -> str:
    return re.sub(r"\s+", "", ref.lower()).rstrip(".")


def _repeated_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = store.rows(
        "SELECT n.id FROM nodes n JOIN ("
        "  SELECT document, ref FROM nodes WHERE label = 'Recommendation' AND ref IS NOT NULL"
        "  GROUP BY document, ref HAVING count(*) > 1) twice "
        "ON n.document = twice.document AND n.ref = twice.ref "
        "WHERE n.label = 'Recommendation'"
    )
    return [{"id": row[0]} for row in rows]


def _repeated_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    from reviewgraph.graph.handles import normal_ref

    # The store's ``ref`` column is normal_ref(ref), NULL for an empty one.
    records = server.read(
        "MATCH (r:Recommendation) WHERE r.ref IS NOT NULL AND r.ref <> '' "
        "RETURN r.id AS id, r.document_id AS document, r.ref AS ref"
    )
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in records:
        groups[(r["document"], normal_ref(r["ref"]))].append(r["id"])
    return [{"id": i} for ids in groups.values() if len(ids) > 1 for i in ids]


#: Recommendations whose printed number another of their plan also has.
REPEATED_NUMBERS = Fetch("repeated-numbers", embedded=_repeated_embedded, cypher=_repeated_cypher)


@rule("duplicate-recommendation-number", "error", "two recommendations share a number")
def duplicate_recommendation_number(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Recommendation numbers printed more than once within one plan.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    by_ref: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    twice = [row["id"] for row in backend.fetch(REPEATED_NUMBERS)]
    for recommendation in backend.node_dicts(twice):
        # Plans that number each agency's section from 1 print "1" once per section.
        key = (
            recommendation.get("document") or "",
            recommendation.get("section") or "",
            _normal(recommendation["ref"]),
        )
        by_ref[key].append(recommendation)
    for recommendations in by_ref.values():
        if len(recommendations) < 2:
            continue
        recommendations.sort(key=lambda r: r["order"])
        lines = ", ".join(str(r["source"]["line_start"]) for r in recommendations)
        for recommendation in recommendations[1:]:
            yield finding(
                "duplicate-recommendation-number",
                recommendation,
                f"recommendation {recommendation['ref']} is numbered twice (lines {lines})",
                context,
                quoted=recommendation["text"],
                hint="renumber one of them and the references to it",
            )


@rule("complete-but-due-after-as-at", "warning", "complete before the work was due")
def complete_but_due_after_as_at(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Actions marked complete although their due period starts after the plan's "as at" date.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    for action in nodes_where(
        backend,
        "Action",
        "status = 'complete' AND due_start IS NOT NULL",
        "n.status = 'complete' AND n.due_start IS NOT NULL",
        ("due_start", "due_raw", "status_raw"),
    ):
        document = context.documents.get(action.get("document") or "")
        as_at = as_date(document.as_of) if document else None
        due_start = as_date(action["due_start"])
        if as_at is None or due_start is None or due_start <= as_at:
            continue
        yield finding(
            "complete-but-due-after-as-at",
            action,
            f"{item_name(action)} is marked complete but is due {action.get('due_raw')}, "
            f"after the plan's progress date {as_at.isoformat()}",
            context,
            quoted=action.get("status_raw") or action.get("due_raw"),
            hint="check the status, or the due date",
        )


_OUTSTANDING = re.compile(
    r"\b(?:to be (?:completed|finalised|finalized|agreed|developed|published|delivered|"
    r"implemented|presented|commissioned|held|written|sought|undertaken|rolled out)|awaiting|"
    r"not yet|yet to|still (?:to|not)|pending|outstanding|will follow|will commence|"
    r"in progress|not (?:been )?(?:achieved|met))",
    re.IGNORECASE,
)


def _complete_texts_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = store.rows(
        "SELECT id, json_extract(props, '$.progress') AS progress, "
        "json_extract(props, '$.evidence') AS evidence FROM nodes "
        "WHERE label = 'Action' AND status = 'complete'"
    )
    return [dict(row) for row in rows]


def _complete_texts_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    return server.read(
        "MATCH (a:Action {status: 'complete'}) "
        "RETURN a.id AS id, a.progress AS progress, a.evidence AS evidence",
        {},
    )


#: The progress and evidence words of every action marked complete.
COMPLETE_TEXTS = Fetch(
    "complete-texts", embedded=_complete_texts_embedded, cypher=_complete_texts_cypher
)


@rule("complete-but-work-outstanding", "warning", "complete, but the words say it is not done")
def complete_but_work_outstanding(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Actions marked complete whose progress or evidence says work is still to be done.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    texts = backend.fetch(COMPLETE_TEXTS)
    flagged = [
        row["id"]
        for row in texts
        if any(_OUTSTANDING.search(row[f] or "") for f in ("progress", "evidence"))
    ]
    for action in sorted(backend.node_dicts(flagged), key=lambda n: natural_key(n["id"])):
        for text in (action.get("progress"), action.get("evidence")):
            match = _OUTSTANDING.search(text or "")
            if match:
                start = max(0, match.start() - 40)
                yield finding(
                    "complete-but-work-outstanding",
                    action,
                    f"{item_name(action)} is marked complete, "
                    f"but its progress says “{match.group(0)}”",
                    context,
                    quoted=(text or "")[start : match.end() + 50],
                    hint="mark it in progress, or record that the work is done",
                )
                break


@rule("overdue-action", "warning", "an action is overdue")
def overdue_action(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Actions due before the day their plan is judged on and not complete.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    for action in nodes_where(
        backend,
        "Action",
        "status != 'complete' AND due_end IS NOT NULL",
        "n.status <> 'complete' AND n.due_end IS NOT NULL",
        ("due_end", "due_raw", "status", "status_raw"),
    ):
        day, basis = context.judge.day(action.get("document"))
        last_day = as_date(action["due_end"])
        if last_day is None or last_day >= day:
            continue
        judged = {"plan": "the plan's progress date", "today": "today", "given": "the date asked"}
        state = action.get("status_raw") or (action.get("status") or "unknown").replace("_", " ")
        yield finding(
            "overdue-action",
            action,
            f"{item_name(action)} was due by {last_day.isoformat()} and is {state} "
            f"as of {day.isoformat()} ({judged[basis]})",
            context,
            quoted=action.get("due_raw"),
            hint="record its progress, or agree a new date",
        )


@rule("unplaced-text", "info", "text the loaders could not place")
def unplaced_text(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Words of a document no item took (decoration such as titles is not reported).

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    for document in nodes_where(backend, "Document", "1", "true", ("unplaced",)):
        for piece in document.get("unplaced") or []:
            if piece.get("reason") != "unplaced":
                continue
            yield finding(
                "unplaced-text",
                document,
                "no item took these words" + (f" ({piece['what']})" if piece.get("what") else ""),
                context,
                quoted=piece["text"],
                line=piece["line"],
                hint="check that nothing of the plan is missing here",
            )
