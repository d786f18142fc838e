"""Action statuses: status cells, RAG ratings, a plan's RAG legend and progress wording.

Statuses are one of ``complete``, ``in_progress``, ``delayed``,
``not_started`` and ``unknown``; RAG ratings are ``red``, ``amber``,
``green`` or None.  A status is read from what the plan gives, in this order
(:func:`action_status`), and the source is kept as the action's
``status_basis``:

1. ``status``: the plan's status column ("Complete", "Ongoing", "Delayed");
2. ``rag``: the RAG rating, read through the plan's own legend where it prints
   one ("Red – not started, Amber – in progress, Green – complete", found by
   :func:`rag_legend`), otherwise through :data:`DEFAULT_RAG_MAP` (Green →
   complete, Amber → in progress, Red → delayed); a user's ``rag_map``
   overrides both;
3. ``progress``: the words of the progress or update text ("COMPLETED …",
   "has been implemented", "to be reviewed", a date after the plan's own
   progress date), or a due cell that says "Completed June 2011";
4. ``none``: nothing says, and the status is ``unknown``.

:func:`normalise_status` itself never guesses from a colour: ``"Green"`` gives
``("unknown", "green")``.
"""

from __future__ import annotations

import datetime as dt
import re

from .dates import dates_in
from .memo import short_text_cache
from .rag_keys import DEFAULT_RAG_MAP, RAG_LETTERS, rag_legend
from .text import BULLETS, STRUCK_THROUGH, clean_text, sub_tags

__all__ = [
    "normalise_status",
    "split_statuses",
    "status_from_text",
    "rag_legend",
    "action_status",
    "opening_status",
    "DEFAULT_RAG_MAP",
    "STATUSES",
    "RAGS",
]

STATUSES = ("complete", "in_progress", "delayed", "not_started", "unknown")
RAGS = ("red", "amber", "green")

# Ordered: the first pattern matching at the start of the cell wins, so
# "not started" is tried before "started" and "complete".
_LEADING: list[tuple[str, str]] = [
    ("not_started", r"not\s+(?:yet\s+)?(?:started|commenced|begun|due)"),
    (
        "in_progress",
        r"(?:not\s+(?:yet\s+)?|partially\s+|part\s+|in)complete(?:d)?"
        r"|(?:partially|partly|part)\s+(?:achieved|met|implemented|done)",
    ),
    (
        "complete",
        r"(?:all\s+actions?\s+)?complete(?:d)?|done|achieved|closed|implemented|signed\s+off",
    ),
    ("in_progress", r"in\s*-?\s*progress|on\s*-?\s*going|started|underway|under\s+way"),
    ("delayed", r"delayed|overdue|behind\s+schedule|slipped|on\s+hold|paused|suspended"),
]
_LEADING_RE = [(s, re.compile(rf"^(?:{p})\b", re.IGNORECASE)) for s, p in _LEADING]
# Anywhere in a cell ("Local Authority complete"), most specific first.
_ANYWHERE_RE = [
    (s, re.compile(rf"\b(?:{p})\b", re.IGNORECASE))
    for s, p in [
        ("not_started", _LEADING[0][1]),
        ("in_progress", _LEADING[1][1]),
        ("delayed", _LEADING[4][1]),
        ("in_progress", r"in\s*-?\s*progress"),
        ("complete", r"complete(?:d)?"),
        ("in_progress", r"on\s*-?\s*going"),
    ]
]
_PERCENT = re.compile(r"^(\d{1,3})\s*%(?:\s*(?:complete[d]?|done|achieved))?\W*$", re.IGNORECASE)
_SIGNS: dict[str, tuple[str, str | None]] = {
    **dict.fromkeys(("✓", "✔", "☑", "✅", "✔️"), ("complete", None)),
    **dict.fromkeys(("✗", "✘", "☒", "❌", "✖"), ("not_started", None)),
    **dict.fromkeys(("🟢", "🟩", "●green"), ("unknown", "green")),
    **dict.fromkeys(("🟠", "🟡", "🟧", "🟨"), ("unknown", "amber")),
    **dict.fromkeys(("🔴", "🟥"), ("unknown", "red")),
}
_FOOTNOTE_MARK = re.compile(r"(?<=[a-z])(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,2}|[*†‡]+)(?=\W|$)")
_RAG_RE = re.compile(r"\b(red|amber|green)\b", re.IGNORECASE)
_RAG_CELL_RE = re.compile(r"^(?:rag\s*(?:rating|status)?\s*[:\-]?\s*)?(red|amber|green)\b", re.I)
_STATUS_WORD = r"(?:complete(?:d)?|in\s+progress|on-?going|delayed|not\s+started|red|amber|green)"
_RUN_RE = re.compile(rf"^\s*{_STATUS_WORD}(?:\s+{_STATUS_WORD})*[\s.]*$", re.IGNORECASE)
_WORD_RE = re.compile(_STATUS_WORD, re.IGNORECASE)
_LEGEND_RE = re.compile(rf"[{BULLETS}]\s*{_STATUS_WORD}", re.IGNORECASE)

