"""Real writers for test plans: a plan's paragraphs and tables as .docx, .xlsx and .pdf.

A plan to write is a list of pieces: ``Text(words, heading)`` lines and
``Table(rows)`` whose cells are lists of :class:`Para` paragraphs (runs of
words, bold or not, line breaks, bullets). ``seed_pieces`` reads a seed's
text (through the loaders' own rows stage) into such pieces, so a seed can be
written as Word, Excel and PDF files and loaded back.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from reviewgraph.loaders.detect import detect_layout
from reviewgraph.loaders.headers import classify_header
from reviewgraph.loaders.model import Row
from reviewgraph.loaders.rows import rows_for_layout
from reviewgraph.loaders.text import clean_text, normalise_space

__all__ = [
    "Para",
    "Text",
    "Table",
    "seed_pieces",
    "cell",
    "write_docx",
    "write_xlsx",
    "write_pdf",
]


@dataclass
class Para:
    """One paragraph of a cell: runs of (words, bold); ``None`` is a line break."""

    runs: list[tuple[str, bool] | None] = field(default_factory=list)
    bullet: bool = False

    @property
    def text(self) -> str:
        return "\n".join("".join(r[0] for r in part) for part in _split_breaks(self.runs))


def _split_breaks(runs):
    parts, current = [], []
    for run in runs:
        if run is None:
            parts.append(current)
            current = []
        else:
            current.append(run)
    parts.append(current)
    return parts


@dataclass
class Text:
    words: str
    heading: bool = False


@dataclass
class Table:
    rows: list[list[list[Para]]]
    #: (row, column, last row, last column) ranges to merge, 0-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: (row, column) -> RGB hex fill
    fills: dict[tuple[int, int], str] = field(default_factory=dict)


def cell(*paragraphs: str, bullets: bool = False) -> list[Para]:
    """A cell of plain paragraphs (bulleted when ``bullets``)."""
    return [Para([(p, False)], bullet=bullets) for p in paragraphs if p]


class _CellParser(HTMLParser):
    """A cell's HTML (``<p>``, ``<ul><li>``, ``<br/>``, ``<b>``) as paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paras: list[Para] = []
        self.current: Para | None = None
        self.bold = 0
        self.in_list = 0

    def _para(self) -> Para:
        if self.current is None:
            self.current = Para(bullet=self.in_list > 0)
            self.paras.append(self.current)
        return self.current

    def _close(self) -> None:
        self.current = None

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li", "div"):
            self._close()
        elif tag in ("ul", "ol"):
            self._close()
            self.in_list += 1
        elif tag == "br":
            self._para().runs.append(None)
        elif tag in ("b", "strong"):
            self.bold += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in ("p", "li", "div"):
            self._close()
        elif tag in ("ul", "ol"):
            self._close()
            self.in_list = max(0, self.in_list - 1)
        elif tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)

    def handle_data(self, data):
        if not data.strip() and self.current is None:
            return
        self._para().runs.append((data, self.bold > 0))


def _tidy(para: Para) -> Para | None:
    runs: list[tuple[str, bool] | None] = []
    for run in para.runs:
        if run is None:
            runs.append(None)
        else:
            runs.append((run[0].replace("\n", " "), run[1]))
    # Collapse spaces the way the loaders do, keeping run boundaries.
    text_runs = []
    for run in runs:
        if run is None:
            text_runs.append(None)
            continue
        words = " ".join(run[0].split())
        if run[0][:1].isspace() and words:
            words = " " + words
        if run[0][-1:].isspace() and words:
            words = words + " "
        if words:
            text_runs.append((words, run[1]))
    while text_runs and text_runs[-1] is None:
        text_runs.pop()
    while text_runs and text_runs[0] is None:
        text_runs.pop(0)
    if not any(r for r in text_runs if r is not None and r[0].strip()):
        return None
    first = next(i for i, r in enumerate(text_runs) if r is not None)
    text_runs[first] = (text_runs[first][0].lstrip(), text_runs[first][1])
    return Para(text_runs, bullet=para.bullet)


