"""The items stage for table layouts: rows become sections, recommendations and actions.

Every table layout shares this code. What differs between plans — which
column holds what, where a page break cut a row, how an agency is announced —
is recognised from the rows themselves:

* a header row is known by the meaning of its cells, wherever it stands;
* a row right after a repeated header (or at the top of a table with an empty
  header) that does not start a new item continues the row the page break cut;
* a row with an empty recommendation cell adds actions to the recommendation
  above it;
* a cell holding several steps is split, and the parallel lists of the other
  cells (dates, owners, statuses) are paired with the steps when they line up.

This module drives the stage; what it recognises lives in ``headers``,
``cells``, ``sections``, ``review_info``, ``numbering``, ``lists``,
``continuations`` and ``pairing``.
"""

from __future__ import annotations

import re
from itertools import zip_longest

from reviewgraph.graph.errors import InputError

from .cells import cell_blocks
from .continuations import (
    LogicalRow,
    SubRow,
    finishes_row_above,
    is_continuation,
    merge_continuation,
)
from .headers import classify_header, owner_names_agencies
from .line_kinds import heads_nothing, title_row
from .model import Block, DocumentItems, Row, SectionItem, TextLine, Unplaced
from .numbering import SUB
from .pairing import pair_items
from .review_info import progress_date, review_info
from .rows import rows_for_layout
from .sections import (
    KEY_LINE,
    STATUS_WORDS,
    looks_like_heading,
    name_section_agencies,
    names_an_organisation,
    section_agency,
)
from .status import rag_legend
from .text import clean_text, is_ditto

__all__ = ["table_items"]

# -- the stage ----------------------------------------------------------------------------