_PARTICIPLE = (
    r"(?:\w{3,}ed|undertaken|taken|written|done|held|sent|given|made|begun|built|drawn|"
    r"led|met|set|put|brought|run|shared|spent|found|chosen|seen)"
)
_TEXT_COMPLETE = re.compile(
    rf"""\b(?:ha(?:s|ve)\s+(?:\w+ly\s+|also\s+|already\s+|now\s+|recently\s+)*
        (?:been\s+(?:\w+ly\s+)?)?(?!shown\b|had\b|been\b){_PARTICIPLE}
    |(?:was|were)\s+(?:\w+ly\s+)?{_PARTICIPLE}
    |(?:is|are)\s+(?:now\s+|also\s+)*in\s+place|now\s+in\s+place
    |^(?:all\s+)?completed?\b|\bcompleted\b|\bcomplete\W*$
    |^(?:\w+\s+){{0,4}}in\s+place\b|\b(?:is|are)\s+now\s+[^.]{{0,60}}?\bin\s+place\b
    |\bthere\s+is\s+(?:now\s+)?(?:a|an)\s+[^.]{{0,80}}?\bin\s+place\b)""",
    re.IGNORECASE | re.VERBOSE,
)
# A short note whose verb is a bare past participle: "Training Plan established",
# "Report approved by members", "Extended file audit undertaken".
#
# What ``^\W*(?:(?:[\w'’&/().-]+\s+){1,6}?PARTICIPLE(?!\s+[A-Z])\b|PARTICIPLE\s+(?:via|by|…)\b)``
# matches, found by _note_done without letting \W* and the first word share out a run
# of dots or dashes every possible way (exponential on a long run).
_NOTE_WORD = r"[\w'’&/().-]"
_NOTE_REST = re.compile(
    rf"\s+(?:{_NOTE_WORD}+\s+){{0,5}}?{_PARTICIPLE}(?!\s+(?-i:[A-Z]))\b", re.IGNORECASE
)
_NOTE_DONE_WITH = re.compile(
    rf"{_PARTICIPLE}\s+(?:via|by|to|for|in|on|at|and|with|across|from|as|into|through|within)\b",
    re.IGNORECASE,
)
_NOTE_WORD_REVERSED = re.compile(rf"{_NOTE_WORD}*")
_NON_WORDS = re.compile(r"\W*")
_TOKEN = re.compile(r"\S+")


def _note_done(piece: str) -> bool:
    """A short note whose verb is a bare past participle ("Training Plan established")."""
    lead = _NON_WORDS.match(piece).end()
    if _NOTE_DONE_WITH.match(piece, lead):
        return True
    # The first word ends a token that starts within the leading non-word run (or right
    # after it); it may start anywhere in that token from where its characters are all
    # word characters, as long as that is within the run.
    for token in _TOKEN.finditer(piece):
        start, end = token.span()
        if start > lead:
            break
        first = max(start, end - _NOTE_WORD_REVERSED.match(token.group()[::-1]).end())
        if first < end and first <= lead and _NOTE_REST.match(piece, end):
            return True
    return False


