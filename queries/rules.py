"""The integrity rules of ``reviewgraph check``, one function each.

Each rule reads only what it needs through a :class:`~reviewgraph.queries.backend.Fetch`
(an SQL and a Cypher implementation side by side) and turns it into findings.
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


# -- shared data access -----------------------------------------------------------------


def _where_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    """Nodes of one label whose JSON properties satisfy ``p['where']`` (SQL over props)."""
    from reviewgraph.graph.store import node_dict

    rows = store.rows(
        "SELECT id, label, handle, document, props FROM nodes n "
        f"WHERE label = :label AND ({p['sql']})",
        {"label": p["label"]},
    )
    return [node_dict(row) for row in rows]


def _where_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    records = server.read(
        f"MATCH (n:{p['label']}) WHERE {p['cypher']} RETURN properties(n) AS node", {}
    )
    return [server.node(r["node"], p["label"]) for r in records]


#: Nodes of one label meeting a condition given in both languages (no user text in either).
NODES_WHERE = Fetch("nodes-where", embedded=_where_embedded, cypher=_where_cypher)


def _nodes(backend: Backend, label: str, sql: str, cypher: str) -> list[dict[str, Any]]:
    found = backend.fetch(NODES_WHERE, label=label, sql=sql, cypher=cypher)
    return sorted(found, key=lambda n: natural_key(n["id"]))


def _edges_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = store.rows("SELECT DISTINCT source, target FROM edges WHERE type = ?", (p["type"],))
    return [dict(row) for row in rows]


def _edges_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    return server.read(
        f"MATCH (a)-[:{p['type']}]->(b) RETURN DISTINCT a.id AS source, b.id AS target", {}
    )


#: Every (source, target) pair of one relationship type.
EDGES_OF = Fetch("edges-of", embedded=_edges_embedded, cypher=_edges_cypher)


def _pairs(backend: Backend, kind: str) -> list[tuple[str, str]]:
    return sorted(
        ((e["source"], e["target"]) for e in backend.fetch(EDGES_OF, type=kind)),
        key=lambda p: (natural_key(p[0]), natural_key(p[1])),
    )


def _name(node: dict[str, Any] | None, fallback: str = "") -> str:
    """How a board names an item: by the recommendation it delivers, not our numbering."""
    if node is None:
        return fallback
    handle = node.get("handle") or ""
    number = handle.split(":", 1)[1] if ":" in handle else ""
    if node["label"] == "Recommendation":
        return f"recommendation {number}" if number else f"recommendation #{node.get('order')}"
    if node["label"] == "Action" and "/" in number:
        recommendation, position = number.rsplit("/", 1)
        return f"action {position} of recommendation {recommendation}"
    return f"{node['label'].lower()} {handle or node['id']}"


def _line(node: dict[str, Any] | None) -> int | None:
    return (node or {}).get("source", {}).get("line_start")


class _Nodes:
    """Nodes fetched by id as the rules name them."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.known: dict[str, dict[str, Any]] = {}

    def load(self, ids) -> None:
        missing = [i for i in ids if i not in self.known]
        for node in self.backend.node_dicts(missing):
            self.known[node["id"]] = node

    def get(self, node_id: str) -> dict[str, Any] | None:
        self.load([node_id])
        return self.known.get(node_id)


# -- references ---------------------------------------------------------------------------


