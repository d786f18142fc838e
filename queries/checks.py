"""Integrity checks a board runs before every meeting: ``reviewgraph check``.

Each rule is a plain function ``rule(backend, context) -> Iterator[Finding]``
registered in :data:`RULES` under a stable id (the rules themselves are in
:mod:`reviewgraph.queries.rules`), so a board can switch a rule off
(``ignore=``) and new rules drop in without touching the others.

Severities: ``error`` means the plan is wrong as printed (a pointer that points
nowhere, a number used twice, pointers that go round in a circle); ``warning``
means a board should look (no owner, no date, late, "complete" but not done);
``info`` is for the record (text the loaders could not place). Overdue actions
are warnings, not errors: a published plan is years old, and a check that
always fails on it would teach boards to ignore it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ._common import Judge, documents_by_id, judge_dates
from .backend import Backend, DocumentInfo, as_backend
from .constants import SEVERITIES as _SEVERITIES

__all__ = [
    "Finding",
    "CheckContext",
    "Rule",
    "RULES",
    "SEVERITIES",
    "run_checks",
    "worst_severity",
    "reaches",
    "rule",
    "finding",
]

Severity = Literal["error", "warning", "info"]

#: severities from the most to the least serious
SEVERITIES: tuple[Severity, ...] = _SEVERITIES  # type: ignore[assignment]


class Finding(BaseModel):
    """One thing a board should know about a plan, with where its words are.

    Examples
    --------
    >>> f = Finding(rule="dangling-reference", severity="error", message="points at nothing",
    ...     document="plan.txt", line_start=12, quoted="see 2.2 below")
    >>> f.location
    'plan.txt:12'
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    severity: Severity
    message: str
    id: str | None = None
    ref: str | None = None
    review: str | None = None
    document: str
    line_start: int | None = None
    line_end: int | None = None
    quoted: str | None = None
    hint: str = ""

    @property
    def location(self) -> str:
        return f"{self.document}:{self.line_start}" if self.line_start else self.document


@dataclass(frozen=True)
class CheckContext:
    """What the rules may need besides the backend: plans by id and the day each is judged on."""

    documents: dict[str, DocumentInfo]
    judge: Judge

    @property
    def as_of(self) -> dt.date | None:
        return self.judge.given


@dataclass(frozen=True)
class Rule:
    """A registered rule: its id, default severity, one-line title and function."""

    id: str
    severity: Severity
    title: str
    function: Callable[[Backend, CheckContext], Iterable[Finding]]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, title: str):
    """Register a rule function under ``rule_id``.

    Raises
    ------
    ValueError
        When the id is registered already.
    """

    def register(function):
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} is registered twice")
        RULES[rule_id] = Rule(rule_id, severity, title, function)
        function.rule_id = rule_id
        return function

    return register


def finding(
    rule_id: str,
    node: dict[str, Any],
    message: str,
    context: CheckContext,
    *,
    quoted: str | None = None,
    hint: str = "",
    line: int | None = None,
    item: dict[str, Any] | None = None,
) -> Finding:
    """A finding about ``node`` (its words' place), naming ``item`` (default: the node).

    Raises
    ------
    KeyError
        When ``rule_id`` is not registered.
    """
    source = node.get("source") or {}
    document = context.documents.get(node.get("document") or "")
    named = item or node
    # Built from values the rules read from the store: no need to validate them again.
    return Finding.model_construct(
        rule=rule_id,
        severity=RULES[rule_id].severity,
        message=message,
        id=named.get("id"),
        ref=named.get("handle"),
        review=document.handle if document else None,
        document=document.path if document else source.get("document", ""),
        line_start=line or source.get("line_start"),
        line_end=line or source.get("line_end"),
        quoted=_short(quoted) if quoted else None,
        hint=hint,
    )


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def run_checks(
    source, *, as_of: dt.date | None = None, ignore: Iterable[str] = ()
) -> list[Finding]:
    """Run every registered rule not ignored; findings by document, line and rule.

    Parameters
    ----------
    source : Backend, Store or ReviewGraph
        One or more loaded plans.
    as_of : date, optional
        The day "overdue" is measured against for every plan; by default each
        plan's own progress date, or today for a plan that gives none.
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
    >>> from reviewgraph.graph.core import ReviewGraph
    >>> run_checks(ReviewGraph())
    []
    >>> run_checks(ReviewGraph(), ignore=["no-such-rule"])
    Traceback (most recent call last):
    ...
    ValueError: unknown rule 'no-such-rule'; the rules are: dangling-reference, ...
    """
    from . import rules as _rules  # noqa: F401  (registers the rules)

    ignored = set(ignore)
    unknown = sorted(ignored - RULES.keys())
    if unknown:
        listed = ", ".join(RULES)
        raise ValueError(f"unknown rule {unknown[0]!r}; the rules are: {listed}")
    backend = as_backend(source)
    context = CheckContext(documents=documents_by_id(backend), judge=judge_dates(backend, as_of))
    findings = [
        found
        for rule_id, registered in RULES.items()
        if rule_id not in ignored
        for found in registered.function(backend, context)
    ]
    order = list(RULES)
    return sorted(
        findings,
        key=lambda f: (f.document, f.line_start or 0, order.index(f.rule), f.id or ""),
    )


def reaches(found: Finding, threshold: str) -> bool:
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
    return SEVERITIES.index(found.severity) <= SEVERITIES.index(threshold)


def worst_severity(findings: Iterable[Finding]) -> Severity | None:
    """The most serious severity among ``findings``, or None.

    Raises
    ------
    ValueError
        Never for findings built by the rules (their severities are known).

    Examples
    --------
    >>> worst_severity([]) is None
    True
    """
    ranks = [SEVERITIES.index(f.severity) for f in findings]
    return SEVERITIES[min(ranks)] if ranks else None
