"""Reference index: a document's items arranged for the lookups cross-references make.

Resolving one pointer asks "which item is numbered 3.3.9", "which items stand
above line 120 in the Police section", "whose sections does LSCB name", "which
actions stand on this line", "which action above has an owner". Scanning every
item for every pointer is quadratic in a long plan; this module builds, once
per document, the dictionaries and ordered lists that answer each in about
constant time, and caches the words of each item's text.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterator
from itertools import islice

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Action, Recommendation

from .reference_citers import field_value, norm, ordered_items
from .spans import SpanIndex

__all__ = ["Item", "ItemIndex", "MAX_NEARBY", "ref_key", "text_words"]

#: how many items above (or below) a "see above" is compared with
MAX_NEARBY = 100

_STOP = frozenset(
    """a an and are as at be been being by for from has have in is it its of on or re see
    that the their them these this those to was were will with which who all any also""".split()
)
_WORD = re.compile(r"[a-z0-9]+")
_FIRST_WORD = re.compile(r"\w+")


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def text_words(text: str | None) -> set[str]:
    """The stemmed words of a text, without the small ones.

    Examples
    --------
    >>> sorted(text_words("Audits of the training records"))
    ['audit', 'record', 'train']
    """
    return {_stem(w) for w in _WORD.findall((text or "").lower()) if w not in _STOP}


def ref_key(ref: str | None) -> str:
    """A reference as compared: lower case, no spaces, no trailing full stop.

    Examples
    --------
    >>> ref_key("3.3.9 (V).")
    '3.3.9(v)'
    """
    return "".join((ref or "").lower().split()).rstrip(".")


def _number_prefixes(text: str, limit: int = 24) -> set[str]:
    """Every start of ``text``'s leading number that ends in ".": "3.", "3.3." of "3.3.1 x"."""
    found = set()
    for i, char in enumerate(text[:limit]):
        if char == ".":
            found.add(text[: i + 1])
        elif not char.isdecimal():
            break
    return found


Item = Recommendation | Action