def _citers(backend: Backend, ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for edge in backend.edge_dicts(targets=ids, types=["CITES"]):
        found[edge["target"]].append(edge["source"])
    return {k: sorted(v, key=natural_key) for k, v in found.items()}


@rule("dangling-reference", "error", "a reference points at nothing")
def dangling_reference(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """References that resolve to no item.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    references = _nodes(
        backend,
        "CrossReference",
        "json_extract(props, '$.resolution') = 'dangling'",
        "n.resolution = 'dangling'",
    )
    citers = _citers(backend, [r["id"] for r in references])
    nodes = _Nodes(backend)
    for ref in references:
        what = "“As above” has nothing to repeat" if ref["kind"] == "ditto" else "points at nothing"
        citing = citers.get(ref["id"])
        yield finding(
            "dangling-reference",
            ref,
            f"{what}: {ref.get('reason') or 'no item fits'}",
            context,
            quoted=ref["raw"],
            item=nodes.get(citing[0]) if citing else None,
            hint=(
                "write the value out in full instead of repeating the cell above"
                if ref["kind"] == "ditto"
                else "correct the number or words so they name an item that is in the plan"
            ),
        )


@rule("ambiguous-reference", "warning", "a reference fits several items")
def ambiguous_reference(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """References that fit several items; all candidates are named.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    references = _nodes(
        backend,
        "CrossReference",
        "json_extract(props, '$.resolution') = 'ambiguous'",
        "n.resolution = 'ambiguous'",
    )
    ids = [r["id"] for r in references]
    citers = _citers(backend, ids)
    targets: dict[str, list[str]] = defaultdict(list)
    for edge in backend.edge_dicts(sources=ids, types=["RESOLVES_TO"]):
        targets[edge["source"]].append(edge["target"])
    nodes = _Nodes(backend)
    nodes.load([t for found in targets.values() for t in found])
    for ref in references:
        names = ", ".join(
            f"{_name(nodes.get(t), t)} (line {_line(nodes.get(t))})"
            for t in sorted(targets.get(ref["id"], []), key=natural_key)
        )
        citing = citers.get(ref["id"])
        yield finding(
            "ambiguous-reference",
            ref,
            f"could mean any of {names}: {ref.get('reason')}",
            context,
            quoted=ref["raw"],
            item=nodes.get(citing[0]) if citing else None,
            hint="name the one item meant (its number, or its agency and number)",
        )


@rule("reference-cycle", "error", "references point round in a circle")
def reference_cycle(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Items whose references, of any kind and any length, lead back to themselves.

    What an action points at, its recommendation points at too; so a
    recommendation whose action points at a second recommendation whose action
    points back is a cycle of two.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    import networkx as nx

    cites = _pairs(backend, "CITES")
    resolves = defaultdict(list)
    for reference, target in _pairs(backend, "RESOLVES_TO"):
        resolves[reference].append(target)
    follow = nx.DiGraph()
    via: dict[tuple[str, str], str] = {}
    for citer, reference in cites:
        for target in resolves.get(reference, []):
            if citer != target:
                follow.add_edge(citer, target)
                via.setdefault((citer, target), reference)
    for recommendation, action in _pairs(backend, "HAS_ACTION"):
        if action in follow and recommendation != action:
            follow.add_edge(recommendation, action)
    nodes = _Nodes(backend)
    nodes.load(list(follow.nodes) + list(via.values()))
    seen: set[frozenset[str]] = set()
    for cycle in nx.simple_cycles(follow):
        members = frozenset(cycle)
        if members in seen:
            continue
        seen.add(members)
        steps = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        refs = [nodes.get(via[step]) for step in steps if step in via]
        refs = [r for r in refs if r]
        if not refs:
            continue
        first = min(refs, key=lambda r: r["source"]["line_start"])
        start = cycle.index(
            min(cycle, key=lambda n: (nodes.get(n) or {}).get("source", {}).get("line_start", 0))
        )
        cycle = cycle[start:] + cycle[:start]
        path = " → ".join(_name(nodes.get(n), n) for n in [*cycle, cycle[0]])
        lines = ", ".join(str(r["source"]["line_start"]) for r in refs)
        citing = [c for c, r in cites if r == first["id"]]
        yield finding(
            "reference-cycle",
            first,
            f"references go round in a circle: {path} (lines {lines})",
            context,
            quoted=first["raw"],
            item=nodes.get(citing[0]) if citing else None,
            hint="make one of these items say what it does instead of pointing",
        )


# -- recommendations and actions ---------------------------------------------------------


@rule("recommendation-without-action", "warning", "a recommendation has no action")
def recommendation_without_action(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Recommendations that no action delivers (sub-items count with their parent).

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    delivers = {source for source, _ in _pairs(backend, "HAS_ACTION")}
    parts: dict[str, list[str]] = defaultdict(list)
    parents: dict[str, list[str]] = defaultdict(list)
    for parent, part in _pairs(backend, "HAS_PART"):
        parts[parent].append(part)
        parents[part].append(parent)

    def delivered(item: str, seen: frozenset[str] = frozenset()) -> bool:
        return item in delivers or any(
            delivered(part, seen | {item}) for part in parts.get(item, []) if part not in seen
        )

    for recommendation in _nodes(backend, "Recommendation", "1", "true"):
        item = recommendation["id"]
        if delivered(item) or any(p in delivers for p in parents.get(item, [])):
            continue
        if not (recommendation.get("text") or "").strip():
            continue
        yield finding(
            "recommendation-without-action",
            recommendation,
            f"{_name(recommendation)} has no action that delivers it",
            context,
            quoted=recommendation["text"],
            hint="add the action (with owner and date) that will deliver it",
        )


def _owner_bases_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = store.rows(
        "SELECT source AS action, json_extract(props, '$.basis') AS basis FROM edges "
        "WHERE type = 'OWNED_BY'"
    )
    return [dict(row) for row in rows]


def _owner_bases_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    return server.read(
        "MATCH (a:Action)-[o:OWNED_BY]->() RETURN a.id AS action, o.basis AS basis", {}
    )


#: (action, basis) of every OWNED_BY edge.
OWNER_BASES = Fetch("owner-bases", embedded=_owner_bases_embedded, cypher=_owner_bases_cypher)


@rule("action-without-owner", "warning", "no owner is named for an action")
def action_without_owner(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Actions whose plan names no owner: none in an owner column nor in their words
    (they answer only through their recommendation's agency, or not at all).

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    named = set()
    inferred = set()
    for row in backend.fetch(OWNER_BASES):
        if row["basis"] in (None, "named", "text"):
            named.add(row["action"])
        else:
            inferred.add(row["action"])
    for action in _nodes(backend, "Action", "1", "true"):
        if action["id"] in named or action.get("owner_raw"):
            continue
        through = (
            " (it answers through its recommendation's agency)" if action["id"] in inferred else ""
        )
        yield finding(
            "action-without-owner",
            action,
            f"{_name(action)} has no named owner{through}",
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
    for action in _nodes(
        backend,
        "Action",
        "coalesce(json_extract(props, '$.due_raw'), '') = ''",
        "coalesce(n.due_raw, '') = ''",
    ):
        yield finding(
            "action-without-due",
            action,
            f"{_name(action)} has no due date",
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
    for action in _nodes(
        backend,
        "Action",
        "coalesce(json_extract(props, '$.due_raw'), '') != '' AND due_start IS NULL "
        "AND due_end IS NULL",
        "coalesce(n.due_raw, '') <> '' AND n.due_start IS NULL AND n.due_end IS NULL",
    ):
        due = action["due_raw"]
        if _UNDATED_OK.match(due) or "due_raw" in (action.get("dittos") or {}):
            continue
        if not re.search(r"\d", due) and _STANDING.search(due):
            continue  # "Annually and ongoing": a standing commitment, not a date
        yield finding(
            "unparsed-date",
            action,
            f"the due date of {_name(action)} cannot be read",
            context,
            quoted=due,
            hint="write it as a month and year, e.g. 'March 2012'",
        )


def _normal(ref: str) -> str:
    return re.sub(r"\s+", "", ref.lower()).rstrip(".")


@rule("duplicate-recommendation-number", "error", "two recommendations share a number")
def duplicate_recommendation_number(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Recommendation numbers printed more than once within one plan.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    by_ref: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for recommendation in _nodes(
        backend,
        "Recommendation",
        "json_extract(props, '$.ref') IS NOT NULL",
        "n.ref IS NOT NULL",
    ):
        by_ref[(recommendation.get("document") or "", _normal(recommendation["ref"]))].append(
            recommendation
        )
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
    for action in _nodes(
        backend,
        "Action",
        "status = 'complete' AND due_start IS NOT NULL",
        "n.status = 'complete' AND n.due_start IS NOT NULL",
    ):
        document = context.documents.get(action.get("document") or "")
        as_at = as_date(document.as_of) if document else None
        due_start = as_date(action["due_start"])
        if as_at is None or due_start is None or due_start <= as_at:
            continue
        yield finding(
            "complete-but-due-after-as-at",
            action,
            f"{_name(action)} is marked complete but is due {action.get('due_raw')}, "
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


@rule("complete-but-work-outstanding", "warning", "complete, but the words say it is not done")
def complete_but_work_outstanding(backend: Backend, context: CheckContext) -> Iterator[Finding]:
    """Actions marked complete whose progress or evidence says work is still to be done.

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    for action in _nodes(backend, "Action", "status = 'complete'", "n.status = 'complete'"):
        for text in (action.get("progress"), action.get("evidence")):
            match = _OUTSTANDING.search(text or "")
            if match:
                start = max(0, match.start() - 40)
                yield finding(
                    "complete-but-work-outstanding",
                    action,
                    f"{_name(action)} is marked complete, but its progress says “{match.group(0)}”",
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
    for action in _nodes(
        backend,
        "Action",
        "status != 'complete' AND due_end IS NOT NULL",
        "n.status <> 'complete' AND n.due_end IS NOT NULL",
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
            f"{_name(action)} was due by {last_day.isoformat()} and is {state} "
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
    for document in _nodes(backend, "Document", "1", "true"):
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
