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
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field

from reviewgraph.graph.errors import InputError

from .model import (
    ActionItem,
    Block,
    DocumentItems,
    RecommendationItem,
    ReviewInfo,
    Row,
    SectionItem,
    TextLine,
    Unplaced,
)
from .roles import split_roles
from .rows import rows_for_layout
from .status import split_statuses
from .text import clean_text, is_ditto, split_steps

__all__ = [
    "is_abbreviation_variant",
    "classify_header",
    "table_items",
    "review_info",
    "split_due_list",
    "split_status_list",
    "section_agency",
]

# -- columns ------------------------------------------------------------------

_COLUMNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in [
        ("evidence", r"^(actions? completed with evidence|(description of )?evidence)"),
        ("status", r"^status\b"),
        ("rag", r"^rag\b"),
        ("recommendation", r"^(recommendations?|rec(ommendation)?\.? no)\b"),
        ("outcome", r"^(outcomes?|what do we intend)\b"),
        ("action", r"^(actions?( required)?|update|what are we going to do|tasks?)\b"),
        ("due", r"^(timescales?|by when|completion date|target date|deadline|due date|when)\b"),
        ("owner", r"^(responsible|by whom|lead officers?|lead|owner|who)\b"),
        ("progress", r"^(progress|monitoring|comments?)\b"),
    ]
]


def classify_header(cells: list[str]) -> list[str | None] | None:
    """Map each header cell to a field name, or None when the row is not a header.

    Examples
    --------
    >>> classify_header(["RECOMMENDATION", "ACTION", "BY WHEN", "RESPONSIBLE"])
    ['recommendation', 'action', 'due', 'owner']
    >>> classify_header(["1. Audit", "Run an audit", "May 2010"]) is None
    True
    """
    fields: list[str | None] = []
    for cell in cells:
        text = clean_text(cell)
        fields.append(next((name for name, rx in _COLUMNS if rx.search(text)), None))
    named = [f for f in fields if f]
    filled = [c for c in cells if clean_text(c)]
    if len(named) < 2 or not ({"recommendation", "action"} & set(named)):
        return None
    if len(named) < len(filled) - 1:
        return None
    return fields


_AS_AT = re.compile(r"\bas (?:at|of)\s+(\d{1,2})[./](\d{1,2})[./](\d{2,4})", re.IGNORECASE)


def _as_at(cells: list[str]) -> str | None:
    for cell in cells:
        match = _AS_AT.search(clean_text(cell))
        if match:
            day, month, year = (int(g) for g in match.groups())
            year = year + 2000 if year < 100 else year
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return None
    return None


# -- cells into blocks ---------------------------------------------------------

