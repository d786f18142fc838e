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
    """Nodes of one label whose properties meet ``p['sql']``, with only ``p['fields']``
    read (SQLite reads them out of the JSON; Python decodes nothing it will not use)."""
    fields = ", ".join(f"json_extract(props, '$.{f}') AS \"{f}\"" for f in p["fields"])
    rows = store.rows(
        "SELECT id, label, handle, document, json_extract(props, '$.source.document') AS sd, "
        "json_extract(props, '$.source.line_start') AS ls, "
        "json_extract(props, '$.source.line_end') AS le"
        + (f", {fields}" if fields else "")
        + f" FROM nodes n WHERE label = :label AND ({p['sql']})",
        {"label": p["label"]},
    )
    return [_slim(dict(row), p["fields"]) for row in rows]


def _where_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    from reviewgraph.graph.models import NODE_TYPES
    from reviewgraph.graph.neo4j_cypher import quoted

    fields = "".join(f", n.{f} AS {f}" for f in p["fields"])
    records = server.read(
        f"MATCH (n:{quoted(p['label'], NODE_TYPES)}) WHERE {p['cypher']} "
        "RETURN n.id AS id, $label AS label, n.handle AS handle, n.document_id AS document, "
        "n.source_document AS sd, n.source_line_start AS ls, "
        f"n.source_line_end AS le{fields}",
        {"label": p["label"]},
    )
    # The server leaves out empty lists and maps; the store holds the model's [] and {}.
    model = NODE_TYPES[p["label"]].model_fields
    empty = {
        f: model[f].get_default(call_default_factory=True)
        for f in p["fields"]
        if f in model and isinstance(model[f].get_default(call_default_factory=True), list | dict)
    }
    for record in records:
        for field, default in empty.items():
            if record.get(field) is None:
                record[field] = default
    return [_slim(dict(r), p["fields"]) for r in records]


#: The JSON-valued properties, which SQLite hands back as JSON text.
_JSON_FIELDS = frozenset({"dittos", "unplaced", "aliases"})


def _slim(row: dict[str, Any], fields) -> dict[str, Any]:
    """A row of :data:`NODES_WHERE` in the shape of a node dict (with ``source``)."""
    node = {
        "id": row["id"],
        "label": row["label"],
        "handle": row["handle"],
        "document": row["document"],
        "source": {"document": row["sd"], "line_start": row["ls"], "line_end": row["le"]},
    }
    for field in fields:
        value = row.get(field)
        if field in _JSON_FIELDS and isinstance(value, str):
            import json

            value = json.loads(value)
        node[field] = value.isoformat() if hasattr(value, "isoformat") else value
    return node


#: Nodes of one label meeting a condition given in both languages (no user text in
#: either), with only the named properties.
NODES_WHERE = Fetch("nodes-where", embedded=_where_embedded, cypher=_where_cypher)


def _ids_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"id": row[0]} for row in store.rows("SELECT id FROM nodes WHERE label = ?", (p["label"],))
    ]


def _ids_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    from reviewgraph.graph.models import NODE_TYPES
    from reviewgraph.graph.neo4j_cypher import quoted

    return server.read(f"MATCH (n:{quoted(p['label'], NODE_TYPES)}) RETURN n.id AS id")


#: The ids of every node of one label (a label from the fixed vocabulary, never user text).
IDS_OF = Fetch("ids-of", embedded=_ids_embedded, cypher=_ids_cypher)


def _ids(backend: Backend, label: str) -> list[str]:
    return [row["id"] for row in backend.fetch(IDS_OF, label=label)]


def _nodes(
    backend: Backend, label: str, sql: str, cypher: str, fields: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    return backend.fetch(NODES_WHERE, label=label, sql=sql, cypher=cypher, fields=fields)


def _edges_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = store.rows("SELECT DISTINCT source, target FROM edges WHERE type = ?", (p["type"],))
    return [dict(row) for row in rows]


def _edges_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    from reviewgraph.graph.models import RELATIONSHIPS
    from reviewgraph.graph.neo4j_cypher import quoted

    return server.read(
        f"MATCH (a)-[:{quoted(p['type'], RELATIONSHIPS)}]->(b) "
        "RETURN DISTINCT a.id AS source, b.id AS target"
    )


#: Every (source, target) pair of one relationship type.
EDGES_OF = Fetch("edges-of", embedded=_edges_embedded, cypher=_edges_cypher)


def _pairs(backend: Backend, kind: str) -> list[tuple[str, str]]:
    # Sorted plainly (not naturally): only for a stable walk, and it is many pairs.
    return sorted((e["source"], e["target"]) for e in backend.fetch(EDGES_OF, type=kind))


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
        ("raw", "kind", "reason"),
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
        ("raw", "kind", "reason"),
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
    # Only items in a strongly connected component of two or more can be on a cycle:
    # read just those (a handful), not every item that points somewhere.
    cyclic = set().union(*(c for c in nx.strongly_connected_components(follow) if len(c) > 1))
    follow = follow.subgraph(cyclic)
    nodes = _Nodes(backend)
    nodes.load(sorted(cyclic) + sorted({r for step, r in via.items() if step[0] in cyclic}))
    citers_of: dict[str, list[str]] = defaultdict(list)
    for citer, reference in cites:
        citers_of[reference].append(citer)

    def place(node_id: str) -> tuple[int, bool, tuple]:
        node = nodes.get(node_id) or {}
        line = (node.get("source") or {}).get("line_start") or 0
        # On a shared line, a recommendation is told before the action it holds.
        return line, node.get("label") != "Recommendation", natural_key(node_id)

    def told_from_first(found: list[str]) -> list[str]:
        # Told from the item that stands first in the plan, so that the message is
        # the same on every run (networkx's walk order follows set order).
        start = found.index(min(found, key=place))
        return found[start:] + found[:start]

    cycles = sorted(
        map(told_from_first, nx.simple_cycles(follow)),
        key=lambda c: (sorted(map(place, c)), [place(n) for n in c]),
    )
    seen: set[frozenset[str]] = set()
    for cycle in cycles:
        members = frozenset(cycle)
        if members in seen:
            continue
        seen.add(members)
        steps = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        refs = [nodes.get(via[step]) for step in steps if step in via]
        refs = [r for r in refs if r]
        if not refs:
            continue
        first = min(refs, key=lambda r: (r["source"]["line_start"], natural_key(r["id"])))
        path = " → ".join(_name(nodes.get(n), n) for n in [*cycle, cycle[0]])
        lines = ", ".join(str(r["source"]["line_start"]) for r in refs)
        citing = citers_of.get(first["id"], [])
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

    # Only the few undelivered recommendations are read in full.
    undelivered = [
        item
        for item in _ids(backend, "Recommendation")
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
            f"{_name(recommendation)} has no action that delivers it",
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
        {"action": _slim(dict(row), ("text",)), "inferred": bool(row["inferred"])} for row in rows
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
    return [{"action": _slim(dict(r), ("text",)), "inferred": bool(r["inferred"])} for r in records]


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
        ("text",),
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
            f"the due date of {_name(action)} cannot be read",
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
    by_ref: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    twice = [row["id"] for row in backend.fetch(REPEATED_NUMBERS)]
    for recommendation in backend.node_dicts(twice):
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
    for document in _nodes(backend, "Document", "1", "true", ("unplaced",)):
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
