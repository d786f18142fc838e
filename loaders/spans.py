"""Line spans: which items' lines cover a given line, without scanning every item.

Cross-references ask, for each pointer, which actions stand on its line; a
plan of thousands of actions asked that for thousands of pointers is slow when
each question scans them all. :class:`SpanIndex` answers it from a tree over
the items sorted by first line, each subtree knowing the furthest last line
below it, so only the subtrees holding an answer are visited.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

__all__ = ["SpanIndex"]

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Items with a first and last line, looked up by a line they cover.

    Parameters
    ----------
    items : sequence
        The items, in the order answers are given in.
    span : callable
        ``span(item)`` gives ``(first_line, last_line)``.

    Examples
    --------
    >>> index = SpanIndex(["a", "b", "c"], {"a": (1, 3), "b": (2, 2), "c": (5, 9)}.get)
    >>> index.covering(2), index.covering(4), index.covering(6)
    (['a', 'b'], [], ['c'])
    """

    def __init__(self, items: Sequence[T], span: Callable[[T], tuple[int, int]]) -> None:
        self.items = list(items)
        spans = [span(item) for item in self.items]
        self.order = sorted(range(len(spans)), key=lambda i: (spans[i][0], i))
        self.firsts = [spans[i][0] for i in self.order]
        size = 1
        while size < max(1, len(self.order)):
            size *= 2
        self.size = size
        # tree[node] = the furthest last line among the items below node
        tree = [-1] * (2 * size)
        for position, i in enumerate(self.order):
            tree[size + position] = spans[i][1]
        for node in range(size - 1, 0, -1):
            tree[node] = max(tree[2 * node], tree[2 * node + 1])
        self.tree = tree

    def covering(self, line: int, limit: int | None = None) -> list[T]:
        """Items whose span holds ``line``, in the order they were given.

        Parameters
        ----------
        line : int
            A 1-based line.
        limit : int, optional
            Return at most this many: those starting nearest above ``line``.

        Returns
        -------
        list
            The items found, in their original order.
        """
        end = bisect.bisect_right(self.firsts, line)  # items starting at or before the line
        found: list[int] = []
        stack = [(1, 0, self.size)]
        while stack and (limit is None or len(found) < limit):
            node, low, high = stack.pop()
            if low >= end or self.tree[node] < line:
                continue
            if node >= self.size:
                found.append(self.order[low])
                continue
            middle = (low + high) // 2
            # Left pushed first so the right half (later first lines) is visited first.
            stack.append((2 * node, low, middle))
            stack.append((2 * node + 1, middle, high))
        return [self.items[i] for i in sorted(found)]
