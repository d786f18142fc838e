"""Integrity checks a board runs before every meeting: ``reviewgraph check``.

Each rule is a plain function ``rule(graph, context) -> Iterator[Finding]``
registered in :data:`RULES` under a stable id, so a board can switch a rule
off (``ignore=``) and new rules drop in without touching the others.

Severities: ``error`` means the plan is wrong as printed (a pointer that points
nowhere, a number used twice, pointers that go round in a circle); ``warning``
means a board should look (no owner, no date, late, "complete" but not done);
``info`` is for the record (text the loaders could not place). Overdue actions
are warnings, not errors: a published plan is years old, and a check that
always fails on it would teach boards to ignore it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
from pydantic import BaseModel, ConfigDict

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import (
    Action,
    CrossReference,
    Document,
    Node,
    Recommendation,
    Review,
    Status,
)

__all__ = [
    "Finding",
    "CheckContext",
    "Rule",
    "RULES",
    "SEVERITIES",
    "run_checks",
    "worst_severity",
    "reaches",
    "render_text",
    "render_json",
    "render_junit",
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

Severity = Literal["error", "warning", "info"]

#: severities from the most to the least serious
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class Finding(BaseModel):
    """One thing a board should know about a plan, with where its words are.

    Examples
    --------
    >>> f = Finding(rule="dangling-reference", severity="error", message="points at nothing",
    ...     document="plan.txt", line=12, quoted="see 2.2 below")
    >>> f.location
    'plan.txt:12'
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    severity: Severity
    message: str
    document: str
    line: int | None = None
    quoted: str | None = None
    item_id: str | None = None
    hint: str = ""

    @property
    def location(self) -> str:
        return f"{self.document}:{self.line}" if self.line else self.document


@dataclass(frozen=True)
class CheckContext:
    """What the rules may need besides the graph."""

    as_of: dt.date


@dataclass(frozen=True)
class Rule:
    """A registered rule: its id, default severity, one-line title and function."""

    id: str
    severity: Severity
    title: str
    function: Callable[[ReviewGraph, CheckContext], Iterable[Finding]]


RULES: dict[str, Rule] = {}


def _rule(rule_id: str, severity: Severity, title: str):
    def register(function):
        RULES[rule_id] = Rule(rule_id, severity, title, function)
        function.rule_id = rule_id
        return function

    return register


def _finding(
    rule_id: str,
    node: Node,
    message: str,
    *,
    quoted: str | None = None,
    hint: str = "",
    line: int | None = None,
) -> Finding:
    return Finding(
        rule=rule_id,
        severity=RULES[rule_id].severity,
        message=message,
        document=node.source.document,
        line=line or node.source.line_start,
        quoted=_short(quoted) if quoted else None,
        item_id=node.id,
        hint=hint,
    )


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _name(graph: ReviewGraph, node_id: str) -> str:
    node = graph.node(node_id)
    if isinstance(node, Recommendation):
        return f"recommendation {node.ref}" if node.ref else f"recommendation #{node.order}"
    # Boards know actions by the recommendation they deliver, not by our numbering.
    recommendations = graph.sources(node_id, "HAS_ACTION")
    if recommendations:
        rec = min(recommendations, key=lambda r: r.order)
        of = f"recommendation {rec.ref}" if rec.ref else f"recommendation #{rec.order}"
        return f"action {node.order} of {of}"
    return f"action {node.id.rsplit(':', 1)[1]}"


def _target_names(graph: ReviewGraph, ref: CrossReference) -> str:
    return ", ".join(
        f"{_name(graph, t.id)} (line {t.source.line_start})"
        for t in graph.targets(ref.id, "RESOLVES_TO")
    )


def _citer(graph: ReviewGraph, ref: CrossReference) -> str | None:
    citers = graph.sources(ref.id, "CITES")
    return citers[0].id if citers else None


# -- references ------------------------------------------------------------------


@_rule("dangling-reference", "error", "a reference points at nothing")
def dangling_reference(graph: ReviewGraph, context: CheckContext) -> Iterator[Finding]:
    """References that resolve to no item.

    Raises
    ------
    GraphError
        When the graph breaks its contract (an edge to a missing node).
    """
    for ref in graph.nodes(CrossReference):
        if ref.resolution != "dangling":
            continue
        what = "“As above” has nothing to repeat" if ref.kind == "ditto" else "points at nothing"
        finding = _finding(
            "dangling-reference",
            ref,
            f"{what}: {ref.reason or 'no item fits'}",
            quoted=ref.raw,
            hint=(
                "write the value out in full instead of repeating the cell above"
                if ref.kind == "ditto"
                else "correct the number or words so they name an item that is in the plan"
            ),
        )
        yield finding.model_copy(update={"item_id": _citer(graph, ref)})


