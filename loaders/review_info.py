"""Review information: the board, subject, kind, title and dates a plan gives for its review.

A plan's opening lines name the board ("Kingston Local Safeguarding Children
Board"), the kind of review ("Serious Case Review"), its subject ("Child A")
and when it was written; this module holds the words that find them, the
title a review is given, and the place a board serves.
"""

from __future__ import annotations

import re

from .dates import parse_due
from .model import ReviewInfo, TextLine
from .text import clean_text

__all__ = ["review_info", "board_place", "progress_date"]

_BOARD = re.compile(
    r"(local\s+)?safeguarding\s+(children|adults)['’]?s?\s+(board|partnership)"
    # a domestic homicide review's board
    r"|community\s+safety\s+partnership|domestic\s+abuse\s+(?:partnership|board)",
    re.IGNORECASE,
)
_KINDS = [
    "Serious Case Review",
    "Child Safeguarding Practice Review",
    "Safeguarding Adults Review",
    "Domestic Homicide Review",
    "Learning Review",
]
_KIND_OF_INITIALS = {
    "SCR": "Serious Case Review",
    "CSPR": "Child Safeguarding Practice Review",
    "LCSPR": "Child Safeguarding Practice Review",
    "SAR": "Safeguarding Adults Review",
    "DHR": "Domestic Homicide Review",
}
_KIND_INITIALS = re.compile(r"\b(" + "|".join(_KIND_OF_INITIALS) + r")\b")
_SUBJECT = re.compile(
    r"\b((?:Baby|Child|Infant|Young Person|Family|Adult|Sibling Group|Siblings)\s+[A-Z]"
    r"|(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+[A-Z](?:[a-z]+)?)\b"
)
_CHILD_AGED = re.compile(r"\bChild aged ", re.IGNORECASE)
_WORDS_RUN = re.compile(r"[\w ]*")
_MONTH_YEAR = re.compile(
    r"\b((?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(?:19|20)\d{2})\b"
)


_NOT_PLACE = frozenset(
    "action plan plans review report update tracker progress monitoring the minutes".split()
)


_TRUST = re.compile(
    r"\b(?:[A-Z][\w'’&-]*\s+){1,6}NHS\s+(?:Foundation\s+)?Trust\b|"
    r"\b(?:[A-Z][\w'’&-]*\s+){1,6}(?:Integrated\s+Care\s+Board|University\s+Health\s+Board)\b"
)


def _trust_name(title_lines: list[TextLine]) -> str | None:
    """An NHS body a serious-incident plan's title names first, as the plan's board.

    Examples
    --------
    >>> _trust_name([TextLine(text="Ravensmoor University Hospitals NHS Foundation Trust", line=1)])
    'Ravensmoor University Hospitals NHS Foundation Trust'
    """
    for line in title_lines[:3]:
        found = _TRUST.search(clean_text(line.text))
        if found:
            return found.group(0)
    return None


def _board_name(text: str) -> str | None:
    # Lines are kept apart (¶): the board's place stands on its own line or the line
    # before ("Windsor and Maidenhead" | "LOCAL SAFEGUARDING CHILDREN BOARD"), never
    # takes another line's words after it has some ("Larkfield NHS Foundation Trust" |
    # "Larkfield and Drumcastle Safeguarding Adults Board").
    # (Line by line and split on spaces: linear however long a run of spaces.)
    lines = (" ".join(line.split()) for line in re.sub(r"[*#]+", " ", text).splitlines())
    flat = " ¶ ".join(line for line in lines if line)
    match = _BOARD.search(flat.replace(" ¶ ", "   "))
    if not match:
        return None
    words = flat[: match.start()].split()
    place: list[str] = []
    for word in reversed(words[-7:]):
        if word == "¶":
            if place:
                break
            continue
        if word.strip(":–-,").lower() in _NOT_PLACE or word.endswith((":", ",")):
            break  # "Action Plan Thornbury Vale Safeguarding …": the place starts after it
        if word[:1].isupper() or word.lower() in {"and", "&", "upon", "-"}:
            place.insert(0, word)
        else:
            break
    while place and place[0].lower() in {"and", "&", "upon", "-"}:
        place.pop(0)
    if len(place) > 1 and place[0].isupper() and len(place[0]) <= 6:
        # "BSCP Brindlecombe Safeguarding Children Partnership": the logo's initials.
        place.pop(0)
    board = flat.replace(" ¶ ", "   ")[match.start() : match.end()]
    if board.isupper():
        board = board.title()
    # "HOLLINWOOD LOCAL SAFEGUARDING CHILDREN BOARD": the place in capitals too.
    place = [w.title() if w.isupper() and len(w) > 3 else w for w in place]
    board = re.sub(r"\s+", " ", board)
    board = board[0].upper() + board[1:]
    return " ".join([*place, board]).strip()


