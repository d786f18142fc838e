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
from .text import clean_text, is_ditto

__all__ = ["SubRow", "LogicalRow", "is_continuation", "merge_continuation"]


@dataclass
class SubRow:
    fields: dict[str, list[Block]]
    line_start: int
    line_end: int


@dataclass
class LogicalRow:
    section: int | None
    rows: list[SubRow] = field(default_factory=list)


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


# Sentence punctuation among the text's last non-word characters. Matched on
# the reversed text: searched forwards, "[.!?:;]\W*$" rescans a run of dots from
# every dot in it.
_TERMINAL_REVERSED = re.compile(r"\W*?[.!?:;]")


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL_REVERSED.match(text[::-1]))


# Words no recommendation ends with: the page break cut it there (matched on the
# last few words only, so the search stays short whatever the text).
_CUT = re.compile(r"(\b(of|to|and|for|the|a|an|with|by|in|on|at|&)|[,–-])\s*$", re.I)


# A page break after these words cut the entry mid-phrase ("Chair of standing" | "SCRIP").
_DANGLING = re.compile(r"\b(of|to|and|for|the|a|an|with|by|in|on|at|standing|&)\s*$", re.I)
_SHORT_FIELDS = frozenset({"due", "owner", "status", "rag"})
_DATE_START = re.compile(
    r"^(?:end|mid|early|late|by|before|from)\s+(?:of\s+)?(?:\d{1,2}\s*(?:st|nd|rd|th)?\s+)?"
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
    if _DANGLING.search(previous):
        return True
    if previous.rstrip().endswith(";") and ":" in previous:
        return True  # "taking into account: The purpose …; Records made;" | "Information …"
    first = following.lstrip("•●▪◦-– ")[:1]
    if first.islower():
        return True
    if short or first.isdigit():
        return False
    return not _ends_sentence(previous)


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
        target = next((r for r in reversed(logical.rows) if r.fields.get(name)), None)
        if target is None or not blocks:
            return False
        return _continues(target.fields[name][-1].text, blocks[0].text, name in lists, True)

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