_BLOCK_TAGS = re.compile(r"</?(?:p|li|ul|ol|div)\b[^>]*>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def _pieces(raw: str, *, split_breaks: bool = True) -> list[str]:
    """Paragraph-level pieces of a cell: ``<p>``, ``<li>`` and (optionally) ``<br/>``."""
    text = _BREAK.sub("\x00" if split_breaks else " ", raw)
    text = _BLOCK_TAGS.sub("\x00", text)
    out = []
    for part in text.split("\x00"):
        part = html.unescape(_TAG.sub("", part))
        part = re.sub(r"\s+", " ", part).strip()
        if part:
            out.append(part)
    return out


def _blocks(cell_raw: str, line_start: int, line_end: int, *, split_breaks: bool = True):
    return [
        Block(text=p, line_start=line_start, line_end=line_end)
        for p in _pieces(cell_raw, split_breaks=split_breaks)
    ]


def _join(blocks: list[Block], separator: str = " ") -> str | None:
    text = separator.join(clean_text(b.text) for b in blocks if clean_text(b.text))
    return text or None


def _span(blocks: list[Block]) -> tuple[int, int]:
    return min(b.line_start for b in blocks), max(b.line_end for b in blocks)


# -- sections ------------------------------------------------------------------

_BOARD_WORDS = re.compile(
    r"\b([A-Z]{0,3}SC[BP]|Safeguarding (Children|Adults)['’]?s? (Board|Partnership)|the Board)\b"
)
_NUMBERED_HEADING = re.compile(r"^\s*(\d{1,2})\.?\s+(\S.*)$")
_STATUS_WORDS = re.compile(
    r"^(all actions? (completed?|complete)|complete[d]?|in progress|ongoing|delayed|"
    r"not started|green|amber|red)\b",
    re.IGNORECASE,
)


def section_agency(title: str) -> tuple[str, list[str]]:
    """The agency a section title names, and the aliases the title gives.

    Examples
    --------
    >>> section_agency("4. BHFT Actions")
    ('BHFT', [])
    >>> section_agency("3. Dartford & Gravesham NHS Trust (hospital 1)")
    ('Dartford & Gravesham NHS Trust', ['hospital 1'])
    >>> section_agency("2. Specific Recommendations to Bexley LSCB")
    ('Bexley LSCB', [])
    """
    name = clean_text(title).strip("*# ")
    name = _NUMBERED_HEADING.sub(r"\2", name)
    aliases: list[str] = []
    match = re.search(r"\s*\(([^)]+)\)\s*$", name)
    if match:
        aliases.append(match.group(1).strip())
        name = name[: match.start()]
    name = re.sub(
        r"^(general|specific)\s+(actions|recommendations)\s+(by|to|for)\s+",
        "",
        name,
        flags=re.IGNORECASE,
    )
    name = re.sub(r"\s*&\s*partner agencies$", "", name, flags=re.IGNORECASE)
    name = re.sub(r"\s+(actions?|recommendations?)$", "", name, flags=re.IGNORECASE)
    return name.strip(" :-–") or clean_text(title), aliases


_TITLE_WORDS = re.compile(
    r"(action plan|serious case review|executive summary|key to|multi-agency|inter-agency|"
    r"monitoring version|^\W*$)",
    re.IGNORECASE,
)


def _looks_like_heading(text: str) -> bool:
    words = clean_text(text).strip("*# ").split()
    if not words or len(words) > 14:
        return False
    if text.rstrip().endswith((".", ";", ",")) and not _NUMBERED_HEADING.match(text):
        return False
    return not _TITLE_WORDS.search(clean_text(text))


# -- agency names ----------------------------------------------------------------

# Local-authority prefixes that a section adds to a name the key gives without them.
_AUTHORITY_PREFIX = re.compile(r"^(?:[A-Z]{2,5}|LA|the)\s+", re.IGNORECASE)


def _core_name(name: str) -> str:
    name = _AUTHORITY_PREFIX.sub("", clean_text(name)).lower().replace("’", "'")
    return re.sub(r"s\b", "", name).strip()


def is_abbreviation_variant(token: str, abbreviation: str) -> bool:
    """HWPHT and HWPHFT are spellings of HWPH; RWBM of RBWM (letters transposed)."""
    if token == abbreviation:
        return True
    if token.startswith(abbreviation) and len(token) - len(abbreviation) <= 2:
        return set(token[len(abbreviation) :]) <= set("TFN")
    return len(token) == len(abbreviation) >= 4 and sorted(token) == sorted(abbreviation)


def _same_agency(section: str, abbreviation: str, full: str) -> bool:
    """Whether a section title and a key entry ("Full Name (ABBR)") name one organisation.

    Examples
    --------
    >>> _same_agency("HWPHT", "HWPH", "Wexham Park Hospital")
    True
    >>> _same_agency("RWBM Family Support Services", "FSS", "LA Family Support Service")
    True
    >>> _same_agency("BHFT", "BECHS", "East Berks Community Health Services")
    False
    """
    if is_abbreviation_variant(section.strip(), abbreviation):
        return True
    return _core_name(section) == _core_name(full)


_GENERIC_AGENCY_WORDS = frozenset(
    "police constabulary housing health education children's children childrens adult adults "
    "social care services service primary commissioners commissioning probation nhs hospital "
    "school schools youth offending team early help community mental and & the of".split()
)


def _is_generic(name: str) -> bool:
    """True for names any area could use ("Police", "Primary Care", "Health Commissioners")."""
    words = clean_text(name).lower().replace("’", "'").split()
    return bool(words) and all(w in _GENERIC_AGENCY_WORDS for w in words)


def _place(board: str | None) -> str | None:
    """The area a board serves: "Kingston" of "Kingston Local Safeguarding Children Board"."""
    if not board:
        return None
    match = _BOARD.search(board)
    place = board[: match.start()].strip() if match else ""
    return place or None


def _variants_in_text(text: str, names: list[str]) -> set[str]:
    """Spellings of an abbreviation that the plan uses elsewhere (HWPHFT beside HWPHT)."""
    found: set[str] = set()
    abbreviations = [n for n in names if re.fullmatch(r"[A-Z]{3,6}", n)]
    if not abbreviations:
        return found
    for token in set(re.findall(r"\b[A-Z]{3,8}\b", text)):
        if any(is_abbreviation_variant(token, a) for a in abbreviations):
            found.add(token)
    return found


# -- review --------------------------------------------------------------------

_BOARD = re.compile(
    r"(local\s+)?safeguarding\s+(children|adults)['’]?s?\s+(board|partnership)", re.IGNORECASE
)
_KINDS = [
    "Serious Case Review",
    "Child Safeguarding Practice Review",
    "Safeguarding Adults Review",
    "Domestic Homicide Review",
    "Learning Review",
]
_SUBJECT = re.compile(r"\b((?:Baby|Child|Infant|Young Person|Family)\s+[A-Z])\b")
_SUBJECT_AGED = re.compile(r"\b(Child aged [\w ]+?)\s*$", re.IGNORECASE | re.MULTILINE)
_MONTH_YEAR = re.compile(
    r"\b((?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(?:19|20)\d{2})\b"
)


def _board_name(text: str) -> str | None:
    flat = re.sub(r"[*#]+", " ", text)
    flat = re.sub(r"\s+", " ", flat)
    match = _BOARD.search(flat)
    if not match:
        return None
    words = flat[: match.start()].split()
    place: list[str] = []
    for word in reversed(words[-6:]):
        if word[:1].isupper() or word.lower() in {"and", "&", "upon", "-"}:
            place.insert(0, word)
        else:
            break
    while place and place[0].lower() in {"and", "&", "upon", "-"}:
        place.pop(0)
    board = match.group(0)
    if board.isupper():
        board = board.title()
    board = re.sub(r"\s+", " ", board)
    board = board[0].upper() + board[1:]
    return " ".join([*place, board]).strip()


def review_info(text: str, title_lines: list[TextLine], as_of: str | None) -> ReviewInfo:
    """What the plan says about its review: board, subject, kind and dates.

    Examples
    --------
    >>> info = review_info("Bexley Local Safeguarding Children Board\\nSerious Case Review"
    ...     "\\nChild A\\n", [], None)
    >>> info.board, info.kind, info.subject
    ('Bexley Local Safeguarding Children Board', 'Serious Case Review', 'Child A')
    """
    head = "\n".join(line.text for line in title_lines) or text[:3000]
    board = _board_name(head) or _board_name(text)
    kind = next((k for k in _KINDS if k.lower() in text.lower()), None)
    subject_match = _SUBJECT.search(head) or _SUBJECT.search(text[:5000])
    aged = _SUBJECT_AGED.search(head)
    subject = aged.group(1).strip() if aged else (subject_match.group(1) if subject_match else None)
    plan_date = _MONTH_YEAR.search(head)
    title = None
    for line in title_lines:
        words = re.sub(r"\*\*|__", "", clean_text(line.text)).strip("*# ")
        if re.search(r"review|action plan", words, re.IGNORECASE) and len(words.split()) > 3:
            title = words
            break
    if title is None:
        parts = [p for p in (kind, subject) if p]
        title = " – ".join(parts) if parts else (board or "Action plan")
        if board and kind:
            title = f"{board}: {title}"
    else:
        if subject and subject.lower() not in title.lower():
            title = f"{title} – {subject}"
        place = _place(board)
        # A printed title rarely names the board; across many plans it must.
        if board and not (place and place.lower() in title.lower()):
            title = f"{board}: {title}"
    start = title_lines[0].line if title_lines else 1
    end = title_lines[-1].line if title_lines else 1
    return ReviewInfo(
        title=title,
        board=board,
        subject=subject,
        kind=kind,
        as_of=as_of,
        plan_date=plan_date.group(1) if plan_date else None,
        line_start=start,
        line_end=max(start, end),
    )


# -- recommendation cells --------------------------------------------------------

_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+|\d{1,3}\.)\.?(?=\s|$)\s*(.*)$", re.DOTALL)
_SUB = re.compile(r"^\(?((?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)|[a-z])[.)]\s*(.*)$", re.DOTALL)
_INTRO = re.compile(
    r"(\b(identified|made|makes|make|has made|proposes?)\b.*\b(recommendations?|areas for action)\b"
    r"|\bthe following recommendations?\b|\bfurther recommendations?\b)[^.]*:?\s*$",
    re.IGNORECASE,
)
_FOOTNOTE = re.compile(r"^\*")
_INLINE_SUB = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[:;-]))([a-h])\)\s*")


