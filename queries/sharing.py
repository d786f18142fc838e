"""What is shared between agencies: joint actions, joint recommendations, references and twins."""

from __future__ import annotations

from itertools import combinations
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Agency, Node

from ._common import (
    directed_agencies,
    document_stem,
    fold,
    item_ref,
    item_text,
    match_agencies,
    natural_key,
    owner_agencies,
    short_stem,
    words,
)

__all__ = ["SharedItem", "shared", "similarity", "DEFAULT_THRESHOLD", "SHARED_KINDS"]

#: the default least similarity for two items to count as near-identical
DEFAULT_THRESHOLD = 0.8
SHARED_KINDS = ("action", "recommendation", "cross-reference", "similar")

# Words that carry no meaning of their own in plan text.
_STOPWORDS = frozenset(
    """a an the and or of to in on for from by with at as is are be been being will should
    must may can this that these those it its their they them all any each such if which
    who whom what when where how into onto than then so not no also only other
    """.split()
)
# Texts shorter than this say too little ("Letter to GPs.") to call two of them alike.
_MIN_WORDS = 4


class SharedItem(BaseModel):
    """An item that two or more agencies share, and why.

    kind
        ``action``: an action whose owners' agencies and its recommendation's
        agencies are more than one; ``recommendation``: one directed at
        several agencies; ``cross-reference``: an item of one agency whose
        words point at another agency's item (``other_*``); ``similar``: two
        near-identical actions, or recommendations, of agencies with none in
        common, ``score`` saying how alike.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["action", "recommendation", "cross-reference", "similar"]
    review: str
    item_id: str
    item_ref: str
    item_text: str
    agencies: list[str]
    other_id: str | None = None
    other_ref: str | None = None
    other_text: str | None = None
    other_agencies: list[str] = Field(default_factory=list)
    score: float | None = None
    detail: str


def _content_words(text: str) -> frozenset[str]:
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
    a, b = _content_words(first), _content_words(second)
    if min(len(a), len(b)) < _MIN_WORDS:
        return 0.0
    return round(len(a & b) / min(len(a), len(b)), 2)


def _names(agencies: list[Agency]) -> list[str]:
    return sorted((a.name for a in agencies), key=fold)


def _agencies_of(graph: ReviewGraph, node: Node) -> list[Agency]:
    if node.label == "Action":
        found = {
            a.id: a for a in owner_agencies(graph, node.id) + directed_agencies(graph, node.id)
        }
        return [found[k] for k in sorted(found)]
    if node.label == "Recommendation":
        return graph.targets(node.id, "DIRECTED_AT")
    return []


def _home_agencies(graph: ReviewGraph, node: Node) -> list[Agency]:
    """The agencies an item stands under in its plan: its recommendation's section."""
    if node.label == "Action":
        return directed_agencies(graph, node.id) or owner_agencies(graph, node.id)
    return _agencies_of(graph, node)