_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    rf"(?:\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\.?,?\s+\d{{4}}"
    rf"|{_MONTHS}\.?,?\s+\d{{4}}|{_MONTHS}[-\s]\d{{2}}\b)"
)
_PROGRESS_WORD = r"(?:progress|position|status|updates?|updated|monitoring|reviewed|revised)"
# How boards date their progress: "PROGRESS AS AT 1.7.06", "Updated June 2012", "Position
# at 30/06/2017", "Agency progress against action plan recommendations – June 2017",
# "June 2012 update".
_PROGRESS_DATES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\bas\s+(?:at|of)\s*:?\s+(?P<date>{_DATE})",
        rf"\b{_PROGRESS_WORD}\s*(?:at|to|on|:)?\s*(?:[-–—:]\s*)?(?P<date>{_DATE})",
        rf"\b(?:progress|update|position)\b[^\n.]{{0,80}}?[–—-]\s*(?P<date>{_DATE})\s*$",
        rf"(?P<date>{_DATE})\s+(?:progress\s+)?(?:update|position|review)\b",
    )
]


def progress_date(texts: list[str]) -> tuple[str, str] | None:
    """The date a plan states its progress is as at, and the words it was read from.

    Only headings, notes and column headers are looked at: a date in a progress cell
    ("Policy up-dated January 2012") dates that entry, not the plan.

    Parameters
    ----------
    texts : list of str
        Title lines, notes and header cells, in document order.

    Returns
    -------
    tuple of (str, str) or None
        The ISO date (the last day a month names) and the words, or None.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> progress_date(["RECOMMENDATION", "PROGRESS AS AT 1.7.06"])
    ('2006-07-01', 'PROGRESS AS AT 1.7.06')
    >>> progress_date(["Agency progress against action plan recommendations – June 2017"])
    ('2017-06-30', 'Agency progress against action plan recommendations – June 2017')
    >>> progress_date(["Serious Case Review", "Action Plan February 2006"]) is None
    True
    """
    for raw in texts:
        words = re.sub(r"\*\*|__", "", clean_text(raw)).strip("*# ")
        for pattern in _PROGRESS_DATES:
            match = pattern.search(words)
            if not match:
                continue
            due = parse_due(match.group("date"))
            if due.end is not None:
                return due.end.isoformat(), words
    return None


def _subject_aged(head: str) -> str | None:
    """ "Child aged 2 years 7 months" closing a line of ``head``, or None.

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


def review_info(
    text: str,
    title_lines: list[TextLine],
    as_of: str | None,
    *,
    as_of_raw: str | None = None,
    reports_progress: bool = False,
    preamble: list[TextLine] | None = None,
) -> ReviewInfo:
    """What the plan says about its review: board, subject, kind and dates.

    The progress date (``as_of``) is the one the plan states (a header's "PROGRESS AS
    AT 1.7.06", given as ``as_of``, or a title line's "Updated June 2012"); failing
    that, when the plan reports progress (a status, RAG, progress or update column),
    the date it is dated ("December 2011"). A plan of tables is dated only by its
    title lines or the ``preamble`` above its first table, never by a cell.

    Examples
    --------
    >>> info = review_info("Bexley Local Safeguarding Children Board\\nSerious Case Review"
    ...     "\\nChild A\\n", [], None)
    >>> info.board, info.kind, info.subject
    ('Bexley Local Safeguarding Children Board', 'Serious Case Review', 'Child A')
    """
    head = "\n".join(line.text for line in title_lines) or text[:3000]
    board = _board_name(head) or _board_name(text) or _trust_name(title_lines)
    # "Safeguarding Adult Review" is written as often as "Safeguarding Adults Review".
    lowered = re.sub(r"\badult\s+review", "adults review", text.lower())
    kind = next((k for k in _KINDS if k.lower() in lowered), None)
    if kind is None:
        # "SAR Mr J", "DHR 2022/03", "LCSPR Child B": the kind by its initials.
        initials = _KIND_INITIALS.search(head)
        kind = _KIND_OF_INITIALS[initials.group(1)] if initials else None
    subject_match = _SUBJECT.search(head) or _SUBJECT.search(text[:5000])
    if subject_match is None:
        # "SERIOUS CASE REVIEW - CHILD S": a title in capitals names its subject so too.
        shouted = _SUBJECT.search(
            re.sub(r"\b([A-Z])([A-Z]{2,})\b", lambda m: m[1] + m[2].lower(), head)
        )
        subject_match = shouted
    aged = _subject_aged(head)
    subject = aged or (subject_match.group(1) if subject_match else None)
    # The date a plan is dated is in its title, or in the lines above its first table;
    # the table's own dates are due dates and progress notes ("in use from April
    # 2022"), never the plan's.
    if preamble is None:
        plan_date = _MONTH_YEAR.search(head)
    else:
        above = "\n".join(line.text for line in [*title_lines, *preamble])
        plan_date = _MONTH_YEAR.search(above) if above else None
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
    if as_of is None:
        stated = progress_date([line.text for line in title_lines])
        if stated:
            as_of, as_of_raw = stated
        elif reports_progress and plan_date:
            due = parse_due(plan_date.group(1))
            as_of = due.end.isoformat() if due.end else None
            as_of_raw = plan_date.group(1)
    return ReviewInfo(
        title=title,
        board=board,
        subject=subject,
        kind=kind,
        as_of=as_of,
        as_of_raw=as_of_raw if as_of else None,
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
