"""Initials and abbreviations of agency names: what a plan may shorten a name to.

A plan writes "SWYPFT" for South West Yorkshire Partnership NHS Foundation
Trust, defines "(CCGs)" after Clinical Commissioning Groups, and uses "PCT"
where another part spells out Primary Care Trust. :mod:`.agency_names` matches
these forms; this module knows how they are made.
"""

from __future__ import annotations

import re

from .text import last_words

__all__ = ["acronyms", "defined_abbreviations", "phrases_with_initials", "InitialsIndex"]

_WORD = re.compile(r"[A-Za-z0-9][\w'’&/-]*")


def acronyms(name: str) -> set[str]:
    """Initials a plan may use for a long name.

    Raises
    ------
    Nothing: a name of fewer than three capitalised words has no initials.

    Examples
    --------
    >>> sorted(acronyms("South West Yorkshire Partnership NHS Foundation Trust"))
    ['SWYPFT', 'SWYPNFT']
    >>> sorted(acronyms("The Mid Yorkshire Hospitals NHS Trust"))
    ['MYHNT', 'MYHT', 'TMYHNT', 'TMYHT']
    """
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper() and len(w) > 1]
    found: set[str] = set()
    for start in (0, 1) if words and words[0] == "The" else (0,):
        part = words[start:]
        if len(part) < 3:
            continue
        found.add("".join(w[0] for w in part))
        found.add("".join(w[0] for w in part if w != "NHS"))
    return {a for a in found if len(a) >= 3}


_JOINING = frozenset({"of", "and", "for", "the", "&", "in", "on"})
_BRACKETED = re.compile(r"\(\s*([A-Z][A-Za-z&/]{1,9})\s*\)")


def defined_abbreviations(text: str) -> list[tuple[str, str]]:
    """Abbreviations a text defines in brackets right after a capitalised name.

    Raises
    ------
    Nothing: brackets after no capitalised name define nothing.

    Examples
    --------
    >>> defined_abbreviations("work with the Clinical Commissioning Groups (CCGs) to bring")
    [('Clinical Commissioning Groups', 'CCGs')]
    >>> defined_abbreviations("as for Health Commissioners (PCT) and provider trust")
    [('Health Commissioners', 'PCT')]
    """
    found = []
    for match in _BRACKETED.finditer(text):
        words = last_words(text, match.start(), 10)
        name: list[str] = []
        for word in reversed(words):
            if word[:1].isupper() or (name and word.lower() in _JOINING):
                name.insert(0, word)
            else:
                break
        while name and name[0].lower() in _JOINING:
            name.pop(0)
        if name:
            found.append((" ".join(name), match.group(1)))
    return found


def phrases_with_initials(text: str, initials: str) -> set[str]:
    """Capitalised phrases of ``text`` whose words' initials spell ``initials``.

    Examples
    --------
    >>> sorted(phrases_with_initials("the Primary Care Trust and NHS", "PCT"))
    ['Primary Care Trust']
    """
    return InitialsIndex(text).phrases(initials)


class InitialsIndex:
    """The words of a text and the string of their first letters, so that the phrases
    spelling some initials are found with one ``str.find`` per occurrence, however long
    the text and however many abbreviations are looked up."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: list[str] | None = None
        self.initials = ""

    @property
    def words(self) -> list[str]:
        # Read the words only when some name has initials to look up.
        if self._words is None:
            self._words = _WORD.findall(self.text)
            self.initials = "".join([w[0] for w in self._words])
        return self._words

    def phrases(self, initials: str) -> set[str]:
        """Runs of 3 to 6 capitalised (not all-capital) words whose initials spell ``initials``."""
        found: set[str] = set()
        count = len(initials)
        if not 3 <= count <= 6:
            return found
        words = self.words
        start = self.initials.find(initials)
        while start >= 0:
            group = words[start : start + count]
            if all(w[0].isupper() and not w.isupper() for w in group):
                found.add(" ".join(group))
            start = self.initials.find(initials, start + 1)
        return found
