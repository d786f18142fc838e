"""Reference citers: which items of the graph hold each mention's words.

A mention found in a cell is cited by the items whose fields hold its words (a
cell shared by several actions is cited by each), and an "As above" the loader
copied a value into is matched to the ditto words it replaced; this module
holds that matching, and the items of a row for words no item took.
"""

from __future__ import annotations

import bisect

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Action, Recommendation

from .reference_scan import Occurrence, norm, text_after, text_before
from .reference_words import Mention, find_references
from .spans import SpanIndex

__all__ = ["TEXT_FIELDS", "norm", "ordered_items", "field_value", "claim", "FallbackCiters"]

#: the text fields of an item that can hold a reference, in the order they are searched
TEXT_FIELDS = ("text", "owner_raw", "due_raw", "outcome", "progress", "evidence", "status_raw")


def _tail(text: str, count: int = 4) -> list[str]:
    return norm(text).split()[-count:]


def _head(text: str, count: int = 4) -> list[str]:
    return norm(text).split()[:count]


def _same_field(a: str | None, b: str | None) -> bool:
    pair = {a, b}
    return a == b or pair == {"status_raw", "progress"}


def ordered_items(graph: ReviewGraph) -> tuple[list[Recommendation], list[Action]]:
    recs = sorted(graph.nodes(Recommendation), key=lambda r: r.order)
    actions = sorted(graph.nodes(Action), key=lambda a: int(a.id.rsplit(":", 1)[1]))
    return recs, actions


def field_value(node: Recommendation | Action, name: str) -> str | None:
    # A model's fields are its instance dict; getattr would raise and catch an
    # AttributeError inside pydantic for every field a recommendation lacks.
    return node.__dict__.get(name)


#: at most this many occurrences of the same words are weighed for one mention
#: (a real plan has a handful; a hostile one, thousands in one row)
MAX_CANDIDATES = 64


class _Group:
    """The occurrences of one pointer's words, in document order, looked up by line."""

    def __init__(self) -> None:
        self.items: list[Occurrence] = []
        self.lines: list[int] = []

    def between(self, first: int, last: int, skip: dict[int, int]):
        """Occurrences on lines ``first``..``last`` (at most MAX_CANDIDATES), with their
        positions, passing over those that ``skip`` links past."""
        position = bisect.bisect_left(self.lines, first)
        for _ in range(MAX_CANDIDATES):
            position = _next(skip, position)
            if position >= len(self.items) or self.lines[position] > last:
                return
            yield position, self.items[position]
            position += 1


def _next(skip: dict[int, int], position: int) -> int:
    """The first position at or after ``position`` that ``skip`` does not pass over."""
    path = []
    while position in skip:
        path.append(position)
        position = skip[position]
    for passed in path:
        skip[passed] = position
    return position


class _Claims:
    """Occurrences by their words, and what is known of the items citing each."""

    def __init__(self, occurrences: list[Occurrence]) -> None:
        self.groups: dict[str, _Group] = {}
        for o in sorted(occurrences, key=lambda o: o.key):
            group = self.groups.setdefault(norm(o.mention.raw), _Group())
            group.items.append(o)
            group.lines.append(o.line)
        self.context: dict[int, tuple[set[str], set[str]]] = {}
        # field name -> values its citers hold, per occurrence
        self.citer_values: dict[int, dict[str, set[str]]] = {}
        self.citer_ids: dict[int, set[str]] = {}

    def words_around(self, o: Occurrence) -> tuple[set[str], set[str]]:
        found = self.context.get(id(o))
        if found is None:
            found = (set(_tail(o.before, 6)), set(_head(o.after, 6)))
            self.context[id(o)] = found
        return found

    def shared(self, o: Occurrence, name: str, value: str) -> bool:
        return value in self.citer_values.get(id(o), {}).get(name, ())

    def cite(self, o: Occurrence, node: Recommendation | Action) -> None:
        ids = self.citer_ids.setdefault(id(o), set(o.citers))
        if node.id in ids:
            return
        ids.add(node.id)
        o.citers.append(node.id)
        values = self.citer_values.setdefault(id(o), {})
        for name in TEXT_FIELDS:
            value = field_value(node, name)
            if value is not None:
                values.setdefault(name, set()).add(value)


