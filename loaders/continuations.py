"""Page-break continuations: rows a page break cut, joined back into logical rows.

A table row that runs over a page break is printed as two rows, often with the
header repeated between them; this module holds the logical rows the items
stage works on and the signs (a lower-case start, a dangling "of", no full
stop) that a row or a cell continues the one before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Block
from .numbering import NUMBER, SUB
from .text import clean_text, is_ditto, non_word_tail

__all__ = ["finishes_row_above", "SubRow", "LogicalRow", "is_continuation", "merge_continuation"]


@dataclass
class SubRow:
    fields: dict[str, list[Block]]
    line_start: int
    line_end: int


@dataclass
class LogicalRow:
    section: int | None
    rows: list[SubRow] = field(default_factory=list)
    #: id of a block -> the texts joined into it so far (see :meth:`finish`)
    joined: dict[int, list[str]] = field(default_factory=dict)

    def join(self, block: Block, text: str, line_end: int) -> None:
        """Add the words a page break cut off to ``block``.

        Kept as parts and joined once by :meth:`finish`: a block joined on
        every row of a long run would otherwise be copied once per row.
        """
        self.joined.setdefault(id(block), [block.text]).append(text)
        block.line_end = line_end

    def ending(self, block: Block) -> str:
        """The end of ``block``'s text as joined so far, enough for :func:`_continues`:
        its parts back to the last holding a word or sentence punctuation (at most 64)."""
        parts = self.joined.get(id(block))
        if parts is None:
            return block.text
        tail: list[str] = []
        for part in reversed(parts[-64:]):
            tail.append(part)
            if _WORD_OR_STOP.search(part):
                break
        return " ".join(reversed(tail))

    def finish(self) -> None:
        """Write the joined texts into their blocks."""
        for row in self.rows:
            for blocks in row.fields.values():
                for block in blocks:
                    parts = self.joined.pop(id(block), None)
                    if parts is not None:
                        block.text = " ".join(parts)


_WORD_OR_STOP = re.compile(r"[\w.!?:;]")


_LOWER_START = re.compile(r"^[\W\d]*[a-z]")


def is_continuation(
    fields: dict[str, list[Block]], headerless_table: bool, previous: str | None = None
) -> bool:
    """Whether a row after a page break goes on with the row before it.

    ``previous`` is the recommendation text the row before ended with: one cut
    mid-phrase ("… Chapter 6 of Working Together to") goes on whatever case
    the next words start with.
    """
    rec = fields.get("recommendation") or []
    if not rec:
        return True
    first = clean_text(rec[0].text)
    if _LOWER_START.match(first) and not SUB.match(first):
        return True
    cut = bool(previous) and bool(_CUT.search(previous[-40:]))
    if cut and not NUMBER.match(first) and not SUB.match(first):
        return True
    return headerless_table


_TERMINAL = re.compile(r"[.!?:;]")
_trailing_start = non_word_tail


def _ends_sentence(text: str) -> bool:
    """Sentence punctuation among the text's last non-word characters: what
    ``[.!?:;]\\W*$`` finds, without rescanning a run of dots from each dot."""
    return bool(_TERMINAL.search(text, _trailing_start(text)))


# Words no recommendation ends with: the page break cut it there (matched on the
# last few words only, so the search stays short whatever the text).
_CUT = re.compile(r"(\b(of|to|and|for|the|a|an|with|by|in|on|at|&)|[,–-])\s*$", re.I)


# A page break after these words cut the entry mid-phrase ("Chair of standing" | "SCRIP").
_DANGLING = re.compile(r"\b(of|to|and|for|the|a|an|with|by|in|on|at|standing|&)\s*$", re.I)
_SHORT_FIELDS = frozenset({"due", "owner", "status", "rag"})
_DATE_START = re.compile(
    # Possessive spaces: "1" and a long run of spaces is given up at once, not split
    # every way between the two runs.
    r"^(?:end|mid|early|late|by|before|from)\s++(?:of\s++)?(?:\d{1,2}(?:\s*+(?:st|nd|rd|th))?\s++)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{2,4}\b",
    re.IGNORECASE,
)


def _continues(previous: str, following: str, starts_list: bool, short: bool = False) -> bool:
    """Whether a page break cut ``previous`` mid-paragraph, ``following`` being the rest.

    Dates, owners and statuses are short entries of parallel lists: one
    continues only when its words plainly run on (a lower-case start).
    """
    if starts_list or SUB.match(following) or NUMBER.match(following):
        return False
    if is_ditto(following) or (short and _DATE_START.match(following)):
        # "As above" and "end September 2007" are entries of their own, whatever their case.
        return False
    # The dangling word ends where the text's last non-word characters start.
    if _DANGLING.search(previous, max(0, _trailing_start(previous) - len("standing"))):
        return True
    if previous.rstrip().endswith(";") and ":" in previous:
        return True  # "taking into account: The purpose …; Records made;" | "Information …"
    first = following.lstrip("•●▪◦-– ")[:1]
    if first.islower():
        return True
    if short or first.isdigit():
        return False
    return not _ends_sentence(previous)


def finishes_row_above(
    logical: LogicalRow, fields: dict[str, list[Block]], lists: set[str]
) -> bool:
    """Whether a row with no page break before it only finishes words the row above cut
    mid-phrase ("… with partner agencies and" | "publish it on the website.").

    Only text cells count, each running on from a dangling word or comma; a row with
    its own number, recommendation, owner, date or status is a row of its own.
    """
    filled = {name: blocks for name, blocks in fields.items() if blocks}
    if not filled or set(filled) & (_SHORT_FIELDS | {"recommendation", "ref", "action_ref"}):
        return False
    for name, blocks in filled.items():
        target = next((r for r in reversed(logical.rows) if r.fields.get(name)), None)
        if target is None or name in lists:
            return False
        previous = logical.ending(target.fields[name][-1]).rstrip()
        following = blocks[0].text.lstrip()
        if SUB.match(following) or NUMBER.match(following) or is_ditto(following):
            return False
        cut = previous.endswith((",", "–", "-")) or _DANGLING.search(
            previous, max(0, _trailing_start(previous) - len("standing"))
        )
        if not cut:
            return False
    return True


def merge_continuation(
    logical: LogicalRow, fields: dict[str, list[Block]], line: int, lists: set[str]
) -> None:
    """Append a page-broken row's cells to the cells they continue.

    When the recommendation cell starts a new item, the row's other cells are
    new entries of their parallel lists unless their words plainly run on.
    """
    rec = fields.get("recommendation")
    new_item = bool(rec) and bool(NUMBER.match(rec[0].text) or SUB.match(rec[0].text))

    def runs_on(name: str, blocks: list[Block]) -> bool:
        """Plainly the rest of the cell above: a lower-case start or a dangling "of"."""
        if not blocks:
            return False
        target = next((r for r in reversed(logical.rows) if r.fields.get(name)), None)
        if target is None:
            return False
        previous = logical.ending(target.fields[name][-1])
        return _continues(previous, blocks[0].text, name in lists, True)

    if (
        not rec
        and fields.get("action")
        and (fields.get("due") or fields.get("owner"))
        and not any(runs_on(n, b) for n, b in fields.items())
    ):
        # A new step with its own date or owner, no cell plainly running on: not the
        # rest of a cut row but a further row of actions under the same recommendation,
        # as if no page break stood before it.
        lines = [b.line_start for blocks in fields.values() for b in blocks]
        logical.rows.append(SubRow(fields=fields, line_start=min(lines), line_end=line))
        return
    for name, blocks in fields.items():
        if not blocks:
            continue
        target = next((r for r in reversed(logical.rows) if r.fields.get(name)), logical.rows[-1])
        existing = target.fields.setdefault(name, [])
        if existing and _continues(
            logical.ending(existing[-1]),
            blocks[0].text,
            name in lists,
            name in _SHORT_FIELDS or new_item,
        ):
            logical.join(existing[-1], blocks[0].text, blocks[0].line_end)
            existing.extend(blocks[1:])
        else:
            existing.extend(blocks)
        target.line_end = max(target.line_end, line)
