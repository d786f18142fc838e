"""HTML plans: tables (with row and column spans) and label/value pages, lines kept.

Boards publish plans as web pages in two ways: a table like a Word plan's, or
one page (or one section) per recommendation whose parts stand under labels
("Issues identified", "Actions to be taken", "Person responsible", "Target
completion date", "Progress to date"). Both are read here into paragraphs and
grids; each piece keeps the lines of the page it came from, and the items
built from it are traced to those lines. Scripts, styles and page furniture
(navigation, header, footer) are not plan text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reviewgraph.graph.errors import InputError

from ..read import read_document
from .colours import rag_of_colour
from .document import Document, Grid, GridCell, Paragraph, Place
from .limits import MAX_CELLS, check_file_size
from .render import escape

__all__ = ["read_html"]

_SKIP = frozenset({"script", "style", "nav", "header", "footer", "noscript", "template", "head"})
_BLOCKS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "div",
        "section",
        "article",
        "blockquote",
        "pre",
        "caption",
        "summary",
        "details",
        "main",
        "body",
        "ul",
        "ol",
        "dl",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption", "summary"})
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr"})


class _Cell:
    def __init__(self, line: int, colspan: int, rowspan: int, rag: str | None) -> None:
        self.parts: list[str] = []
        self.line = line
        self.end = line
        self.colspan = colspan
        self.rowspan = rowspan
        self.rag = rag


class _Table:
    def __init__(self, line: int) -> None:
        self.rows: list[list[_Cell]] = []
        self.line = line


def _rag(attrs: dict[str, str | None]) -> str | None:
    colour = attrs.get("bgcolor")
    style = attrs.get("style") or ""
    match = re.search(r"background(?:-color)?\s*:\s*([#\w]+)", style)
    if match:
        colour = match.group(1)
    rag = rag_of_colour(colour) if colour else None
    if rag is None:
        classes = (attrs.get("class") or "").lower()
        found = re.search(r"\b(?:rag-?)?(red|amber|green)\b", classes)
        rag = found.group(1) if found else None
    return rag


class _Parser(HTMLParser):
    def __init__(self, path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.pieces: list[Paragraph | Grid] = []
        self.skip = 0
        self.tables: list[_Table] = []
        self.cell: list[_Cell | None] = []
        self.text: list[str] = []
        self.text_line: int | None = None
        self.text_end = 0
        self.heading = False
        self.bullet = False
        self.cells = 0
        self.table_count = 0

    # paragraphs outside tables
    def _flush(self) -> None:
        words = " ".join("".join(self.text).split())
        if words and self.text_line is not None:
            html_text = escape(words)
            if self.bullet:
                html_text = f"<li>{html_text}</li>"
            self.pieces.append(
                Paragraph(
                    html_text,
                    Place(line=self.text_line, line_end=max(self.text_end, self.text_line)),
                    heading=self.heading,
                )
            )
        self.text = []
        self.text_line = None
        self.heading = False
        self.bullet = False

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = {k: v for k, v in attrs}
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip += 1
            return
        if self.skip:
            return
        cell = self.cell[-1] if self.cell else None
        if tag == "table":
            if cell is not None:
                cell.parts.append("<p>")  # a table in a cell: its words join the cell
                self.tables.append(_Table(line))
                self.cell.append(None)
                return
            self._flush()
            self.tables.append(_Table(line))
            self.cell.append(None)
        elif tag == "tr" and self.tables and self.cell and self.cell[-1] is None:
            self.tables[-1].rows.append([])
        elif tag in ("td", "th") and self.tables and self.cell and self.cell[-1] is None:
            if not self.tables[-1].rows:
                self.tables[-1].rows.append([])
            new = _Cell(
                line,
                int(re.sub(r"\D", "", values.get("colspan") or "1") or 1),
                int(re.sub(r"\D", "", values.get("rowspan") or "1") or 1),
                _rag(values),
            )
            self.tables[-1].rows[-1].append(new)
            self.cell[-1] = new
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise InputError(self.path, line, f"more than {MAX_CELLS} table cells")
        elif cell is not None:
            if tag in ("p", "div", "li", "ul", "ol") or tag in _HEADINGS:
                cell.parts.append(f"<{'li' if tag == 'li' else 'p'}>")
                if tag in ("ul", "ol"):
                    cell.parts[-1] = "<ul>"
            elif tag == "br":
                cell.parts.append("<br/>")
            elif tag in ("b", "strong"):
                cell.parts.append("<b>")
        elif tag in _BLOCKS or tag == "br":
            self._flush()
            self.heading = tag in _HEADINGS
            self.bullet = tag == "li"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and tag not in _SKIP:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        cell = self.cell[-1] if self.cell else None
        if tag == "table" and self.tables:
            table = self.tables.pop()
            self.cell.pop()
            if self.cell and self.cell[-1] is not None:
                outer = self.cell[-1]
                for row in table.rows:
                    for inner in row:
                        outer.parts.append("<p>" + "".join(inner.parts) + "</p>")
                return
            self.pieces.append(self._grid(table))
        elif tag in ("td", "th") and self.cell and cell is not None:
            cell.end = self.getpos()[0]
            self.cell[-1] = None
        elif cell is not None:
            if tag in ("p", "div") or tag in _HEADINGS:
                cell.parts.append("</p>")
            elif tag == "li":
                cell.parts.append("</li>")
            elif tag in ("ul", "ol"):
                cell.parts.append("</ul>")
            elif tag in ("b", "strong"):
                cell.parts.append("</b>")
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data):
        if self.skip:
            return
        cell = self.cell[-1] if self.cell else None
        if cell is not None:
            cell.parts.append(escape(data))
            return
        if self.tables:
            return  # words between a table's cells are layout, not text
        if data.strip():
            line = self.getpos()[0]
            if self.text_line is None:
                self.text_line = line
            self.text_end = line + data.count("\n")
        self.text.append(data)

    def _grid(self, table: _Table) -> Grid:
        self.table_count += 1
        number = self.table_count
        grid: dict[tuple[int, int], GridCell] = {}
        width = 0
        for r, row in enumerate(table.rows):
            c = 0
            for cell in row:
                while (r, c) in grid:
                    c += 1
                html_text = re.sub(r"\s+", " ", "".join(cell.parts)).strip()
                place = Place(
                    table=number, row=r + 1, cell=str(c + 1), line=cell.line, line_end=cell.end
                )
                for dr in range(min(cell.rowspan, 500)):
                    for dc in range(min(cell.colspan, 50)):
                        if dr == 0 and dc == 0:
                            grid[(r, c)] = GridCell(html_text, place, rag=cell.rag)
                        else:
                            grid[(r + dr, c + dc)] = GridCell("", place, above=dr > 0, left=dc > 0)
                c += cell.colspan
                width = max(width, c)
        height = max((r for r, _ in grid), default=-1) + 1
        rows = []
        for r in range(height):
            rows.append(
                [
                    grid.get((r, c))
                    or GridCell("", Place(table=number, row=r + 1, line=table.line))
                    for c in range(width)
                ]
            )
        return Grid(rows, Place(table=number, line=table.line))


def read_html(path: str) -> Document:
    """Read an HTML plan into paragraphs and grids with their lines.

    Raises
    ------
    InputError
        When the file is not text or is larger than a plan can be.
    """
    check_file_size(path)
    text, _, _ = read_document(path)
    parser = _Parser(path)
    parser.feed(text)
    parser.close()
    parser._flush()
    return Document(path=path, kind="html", pieces=parser.pieces)
