"""Reference words: the printed pointers of a plan, found in one text.

Plans point at themselves in many ways: "See 3.3.9 (v)", "see LSCB above",
"as action 18", "As above", "ditto"; this module holds the words that make such
a pointer (and the words after "above" that make it a place, not a pointer),
and turns each match into a :class:`Mention` saying what it points at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Mention", "find_references", "may_refer"]

Kind = Literal["explicit", "positional", "ditto"]

# -- detection -----------------------------------------------------------------

_LEAD = (
    r"(?:see(?:\s+also)?|refer(?:red)?\s+to|cf\.?|compare\s+with|as\s+per|as\s+in|same\s+as|as"
    r"|links?\s+(?:in\s+)?(?:to|with)|linked\s+(?:to|with)|duplicates?(?:\s+of)?|as\s+for)"
)
_NOUN = r"(?P<noun>para(?:graph)?s?\.?|section|sec\.|recommendations?|recs?\.?|items?|points?|no\.)"
_NUMBER = (
    r"(?P<num>\d{1,3}(?:\.\d{1,3}){0,4})"
    r"(?:\s*\(\s*(?P<sub>[ivx]{1,5}|[a-h])\s*\)|(?P<tail>[a-h])(?![\w.]))?"
)
_DIRECTION = r"(?P<dir>above|below)"
# An agency as printed: capitalised words or an acronym ("LSCB", "Kingston PCT").
_AGENCY = (
    r"(?-i:(?P<agency>(?!(?:See|The|This|That|Action|Section|Appendix|Annex|Table|Figure|"
    r"Page|Form)\b)"
    r"[A-Z][\w&'’]*(?:\s+[A-Z][\w&'’]*){0,3}))"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        # "see LSCB action line 2", "See action 34", "as action 18", "as per action 5"
        "action",
        re.compile(
            rf"\b{_LEAD}\s+(?:{_AGENCY}\s+)?(?P<what>action|item)(?:\s+(?:line|no\.?|number))?"
            r"\s+(?P<num>\d{1,3}(?:\.\d{1,3}){0,3})\b(?!\.\d)(?:\s*\(\s*(?P<sub>[a-h])\s*\))?",
            re.IGNORECASE,
        ),
    ),
    (
        # "See 3.3.9 (v)", "see 2.2 below", "(see para 4.2)", "see recommendation 12"
        "number",
        re.compile(
            rf"\b{_LEAD}\s+(?:{_NOUN}\s*)?{_NUMBER}(?:\s+{_DIRECTION})?",
            re.IGNORECASE,
        ),
    ),
    (
        # Letters and a number, as boards number items by agency: "See Police action P2",
        # "see recommendation ASC1", "See P2 above", "as action H1"
        "number",
        re.compile(
            rf"\b{_LEAD}\s+(?:{_AGENCY}\s+)?(?:(?P<noun>actions?|recommendations?|recs?\.?|items?)"
            r"\s+)?(?-i:(?P<num>[A-Z]{1,8}\d{1,3}(?:\.\d{1,3}){0,3}))\b(?![./]\d)"
            rf"(?:\s+{_DIRECTION})?",
            re.IGNORECASE,
        ),
    ),
    (
        # A letter or a Roman numeral, as plans number items "A", "B" … or "i", "ii" …:
        # "links to A", "see (ii) above", "as for B"; never a word ("see i.e.").
        "number",
        re.compile(
            rf"\b{_LEAD}\s+(?:(?P<noun>actions?|recommendations?|recs?\.?|items?)\s+)?"
            r"\(?(?-i:(?P<num>[A-Z]|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})))\)?"
            r"(?=\s*(?:$|[,;:)]|\.(?!\w)|\s(?:above|below|and|for|re)\b))"
            rf"(?:\s+{_DIRECTION})?",
            re.IGNORECASE,
        ),
    ),
    (
        # "see LSCB above"
        "agency",
        re.compile(
            rf"\b(?:see(?:\s+also)?|refer\s+to|cf\.?)\s+(?:the\s+)?{_AGENCY}\s+{_DIRECTION}\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "see above", "As above", "SEE ABOVE", "see below", "same as above"
        "bare",
        re.compile(
            r"\b(?P<lead>see(?:\s+also)?|refer\s+to|cf\.?|same\s+as|as\s+per|as)\s+"
            r"(?P<the>the\s+)?(?P<dir>above|below)\b",
            re.IGNORECASE,
        ),
    ),
    ("ditto", re.compile(r"\bditto\b", re.IGNORECASE)),
]

# The word every form's match opens with ("see", "refer(red) to", "cf.", "compare with",
# "same as", "as", "ditto"), matched as the forms match it: a text without one has no
# reference words.
_ANY_LEAD = re.compile(
    r"\b(?:see|refer|referred|cf|compare|same|as|ditto|links?|linked|duplicates?)\b",
    re.IGNORECASE,
)

# Words after "above" that make it a place ("as above the threshold"), not a pointer.
_NOT_A_POINTER_AFTER = re.compile(
    r"\s+(?:the|a|an|this|that|these|those|its|their|all|threshold|level|average|target|"
    r"normal|expected|national|\w+ing)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """Reference words found in a text.

    Attributes
    ----------
    raw : str
        The words as printed.
    kind : {"explicit", "positional", "ditto"}
        A numbered pointer, an above/below pointer, or a cell repeating the one above.
    start, end : int
        Offsets of the words in the searched text.
    form : str
        Which pattern matched: ``action``, ``number``, ``agency``, ``bare`` or ``ditto``.
    number : str or None
        The number pointed at (``"3.3.9"``, ``"34"``).
    sub : str or None
        The sub-item (``"v"`` of ``3.3.9 (v)``).
    agency : str or None
        The agency or section named (``"LSCB"``).
    direction : {"above", "below"} or None
        Where the target stands.
    noun : str or None
        The word before the number (``section``, ``para``, ``recommendation``).
    """

    raw: str
    kind: Kind
    start: int
    end: int
    form: str
    number: str | None = None
    sub: str | None = None
    agency: str | None = None
    direction: str | None = None
    noun: str | None = None


def _group(match: re.Match[str], name: str) -> str | None:
    try:
        value = match.group(name)
    except IndexError:
        return None
    return value.strip() if value else None


def _is_ditto(text: str, match: re.Match[str], direction: str | None) -> bool:
    """A bare "As above"/"SEE ABOVE" that stands alone, in capitals or as its own sentence."""
    if direction != "above":
        return False
    lead = match.group("lead").lower().split()[0]
    if lead not in ("see", "as", "same"):
        return False
    # The last character before the words and the spaces before them, if any:
    # what "(?:^|[.;:!?)\]])\s*$" asks of the text before, without copying it.
    last = match.start()
    while last and text[last - 1].isspace():
        last -= 1
    return not last or match.group(0).isupper() or text[last - 1] in ".;:!?)]"


def may_refer(text: str) -> bool:
    """Whether ``text`` holds a word that opens reference words ("see", "as", "ditto" …):
    a text without one has none (:func:`find_references` returns ``[]``).

    Raises
    ------
    TypeError
        When ``text`` is not a string.

    Examples
    --------
    >>> may_refer("Audit of case files"), may_refer("As above")
    (False, True)
    """
    return _ANY_LEAD.search(text) is not None


def find_references(text: str) -> list[Mention]:
    """Find the cross-reference words in one text, in order.

    Parameters
    ----------
    text : str
        Plain text (a cell, a field of an item).

    Returns
    -------
    list of Mention
        Non-overlapping mentions, in the order they appear.

    Raises
    ------
    TypeError
        When ``text`` is not a string.

    Examples
    --------
    >>> [(m.raw, m.kind) for m in find_references("Shared – see above. See 3.3.9 (v)")]
    [('see above', 'positional'), ('See 3.3.9 (v)', 'explicit')]
    >>> [m.kind for m in find_references("As above.")]
    ['ditto']
    >>> find_references("as seen above the threshold; the above policy")
    []
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text, got {type(text).__name__}")
    if not may_refer(text):
        return []  # every pointer opens with one of these words; most cells have none
    found: list[Mention] = []
    # Spans taken by earlier forms, in order; a later form's matches (in order
    # too) are checked against them with one pointer instead of one scan each.
    taken: list[tuple[int, int]] = []
    letters: list[int] = []  # how many letters and digits the text has, once needed
    for form, pattern in _PATTERNS:
        added: list[tuple[int, int]] = []
        pointer = 0
        for match in pattern.finditer(text):
            start, end = match.span()
            while pointer < len(taken) and taken[pointer][1] <= start:
                pointer += 1
            if pointer < len(taken) and taken[pointer][0] < end:
                continue
            mention = _mention(text, form, match, letters)
            if mention is None:
                continue
            found.append(mention)
            added.append((start, end))
        if added:
            taken = sorted([*taken, *added])
    for mention in list(found):
        if mention.form != "number" or mention.kind != "explicit":
            continue
        # "see recommendations 1 and 3", "see 2.1, 2.3 and 2.4": one pointer at several.
        end = mention.end
        while True:
            more = _AND_NUMBER.match(text, end)
            if not more or any(m.start < more.end() and more.start() < m.end for m in found):
                break
            found.append(
                Mention(
                    more.group(0).strip(" ,&"),
                    "explicit",
                    more.start("num"),
                    more.end(),
                    "number",
                    number=more.group("num"),
                    noun=mention.noun,
                    direction=mention.direction,
                )
            )
            end = more.end()
    return sorted(found, key=lambda m: m.start)


