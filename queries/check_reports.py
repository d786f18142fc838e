"""``reviewgraph check``'s findings as text for people, JSON for scripts, JUnit XML for CI."""

from __future__ import annotations

import json
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from reviewgraph.graph.xml_text import xml_text

from .checks import RULES, SEVERITIES, Finding

__all__ = ["render_text", "render_json", "render_junit"]


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
    # Grouped in one pass: a national corpus has thousands of plans and findings.
    by_document: dict[str, dict[str, list[Finding]]] = {}
    for f in findings:
        by_document.setdefault(f.document, {}).setdefault(f.rule, []).append(f)
    for document in checked:
        rules = by_document.get(document)
        if not rules:
            out += [f"{document}: no findings", ""]
            continue
        mine = [f for group in rules.values() for f in group]
        out.append(f"{document}: {_counts(mine)}")
        for rule_id in sorted(rules, key=lambda r: order.index(r) if r in order else len(order)):
            group = rules[rule_id]
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
            # Plan words may hold characters XML 1.0 forbids even escaped: left out.
            name = quoteattr(xml_text(f"{f.location}: {f.message}"))
            body = f"{f.location}: {f.message}" + (f" — “{f.quoted}”" if f.quoted else "")
            if f.hint:
                body += f"\nhint: {f.hint}"
            body = xml_text(body)
            if f.severity == "error":
                inner = (
                    f"<failure message={quoteattr(xml_text(f.message))} "
                    f"type={quoteattr(xml_text(f.rule))}>{escape(body)}</failure>"
                )
            else:
                inner = f"<system-out>{escape(f'[{f.severity}] ' + body)}</system-out>"
            cases.append(
                f"    <testcase classname={quoteattr(xml_text(rule_id))} name={name}>{inner}"
                "</testcase>"
            )
        if not group:
            cases.append(
                f'    <testcase classname={quoteattr(xml_text(rule_id))} name="no findings"/>'
            )
        failed = sum(1 for f in group if f.severity == "error")
        total += len(cases)
        failures += failed
        suites.append(
            f'  <testsuite name={quoteattr(xml_text(rule_id))} tests="{len(cases)}" '
            f'failures="{failed}" errors="0">\n' + "\n".join(cases) + "\n  </testsuite>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="reviewgraph check" tests="{total}" failures="{failures}">\n'
        + "\n".join(suites)
        + "\n</testsuites>\n"
    )
