"""Rendering a read file as the text the pipeline reads: pipe tables of HTML cells.

A Word, PDF, Excel, CSV or HTML plan becomes the same text a Word plan
extracted to markdown gives (the Kingston layout): paragraphs as lines, each
table row as one ``| … | … |`` line whose cells hold ``<p>``, ``<ul><li>`` and
``<br/>``. Every line remembers its :class:`~.document.Place`, so items built
from it can say where in the file they stand.

The file's tables are judged here, one by one: a table whose header names its
columns is a plan table; a table without one that follows a plan table of the
same width goes on from it (a page break cut it); any other table is not part
of the plan (a cover sheet, a version history) and is kept as text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..headers import classify_header, field_of
from ..sections import looks_like_heading
from ..text import clean_text, non_word_tail, search_tag
from .document import Document, Grid, GridCell, Paragraph, Place

__all__ = ["LinePlace", "TableReport", "Rendered", "render", "cell_line"]

#: rows searched for a table's header (title rows may stand above it)
HEADER_SEARCH_ROWS = 12

# Columns whose merged cell is one item spanning the rows under it: the rows
# below add to it, they do not repeat it.
_SPANNING_FIELDS = frozenset({"recommendation", "ref", None})


_SENTENCE_FIELDS = frozenset({"recommendation", "action"})
_RUNS_ON = re.compile(r"^[\W\d]*[a-z]")
# (?<!\s): a break's spaces are scanned once, from where they start.
_LINE_BREAKS = re.compile(r"(?<!\s)\s*[\r\n\t]+\s*")
_END_MARK = re.compile(r"[.!?:;)\]”\"']")


def _ended(text: str) -> bool:
    """What ``[.!?:;)\\]”"']\\W*$|^\\W*$`` finds: a closing mark among the text's last
    non-word characters, or no word at all; without rescanning a run of dots."""
    start = non_word_tail(text)
    return start == 0 or bool(_END_MARK.search(text, start))


@dataclass
class LinePlace:
    """Where one rendered line came from: its row, and the cell of each field."""

    place: Place
    cells: dict[str, Place] = field(default_factory=dict)


@dataclass
class TableReport:
    """What the renderer made of one table, for ``inspect`` and refusal messages."""

    place: Place
    role: str  # "plan", "continued", "other"
    titles: list[str]
    fields: list[str | None] | None
    rows: int
    header_row: int | None = None


@dataclass
class Rendered:
    """A file as pipeline text, with the place of every line (index = line - 1)."""

    path: str
    kind: str
    text: str
    places: list[LinePlace | None]
    tables: list[TableReport] = field(default_factory=list)
    #: the form the plan took: "table", "label-value" or "text"
    form: str = "table"
    notes: list[tuple[str, Place]] = field(default_factory=list)

    def place_of(self, line: int) -> LinePlace | None:
        if 1 <= line <= len(self.places):
            return self.places[line - 1]
        return None


def cell_line(fragment: str) -> str:
    """An HTML fragment made safe for one cell of a one-line pipe row.

    Examples
    --------
    >>> cell_line("<p>a | b</p>\\n<p>c</p>")
    '<p>a &#124; b</p> <p>c</p>'
    """
    return _LINE_BREAKS.sub(" ", fragment).replace("|", "&#124;").strip()


def _plain(fragment: str) -> str:
    return clean_text(fragment)


def _text_line(fragment: str) -> str:
    """A paragraph as one text line that no reader takes for a table row."""
    text = _plain(fragment).replace("\t", " ")
    return text.replace("|", "¦") if text.startswith("|") or text.endswith("|") else text


class _Renderer:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.lines: list[str] = []
        self.places: list[LinePlace | None] = []
        self.tables: list[TableReport] = []
        self.plan: tuple[int, list[str], list[str | None]] | None = None
        self.text_since_plan = False
        #: the line of the last heading since the last table
        self.last_heading: int | None = None

    def emit(self, line: str, place: LinePlace | None) -> None:
        self.lines.append(line)
        self.places.append(place)

    def paragraph(self, piece: Paragraph) -> None:
        text = _text_line(piece.html)
        if not text:
            return
        if self.lines and self.lines[-1].startswith("|"):
            self.emit("", None)
        self.emit(text, LinePlace(piece.place))
        self.text_since_plan = True
        if piece.heading and looks_like_heading(text):
            self.last_heading = len(self.lines) - 1

    def _heading_last(self) -> None:
        """Bring the heading above a table next to it, past a short note under it.

        "Police" (a heading), "The following actions were agreed:", then the
        table: the heading names the table's agency, and the pipeline takes
        the line right above a header row as its section heading.
        """
        index = self.last_heading
        self.last_heading = None
        if index is None or index == len(self.lines) - 1:
            return
        after = [line for line in self.lines[index + 1 :] if line.strip()]
        if not after or len(after) > 3 or any(line.startswith("|") for line in after):
            return
        line, place = self.lines.pop(index), self.places.pop(index)
        self.emit(line, place)

    def grid(self, grid: Grid) -> None:
        rows = [r for r in grid.rows if r]
        texts = [[_plain(c.html) if not c.left else "" for c in row] for row in rows]
        header_at = None
        fields = None
        blank: set[int] = set()
        for index, row in enumerate(texts[:HEADER_SEARCH_ROWS]):
            fields = classify_header(row)
            if fields is None:
                fields, blank = _wide_header(row)
            if fields is not None:
                header_at = index
                break
        width = grid.width
        if header_at is not None and fields is not None:
            for index in range(header_at):
                self._title_row(rows[index], texts[index])
            self._heading_last()
            self._start_table()
            header = [
                cell_line(c.html) if not c.left and i not in blank else ""
                for i, c in enumerate(rows[header_at])
            ]
            below = header_at + 1
            if below < len(rows) and _sub_header(texts[header_at], texts[below]):
                # Titles under a title that spans them ("Progress" over "Update" and "RAG").
                header = [
                    cell_line(low.html) if _plain(low.html) else top
                    for top, low in zip(header, rows[below], strict=False)
                ]
                fields = classify_header([_plain(h) for h in header]) or fields
                rows, texts = rows[:below] + rows[below + 1 :], texts[:below] + texts[below + 1 :]
            if "recommendation" not in fields and _banner_recommendations(rows[header_at + 1 :]):
                # Each recommendation a row across the table, its actions in the rows below.
                header = ["Recommendation", *header]
                fields = ["recommendation", *fields]
                rows = [_with_banner_column(r) for r in rows]
                width += 1
            rag_extra = self._needs_rag_column(rows[header_at + 1 :], fields)
            if rag_extra:
                header.append("RAG (cell colour)")
                fields = [*fields, "rag"]
            self.emit(_pipe(header), LinePlace(rows[header_at][0].place))
            self.plan = (width, header, fields)
            self.tables.append(
                TableReport(grid.place, "plan", texts[header_at], fields, len(rows), header_at + 1)
            )
            self._rows(rows[header_at + 1 :], texts[header_at + 1 :], fields, rag_extra)
            self.text_since_plan = False
            return
        if (
            self.plan is not None
            and self.plan[0] <= width <= self.plan[0] + 1
            and (grid.continued or not self.text_since_plan)
        ):
            _, header, fields = self.plan
            if rows and width == len(header) and not self._cut(texts[0], fields):
                # The page break fell between rows: the table simply goes on.
                self.tables.append(
                    TableReport(grid.place, "continued", texts[0], fields, len(rows))
                )
                self._rows(rows, texts, fields, fields[-1] == "rag" and len(fields) > width)
                self.text_since_plan = False
                return
            self._start_table()
            if texts and not any(texts[0]):
                # An empty first row: the table goes on from the last one, as printed.
                self.emit(_pipe([""] * width), None)
                rows, texts = rows[1:], texts[1:]
            elif width > len(header):
                # One column wider: a column of item labels ("ii.") before the rest,
                # read as the headerless table it is.
                self.emit(_pipe([""] * width), None)
            else:
                # The header again marks the page break, so a row it cut rejoins its start.
                self.emit(_pipe(header), None)
            rag_extra = fields[-1] == "rag" and len(fields) > width
            self.tables.append(
                TableReport(grid.place, "continued", texts[0] if texts else [], fields, len(rows))
            )
            self._rows(rows, texts, fields, rag_extra)
            self.text_since_plan = False
            return
        self.tables.append(
            TableReport(grid.place, "other", texts[0] if texts else [], None, len(rows))
        )
        for row, text in zip(rows, texts, strict=True):
            self._title_row(row, text)

    def _cut(self, first: list[str], fields: list[str | None]) -> bool:
        """Whether a page break cut the last row: the next row's cells run on from it.

        A first row that starts a recommendation, or whose every cell starts
        afresh after a cell that ended a sentence, is a row of its own.
        """
        if not self.lines or not self.lines[-1].startswith("|") or not any(first):
            return True
        previous = [_plain(c) for c in _split_pipe(self.lines[-1])]
        own = [
            first[fields.index(name)]
            for name in ("recommendation", "action")
            if name in fields and fields.index(name) < len(first)
        ]
        if not any(own):
            return True  # only side columns: the rest of a row, not a row of its own
        if "recommendation" in fields:
            index = fields.index("recommendation")
            if index < len(first) and first[index] and not _RUNS_ON.match(first[index]):
                return not (index < len(previous) and _ended(previous[index] or "."))
        for index, text in enumerate(first):
            if not text:
                continue
            before = previous[index] if index < len(previous) else ""
            name = fields[index] if index < len(fields) else None
            if _RUNS_ON.match(text):
                return True
            # Dates and names end without a full stop; sentences that do not were cut.
            if name in _SENTENCE_FIELDS and before and not _ended(before):
                return True
        return False

    def _start_table(self) -> None:
        if self.lines and self.lines[-1].strip():
            self.emit("", None)

    def _title_row(self, row: list[GridCell], texts: list[str]) -> None:
        parts: list[str] = []
        for text in texts:
            if text and text not in parts:
                parts.append(text)
        if parts:
            if self.lines and self.lines[-1].startswith("|"):
                self.emit("", None)
            filled = [c for c in row if _plain(c.html) and not c.left]
            if len(parts) == 2 and len(parts[0].split()) <= 6 and len(filled) == 2:
                # "Lead officer | Head of Service": a label and its value, read as label lines,
                # the value's paragraphs and bullets one line each.
                label = parts[0].rstrip().rstrip(":")
                lines = _block_lines(filled[1].html) or [parts[1]]
                self.emit(_text_line(f"{label}: {lines[0]}"), LinePlace(row[0].place))
                for line in lines[1:]:
                    self.emit(_text_line(line), LinePlace(filled[1].place))
            else:
                self.emit(_text_line(" – ".join(parts)), LinePlace(row[0].place))
            self.text_since_plan = True

    @staticmethod
    def _needs_rag_column(rows: list[list[GridCell]], fields: list[str | None]) -> bool:
        if "rag" in fields:
            return False
        return any(cell.rag for row in rows for cell in row)

    def _rows(
        self,
        rows: list[list[GridCell]],
        texts: list[list[str]],
        fields: list[str | None],
        rag_extra: bool,
    ) -> None:
        origin: dict[int, str] = {}
        for row, text in zip(rows, texts, strict=True):
            del text
            cells: list[str] = []
            cell_places: dict[str, Place] = {}
            for index, cell in enumerate(row):
                name = fields[index] if index < len(fields) else None
                if cell.left:
                    value = ""
                elif cell.above:
                    value = (
                        ""
                        if name in _SPANNING_FIELDS or name == "action"
                        else origin.get(index, "")
                    )
                else:
                    value = cell.html
                    if not _plain(value) and cell.rag and name in ("rag", "status"):
                        value = cell.rag.capitalize()
                    origin[index] = value
                cells.append(cell_line(value))
                if name and name not in cell_places and not cell.left:
                    cell_places[name] = cell.place
            if rag_extra:
                colour = next((c.rag for c in row if c.rag), None)
                cells.extend([""] * (len(fields) - 1 - len(cells)))
                cells.append(colour.capitalize() if colour else "")
            if not any(_plain(c) for c in cells) and not any(c.above for c in row):
                continue
            if self._folds(row, fields):
                self._fold(cells, LinePlace(row[0].place, cell_places))
                continue
            if len([c for c in cells if _plain(c)]) == 1 and _plain(cells[0]) and _merged_row(row):
                # A row one merged cell wide is a heading (an agency, a theme):
                # the rows under it are that heading's, as after a heading line.
                self._title_row(row, [_plain(cells[0])])
                self._start_table()
                self.emit(_pipe(self.plan[1] if self.plan else []), None)
                continue
            self.emit(_pipe(cells), LinePlace(row[0].place, cell_places))

    @staticmethod
    def _folds(row: list[GridCell], fields: list[str | None]) -> bool:
        """A row whose recommendation and action cells are merged from above adds to them."""
        for name in ("action", "recommendation"):
            if name in fields:
                index = fields.index(name)
                return (
                    index < len(row)
                    and row[index].above
                    and (
                        name == "recommendation"
                        or "recommendation" not in fields
                        or row[fields.index("recommendation")].above
                        or not _plain(row[fields.index("recommendation")].html)
                    )
                )
        return False

    def _fold(self, cells: list[str], place: LinePlace) -> None:
        if not self.lines or not self.lines[-1].startswith("|"):
            self.emit(_pipe(cells), place)
            return
        previous = _split_pipe(self.lines[-1])
        merged = []
        for index in range(max(len(previous), len(cells))):
            before = previous[index] if index < len(previous) else ""
            after = cells[index] if index < len(cells) else ""
            if after and _plain(after) and _plain(after) != _plain(before):
                merged.append(f"{before} {after}".strip() if before else after)
            else:
                merged.append(before)
        self.lines[-1] = _pipe(merged)


_OPENING = re.compile(r"<(li|p)\b[^>]*>", re.IGNORECASE)
_CLOSING = {"li": re.compile(r"</li>", re.IGNORECASE), "p": re.compile(r"</p>", re.IGNORECASE)}


def _blocks(fragment: str) -> list[tuple[str, str]]:
    """What ``re.findall(r"<(li|p)\\b[^>]*>(.*?)</\\1>", fragment, re.I | re.S)`` gives,
    without rescanning to the end from every opening tag that is never closed."""
    found = []
    end = fragment.rfind(">") + 1  # no tag ends after the last ">"
    unclosed: set[str] = set()  # tags with no closing one left: later openings fail too
    position = 0
    while True:
        opening = search_tag(_OPENING, fragment, position, end)
        if opening is None:
            return found
        tag = opening.group(1)
        closing = None
        if tag.lower() not in unclosed:
            closing = _CLOSING[tag.lower()].search(fragment, opening.end())
        if closing is None:
            unclosed.add(tag.lower())
            position = opening.start() + 1
            continue
        found.append((tag, fragment[opening.end() : closing.start()]))
        position = closing.end()


def _block_lines(fragment: str) -> list[str]:
    """A cell's paragraphs and list items as lines, items marked with a bullet."""
    lines = []
    for tag, inner in _blocks(fragment):
        text = _plain(inner)
        if text:
            lines.append(f"• {text}" if tag.lower() == "li" and not text.startswith("•") else text)
    return lines


