"""Parallel lists: the dates, statuses and lettered values a cell gives for several steps.

When a cell holds several steps, the cells beside it often hold one value per
step, run together by text extraction ("May 2012 June 2012") or lettered
("a) …  b iii) …"); this module holds how such lists are split, how a value
is picked for each step, and the status word that may open a text.
"""

from __future__ import annotations

import re

from .model import Block
from .text import is_ditto

__all__ = [
    "split_due_list",
    "split_status_list",
    "leading_status",
    "labelled",
    "pick_labelled",
    "pick",
]

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Spaces are taken possessively (*+, ++): the parts around them never need
# them back, and retrying each way to share out a long run is quadratic.
_DAY = r"\d{1,2}(?:\s*+(?:st|nd|rd|th))?\s++"
_DATE_EXPRESSION = re.compile(
    rf"(?:(?:end|mid|early|late|by)\s++)?(?:{_DAY})?{_MONTH}"
    rf"(?:\s*+(?:-|–|to)\s*+(?:{_DAY})?{_MONTH})?\s*+,?\s*+(?:\d{{4}}|\d{{2}})\b",
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


_REPORTED_DONE = re.compile(
    r"^\s*(?:(completed?)\b[.\s:–-]*(?=(?-i:[A-Z(])|$)"
    r"|(not started|in progress|delayed|on hold)\s*(?:[.:;,–-]|$))",
    re.IGNORECASE,
)


def leading_status(text: str | None, *, reported: bool = False) -> str | None:
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


def labelled(values: list[tuple[str, Block]]) -> dict[str, tuple[str, Block]] | None:
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


def pick_labelled(values: dict[str, tuple[str, Block]], label: str | None):
    if not label:
        return None
    return values.get(label) or values.get(label.split()[0])


def pick(values: list[tuple[str, Block]], position: int, count: int):
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
