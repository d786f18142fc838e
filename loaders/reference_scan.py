"""Reference scan: where in the document, cell by cell, each reference's words stand.

Each printed pointer is found once, at its own line, column and paragraph of
its cell, whatever item the loader later gave the cell to; this module holds
how a document is walked cell by cell (or line by line for prose), which node
field each column's words end up in, and the words around each mention.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .detect import detect_layout
from .headers import classify_header
from .lines import split_lines
from .model import Row
from .reference_words import Mention, find_references, may_refer
from .rows import rows_for_layout
from .text import split_tags, sub_tags

__all__ = ["CONTEXT_WORDS", "Occurrence", "norm", "scan", "text_after", "text_before"]

#: table column (as the loaders name it) -> the node field its words end up in
_COLUMN_FIELD = {
    "recommendation": "text",
    "action": "text",
    "due": "due_raw",
    "owner": "owner_raw",
    "status": "status_raw",
    "progress": "progress",
    "outcome": "outcome",
    "evidence": "evidence",
}

_BLOCK_SPLIT = re.compile(r"</?(?:p|li|ul|ol|div)\b[^>]*>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_BULLETS = re.compile(r"[•●◦▪■□○◆◇►▸‣⁃]")


def _clean(raw: str) -> str:
    text = html.unescape(sub_tags(_TAG, "", raw))
    text = _BULLETS.sub(" ", text)
    return " ".join(text.split())


@dataclass
class Occurrence:
    line: int
    column: int
    block: int
    mention: Mention
    column_field: str | None
    before: str  # cell text before the words, cleaned (its last CONTEXT_WORDS words at least)
    block_before: str  # block text before the words (its last CLAUSE_CHARACTERS)
    previous: str  # the block (or words of the block) just before the words
    after: str  # cell text after the words (its first CONTEXT_WORDS words at least)
    citers: list[str] = field(default_factory=list)
    field_name: str | None = None
    #: the words are all their paragraph of the cell says (a ditto entry of its own)
    alone: bool = False
    registered: bool = False  # matched to a ditto the loader copied a value into

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (self.line, self.column, self.block, self.mention.start)


def _cells(text: str, path: str) -> Iterable[tuple[int, int, str, str | None]]:
    """(line, column, raw cell, column field) for every cell, or every line of prose."""
    layout = detect_layout(text, path)
    if layout not in ("pipe-html", "tab"):
        for number, line in enumerate(split_lines(text), 1):
            yield number, 0, line, None
        return
    mapping: list[str | None] = []
    for piece in rows_for_layout(layout, text, path):
        if not isinstance(piece, Row):
            continue
        raws = [c.raw for c in piece.cells]
        header = classify_header(raws)
        if header is not None:
            mapping = header
            continue
        # Headerless continuation tables line up with the last header from the right.
        offset = len(raws) - len(mapping)
        for index, cell in enumerate(piece.cells):
            column = index - offset
            name = mapping[column] if 0 <= column < len(mapping) else None
            yield cell.line_start, index, cell.raw, name


def norm(words: str) -> str:
    """Lower-case words, punctuation other than brackets turned into single spaces.

    Examples
    --------
    >>> norm("See 3.3.9 (v), SEE ABOVE!")
    'see 3 3 9 (v) see above'
    """
    return " ".join(_NOT_WORD.sub(" ", words.lower()).split())


_NOT_WORD = re.compile(r"[^\w()]+")
_NOT_LETTER = re.compile(r"[\W_]+")
#: words of context kept on each side of a mention
CONTEXT_WORDS = 6
#: characters of its paragraph kept before a mention: its clause, for "see above"
CLAUSE_CHARACTERS = 1000


def text_before(text: str, end: int, words: int = CONTEXT_WORDS) -> str:
    """The end of ``text[:end]``, long enough to hold its last ``words`` words, stripped.

    Copying the whole text before every mention of a cell is quadratic in the
    cell; this copies a window that grows until it holds the words needed.

    Examples
    --------
    >>> text_before("one two three four five six seven eight nine", 40, words=2)
    'one two three four five six seven eight'
    """
    size = 64
    while True:
        begin = max(0, end - size)
        window = text[begin:end]
        # More words than needed: the first may be cut, the last ``words`` are whole.
        if begin == 0 or len(norm(window).split()) > words:
            return window.strip()
        size *= 4


def text_after(text: str, start: int, words: int = CONTEXT_WORDS) -> str:
    """The start of ``text[start:]``, long enough to hold its first ``words`` words, stripped.

    Examples
    --------
    >>> text_after("see above for the audit", 9, words=1)
    'for the audit'
    """
    size = 64
    while True:
        stop = min(len(text), start + size)
        window = text[start:stop]
        if stop == len(text) or len(norm(window).split()) > words:
            return window.strip()
        size *= 4


def scan(text: str, path: str) -> list[Occurrence]:
    found = []
    for line, column, raw, name in _cells(text, path):
        if "<" not in raw and "&" not in raw and not may_refer(raw):
            # Without tags or entities, cleaning only turns bullets and spaces into
            # single spaces: a cell with no reference word stays without one.
            continue
        blocks = [_clean(b) for b in split_tags(_BLOCK_SPLIT, raw)]
        blocks = [b for b in blocks if b]
        # The cell as one text, blocks joined by a space, and where each block starts.
        cell = " ".join(blocks)
        offset = 0
        for index, block in enumerate(blocks):
            letters = -1  # counted for the first mention of the block, if any
            for mention in find_references(block):
                if letters < 0:
                    letters = len(_NOT_LETTER.sub("", block))
                block_before = block[max(0, mention.start - CLAUSE_CHARACTERS) : mention.start]
                block_before = block_before.strip()
                earlier = blocks[index - 1][-CLAUSE_CHARACTERS:] if index else ""
                found.append(
                    Occurrence(
                        line=line,
                        column=column,
                        block=index,
                        mention=mention,
                        column_field=_COLUMN_FIELD.get(name or ""),
                        before=text_before(cell, offset + mention.start),
                        block_before=block_before,
                        previous=block_before or earlier,
                        after=text_after(cell, offset + mention.end),
                        # No letter or digit in the paragraph but the words'.
                        alone=letters == len(_NOT_LETTER.sub("", mention.raw)),
                    )
                )
            offset += len(block) + 1
    return found