_TEXT_PROGRESS = re.compile(
    r"\b(?:will\s+be|(?<!enable\s)(?<!enables\s)(?<!allows\s)(?<!allow\s)(?<!ensure\s)"
    r"(?<!needs\s)(?<!need\s)(?<!have\s)(?<!has\s)(?<!able\s)to\s+be|"
    r"continu(?:e|es|ed|ing)\s+to|continuing|on-?going|being\s+"
    r"(?:developed|reviewed|devised|implemented|planned|established|updated|revised)|"
    r"in\s+progress|under\s*way|currently|(?<!as\s)planned|pending|awaiting|now\s+due|"
    r"\w+ing\s+by|(?:room|scope|need)\s+for\s+(?:further\s+)?improvement|"
    r"(?:provides?|offers?|delivers?|runs?|holds?)\s+(?:regular|ongoing|routine|annual)|"
    r"are\s+making\s+progress)\b",
    re.IGNORECASE,
)
# "X will do Y" is work still to come; "This will ensure …", "which will inform …" is a
# consequence of work done.
_WILL = re.compile(r"\bwill\s+(?:\w+ly\s+|also\s+|further\s+)?(?!not\b)[a-z]{3,}", re.I)
_CONSEQUENCE = re.compile(
    r"(?:^\W*(?:this|these|that|those|it|they|such)\b|\b(?:which|that|this|these|it)\s+will\b)",
    re.IGNORECASE,
)
_OPENER = r"^\W*(?:this|these|that|those|it|they|such)\b"
# "enables concerns to be dealt with": a purpose, not work still to do.
_ENABLING = re.compile(
    r"\b(?:enables?|allows?|ensures?|helps?|means?|needs?)\s+(?:\w+\s+){0,3}?to\s+be\b", re.I
)
_TEXT_DELAYED = re.compile(r"\b(?:delayed|overdue|behind\s+schedule|slipped)\b", re.I)
_TEXT_NOT_STARTED = re.compile(r"\bnot\s+(?:yet\s+)?(?:started|commenced|begun)\b", re.I)
# (?<!\s): a break starts where its run of spaces starts, so the run is scanned once.
_SENTENCES = re.compile(r"(?<=[.!?;])\s+|(?<!\s)\s*\n\s*")


def _is_legend(text: str) -> bool:
    """A header key such as "● Complete ● In progress ● Delayed"."""
    words = {w.lower().replace(" ", "") for w in _WORD_RE.findall(text)}
    return bool(_LEGEND_RE.search(text)) and len(words) >= 2


# Pure, and called with the same few values for action after action, plan after plan.
@short_text_cache(maxsize=4_096)
def normalise_status(raw: str | None) -> tuple[str, str | None]:
    """Map a printed status cell to ``(status, rag)``.

    The status is read from the first words ("COMPLETED Monitor by monthly
    audit…" is complete); failing that, from a status word anywhere
    ("Local Authority complete").  "Ongoing" counts as in progress.  A cell
    that is a colour key listing several statuses behind bullets ("●
    Complete ● In progress") is a legend, not a status.

    Parameters
    ----------
    raw : str or None
        The status (or RAG) cell as printed; HTML allowed.

    Returns
    -------
    tuple of (str, str or None)
        A status from :data:`STATUSES` and a RAG colour or None.

    Examples
    --------
    >>> normalise_status("COMPLETED Monitor by monthly audit")
    ('complete', None)
    >>> normalise_status("Green")
    ('unknown', 'green')
    >>> normalise_status("● Complete ● In progress ● Delayed")
    ('unknown', None)
    """
    if not raw:
        return "unknown", None
    if _is_legend(raw):
        return "unknown", None
    # A footnote's mark on the word ("Complete¹", "Complete1", "In progress*"), and words
    # struck through ("~~In progress~~ Complete").
    text = _FOOTNOTE_MARK.sub("", STRUCK_THROUGH.sub("", clean_text(raw))).strip()
    if not text:
        return "unknown", None
    # Ticks, crosses and coloured circles: "✓", "✗", "🟢".
    signs = _SIGNS.get(text)
    if signs:
        return signs
    if text.lower() in ("y", "yes"):
        return "complete", None  # a "Closed? Y/N" or "Complete (Y/N)" column
    percent = _PERCENT.match(text)
    if percent:
        # "75% complete", "100%": how much of the work is done.
        share = int(percent.group(1))
        return (
            "complete" if share >= 100 else "not_started" if share == 0 else "in_progress"
        ), None

    rag: str | None = None
    rag_match = _RAG_CELL_RE.match(text)
    if rag_match:
        rag = rag_match.group(1).lower()
        text = text[rag_match.end() :].lstrip(" -–:,.;")
    elif len(text.split()) <= 4:
        found = _RAG_RE.search(text)
        rag = found.group(1).lower() if found else None

    for status, pattern in _LEADING_RE:
        if pattern.match(text):
            return status, rag
    for status, pattern in _ANYWHERE_RE:
        if pattern.search(text):
            return status, rag
    return "unknown", rag


