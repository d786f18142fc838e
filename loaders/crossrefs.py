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

import re
from dataclasses import dataclass
from typing import Literal

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Action, CrossReference, Recommendation, Source

from .build import document_key
from .reference_citers import claim, fallback_citers, field_value, norm, ordered_items
from .reference_scan import Occurrence, scan
from .reference_words import Mention, find_references

__all__ = ["add_cross_references"]

# -- resolution ----------------------------------------------------------------

_STOP = frozenset(
    """a an and are as at be been being by for from has have in is it its of on or re see
    that the their them these this those to was were will with which who all any also""".split()
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _words(text: str | None) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in _STOP}


def _ref_key(ref: str | None) -> str:
    return "".join((ref or "").lower().split()).rstrip(".")


@dataclass
class _Resolution:
    resolution: Literal["resolved", "dangling", "ambiguous"]
    targets: list[str]
    reason: str | None = None


class _Resolver:
    def __init__(self, graph: ReviewGraph) -> None:
        self.graph = graph
        self.recs, self.actions = ordered_items(graph)
        self.rec_of: dict[str, Recommendation] = {}
        for rec in self.recs:
            for action in graph.targets(rec.id, "HAS_ACTION"):
                current = self.rec_of.get(action.id)
                if current is None or rec.order < current.order:
                    self.rec_of[action.id] = rec
        self.parents = {e.target for e in graph.edges("HAS_PART")}
        self.children = {e.target for e in graph.edges("HAS_PART")}
        self.number = {a.id: i for i, a in enumerate(self.actions)}
        self.resolved: dict[tuple[int, int, int, int], _Resolution] = {}

    # where an item stands, for above/below
    def _position(self, node: Recommendation | Action) -> tuple[int, int, int]:
        # Items of one table row share its line; within it, a recommendation comes
        # first and the actions follow in the order the row lists them.
        if isinstance(node, Action):
            return (node.source.line_start, 1, self.number.get(node.id, 0))
        return (node.source.line_start, 0, node.order)

    def section(self, node_id: str) -> str | None:
        node = self.graph.node(node_id)
        if isinstance(node, Action):
            rec = self.rec_of.get(node_id)
            return rec.section if rec else None
        return node.section

    def sections_named(self, agency: str) -> list[str]:
        pattern = re.compile(rf"(?<![\w]){re.escape(agency)}(?![\w])", re.IGNORECASE)
        found: list[str] = []
        for rec in self.recs:
            if rec.section is None or rec.section in found:
                continue
            names = [rec.section]
            for target in self.graph.targets(rec.id, "DIRECTED_AT"):
                names += [target.name, *target.aliases]
            if any(pattern.search(n) for n in names):
                found.append(rec.section)
        return found

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
        return result

    # explicit ------------------------------------------------------------
    def _numbered(self, o: Occurrence) -> _Resolution:
        m = o.mention
        wanted = _ref_key(f"{m.number}({m.sub})" if m.sub else m.number)
        exact = [r for r in self.recs if _ref_key(r.ref) == wanted]
        if not exact and m.sub is None:
            # "section 3" / "see 3.3": the items numbered under it
            prefix = wanted + "."
            exact = [
                r
                for r in self.recs
                if r.id not in self.children
                and (
                    _ref_key(r.ref).startswith(prefix)
                    or (r.section or "").lower().startswith(prefix)
                )
            ]
            if exact:
                return _Resolution(
                    "resolved",
                    [r.id for r in exact],
                    f"{len(exact)} items numbered under {m.number}",
                )
        return self._choose(
            exact, o, f"no item numbered {m.number}" + (f" ({m.sub})" if m.sub else "")
        )

    def _choose(self, candidates: list[Recommendation], o: Occurrence, missing: str) -> _Resolution:
        if not candidates:
            return _Resolution("dangling", [], missing)
        if len(candidates) > 1 and o.mention.direction:
            above = o.mention.direction == "above"
            facing = [c for c in candidates if (c.source.line_start < o.line) == above]
            candidates = facing or candidates
        if len(candidates) == 1:
            return _Resolution("resolved", [candidates[0].id])
        lines = ", ".join(str(c.source.line_start) for c in candidates)
        return _Resolution(
            "ambiguous",
            [c.id for c in candidates],
            f"{len(candidates)} items are numbered {candidates[0].ref} (lines {lines})",
        )

    def _action(self, m: Mention) -> _Resolution:
        number = int(m.number or 0)
        if m.agency:
            sections = self.sections_named(m.agency)
            if not sections:
                return _Resolution("dangling", [], f"no section of the plan is {m.agency}'s")
            picks = []
            for section in sections:
                top = [r for r in self.recs if r.section == section and r.id not in self.children]
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
        exact = [r for r in self.recs if _ref_key(r.ref) == str(number)]
        if not exact:
            return _Resolution("dangling", [], f"no recommendation numbered {number}")
        if len(exact) > 1:
            lines = ", ".join(str(r.source.line_start) for r in exact)
            return _Resolution(
                "ambiguous",
                [r.id for r in exact],
                f"{len(exact)} items are numbered {number} (lines {lines})",
            )
        return _Resolution("resolved", [exact[0].id])

    # positional ----------------------------------------------------------
    def _candidates(self, o: Occurrence, above: bool) -> list[Recommendation | Action]:
        nodes: list[Recommendation | Action] = [
            *(r for r in self.recs if r.text.strip()),
            *self.actions,
        ]
        citers = set(o.citers)
        if above:
            # strictly before the words: an earlier line, or the row of the citing item
            first = min(
                (self._position(self.graph.node(c)) for c in citers), default=(o.line, 2, 0)
            )
            picked = [
                n
                for n in nodes
                if n.id not in citers
                and self._position(n) < first
                and n.source.line_start <= o.line
            ]
            return sorted(picked, key=self._position, reverse=True)
        picked = [n for n in nodes if n.id not in citers and n.source.line_start > o.line]
        return sorted(picked, key=self._position)

    def _support(self, context: set[str], node: Recommendation | Action, clause: str) -> float:
        text = node.text
        if norm(clause) and norm(clause) in norm(text):
            return -1.0  # the same words again: a restatement, not the source
        return len(context & _words(text)) / len(context) if context else 0.0

    def _positional(self, o: Occurrence) -> _Resolution:
        m = o.mention
        above = m.direction != "below"
        clause = re.split(r"[.;]\s", o.block_before)[-1].strip(" –—-,")
        context = _words(clause)
        candidates = self._candidates(o, above)
        where = "above" if above else "below"
        if m.agency:
            sections = self.sections_named(m.agency)
            candidates = [c for c in candidates if self.section(c.id) in sections]
            if not candidates:
                return _Resolution("dangling", [], f"no item of {m.agency} stands {where}")
            context -= _words(m.agency)
            scored = [(self._support(context, c, clause), c) for c in candidates]
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
            for candidate in candidates:
                if self._support(context, candidate, clause) >= 0.6:
                    return _Resolution("resolved", [candidate.id])
            return _Resolution("dangling", [], f"no item {where} is about “{clause}”")
        # no words to go on: the item next to it
        same = [c for c in candidates if self.section(c.id) == self._citing_section(o)]
        if same:
            return _Resolution("resolved", [same[0].id])
        return _Resolution("dangling", [], f"nothing stands {where} it in its section")

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
            earlier = [k for k in self.resolved if k[:2] == (o.line, o.column) and k < o.key]
            if earlier and _is_ditto_words(o.previous):
                # the entry before it in the same cell is itself a ditto: the same value
                return self.resolved[max(earlier)]
            holders = [
                a
                for a in self.actions
                if norm(o.previous) in norm(field_value(a, name) or "")
                and name not in a.dittos
                and a.source.line_start <= o.line <= a.source.line_end
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
        citer = self.actions[index]
        section = self.section(citer.id)
        for action in reversed(self.actions[:index]):
            if self.section(action.id) != section:
                break
            if name in action.dittos or not field_value(action, name):
                continue
            return _Resolution("resolved", [action.id])
        where = f"section “{section}”" if section else "the plan"
        return _Resolution(
            "dangling", [], f"nothing above it in the {_LABEL.get(name, name)} column of {where}"
        )


_LABEL = {"owner_raw": "owner", "due_raw": "due date", "status_raw": "status", "text": "action"}


def _is_ditto_words(text: str) -> bool:
    return any(m.kind == "ditto" for m in find_references(text)) and len(text.split()) <= 3


# -- the stage -------------------------------------------------------------------


def add_cross_references(
    graph: ReviewGraph, text: str, path: str, *, key: str | None = None
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
    recs, actions = ordered_items(graph)
    for o in occurrences:
        if not o.citers:
            o.citers = fallback_citers(o, recs, actions)
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
                source=Source(document=path, line_start=o.line, line_end=o.line),
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
