"""PDF plans with a text layer: ruled tables, cells' paragraphs, text between tables.

Each page's ruled tables are found from their lines (pdfplumber); the words
inside each cell are regrouped into lines and the lines into paragraphs: a
bullet starts an item, a gap wider than the line spacing starts a paragraph,
and a line that ends although the next line's first word would have fitted
ends in a line break. A table at the top of a page with no header row goes on
from the table that ended the page before (the renderer joins them, and a row
the page break cut rejoins its start). Running headers and footers (page
numbers, the plan's title on every page) are page furniture, not plan text.

A PDF without a text layer (a scan) or with a password is refused with a
message saying so; a PDF longer than :data:`~.limits.MAX_PAGES` pages is
refused before its pages are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reviewgraph.graph.errors import InputError

from .colours import rag_of_colour
from .document import Document, Grid, GridCell, Paragraph, Place
from .limits import MAX_PAGES, Budget, check_file_size
from .render import escape
from .unruled import Columns, find_header, fits_columns, unruled_grid
from .unruled import runs as _runs_of

__all__ = ["read_pdf", "Line", "paragraphs"]

_BULLET = re.compile(r"^[•●▪◦■□○◆►▸‣⁃]")
# Word's Symbol and Wingdings bullets, extracted as private-use characters.
_PRIVATE_BULLET = re.compile("^[\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8]\\s*")
#: share of the page height at top and bottom holding running headers and footers
_FURNITURE = 0.045


@dataclass
class Line:
    """One printed line: its words, where it stands, and whether it is all bold."""

    words: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def x0(self) -> float:
        return min(w["x0"] for w in self.words)

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @property
    def size(self) -> float:
        return max(w.get("size") or (w["bottom"] - w["top"]) for w in self.words)

    @property
    def bold(self) -> bool:
        return all("bold" in str(w.get("fontname", "")).lower() for w in self.words)


def _lines(words: list[dict[str, Any]]) -> list[Line]:
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        if lines:
            last = lines[-1]
            height = max(1.0, word["bottom"] - word["top"])
            if abs(word["top"] - last.words[0]["top"]) < 0.5 * height:
                last.words.append(word)
                continue
        lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


_HYPHEN_END = re.compile(r"\b([A-Za-z]+)-$")
# Words written with a hyphen after them: a line break after "self-" keeps it.
_HYPHEN_PREFIXES = frozenset(
    """self co multi non pre post re inter cross well long short full part high low step
    half sub anti over under out ex mid semi e follow check up""".split()
)


def paragraphs(lines: list[Line], left: float, right: float) -> list[tuple[str, bool, bool]]:
    """Lines regrouped as paragraphs: (HTML text, is a bullet item, first line bold).

    ``left``/``right`` bound the space the lines could fill; a line break
    is kept where the next line's first word would have fitted on the line.

    Raises
    ------
    Nothing.
    """
    if not lines:
        return []
    del left
    out: list[list[Any]] = []  # [parts, bullet, bold_lead]
    for index, line in enumerate(lines):
        if _PRIVATE_BULLET.match(line.text):
            line.words[0]["text"] = _PRIVATE_BULLET.sub("• ", line.words[0]["text"]).strip() or "•"
        text = escape(line.text)
        if index == 0:
            out.append([[text], bool(_BULLET.match(line.text)), line.bold])
            continue
        before = lines[index - 1]
        pitch = max(1.0, before.size)
        gap = line.top - before.bottom
        space = 0.28 * pitch
        first_word = line.words[0]
        # Half a letter to spare: a writer measures a word with what follows it.
        needed = space + (first_word["x1"] - first_word["x0"]) + 0.5 * pitch
        fits = before.x1 + needed <= right
        restyled = line.bold != before.bold or abs(line.size - before.size) > 0.5
        cut = _HYPHEN_END.search(before.text)
        if _BULLET.match(line.text) or gap > 0.45 * pitch or restyled:
            out.append([[text], bool(_BULLET.match(line.text)), line.bold])
        elif cut and line.text[:1].islower():
            # "proce-" | "dure": one word the line end cut; "self-" | "neglect" keeps its
            # hyphen.
            if cut.group(1).lower() not in _HYPHEN_PREFIXES:
                out[-1][0][-1] = out[-1][0][-1][:-1]
            out[-1][0].append(text)
        elif fits:
            out[-1][0].append("<br/>")
            out[-1][0].append(text)
        else:
            out[-1][0].append(" ")
            out[-1][0].append(text)
    return [("".join(parts), bullet, bold) for parts, bullet, bold in out]


def _cell_html(lines: list[Line], left: float, right: float) -> str:
    pieces = paragraphs(lines, left, right)
    out: list[str] = []
    items: list[str] = []
    for index, (text, bullet, bold) in enumerate(pieces):
        if bullet:
            items.append(f"<li>{text}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if index == 0 and bold and (len(pieces) > 1 or "<br/>" in text):
            head, _, rest = text.partition("<br/>")
            plain = re.sub(r"<[^>]+>", "", head)
            if len(plain.split()) <= 8 and not re.match(
                r"^\W*(\d|recommendation|action|rec\b)", plain, re.I
            ):
                text = f"<b>{head}</b>" + (f"<br/>{rest}" if rest else "")
        out.append(f"<p>{text}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return " ".join(out)


_CID_BULLET = re.compile(r"\(cid:(127|149|183|8226|61623|61607|108)\)")
_CID = re.compile(r"\(cid:\d+\)")


def _words(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The words of some characters; glyphs without a Unicode mapping that are bullets say so."""
    from pdfplumber.utils import extract_words

    # In the order the page draws them, the letters of one cell's line stay together even
    # where a neighbouring cell's lines stand a little higher or lower.
    words = extract_words(
        chars, extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=True
    )
    out = []
    for word in words:
        text = _CID.sub("", _CID_BULLET.sub("•", word["text"]))
        if text:
            word["text"] = text
            out.append(word)
    return out


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _fill(page: Any, box: tuple[float, float, float, float]) -> str | None:
    """The RAG colour of a filled rectangle covering most of the cell, if any."""
    for rect in page.rects:
        colour = rect.get("non_stroking_color")
        if not rect.get("fill") or colour is None:
            continue
        if (
            rect["x0"] <= box[0] + 2
            and rect["x1"] >= box[2] - 2
            and rect["top"] <= box[1] + 2
            and rect["bottom"] >= box[3] - 2
        ):
            values = list(colour) if isinstance(colour, (list, tuple)) else [colour]
            if len(values) == 3:
                hexed = "".join(f"{round(float(v) * 255):02x}" for v in values)
                found = rag_of_colour(hexed)
                if found:
                    return found
    return None


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.budget = Budget(path)
        self.tables = 0
        self.chars = 0
        #: the columns of an unruled table that may go on over the page
        self.columns: Columns | None = None

    def page(self, page: Any, number: int, out: list[Paragraph | Grid]) -> None:
        height = float(page.height)
        found = sorted(page.find_tables(_settings(page)), key=lambda t: t.bbox[1])
        boxes = [t.bbox for t in found]
        chars = page.chars
        self.chars += len(chars)
        self.cell_chars: dict[tuple[float, float, float, float], list[dict[str, Any]]] = {}
        outside_chars = []
        for char in chars:
            if any(_inside(char, b) for b in boxes):
                self.cell_chars.setdefault(next(b for b in boxes if _inside(char, b)), []).append(
                    char
                )
            else:
                outside_chars.append(char)
        words = _words(outside_chars)
        body = [
            w
            for w in words
            if w["top"] > height * _FURNITURE and w["bottom"] < height * (1 - _FURNITURE)
        ]
        text_lines = _lines(body)
        right = max((line.x1 for line in text_lines), default=float(page.width))
        left = min((line.x0 for line in text_lines), default=0.0)
        events: list[tuple[float, Any]] = [(t.bbox[1], t) for t in found]
        text_lines, unruled = self._unruled(text_lines, right, number)
        events.extend(unruled)
        for group in self._text_blocks(text_lines):
            events.append((group[0].top, group))
        events.sort(key=lambda e: e[0])
        first_on_page = True
        for _, event in events:
            if isinstance(event, Grid):
                event.continued = event.continued or first_on_page
                out.append(event)
                first_on_page = False
                continue
            if isinstance(event, list):
                for text, bullet, bold in paragraphs(event, left, right):
                    html_text = f"<li>{text}</li>" if bullet else text
                    out.append(Paragraph(html_text, Place(page=number), heading=bold))
                first_on_page = False
                continue
            grid = self.table(page, event, number)
            grid.continued = first_on_page
            out.append(grid)
            first_on_page = False

    def _unruled(
        self, lines: list[Line], right: float, number: int, top: bool = True
    ) -> tuple[list[Line], list[tuple[float, Grid]]]:
        """Tables printed without rules among a page's text lines; the lines left over."""
        events: list[tuple[float, Grid]] = []
        if top and self.columns is not None and lines:
            # The top of the page may go on with the table the page before ended with.
            end = _table_end(lines, 0)
            if fits_columns(lines[:end], self.columns):
                self.tables += 1
                grid = unruled_grid(lines[:end], self.columns, number, self.tables, _cell_html)
                grid.continued = True
                events.append((lines[0].top, grid))
                lines = lines[end:]
            else:
                self.columns = None
        found = find_header(lines, right)
        if found is None:
            return lines, events
        start, count, columns = found
        end = _table_end(lines, start + count)
        self.tables += 1
        grid = unruled_grid(
            lines[start + count : end],
            columns,
            number,
            self.tables,
            _cell_html,
            header=columns.titles,
        )
        self.columns = columns
        events.append((lines[start].top, grid))
        rest, more = self._unruled(lines[end:], right, number, top=False)
        return [*lines[:start], *rest], [*events, *more]

    @staticmethod
    def _text_blocks(lines: list[Line]) -> list[list[Line]]:
        """Runs of text lines close enough to be one stretch of text."""
        blocks: list[list[Line]] = []
        for line in lines:
            if blocks and line.top - blocks[-1][-1].bottom < 2.5 * line.size:
                blocks[-1].append(line)
            else:
                blocks.append([line])
        return blocks

    def table(self, page: Any, table: Any, number: int) -> Grid:
        self.tables += 1
        table_chars = self.cell_chars.get(table.bbox, [])
        rows: list[list[GridCell]] = []
        columns = sorted({round(c[0], 0) for row in table.rows for c in row.cells if c})
        for row_number, row in enumerate(table.rows, 1):
            cells: list[GridCell] = []
            band = row.bbox
            row_chars = [
                c for c in table_chars if band[1] <= (c["top"] + c["bottom"]) / 2 <= band[3]
            ]
            for column, box in enumerate(row.cells, 1):
                place = Place(page=number, table=self.tables, row=row_number, cell=str(column))
                if box is None:
                    # Covered by a merge: from the left when the cell before reaches over.
                    left_box = next((b for b in reversed(row.cells[: column - 1]) if b), None)
                    from_left = left_box is not None and left_box[2] > _column_x(columns, column)
                    cells.append(GridCell("", place, above=not from_left, left=from_left))
                    continue
                # Words are gathered per cell: lines of neighbouring cells stand at other
                # heights, and gathered together their letters would interleave.
                inside = _words([c for c in row_chars if _inside(c, box)])
                lines = _lines(inside)
                pad = (min(line.x0 for line in lines) - box[0]) if lines else 0.0
                html_text = _cell_html(lines, box[0] + pad, box[2] - max(pad, 1.0))
                cells.append(GridCell(html_text, place, rag=_fill(page, box)))
            rows.append(cells)
        width = max((len(r) for r in rows), default=0)
        for row in rows:
            while len(row) < width:
                row.append(GridCell("", row[-1].place if row else Place(page=number)))
        return Grid(rows, Place(page=number, table=self.tables))


