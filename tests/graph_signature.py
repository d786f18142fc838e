"""What two graphs of one plan must agree on: recommendations, actions, owners, dates,
statuses and references, in document order, without ids or line numbers."""

from __future__ import annotations


def signature(graph) -> dict[str, list]:
    recs = sorted(graph.nodes("Recommendation"), key=lambda r: r.order)
    position = {r.id: i for i, r in enumerate(recs)}
    actions = []
    for rec in recs:
        for action in sorted(graph.targets(rec.id, "HAS_ACTION"), key=_number):
            owners = sorted(role.name for role in graph.targets(action.id, "OWNED_BY"))
            actions.append(
                (
                    position[rec.id],
                    action.text,
                    action.due_raw,
                    str(action.due_start),
                    str(action.due_end),
                    action.status_raw,
                    str(action.status),
                    action.rag,
                    tuple(owners),
                )
            )
    parents = {e.target: position[e.source] for e in graph.edges("HAS_PART")}
    references = sorted(
        (
            ref.raw,
            ref.kind,
            ref.field,
            ref.resolution,
            tuple(
                sorted(
                    getattr(t, "ref", None) or getattr(t, "text", "")
                    for t in graph.targets(ref.id, "RESOLVES_TO")
                )
            ),
        )
        for ref in graph.nodes("CrossReference")
    )
    return {
        "recommendations": [(r.ref, r.text, parents.get(r.id)) for r in recs],
        "agencies": sorted(
            (position[r.id], a.name) for r in recs for a in graph.targets(r.id, "DIRECTED_AT")
        ),
        "actions": actions,
        "references": references,
    }


def _number(node) -> int:
    return int(node.id.rsplit(":", 1)[1])