@_rule("ambiguous-reference", "warning", "a reference fits several items")
def ambiguous_reference(graph: ReviewGraph, context: CheckContext) -> Iterator[Finding]:
    """References that fit several items; all candidates are named.

    Raises
    ------
    GraphError
        When the graph breaks its contract.
    """
    for ref in graph.nodes(CrossReference):
        if ref.resolution != "ambiguous":
            continue
        finding = _finding(
            "ambiguous-reference",
            ref,
            f"could mean any of {_target_names(graph, ref)}: {ref.reason}",
            quoted=ref.raw,
            hint="name the one item meant (its number, or its agency and number)",
        )
        yield finding.model_copy(update={"item_id": _citer(graph, ref)})


@_rule("reference-cycle", "error", "references point round in a circle")
def reference_cycle(graph: ReviewGraph, context: CheckContext) -> Iterator[Finding]:
    """Items whose explicit or positional references lead back to themselves.

    Dittos are left out: they always point up, and a cell shared by several
    actions repeats words of its own first action.

    Raises
    ------
    GraphError
        When the graph breaks its contract.

    Examples
    --------
    >>> list(reference_cycle(ReviewGraph(), CheckContext(as_of=dt.date(2012, 1, 1))))
    []
    """
    follow = nx.DiGraph()
    via: dict[tuple[str, str], CrossReference] = {}
    for ref in graph.nodes(CrossReference):
        if ref.kind == "ditto":
            continue
        for citer in graph.sources(ref.id, "CITES"):
            for target in graph.targets(ref.id, "RESOLVES_TO"):
                follow.add_edge(citer.id, target.id)
                via.setdefault((citer.id, target.id), ref)
    # What an action points at, its recommendation points at too.
    for edge in graph.edges("HAS_ACTION"):
        if edge.target in follow:
            follow.add_edge(edge.source, edge.target)
    seen: set[frozenset[str]] = set()
    for cycle in nx.simple_cycles(follow):
        if frozenset(cycle) in seen:
            continue
        seen.add(frozenset(cycle))
        steps = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        refs = [via[step] for step in steps if step in via]
        first = min(refs, key=lambda r: r.source.line_start)
        start = cycle.index(min(cycle, key=lambda n: graph.node(n).source.line_start))
        cycle = cycle[start:] + cycle[:start]
        path = " → ".join(_name(graph, node) for node in [*cycle, cycle[0]])
        lines = ", ".join(str(r.source.line_start) for r in refs)
        finding = _finding(
            "reference-cycle",
            first,
            f"references go round in a circle: {path} (lines {lines})",
            quoted=first.raw,
            hint="make one of these items say what it does instead of pointing",
        )
        yield finding.model_copy(update={"item_id": _citer(graph, first)})


# -- recommendations and actions ---------------------------------------------------------


@_rule("recommendation-without-action", "warning", "a recommendation has no action")
def recommendation_without_action(graph: ReviewGraph, context: CheckContext) -> Iterator[Finding]:
    """Recommendations that no action delivers (sub-items count with their parent).

    Raises
    ------
    GraphError
        When the graph breaks its contract.
    """

    def delivered(rec_id: str) -> bool:
        return bool(graph.targets(rec_id, "HAS_ACTION")) or any(
            delivered(part.id) for part in graph.targets(rec_id, "HAS_PART")
        )

    for rec in graph.nodes(Recommendation):
        parents = graph.sources(rec.id, "HAS_PART")
        if delivered(rec.id) or any(graph.targets(p.id, "HAS_ACTION") for p in parents):
            continue
        if not rec.text.strip():
            continue
        yield _finding(
            "recommendation-without-action",
            rec,
            f"{_name(graph, rec.id)} has no action that delivers it",
            quoted=rec.text,
            hint="add the action (with owner and date) that will deliver it",
        )


@_rule("action-without-owner", "warning", "an action has no owner")
def action_without_owner(graph: ReviewGraph, context: CheckContext) -> Iterator[Finding]:
    """Actions with no lead role and no owner words.

    Raises
    ------
    GraphError
        When the graph breaks its contract.
    """
    for action in graph.nodes(Action):
        if action.owner_raw or graph.targets(action.id, "OWNED_BY"):
            continue
        yield _finding(
            "action-without-owner",
            action,
            f"{_name(graph, action.id)} has no owner",
            quoted=action.text or None,
            hint="name the lead role responsible for it",
        )


