"""The words a map shows: short labels on the canvas, full tooltips on hover.

Everything here is plain text. Escaping for HTML or XML is the renderers'
job, done once where the text meets the format.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import Counter
from typing import Any

import networkx as nx

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Action, Agency, CrossReference, Node, Recommendation, Review
from reviewgraph.graph.style import (
    CYCLE_COLOUR,
    DANGER_COLOUR,
    KIND_COLOURS,
    OVERDUE_COLOUR,
    REFERENCE_COLOUR,
    STATUS_COLOURS,
    STATUS_NAMES,
)

from ._graph_walks import (
    document_stem,
    item_ref,
    natural_key,
    recommendation_ref,
    recommendations_of,
    short_stem,
)

__all__: list[str] = []

#: Characters per label line, and lines per label, on the canvas.
LABEL_WIDTH = 26
LABEL_LINES = 3
#: More plans than this are summed up in one header line.
MAX_DATE_LINES = 8
#: Characters per tooltip line.
TOOLTIP_WIDTH = 90


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def wrap(text: str | None, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """``text`` in at most ``lines`` lines of ``width``, the last ending in … when cut."""
    words = one_line(text)
    if not words:
        return ""
    wrapped = textwrap.wrap(words, width=width, break_long_words=True) or [words]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


def paragraph(heading: str, text: str | None) -> list[str]:
    """``heading: text`` wrapped for a tooltip; nothing when the text is empty."""
    text = one_line(text)
    if not text:
        return []
    return textwrap.wrap(f"{heading}: {text}", width=TOOLTIP_WIDTH) or [heading]


def source_line(node: Node) -> str:
    source = node.source
    lines = (
        f"line {source.line_start}"
        if source.line_start == source.line_end
        else f"lines {source.line_start}–{source.line_end}"
    )
    return f"Source: {source.document}, {lines}"


def review_name(review: Review) -> str:
    """A review as a header names it: board and subject, else its title."""
    if review.board and review.subject:
        return f"{review.board} – {review.subject}"
    return one_line(review.title)


def short_ref(graph: ReviewGraph, node: Node) -> str:
    """The reference printed on the canvas: ``56`` for a recommendation, ``56/2`` for an action."""
    if isinstance(node, Recommendation):
        return recommendation_ref(node) or ""
    if isinstance(node, Action):
        recommendations = recommendations_of(graph, node.id)
        number = node.id.rsplit(":", 1)[-1]
        if recommendations:
            return f"{recommendation_ref(recommendations[0])}/{number}"
        return f"action {number}"
    return ""


def status_words(action: Action) -> str:
    words = STATUS_NAMES.get(action.status.value, action.status.value)
    if action.status_raw and one_line(action.status_raw).lower() != words:
        words = f"{words} (plan: {one_line(action.status_raw)})"
    if action.rag:
        words += f", RAG {action.rag}"
    return words


def action_tooltip(
    graph: ReviewGraph,
    action: Action,
    owners: list[str],
    overdue: bool,
    as_of: dt.date,
) -> str:
    """Full text, owners, due date, status, recommendation and source of an action."""
    lines = [f"Action {short_stem(document_stem(action))}:{short_ref(graph, action)}"]
    lines += paragraph("Text", action.text)
    lines += paragraph("Owner", "; ".join(owners) or "none named")
    lines += paragraph("Due", action.due_raw or "not given")
    state = status_words(action)
    if overdue:
        state += f" — OVERDUE as at {as_of.isoformat()}"
    lines += paragraph("Status", state)
    lines += paragraph("Progress", action.progress)
    lines += paragraph("Outcome", action.outcome)
    lines += paragraph("Evidence", action.evidence)
    for recommendation in recommendations_of(graph, action.id):
        lines += paragraph(f"Delivers {item_ref(graph, recommendation)}", recommendation.text)
    lines.append(source_line(action))
    return "\n".join(lines)


def recommendation_tooltip(
    graph: ReviewGraph, recommendation: Recommendation, agencies: list[str], actions: int
) -> str:
    lines = [f"Recommendation {item_ref(graph, recommendation)}"]
    lines += paragraph("Text", recommendation.text)
    lines += paragraph("Section", recommendation.section)
    lines += paragraph("Directed at", "; ".join(agencies) or "no agency named")
    lines.append(f"Actions: {actions}")
    lines.append(source_line(recommendation))
    return "\n".join(lines)


def agency_tooltip(agency: Agency, roles: int, actions: int, recommendations: int) -> str:
    lines = [f"Agency: {agency.name}"]
    lines += paragraph("Also written", ", ".join(agency.aliases))
    lines.append(f"Lead roles: {roles}   Actions: {actions}   Recommendations: {recommendations}")
    lines.append(source_line(agency))
    return "\n".join(lines)


def crossref_tooltip(graph: ReviewGraph, reference: CrossReference, citing: list[Node]) -> str:
    lines = [f"Reference “{one_line(reference.raw)}” — {reference.resolution}"]
    lines += paragraph("In", ", ".join(item_ref(graph, node) for node in citing))
    lines += paragraph("Field", reference.field)
    targets = graph.targets(reference.id, "RESOLVES_TO")
    if targets:
        lines += paragraph("Could mean", ", ".join(item_ref(graph, node) for node in targets))
    lines += paragraph("Why", reference.reason)
    lines.append(source_line(reference))
    return "\n".join(lines)


def header_dates(graph: ReviewGraph, view: nx.DiGraph, as_of: dt.date | None) -> list[str]:
    stems = {
        document_stem(graph.node(n))
        for n, d in view.nodes(data=True)
        if d["kind"] in ("Action", "Recommendation", "CrossReference")
    }
    if view.graph["view"] == "agencies" and not stems:
        stems = {document_stem(r) for r in graph.nodes("Review")}
    lines, dated, undated = [], 0, 0
    for review in sorted(graph.nodes("Review"), key=lambda r: natural_key(r.id)):
        if document_stem(review) not in stems:
            continue
        if review.as_of:
            dated += 1
            when = f"progress as at {review.as_of.isoformat()}"
        else:
            undated += 1
            when = "no progress date printed"
        lines.append(f"{short_stem(document_stem(review))} {review_name(review)}: {when}")
    if len(lines) > MAX_DATE_LINES:
        # A corpus map names the dates in one line: a list would push the map off the screen.
        days = sorted(
            r.as_of for r in graph.nodes("Review") if r.as_of and document_stem(r) in stems
        )
        span = f" ({days[0].isoformat()} to {days[-1].isoformat()})" if days else ""
        lines = [f"{dated + undated} plans: {dated} print a progress date{span}, {undated} do not"]
    today = dt.date.today().isoformat()
    if as_of is not None:
        lines.append(f"Overdue judged as at {as_of.isoformat()} (--as-of)")
    elif dated and undated:
        lines.append(
            f"Overdue judged as at each plan's progress date, or today ({today}) where a plan "
            "prints none"
        )
    elif dated:
        lines.append("Overdue judged as at each plan's progress date")
    else:
        lines.append(f"Overdue judged as at today ({today}): no plan shown prints a progress date")
    return lines


def legend(view: nx.DiGraph) -> list[dict[str, Any]]:
    kinds = Counter(d["kind"] for _, d in view.nodes(data=True))
    statuses = {d.get("status") for _, d in view.nodes(data=True) if d["kind"] == "Action"}
    entries: list[dict[str, Any]] = []
    name = view.graph["view"]
    if kinds["Review"]:
        entries.append(dict(label="review (plan)", color=KIND_COLOURS["Review"], shape="star"))
    if kinds["Agency"]:
        entries.append(
            dict(
                label="agency (own colour; size = its actions)",
                color="#4e79a7",
                shape="dot",
                border="#263238",
            )
        )
    if kinds["LeadRole"]:
        entries.append(
            dict(label="lead role (its agency's colour)", color="#b0bec5", shape="diamond")
        )
    if kinds["Recommendation"]:
        entries.append(
            dict(
                label="recommendation (colour = agency it is directed at)",
                color=KIND_COLOURS["Recommendation"],
                shape="square",
            )
        )
    if kinds["Action"] and name != "references":
        for status in STATUS_COLOURS:
            if status in statuses:
                entries.append(
                    dict(label=f"action: {STATUS_NAMES[status]}", color=STATUS_COLOURS[status])
                )
    elif kinds["Action"]:
        entries.append(dict(label="action (colour = owning agency)", color="#cfd8dc"))
    if any(d.get("overdue") for _, d in view.nodes(data=True)):
        entries.append(
            dict(
                label="overdue action (red ring, “OVERDUE”)", color="#ffffff", border=OVERDUE_COLOUR
            )
        )
    if kinds["CrossReference"]:
        entries.append(
            dict(label="dangling or ambiguous reference", color=DANGER_COLOUR, shape="triangle")
        )
    if kinds["Unowned"]:
        entries.append(dict(label="no owner or agency named", color="#eceff1"))
    types = Counter(d["type"] for _, _, d in view.edges(data=True))
    bases = {d.get("basis") for _, _, d in view.edges(data=True)}
    if types["MEMBER_OF"]:
        entries.append(dict(label="role of the agency", color="#546e7a", edge=True))
    if "named" in bases:
        entries.append(dict(label="owns (named in the plan)", color="#78909c", edge=True))
    if "text" in bases:
        entries.append(
            dict(
                label="owns (named in the action's words)", color="#78909c", edge=True, dashes=True
            )
        )
    if bases & {"agency", "none"}:
        entries.append(
            dict(
                label="no owner named: the recommendation's agency",
                color="#b0bec5",
                edge=True,
                dashes=True,
            )
        )
    if types["HAS_RECOMMENDATION"] or types["HAS_PART"] or types["HAS_ACTION"]:
        entries.append(
            dict(label="holds (plan → recommendation → action)", color="#90a4ae", edge=True)
        )
    if types["REFERS_TO"]:
        entries.append(
            dict(
                label="refers to (“see …”, “as above”)",
                color=REFERENCE_COLOUR,
                edge=True,
                dashes=True,
            )
        )
    if any(d.get("cycle") for _, _, d in view.edges(data=True)):
        entries.append(dict(label="reference on a loop", color=CYCLE_COLOUR, edge=True))
    if types["SHARES"]:
        entries.append(
            dict(label="shares items (width and number = how many)", color="#607d8b", edge=True)
        )
    for entry in entries:
        entry.setdefault("shape", "dot")
        entry.setdefault("border", entry["color"])
        entry.setdefault("edge", False)
        entry.setdefault("dashes", False)
    agency_rows = view.graph.get("agency_colours", {})
    if name in ("plan", "references"):
        for _, (agency_name, colour) in sorted(agency_rows.items(), key=lambda kv: kv[1][0]):
            entries.append(
                dict(
                    label=agency_name,
                    color=colour,
                    shape="square",
                    border=colour,
                    edge=False,
                    dashes=False,
                )
            )
    return entries
