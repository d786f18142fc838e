"""Review information: the board, subject, kind, title and dates a plan gives for its review.

A plan's opening lines name the board ("Kingston Local Safeguarding Children
Board"), the kind of review ("Serious Case Review"), its subject ("Child A")
and when it was written; this module holds the words that find them, the
title a review is given, and the place a board serves.
"""

from __future__ import annotations

import re

from .model import ReviewInfo, TextLine
from .text import clean_text

__all__ = ["review_info", "board_place"]

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
_SUBJECT = re.compile(r"\b((?:Baby|Child|Infant|Young Person|Family|Adult)\s+[A-Z])\b")
_CHILD_AGED = re.compile(r"\bChild aged ", re.IGNORECASE)
_WORDS_RUN = re.compile(r"[\w ]*")
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


def _subject_aged(head: str) -> str | None:
    """"Child aged 2 years 7 months" closing a line of ``head``, or None.

    What ``re.search(r"\\b(Child aged [\\w ]+?)\\s*$", head, re.I | re.M)`` finds
    (stripped), found in linear time: the expression rescans the rest of the
    line after every "Child aged ".

    Examples
    --------
    >>> _subject_aged("Serious Case Review\\nChild aged 2y 7m \\nAction plan")
    'Child aged 2y 7m'
    >>> _subject_aged("Child aged 2 (twins)") is None
    True
    """
    for line in head.split("\n"):
        body = line.rstrip()
        end = len(body)
        # From ``tail`` to the end of the line there are only words and spaces.
        tail = end - _WORDS_RUN.match(body[::-1]).end()
        found = _CHILD_AGED.search(body, tail, end - 1)
        if found:
            return body[found.start() :].strip()
        # "Child aged" ending the words, two spaces after it: the first is its word.
        two_spaces = line[end + 1 : end + 2] == " "
        if end >= 10 and two_spaces and _CHILD_AGED.search(line, end - 10, end + 1):
            return body[end - 10 :]
    return None


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
    aged = _subject_aged(head)
    subject = aged or (subject_match.group(1) if subject_match else None)
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
        place = board_place(board)
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


def board_place(board: str | None) -> str | None:
    """The area a board serves: "Kingston" of "Kingston Local Safeguarding Children Board"."""
    if not board:
        return None
    match = _BOARD.search(board)
    place = board[: match.start()].strip() if match else ""
    return place or None