@_rule("action-without-due", "warning", "an action has no due date")
def action_without_due(graph: ReviewGraph, context: CheckContext) -> Iterator[Finding]:
    """Actions with no due date at all.

    Raises
    ------
    GraphError
        When the graph breaks its contract.
    """
    for action in graph.nodes(Action):
        if action.due_raw:
            continue
        yield _finding(
            "action-without-due",
            action,
            f"{_name(graph, action.id)} has no due date",
            quoted=action.text or None,
            hint="give it a date or a period (e.g. 'March 2012')",
        )


_STANDING = re.compile(r"\b(ongoing|on-going|annual(ly)?|rolling|routine(ly)?)\b", re.I)
_UNDATED_OK = re.compile(r"^\W*(ongoing|on-going|now|immediate(ly)?|annually|tbc)\W*$", re.I)


@_rule("unparsed-date", "warning", "a due date could not be read")
def unparsed_date(graph: ReviewGraph, context: CheckContext) -> Iterator[Finding]:
    """Due dates whose words give no day, month or year that could be read.

    Raises
    ------
    GraphError
        When the graph breaks its contract.
    """
    for action in graph.nodes(Action):
        if not action.due_raw or action.due_start or action.due_end:
            continue
        if _UNDATED_OK.match(action.due_raw) or "due_raw" in action.dittos:
            continue
        if not re.search(r"\d", action.due_raw) and _STANDING.search(action.due_raw):
            continue  # "Annually and ongoing": a standing commitment, not a date
        yield _finding(
            "unparsed-date",
            action,
            f"the due date of {_name(graph, action.id)} cannot be read",
            quoted=action.due_raw,
            hint="write it as a month and year, e.g. 'March 2012'",
        )


def _ref_key(ref: str) -> str:
    return re.sub(r"\s+", "", ref.lower()).rstrip(".")


@_rule("duplicate-recommendation-number", "error", "two recommendations share a number")
def duplicate_recommendation_number(graph: ReviewGraph, context: CheckContext) -> Iterator[Finding]:
    """Recommendation numbers printed more than once within one review.

    Raises
    ------
    GraphError
        When the graph breaks its contract.
    """
    for review in graph.nodes(Review):
        by_ref: dict[str, list[Recommendation]] = {}
        for rec in graph.targets(review.id, "HAS_RECOMMENDATION"):
            if rec.ref:
                by_ref.setdefault(_ref_key(rec.ref), []).append(rec)
        for recs in by_ref.values():
            if len(recs) < 2:
                continue
            recs.sort(key=lambda r: r.order)
            lines = ", ".join(str(r.source.line_start) for r in recs)
            for rec in recs[1:]:
                yield _finding(
                    "duplicate-recommendation-number",
                    rec,
                    f"recommendation {rec.ref} is numbered twice (lines {lines})",
                    quoted=rec.text,
                    hint="renumber one of them and the references to it",
                )


def _review_of(graph: ReviewGraph, action: Action) -> Review | None:
    for rec in graph.sources(action.id, "HAS_ACTION"):
        for review in graph.sources(rec.id, "HAS_RECOMMENDATION"):
            return review
    return None


@_rule("complete-but-due-after-as-at", "warning", "complete before the work was due")
def complete_but_due_after_as_at(graph: ReviewGraph, context: CheckContext) -> Iterator[Finding]:
    """Actions marked complete although their due period starts after the plan's "as at" date.

    Raises
    ------
    GraphError
        When the graph breaks its contract.
    """
    for action in graph.nodes(Action):
        if action.status != Status.COMPLETE or not action.due_start:
            continue
        review = _review_of(graph, action)
        if review is None or review.as_of is None or action.due_start <= review.as_of:
            continue
        yield _finding(
            "complete-but-due-after-as-at",
            action,
            f"{_name(graph, action.id)} is marked complete but is due {action.due_raw}, "
            f"after the plan's progress date {review.as_of.isoformat()}",
            quoted=action.status_raw or action.due_raw,
            hint="check the status, or the due date",
        )


_OUTSTANDING = re.compile(
    r"\b(?:to be (?:completed|finalised|finalized|agreed|developed|published|delivered|"
    r"implemented|presented|commissioned|held|written|sought|undertaken|rolled out)|awaiting|"
    r"not yet|yet to|still (?:to|not)|pending|outstanding|will follow|will commence|"
    r"in progress|not (?:been )?(?:achieved|met))",
    re.IGNORECASE,
)