def _wide_header(titles: list[str]) -> tuple[list[str | None] | None, set[int]]:
    """A header with more columns nobody knows than a text row may have.

    A table's first rows are where its header stands, so there a row of short
    titles naming at least three fields, a recommendation or action among
    them, is the header even when other titles ("Root cause", "Level") are
    not known. Those columns' titles are left out of the rendered header, so
    their cells are reported as text no field took.
    """
    filled = [i for i, t in enumerate(titles) if t]
    fields = [field_of(t) for t in titles]
    named = [fields[i] for i in filled if fields[i]]
    short = all(len(titles[i].split()) <= 10 and not titles[i].endswith(".") for i in filled)
    if (
        len(named) >= 3
        and {"recommendation", "action"} & set(named)
        and 2 * len(named) >= len(filled)
        and short
    ):
        return fields, {i for i in filled if not fields[i]}
    return None, set()


def _sub_header(top: list[str], low: list[str]) -> bool:
    """Whether the row under a header holds titles for columns the header spans."""
    filled = [i for i, t in enumerate(low) if t]
    if not filled or len(filled) == len([t for t in top if t]):
        return False
    return all(field_of(low[i]) for i in filled) and any(not top[i] for i in filled)


_BANNER = re.compile(
    r"^\W*(recommendation|rec\.?)\s*(no\.?\s*)?(\d{1,3}(\.\d{1,3})*|[A-Z]{2,10}\d{1,3})\b",
    re.IGNORECASE,
)