_AND_NUMBER = re.compile(r"\s*(?:,|and|&)\s*(?P<num>\d{1,3}(?:\.\d{1,3}){0,4})\b(?![./]\d)")


_NOT_LETTER = re.compile(r"[\W_]+")
_SPACE_LOWER = re.compile(r"\s+[a-z]")
_SPACE_WORD = re.compile(r"\s+[a-z]{3,}")


def _mention(text: str, form: str, match: re.Match[str], letters: list[int]) -> Mention | None:
    raw = match.group(0)
    start, end = match.span()
    direction = (_group(match, "dir") or "").lower() or None
    if form == "ditto":
        # Alone: no letter or digit in the text outside the words.
        if not letters:
            letters.append(len(_NOT_LETTER.sub("", text)))
        alone = letters[0] == len(_NOT_LETTER.sub("", raw))
        return Mention(raw, "ditto", start, end, form, direction="above") if alone else None
    if form == "bare":
        if _NOT_A_POINTER_AFTER.match(text, end):
            return None
        lead = match.group("lead").lower()
        if match.group("the") and _SPACE_LOWER.match(text, end):
            return None  # "refer to the above policy"
        if lead.startswith("as") and _SPACE_WORD.match(text, end) and lead != "as per":
            return None  # "as above ground"
        kind: Kind = "ditto" if _is_ditto(text, match, direction) else "positional"
        return Mention(raw, kind, start, end, form, direction=direction)
    if form == "agency":
        return Mention(
            raw, "positional", start, end, form, agency=_group(match, "agency"), direction=direction
        )
    lead = raw.split()[0].lower()
    if form == "action":
        if lead == "as" and _group(match, "agency"):
            return None
        return Mention(
            raw,
            "explicit",
            start,
            end,
            form,
            number=_group(match, "num"),
            sub=(_group(match, "sub") or "").lower() or None,
            agency=_group(match, "agency"),
            noun=_group(match, "what").lower(),
        )
    # numbered
    number, sub, noun = _group(match, "num"), _group(match, "sub"), _group(match, "noun")
    sub = sub or _group(match, "tail")  # "see 1b": action b of recommendation 1
    if not noun and (number or "").isdigit() and not sub and not direction:
        # A bare integer is only a pointer when nothing follows it ("see 3 children" is not).
        listed = _AND_NUMBER.match(text, end)  # "see 1 and 3": numbers, not "see 3 children"
        if lead not in ("see", "cf", "cf.", "refer") or (
            _SPACE_LOWER.match(text, end) and not listed
        ):
            return None
    if (
        lead in ("as", "same")
        and not noun
        and not re.match(r"as\s+(?:for|per)\b", raw, re.IGNORECASE)
    ):
        return None  # "as 2.1" reads as a number, not a pointer
    if noun:
        noun = noun.lower().rstrip(".s") or noun.lower()
    return Mention(
        raw,
        "explicit",
        start,
        end,
        form,
        number=number,
        sub=sub.lower() if sub else None,
        direction=direction,
        noun=noun,
    )