_CODED = re.compile(r"^([A-Z]{1,6}\d{1,3}(?:\.\d{1,3})*)[:.)]?\s+([A-Z].*)$", re.DOTALL)
_BARE_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[A-Z]{1,8}\d{1,3}(?:\.\d{1,3})*)\.?$")
_NAMED_NUMBER = re.compile(
    r"^(?:recommendation|rec\.?)\s*(?:no\.?\s*)?(\d{1,3}(?:\.\d{1,3})*[a-z]?|[A-Z]{2,10}\d{1,3})"
    r"\s*[:.)–-]\s*(\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


class _Builder:
    """Turns the row stream of one document into :class:`DocumentItems`."""

    def __init__(self, path: str, layout: str, text: str) -> None:
        self.path = path
        self.layout = layout
        self.text = text
        self.sections: list[SectionItem] = []
        self.unplaced: list[Unplaced] = []
        self.aliases: dict[str, str] = {}
        self.logical: list[LogicalRow] = []
        self.columns: list[str | None] | None = None
        self.as_of: str | None = None
        self.as_of_raw: str | None = None
        self.reports_progress = False
        self.owners_are_agencies = False
        #: recommendations opened so far, by printed number and by (number, words)
        self._by_ref: dict[str, LogicalRow] = {}
        self._by_text: dict[tuple[str, str], LogicalRow] = {}
        #: the header row just read, while the next row may finish its titles
        self._header_cells: list[str] | None = None
        self.title_lines: list[TextLine] = []
        #: every line above the first table (titles, headings, keys)
        self.preamble: list[TextLine] = []
        self.current_section: int | None = None
        self._section_opened = False
        self._last_rec: tuple[str, str, int | None] | None = None

    # sections
    def add_section(self, title: str, line: int, status: str | None = None) -> None:
        agency, aliases = section_agency(title)
        self.sections.append(
            SectionItem(
                title=clean_text(title).strip("*# "),
                agency=agency,
                aliases=aliases,
                line_start=line,
                line_end=line,
                status_raw=status,
            )
        )
        self.current_section = len(self.sections) - 1

    def run(self, pieces: list[Row | TextLine]) -> DocumentItems:
        seen_table = False
        boundary = False
        headerless = False
        pending_text: list[TextLine] = []
        for piece in pieces:
            if isinstance(piece, TextLine):
                pending_text.append(piece)
                continue
            raw_cells = [c.raw for c in piece.cells]
            header = classify_header(raw_cells)
            if self._header_cells is not None and title_row(raw_cells):
                # "LEAD" over "OFFICER", "TARGET" over "DATE": a header set on two rows.
                # A title spanning several columns ("Lead" over "Agency" and "Officer")
                # stands over each of them.
                above, spanned = [], ""
                for cell in self._header_cells:
                    spanned = clean_text(cell) or spanned
                    above.append(spanned)
                joined = [
                    f"{a if clean_text(b) else clean_text(t)} {clean_text(b)}".strip()
                    for t, a, b in zip_longest(self._header_cells, above, raw_cells, fillvalue="")
                ]
                merged = classify_header(joined)
                before = sum(1 for name in self.columns or [] if name)
                if merged is not None and sum(1 for name in merged if name) >= before:
                    header, raw_cells = merged, joined
            self._header_cells = raw_cells if header is not None else None
            if header is not None:
                self._flush_text(pending_text, before_header=True, seen_table=seen_table)
                pending_text = []
                self.columns = header
                self.owners_are_agencies = self.owners_are_agencies or owner_names_agencies(
                    raw_cells, header
                )
                stated = None if self.as_of else progress_date(raw_cells)
                if stated:
                    self.as_of, self.as_of_raw = stated
                self.reports_progress = self.reports_progress or bool(
                    {"status", "rag", "progress"} & set(header)
                    or any(re.match(r"\s*update", clean_text(c), re.I) for c in raw_cells)
                )
                seen_table = True
                boundary, headerless = True, False
                continue
            if not any(clean_text(c) for c in raw_cells):
                if piece.first_in_table:
                    self._flush_text(pending_text, before_header=False, seen_table=seen_table)
                    pending_text = []
                    boundary, headerless = True, True
                continue
            if self.columns is None:
                raise InputError(
                    self.path,
                    piece.line_start,
                    "table row before any header row",
                    "start the table with a header row naming its columns "
                    "(RECOMMENDATION, ACTION, BY WHEN, …)",
                )
            self._flush_text(pending_text, before_header=False, seen_table=seen_table)
            pending_text = []
            self._row(piece, boundary=boundary, headerless=headerless)
            boundary = headerless = False
        self._flush_text(pending_text, before_header=False, seen_table=seen_table, trailing=True)
        for logical in self.logical:
            logical.finish()
        recommendations = pair_items(self.logical, self.unplaced)
        info = review_info(
            self.text,
            self.title_lines,
            self.as_of,
            as_of_raw=self.as_of_raw,
            reports_progress=self.reports_progress,
            preamble=self.preamble,
        )
        name_section_agencies(self.sections, self.aliases, info.board, self.text)
        return DocumentItems(
            path=self.path,
            layout=self.layout,
            review=info,
            sections=self.sections,
            recommendations=recommendations,
            aliases=self.aliases,
            rag_legend=rag_legend(self.text),
            owners_are_agencies=self.owners_are_agencies,
            unplaced=sorted(self.unplaced, key=lambda u: u.line),
        )

    def _flush_text(
        self,
        lines: list[TextLine],
        *,
        before_header: bool,
        seen_table: bool,
        trailing: bool = False,
    ) -> None:
        if not lines:
            return
        if not seen_table:
            self.preamble.extend(lines)
        heading = None
        last = lines[-1].text
        dated = heads_nothing(last, [t.text for t in self.title_lines])
        if before_header and looks_like_heading(last) and not dated:
            heading = lines[-1]
        elif (
            seen_table
            and not trailing
            and not dated
            and looks_like_heading(last)
            and names_an_organisation(last)
        ):
            # "Fellmoor Police" on a line of its own between rows of a table: the
            # agency whose rows follow.
            heading = lines[-1]
        for line in lines:
            text = re.sub(r"\*\*|__", "", clean_text(line.text)).strip("*# ")
            if line is heading:
                self.add_section(line.text, line.line)
                continue
            key = KEY_LINE.match(text)
            if key and not seen_table:
                self.aliases[key.group(2)] = key.group(1)
                self.unplaced.append(
                    Unplaced(text=text, line=line.line, reason="decoration", what="key")
                )
            elif not seen_table:
                self.title_lines.append(line)
                note = re.match(r"^(nb|please note|for the|note)\b", text, re.IGNORECASE)
                what = "note" if note else "title"
                self.unplaced.append(
                    Unplaced(text=text, line=line.line, reason="decoration", what=what)
                )
            elif trailing:
                self.unplaced.append(
                    Unplaced(text=text, line=line.line, reason="decoration", what="signature")
                )
            elif any(text == clean_text(t.text).strip("*# ") for t in self.title_lines):
                # The plan's title again over its next sheet or page.
                self.unplaced.append(
                    Unplaced(text=text, line=line.line, reason="decoration", what="title")
                )
            else:
                self.unplaced.append(
                    Unplaced(
                        text=text, line=line.line, reason="unplaced", what="text between tables"
                    )
                )

    def _row(self, row: Row, *, boundary: bool, headerless: bool) -> None:
        columns = self.columns or []
        cells = list(row.cells)
        # A sub-item label printed in a column of its own ("ii." | text | …).
        if len(cells) == len(columns) + 1 and SUB.match(clean_text(cells[0].raw) + " x"):
            first, second = cells[0], cells[1]
            cells = [second.model_copy(update={"raw": f"{first.raw} {second.raw}"}), *cells[2:]]
        filled = max((i for i, c in enumerate(cells) if not c.is_empty), default=-1) + 1
        if filled > len(columns):
            raise InputError(
                self.path,
                row.line_start,
                f"ragged table row: {filled} cells where the header row has {len(columns)}",
                "check for a stray tab or |; give every row as many cells as the header row",
            )
        # Section rows: "4. Bexley Social Care | | | | All actions completed".
        first_text = clean_text(cells[0].raw) if cells else ""
        others = [clean_text(c.raw) for c in cells[1:] if clean_text(c.raw)]
        if (
            re.match(r"^\d{1,2}\.\s+\S", first_text)
            and len(first_text.split()) <= 12
            and not first_text.endswith(".")
            and len(others) <= 1
            and all(STATUS_WORDS.match(o) for o in others)
        ):
            self.add_section(first_text, row.line_start, status=others[0] if others else None)
            return
        if (
            not others
            and columns[:1] == ["ref"]
            and len(columns) > 2
            and first_text
            and not re.match(r"^\W*\d", first_text)
            and looks_like_heading(first_text)
            and not heads_nothing(first_text, [])
        ):
            # "Fellmoor Police" alone in the number column, the rest of its row empty:
            # a section row naming the agency whose rows follow.
            self.add_section(first_text, row.line_start)
            return
        fields: dict[str, list[Block]] = {}
        lists: set[str] = set()
        self._section_opened = False
        for name, cell in zip(columns, cells, strict=False):
            if cell.is_empty:
                continue
            raw = cell.raw
            if re.match(r"^\s*(<ul|<ol|<li|•|●)", raw) and name:
                lists.add(name)
            if name == "recommendation":
                raw = self._bold_section(raw, row.line_start)
            key = name or "unplaced"
            fields.setdefault(key, []).extend(
                cell_blocks(raw, cell.line_start, cell.line_end, split_breaks=name != "owner")
            )
        for block in fields.pop("unplaced", []):
            self.unplaced.append(
                Unplaced(
                    text=clean_text(block.text),
                    line=block.line_start,
                    what="cell of an unnamed column",
                )
            )
        target = self._own_columns(fields, row.line_start)
        if not any(fields.values()):
            return
        if target is not None:
            target.rows.append(
                SubRow(fields=fields, line_start=row.line_start, line_end=row.line_end)
            )
            return
        if (
            boundary
            and self.logical
            and not self._section_opened
            and is_continuation(fields, headerless, self._last_rec_text())
        ):
            merge_continuation(self.logical[-1], fields, row.line_end, lists)
            return
        if (
            self.logical
            and not self._section_opened
            and self.logical[-1].section == self.current_section
            and finishes_row_above(self.logical[-1], fields, lists)
        ):
            merge_continuation(self.logical[-1], fields, row.line_end, lists)
            return
        sub = SubRow(fields=fields, line_start=row.line_start, line_end=row.line_end)
        if not fields.get("recommendation") and self.logical:
            if self.logical[-1].section == self.current_section:
                self.logical[-1].rows.append(sub)
                return
        self.logical.append(LogicalRow(section=self.current_section, rows=[sub]))
        opened = fields.get("recommendation") or []
        if opened and opened[0].label and self._last_rec:
            self._by_ref.setdefault(opened[0].label, self.logical[-1])
            ref, text, _ = self._last_rec
            if ref and text:
                self._by_text.setdefault((ref, text), self.logical[-1])

    def _last_rec_text(self) -> str | None:
        for sub in reversed(self.logical[-1].rows if self.logical else []):
            blocks = sub.fields.get("recommendation")
            if blocks:
                return clean_text(blocks[-1].text)
        return None

    def _own_columns(self, fields: dict[str, list[Block]], line: int) -> LogicalRow | None:
        """Columns of their own for a number, an addressee and a scope.

        A "No." column numbers the recommendation beside it; an "Addressed to"
        column opens a section for each agency it names; a row that repeats the
        recommendation above (one row per action) adds actions to it.

        Returns the recommendation read earlier whose actions the row adds to, when
        that is not the one above it (a "Rec No." naming it, the same one on another
        sheet).
        """
        refs = fields.pop("ref", [])
        agency = fields.pop("agency", [])
        for what in ("scope", "finding"):
            for block in fields.pop(what, []):
                self.unplaced.append(
                    Unplaced(
                        text=clean_text(block.text),
                        line=block.line_start,
                        reason="decoration",
                        what=what,
                    )
                )
        name = " ".join(clean_text(b.text) for b in agency).strip()
        # Only a row that gives a recommendation says whom it is addressed to; on a row
        # of further actions the column names the owner's agency.
        if name and not is_ditto(name) and fields.get("recommendation"):
            current = (
                self.sections[self.current_section] if self.current_section is not None else None
            )
            if current is None or clean_text(current.title) != name:
                self.add_section(name, line)
                self._section_opened = True
        recs = fields.get("recommendation", [])
        ref = (
            re.sub(
                r"^(recommendation|rec)\.?\s*",
                "",
                " ".join(clean_text(b.text) for b in refs),
                flags=re.IGNORECASE,
            )
            .strip()
            .rstrip(".")
            .strip()
        )
        text = " ".join(clean_text(b.text) for b in recs)
        target: LogicalRow | None = None
        if refs and not recs and ref and not is_ditto(ref):
            last = self._last_rec[0] if self._last_rec else None
            if ref != last and ref in self._by_ref and "recommendation" not in (self.columns or []):
                # A table of actions whose "Rec No." names a recommendation of the table
                # of recommendations above it: the actions are that recommendation's.
                target = self._by_ref[ref]
            elif ref != last:
                # A number on a row of further actions ("Action no." 2) that is not the
                # recommendation's: no field holds it, so it is reported, never dropped.
                self.unplaced.extend(
                    Unplaced(
                        text=clean_text(block.text),
                        line=block.line_start,
                        what="number of a row with no recommendation",
                    )
                    for block in refs
                )
        key = (ref, text, self.current_section)
        if recs and self._last_rec == key and (ref or text):
            del fields["recommendation"]
        elif recs and ref and text and (ref, text) in self._by_text:
            # The same recommendation again, on another sheet (its closed actions).
            del fields["recommendation"]
            return self._by_text[(ref, text)]
        elif recs and ref and not is_ditto(ref):
            recs[0] = recs[0].model_copy(update={"label": re.sub(r"\s+", "", ref)})
        elif recs:
            # "Recommendation 3: …" in the cell itself: the number, without the word.
            named = _NAMED_NUMBER.match(clean_text(recs[0].text))
            if named:
                recs[0] = recs[0].model_copy(
                    update={"label": named.group(1), "text": named.group(2)}
                )
            elif not refs and (coded := _CODED.match(clean_text(recs[0].text))):
                # "AFI1 Sharing of risk information …": the item's code, then its words.
                recs[0] = recs[0].model_copy(
                    update={"label": coded.group(1), "text": coded.group(2)}
                )
            elif len(recs) == 1 and _BARE_NUMBER.match(clean_text(recs[0].text)):
                # A "Rec" column of numbers only (a tracker that repeats no wording): the
                # recommendation's number, and all the words the plan gives for it.
                recs[0] = recs[0].model_copy(update={"label": clean_text(recs[0].text).rstrip(".")})
        if recs:
            self._last_rec = key
        return target

    def _bold_section(self, raw: str, line: int) -> str:
        """Take a bold agency header (``<b><u>Housing RBK</u></b>``) off the front of a cell."""
        found = bold_header(raw)
        if found is None:
            return raw
        title = clean_text(found[0])
        if not title or len(title.split()) > 8:
            return raw
        self.add_section(title, line)
        self._section_opened = True
        return raw[found[1] :]


_BOLD_OPEN = re.compile(r"\s*+(?:<p>)?\s*+<b>\s*+(?:<u>)?", re.IGNORECASE)
_BOLD_CLOSE = re.compile(r"</b>", re.IGNORECASE)
_UNDERLINE_CLOSE = re.compile(r"</u>", re.IGNORECASE)
_AFTER_BOLD = re.compile(r"\s*+(?:<br\s*+/?>)?", re.IGNORECASE)


def bold_header(raw: str) -> tuple[str, int] | None:
    """The words of a bold header opening a cell, and where the rest of the cell starts.

    What ``^\\s*(?:<p>)?\\s*<b>\\s*(?:<u>)?(.*?)(?:</u>)?\\s*</b>\\s*(?:<br\\s*/?>)?``
    matches, found by scanning: as a regular expression it backtracks over
    every way to share a run of spaces between its ``\\s*`` parts.

    Examples
    --------
    >>> bold_header("<p><b><u>Housing RBK</u></b><br/>1. Text")
    ('Housing RBK', 33)
    >>> bold_header("<b>" + " " * 5) is None
    True
    """
    opening = _BOLD_OPEN.match(raw)
    if opening is None:
        return None
    start = opening.end()
    closing = _BOLD_CLOSE.search(raw, start)
    if closing is None:
        return None
    # The words end before the spaces (and a "</u>") in front of "</b>".
    end = closing.start()
    while end > start and raw[end - 1].isspace():
        end -= 1
    if end - 4 >= start and _UNDERLINE_CLOSE.fullmatch(raw, end - 4, end):
        end -= 4
    rest = _AFTER_BOLD.match(raw, closing.end())
    return raw[start:end], rest.end() if rest else closing.end()


def table_items(text: str, path: str, layout: str) -> DocumentItems:
    """Run the rows and items stages of a table layout.

    Raises
    ------
    InputError
        When a table is malformed (ragged rows, rows before any header).

    Examples
    --------
    >>> items = table_items("RECOMMENDATION\\tACTION\\tBY WHEN\\n1. Audit\\tRun it\\tMay 2010\\n",
    ...     "plan.txt", "tab")
    >>> [(r.ref, r.text, [a.due_raw for a in r.actions]) for r in items.recommendations]
    [('1', 'Audit', ['May 2010'])]
    """
    pieces = rows_for_layout(layout, text, path)
    return _Builder(path, layout, text).run(pieces)
