"""Whether a loaded plan can be trusted, and what to say when it cannot.

A plan nobody could read right is refused, never loaded as an empty graph or
a plausible wrong one. The message says what was found — the columns of the
table that looked most like a plan, which of them were understood — and how
to go on: map the columns with ``--columns``, or look with ``inspect``.
"""

from __future__ import annotations

import re

from reviewgraph.graph.errors import InputError

from ..headers import classify_header, field_of
from ..lines import split_lines
from ..model import DocumentItems
from ..text import clean_text
from .render import Rendered, TableReport

__all__ = ["check_items", "describe_tables", "describe_text_tables", "describe_columns"]

_HINT = "map its columns with --columns (see reviewgraph inspect FILE)"
#: share of actions that may lack a recommendation before the plan is refused
_ORPHAN_SHARE = 0.25


def _short(text: str, limit: int = 40) -> str:
    text = clean_text(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe_columns(titles: list[str], fields: list[str | None] | None = None) -> str:
    """What a table's header row holds, and what is missing, in words.

    Examples
    --------
    >>> describe_columns(["Issue", "Owner", "Date"])
    'a table with columns Issue, Owner, Date: no column holds recommendations'
    >>> describe_columns(["Ref", "Finding", "Proposal", "Owner"])
    'a table with columns Ref, Finding, Proposal, Owner: no column holds recommendations'
    """
    shown = [_short(t) for t in titles if clean_text(t)][:10]
    if not shown:
        return "a table with no column titles"
    fields = fields if fields is not None else [field_of(t) for t in titles if clean_text(t)]
    named = {f for f in fields if f}
    head = f"a table with columns {', '.join(shown)}"
    if "recommendation" not in named:
        return f"{head}: no column holds recommendations"
    unknown = [_short(t) for t, f in zip(titles, fields, strict=False) if clean_text(t) and not f]
    if not unknown:
        # Every title is known: what is missing is the rows under them.
        return f"{head}: no rows of recommendations under its header"
    return f"{head}: columns {', '.join(unknown)} are not known column titles"


def _best_table(tables: list[TableReport]) -> TableReport | None:
    # One filled cell is a line of text kept as a table, not a table.
    candidates = [t for t in tables if len([x for x in t.titles if clean_text(x)]) >= 2]
    if not candidates:
        return None
    return max(candidates, key=lambda t: t.rows * len([x for x in t.titles if clean_text(x)]))


def describe_tables(rendered: Rendered) -> str:
    """Why no plan was found in a rendered file, in terms of what it holds.

    Raises
    ------
    Nothing.
    """
    best = _best_table(rendered.tables)
    if best is None:
        lines = [line for line in split_lines(rendered.text) if line.strip()]
        return (
            f"no table with a header row and no recommendation blocks found "
            f"({len(lines)} lines of text, no table)"
        )
    where = best.place.locator()
    count = len(rendered.tables)
    if count > 1:
        prefix = f"{count} tables; the largest, {where}, is " if where else f"{count} tables; "
    else:
        # A CSV file is one table with no place of its own to name.
        prefix = f"{where}: " if where else ""
    return prefix + describe_columns(best.titles)


_PIPE = re.compile(r"^\s*\|(.*)\|\s*$")


def describe_text_tables(text: str, path: str) -> tuple[int, str] | None:
    """The first table-like row of a text plan, described, when nothing read it.

    Examples
    --------
    >>> describe_text_tables("Plan\\nIssue\\tOwner\\tDate\\nLate\\tNurse\\tMay\\n", "p.txt")
    (2, 'a table with columns Issue, Owner, Date: no column holds recommendations')
    """
    del path
    for number, line in enumerate(split_lines(text), 1):
        match = _PIPE.match(line)
        cells = match.group(1).split("|") if match else line.split("\t") if "\t" in line else []
        cells = [c for c in cells if clean_text(c)]
        if len(cells) >= 2 and not re.fullmatch(r"[\s:|-]+", line):
            return number, describe_columns(cells)
    return None


def _plan_header(items: DocumentItems, rendered: Rendered | None) -> list[str] | None:
    if rendered is not None:
        plans = [t for t in rendered.tables if t.role == "plan"]
        if plans:
            return plans[0].titles
    return None


_REPORT_SECTIONS = re.compile(
    r"^(introduction|background|summary|executive summary|methodology|method|approach|"
    r"terms of reference|scope( of the review)?|the review process|family|the family|"
    r"chronology|key events|analysis|findings?|key findings|lessons( learn[te]d)?|learning|"
    r"conclusions?|recommendations?|appendix|appendices|glossary|references|contents|"
    r"acknowledge?ments|involvement of|agency involvement|good practice|equality|"
    r"parallel processes|panel|independent (author|chair|reviewer))\b",
    re.IGNORECASE,
)


def _check_prose(items: DocumentItems, path: str) -> None:
    """Refuse a review report taken for a narrative progress report.

    A progress report's numbered sections name agencies; a review report's
    name its parts (Introduction, Background, Findings …). When several of the
    sections are such parts, the file is the review, not its action plan.
    """
    if not items.layout.endswith("prose") or not items.sections:
        return
    parts = [s.title for s in items.sections if _REPORT_SECTIONS.match(s.agency)]
    if len(parts) >= 2 and len(parts) * 3 >= len(items.sections):
        shown = ", ".join(_short(p, 30) for p in parts[:5])
        raise InputError(
            path,
            items.sections[0].line_start,
            f"this reads as a review report, not an action plan: its numbered sections are "
            f"{shown}; no table of recommendations and actions was found",
            "load the action plan (often an appendix or a separate file), or map its table's "
            "columns with --columns",
        )


def check_items(items: DocumentItems, path: str, rendered: Rendered | None) -> None:
    """Refuse items that cannot be trusted as the plan's graph.

    A plan is refused when it gives no recommendation, when many of its
    actions belong to none, or when most of its table text stands in columns
    nothing understood.

    Raises
    ------
    InputError
        Saying what was found and how to map it.
    """
    _check_prose(items, path)
    recommendations = items.recommendations
    actions = sum(len(r.actions) for r in recommendations)
    orphans = [u for u in items.unplaced if u.what.startswith("action with no recommendation")]
    if not recommendations:
        titles = _plan_header(items, rendered)
        if titles is not None:
            found = describe_columns(titles, classify_header(titles))
        elif orphans:
            found = f"{len(orphans)} actions but no column or line that holds recommendations"
        else:
            found = "no recommendations found"
        raise InputError(path, None, found, _HINT)
    if len(orphans) > max(2, _ORPHAN_SHARE * (actions + len(orphans))):
        raise InputError(
            path,
            orphans[0].line,
            f"{len(orphans)} of {actions + len(orphans)} actions belong to no recommendation "
            "(rows with actions but an empty recommendation cell before any recommendation)",
            _HINT,
        )
    placed = sum(len(r.text) for r in recommendations) + sum(
        len(a.text) + len(a.progress or "") + len(a.outcome or "") + len(a.evidence or "")
        for r in recommendations
        for a in r.actions
    )
    unnamed = [u for u in items.unplaced if u.what.startswith("cell of an unnamed column")]
    left = sum(len(u.text) for u in unnamed)
    if unnamed and left > placed:
        raise InputError(
            path,
            unnamed[0].line,
            f"most of the table's text ({left} of {left + placed} characters) stands in "
            "columns whose titles are not known",
            _HINT,
        )