@dataclass
class _Entry:
    kind: str  # "num", "sub", "para", "intro"
    label: str | None
    text: str
    line_start: int
    line_end: int
    index: int | None = None  # index in DocumentItems.recommendations once placed


def _inline_subitems(text: str) -> list[tuple[str | None, str]]:
    """Split "about:- a) x; b) y; c) z" into its lettered items when they run a, b, c."""
    matches = list(_INLINE_SUB.finditer(text))
    letters = [m.group(1) for m in matches]
    expected = [chr(ord("a") + i) for i in range(len(letters))]
    if len(letters) < 2 or letters != expected:
        return [(None, text)]
    out: list[tuple[str | None, str]] = []
    head = text[: matches[0].start()].strip()
    if head:
        out.append((None, head))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        out.append((match.group(1), text[match.end() : end].strip(" ;")))
    return out


def _rec_entries(blocks: list[Block]) -> list[_Entry]:
    entries: list[_Entry] = []
    for block in blocks:
        text = clean_text(block.text)
        if not text:
            continue
        number = _NUMBER.match(text)
        sub = None if number else _SUB.match(text)
        if number:
            label = number.group(1).rstrip(".")
            body = number.group(2).strip()
            kind = "intro" if body and _INTRO.search(body) and body.endswith(":") else "num"
            if kind == "num" and _INTRO.search(body) and "recommendation" in body.lower():
                kind = "intro" if len(body.split()) < 25 else "num"
            pieces = _inline_subitems(body) if kind == "num" else [(None, body)]
            entries.append(
                _Entry(
                    kind,
                    label,
                    pieces[0][1] if pieces[0][0] is None else "",
                    block.line_start,
                    block.line_end,
                )
            )
            for letter, piece in pieces[1:] if pieces[0][0] is None else pieces:
                entries.append(_Entry("sub", letter, piece, block.line_start, block.line_end))
        elif sub:
            entries.append(
                _Entry("sub", sub.group(1), sub.group(2).strip(), block.line_start, block.line_end)
            )
        elif _INTRO.search(text) and len(text.split()) < 30:
            entries.append(_Entry("intro", None, text, block.line_start, block.line_end))
        elif _FOOTNOTE.match(text):
            entries.append(_Entry("note", None, text, block.line_start, block.line_end))
        else:
            pieces = _inline_subitems(text)
            entries.append(
                _Entry(
                    "para",
                    None,
                    pieces[0][1] if pieces[0][0] is None else "",
                    block.line_start,
                    block.line_end,
                )
            )
            for letter, piece in pieces[1:] if pieces[0][0] is None else pieces:
                entries.append(_Entry("sub", letter, piece, block.line_start, block.line_end))
    return entries


