"""What agencies share: joint actions and recommendations, references, agencies named, twins.

Near-identical items are found by prefix-filtered blocking over their content
words (rarest words first), so only pairs that can reach the threshold are
compared: linear in practice, never all pairs of a national corpus.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._common import (
    documents_by_id,
    fold,
    match_agencies,
    natural_key,
    place_of,
    resolve_reviews,
)
from .accountability import ACCOUNTABLE_CYPHER
from .backend import Backend, Fetch, as_backend
from .constants import DEFAULT_THRESHOLD, MAX_TWINS, SHARED_KINDS
from .similarity_join import near_pairs
from .text_likeness import MIN_WORDS, content_words
from .tracing import item_text

__all__ = [
    "SharedItem",
    "shared",
    "DEFAULT_THRESHOLD",
    "SHARED_KINDS",
    "ITEM_AGENCIES",
    "REFERENCES",
    "MENTIONED",
]


class SharedItem(BaseModel):
    """An item that two or more agencies share, and why.

    kind
        ``action``: an action whose owners' agencies and its recommendation's
        agencies are more than one; ``recommendation``: one directed at
        several agencies; ``cross-reference``: an item of one agency whose
        words point at another agency's item (``other``); ``named-in``: an item
        whose words name other agencies (``other_agencies``) than its own;
        ``similar``: two near-identical actions, or recommendations, of agencies
        with none in common, ``score`` saying how alike.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["action", "recommendation", "cross-reference", "named-in", "similar"]
    id: str
    ref: str | None
    review: str | None
    document: str | None
    line_start: int | None
    line_end: int | None
    locator: str | None = None
    text: str
    agencies: list[str]
    other_id: str | None = None
    other: str | None = None
    other_text: str | None = None
    other_agencies: list[str] = Field(default_factory=list)
    score: float | None = None
    detail: str


# -- data access, once per backend -------------------------------------------------


def _item_agencies_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    sql = """
        SELECT x.action AS item, x.agency AS agency, 'owner' AS how FROM accountable x
        WHERE EXISTS (SELECT 1 FROM edges o WHERE o.source = x.action AND o.type = 'OWNED_BY')
        UNION
        SELECT h.target, d.target, 'directed' FROM edges h
        JOIN edges d ON d.source = h.source AND d.type = 'DIRECTED_AT'
        WHERE h.type = 'HAS_ACTION'
        UNION
        SELECT d.source, d.target, 'directed' FROM edges d WHERE d.type = 'DIRECTED_AT'
    """
    return [dict(row) for row in store.rows(sql)]


def _item_agencies_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    return server.read(
        f"""
        MATCH (a:Action) WHERE EXISTS {{ MATCH (a)-[:OWNED_BY]->() }}
        {ACCOUNTABLE_CYPHER}
        RETURN a.id AS item, agency.id AS agency, 'owner' AS how
        UNION
        MATCH (r)-[:HAS_ACTION]->(a), (r)-[:DIRECTED_AT]->(g)
        RETURN a.id AS item, g.id AS agency, 'directed' AS how
        UNION
        MATCH (r)-[:DIRECTED_AT]->(g) RETURN r.id AS item, g.id AS agency, 'directed' AS how
        """
    )


#: (item, agency, how) for every action and recommendation: ``owner`` or ``directed``.
ITEM_AGENCIES = Fetch(
    "item-agencies", embedded=_item_agencies_embedded, cypher=_item_agencies_cypher
)


def _references_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = store.rows(
        "SELECT DISTINCT c.source AS citing, c.target AS crossref, t.target AS target "
        "FROM edges c JOIN edges t ON t.source = c.target AND t.type = 'RESOLVES_TO' "
        "WHERE c.type = 'CITES'"
    )
    return [dict(row) for row in rows]


def _references_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    return server.read(
        "MATCH (i)-[:CITES]->(x)-[:RESOLVES_TO]->(t) "
        "RETURN DISTINCT i.id AS citing, x.id AS crossref, t.id AS target"
    )


#: (citing item, cross-reference, target) for every resolved reference.
REFERENCES = Fetch("references", embedded=_references_embedded, cypher=_references_cypher)


def _mentioned_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = store.rows(
        "SELECT DISTINCT source AS item, target AS agency FROM edges WHERE type = 'MENTIONS'"
    )
    return [dict(row) for row in rows]


def _mentioned_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    return server.read("MATCH (i)-[:MENTIONS]->(g) RETURN DISTINCT i.id AS item, g.id AS agency")


