"""Word .docx plans: paragraphs and tables in reading order, with merges, lists and colours.

The body is walked in order, so headings and paragraphs between tables stand
where the author put them. Each table cell becomes HTML: a ``<p>`` per
paragraph, ``<ul><li>`` for bulleted paragraphs, ``<br/>`` for line breaks,
and the number Word's automatic numbering would print ("3.", "b)"), which the
XML does not hold as text. Merged cells are marked on the cells they cover;
a cell's fill colour is kept when it is a RAG rating. Word records where the
pages broke when it last saved the file; when it did, items get a page.
"""

from __future__ import annotations

import re
from typing import Any

from reviewgraph.graph.errors import InputError

from .colours import rag_of_colour
from .document import Document, Grid, GridCell, Paragraph, Place
from .limits import Budget, check_zip
from .render import escape

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_TABLE_ROWS = 20_000


def _attr(element: Any, name: str) -> str | None:
    return element.get(f"{_W}{name}") if element is not None else None


def _on(element: Any) -> bool:
    """A Word on/off property (``<w:b/>``, ``<w:b w:val="0"/>``)."""
    if element is None:
        return False
    return (_attr(element, "val") or "true").lower() not in ("0", "false", "off", "none")


def _roman(number: int) -> str:
    pairs = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = ""
    for value, letters in pairs:
        while number >= value:
            out += letters
            number -= value
    return out


