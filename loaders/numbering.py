"""Recommendation numbering: the numbered items, lettered sub-items and lead-ins of a cell.

A recommendation cell holds "1.", "3.3.9", "(v)", "a)" items, an introduction
("The review makes the following recommendations:") and footnotes; this
module holds the numbering words and turns a cell's blocks into entries that
say which is which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Block
from .text import clean_text

__all__ = ["NUMBER", "SUB", "Entry", "is_intro", "rec_entries"]

NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+|\d{1,3}\.)\.?(?=\s|$)\s*(.*)$", re.DOTALL)
SUB = re.compile(r"^\(?((?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)|[a-z])[.)]\s*(.*)$", re.DOTALL)
_INTRO_VERB = re.compile(r"\b(?:identified|made|makes|make|has made|proposes?)\b", re.IGNORECASE)
_INTRO_NOUN = re.compile(r"\b(?:recommendations?|areas for action)\b", re.IGNORECASE)
_INTRO_PHRASE = re.compile(
    r"\bthe following recommendations?\b|\bfurther recommendations?\b", re.IGNORECASE
)
_FOOTNOTE = re.compile(r"^\*")
_INLINE_SUB = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[:;-]))([a-h])\)\s*")


@dataclass
class Entry:
    kind: str  # "num", "sub", "para", "intro"
    label: str | None
    text: str
    line_start: int
    line_end: int
    index: int | None = None  # index in DocumentItems.recommendations once placed


def is_intro(text: str) -> bool:
    """Whether ``text`` introduces the items after it ("The review made these recommendations").

    True when, with no full stop after it, "the following recommendations" or
    "further recommendations" stands in the text, or "recommendations" (or
    "areas for action") follows "identified", "made", "proposes" … on its line:
    what ``(\\b(identified|made|…)\\b.*\\b(recommendations?|…)\\b|…)[^.]*:?\\s*$``
    matches, found in linear time (the expression rescans the text after every
    verb for every noun).

    Examples
    --------
    >>> is_intro("The Police identified two recommendations:")
    True
    >>> is_intro("The Police made recommendations. They are done.")
    False
    """
    tail = text.rfind(".") + 1
    if _INTRO_PHRASE.search(text, tail):
        return True
    line_start = line_end = -1
    verb_end: int | None = None
    for noun in _INTRO_NOUN.finditer(text, tail):
        if noun.start() > line_end:
            line_start = text.rfind("\n", 0, noun.start()) + 1
            line_end = text.find("\n", noun.start())
            line_end = len(text) if line_end < 0 else line_end
            verb = _INTRO_VERB.search(text, line_start, line_end)
            verb_end = verb.end() if verb else None
        if verb_end is not None and verb_end <= noun.start():
            return True
    return False


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


def rec_entries(blocks: list[Block]) -> list[Entry]:
    entries: list[Entry] = []
    for block in blocks:
        text = clean_text(block.text)
        if not text:
            continue
        number = NUMBER.match(text)
        if block.label and not number:
            # The number stands in a column of its own; the cell holds the words.
            entries.append(Entry("num", block.label, text, block.line_start, block.line_end))
            continue
        sub = None if number else SUB.match(text)
        if number:
            label = number.group(1).rstrip(".")
            body = number.group(2).strip()
            kind = "intro" if body and is_intro(body) and body.endswith(":") else "num"
            if kind == "num" and is_intro(body) and "recommendation" in body.lower():
                kind = "intro" if len(body.split()) < 25 else "num"
            pieces = _inline_subitems(body) if kind == "num" else [(None, body)]
            entries.append(
                Entry(
                    kind,
                    label,
                    pieces[0][1] if pieces[0][0] is None else "",
                    block.line_start,
                    block.line_end,
                )
            )
            for letter, piece in pieces[1:] if pieces[0][0] is None else pieces:
                entries.append(Entry("sub", letter, piece, block.line_start, block.line_end))
        elif sub:
            entries.append(
                Entry("sub", sub.group(1), sub.group(2).strip(), block.line_start, block.line_end)
            )
        elif is_intro(text) and len(text.split()) < 30:
            entries.append(Entry("intro", None, text, block.line_start, block.line_end))
        elif _FOOTNOTE.match(text):
            entries.append(Entry("note", None, text, block.line_start, block.line_end))
        else:
            pieces = _inline_subitems(text)
            entries.append(
                Entry(
                    "para",
                    None,
                    pieces[0][1] if pieces[0][0] is None else "",
                    block.line_start,
                    block.line_end,
                )
            )
            for letter, piece in pieces[1:] if pieces[0][0] is None else pieces:
                entries.append(Entry("sub", letter, piece, block.line_start, block.line_end))
    return entries