#: (item, agency) for every agency an item's words name.
MENTIONED = Fetch("mentioned", embedded=_mentioned_embedded, cypher=_mentioned_cypher)


def _texts_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    rows = store.rows(
        "SELECT id, label, document, json_extract(props, '$.text') AS text FROM nodes "
        "WHERE label IN ('Action', 'Recommendation')"
    )
    return [dict(row) for row in rows]


def _texts_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    return server.read(
        "MATCH (n:Action|Recommendation) RETURN n.id AS id, head(labels(n)) AS label, "
        "n.document_id AS document, n.text AS text"
    )


#: (id, label, document, text) of every action and recommendation.
ITEM_TEXTS = Fetch("item-texts", embedded=_texts_embedded, cypher=_texts_cypher)


# -- the question -----------------------------------------------------------------------


class _Context:
    def __init__(self, backend: Backend, between, review) -> None:
        self.backend = backend
        self.documents = documents_by_id(backend)
        self.names = {a["id"]: a["name"] for a in backend.nodes_of("Agency")}
        self.pair = None
        if between:
            self.pair = tuple({a["id"] for a in match_agencies(backend, n)} for n in between)
        self.review = None
        if review is not None:
            self.review = {d.id for d in resolve_reviews(backend, review)}
        self.owners: dict[str, set[str]] = defaultdict(set)
        self.directed: dict[str, set[str]] = defaultdict(set)
        for row in backend.fetch(ITEM_AGENCIES):
            (self.owners if row["how"] == "owner" else self.directed)[row["item"]].add(
                row["agency"]
            )
        self._nodes: dict[str, dict[str, Any]] = {}

    def agencies(self, item: str) -> set[str]:
        return self.owners.get(item, set()) | self.directed.get(item, set())

    def home(self, item: str) -> set[str]:
        """The agencies an item stands under in its plan: its recommendation's section."""
        return self.directed.get(item) or self.owners.get(item, set())

    def named(self, ids: Iterable[str]) -> list[str]:
        return sorted((self.names.get(i, i) for i in ids), key=fold)

    def wanted(self, *groups: set[str]) -> bool:
        if self.pair is None:
            return True
        ids = set().union(*groups)
        first, second = self.pair
        return bool(ids & first) and bool(ids & second) and len(ids & (first | second)) > 1

    def load(self, ids: Iterable[str]) -> None:
        missing = list(dict.fromkeys(i for i in ids if i not in self._nodes))
        for node in self.backend.node_dicts(missing):
            self._nodes[node["id"]] = node

    def node(self, item: str) -> dict[str, Any]:
        if item not in self._nodes:
            self.load([item])
        return self._nodes[item]

    def in_review(self, item: str) -> bool:
        return self.review is None or self.node(item).get("document") in self.review

    def row(self, kind: str, item: str, agencies: set[str], detail: str, **other: Any):
        node = self.node(item)
        # The values come from the store as it was written: no need to validate them again.
        return SharedItem.model_construct(
            kind=kind,
            id=node["id"],
            ref=node.get("handle"),
            **place_of(node, self.documents),
            text=item_text(node),
            agencies=self.named(agencies),
            detail=detail,
            **other,
        )