def _banner_recommendations(rows: list[list[GridCell]]) -> bool:
    """Whether rows across the whole table name recommendations ("Recommendation 2: …")."""
    banners = [r for r in rows if _merged_row(r) and _BANNER.match(_plain(r[0].html))]
    return len(banners) >= 1


def _with_banner_column(row: list[GridCell]) -> list[GridCell]:
    """A row with a recommendation column in front: a banner's words go there."""
    if _merged_row(row) and _BANNER.match(_plain(row[0].html)):
        first = row[0]
        return [first, *[GridCell("", c.place, left=False) for c in row]]
    return [GridCell("", row[0].place), *row]


def _merged_row(row: list[GridCell]) -> bool:
    return (
        len(row) > 1
        and all(c.left for c in row[1:] if not _plain(c.html))
        and any(c.left for c in row[1:])
    )


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(c if c else " " for c in cells) + " |"


def _split_pipe(line: str) -> list[str]:
    inner = line.strip()[1:-1]
    return [c.strip() for c in inner.split("|")]


def render(document: Document) -> Rendered:
    """Render a read file as pipeline text with the place of every line.

    Raises
    ------
    Nothing: tables that are not part of the plan are kept as text lines.

    Examples
    --------
    >>> from reviewgraph.loaders.formats.document import Document, Grid, GridCell, Place
    >>> row = lambda *texts: [GridCell(f"<p>{t}</p>", Place(table=1, row=1)) for t in texts]
    >>> doc = Document("plan.docx", "docx", [Grid([row("Recommendation", "Action", "Lead"),
    ...     row("1. Audit files", "Run an audit", "Named Nurse")], Place(table=1))])
    >>> print(render(doc).text, end="")
    | <p>Recommendation</p> | <p>Action</p> | <p>Lead</p> |
    | <p>1. Audit files</p> | <p>Run an audit</p> | <p>Named Nurse</p> |
    """
    renderer = _Renderer(document)
    for piece in document.pieces:
        if isinstance(piece, Paragraph):
            renderer.paragraph(piece)
        else:
            renderer.grid(piece)
    text = "\n".join(renderer.lines) + "\n"
    return Rendered(
        path=document.path,
        kind=document.kind,
        text=text,
        places=renderer.places,
        tables=renderer.tables,
        notes=list(document.notes),
    )


def header_fields(titles: list[str]) -> list[str | None]:
    """Each title's field alone, for reports on tables that are not plan tables."""
    return [field_of(t) for t in titles]


def escape(text: str) -> str:
    """Plain text as an HTML fragment's text."""
    return html.escape(text, quote=False)
