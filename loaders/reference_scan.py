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
from .model import Row
from .reference_words import Mention, find_references
from .rows import rows_for_layout
from .text import split_tags, sub_tags

__all__ = ["Occurrence", "scan"]

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
    before: str  # cell text before the words, cleaned
    block_before: str  # block text before the words
    previous: str  # the block (or words of the block) just before the words
    after: str
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
        for number, line in enumerate(text.splitlines(), 1):
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


def scan(text: str, path: str) -> list[Occurrence]:
    found = []
    for line, column, raw, name in _cells(text, path):
        blocks = [_clean(b) for b in split_tags(_BLOCK_SPLIT, raw)]
        blocks = [b for b in blocks if b]
        for index, block in enumerate(blocks):
            for mention in find_references(block):
                before_cell = " ".join([*blocks[:index], block[: mention.start]]).strip()
                after_cell = " ".join([block[mention.end :], *blocks[index + 1 :]]).strip()
                found.append(
                    Occurrence(
                        line=line,
                        column=column,
                        block=index,
                        mention=mention,
                        column_field=_COLUMN_FIELD.get(name or ""),
                        before=before_cell,
                        block_before=block[: mention.start].strip(),
                        previous=block[: mention.start].strip()
                        or (blocks[index - 1] if index else ""),
                        after=after_cell,
                        alone=not re.sub(
                            r"[\W_]+", "", block[: mention.start] + block[mention.end :]
                        ),
                    )
                )
    return found