def split_statuses(raw: str | None) -> list[str]:
    """Split a cell of run-together status words into one per action.

    Tab-separated plans print parallel statuses in one cell
    ("Complete Complete", "Complete Ongoing"); each is returned on its own.
    A cell with prose or HTML blocks is split into blocks only.

    Parameters
    ----------
    raw : str or None
        The status cell as printed.

    Returns
    -------
    list of str
        The status pieces in order; ``[]`` for an empty cell.

    Examples
    --------
    >>> split_statuses("Complete Ongoing")
    ['Complete', 'Ongoing']
    >>> split_statuses("<p>Complete October 2011</p> <p>Complete</p>")
    ['Complete October 2011', 'Complete']
    """
    from .text import split_blocks

    out: list[str] = []
    for block in split_blocks(raw or ""):
        if _RUN_RE.match(block) and not _is_legend(raw or ""):
            out.extend(w.strip() for w in _WORD_RE.findall(block))
        else:
            out.append(block)
    return out


_ENTRY_TAGS = re.compile(r"</?(?:li|p|ul|ol)\b[^>]*>|<br\s*/?>")
_BULLET_MARKS = re.compile(f"[{BULLETS}]")


def _pieces(raw: str) -> list[str]:
    """Sentences and bullet entries of a progress text (raw: bullets and tags still in)."""
    # Tags first (up to the last ">" only: see sub_tags), then bullets: the same as one
    # expression with both, as a bullet inside a tag goes with the tag either way.
    marked = _BULLET_MARKS.sub("\n", sub_tags(_ENTRY_TAGS, "\n", raw))
    out: list[str] = []
    for block in marked.split("\n"):
        out.extend(clean_text(p) for p in _SENTENCES.split(block) if clean_text(p))
    return out


def status_from_text(text: str | None, *, as_of: dt.date | None = None) -> str | None:
    """Read a status from progress prose, more weakly than a status cell.

    Future or continuing wording ("will be", "to be", "continues to", "ongoing",
    "being developed", "reviewing by September") means in progress, even beside
    completed parts, and so does a date after the plan's own progress date
    ``as_of`` ("Addressed via ICS Oct/Nov 2006" in a plan as at July 2006); past
    wording ("has been completed", "now in place", "Training Plan established")
    alone means complete. Consequences ("This will ensure …") do not count as
    work still to come.

    Parameters
    ----------
    text : str or None
        Progress, update or evidence text.
    as_of : datetime.date, optional
        The plan's own progress date.

    Returns
    -------
    str or None
        ``complete``, ``in_progress``, ``delayed``, ``not_started`` or None
        when the text gives no sign.

    Examples
    --------
    >>> status_from_text("This has been achieved – full time worker in place")
    'complete'
    >>> status_from_text("Joint protocol to be revised")
    'in_progress'
    >>> status_from_text("Manual system established • Procedure agreed and implemented")
    'complete'
    >>> status_from_text("Addressed via ICS Oct/Nov 2006", as_of=dt.date(2006, 7, 1))
    'in_progress'
    >>> status_from_text("Audit by Named Nurse") is None
    True
    """
    cleaned = clean_text(text or "")
    if not cleaned:
        return None
    percent = _PERCENT.match(cleaned)
    if percent:
        # "75% complete", "100%" in a progress column: how much of the work is done.
        share = int(percent.group(1))
        return "complete" if share >= 100 else "not_started" if share == 0 else "in_progress"
    # A leading status word ("COMPLETED To be reinforced at training") is
    # the author's verdict; the words after it are monitoring notes.
    for status, pattern in _LEADING_RE:
        if pattern.match(cleaned):
            return status
    if _TEXT_NOT_STARTED.search(cleaned):
        return "not_started"
    if _TEXT_DELAYED.search(cleaned):
        return "delayed"
    if _part_done(cleaned):
        return "in_progress"
    pieces = _pieces(text or "")
    for piece in pieces:
        if re.match(_OPENER, piece, re.IGNORECASE):
            continue  # "These measures will strengthen …": what the work leads to
        if _TEXT_PROGRESS.search(_ENABLING.sub(" ", piece)) or (
            _WILL.search(piece) and not _CONSEQUENCE.search(piece)
        ):
            return "in_progress"
    if as_of is not None:
        for _, last in dates_in(cleaned, default_year=as_of.year):
            if last > as_of:
                return "in_progress"
    if _TEXT_COMPLETE.search(cleaned):
        return "complete"
    if any(len(p.split()) <= 14 and _note_done(p) for p in pieces):
        return "complete"
    return None


_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_COUNT = r"(\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")"
# "Ten of 24 practices trained", "3 out of 5 teams": some of the work, not all of it.
_SOME_OF = re.compile(rf"\b{_COUNT}\s+(?:out\s+)?of\s+(?:the\s+)?{_COUNT}\b", re.IGNORECASE)
# A draft is the work under way ("Letter drafted", "Draft protocol circulated"), unless
# the same note says it was then adopted.
_DRAFT = re.compile(r"\bdraft(?:ed|s)?\b", re.IGNORECASE)
_ADOPTED = re.compile(
    r"\b(?:approved|agreed|adopted|ratified|signed\s+off|published|implemented|launched|"
    r"in\s+place|completed?|finali[sz]ed)\b",
    re.IGNORECASE,
)


