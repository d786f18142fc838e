"""Full-text search over every item's words, ranked, each hit traced to its source."""

from __future__ import annotations

import math
from collections import Counter

from pydantic import BaseModel, ConfigDict

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Node

from ._common import fold, natural_key, words
from .resolve import TEXT_FIELDS, _field_values
from .tracing import trace

__all__ = ["SearchHit", "search"]

# BM25's usual constants: term saturation and length normalisation.
_K1 = 1.2
_B = 0.75
# A hit holding the query as one phrase ranks above scattered words.
_PHRASE_BONUS = 2.0


class SearchHit(BaseModel):
    """One item matching a search, with where it came from.

    ``field`` is the field that matched best and ``text`` its words;
    ``recommendation_ref``, ``review``, ``document`` and the line range are
    the item's trace (its first, when it has several).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    rank: int
    score: float
    id: str
    label: str
    field: str
    text: str
    recommendation_id: str | None
    recommendation_ref: str | None
    review_id: str | None
    review: str | None
    document: str
    line_start: int
    line_end: int


def _documents(graph: ReviewGraph, labels) -> list[tuple[Node, dict[str, str]]]:
    found = []
    for label in labels:
        for node in graph.nodes(label):
            fields = {field: " ".join(_field_values(node, field)) for field in TEXT_FIELDS[label]}
            found.append((node, {k: v for k, v in fields.items() if v}))
    return found


def search(
    graph: ReviewGraph, query: str, *, limit: int | None = 20, labels: list[str] | None = None
) -> list[SearchHit]:
    """Items whose words match ``query``, best first, each with its trace.

    Scored with BM25 over each item's words (an action's text, outcome,
    progress, evidence, due and status words and owner cell; a
    recommendation's text; role, agency and review names; cross-reference
    words), plus a bonus when the query appears as one phrase. Ties go to
    document order. Every query word need not match: more matching words
    rank higher.

    Parameters
    ----------
    graph : ReviewGraph
    query : str
        Words to look for, case-insensitive.
    limit : int or None
        At most this many hits; all when None.
    labels : list of str, optional
        Labels to search (``Action``, ``Recommendation``, ``LeadRole``,
        ``Agency``, ``CrossReference``, ``Review``); all by default.

    Returns
    -------
    list of SearchHit
        Ranked from 1; empty when nothing matches.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph, Action, Source
    >>> g = ReviewGraph()
    >>> src = Source(document="/nonexistent/plan.txt", line_start=4, line_end=4)
    >>> _ = g.add(Action(id="action:plan:1", text="Publish newsletter", source=src))
    >>> [(hit.rank, hit.id, hit.line_start) for hit in search(g, "newsletter")]
    [(1, 'action:plan:1', 4)]
    """
    terms = list(dict.fromkeys(words(query)))
    if not terms:
        return []
    phrase = fold(query)
    documents = _documents(graph, labels or list(TEXT_FIELDS))
    tokens = [Counter(words(" ".join(fields.values()))) for _, fields in documents]
    average = sum(sum(t.values()) for t in tokens) / max(1, len(tokens))
    frequency = Counter(term for t in tokens for term in terms if term in t)
    total = len(documents)

    scored = []
    for (node, fields), counts in zip(documents, tokens, strict=True):
        if not any(term in counts for term in terms):
            continue
        length = sum(counts.values())
        score = 0.0
        for term in terms:
            found = counts.get(term, 0)
            if not found:
                continue
            idf = math.log(1 + (total - frequency[term] + 0.5) / (frequency[term] + 0.5))
            score += idf * found * (_K1 + 1) / (found + _K1 * (1 - _B + _B * length / average))
        best = max(
            fields,
            key=lambda f: (phrase in fold(fields[f]), sum(t in words(fields[f]) for t in terms)),
        )
        if phrase in fold(fields[best]):
            score += _PHRASE_BONUS
        scored.append((round(score, 4), node, best, fields[best]))
    scored.sort(key=lambda s: (-s[0], natural_key(s[1].id)))
    if limit is not None:
        scored = scored[:limit]

    hits = []
    for rank, (score, node, field, text) in enumerate(scored, 1):
        path = trace(graph, node)[0]
        hits.append(
            SearchHit(
                rank=rank,
                score=score,
                id=node.id,
                label=node.label,
                field=field,
                text=text,
                recommendation_id=path.recommendation_id,
                recommendation_ref=path.recommendation_ref,
                review_id=path.review_id,
                review=path.review,
                document=path.document,
                line_start=path.line_start,
                line_end=path.line_end,
            )
        )
    return hits