# -- parallel lists --------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_EXPRESSION = re.compile(
    rf"(?:(?:end|mid|early|late|by)\s+)?(?:\d{{1,2}}\s*(?:st|nd|rd|th)?\s+)?{_MONTH}"
    rf"(?:\s*(?:-|–|to)\s*(?:\d{{1,2}}\s*(?:st|nd|rd|th)?\s+)?{_MONTH})?\s*,?\s*(?:\d{{4}}|\d{{2}})\b",
    re.IGNORECASE,
)


def split_due_list(text: str) -> list[str]:
    """Split dates run together by text extraction, keeping ranges whole.

    Examples
    --------
    >>> split_due_list("May 2012 June 2012 January 2012")
    ['May 2012', 'June 2012', 'January 2012']
    >>> split_due_list("July 2011 February – April 2012 June - September 2012")
    ['July 2011', 'February – April 2012', 'June - September 2012']
    >>> split_due_list("April 2006-March 2007 monitored quarterly")
    ['April 2006-March 2007 monitored quarterly']
    """
    matches = list(_DATE_EXPRESSION.finditer(text))
    if len(matches) < 2 or text[: matches[0].start()].strip():
        return [text]
    for before, after in zip(matches, matches[1:], strict=False):
        if text[before.end() : after.start()].strip():
            return [text]
    if text[matches[-1].end() :].strip(" ."):
        return [text]
    return [m.group(0).strip() for m in matches]


_STATUS_TOKEN = re.compile(
    r"^\s*(completed?|in progress|ongoing|delayed|not started|on hold|green|amber|red)\b\.?",
    re.IGNORECASE,
)


def split_status_list(text: str) -> tuple[list[str], str]:
    """Leading status words of a cell, and the words that follow them.

    Examples
    --------
    >>> split_status_list("Complete Ongoing")
    (['Complete', 'Ongoing'], '')
    >>> split_status_list("Complete New named midwife now in post.")
    (['Complete'], 'New named midwife now in post.')
    """
    statuses: list[str] = []
    rest = text
    while True:
        match = _STATUS_TOKEN.match(rest)
        if not match:
            break
        statuses.append(match.group(1))
        rest = rest[match.end() :]
    return statuses, rest.strip(" -–.,;") and rest.strip()


# -- rows into logical rows ---------------------------------------------------------


@dataclass
class _SubRow:
    fields: dict[str, list[Block]]
    line_start: int
    line_end: int


@dataclass
class _LogicalRow:
    section: int | None
    rows: list[_SubRow] = field(default_factory=list)


_LOWER_START = re.compile(r"^[\W\d]*[a-z]")


def _is_continuation(fields: dict[str, list[Block]], headerless_table: bool) -> bool:
    rec = fields.get("recommendation") or []
    if not rec:
        return True
    first = clean_text(rec[0].text)
    if _LOWER_START.match(first) and not _SUB.match(first):
        return True
    return headerless_table


_TERMINAL = re.compile(r"[.!?:;]\W*$")


# A page break after these words cut the entry mid-phrase ("Chair of standing" | "SCRIP").
_DANGLING = re.compile(r"\b(of|to|and|for|the|a|an|with|by|in|on|at|standing|&)\s*$", re.I)
_SHORT_FIELDS = frozenset({"due", "owner", "status", "rag"})


