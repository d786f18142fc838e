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
items of its row.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Action, CrossReference, Recommendation, Source

from .build import document_key
from .detect import detect_layout
from .headers import classify_header
from .model import Row
from .rows import rows_for_layout

__all__ = ["Mention", "find_references", "add_cross_references", "TEXT_FIELDS"]

#: the text fields of an item that can hold a reference, in the order they are searched
TEXT_FIELDS = ("text", "owner_raw", "due_raw", "outcome", "progress", "evidence", "status_raw")

#: table column (as the loaders name it) -> the node field its words end up in
_COLUMN_FIELD = {
    "recommendation": "text",
    "action": "text",
    "due": "due_raw",
    "owner": "owner_raw",
    "status": "status_raw",
    "progress": "progress",
    "outcome": "outcome",
    "evidence": "evidence",
}

Kind = Literal["explicit", "positional", "ditto"]

# -- detection -----------------------------------------------------------------

_LEAD = r"(?:see(?:\s+also)?|refer(?:red)?\s+to|cf\.?|compare\s+with|as\s+per|as\s+in|same\s+as|as)"
_NOUN = r"(?P<noun>para(?:graph)?s?\.?|section|sec\.|recommendations?|recs?\.?|items?|points?|no\.)"
_NUMBER = r"(?P<num>\d{1,3}(?:\.\d{1,3}){0,4})(?:\s*\(\s*(?P<sub>[ivx]{1,5}|[a-h])\s*\))?"
_DIRECTION = r"(?P<dir>above|below)"
# An agency as printed: capitalised words or an acronym ("LSCB", "Kingston PCT").
_AGENCY = (
    r"(?-i:(?P<agency>(?!(?:See|The|This|That|Action|Section)\b)"
    r"[A-Z][\w&'’]*(?:\s+[A-Z][\w&'’]*){0,3}))"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        # "see LSCB action line 2", "See action 34", "as action 18", "as per action 5"
        "action",
        re.compile(
            rf"\b{_LEAD}\s+(?:{_AGENCY}\s+)?(?P<what>action|item)(?:\s+(?:line|no\.?|number))?"
            r"\s+(?P<num>\d{1,3})\b(?!\.\d)",
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

# Words after "above" that make it a place ("as above the threshold"), not a pointer.
_NOT_A_POINTER_AFTER = re.compile(
    r"\s+(?:the|a|an|this|that|these|those|its|their|all|threshold|level|average|target|"
    r"normal|expected|national|\w+ing)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?:^|[.;:!?)\]])\s*$")


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
    before = text[: match.start()]
    words = match.group(0)
    return not before.strip() or words.isupper() or bool(_SENTENCE_END.search(before))


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
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for form, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            mention = _mention(text, form, match)
            if mention is None:
                continue
            found.append(mention)
            taken.append((start, end))
    return sorted(found, key=lambda m: m.start)


def _mention(text: str, form: str, match: re.Match[str]) -> Mention | None:
    raw = match.group(0)
    start, end = match.span()
    direction = (_group(match, "dir") or "").lower() or None
    if form == "ditto":
        alone = not re.sub(r"[\W_]+", "", text[:start] + text[end:])
        return Mention(raw, "ditto", start, end, form, direction="above") if alone else None
    if form == "bare":
        after = text[end:]
        if _NOT_A_POINTER_AFTER.match(after):
            return None
        lead = match.group("lead").lower()
        if match.group("the") and re.match(r"\s+[a-z]", after):
            return None  # "refer to the above policy"
        if lead.startswith("as") and re.match(r"\s+[a-z]{3,}", after) and lead != "as per":
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
            agency=_group(match, "agency"),
            noun=_group(match, "what").lower(),
        )
    # numbered
    number, sub, noun = _group(match, "num"), _group(match, "sub"), _group(match, "noun")
    if not noun and "." not in (number or "") and not sub and not direction:
        # A bare integer is only a pointer when nothing follows it ("see 3 children" is not).
        if lead not in ("see", "cf", "cf.", "refer") or re.match(r"\s+[a-z]", text[end:]):
            return None
    if lead in ("as", "same") and not noun:
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


# -- the document, cell by cell ------------------------------------------------

_BLOCK_SPLIT = re.compile(r"</?(?:p|li|ul|ol|div)\b[^>]*>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_BULLETS = re.compile(r"[•●◦▪■□○◆◇►▸‣⁃]")


def _clean(raw: str) -> str:
    text = html.unescape(_TAG.sub("", raw))
    text = _BULLETS.sub(" ", text)
    return " ".join(text.split())


@dataclass
class _Occurrence:
    line: int
    column: int
    block: int
    mention: Mention
    column_field: str | None
    before: str  # cell text before the words, cleaned
    block_before: str  # block text before the words
    previous: str  # the block (or words of the block) just before the words
    after: str
    citers: list[str] = field(default_factory=list)
    field_name: str | None = None
    registered: bool = False  # matched to a ditto the loader copied a value into

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (self.line, self.column, self.block, self.mention.start)


def _cells(text: str, path: str) -> Iterable[tuple[int, int, str, str | None]]:
    """(line, column, raw cell, column field) for every cell, or every line of prose."""
    layout = detect_layout(text, path)
    if layout not in ("pipe-html", "tab"):
        for number, line in enumerate(text.splitlines(), 1):
            yield number, 0, line, None
        return
    mapping: list[str | None] = []
    for piece in rows_for_layout(layout, text, path):
        if not isinstance(piece, Row):
            continue
        raws = [c.raw for c in piece.cells]
        header = classify_header(raws)
        if header is not None:
            mapping = header
            continue
        # Headerless continuation tables line up with the last header from the right.
        offset = len(raws) - len(mapping)
        for index, cell in enumerate(piece.cells):
            column = index - offset
            name = mapping[column] if 0 <= column < len(mapping) else None
            yield cell.line_start, index, cell.raw, name


def _scan(text: str, path: str) -> list[_Occurrence]:
    found = []
    for line, column, raw, name in _cells(text, path):
        blocks = [_clean(b) for b in _BLOCK_SPLIT.split(raw)]
        blocks = [b for b in blocks if b]
        for index, block in enumerate(blocks):
            for mention in find_references(block):
                before_cell = " ".join([*blocks[:index], block[: mention.start]]).strip()
                after_cell = " ".join([block[mention.end :], *blocks[index + 1 :]]).strip()
                found.append(
                    _Occurrence(
                        line=line,
                        column=column,
                        block=index,
                        mention=mention,
                        column_field=_COLUMN_FIELD.get(name or ""),
                        before=before_cell,
                        block_before=block[: mention.start].strip(),
                        previous=block[: mention.start].strip()
                        or (blocks[index - 1] if index else ""),
                        after=after_cell,
                    )
                )
    return found


# -- matching mentions to the items that hold them ------------------------------


def _norm(words: str) -> str:
    return " ".join(re.sub(r"[^\w()]+", " ", words.lower()).split())


def _tail(text: str, count: int = 4) -> list[str]:
    return _norm(text).split()[-count:]


def _head(text: str, count: int = 4) -> list[str]:
    return _norm(text).split()[:count]


def _same_field(a: str | None, b: str | None) -> bool:
    pair = {a, b}
    return a == b or pair == {"status_raw", "progress"}


def _items(graph: ReviewGraph) -> tuple[list[Recommendation], list[Action]]:
    recs = sorted(graph.nodes(Recommendation), key=lambda r: r.order)
    actions = sorted(graph.nodes(Action), key=lambda a: int(a.id.rsplit(":", 1)[1]))
    return recs, actions


def _value(node: Recommendation | Action, name: str) -> str | None:
    return getattr(node, name, None)


def _claim(occurrences: list[_Occurrence], graph: ReviewGraph) -> None:
    recs, actions = _items(graph)
    for node in [*recs, *actions]:
        dittos = getattr(node, "dittos", {})
        for name in TEXT_FIELDS:
            value = _value(node, name)
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
            candidates = [
                o
                for o in occurrences
                if node.source.line_start <= o.line <= node.source.line_end
                and _norm(o.mention.raw) == _norm(words)
                and not o.registered
            ]
            if not candidates:
                continue
            best = max(
                candidates,
                key=lambda o: (
                    _same_field(o.column_field, name),
                    not o.citers,
                    -o.line,
                    -o.column,
                    -o.block,
                ),
            )
            best.registered = True
            best.field_name = name
            best.citers.append(node.id)


def _best(
    occurrences: list[_Occurrence],
    node: Recommendation | Action,
    name: str,
    value: str,
    mention: Mention,
    used: set[tuple[int, int, int, int]],
    graph: ReviewGraph,
) -> _Occurrence | None:
    words = _norm(mention.raw)
    before, after = _tail(value[: mention.start]), _head(value[mention.end :])
    scored = []
    for o in occurrences:
        if o.key in used or _norm(o.mention.raw) != words:
            continue
        if not node.source.line_start <= o.line <= node.source.line_end:
            continue
        context = sum(w in _tail(o.before, 6) for w in before) + sum(
            w in _head(o.after, 6) for w in after
        )
        shared = any(_value(graph.node(c), name) == value for c in o.citers)
        # Identical values in two items are one shared cell only when no copy is left.
        score = 10 * _same_field(o.column_field, name) + 5 * (not o.citers) + 3 * shared + context
        scored.append((score, -o.line, -o.column, -o.block, -o.mention.start, o))
    if not scored:
        return None
    return max(scored, key=lambda s: s[:5])[5]


def _fallback_citers(
    o: _Occurrence, recs: list[Recommendation], actions: list[Action]
) -> list[str]:
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
    return re.sub(r"[\s.]+$", "", re.sub(r"\s+", "", (ref or "").lower()))


@dataclass
class _Resolution:
    resolution: Literal["resolved", "dangling", "ambiguous"]
    targets: list[str]
    reason: str | None = None


class _Resolver:
    def __init__(self, graph: ReviewGraph) -> None:
        self.graph = graph
        self.recs, self.actions = _items(graph)
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
    @staticmethod
    def _position(node: Recommendation | Action) -> tuple[int, int]:
        return (node.source.line_start, 1 if isinstance(node, Action) else 0)

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

    def resolve(self, o: _Occurrence) -> _Resolution:
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
    def _numbered(self, o: _Occurrence) -> _Resolution:
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

    def _choose(
        self, candidates: list[Recommendation], o: _Occurrence, missing: str
    ) -> _Resolution:
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
    def _candidates(self, o: _Occurrence, above: bool) -> list[Recommendation | Action]:
        nodes: list[Recommendation | Action] = [
            *(r for r in self.recs if r.text.strip()),
            *self.actions,
        ]
        citers = set(o.citers)
        if above:
            # strictly before the words: an earlier line, or the row of the citing item
            first = min((self._position(self.graph.node(c)) for c in citers), default=(o.line, 2))
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
        if _norm(clause) and _norm(clause) in _norm(text):
            return -1.0  # the same words again: a restatement, not the source
        return len(context & _words(text)) / len(context) if context else 0.0

    def _positional(self, o: _Occurrence) -> _Resolution:
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

    def _citing_section(self, o: _Occurrence) -> str | None:
        return self.section(o.citers[0]) if o.citers else None

    # ditto -----------------------------------------------------------------
    def _ditto(self, o: _Occurrence) -> _Resolution:
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
                if _norm(o.previous) in _norm(_value(a, name) or "")
                and name not in a.dittos
                and a.source.line_start <= o.line <= a.source.line_end
            ]
            alone = len(citers) == 1 and [h.id for h in holders] == citers
            if holders and not alone:
                return _Resolution("resolved", [holders[0].id])
        if len(citers) > 1:
            # one cell given to several actions: the words above it in that cell
            value = _norm(_value(self.graph.node(citers[0]), name) or "")
            if value and not value.startswith(_norm(o.mention.raw)):
                return _Resolution("resolved", [citers[0]])
        return self._row_above(self.number[citers[0]], name)

    def _row_above(self, index: int, name: str) -> _Resolution:
        citer = self.actions[index]
        section = self.section(citer.id)
        for action in reversed(self.actions[:index]):
            if self.section(action.id) != section:
                break
            if name in action.dittos or not _value(action, name):
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


def add_cross_references(graph: ReviewGraph, text: str, path: str) -> None:
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
    occurrences = _scan(text, path)
    if not occurrences:
        return
    _claim(occurrences, graph)
    recs, actions = _items(graph)
    for o in occurrences:
        if not o.citers:
            o.citers = _fallback_citers(o, recs, actions)
            o.field_name = o.column_field or "text"
    occurrences = [o for o in occurrences if o.citers]
    occurrences.sort(key=lambda o: o.key)
    resolver = _Resolver(graph)
    key = document_key(path)
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