def _settings(page: Any) -> dict[str, Any]:
    """Table finding that closes a table a page break left open.

    A row cut by the page break may be drawn without its bottom (or, on the
    next page, its top) rule; the column rules still run to the break, so a
    rule is added where they end.
    """
    verticals = [e for e in page.edges if e.get("orientation") == "v"]
    if not verticals:
        return {}
    return {
        "explicit_horizontal_lines": [
            min(e["top"] for e in verticals),
            max(e["bottom"] for e in verticals),
        ]
    }


def _table_end(lines: list[Line], start: int) -> int:
    """Where an unruled table's lines end: at a gap far wider than its rows' spacing, or
    at the next header row (with the heading line above it, when there is one)."""
    for index in range(start + 1, len(lines)):
        gap = lines[index].top - lines[index - 1].bottom
        if gap > 4 * lines[index].size:
            return index
        found = find_header(lines[index : index + 7], float("inf"))
        if found is not None and found[0] == 0:
            above = lines[index - 1]
            lone = len(_runs_of(above)) == 1
            before_gap = above.top - lines[index - 2].bottom if index - 2 >= start else 0.0
            if index - 1 > start and lone and before_gap > 0.8 * above.size:
                return index - 1
            return index
    return len(lines)


def _column_x(columns: list[float], column: int) -> float:
    return columns[column - 1] if column - 1 < len(columns) else float("inf")


