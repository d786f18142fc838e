"""Cross-references: every "see 3.3.9 (v)", "see LSCB above" and "As above" as a node.

A plan points at itself constantly, and a board relies on those pointers being
right. This stage runs on one document's graph right after it is built:

1. the document is scanned cell by cell for reference words (the *mentions*),
   so each printed pointer is found once, at its own line, whatever item the
   loader gave the cell to;
2. each mention is given to the items whose fields hold its words (a cell
   shared by several actions is cited by each of them), and "As above" cells
   the loader copied a value into are matched to the ditto words they replaced;
3. each mention becomes a ``CrossReference`` node, cited (``CITES``) by those
   items and resolved (``RESOLVES_TO``) to its target within the review:
   ``resolved``, ``dangling`` (nothing fits, with the reason) or ``ambiguous``
   (several fit: all are kept, with the reason).

Nothing is dropped: a mention whose cell no item took is still cited by the
items of its row. The words live in ``reference_words``, the scan in
``reference_scan``, the matching to items in ``reference_citers``; this module
resolves each mention and adds the nodes.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Literal

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Action, CrossReference, Recommendation, Source

from .build import document_key
from .reference_citers import FallbackCiters, claim, field_value, norm, ordered_items
from .reference_index import MAX_NEARBY, Item, ItemIndex, ref_key, text_words
from .reference_scan import Occurrence, scan
from .reference_words import Mention, find_references

__all__ = ["add_cross_references"]

# -- resolution ----------------------------------------------------------------

#: at most this many targets are linked to one pointer (its reason still counts them all)
MAX_TARGETS = 100
#: at most this many of their lines are listed in a reason
MAX_LINES_SHOWN = 20


def _lines(items: list[Recommendation]) -> str:
    shown = ", ".join(str(c.source.line_start) for c in items[:MAX_LINES_SHOWN])
    more = len(items) - MAX_LINES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


@dataclass
class _Resolution:
    resolution: Literal["resolved", "dangling", "ambiguous"]
    targets: list[str]
    reason: str | None = None

    def __post_init__(self) -> None:
        # A pointer at "every item numbered 1.1" of a hostile plan links a sample.
        del self.targets[MAX_TARGETS:]


class _Resolver:
    def __init__(self, graph: ReviewGraph) -> None:
        self.graph = graph
        self.index = ItemIndex(graph)
        self.recs, self.actions = self.index.recs, self.index.actions
        self.number = self.index.number
        self.resolved: dict[tuple[int, int, int, int], _Resolution] = {}
        self.resolved_in_cell: dict[tuple[int, int], list[tuple[int, int, int, int]]] = {}

    def section(self, node_id: str) -> str | None:
        return self.index.section(node_id)

    def resolve(self, o: Occurrence) -> _Resolution:
        m = o.mention
        if m.kind == "ditto":
            result = self._ditto(o)
        elif m.form == "action":
            result = self._action(m)
        elif m.form == "number":
            result = self._numbered(o)
        else:
            result = self._positional(o)
        self.resolved[o.key] = result
        self.resolved_in_cell.setdefault((o.line, o.column), []).append(o.key)
        return result

    # explicit ------------------------------------------------------------
    def _numbered(self, o: Occurrence) -> _Resolution:
        m = o.mention
        if m.noun == "section" and m.number and not m.sub:
            # "see section 5": the items of the section headed 5, where sections are numbered.
            heading = re.compile(
                rf"^\W*(?:section\s+|part\s+)?{re.escape(m.number)}(?![\d.]\d)", re.I
            )
            inside = [r for r in self.recs if r.section and heading.match(r.section)]
            if inside:
                return _Resolution(
                    "resolved",
                    [r.id for r in inside[:MAX_TARGETS]],
                    f"{len(inside)} items of section {m.number}",
                )
        wanted = ref_key(f"{m.number}({m.sub})" if m.sub else m.number)
        exact = self.index.by_ref.get(wanted, [])
        if not exact and m.sub is None:
            # "section 3" / "see 3.3": the items numbered under it
            exact = self.index.under.get(wanted + ".", [])
            if exact:
                return _Resolution(
                    "resolved",
                    [r.id for r in exact[:MAX_TARGETS]],
                    f"{len(exact)} items numbered under {m.number}",
                )
        if not exact and m.sub and len(m.sub) == 1:
            lettered = self._lettered_action(m.number, m.sub)
            if lettered is not None:
                return lettered
        if not exact and not m.sub:
            # "See 7.2" where the plan numbers its actions (an "Action no." column).
            numbered = [a for a in self.actions if a.number and ref_key(a.number) == wanted]
            if len(numbered) == 1:
                return _Resolution("resolved", [numbered[0].id])
        return self._choose(
            exact, o, f"no item numbered {m.number}" + (f" ({m.sub})" if m.sub else "")
        )

    def _lettered_action(self, number: str | None, letter: str) -> _Resolution | None:
        """ "1(a)" where no item is numbered so: action (a), the first, of recommendation 1."""
        recs = self.index.by_ref.get(ref_key(number), [])
        if len(recs) != 1:
            return None
        actions = sorted(self.graph.targets(recs[0].id, "HAS_ACTION"), key=lambda a: a.order)
        position = ord(letter) - ord("a")
        if not 0 <= position < len(actions):
            return _Resolution("dangling", [], f"recommendation {number} has no action ({letter})")
        return _Resolution("resolved", [actions[position].id])

    def _choose(self, candidates: list[Recommendation], o: Occurrence, missing: str) -> _Resolution:
        if not candidates:
            return _Resolution("dangling", [], missing)
        if len(candidates) > 1 and o.mention.direction:
            above = o.mention.direction == "above"
            facing = self.index.facing(candidates, o.line, above)
            candidates = facing or candidates
        if len(candidates) == 1:
            return _Resolution("resolved", [candidates[0].id])
        return _Resolution(
            "ambiguous",
            [c.id for c in candidates[:MAX_TARGETS]],
            f"{len(candidates)} items are numbered {candidates[0].ref} "
            f"(lines {_lines(candidates)})",
        )

    def _action(self, m: Mention) -> _Resolution:
        # "as action 18", or "as action 3.1" where actions are numbered so.
        number: int | str = m.number or "0"
        if m.agency and str(number).isdigit():
            number = int(number)
            sections = self.index.sections_named(m.agency)
            if not sections:
                return _Resolution("dangling", [], f"no section of the plan is {m.agency}'s")
            picks = []
            for section in sections:
                top = self.index.top_of_section.get(section, [])
                if 1 <= number <= len(top):
                    picks.append(top[number - 1])
            if not picks:
                return _Resolution("dangling", [], f"{m.agency}'s section has no line {number}")
            if len(picks) > 1:
                return _Resolution(
                    "ambiguous",
                    [p.id for p in picks],
                    f"{len(picks)} sections are {m.agency}'s: " + "; ".join(sections),
                )
            return _Resolution("resolved", [picks[0].id])
        if m.sub:
            wanted = ref_key(f"{number}({m.sub})")
            if self.index.by_ref.get(wanted):
                (found, *more) = self.index.by_ref[wanted]
                if not more:
                    return _Resolution("resolved", [found.id])
            lettered = self._lettered_action(str(number), m.sub)
            if lettered is not None:
                return lettered
        # A plan that numbers its actions ("Action no." 2) means that action.
        numbered = [
            a for a in self.actions if a.number and ref_key(a.number) == ref_key(str(number))
        ]
        if len(numbered) == 1 and not m.sub:
            return _Resolution("resolved", [numbered[0].id])
        exact = self.index.by_ref.get(ref_key(str(number)), [])
        if not exact:
            return _Resolution("dangling", [], f"no recommendation numbered {number}")
        if len(exact) > 1:
            return _Resolution(
                "ambiguous",
                [r.id for r in exact[:MAX_TARGETS]],
                f"{len(exact)} items are numbered {number} (lines {_lines(exact)})",
            )
        return _Resolution("resolved", [exact[0].id])

    # positional ----------------------------------------------------------
    def _bound(self, o: Occurrence, above: bool) -> tuple[int, ...]:
        """Candidates stand before this place (above), or on a later line (below)."""
        if not above:
            return (o.line + 1,)
        # strictly before the words: an earlier line, or the row of the citing item
        places = [self.index.position(self.graph.node(c)) for c in o.citers]
        return min([*places, (o.line, 2, 0)])

    def _candidates(
        self,
        o: Occurrence,
        above: bool,
        *,
        in_section: bool = False,
        section: str | None = None,
        every: bool = False,
    ):
        """Items other than its citers standing above (nearest first) or below the words."""
        citers = set(o.citers)
        nearby = self.index.nearby(
            self._bound(o, above), above, in_section=in_section, section=section, every=every
        )
        return (n for n in nearby if n.id not in citers)

    def _support(self, context: set[str], node: Recommendation | Action, clause: str) -> float:
        """How many of the words ``context`` the item's text has; -1 when it restates ``clause``
        (the words ``norm`` gives)."""
        if clause and clause in self.index.normed(node):
            return -1.0  # the same words again: a restatement, not the source
        return len(context & self.index.words(node)) / len(context) if context else 0.0

    def _positional(self, o: Occurrence) -> _Resolution:
        m = o.mention
        above = m.direction != "below"
        clause = re.split(r"[.;]\s", o.block_before)[-1].strip(" –—-,")
        context = text_words(clause)
        words = norm(clause)
        where = "above" if above else "below"
        if m.agency:
            sections = self.index.sections_named(m.agency)
            candidates = self._merged(o, above, sections)
            if not candidates:
                return _Resolution("dangling", [], f"no item of {m.agency} stands {where}")
            context -= text_words(m.agency)
            scored = [(self._support(context, c, words), c) for c in candidates]
            best = max(s for s, _ in scored)
            if best > 0.3 or len(candidates) == 1:
                top = next(c for s, c in scored if s == best)
                return _Resolution("resolved", [top.id])
            recs = [c for c in candidates if isinstance(c, Recommendation)] or candidates
            return _Resolution(
                "ambiguous",
                [c.id for c in recs],
                f"{len(recs)} items of {m.agency} stand {where} and the words match none",
            )
        if len(context) >= 2:
            citers = set(o.citers)
            # Only items holding enough of the words are walked, however far they stand.
            for candidate in self.index.about(self._bound(o, above), above, context, 0.6):
                if candidate.id in citers:
                    continue
                # _support(…) >= 0.6, the cheap test first: a restatement scores -1.
                shared = len(context & self.index.words(candidate))
                if shared / len(context) >= 0.6 and not (
                    words and words in self.index.normed(candidate)
                ):
                    return _Resolution("resolved", [candidate.id])
            return _Resolution("dangling", [], f"no item {where} is about “{clause}”")
        # no words to go on: the item next to it
        section = self._citing_section(o)
        same = next(self._candidates(o, above, in_section=True, section=section, every=True), None)
        if same is not None:
            return _Resolution("resolved", [same.id])
        return _Resolution("dangling", [], f"nothing stands {where} it in its section")

    def _merged(self, o: Occurrence, above: bool, sections: list[str]) -> list[Item]:
        """The nearest items of ``sections`` (at most MAX_NEARBY), in the order they stand."""
        streams = [list(self._candidates(o, above, in_section=True, section=s)) for s in sections]
        rank = self.index.rank[1 if above else 0]
        ordered = heapq.merge(*streams, key=lambda n: rank[n.id])
        return list(islice(ordered, MAX_NEARBY))

    def _citing_section(self, o: Occurrence) -> str | None:
        return self.section(o.citers[0]) if o.citers else None

    # ditto -----------------------------------------------------------------
    def _ditto(self, o: Occurrence) -> _Resolution:
        name = o.field_name or o.column_field or "text"
        citers = [c for c in o.citers if c in self.number]
        if not citers:
            # a ditto in a recommendation's own words: the item before it
            return self._positional(o)
        citers.sort(key=self.number.__getitem__)
        if o.registered:
            return self._row_above(self.number[citers[0]], name)
        if o.previous:
            earlier = self.resolved_in_cell.get((o.line, o.column))
            if earlier and _is_ditto_words(o.previous):
                # the entry before it in the same cell is itself a ditto: the same value
                return self.resolved[earlier[-1]]
            previous = norm(o.previous)
            holders = [
                a
                for a in self.index.spans.covering(o.line, MAX_NEARBY)
                if previous in self.index.normed(a, name) and name not in a.dittos
            ]
            alone = len(citers) == 1 and [h.id for h in holders] == citers
            if holders and not alone:
                return _Resolution("resolved", [holders[0].id])
        if len(citers) > 1:
            # one cell given to several actions: the words above it in that cell
            value = norm(field_value(self.graph.node(citers[0]), name) or "")
            if value and not value.startswith(norm(o.mention.raw)):
                return _Resolution("resolved", [citers[0]])
        return self._row_above(self.number[citers[0]], name)

    def _row_above(self, index: int, name: str) -> _Resolution:
        above = self.index.row_above(index, name)
        if above is not None:
            return _Resolution("resolved", [self.actions[above].id])
        section = self.section(self.actions[index].id)
        where = f"section “{section}”" if section else "the plan"
        return _Resolution(
            "dangling", [], f"nothing above it in the {_LABEL.get(name, name)} column of {where}"
        )


_LABEL = {"owner_raw": "owner", "due_raw": "due date", "status_raw": "status", "text": "action"}


def _is_ditto_words(text: str) -> bool:
    return len(text.split()) <= 3 and any(m.kind == "ditto" for m in find_references(text))


# -- the stage -------------------------------------------------------------------


def add_cross_references(
    graph: ReviewGraph,
    text: str,
    path: str,
    *,
    key: str | None = None,
    pages: Sequence[int] | None = None,
) -> None:
    """Add a ``CrossReference`` node for every pointer in one document's graph.

    Parameters
    ----------
    graph : ReviewGraph
        The graph :func:`~reviewgraph.loaders.build.build_graph` made of the document.
    text : str
        The document's text, as read.
    path : str
        The document's path, as its nodes' ``source.document`` gives it.
    pages : sequence of int, optional
        The page of each line, when the text has form feeds.

    Raises
    ------
    InputError
        When the document's tables cannot be read (the loaders raise it first).

    Examples
    --------
    >>> import tempfile, os
    >>> from reviewgraph.loaders import load_document
    >>> plan = ("RECOMMENDATION\\tACTION\\tBY WHEN\\tLEAD\\n"
    ...         "1. Audit files\\tRun audit\\tMay 2010\\tNamed Nurse\\n"
    ...         "2. Train staff\\tSee 1 above\\tJune 2010\\tAs above\\n")
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write(plan)
    >>> graph = load_document(f.name).graph
    >>> sorted((r.raw, r.kind, r.resolution) for r in graph.nodes("CrossReference"))
    [('As above', 'ditto', 'resolved'), ('See 1 above', 'explicit', 'resolved')]
    >>> os.unlink(f.name)
    """
    occurrences = scan(text, path)
    if not occurrences:
        return
    claim(occurrences, graph)
    fallback_citers = FallbackCiters(*ordered_items(graph))
    for o in occurrences:
        if not o.citers:
            o.citers = fallback_citers(o)
            o.field_name = o.column_field or "text"
    occurrences = [o for o in occurrences if o.citers]
    occurrences.sort(key=lambda o: o.key)
    resolver = _Resolver(graph)
    key = key or document_key(path)
    for number, o in enumerate(occurrences, 1):
        result = resolver.resolve(o)
        node = graph.add(
            CrossReference(
                id=f"crossref:{key}:{number}",
                raw=o.mention.raw,
                kind=o.mention.kind,
                field=o.field_name or "text",
                resolution=result.resolution,
                reason=result.reason if result.resolution != "resolved" else None,
                source=Source(
                    document=path,
                    line_start=o.line,
                    line_end=o.line,
                    page=pages[o.line - 1] if pages and o.line <= len(pages) else None,
                ),
            )
        )
        # Words no item took are cited by their row's items; none of them cites
        # itself through its own ditto, which would make a one-item cycle.
        citers = [c for c in o.citers if c not in result.targets] or o.citers
        for citer in citers:
            graph.link(citer, "CITES", node.id)
        for target in result.targets:
            properties = {"reason": result.reason} if result.resolution == "ambiguous" else {}
            graph.link(node.id, "RESOLVES_TO", target, **properties)