def claim(occurrences: list[Occurrence], graph: ReviewGraph) -> None:
    recs, actions = ordered_items(graph)
    claims = _Claims(occurrences)
    lines = sorted(o.line for o in occurrences)
    for node in [*recs, *actions]:
        first = bisect.bisect_left(lines, node.source.line_start)
        if first == len(lines) or lines[first] > node.source.line_end:
            continue  # no pointer stands on the item's lines: it can cite none
        dittos = getattr(node, "dittos", {})
        for name in TEXT_FIELDS:
            value = field_value(node, name)
            if not value or name in dittos:
                continue
            used: dict[str, dict[int, int]] = {}
            for mention in find_references(value):
                group = claims.groups.get(norm(mention.raw))
                if group is None:
                    continue
                skip = used.setdefault(norm(mention.raw), {})
                best = _best(claims, group, skip, node, name, value, mention)
                if best is None:
                    continue
                position, chosen = best
                skip[position] = position + 1
                claims.cite(chosen, node)
                chosen.field_name = chosen.field_name or name
        for name, words in dittos.items():
            # A ditto entry standing last in a cell may repeat for several steps below it,
            # so an entry already taken can be taken again; one that is all its paragraph
            # says comes before words at the end of a longer entry.
            group = claims.groups.get(norm(words))
            if group is None:
                continue
            best = None
            for _, o in group.between(node.source.line_start, node.source.line_end, {}):
                rank = (_same_field(o.column_field, name), o.alone, not o.registered, not o.citers)
                # The first of the best: the earliest among equals.
                if best is None or rank > best[0]:
                    best = (rank, o)
            if best is None:
                continue
            chosen = best[1]
            chosen.registered = True
            chosen.field_name = name
            claims.cite(chosen, node)


def _best(
    claims: _Claims,
    group: _Group,
    skip: dict[int, int],
    node: Recommendation | Action,
    name: str,
    value: str,
    mention: Mention,
) -> tuple[int, Occurrence] | None:
    """The occurrence whose place and surrounding words best fit ``mention`` in ``value``.

    Among equals, the earliest in the document.
    """
    before = _tail(text_before(value, mention.start), 4)
    after = _head(text_after(value, mention.end), 4)
    # No score can beat this (a shared cell has citers, so is not also free).
    highest = 10 + 5 + len(before) + len(after)
    best: tuple[int, int, Occurrence] | None = None
    for position, o in group.between(node.source.line_start, node.source.line_end, skip):
        tail, head = claims.words_around(o)
        context = sum(w in tail for w in before) + sum(w in head for w in after)
        shared = claims.shared(o, name, value)
        # Identical values in two items are one shared cell only when no copy is left.
        score = 10 * _same_field(o.column_field, name) + 5 * (not o.citers) + 3 * shared + context
        if best is None or score > best[0]:
            best = (score, position, o)
            if score >= highest:
                break
    return (best[1], best[2]) if best else None


class FallbackCiters:
    """Items of the row a mention stands in, for words the loader gave to no item.

    The actions whose lines cover the mention's line; failing those, the
    recommendations; failing those, the nearest item above it.

    Parameters
    ----------
    recs, actions : list
        The document's items, as :func:`ordered_items` gives them.
    """

    def __init__(self, recs: list[Recommendation], actions: list[Action]) -> None:
        def lines(node: Recommendation | Action) -> tuple[int, int]:
            return node.source.line_start, node.source.line_end

        self.actions = SpanIndex(actions, lines)
        self.recs = SpanIndex(recs, lines)
        nodes = [*recs, *actions]
        self.above = sorted(
            ((n.source.line_start, n.label == "Action", i) for i, n in enumerate(nodes))
        )
        self.nodes = nodes

    def __call__(self, o: Occurrence) -> list[str]:
        covering = self.actions.covering(o.line, MAX_CANDIDATES)
        if covering:
            return [a.id for a in covering]
        covering = self.recs.covering(o.line, MAX_CANDIDATES)
        if covering:
            return [r.id for r in covering]
        # The last item starting on or before the line; among equals, the first listed.
        position = bisect.bisect_right(self.above, (o.line, True, len(self.nodes))) - 1
        if position < 0:
            return []
        line, is_action, _ = self.above[position]
        first = bisect.bisect_left(self.above, (line, is_action, -1))
        return [self.nodes[self.above[first][2]].id]