def _letters(number: int) -> str:
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _format(number: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letters(number)
    if fmt in ("upperLetter",):
        return _letters(number).upper()
    if fmt == "lowerRoman":
        return _roman(number)
    if fmt == "upperRoman":
        return _roman(number).upper()
    if fmt in ("none", "bullet"):
        return ""
    return str(number)


class _Numbering:
    """Word's automatic numbering: the label each numbered paragraph shows."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                level = int(_attr(lvl, "ilvl") or 0)
                fmt = _attr(lvl.find(f"{_W}numFmt"), "val") or "decimal"
                text = _attr(lvl.find(f"{_W}lvlText"), "val") or ""
                start = int(_attr(lvl.find(f"{_W}start"), "val") or 1)
                levels[level] = (fmt, text, start)
            abstract[_attr(node, "abstractNumId") or ""] = levels
        for num in root.findall(f"{_W}num"):
            num_id = _attr(num, "numId") or ""
            base = _attr(num.find(f"{_W}abstractNumId"), "val") or ""
            for level, value in abstract.get(base, {}).items():
                self.levels[(num_id, level)] = value
            for override in num.findall(f"{_W}lvlOverride"):
                level = int(_attr(override, "ilvl") or 0)
                start = override.find(f"{_W}startOverride")
                if start is not None and (num_id, level) in self.levels:
                    fmt, text, _ = self.levels[(num_id, level)]
                    self.levels[(num_id, level)] = (fmt, text, int(_attr(start, "val") or 1))

    def label(self, num_id: str, level: int) -> tuple[str, bool]:
        """The label of the next paragraph of list ``num_id`` at ``level``; True for bullets."""
        found = self.levels.get((num_id, level))
        if found is None:
            return "", False
        fmt, text, _ = found
        if fmt == "bullet":
            return "", True
        counters = self.counters.setdefault(num_id, [0] * 9)
        level = min(level, 8)
        if counters[level] == 0:
            counters[level] = self.levels[(num_id, level)][2]
        else:
            counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0

        def value(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            fmt_at = self.levels.get((num_id, index), ("decimal", "", 1))[0]
            number = counters[index] or self.levels.get((num_id, index), ("", "", 1))[2]
            return _format(number, fmt_at)

        return re.sub(r"%(\d)", value, text).strip(), False


class _Reader:
    def __init__(self, path: str, document: Any) -> None:
        self.path = path
        self.document = document
        self.numbering = _Numbering(document)
        self.style_numbering: dict[str, tuple[str, int] | None] = {}
        self.style_info: dict[str, tuple[bool, bool]] = {}
        self.page = 1
        self.has_pages = False
        self.tables = 0
        self.paragraphs = 0
        self.budget = Budget(path)

    # -- paragraphs ------------------------------------------------------------
    def _style(self, p: Any) -> tuple[str, tuple[str, int] | None, bool, bool]:
        style_id = _attr(p.find(f"{_W}pPr/{_W}pStyle"), "val") or ""
        if style_id not in self.style_info:
            heading = bold = False
            numbering = None
            try:
                style = self.document.styles.element.get_by_id(style_id) if style_id else None
            except (KeyError, AttributeError):
                style = None
            name = ""
            depth = 0
            while style is not None and depth < 10:
                depth += 1
                name = name or (style.name_val or "")
                rpr = style.find(f"{_W}rPr")
                if rpr is not None and rpr.find(f"{_W}b") is not None:
                    bold = bold or _on(rpr.find(f"{_W}b"))
                num_pr = style.find(f"{_W}pPr/{_W}numPr")
                if num_pr is not None and numbering is None:
                    num_id = _attr(num_pr.find(f"{_W}numId"), "val")
                    level = int(_attr(num_pr.find(f"{_W}ilvl"), "val") or 0)
                    if num_id:
                        numbering = (num_id, level)
                based = style.find(f"{_W}basedOn")
                parent = _attr(based, "val")
                style = self.document.styles.element.get_by_id(parent) if parent else None
            heading = bool(re.match(r"(heading|title|subtitle)", name or style_id, re.I))
            self.style_info[style_id] = (heading, bold)
            self.style_numbering[style_id] = numbering
        heading, bold = self.style_info[style_id]
        return style_id, self.style_numbering[style_id], heading, bold

    def paragraph(self, p: Any) -> tuple[str, str, bool, bool, bool]:
        """(text as HTML, plain text, is bullet, is heading, all bold) of one ``w:p``."""
        style_id, style_numbering, heading, style_bold = self._style(p)
        pieces: list[str] = []
        bolds: list[bool] = []
        plain: list[str] = []
        bold_chars = chars = 0
        for node in p.iter():
            tag = node.tag
            if tag == f"{_W}lastRenderedPageBreak":
                self.page += 1
                self.has_pages = True
            elif tag == f"{_W}br":
                if _attr(node, "type") == "page":
                    self.page += 1
                    self.has_pages = True
                else:
                    pieces.append("<br/>")
                    bolds.append(False)
                    plain.append("\n")
            elif tag == f"{_W}cr":
                pieces.append("<br/>")
                bolds.append(False)
                plain.append("\n")
            elif tag == f"{_W}tab":
                if node.getparent() is not None and node.getparent().tag == f"{_W}r":
                    pieces.append(" ")
                    bolds.append(True)
                    plain.append(" ")
            elif tag == f"{_W}t" and node.text:
                run = node.getparent()
                rpr = run.find(f"{_W}rPr") if run is not None else None
                bold = (
                    style_bold
                    if rpr is None or rpr.find(f"{_W}b") is None
                    else _on(rpr.find(f"{_W}b"))
                )
                pieces.append(escape(node.text))
                bolds.append(bold or not node.text.strip())
                plain.append(node.text)
                if node.text.strip():
                    chars += len(node.text.strip())
                    bold_chars += len(node.text.strip()) if bold else 0
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        numbering = None
        if num_pr is not None:
            num_id = _attr(num_pr.find(f"{_W}numId"), "val")
            level = int(_attr(num_pr.find(f"{_W}ilvl"), "val") or 0)
            if num_id and num_id != "0":
                numbering = (num_id, level)
        else:
            numbering = style_numbering
        bullet = False
        if "<br/>" in pieces and bold_lead(pieces, bolds):
            # A bold first line above the rest ("Police" over its first item) is a heading.
            cut = pieces.index("<br/>")
            pieces = ["<b>", *pieces[:cut], "</b>", *pieces[cut:]]
        text_html = "".join(pieces).strip()
        plain_text = "".join(plain).strip()
        if numbering and plain_text:
            label, bullet = self.numbering.label(*numbering)
            if label:
                text_html = f"{escape(label)} {text_html}"
                plain_text = f"{label} {plain_text}"
        del style_id
        return text_html, plain_text, bullet, heading, chars > 0 and bold_chars == chars

    # -- cells -----------------------------------------------------------------
    def cell_html(self, tc: Any) -> str:
        blocks: list[tuple[str, str, bool, bool]] = []
        for child in tc.iter(f"{_W}p"):
            if child.getparent() is not None and child.getparent().tag == f"{_W}txbxContent":
                continue
            html_text, plain, bullet, _, bold = self.paragraph(child)
            if plain:
                blocks.append((html_text, plain, bullet, bold))
        return cell_markup(blocks)

    def table(self, tbl: Any) -> Grid:
        self.tables += 1
        number = self.tables
        start_page = self.page
        rows: list[list[GridCell]] = []
        for row_number, tr in enumerate(tbl.findall(f"{_W}tr"), 1):
            if row_number > _MAX_TABLE_ROWS:
                raise InputError(
                    self.path,
                    None,
                    f"table {number} has more than {_MAX_TABLE_ROWS} rows",
                    "a plan's table is not this long; export the plan on its own",
                )
            if row_number % 200 == 0:
                self.budget.check(f"table {number}, row {row_number}")
            cells: list[GridCell] = []
            before = _attr(tr.find(f"{_W}trPr/{_W}gridBefore"), "val")
            for _ in range(int(before or 0)):
                cells.append(GridCell("", self._place(number, row_number, len(cells) + 1)))
            tcs = tr.findall(f"{_W}tc") + tr.findall(f"{_W}sdt/{_W}sdtContent/{_W}tc")
            for tc in tcs:
                tc_pr = tc.find(f"{_W}tcPr")
                span = (
                    int(_attr(tc_pr.find(f"{_W}gridSpan"), "val") or 1) if tc_pr is not None else 1
                )
                merge = tc_pr.find(f"{_W}vMerge") if tc_pr is not None else None
                above = merge is not None and (_attr(merge, "val") or "continue") == "continue"
                shade = tc_pr.find(f"{_W}shd") if tc_pr is not None else None
                rag = rag_of_colour(_attr(shade, "fill")) if shade is not None else None
                place = self._place(number, row_number, len(cells) + 1)
                html_text = "" if above else self.cell_html(tc)
                cells.append(GridCell(html_text, place, above=above, rag=rag))
                for _ in range(span - 1):
                    cells.append(
                        GridCell(
                            "",
                            self._place(number, row_number, len(cells) + 1),
                            left=True,
                            above=above,
                        )
                    )
            rows.append(cells)
        width = max((len(r) for r in rows), default=0)
        for row_number, row in enumerate(rows, 1):
            while len(row) < width:
                row.append(GridCell("", self._place(number, row_number, len(row) + 1)))
        return Grid(rows, Place(page=self._page(start_page), table=number))

    def _page(self, page: int) -> int | None:
        return page if self.has_pages else None

    def _place(self, table: int, row: int, column: int) -> Place:
        return Place(page=self._page(self.page), table=table, row=row, cell=str(column))

    # -- body ------------------------------------------------------------------
    def pieces(self) -> list[Paragraph | Grid]:
        body = self.document.element.body
        out: list[Paragraph | Grid] = []
        self._walk(body, out)
        return out

    def _walk(self, parent: Any, out: list[Paragraph | Grid]) -> None:
        for child in parent.iterchildren():
            if child.tag == f"{_W}p":
                self.paragraphs += 1
                html_text, plain, bullet, heading, bold = self.paragraph(child)
                if plain:
                    place = Place(page=self._page(self.page), paragraph=self.paragraphs)
                    marked = f"<li>{html_text}</li>" if bullet else html_text
                    out.append(Paragraph(marked, place, heading=heading or bold))
            elif child.tag == f"{_W}tbl":
                out.append(self.table(child))
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self._walk(content, out)


def bold_lead(pieces: list[str], bolds: list[bool]) -> bool:
    """Whether the words before a paragraph's first line break are all bold and short.

    Examples
    --------
    >>> bold_lead(["Police", "<br/>", "1. Audit"], [True, False, False])
    True
    """
    cut = pieces.index("<br/>")
    words = "".join(pieces[:cut]).split()
    return (
        0 < len(words) <= 8
        and all(bolds[:cut])
        and not re.match(r"^\W*(\d|recommendation|action|rec\b)", words[0], re.I)
    )


def cell_markup(blocks: list[tuple[str, str, bool, bool]]) -> str:
    """A cell's paragraphs as HTML: ``<p>`` each, bulleted runs in one ``<ul>``.

    A first paragraph that is bold, short and followed by more is a heading
    inside the cell (an agency's name above its first recommendation) and
    keeps its ``<b>``; other bold words are not marked.

    Examples
    --------
    >>> cell_markup([("Police", "Police", False, True), ("1. Audit", "1. Audit", False, False)])
    '<p><b>Police</b></p> <p>1. Audit</p>'
    >>> cell_markup([("a", "a", True, False), ("b", "b", True, False)])
    '<ul><li>a</li><li>b</li></ul>'
    """
    out: list[str] = []
    items: list[str] = []
    for index, (html_text, plain, bullet, bold) in enumerate(blocks):
        if re.match("^\\s*[\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8]", plain):
            # A bullet typed in Word's Symbol font: the private-use letter is a bullet.
            html_text = re.sub("^\\s*[\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8]\\s*", "• ", html_text)
            bullet = True
        if bullet or re.match(r"^\s*[•●▪◦■□○◆►▸‣⁃]", plain):
            items.append(f"<li>{html_text}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        heading = (
            index == 0
            and bold
            and len(blocks) > 1
            and len(plain.split()) <= 8
            and not re.match(
                r"^\W*(\d|[ivx]+[.)]|[a-z][.)]|recommendation|action|rec\b)", plain, re.I
            )
        )
        out.append(f"<p><b>{html_text}</b></p>" if heading else f"<p>{html_text}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return " ".join(out)


def read_docx(path: str) -> Document:
    """Read a Word plan into paragraphs and grids.

    Raises
    ------
    InputError
        When the file is damaged, truncated, password-protected, not a Word
        document, or unpacks to more than a plan can be.
    """
    check_zip(path, "Word document", "word/document.xml")
    import docx  # noqa: PLC0415  (python-docx is only needed for Word files)

    try:
        document = docx.Document(path)
    except Exception as error:  # python-docx raises many kinds on a damaged file
        raise InputError(
            path,
            None,
            f"not a readable Word document ({type(error).__name__}: {error})"[:200],
            "open it in Word and save it again as .docx",
        ) from None
    reader = _Reader(path, document)
    return Document(path=path, kind="docx", pieces=reader.pieces())