def _part_done(text: str) -> bool:
    """Progress that reports part of the work: some of a count, or a draft not yet adopted.

    Examples
    --------
    >>> _part_done("Ten of 24 practices trained."), _part_done("24 of 24 practices trained")
    (True, False)
    >>> _part_done("Letter drafted."), _part_done("Draft policy approved by the board")
    (True, False)
    """
    for match in _SOME_OF.finditer(text):
        done, whole = (
            int(value) if value.isdigit() else _NUMBER_WORDS[value.lower()]
            for value in match.groups()
        )
        if done < whole:
            return True
    return bool(_DRAFT.search(text)) and not _ADOPTED.search(text)


def opening_status(text: str | None) -> str | None:
    """The status a text opens with, as an author's verdict ("Completed 14 August 2023: …",
    "Ongoing"), or None when it opens otherwise.

    Examples
    --------
    >>> opening_status("Completed 2 November 2023: letter sent"), opening_status("Ongoing")
    ('complete', 'in_progress')
    >>> opening_status("Staff will be trained") is None
    True
    """
    cleaned = clean_text(text or "")
    for status, pattern in _LEADING_RE:
        if pattern.match(cleaned):
            return status
    return None


def action_status(
    *,
    status_raw: str | None,
    from_status_column: bool,
    rag: str | None,
    progress: str | None,
    due_raw: str | None = None,
    section_status: str | None = None,
    rag_map: dict[str, str] | None = None,
    as_of: dt.date | None = None,
    outcome: str | None = None,
) -> tuple[str, str | None, str]:
    """An action's ``(status, rag, status_basis)`` from what the plan gives.

    Parameters
    ----------
    status_raw : str or None
        The status words printed for the action.
    from_status_column : bool
        Whether ``status_raw`` stands in a status column (else it opened the progress text).
    rag : str or None
        The RAG cell as printed.
    progress : str or None
        The progress or update words.
    due_raw : str or None
        The due cell ("Completed June 2011" reports a status).
    section_status : str or None
        A status the action's section prints for all its actions ("All actions completed").
    rag_map : dict, optional
        Colour -> status, the plan's legend with the user's overrides; defaults to
        :data:`DEFAULT_RAG_MAP`.
    as_of : datetime.date, optional
        The plan's own progress date.
    outcome : str or None
        The outcome or completion words; they count when they open with a status
        ("Completed 2 November 2023: …", "Ongoing"), over the progress words. An
        outcome that says what the work should achieve ("Staff will be …") does not.

    Returns
    -------
    tuple of (str, str or None, str)
        The status, the RAG colour and where the status came from
        (``status``, ``rag``, ``progress`` or ``none``).

    Raises
    ------
    Nothing: a colour the mapping lacks reads ``unknown``.

    Examples
    --------
    >>> action_status(status_raw=None, from_status_column=False, rag="Amber", progress="x")
    ('in_progress', 'amber', 'rag')
    >>> action_status(status_raw="Ongoing", from_status_column=True, rag=None, progress=None)
    ('in_progress', None, 'status')
    """
    mapping = {**DEFAULT_RAG_MAP, **(rag_map or {})}
    status, colour = normalise_status(status_raw) if status_raw else ("unknown", None)
    if rag and not colour:
        _, colour = normalise_status(rag)
        # A RAG column of letters: "G", "A", "R".
        letter = clean_text(rag).strip(" .").lower()
        if not colour and letter in RAG_LETTERS:
            colour = RAG_LETTERS[letter]
    if status_raw and from_status_column and status != "unknown":
        return status, colour, "status"
    if colour:
        return mapping.get(colour, "unknown"), colour, "rag"
    if status_raw and status != "unknown":
        return status, colour, "progress"
    verdict = opening_status(outcome)
    if verdict:
        return verdict, colour, "progress"
    guessed = status_from_text(progress, as_of=as_of) if progress else None
    if guessed:
        return guessed, colour, "progress"
    if due_raw and re.match(r"^\W*completed?\b", clean_text(due_raw), re.IGNORECASE):
        return "complete", colour, "progress"
    if section_status:
        status, _ = normalise_status(section_status)
        if status != "unknown":
            return status, colour, "status"
    return "unknown", colour, "none"