def parse_cell(raw: str) -> list[Para]:
    """A seed cell's markup as paragraphs."""
    parser = _CellParser()
    parser.feed(raw)
    parser.close()
    return [p for p in (_tidy(p) for p in parser.paras) if p is not None]


def seed_pieces(path: Path) -> list[Text | Table]:
    """A seed plan's title lines and tables, as written in its text."""
    text = path.read_text(encoding="utf-8")
    layout = detect_layout(text, str(path))
    if layout == "prose":
        return [Text(normalise_space(line)) for line in text.splitlines() if line.strip()]
    pieces: list[Text | Table] = []
    current_table = None
    for piece in rows_for_layout(layout, text, str(path)):
        if isinstance(piece, Row):
            if current_table is None or piece.first_in_table:
                current_table = Table(rows=[])
                pieces.append(current_table)
            current_table.rows.append([parse_cell(c.raw) for c in piece.cells])
        else:
            current_table = None
            words = clean_text(piece.text)
            heading = words.lstrip().startswith(("#", "**"))
            words = normalise_space(words.replace("**", "").lstrip("# "))
            if words:
                pieces.append(Text(words, heading=heading))
    for piece in pieces:
        if isinstance(piece, Table):
            width = max(len(r) for r in piece.rows)
            for row in piece.rows:
                row.extend([] for _ in range(width - len(row)))
    return pieces


# -- Word ---------------------------------------------------------------------------


def _docx_paragraph(paragraph, para: Para) -> None:
    for run in para.runs:
        if run is None:
            paragraph.add_run().add_break()
        else:
            paragraph.add_run(run[0]).bold = run[1] or None


def write_docx(pieces: list[Text | Table], out: Path) -> Path:
    """Write the pieces as a Word document: paragraphs, and tables with merges and fills."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for piece in pieces:
        if isinstance(piece, Text):
            if piece.heading:
                document.add_heading(piece.words, level=2)
            else:
                document.add_paragraph(piece.words)
            continue
        width = max(len(r) for r in piece.rows)
        table = document.add_table(rows=len(piece.rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(piece.rows):
            for c, paras in enumerate(row):
                target = table.cell(r, c)
                first = True
                for para in paras:
                    if first:
                        paragraph = target.paragraphs[0]
                        if para.bullet:
                            paragraph.style = document.styles["List Bullet"]
                        first = False
                    else:
                        paragraph = target.add_paragraph(
                            style="List Bullet" if para.bullet else None
                        )
                    _docx_paragraph(paragraph, para)
                if (r, c) in piece.fills:
                    shading = OxmlElement("w:shd")
                    shading.set(qn("w:val"), "clear")
                    shading.set(qn("w:fill"), piece.fills[(r, c)])
                    target._tc.get_or_add_tcPr().append(shading)
        for r1, c1, r2, c2 in piece.merges:
            table.cell(r1, c1).merge(table.cell(r2, c2))
        document.add_paragraph("")
    document.save(out)
    return out


# -- Excel --------------------------------------------------------------------------


def _cell_text(paras: list[Para]) -> str:
    lines = []
    for para in paras:
        text = para.text
        if para.bullet and not text.lstrip().startswith(("•", "●", "-")):
            text = "• " + text
        lines.append(text)
    return "\n".join(lines)


def _cell_rich_text(paras: list[Para]):
    """A cell's text, as rich text when some of its words are bold."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    if not any(r and r[1] for p in paras for r in p.runs):
        return _cell_text(paras)
    parts = []
    for index, para in enumerate(paras):
        if index:
            parts.append("\n")
        if para.bullet and not para.text.lstrip().startswith(("•", "●", "-")):
            parts.append("• ")
        for run in para.runs:
            if run is None:
                parts.append("\n")
            elif run[1]:
                parts.append(TextBlock(InlineFont(b=True), run[0]))
            else:
                parts.append(run[0])
    return CellRichText(*parts)