def _continues(previous: str, following: str, starts_list: bool, short: bool = False) -> bool:
    """Whether a page break cut ``previous`` mid-paragraph, ``following`` being the rest.

    Dates, owners and statuses are short entries of parallel lists: one
    continues only when its words plainly run on (a lower-case start).
    """
    if starts_list or _SUB.match(following) or _NUMBER.match(following):
        return False
    if _DANGLING.search(previous):
        return True
    first = following.lstrip("•●▪◦-– ")[:1]
    if first.islower():
        return True
    if short or first.isdigit():
        return False
    return not _TERMINAL.search(previous)


def _merge_continuation(
    logical: _LogicalRow, fields: dict[str, list[Block]], line: int, lists: set[str]
) -> None:
    """Append a page-broken row's cells to the cells they continue.

    When the recommendation cell starts a new item, the row's other cells are
    new entries of their parallel lists unless their words plainly run on.
    """
    rec = fields.get("recommendation")
    new_item = bool(rec) and bool(_NUMBER.match(rec[0].text) or _SUB.match(rec[0].text))
    for name, blocks in fields.items():
        if not blocks:
            continue
        target = next((r for r in reversed(logical.rows) if r.fields.get(name)), logical.rows[-1])
        existing = target.fields.setdefault(name, [])
        if existing and _continues(
            existing[-1].text, blocks[0].text, name in lists, name in _SHORT_FIELDS or new_item
        ):
            last = existing[-1]
            joined = Block(
                text=f"{last.text} {blocks[0].text}",
                line_start=last.line_start,
                line_end=blocks[0].line_end,
            )
            existing[-1] = joined
            existing.extend(blocks[1:])
        else:
            existing.extend(blocks)
        target.line_end = max(target.line_end, line)


# -- the stage ----------------------------------------------------------------------------

_KEY_LINE = re.compile(r"^\s*(.+?)\s*\(([A-Z][A-Za-z/&]{1,9})\)\s*$")