@_rule("complete-but-work-outstanding", "warning", "complete, but the words say it is not done")
def complete_but_work_outstanding(graph: ReviewGraph, context: CheckContext) -> Iterator[Finding]:
    """Actions marked complete whose progress or evidence says work is still to be done.

    Raises
    ------
    GraphError
        When the graph breaks its contract.
    """
    for action in graph.nodes(Action):
        if action.status != Status.COMPLETE:
            continue
        for text in (action.progress, action.evidence):
            match = _OUTSTANDING.search(text or "")
            if match:
                start = max(0, match.start() - 40)
                yield _finding(
                    "complete-but-work-outstanding",
                    action,
                    f"{_name(graph, action.id)} is marked complete, "
                    f"but its progress says “{match.group(0)}”",
                    quoted=(text or "")[start : match.end() + 50],
                    hint="mark it in progress, or record that the work is done",
                )
                break


@_rule("overdue-action", "warning", "an action is overdue")
def overdue_action(graph: ReviewGraph, context: CheckContext) -> Iterator[Finding]:
    """Actions due before ``as_of`` and not complete.

    Raises
    ------
    GraphError
        When the graph breaks its contract.
    """
    for action in graph.nodes(Action):
        # An open interval ("January 2006 onwards") has no last day to miss.
        last_day = action.due_end
        if last_day is None or last_day >= context.as_of or action.status == Status.COMPLETE:
            continue
        yield _finding(
            "overdue-action",
            action,
            f"{_name(graph, action.id)} was due by {last_day.isoformat()} "
            f"and is {action.status_raw or action.status.value.replace('_', ' ')}",
            quoted=action.due_raw,
            hint="record its progress, or agree a new date",
        )


@_rule("unplaced-text", "info", "text the loaders could not place")
def unplaced_text(graph: ReviewGraph, context: CheckContext) -> Iterator[Finding]:
    """Words of a document no item took (decoration such as titles is not reported).

    Raises
    ------
    GraphError
        When the graph breaks its contract.
    """
    for document in graph.nodes(Document):
        for piece in document.unplaced:
            if piece.reason != "unplaced":
                continue
            yield Finding(
                rule="unplaced-text",
                severity="info",
                message="no item took these words" + (f" ({piece.what})" if piece.what else ""),
                document=document.path,
                line=piece.line,
                quoted=_short(piece.text),
                item_id=document.id,
                hint="check that nothing of the plan is missing here",
            )


# -- running and reporting ---------------------------------------------------------


def run_checks(
    graph: ReviewGraph, *, as_of: dt.date | None = None, ignore: Iterable[str] = ()
) -> list[Finding]:
    """Run every registered rule not ignored; findings by document, line and rule.

    Parameters
    ----------
    graph : ReviewGraph
        One or more loaded plans.
    as_of : date, optional
        The day "overdue" is measured against; today when not given.
    ignore : iterable of str
        Rule ids to switch off.

    Returns
    -------
    list of Finding

    Raises
    ------
    ValueError
        When an ignored rule id is not one of :data:`RULES`.

    Examples
    --------
    >>> run_checks(ReviewGraph())
    []
    >>> run_checks(ReviewGraph(), ignore=["no-such-rule"])
    Traceback (most recent call last):
    ...
    ValueError: unknown rule 'no-such-rule'; the rules are: dangling-reference, ...
    """
    ignored = set(ignore)
    unknown = sorted(ignored - RULES.keys())
    if unknown:
        listed = ", ".join(RULES)
        raise ValueError(f"unknown rule {unknown[0]!r}; the rules are: {listed}")
    context = CheckContext(as_of=as_of or dt.date.today())
    findings = [
        finding
        for rule_id, rule in RULES.items()
        if rule_id not in ignored
        for finding in rule.function(graph, context)
    ]
    order = list(RULES)
    return sorted(
        findings, key=lambda f: (f.document, f.line or 0, order.index(f.rule), f.item_id or "")
    )


def reaches(finding: Finding, threshold: str) -> bool:
    """Whether a finding is at least as serious as ``threshold`` (``never``: none is).

    Raises
    ------
    ValueError
        When ``threshold`` is not a severity or ``never``.

    Examples
    --------
    >>> f = Finding(rule="r", severity="warning", message="m", document="d")
    >>> reaches(f, "error"), reaches(f, "warning"), reaches(f, "never")
    (False, True, False)
    """
    if threshold == "never":
        return False
    if threshold not in SEVERITIES:
        raise ValueError(f"unknown severity {threshold!r}")
    return SEVERITIES.index(finding.severity) <= SEVERITIES.index(threshold)