def shared(
    graph: ReviewGraph,
    *,
    between: tuple[str, str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    kinds: tuple[str, ...] = SHARED_KINDS,
    review: str | None = None,
) -> list[SharedItem]:
    """What agencies share: joint actions and recommendations, references across agency
    lines, and near-identical items given to different agencies.

    The agencies of an action are those of its owners (``OWNED_BY`` →
    ``MEMBER_OF``) together with those its recommendations are
    ``DIRECTED_AT``; of a recommendation, those it is ``DIRECTED_AT``.

    - ``action``: an action with more than one agency, e.g. a Housing
      recommendation delivered by the Head of Housing and the Children's
      Services Directorate Head.
    - ``recommendation``: a recommendation directed at several agencies.
    - ``cross-reference``: an action or recommendation that ``CITES`` words
      resolving (``RESOLVES_TO``) to an item of another agency, each item
      taken as its recommendation's agency (the section it stands in), e.g.
      Kingston's "see LSCB above" from a Children's Services item.
    - ``similar``: two actions, or two recommendations, within or across
      reviews, whose agencies have none in common and whose texts score at
      least ``threshold`` by :func:`similarity`. Recommendations are compared
      too, because a plan often states the same change once per agency there
      (Bexley 3.1 and 6.1: "'check' to 'refer'" at two hospitals).

    Parameters
    ----------
    graph : ReviewGraph
    between : (str, str), optional
        Keep items involving both agencies (each by id, name or alias).
    threshold : float
        Least similarity for ``similar`` rows, 0 to 1.
    kinds : tuple of str
        Which kinds of sharing to look for.
    review : str, optional
        Keep items of this review (document stem or its prefix); ``similar``
        pairs are kept when either side is in it.

    Returns
    -------
    list of SharedItem
        By kind (in the order above), review and item; ``similar`` by falling score.

    Raises
    ------
    NotFoundError
        When an agency or review named does not exist.

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
    >>> [(r.kind, r.item_ref, r.agencies) for r in shared(g)]
    [('recommendation', 'plan:1', ['Health', 'Police'])]
    """
    pair = None
    if between:
        pair = tuple({a.id for a in match_agencies(graph, name)} for name in between)
    stems = None
    if review:
        from .resolve import resolve_review

        stems = {document_stem(r) for r in resolve_review(graph, review)}

    def wanted(*groups: list[Agency]) -> bool:
        if pair is None:
            return True
        ids = {a.id for group in groups for a in group}
        return bool(ids & pair[0]) and bool(ids & pair[1]) and len(ids & (pair[0] | pair[1])) > 1

    def in_review(node: Node) -> bool:
        return stems is None or document_stem(node) in stems

    rows: list[SharedItem] = []
    if "action" in kinds:
        for action in _sorted(graph.nodes("Action")):
            agencies = _agencies_of(graph, action)
            if len(agencies) > 1 and wanted(agencies) and in_review(action):
                rows.append(_action_row(graph, action, agencies))
    if "recommendation" in kinds:
        for recommendation in _sorted(graph.nodes("Recommendation")):
            agencies = _agencies_of(graph, recommendation)
            if len(agencies) > 1 and wanted(agencies) and in_review(recommendation):
                rows.append(
                    _item(
                        graph,
                        "recommendation",
                        recommendation,
                        agencies,
                        "directed at " + " and ".join(_names(agencies)),
                    )
                )
    if "cross-reference" in kinds:
        rows += _crossing_references(graph, wanted, in_review)
    if "similar" in kinds:
        rows += _similar(graph, threshold, wanted, in_review)
    return rows


def _sorted(nodes) -> list[Node]:
    return sorted(nodes, key=lambda n: natural_key(n.id))


def _item(graph, kind, node, agencies, detail, **other) -> SharedItem:
    return SharedItem(
        kind=kind,
        review=short_stem(document_stem(node)),
        item_id=node.id,
        item_ref=item_ref(graph, node),
        item_text=item_text(node),
        agencies=_names(agencies),
        detail=detail,
        **other,
    )


def _action_row(graph: ReviewGraph, action: Node, agencies: list[Agency]) -> SharedItem:
    owners = owner_agencies(graph, action.id)
    directed = directed_agencies(graph, action.id)
    if len(owners) > 1:
        detail = "owned by roles of " + " and ".join(_names(owners))
    elif owners and directed and {a.id for a in owners} != {a.id for a in directed}:
        detail = f"owned by {_names(owners)[0]} for {' and '.join(_names(directed))}"
    else:
        detail = "delivers recommendations of " + " and ".join(_names(directed))
    return _item(graph, "action", action, agencies, detail)


def _crossing_references(graph, wanted, in_review) -> list[SharedItem]:
    rows = []
    for crossref in _sorted(graph.nodes("CrossReference")):
        for citing in graph.sources(crossref.id, "CITES"):
            mine = _home_agencies(graph, citing)
            for target in graph.targets(crossref.id, "RESOLVES_TO"):
                theirs = _home_agencies(graph, target)
                if not mine or not theirs or {a.id for a in mine} & {a.id for a in theirs}:
                    continue
                if not wanted(mine, theirs) or not in_review(citing):
                    continue
                rows.append(
                    _item(
                        graph,
                        "cross-reference",
                        citing,
                        mine,
                        f"{crossref.raw!r} points at {', '.join(_names(theirs))}",
                        other_id=target.id,
                        other_ref=item_ref(graph, target),
                        other_text=item_text(target),
                        other_agencies=_names(theirs),
                    )
                )
    return rows


def _similar(graph, threshold, wanted, in_review) -> list[SharedItem]:
    rows = []
    for label in ("Action", "Recommendation"):
        items = []
        for node in _sorted(graph.nodes(label)):
            agencies = _agencies_of(graph, node)
            words_of = _content_words(item_text(node))
            if agencies and len(words_of) >= _MIN_WORDS:
                items.append((node, agencies, {a.id for a in agencies}, words_of))
        for (first, mine, my_ids, a), (second, theirs, their_ids, b) in combinations(items, 2):
            if my_ids & their_ids or not (in_review(first) or in_review(second)):
                continue
            score = round(len(a & b) / min(len(a), len(b)), 2)
            if score < threshold or not wanted(mine, theirs):
                continue
            rows.append(
                _item(
                    graph,
                    "similar",
                    first,
                    mine,
                    f"{label.lower()}s {score:.2f} alike",
                    other_id=second.id,
                    other_ref=item_ref(graph, second),
                    other_text=item_text(second),
                    other_agencies=_names(theirs),
                    score=score,
                )
            )
    return sorted(
        rows, key=lambda r: (-(r.score or 0), natural_key(r.item_id), natural_key(r.other_id))
    )
