"""How alike two plan texts are: their content words, and the share they have in common.

``shared --kind similar`` pairs near-identical actions and recommendations of
different agencies by this measure; :mod:`.similarity_join` finds the pairs
without comparing every one.
"""

from __future__ import annotations

from ._common import words

__all__ = ["MIN_WORDS", "content_words", "similarity"]


# Words that carry no meaning of their own in plan text.
_STOPWORDS = frozenset(
    """a an the and or of to in on for from by with at as is are be been being will should
    must may can this that these those it its their they them all any each such if which
    who whom what when where how into onto than then so not no also only other
    """.split()
)
# Texts shorter than this say too little ("Letter to GPs.") to call two of them alike.
MIN_WORDS = 4


def content_words(text: str) -> frozenset[str]:
    """The words of ``text`` that carry meaning, lightly stemmed, stop words dropped.

    Raises
    ------
    TypeError
        When ``text`` is not text.

    Examples
    --------
    >>> sorted(content_words("Referrals of injuries to the GP are checked"))
    ['check', 'gp', 'injur', 'referral']
    """
    found = set()
    for word in words(text):
        if word in _STOPWORDS or len(word) < 2:
            continue
        # A light stem, so that "injuries"/"injury" and "referrals"/"referral" meet.
        for suffix in ("ies", "es", "s", "ed", "ing"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        found.add(word)
    return frozenset(found)


def similarity(first: str, second: str) -> float:
    """How alike two texts are, from 0 to 1: the share of the shorter text's content
    words that the other uses too (overlap coefficient, stop words dropped, light
    stemming). Texts of fewer than four content words score 0.

    Examples
    --------
    >>> similarity("Amend the wording on the internal assessment document for suspicious "
    ...     "injuries from a 'check' to 'refer'", "Wording on any internal assessment document "
    ...     "for suspicious injuries is changed from a 'check' (if such reference is made) to "
    ...     "refer and Practice is accordingly changed")
    0.89
    >>> similarity("Letter to GPs.", "Letter to GPs.")
    0.0
    """
    a, b = content_words(first), content_words(second)
    if min(len(a), len(b)) < MIN_WORDS:
        return 0.0
    return round(len(a & b) / min(len(a), len(b)), 2)