class _Builder:
    """Turns the row stream of one document into :class:`DocumentItems`."""

    def __init__(self, path: str, layout: str, text: str) -> None:
        self.path = path
        self.layout = layout
        self.text = text
        self.sections: list[SectionItem] = []
        self.recommendations: list[RecommendationItem] = []
        self.unplaced: list[Unplaced] = []
        self.aliases: dict[str, str] = {}
        self.logical: list[_LogicalRow] = []
        self.columns: list[str | None] | None = None
        self.as_of: str | None = None
        self.title_lines: list[TextLine] = []
        self.current_section: int | None = None
        self.pending_intro: str | None = None
        self.last_numbered: _Entry | None = None
        self.previous_values: dict[str, tuple[str, int]] = {}
        self.current_section_for_items: int | None = -1
        self._section_opened = False

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
        self.pending_intro = None
        self.last_numbered = None

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
            if header is not None:
                self._flush_text(pending_text, before_header=True, seen_table=seen_table)
                pending_text = []
                self.columns = header
                self.as_of = self.as_of or _as_at(raw_cells)
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
            self._items(logical)
        info = review_info(self.text, self.title_lines, self.as_of)
        self._board_sections(info)
        return DocumentItems(
            path=self.path,
            layout=self.layout,
            review=info,
            sections=self.sections,
            recommendations=self.recommendations,
            aliases=self.aliases,
            unplaced=sorted(self.unplaced, key=lambda u: u.line),
        )

    def _board_sections(self, info: ReviewInfo) -> None:
        """Name each section's agency fully: the board, or the key's full name for it."""
        for section in self.sections:
            if re.search(r"\breport\b", section.agency, re.IGNORECASE):
                section.report = True
                continue
            if info.board and _BOARD_WORDS.search(section.agency):
                if section.agency != info.board:
                    section.aliases = sorted({*section.aliases, section.agency})
                    section.agency = info.board
                continue
            for abbreviation, full in self.aliases.items():
                if _same_agency(section.agency, abbreviation, full):
                    names = {*section.aliases, section.agency, abbreviation, full}
                    # "HWPHT" is better named by the key; "RBWM Children's Social
                    # Care" is more precise than the key's "Children's Social Care".
                    if re.fullmatch(r"[A-Z&]{2,8}", section.agency):
                        section.agency = full
                    section.aliases = sorted(names - {section.agency})
                    break
            place = _place(info.board)
            if place and _is_generic(section.agency):
                # "Police" of one plan is not "Police" of another: name the place.
                section.aliases = sorted({*section.aliases, section.agency})
                section.agency = f"{place} {section.agency}"
        if self.sections:
            known = {a for s in self.sections for a in (s.agency, *s.aliases)}
            for section in self.sections:
                section.aliases = sorted(
                    {*section.aliases, *_variants_in_text(self.text, section.aliases)} - known
                    | set(section.aliases)
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
        heading = None
        if before_header and _looks_like_heading(lines[-1].text):
            heading = lines[-1]
        for line in lines:
            text = re.sub(r"\*\*|__", "", clean_text(line.text)).strip("*# ")
            if line is heading:
                self.add_section(line.text, line.line)
                continue
            key = _KEY_LINE.match(text)
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
        if len(cells) == len(columns) + 1 and _SUB.match(clean_text(cells[0].raw) + " x"):
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
            and all(_STATUS_WORDS.match(o) for o in others)
        ):
            self.add_section(first_text, row.line_start, status=others[0] if others else None)
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
                _blocks(raw, cell.line_start, cell.line_end, split_breaks=name != "owner")
            )
        for block in fields.pop("unplaced", []):
            self.unplaced.append(
                Unplaced(
                    text=clean_text(block.text),
                    line=block.line_start,
                    what="cell of an unnamed column",
                )
            )
        if not any(fields.values()):
            return
        if (
            boundary
            and self.logical
            and not self._section_opened
            and _is_continuation(fields, headerless)
        ):
            _merge_continuation(self.logical[-1], fields, row.line_end, lists)
            return
        sub = _SubRow(fields=fields, line_start=row.line_start, line_end=row.line_end)
        if not fields.get("recommendation") and self.logical:
            if self.logical[-1].section == self.current_section:
                self.logical[-1].rows.append(sub)
                return
        self.logical.append(_LogicalRow(section=self.current_section, rows=[sub]))

    def _bold_section(self, raw: str, line: int) -> str:
        """Take a bold agency header (``<b><u>Housing RBK</u></b>``) off the front of a cell."""
        match = re.match(
            r"^\s*(?:<p>)?\s*<b>\s*(?:<u>)?(.*?)(?:</u>)?\s*</b>\s*(?:<br\s*/?>)?",
            raw,
            re.IGNORECASE | re.DOTALL,
        )
        if not match:
            return raw
        title = clean_text(match.group(1))
        if not title or len(title.split()) > 8:
            return raw
        self.add_section(title, line)
        self._section_opened = True
        return raw[match.end() :]

    # logical rows into items
    def _items(self, logical: _LogicalRow) -> None:
        if logical.section != self.current_section_for_items:
            self.current_section_for_items = logical.section
            self.last_numbered = None
            self.pending_intro = None
            # "SEE ABOVE" never reaches into another agency's section.
            self.previous_values = {}
        main = logical.rows[0]
        entries = _rec_entries(main.fields.get("recommendation", []))
        steps_per_row = [self._steps(sub) for sub in logical.rows]
        action_count = sum(len(s) for s in steps_per_row)
        targets = self._place_entries(entries, logical.section, action_count, main)
        actions: list[ActionItem] = []
        for sub, steps in zip(logical.rows, steps_per_row, strict=True):
            actions.extend(self._actions(sub, steps, len(targets)))
        self._attach(actions, targets, main)

    def _place_entries(
        self, entries: list[_Entry], section: int | None, action_count: int, main: _SubRow
    ) -> list[int]:
        """Add the row's recommendations; return the indexes that actions attach to."""

        def leaves(separate_paragraphs: bool) -> int:
            count = 0
            open_item = False
            for entry in entries:
                if entry.kind in ("num", "sub"):
                    count += 1 if entry.text or entry.kind == "sub" else 0
                    open_item = True
                elif entry.kind == "para":
                    if separate_paragraphs or not open_item:
                        count += 1
                    open_item = True
            return count

        # A plain paragraph after numbered items is either more words of the item
        # above or an item of its own; the parallel action list decides.
        numbered = any(e.kind in ("num", "sub") for e in entries)
        separate = numbered and leaves(True) == action_count != leaves(False)
        targets: list[int] = []
        parent_of: dict[str, int] = {}
        last: int | None = None
        top_level: list[int] = []
        intro_ref: str | None = None
        for entry in entries:
            if entry.kind == "intro":
                self.pending_intro = entry.text
                intro_ref = entry.label
                if entry.label:
                    self.last_numbered = None
                continue
            if entry.kind == "note" or (entry.kind == "para" and last is not None and not separate):
                if last is not None:
                    rec = self.recommendations[last]
                    rec.text = f"{rec.text} {entry.text}".strip()
                    rec.line_end = max(rec.line_end, entry.line_end)
                    continue
            ref: str | None = None
            parent: int | None = None
            if entry.kind == "num":
                ref = entry.label
                for candidate in sorted(parent_of, key=len, reverse=True):
                    if ref and ref.startswith(candidate + "."):
                        parent = parent_of[candidate]
                        break
            elif entry.kind == "sub":
                anchor = self.last_numbered
                if anchor is not None and anchor.index is not None:
                    parent_rec = self.recommendations[anchor.index]
                    parent = anchor.index
                    ref = f"{parent_rec.ref}({entry.label})" if parent_rec.ref else entry.label
                elif intro_ref:
                    ref = f"{intro_ref}({entry.label})"
                else:
                    ref = entry.label
            rec = RecommendationItem(
                ref=ref,
                text=entry.text,
                line_start=entry.line_start,
                line_end=entry.line_end,
                section=section,
                parent=parent,
                intro=self.pending_intro,
            )
            self.recommendations.append(rec)
            entry.index = len(self.recommendations) - 1
            last = entry.index
            if entry.kind == "num":
                parent_of[entry.label or ""] = entry.index
                self.last_numbered = entry
            if parent is None or self.recommendations[parent].text == "":
                top_level.append(entry.index)
        for index in top_level:
            rec = self.recommendations[index]
            children = [i for i, r in enumerate(self.recommendations) if r.parent == index]
            if rec.text or not children:
                targets.append(index)
        if not targets and self.recommendations and main.fields.get("action"):
            # A row of actions under a recommendation given in an earlier row.
            targets.append(
                self.last_numbered.index
                if self.last_numbered and self.last_numbered.index is not None
                else len(self.recommendations) - 1
            )
        return targets

    def _steps(self, sub: _SubRow) -> list[tuple[str | None, str, Block]]:
        steps: list[tuple[str | None, str, Block]] = []
        for block in sub.fields.get("action", []):
            for step in split_steps(block.text):
                text = clean_text(step.text)
                if text:
                    steps.append((step.label, text, block))
        dues = self._list(sub, "due")
        if len(steps) == 1 and len(dues) > 1:
            sentences = re.split(r"(?<=[a-z)])\.\s+(?=[A-Z])", steps[0][1])
            if len(sentences) == len(dues):
                label, _, block = steps[0]
                steps = [(label, s.strip().rstrip(".") + ".", block) for s in sentences]
        # An intro step ("… has been rolled out:") is the lead-in of the steps after it.
        if len(steps) > 1 and steps[0][1].endswith(":"):
            label, intro, block = steps[0]
            nxt = steps[1]
            steps = [(nxt[0], f"{intro} {nxt[1]}", nxt[2]), *steps[2:]]
        return steps

    def _list(self, sub: _SubRow, name: str) -> list[tuple[str, Block]]:
        values: list[tuple[str, Block]] = []
        for block in sub.fields.get(name, []):
            text = clean_text(block.text)
            if not text:
                continue
            if name == "due":
                values.extend((part, block) for part in split_due_list(text))
            else:
                values.append((text, block))
        return values

    def _actions(
        self, sub: _SubRow, steps: list[tuple[str | None, str, Block]], target_count: int
    ) -> list[ActionItem]:
        dues = self._list(sub, "due")
        owners = self._list(sub, "owner")
        if len(owners) == 1 and len(steps) > 1:
            roles = split_roles(owners[0][0])
            # Only roles the extraction ran together pair with steps; "X and Y" own jointly.
            run_together = " ".join(roles) == re.sub(r"\s+", " ", owners[0][0]).strip()
            if len(roles) == len(steps) and run_together and not is_ditto(owners[0][0]):
                owners = [(r, owners[0][1]) for r in roles]
        # "Complete Ongoing" is one status per step; "Complete – see …" one, as printed.
        statuses = [
            (piece, block)
            for text, block in self._list(sub, "status")
            for piece in split_statuses(text)
        ]
        count = len(steps)
        if count == 1 and max(len(dues), len(owners)) > 1:
            wider = max(len(dues), len(owners))
            agreeing = len(dues) == len(owners) == wider
            if (
                len(dues) in (1, wider)
                and len(owners) in (1, wider)
                and (agreeing or wider == target_count)
            ):
                steps = steps * wider
                count = wider
        if count == 0:
            texts = [
                t
                for name in ("progress", "outcome", "evidence", "due", "owner", "status")
                for t, _ in self._list(sub, name)
            ]
            if not texts:
                return []
            blocks = [b for blocks in sub.fields.values() for b in blocks]
            start, end = _span(blocks)
            steps = [(None, "", Block(text="", line_start=start, line_end=end))]
            count = 1
        labels_given = count > 1 and all(label for label, _, _ in steps)
        actions = []
        for position, (label, text, block) in enumerate(steps):
            item = ActionItem(
                text=text, line_start=block.line_start, line_end=block.line_end, label=label
            )
            item.field_lines["text"] = (block.line_start, block.line_end)
            for name, values in (
                ("due_raw", dues),
                ("owner_raw", owners),
                ("status_raw", statuses),
            ):
                by_label = _labelled(values) if labels_given else None
                value = (
                    _pick_labelled(by_label, label) if by_label else _pick(values, position, count)
                )
                if value is not None:
                    setattr(item, name, value[0])
                    item.field_lines[name] = (value[1].line_start, value[1].line_end)
                    if name == "owner_raw":
                        item.owner_line = value[1].line_start
            for name in ("progress", "outcome", "evidence", "rag"):
                values = self._list(sub, name)
                if not values:
                    continue
                by_label = _labelled(values) if labels_given else None
                if by_label and _pick_labelled(by_label, label):
                    chosen = [_pick_labelled(by_label, label)]
                elif len(values) == count or (
                    # Extra "As above" entries repeat a step the action column never
                    # printed; they add nothing, so the rest still pair one to one.
                    len(values) > count and all(is_ditto(t) for t, _ in values[count:])
                ):
                    chosen = [values[position]]
                else:
                    chosen = values
                setattr(item, name, " ".join(t for t, _ in chosen))
                item.field_lines[name] = _span([b for _, b in chosen])
            if not item.status_raw:
                item.status_raw = _leading_status(item.progress) or _leading_status(
                    item.text, reported=True
                )
            self._dittos(item)
            item.line_start = min([item.line_start, *(s for s, _ in item.field_lines.values())])
            item.line_end = max([item.line_end, *(e for _, e in item.field_lines.values())])
            actions.append(item)
        return actions

    def _dittos(self, item: ActionItem) -> None:
        """Cells that say "As above" take the value above them; the words are kept."""
        for name in (
            "text",
            "due_raw",
            "owner_raw",
            "status_raw",
            "outcome",
            "progress",
            "evidence",
        ):
            value = getattr(item, name)
            if value and is_ditto(value):
                above = self.previous_values.get(name)
                item.dittos[name] = value
                setattr(item, name, above[0] if above else value)
            elif value:
                self.previous_values[name] = (value, item.line_start)

    def _attach(self, actions: list[ActionItem], targets: list[int], main: _SubRow) -> None:
        if not actions:
            return
        if not targets:
            for action in actions:
                self.unplaced.append(
                    Unplaced(
                        text=action.text,
                        line=action.line_start,
                        what="action with no recommendation",
                    )
                )
            return
        if len(targets) == len(actions):
            for index, action in zip(targets, actions, strict=True):
                self.recommendations[index].actions.append(action)
            return
        # Lettered steps ("a i)", "b)") go to the sub-item with that letter.
        parts = {
            (r.ref or "").rsplit("(", 1)[-1].rstrip(")"): i
            for i, r in enumerate(self.recommendations)
            if r.parent in targets and r.ref and r.ref.endswith(")")
        }
        if parts and all(a.label and a.label.split()[0] in parts for a in actions):
            for action in actions:
                self.recommendations[parts[action.label.split()[0]]].actions.append(action)
            return
        for action in actions:
            self.recommendations[targets[0]].actions.append(action)
        if len(targets) > 1:
            for action in actions:
                action.shared_with = targets[1:]