def shared(
    source,
    *,
    between: tuple[str, str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    kinds: tuple[str, ...] = SHARED_KINDS,
    review: str | None = None,
    progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
) -> list[SharedItem]:
    """What agencies share: joint actions and recommendations, references across agency
    lines, other agencies an item's words name, and near-identical items given to
    different agencies.

    The agencies of an action are those accountable for it (its owners')
    together with those its recommendations are ``DIRECTED_AT``; of a
    recommendation, those it is ``DIRECTED_AT``.

    - ``action``: an action with more than one agency, e.g. a Housing
      recommendation delivered by the Head of Housing and the Children's
      Services Directorate Head.
    - ``recommendation``: a recommendation directed at several agencies.
    - ``cross-reference``: an item that ``CITES`` words resolving to an item of
      another agency, each item taken as its recommendation's agency.
    - ``named-in``: an item whose words name (``MENTIONS``) agencies other than
      its own — "records shared across Police, RBK Housing and the PCT".
    - ``similar``: two actions, or two recommendations, within or across
      reviews, whose agencies have none in common and whose texts score at
      least ``threshold`` by :func:`similarity`.

    Parameters
    ----------
    source : Backend, Store or ReviewGraph
    between : (str, str), optional
        Keep items involving both agencies (each: every agency whose name or
        alias holds the words).
    threshold : float
        Least similarity for ``similar`` rows, 0 to 1.
    kinds : tuple of str
        Which kinds of sharing to look for.
    review : str, optional
        Keep items of this plan; ``similar`` pairs are kept when either side is in it.
    progress : callable, optional
        ``progress(iterable, total)`` wraps the comparison of near-identical
        items, e.g. in a progress bar.

    Returns
    -------
    list of SharedItem
        By kind (in the order above), plan and item; ``similar`` by falling score.

    Raises
    ------
    NotFoundError
        When an agency or review named does not exist.
    ValueError
        When ``threshold`` is not between 0 and 1 or a kind is unknown.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph, Recommendation, Agency, Source
    >>> g = ReviewGraph()
    >>> src = Source(document="plan.txt", line_start=1, line_end=1)
    >>> for slug in ("police", "health"):
    ...     _ = g.add(Agency(id=f"agency:{slug}", name=slug.title(), source=src))
    >>> _ = g.add(Recommendation(id="recommendation:plan:1", ref="1", text="Share records",
    ...     order=1, source=src))
    >>> g.link("recommendation:plan:1", "DIRECTED_AT", "agency:police")
    >>> g.link("recommendation:plan:1", "DIRECTED_AT", "agency:health")
    >>> [(r.kind, r.ref, r.agencies) for r in shared(g)]
    [('recommendation', 'plan:1', ['Health', 'Police'])]
    """
    if not (0 <= threshold <= 1) or math.isnan(threshold):
        raise ValueError(f"threshold {threshold} is not between 0 and 1")
    unknown = set(kinds) - set(SHARED_KINDS)
    if unknown:
        raise ValueError(f"unknown kind {sorted(unknown)[0]!r}; one of {', '.join(SHARED_KINDS)}")
    context = _Context(as_backend(source), between, review)
    rows: list[SharedItem] = []
    if "action" in kinds:
        rows += _joint(context, "action")
    if "recommendation" in kinds:
        rows += _joint(context, "recommendation")
    if "cross-reference" in kinds:
        rows += _crossing_references(context)
    if "named-in" in kinds:
        rows += _named_in(context)
    if "similar" in kinds:
        rows += _similar(context, threshold, progress)
    return rows


def _joint(context: _Context, kind: str) -> list[SharedItem]:
    prefix = f"{kind}:"
    # Sorted after the test, not before: a national corpus has 120k items and about
    # a thousand joint ones, and natural_key is the costly part.
    candidates = sorted(
        (
            i
            for i in {*context.owners, *context.directed}
            if i.startswith(prefix)
            and len(agencies := context.agencies(i)) > 1
            and context.wanted(agencies)
        ),
        key=natural_key,
    )
    context.load(candidates)
    rows = []
    for item in candidates:
        if not context.in_review(item):
            continue
        agencies = context.agencies(item)
        owners, directed = context.owners.get(item, set()), context.directed.get(item, set())
        if kind == "recommendation":
            detail = "directed at " + " and ".join(context.named(directed))
        elif len(owners) > 1:
            detail = "owned by " + " and ".join(context.named(owners))
        elif owners and directed and owners != directed:
            detail = (
                f"owned by {context.named(owners)[0]} for {' and '.join(context.named(directed))}"
            )
        else:
            detail = "delivers recommendations of " + " and ".join(context.named(directed))
        rows.append(context.row(kind, item, agencies, detail))
    return rows


def _crossing_references(context: _Context) -> list[SharedItem]:
    rows = []
    references = sorted(
        context.backend.fetch(REFERENCES),
        key=lambda r: (
            natural_key(r["crossref"]),
            natural_key(r["citing"]),
            natural_key(r["target"]),
        ),
    )
    found = []
    for reference in references:
        mine, theirs = context.home(reference["citing"]), context.home(reference["target"])
        if not mine or not theirs or mine & theirs or not context.wanted(mine, theirs):
            continue
        found.append((reference, mine, theirs))
    context.load([r["citing"] for r, _, _ in found] + [r["target"] for r, _, _ in found])
    context.load([r["crossref"] for r, _, _ in found])
    for reference, mine, theirs in found:
        if not context.in_review(reference["citing"]):
            continue
        target = context.node(reference["target"])
        raw = context.node(reference["crossref"]).get("raw")
        rows.append(
            context.row(
                "cross-reference",
                reference["citing"],
                mine,
                f"{raw!r} points at {', '.join(context.named(theirs))}",
                other_id=target["id"],
                other=target.get("handle"),
                other_text=item_text(target),
                other_agencies=context.named(theirs),
            )
        )
    return rows


def _named_in(context: _Context) -> list[SharedItem]:
    named: dict[str, set[str]] = defaultdict(set)
    for row in context.backend.fetch(MENTIONED):
        named[row["item"]].add(row["agency"])
    rows = []
    items = sorted(named, key=natural_key)
    context.load(items)
    for item in items:
        own = context.agencies(item)
        others = named[item] - own
        if not others or not context.wanted(own, others) or not context.in_review(item):
            continue
        rows.append(
            context.row(
                "named-in",
                item,
                own,
                "names " + ", ".join(context.named(others)),
                other_agencies=context.named(others),
            )
        )
    return rows


def _similar(context: _Context, threshold: float, progress) -> list[SharedItem]:
    texts = context.backend.fetch(ITEM_TEXTS)
    rows: list[SharedItem] = []
    for label in ("Action", "Recommendation"):
        items = []
        for record in sorted(
            (t for t in texts if t["label"] == label), key=lambda t: natural_key(t["id"])
        ):
            agencies = context.agencies(record["id"])
            content = content_words(record["text"] or "")
            if agencies and len(content) >= MIN_WORDS:
                items.append((record["id"], record["document"], agencies, content))
        pairs = _twins(items, threshold, progress, context)
        context.load([items[i][0] for pair in pairs for i in pair[:2]])
        for first, second, score in pairs:
            a_id, _, mine, _ = items[first]
            b_id, _, theirs, _ = items[second]
            other = context.node(b_id)
            rows.append(
                context.row(
                    "similar",
                    a_id,
                    mine,
                    f"{label.lower()}s {score:.2f} alike",
                    other_id=b_id,
                    other=other.get("handle"),
                    other_text=item_text(other),
                    other_agencies=context.named(theirs),
                    score=score,
                )
            )
    return sorted(rows, key=lambda r: (-(r.score or 0), natural_key(r.id), natural_key(r.other_id)))


def _twins(items, threshold: float, progress, context: _Context) -> list[tuple[int, int, float]]:
    """Each item's closest near-identical items of other agencies, at most
    :data:`MAX_TWINS` of them, as pairs (by index, the lower first), each pair once.

    Items with the same content words are one group, compared once; groups are
    paired by :func:`_near_pairs`. Plans copy wording from template to template,
    so a national corpus holds groups of hundreds of identical actions: listing
    every pair among them would be quadratic, the closest few per item is not.
    """
    groups: dict[frozenset[str], list[int]] = defaultdict(list)
    for number, item in enumerate(items):
        groups[item[3]].append(number)
    keys = list(groups)
    near: dict[int, list[tuple[float, int]]] = defaultdict(list)
    distinct = [(None, None, frozenset(), key) for key in keys]
    for first, second, score in _near_pairs(distinct, threshold, progress):
        near[first].append((score, second))
        near[second].append((score, first))
    group_of = {number: index for index, key in enumerate(keys) for number in groups[key]}
    found: set[tuple[int, int]] = set()
    scores: dict[tuple[int, int], float] = {}
    for number, (_, document, mine, _) in enumerate(items):
        own = group_of[number]
        candidates = [(1.0, own)] + sorted(near.get(own, []), key=lambda s: (-s[0], s[1]))
        chosen = 0
        for score, group in candidates:
            for other in groups[keys[group]]:
                if other == number or mine & items[other][2]:
                    continue
                if context.review is not None and not (
                    document in context.review or items[other][1] in context.review
                ):
                    continue
                if not context.wanted(mine, items[other][2]):
                    continue
                pair = (min(number, other), max(number, other))
                found.add(pair)
                scores[pair] = score
                chosen += 1
                if chosen >= MAX_TWINS:
                    break
            if chosen >= MAX_TWINS:
                break
    return [(first, second, scores[(first, second)]) for first, second in sorted(found)]


def _near_pairs(items, threshold: float, progress) -> list[tuple[int, int, float]]:
    """Pairs of items (by index, the lower first) whose overlap coefficient reaches
    ``threshold`` and whose agencies have none in common (see :mod:`.similarity_join`)."""
    return [
        (first, second, score)
        for first, second, score in near_pairs([item[3] for item in items], threshold, progress)
        if not (items[first][2] & items[second][2])
    ]