def worst_severity(findings: Iterable[Finding]) -> Severity | None:
    """The most serious severity among ``findings``, or None.

    Raises
    ------
    ValueError
        Never for findings built by the rules (their severities are known).
    """
    ranks = [SEVERITIES.index(f.severity) for f in findings]
    return SEVERITIES[min(ranks)] if ranks else None


def render_text(findings: list[Finding], *, documents: Iterable[str] = ()) -> str:
    """Findings grouped by document, then rule, each with file:line, words and a hint.

    Raises
    ------
    ValueError
        Never; listed for symmetry with the other renderers.

    Examples
    --------
    >>> print(render_text([]))
    No findings.
    """
    checked = sorted(set(documents) | {f.document for f in findings})
    if not findings:
        return "No findings." + (f" ({len(checked)} document(s) checked)" if checked else "")
    out: list[str] = []
    order = list(RULES)
    for document in checked:
        mine = [f for f in findings if f.document == document]
        if not mine:
            out += [f"{document}: no findings", ""]
            continue
        out.append(f"{document}: {_counts(mine)}")
        for rule_id in sorted({f.rule for f in mine}, key=order.index):
            group = [f for f in mine if f.rule == rule_id]
            title = RULES[rule_id].title if rule_id in RULES else rule_id
            out.append(f"  {rule_id} ({group[0].severity}, {len(group)}): {title}")
            for f in group:
                words = f" — “{f.quoted}”" if f.quoted else ""
                out.append(f"    {f.location}: [{f.rule}] {f.message}{words}")
                if f.hint:
                    out.append(f"        hint: {f.hint}")
        out.append("")
    out.append(f"Total: {_counts(findings)} in {len(checked)} document(s)")
    return "\n".join(out)


def _counts(findings: list[Finding]) -> str:
    parts = []
    for severity in SEVERITIES:
        count = sum(1 for f in findings if f.severity == severity)
        if count:
            parts.append(f"{count} {severity}{'s' if count != 1 and severity != 'info' else ''}")
    return ", ".join(parts) or "no findings"


def render_json(findings: list[Finding]) -> str:
    """Findings as a JSON list of objects (rule, severity, message, document, line, …).

    Raises
    ------
    ValueError
        Never; findings are always serialisable.

    Examples
    --------
    >>> render_json([])
    '[]'
    """
    return json.dumps([f.model_dump() for f in findings], indent=2, ensure_ascii=False)


def render_junit(findings: list[Finding], *, rules: Iterable[str] | None = None) -> str:
    """Findings as JUnit XML: one testsuite per rule, one testcase per finding.

    Error findings are ``<failure>``s; warnings and info are passing testcases
    carrying their message in ``<system-out>``, so CI shows them without failing.
    A rule with no finding is a suite with one passing testcase.

    Raises
    ------
    ValueError
        Never; all text is escaped.

    Examples
    --------
    >>> print(render_junit([], rules=["dangling-reference"]).splitlines()[1])
    <testsuites name="reviewgraph check" tests="1" failures="0">
    """
    rule_ids = list(rules) if rules is not None else list(RULES)
    rule_ids += [r for r in dict.fromkeys(f.rule for f in findings) if r not in rule_ids]
    suites = []
    total = failures = 0
    for rule_id in rule_ids:
        group = [f for f in findings if f.rule == rule_id]
        cases = []
        for f in group:
            name = quoteattr(f"{f.location}: {f.message}")
            body = f"{f.location}: {f.message}" + (f" — “{f.quoted}”" if f.quoted else "")
            if f.hint:
                body += f"\nhint: {f.hint}"
            if f.severity == "error":
                inner = (
                    f"<failure message={quoteattr(f.message)} type={quoteattr(f.rule)}>"
                    f"{escape(body)}</failure>"
                )
            else:
                inner = f"<system-out>{escape(f'[{f.severity}] ' + body)}</system-out>"
            cases.append(
                f"    <testcase classname={quoteattr(rule_id)} name={name}>{inner}</testcase>"
            )
        if not group:
            cases.append(f'    <testcase classname={quoteattr(rule_id)} name="no findings"/>')
        failed = sum(1 for f in group if f.severity == "error")
        total += len(cases)
        failures += failed
        suites.append(
            f'  <testsuite name={quoteattr(rule_id)} tests="{len(cases)}" '
            f'failures="{failed}" errors="0">\n' + "\n".join(cases) + "\n  </testsuite>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="reviewgraph check" tests="{total}" failures="{failures}">\n'
        + "\n".join(suites)
        + "\n</testsuites>\n"
    )