_REPORTED_DONE = re.compile(
    r"^\s*(?:(completed?)\b[.\s:–-]*(?=(?-i:[A-Z(])|$)"
    r"|(not started|in progress|delayed|on hold)\s*(?:[.:;,–-]|$))",
    re.IGNORECASE,
)


def _leading_status(text: str | None, *, reported: bool = False) -> str | None:
    """A status word that opens a progress text ("COMPLETED Monitor by …").

    In an action's own words only a reported "Completed." counts, because
    "Complete negotiations with …" is an instruction, not a status.
    """
    if not text:
        return None
    if reported:
        match = _REPORTED_DONE.match(text)
        return (match.group(1) or match.group(2)) if match else None
    words, _ = split_status_list(text)
    return words[0] if words else None


_LABEL = re.compile(r"(?:(?<=\s)|^)([a-h](?:\s+[ivx]{1,4})?)\s*[).]\s*")


def _labelled(values: list[tuple[str, Block]]) -> dict[str, tuple[str, Block]] | None:
    """A parallel list whose entries are lettered ("a) …", "b iii) …"), by label."""
    found: dict[str, tuple[str, Block]] = {}
    for text, block in values:
        matches = list(_LABEL.finditer(text))
        if not matches or matches[0].start() != 0:
            return None
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            found[match.group(1).replace("  ", " ")] = (text[match.end() : end].strip(), block)
    return found


def _pick_labelled(values: dict[str, tuple[str, Block]], label: str | None):
    if not label:
        return None
    return values.get(label) or values.get(label.split()[0])


def _pick(values: list[tuple[str, Block]], position: int, count: int):
    """The value for the step at ``position`` of ``count`` from a parallel list."""
    if not values:
        return None
    if len(values) == count:
        return values[position]
    if len(values) == 1:
        return values[0]
    if len(values) > count:
        if position < count - 1:
            return values[position]
        rest = [v for v in values[position:] if not is_ditto(v[0])]
        if not rest:
            return values[position]
        return (" ".join(t for t, _ in rest), rest[0][1])
    if position < len(values):
        return values[position]
    return values[-1]


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
