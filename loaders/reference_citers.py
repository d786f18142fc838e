"""Reference citers: which items of the graph hold each mention's words.

A mention found in a cell is cited by the items whose fields hold its words (a
cell shared by several actions is cited by each), and an "As above" the loader
copied a value into is matched to the ditto words it replaced; this module
holds that matching, and the items of a row for words no item took.
"""

from __future__ import annotations

import re

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Action, Recommendation

from .reference_scan import Occurrence
from .reference_words import Mention, find_references

__all__ = ["TEXT_FIELDS", "norm", "ordered_items", "field_value", "claim", "fallback_citers"]

#: the text fields of an item that can hold a reference, in the order they are searched
TEXT_FIELDS = ("text", "owner_raw", "due_raw", "outcome", "progress", "evidence", "status_raw")


def norm(words: str) -> str:
    return " ".join(re.sub(r"[^\w()]+", " ", words.lower()).split())


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
    return getattr(node, name, None)


def claim(occurrences: list[Occurrence], graph: ReviewGraph) -> None:
    recs, actions = ordered_items(graph)
    for node in [*recs, *actions]:
        dittos = getattr(node, "dittos", {})
        for name in TEXT_FIELDS:
            value = field_value(node, name)
            if not value or name in dittos:
                continue
            used: set[tuple[int, int, int, int]] = set()
            for mention in find_references(value):
                best = _best(occurrences, node, name, value, mention, used, graph)
                if best is None:
                    continue
                used.add(best.key)
                if node.id not in best.citers:
                    best.citers.append(node.id)
                best.field_name = best.field_name or name
        for name, words in dittos.items():
            # A ditto entry standing last in a cell may repeat for several steps below it,
            # so an entry already taken can be taken again; one that is all its paragraph
            # says comes before words at the end of a longer entry.
            candidates = [
                o
                for o in occurrences
                if node.source.line_start <= o.line <= node.source.line_end
                and norm(o.mention.raw) == norm(words)
            ]
            if not candidates:
                continue
            best = max(
                candidates,
                key=lambda o: (
                    _same_field(o.column_field, name),
                    o.alone,
                    not o.registered,
                    not o.citers,
                    -o.line,
                    -o.column,
                    -o.block,
                ),
            )
            best.registered = True
            best.field_name = name
            if node.id not in best.citers:
                best.citers.append(node.id)


def _best(
    occurrences: list[Occurrence],
    node: Recommendation | Action,
    name: str,
    value: str,
    mention: Mention,
    used: set[tuple[int, int, int, int]],
    graph: ReviewGraph,
) -> Occurrence | None:
    words = norm(mention.raw)
    before, after = _tail(value[: mention.start]), _head(value[mention.end :])
    scored = []
    for o in occurrences:
        if o.key in used or norm(o.mention.raw) != words:
            continue
        if not node.source.line_start <= o.line <= node.source.line_end:
            continue
        context = sum(w in _tail(o.before, 6) for w in before) + sum(
            w in _head(o.after, 6) for w in after
        )
        shared = any(field_value(graph.node(c), name) == value for c in o.citers)
        # Identical values in two items are one shared cell only when no copy is left.
        score = 10 * _same_field(o.column_field, name) + 5 * (not o.citers) + 3 * shared + context
        scored.append((score, -o.line, -o.column, -o.block, -o.mention.start, o))
    if not scored:
        return None
    return max(scored, key=lambda s: s[:5])[5]


def fallback_citers(o: Occurrence, recs: list[Recommendation], actions: list[Action]) -> list[str]:
    """Items of the row a mention stands in, for words the loader gave to no item."""
    covering = [a.id for a in actions if a.source.line_start <= o.line <= a.source.line_end]
    if covering:
        return covering
    covering = [r.id for r in recs if r.source.line_start <= o.line <= r.source.line_end]
    if covering:
        return covering
    above = [n for n in [*recs, *actions] if n.source.line_start <= o.line]
    if above:
        return [max(above, key=lambda n: (n.source.line_start, n.label == "Action")).id]
    return []
