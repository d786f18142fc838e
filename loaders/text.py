"""Cleaning and splitting of table cells extracted from Word/PDF plans.

Cells arrive either as plain text (tab-separated layouts) or as small HTML
fragments (markdown pipe tables whose cells hold ``<p>``, ``<ul><li>`` and
``<br/>``).  The helpers here turn such a cell into clean text, into its
paragraph-level blocks, or into the distinct steps of an ACTION cell.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

from .memo import short_text_cache

__all__ = [
    "Step",
    "clean_text",
    "is_ditto",
    "STRUCK_THROUGH",
    "normalise_space",
    "split_blocks",
    "split_steps",
    "last_words",
    "non_word_tail",
    "search_tag",
    "split_tags",
    "sub_tags",
]

BULLETS = "•●◦▪■□○◆◇►▸‣⁃"
_BULLET_RE = re.compile(f"[{BULLETS}]")
# A hyphen or dash only counts as a bullet at the start of a line; elsewhere
# it is a range ("April – Sept 2006") or a parenthetical dash.
_DASH_BULLET_RE = re.compile(r"(?m)^[ \t]*[-–—][ \t]+")

# Tags that delimit paragraph-level blocks; inline tags (<b>, <sup>, ...)
# are removed without a space so "1<sup>st</sup>" reads "1st".
_STEP_BULLET_RE = re.compile(rf"[{BULLETS}]|(?m:^[ \t]*[-–—][ \t]+)")

_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|li|ul|ol|div|tr|td|th|table|tbody|thead|h[1-6])\b[^>]*>|<br\s*/?>",
    re.IGNORECASE,
)
_ANY_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
_SPLIT_TAG_RE = re.compile(r"</?(?:p|li|ul|ol|div)\b[^>]*>|<br\s*/?>", re.IGNORECASE)


def sub_tags(pattern: re.Pattern[str], replacement: str, text: str) -> str:
    """``pattern.sub(replacement, text)`` for a tag pattern, in time linear in ``text``.

    A tag pattern (every match ends in ``>``, as ``<[^>]+>`` does) scans from
    each ``<`` to the next ``>``; with no ``>`` left, that is to the end of the
    text from every ``<`` — quadratic on a run of ``<``. No match can end after
    the last ``>``, so the text after it is never searched.

    Parameters
    ----------
    pattern : re.Pattern
        A pattern whose every match ends in ``>``.
    replacement : str
        As for :meth:`re.Pattern.sub`.
    text : str
        Any text.

    Returns
    -------
    str
        The same as ``pattern.sub(replacement, text)``.

    Examples
    --------
    >>> sub_tags(re.compile(r"<[^>]+>"), "", "<b>bold</b> <<<")
    'bold <<<'
    """
    end = text.rfind(">") + 1
    return pattern.sub(replacement, text[:end]) + text[end:]


def search_tag(
    pattern: re.Pattern[str], text: str, position: int = 0, end: int | None = None
) -> re.Match[str] | None:
    """``pattern.search(text, position)`` for a tag pattern, searching no further than
    the last ``>`` (``end``, which a caller searching many times works out once).

    See :func:`sub_tags` for why.

    Examples
    --------
    >>> search_tag(re.compile(r"<b[^>]*>"), "x <b>bold</b> <b<b<b").span()
    (2, 5)
    """
    return pattern.search(text, position, text.rfind(">") + 1 if end is None else end)


def split_tags(pattern: re.Pattern[str], text: str) -> list[str]:
    """``pattern.split(text)`` for a tag pattern without groups, in linear time.

    See :func:`sub_tags` for why.

    Examples
    --------
    >>> split_tags(re.compile(r"<br/>"), "a<br/>b <<")
    ['a', 'b <<']
    """
    end = text.rfind(">") + 1
    pieces = pattern.split(text[:end])
    pieces[-1] += text[end:]
    return pieces


def last_words(text: str, end: int, count: int) -> list[str]:
    """``text[:end].split()[-count:]``, without copying or splitting all the text before.

    Reads a window before ``end`` that grows until it holds more than ``count``
    words (the first may be cut; the last ``count`` are whole) or reaches the start.

    Examples
    --------
    >>> last_words("shared across police, RBK Housing and", 38, 2)
    ['Housing', 'and']
    """
    if count < 1:
        return []
    size = 64
    while True:
        begin = max(0, end - size)
        words = text[begin:end].split()
        if begin == 0 or len(words) > count:
            return words[-count:]
        size *= 4


_NON_WORD_RUN = re.compile(r"\W*")


def non_word_tail(text: str) -> int:
    """Where the run of non-word characters that ends ``text`` starts.

    Read backwards from a window at the end that grows until it holds the run,
    so the text before it is never copied or scanned (searching ``\\W*$``
    forwards rescans a long run of dots from each of them).

    Examples
    --------
    >>> non_word_tail("Chair of..."), non_word_tail("...")
    (8, 0)
    """
    size = 64
    while True:
        begin = max(0, len(text) - size)
        run = _NON_WORD_RUN.match(text[begin:][::-1]).end()
        if begin == 0 or run < len(text) - begin:
            return len(text) - run
        size *= 4


class Step(NamedTuple):
    """One step of an ACTION cell.

    Attributes
    ----------
    label : str or None
        The enumeration label as printed, without brackets (``"a"``,
        ``"ii"``, ``"a i"``, ``"1"``), or None for paragraphs, bullets and
        ``;`` clauses.
    text : str
        The cleaned step text, without its label.
    """

    label: str | None
    text: str


def normalise_space(s: str) -> str:
    """Collapse runs of whitespace (including no-break spaces) to one space.

    Parameters
    ----------
    s : str
        Any text.

    Returns
    -------
    str
        The text with single spaces and no leading/trailing whitespace.

    Examples
    --------
    >>> normalise_space("  Named\\u00a0Nurse \\n Named   Doctor ")
    'Named Nurse Named Doctor'
    """
    return " ".join(s.split())


@short_text_cache(maxsize=65_536)
def clean_text(raw: str) -> str:
    """Turn a raw cell (possibly an HTML fragment) into plain text.

    Decodes HTML entities, replaces block tags and ``<br/>`` by a space,
    drops inline tags, strips bullet glyphs (and a dash used as a bullet at
    line start) and collapses whitespace.

    Parameters
    ----------
    raw : str
        Cell text as extracted.

    Returns
    -------
    str
        Clean single-line text; ``""`` for an empty cell.

    Examples
    --------
    >>> clean_text("<p>From 1<sup>st</sup> April<br/>A&amp;E</p> <ul><li>• Done</li></ul>")
    'From 1st April A&E Done'
    """
    if not raw:
        return ""
    text = sub_tags(_BLOCK_TAG_RE, " ", raw)
    text = sub_tags(_ANY_TAG_RE, "", text)
    # Unescape after tag removal so an escaped "&lt;p&gt;" stays literal text.
    text = html.unescape(text)
    text = _DASH_BULLET_RE.sub(" ", text)
    text = _BULLET_RE.sub(" ", text)
    return normalise_space(text)


def _raw_blocks(raw: str) -> list[str]:
    """Split on block tags but keep each piece raw (bullets still present)."""
    if not raw:
        return []
    return split_tags(_SPLIT_TAG_RE, raw)


def split_blocks(raw: str) -> list[str]:
    """Split a cell into its paragraph-level pieces.

    Each ``<p>…</p>``, each ``<li>…</li>``, each text run outside them and
    each ``<br/>``-separated line becomes one cleaned piece; empty pieces are
    dropped.  A cell without HTML is one block.

    Parameters
    ----------
    raw : str
        Cell text as extracted.

    Returns
    -------
    list of str
        Cleaned, non-empty blocks in document order.

    Examples
    --------
    >>> split_blocks("<p>May 2006</p> <p>March 2006</p>")
    ['May 2006', 'March 2006']
    >>> split_blocks("Plain cell")
    ['Plain cell']
    """
    blocks = (clean_text(piece) for piece in _raw_blocks(raw))
    return [b for b in blocks if b]


_ROMAN = r"(?:viii|vii|vi|iv|ix|v|iii|ii|i|x)"
# Labels like "a)", "ii)", "a i)", "b iii)", "1)", "a ii)." inside a block.
_ENUM_RE = re.compile(
    rf"(?:(?<=\s)|^)(?P<label>[a-z]\s?{_ROMAN}|{_ROMAN}|[a-z]|\d{{1,2}})\)\.?(?=\s*\S)"
)
# Labels only trusted at the very start of a block: "i.", "a.", "(a)", "1.".
_LEAD_LABEL_RE = re.compile(
    rf"^\(?(?P<label>{_ROMAN}|[a-z]|\d{{1,2}})(?:\.|\))\s+(?=\S)", re.IGNORECASE
)
_DITTO_WORDS = {
    "as above",
    "see above",
    "same as above",
    "as per above",
    "ditto",
    "do",
    "as before",
}


def _enumerated(block: str) -> list[Step]:
    """Split one cleaned block at its enumeration labels."""
    matches = list(_ENUM_RE.finditer(block))
    # One stray "x)" in prose is not an enumeration unless it opens the block.
    if len(matches) < 2 and not (matches and matches[0].start() == 0):
        lead = _LEAD_LABEL_RE.match(block)
        if lead:
            return [Step(lead.group("label").lower(), block[lead.end() :].strip())]
        return [Step(None, block)]
    steps: list[Step] = []
    head = block[: matches[0].start()].strip()
    if head:
        steps.append(Step(None, head))
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        end = nxt.start() if nxt else len(block)
        text = block[m.end() : end].strip()
        if text:
            steps.append(Step(normalise_space(m.group("label")), text))
    return steps


def _split_semicolons(text: str) -> list[str]:
    """Split a block of imperative clauses at top-level semicolons."""
    if ";" not in text:
        return [text]
    pieces: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    pieces = [p.strip() for p in pieces]
    # "taking into account: A; B; C" is one step listing its parts.
    if ":" in pieces[0]:
        return [text.rstrip("; ").strip()]
    out: list[list[str]] = []  # each clause as its pieces, joined once at the end
    for piece in pieces:
        if not piece:
            continue
        # The clause so far has three words when its pieces together do.
        if out and _words_at_least(out[-1], 3) and len(piece.split()) >= 3 and piece[0].isupper():
            out.append([piece])
        elif out:
            out[-1].append(piece)
        else:
            out.append([piece])
    return ["; ".join(clause) for clause in out]


def _words_at_least(pieces: list[str], count: int) -> bool:
    """Whether ``"; ".join(pieces)`` has ``count`` words, reading no more pieces than needed."""
    total = 0
    for piece in pieces:
        total += len(piece.split())
        if total >= count:
            return True
    return False


def split_steps(raw: str) -> list[Step]:
    """Split an ACTION-like cell into its distinct steps.

    Splits at blocks (see :func:`split_blocks`), then at bullet glyphs, then
    at enumeration labels (``a)``, ``ii)``, ``a i)``, ``1)``; ``i.``/``a.``
    only at the start of a block) and finally at ``;`` between clauses of at
    least three words where the next clause starts with a capital letter and
    no ``:`` introduces the list.  Full stops never split, so ``e.g.``,
    ``i.e.`` and ``Dr.`` are safe.

    Parameters
    ----------
    raw : str
        Cell text as extracted.

    Returns
    -------
    list of Step
        Steps in document order, each with its label (or None) and text.

    Examples
    --------
    >>> [s.text for s in split_steps("LSCB to review the documents; LSCB to audit the tools")]
    ['LSCB to review the documents', 'LSCB to audit the tools']
    >>> split_steps("c i) Arrange meeting c ii) Develop protocol")
    [Step(label='c i', text='Arrange meeting'), Step(label='c ii', text='Develop protocol')]
    """
    steps: list[Step] = []
    for block in _raw_blocks(raw):
        for piece in _STEP_BULLET_RE.split(block):
            cleaned = clean_text(piece)
            if not cleaned:
                continue
            for step in _enumerated(cleaned):
                for clause in _split_semicolons(step.text):
                    clause = clause.strip()
                    if clause:
                        steps.append(Step(step.label, clause))
    return steps


# Pure, and asked of every cell several times over.
#: Words struck through, as a plan's text writes them: "~~March 2024~~ June 2024".
STRUCK_THROUGH = re.compile(r"~~[^~]*~~")


@short_text_cache(maxsize=65_536)
def is_ditto(text: str) -> bool:
    """Tell whether a cell or block only says "same as the one above".

    Parameters
    ----------
    text : str
        A cell or block, raw or clean.

    Returns
    -------
    bool
        True for "As above", "SEE ABOVE", "Ditto", a lone ``"`` and the like,
        whatever the case and punctuation.

    Examples
    --------
    >>> is_ditto("<p>As above.</p>"), is_ditto('"'), is_ditto("see 3.3.9 above")
    (True, True, False)
    >>> is_ditto("Fel uchod / As above")
    True
    """
    cleaned = clean_text(text or "")
    if not cleaned:
        return False
    words = re.sub(r"[\W_]+", " ", cleaned.lower()).strip()
    if not words:
        # Only ditto marks such as " or ” or 〃 remain.
        return bool(re.fullmatch(r"[\"'“”„″〃\s]+", cleaned))
    if words in _DITTO_WORDS:
        return True
    # "Fel uchod / As above": the same words in two languages.
    parts = cleaned.split(" / ")
    return len(parts) == 2 and any(
        re.sub(r"[\W_]+", " ", part.lower()).strip() in _DITTO_WORDS for part in parts
    )