def read_pdf(path: str) -> Document:
    """Read a PDF plan's text layer into paragraphs and grids.

    Raises
    ------
    InputError
        When the PDF is encrypted, damaged, has no text layer (a scan), has
        more than :data:`~.limits.MAX_PAGES` pages, or takes too long.
    """
    check_file_size(path)
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(
            path, None, "the PDF is encrypted (password-protected)", "save an unprotected copy"
        ) from None
    except PDFSyntaxError as error:
        raise InputError(
            path, None, f"not a readable PDF ({error})", "check the file is complete"
        ) from None
    except Exception as error:  # pdfminer raises many kinds on a damaged file
        inner = error.args[0] if error.args else error  # pdfplumber wraps pdfminer's error
        name = type(inner).__name__
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or re.search(
            "password|encrypt", f"{name} {inner}", re.IGNORECASE
        ):
            raise InputError(
                path, None, "the PDF is encrypted (password-protected)", "save an unprotected copy"
            ) from None
        raise InputError(
            path, None, f"not a readable PDF ({name}: {error})"[:200], "check the file is complete"
        ) from None
    document = Document(path=path, kind="pdf")
    reader = _Reader(path)
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as error:  # a damaged page tree
            raise InputError(path, None, f"not a readable PDF ({error})"[:200]) from None
        if count > MAX_PAGES:
            raise InputError(
                path,
                None,
                f"the PDF has {count} pages, more than an action plan ({MAX_PAGES})",
                "extract the action plan's pages into a PDF of their own",
            )
        for number, page in enumerate(pdf.pages, 1):
            reader.budget.check(f"page {number}")
            try:
                reader.page(page, number, document.pieces)
            except InputError:
                raise
            except Exception as error:  # a damaged page
                raise InputError(
                    path, None, f"page {number} cannot be read ({type(error).__name__})"
                ) from None
            page.flush_cache()
    if reader.chars == 0:
        raise InputError(
            path,
            None,
            f"the PDF has no text layer ({count} pages of images: a scan)",
            "run OCR on it (e.g. ocrmypdf) or ask the board for the original document",
        )
    return document
