"""What the loader sees in a plan: the first thing to run when a plan does not load right.

``inspect_document`` reports the layout detected, each table's column titles
and the field each was matched to (or none), the first recommendations with
their actions split into fields, the text left unplaced, and — when the plan
would be refused — the refusal, so a user can write a layout file for it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from reviewgraph.graph.errors import InputError

from .formats.plan import read_plan
from .headers import classify_header, field_of, using_columns
from .model import Row
from .pipeline import document_items
from .rows import rows_for_layout
from .text import clean_text

__all__ = ["Inspection", "TableView", "inspect_document", "render_inspection"]


class TableView(BaseModel):
    model_config = ConfigDict(extra="forbid")

    where: str
    role: str
    columns: list[tuple[str, str | None]]


class Inspection(BaseModel):
    """What the loader made of one plan file."""

    model_config = ConfigDict(extra="forbid")

    path: str
    layout: str | None = None
    tables: list[TableView] = Field(default_factory=list)
    recommendations: list[dict[str, object]] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)
    unplaced: list[str] = Field(default_factory=list)
    refusal: str | None = None


def _text_tables(text: str, path: str, layout: str) -> list[TableView]:
    views: list[TableView] = []
    seen: set[tuple[str, ...]] = set()
    for piece in rows_for_layout(layout, text, path):
        if not isinstance(piece, Row):
            continue
        cells = [c.raw for c in piece.cells]
        fields = classify_header(cells)
        if fields is None:
            continue
        key = tuple(clean_text(c) for c in cells)
        if key in seen:
            continue
        seen.add(key)
        views.append(
            TableView(
                where=f"line {piece.line_start}",
                role="plan",
                columns=[(clean_text(c), f) for c, f in zip(cells, fields, strict=False)],
            )
        )
    return views


def inspect_document(
    path: str | Path, *, columns: dict[str, str] | None = None, limit: int = 5
) -> Inspection:
    """What the loader sees in ``path``, with ``columns`` (a layout file) applied.

    Raises
    ------
    InputError
        Only when the file cannot be read at all (missing, damaged, encrypted);
        a plan that would be refused is reported in ``refusal``.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write("Issue\\tOwner\\tDate\\nLate referral\\tNurse\\tMay 2020\\n")
    >>> report = inspect_document(f.name)
    >>> report.refusal
    'a table with columns Issue, Owner, Date: no column holds recommendations'
    >>> inspect_document(f.name, columns={"Issue": "recommendation"}).counts["recommendations"]
    1
    >>> os.unlink(f.name)
    """
    name = str(path)
    report = Inspection(path=name)
    with using_columns(columns):
        plan = read_plan(name)
        if plan.rendered is not None:
            for table in plan.rendered.tables:
                if table.role == "other" and len([t for t in table.titles if t]) < 2:
                    continue  # a line of text kept as a one-cell table
                fields = table.fields or [field_of(t) for t in table.titles]
                report.tables.append(
                    TableView(
                        where=table.place.locator() or "table",
                        role=table.role,
                        columns=[
                            (clean_text(t), f)
                            for t, f in zip(table.titles, fields, strict=False)
                            if clean_text(t)
                        ],
                    )
                )
        try:
            items = document_items(plan.text, name)
        except InputError as error:
            report.refusal = str(plan._explain(error)).split(": ", 1)[-1].split(" (hint:")[0]
            return report
        try:
            items = _settled(items, plan)
        except InputError as error:
            report.refusal = error.title
        report.layout = items.layout
        if plan.rendered is None and items.layout in ("tab", "pipe-html"):
            report.tables = _text_tables(plan.text, name, items.layout)
    report.counts = {
        "recommendations": len(items.recommendations),
        "actions": sum(len(r.actions) for r in items.recommendations),
        "sections": len(items.sections),
    }
    for rec in items.recommendations[:limit]:
        section = items.sections[rec.section].agency if rec.section is not None else None
        report.recommendations.append(
            {
                "ref": rec.ref,
                "text": rec.text,
                "agency": section,
                "actions": [
                    {
                        k: v
                        for k, v in {
                            "text": a.text,
                            "owner": a.owner_raw,
                            "due": a.due_raw,
                            "status": a.status_raw,
                            "rag": a.rag,
                            "progress": a.progress,
                        }.items()
                        if v
                    }
                    for a in rec.actions
                ],
            }
        )
    report.unplaced = [
        f"{u.line}: {u.what or u.reason}: {u.text}"
        for u in items.unplaced
        if u.reason == "unplaced"
    ][:20]
    return report


def _settled(items, plan):
    from .formats.plan import settle_items

    return settle_items(items, plan)


def render_inspection(report: Inspection, width: int = 100) -> str:
    """The inspection as text for the terminal.

    Examples
    --------
    >>> print(render_inspection(Inspection(path="p.txt", refusal="no recommendations found")))
    p.txt
      refused: no recommendations found
    """
    lines = [report.path]
    if report.layout:
        lines.append(f"  layout: {report.layout}")
    for table in report.tables:
        lines.append(f"  {table.role} table at {table.where}:")
        for title, field in table.columns:
            shown = title if len(title) <= 50 else title[:49] + "…"
            lines.append(f"    {shown!r:54} -> {field or '(not matched)'}")
    if report.counts:
        lines.append(
            "  found: " + ", ".join(f"{count} {name}" for name, count in report.counts.items())
        )
    for rec in report.recommendations:
        head = f"  recommendation {rec['ref'] or '(unnumbered)'}"
        if rec.get("agency"):
            head += f" [{rec['agency']}]"
        lines.append(f"{head}: {_cut(str(rec['text']), width - len(head))}")
        for action in rec["actions"]:  # type: ignore[union-attr]
            parts = [f"{k}={_cut(str(v), 60)!r}" for k, v in action.items()]
            lines.append("      action " + ", ".join(parts))
    if report.unplaced:
        lines.append("  unplaced:")
        lines.extend(f"    {_cut(u, width - 4)}" for u in report.unplaced)
    if report.refusal:
        lines.append(f"  refused: {report.refusal}")
    return "\n".join(lines)


def _cut(text: str, limit: int) -> str:
    limit = max(limit, 20)
    return text if len(text) <= limit else text[: limit - 1] + "…"
