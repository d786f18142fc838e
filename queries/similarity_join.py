"""Pairs of word sets whose overlap coefficient reaches a threshold, without
comparing every pair: the similarity join behind ``shared --kind similar``.

The overlap coefficient of two sets is ``|A ∩ B| / min(|A|, |B|)``. Each set is
the smaller of its pairs with the sets after it in (size, position) order, so
for a pair to reach the threshold ``t`` the smaller set ``S`` must share at
least ``k`` words with the other, ``k`` the least count giving ``t``. Then at
least one of any ``|S| - k + 1`` of its words is shared (prefix filtering):
``S`` looks up only its rarest ``|S| - k + 1`` words in an index of every
set's words, and each set met that way is checked exactly. Rare words have
short lists, so on real plans (thousands of words, a few common ones such as
"staff" and "training") the work grows with the pairs found, not with the
square of the corpus.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

__all__ = ["near_pairs", "least_shared"]

#: At most this many words looked up together, in at most this many groups.
_MOST_TOGETHER = 4
_MOST_GROUPS = 24


def least_shared(size: int, threshold: float) -> int:
    """The fewest shared words that give a set of ``size`` words an overlap
    (rounded to two places, as reported) of at least ``threshold``; at least one.

    Raises
    ------
    ValueError
        When ``size`` is not positive.

    Examples
    --------
    >>> least_shared(10, 0.8), least_shared(4, 0.8), least_shared(3, 0.3)
    (8, 4, 1)
    """
    if size <= 0:
        raise ValueError(f"a set of {size} words has no overlap")
    for count in range(1, size + 1):
        if round(count / size, 2) >= threshold:
            return count
    return size + 1


def near_pairs(
    sets: Sequence[frozenset[str]],
    threshold: float,
    progress: Callable[[Iterable[int], int], Iterable[int]] | None = None,
) -> list[tuple[int, int, float]]:
    """Every pair ``(i, j, score)``, ``i < j``, of sets sharing at least one word whose
    overlap coefficient, rounded to two places, is at least ``threshold``.

    Parameters
    ----------
    sets : sequence of frozenset of str
        Non-empty word sets.
    threshold : float
        Least overlap, from 0 to 1.
    progress : callable, optional
        Wraps the iteration over the sets (a progress bar): ``progress(numbers, total)``.

    Returns
    -------
    list of (int, int, float)
        Sorted by ``i`` then ``j``.

    Raises
    ------
    ValueError
        When a set is empty.

    Examples
    --------
    >>> near_pairs([frozenset("abcd"), frozenset("abcde"), frozenset("wxyz")], 0.8)
    [(0, 1, 1.0)]
    """
    order = sorted(range(len(sets)), key=lambda n: (len(sets[n]), n))
    frequency: Counter[str] = Counter()
    for words in sets:
        frequency.update(words)
    # Postings hold ranks in (size, position) order: a set meets only the sets after it.
    lists: dict[str, list[int]] = defaultdict(list)
    for position, number in enumerate(order):
        for word in sets[number]:
            lists[word].append(position)
    postings = {word: frozenset(ranks) for word, ranks in lists.items()}
    found = []
    positions: Iterable[int] = range(len(order))
    if progress is not None:
        positions = progress(positions, len(order))
    for position in positions:
        number = order[position]
        mine = sets[number]
        size = len(mine)
        needed = least_shared(size, threshold)
        if needed > size:
            continue
        rarest = sorted(mine, key=lambda word: (frequency[word], word))
        candidates = _candidates(rarest, size - needed, needed, postings, lists, position)
        for other_position in candidates:
            other = order[other_position]
            shared = len(mine & sets[other])
            # ``needed`` is the least count that rounds to the threshold: no need to
            # divide for the many candidates below it.
            if shared >= needed:
                found.append((min(number, other), max(number, other), round(shared / size, 2)))
    return sorted(found)


def _candidates(
    rarest: list[str],
    misses: int,
    needed: int,
    postings: dict[str, frozenset[int]],
    lists: dict[str, list[int]],
    position: int,
) -> set[int]:
    """Ranks after ``position`` of the sets that may share ``needed`` of these words.

    A set that lacks at most ``misses`` of them holds at least ``q`` of any
    ``misses + q`` (for ``q`` up to ``needed``): so the candidates are those
    holding every word of some ``q`` of the rarest ``misses + q`` words, each
    group's sets intersected in C. The larger ``q``, the fewer candidates and
    the more groups; ``q`` is kept where the groups stay few. Where one shared
    word is enough, those holding any of the rarest ``misses + 1`` words.
    """
    if needed < 2:
        found: set[int] = set()
        for word in rarest[: misses + 1]:
            ranks = lists[word]
            found.update(ranks[bisect.bisect_right(ranks, position) :])
        return found
    together = min(needed, _MOST_TOGETHER)
    while together > 2 and math.comb(misses + together, together) > _MOST_GROUPS:
        together -= 1
    chosen = [postings[word] for word in rarest[: misses + together]]
    found = set()
    for group in itertools.combinations(chosen, together):
        found |= group[0].intersection(*group[1:])
    return {rank for rank in found if rank > position}