def write_xlsx(pieces: list[Text | Table], out: Path, *, sheets: dict[str, list] | None = None):
    """Write the pieces to one sheet (or ``sheets``: title -> pieces), blank rows between."""
    import openpyxl
    from openpyxl.styles import Alignment, PatternFill

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, sheet_pieces in (sheets or {"Action plan": pieces}).items():
        sheet = workbook.create_sheet(title)
        row = 1
        fields: list = []
        for piece in sheet_pieces:
            if isinstance(piece, Text):
                sheet.cell(row=row, column=1, value=piece.words)
                row += 2
                continue
            for r, cells in enumerate(piece.rows):
                header = classify_header([" ".join(p.text for p in paras) for paras in cells])
                fields = header or fields
                for c, paras in enumerate(cells):
                    if c < len(fields) and fields[c] == "owner":
                        # A cell's line breaks in Word are wraps of one name; Excel has
                        # only hard line breaks, so a wrapped name is written on one line.
                        paras = [Para([r or (" ", False) for r in p.runs], p.bullet) for p in paras]
                    text = _cell_rich_text(paras)
                    if c == 0 and not any(cells):
                        text = " "  # an empty row of the table, kept as one
                    target = sheet.cell(row=row + r, column=c + 1, value=text or None)
                    target.alignment = Alignment(wrap_text=True, vertical="top")
                    if (r, c) in piece.fills:
                        target.fill = PatternFill("solid", fgColor=piece.fills[(r, c)])
            for r1, c1, r2, c2 in piece.merges:
                sheet.merge_cells(
                    start_row=row + r1, start_column=c1 + 1, end_row=row + r2, end_column=c2 + 1
                )
            row += len(piece.rows) + 1
    workbook.save(out)
    return out


# -- PDF ----------------------------------------------------------------------------


# Bullets the PDF's standard fonts cannot draw, drawn as the one they can (both are bullets).
_PDF_GLYPHS = str.maketrans({"●": "•", "▪": "•", "◦": "•", "■": "•", "○": "•"})


def _pdf_markup(para: Para) -> str:
    parts = []
    for run in para.runs:
        if run is None:
            parts.append("<br/>")
        else:
            words = html.escape(run[0].translate(_PDF_GLYPHS), quote=False)
            parts.append(f"<b>{words}</b>" if run[1] else words)
    text = "".join(parts)
    if para.bullet and not para.text.lstrip().startswith(("•", "●")):
        text = "• " + text
    return text


def write_pdf(
    pieces: list[Text | Table],
    out: Path,
    *,
    font_size: float = 7.0,
    ruled: bool = True,
    split_rows: bool = False,
    repeat_header: bool = False,
) -> Path:
    """Write the pieces as a PDF with a text layer: ruled tables, wrapped cells."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A3, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable

    body = ParagraphStyle(
        "body", fontName="Helvetica", fontSize=font_size, leading=font_size * 1.2, spaceAfter=3
    )
    heading = ParagraphStyle(
        "heading",
        parent=body,
        fontName="Helvetica-Bold",
        fontSize=font_size + 3,
        leading=(font_size + 3) * 1.2,
        spaceAfter=6,
    )
    page = landscape(A3)
    document = SimpleDocTemplate(
        str(out),
        pagesize=page,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
    )
    flow = []
    usable = page[0] - 24 * mm
    for piece in pieces:
        if isinstance(piece, Text):
            flow.append(
                Paragraph(html.escape(piece.words, quote=False), heading if piece.heading else body)
            )
            continue
        width = max(len(r) for r in piece.rows)
        data = [
            [[Paragraph(_pdf_markup(p), body) for p in paras] or "" for paras in row]
            for row in piece.rows
        ]
        table = PdfTable(
            data,
            colWidths=[usable / width] * width,
            splitByRow=1,
            splitInRow=1 if split_rows else 0,
            repeatRows=1 if repeat_header else 0,
        )
        style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
        if ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        else:
            style += [("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
        for (r, c), fill in piece.fills.items():
            style.append(("BACKGROUND", (c, r), (c, r), colors.HexColor("#" + fill[-6:])))
        for r1, c1, r2, c2 in piece.merges:
            style.append(("SPAN", (c1, r1), (c2, r2)))
        table.setStyle(style)
        flow.append(table)
        flow.append(Spacer(1, 4 * mm))
    document.build(flow)
    return out