class ItemIndex:
    """A document's recommendations and actions, indexed for resolving its pointers.

    Parameters
    ----------
    graph : ReviewGraph
        The graph of one document.
    """

    def __init__(self, graph: ReviewGraph) -> None:
        self.graph = graph
        self.recs, self.actions = ordered_items(graph)
        self.rec_of: dict[str, Recommendation] = {}
        for rec in self.recs:
            for action in graph.targets(rec.id, "HAS_ACTION"):
                current = self.rec_of.get(action.id)
                if current is None or rec.order < current.order:
                    self.rec_of[action.id] = rec
        self.children = {e.target for e in graph.edges("HAS_PART")}
        self.number = {a.id: i for i, a in enumerate(self.actions)}

        self.by_ref: dict[str, list[Recommendation]] = {}
        self.under: dict[str, list[Recommendation]] = {}
        self.top_of_section: dict[str, list[Recommendation]] = {}
        for rec in self.recs:
            self.by_ref.setdefault(ref_key(rec.ref), []).append(rec)
            if rec.id in self.children:
                continue
            if rec.section is not None:
                self.top_of_section.setdefault(rec.section, []).append(rec)
            prefixes = _number_prefixes(ref_key(rec.ref), 1 << 30)
            for prefix in prefixes | _number_prefixes((rec.section or "").lower()):
                self.under.setdefault(prefix, []).append(rec)

        # Each distinct (section, names it goes by), in the order first met.
        self._named: list[tuple[str, list[str]]] = []
        seen: set[tuple[str, tuple[str, ...]]] = set()
        self._by_word: dict[str, list[int]] = {}
        self._unusual: list[int] = []  # entries with words that case-folding may not find
        for rec in self.recs:
            if rec.section is None:
                continue
            names = [rec.section]
            for target in graph.targets(rec.id, "DIRECTED_AT"):
                names += [target.name, *target.aliases]
            key = (rec.section, tuple(names))
            if key in seen:
                continue
            seen.add(key)
            entry = len(self._named)
            self._named.append((rec.section, names))
            words = {w for n in names for w in _FIRST_WORD.findall(n)}
            if not all(w.isascii() for w in words):
                self._unusual.append(entry)
            for word in {w.lower() for w in words}:
                self._by_word.setdefault(word, []).append(entry)
        self._sections_named: dict[str, list[str]] = {}

        # Items by where they stand: ascending, and descending (equals in list order).
        nodes: list[Item] = [*(r for r in self.recs if r.text.strip()), *self.actions]
        self.ascending = sorted(nodes, key=self.position)
        self.ascending_keys = [self.position(n) for n in self.ascending]
        self.descending = sorted(nodes, key=self.position, reverse=True)
        self.descending_keys = [tuple(-k for k in self.position(n)) for n in self.descending]
        self.rank = (
            {n.id: i for i, n in enumerate(self.ascending)},
            {n.id: i for i, n in enumerate(self.descending)},
        )
        self._by_section: dict[str | None, tuple[list[int], list[int]]] = {}
        for order, keys in ((self.ascending, 0), (self.descending, 1)):
            for i, node in enumerate(order):
                lists = self._by_section.setdefault(self.section(node.id), ([], []))
                lists[keys].append(i)

        self.spans = SpanIndex(self.actions, lambda a: (a.source.line_start, a.source.line_end))
        self._row_above: dict[str, list[int | None]] = {}
        self._by_line: dict[int, tuple[list[Recommendation], list[int]]] = {}
        self._words: dict[str, set[str]] = {}
        self._norm: dict[tuple[str, str], str] = {}
        # word -> where the items holding it stand (ascending, descending); made when
        # a pointer first asks which item is about some words.
        self._holding: tuple[dict[str, list[int]], dict[str, list[int]]] | None = None

    # -- what an item is --------------------------------------------------------
    def position(self, node: Item) -> tuple[int, int, int]:
        """Where an item stands, for above and below: its first line; within a table row
        (one line), the recommendation first, then the actions in the order listed."""
        if isinstance(node, Action):
            return (node.source.line_start, 1, self.number.get(node.id, 0))
        return (node.source.line_start, 0, node.order)

    def section(self, node_id: str) -> str | None:
        node = self.graph.node(node_id)
        if isinstance(node, Action):
            rec = self.rec_of.get(node_id)
            return rec.section if rec else None
        return node.section

    def words(self, node: Item) -> set[str]:
        found = self._words.get(node.id)
        if found is None:
            found = self._words[node.id] = text_words(node.text)
        return found

    def normed(self, node: Item, name: str = "text") -> str:
        """``norm`` of the item's field ``name`` (its text by default), worked out once."""
        key = (name, node.id)
        found = self._norm.get(key)
        if found is None:
            found = self._norm[key] = norm(field_value(node, name) or "")
        return found

    # -- lookups ------------------------------------------------------------------
    def sections_named(self, agency: str) -> list[str]:
        """Sections whose title, or whose agency's name or alias, names ``agency``."""
        found = self._sections_named.get(agency)
        if found is not None:
            return found
        pattern = re.compile(rf"(?<![\w]){re.escape(agency)}(?![\w])", re.IGNORECASE)
        first = _FIRST_WORD.match(agency)
        if first and first.group(0).isascii():
            # A name holding the agency holds its first word too.
            entries = sorted({*self._by_word.get(first.group(0).lower(), []), *self._unusual})
        else:
            entries = list(range(len(self._named)))
        found = []
        for entry in entries:
            section, names = self._named[entry]
            if section not in found and any(pattern.search(n) for n in names):
                found.append(section)
        self._sections_named[agency] = found
        return found

    def nearby(
        self,
        bound: tuple[int, ...],
        above: bool,
        *,
        in_section: bool = False,
        section: str | None = None,
        every: bool = False,
    ) -> Iterator[Item]:
        """Items standing before ``bound`` (nearest first), or from it on when not ``above``.

        Only ``section``'s items when ``in_section`` (None is the items of no
        section); at most MAX_NEARBY of them unless ``every``.
        """
        if above:
            order, keys, which = self.descending, self.descending_keys, 1
            start = bisect.bisect_right(keys, tuple(-k for k in bound))
        else:
            order, keys, which = self.ascending, self.ascending_keys, 0
            start = bisect.bisect_left(keys, bound)
        stop = None if every else start + MAX_NEARBY
        if not in_section:
            return iter(order[start:stop])
        positions = self._by_section.get(section, ([], []))[which]
        first = bisect.bisect_left(positions, start)
        return (order[i] for i in islice(positions, first, None if every else first + MAX_NEARBY))

    def about(
        self, bound: tuple[int, ...], above: bool, context: set[str], share: float
    ) -> Iterator[Item]:
        """Items standing before ``bound`` (nearest first), or after it when not ``above``,
        that may hold ``share`` of the words ``context``: every item that does, and
        others (at most MAX_NEARBY in all).

        An item holding that share holds one at least of any ``len(context) - need + 1``
        of the words (``need`` the fewest that make the share), so only the items
        holding one of that many of the rarest words are walked: however far the
        item is, and however many items stand between.
        """
        if self._holding is None:
            self._holding = ({}, {})
            for which, order in enumerate((self.ascending, self.descending)):
                holding = self._holding[which]
                for i, node in enumerate(order):
                    for word in self.words(node):
                        holding.setdefault(word, []).append(i)
        # Where the walk starts, as in ``nearby``.
        if above:
            order, which = self.descending, 1
            start = bisect.bisect_right(self.descending_keys, tuple(-k for k in bound))
        else:
            order, which = self.ascending, 0
            start = bisect.bisect_left(self.ascending_keys, bound)
        count = len(context)
        need = next(n for n in range(count + 1) if n / count >= share)
        holding = self._holding[which]
        rarest = sorted(context, key=lambda w: (len(holding.get(w, ())), w))[: count - need + 1]
        streams = []
        for word in rarest:
            positions = holding.get(word, [])
            streams.append(islice(positions, bisect.bisect_left(positions, start), None))
        last = None
        walked = 0
        for i in heapq.merge(*streams):
            if i == last:
                continue
            last = i
            yield order[i]
            walked += 1
            if walked == MAX_NEARBY:
                return

    def facing(self, items: list[Recommendation], line: int, above: bool) -> list[Recommendation]:
        """Those of ``items`` (all numbered alike) standing above ``line``, or on it or
        below; in their order."""
        if len(items) <= 2 * MAX_NEARBY:
            return [c for c in items if (c.source.line_start < line) == above]
        # A hostile plan numbering thousands of items alike: look them up by line.
        key = id(items)
        if key not in self._by_line:
            ordered = sorted(items, key=lambda r: (r.source.line_start, r.order))
            self._by_line[key] = (ordered, [r.source.line_start for r in ordered])
        ordered, lines = self._by_line[key]
        cut = bisect.bisect_left(lines, line)
        return ordered[:cut] if above else ordered[cut:]

    def row_above(self, index: int, name: str) -> int | None:
        """The nearest action before action ``index``, in the same run of its section,
        whose ``name`` field holds words of its own (not a ditto)."""
        table = self._row_above.get(name)
        if table is None:
            table = []
            last: int | None = None
            previous: str | None = None
            for i, action in enumerate(self.actions):
                section = self.section(action.id)
                if i and section != previous:
                    last = None
                table.append(last)
                if name not in action.dittos and field_value(action, name):
                    last = i
                previous = section
            self._row_above[name] = table
        return table[index]
