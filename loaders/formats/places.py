"""Places: the page, table, row and cell of every item of a PDF, Word, Excel or HTML plan."""

from __future__ import annotations

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Action, Recommendation

from .document import Place
from .render import Rendered

__all__ = ["apply_places"]

# HTML and CSV files have lines of their own: their items' lines are the file's.
_OWN_LINES = frozenset({"html", "csv", "text"})


def _field(node: object) -> str | None:
    if isinstance(node, Recommendation):
        return "recommendation"
    if isinstance(node, Action):
        return "action"
    return None


def _place_for(rendered: Rendered, line: int, field: str | None) -> Place | None:
    found = rendered.place_of(line)
    if found is None:
        return None
    if field and field in found.cells:
        return found.cells[field]
    return found.place


def apply_places(graph: ReviewGraph, rendered: Rendered) -> None:
    """Give every node of ``graph`` the place in the file its lines came from.

    Raises
    ------
    Nothing: a line with no known place (a header repeated by the reader) keeps
    its line numbers only.
    """
    for node in list(graph.nodes()):
        source = node.source
        start = _place_for(rendered, source.line_start, _field(node))
        if start is None:
            for line in range(source.line_start, source.line_end + 1):
                start = _place_for(rendered, line, _field(node))
                if start is not None:
                    break
        if start is None:
            continue
        end = _place_for(rendered, source.line_end, _field(node)) or start
        update: dict[str, object] = {
            "page": start.page,
            "table": start.table,
            "row": start.row,
            "cell": start.cell,
            "sheet": start.sheet,
            "locator": _locator(start, end, lines=rendered.kind not in _OWN_LINES) or None,
        }
        if rendered.kind in _OWN_LINES and start.line is not None:
            update["line_start"] = start.line
            update["line_end"] = max(start.line, end.line_end or end.line or start.line)
        node.source = source.model_copy(update=update)


def _locator(start: Place, end: Place, lines: bool = True) -> str:
    text = start.locator(lines)
    if end == start or end.locator(lines) == text:
        return text
    if end.page is not None and end.page != start.page:
        return f"{text} to page {end.page}" + (f", row {end.row}" if end.row else "")
    if end.row is not None and end.row != start.row and end.table == start.table:
        return f"{text} to row {end.row}"
    return text
