"""Full-text search over every item's words, ranked by BM25, each hit with its place.

The embedded store keeps an SQLite FTS5 index (Porter stemming, so ``train``
finds "training" and "trained"; ``&`` joins a word, so ``A&E`` is one token);
a Neo4j server gets each item's indexed terms from the store when it is pushed,
and the same BM25 is computed from them.
"""

from __future__ import annotations

import json
import math
from typing import Any

from pydantic import BaseModel, ConfigDict

from reviewgraph.graph.search_terms import tokenize
from reviewgraph.graph.store import SEARCH_FIELDS

from ._common import documents_by_id, natural_key, place_of, words
from .backend import Fetch, as_backend
from .naming import field_values
from .tracing import item_text

__all__ = ["SearchHit", "search", "SEARCH", "query_words", "query_terms", "bm25"]

#: BM25's constants, as SQLite's FTS5 uses them.
K1 = 1.2
B = 0.75
_MARK = "\x02"


class SearchHit(BaseModel):
    """One item matching a search, with where it came from.

    ``field`` is the field whose words matched (the first of several) and
    ``text`` that field's words; ``recommendation`` is the recommendation the
    item stands under (itself for a recommendation).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    rank: int
    score: float
    id: str
    ref: str | None
    label: str
    field: str
    text: str
    recommendation: str | None
    review: str | None
    document: str | None
    line_start: int | None
    line_end: int | None
    locator: str | None = None


def query_words(query: str) -> dict[str, str]:
    """Each index term of ``query`` (its words as FTS5's Porter tokenizer stems them),
    in order, with the first of its words that gives it.

    FTS5 stems the words of a ``MATCH`` itself, so the embedded store is asked
    for the words: a stem asked for would be stemmed again ("nurse" → "nurs"
    → "nur", which no text holds). The server holds the terms, and is asked
    for those.

    Examples
    --------
    >>> query_words("Training trained A&E nurses")
    {'train': 'training', 'a&': 'a&e', 'nurs': 'nurses'}
    """
    found: dict[str, str] = {}
    for word in words(query):
        for term in tokenize(word):
            found.setdefault(term, word)
    return found


def query_terms(query: str) -> list[str]:
    """The index terms of ``query``: its words as FTS5's Porter tokenizer stems them.

    Examples
    --------
    >>> query_terms("Training trained A&E")
    ['train', 'a&']
    """
    return list(query_words(query))


def bm25(
    frequencies: dict[str, int], length: int, rows: int, average: float, counts: dict[str, int]
) -> float:
    """The BM25 score SQLite FTS5 gives one row, as a positive number.

    ``frequencies`` are how often each query term occurs in the row (all its
    fields), in the query's order; ``length`` the row's number of terms
    (all fields), ``rows`` the number of rows in the index, ``average`` their
    mean length and ``counts`` how many rows hold each term. The arithmetic
    is FTS5's own (``fts5Bm25Function``), step for step, so the score is the
    same double: an IDF of at least 1e-6, terms summed in query order.

    Examples
    --------
    >>> round(bm25({"train": 1}, 5, 10, 5.0, {"train": 2}), 4)
    1.2238
    """
    score = 0.0
    for term, frequency in frequencies.items():
        if not frequency:
            continue
        held = counts.get(term, 0)
        idf = math.log((rows - held + 0.5) / (held + 0.5))
        if idf <= 0.0:
            idf = 1e-6
        found = float(frequency)
        score += idf * ((found * (K1 + 1.0)) / (found + K1 * (1 - B + B * length / average)))
    return score


# -- data access, once per backend -------------------------------------------------


def _search_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    from reviewgraph.graph.store import node_dict

    if not p["words"]:
        return []
    # One phrase per index term, in the terms' order: FTS5 scores each phrase once.
    match = " OR ".join(f'"{w}"' for w in p["words"])
    marks = ", ".join(
        f"highlight(search, {i}, '{_MARK}', '') AS f{i}" for i in range(len(SEARCH_FIELDS))
    )
    labels = "AND n.label IN (SELECT value FROM json_each(:labels))" if p["labels"] else ""
    parameters = {"match": match, "labels": json.dumps(p["labels"])}
    chosen = ""
    if p.get("limit"):
        # A common word matches thousands of items: rank them by score alone first,
        # then read and mark up only the best (with every item tied with the last).
        scores = store.rows(
            "SELECT search.rowid, -bm25(search) AS score FROM search "
            "JOIN nodes n ON n.rowid = search.rowid "
            f"WHERE search MATCH :match {labels} ORDER BY bm25(search)",
            parameters,
        )
        if len(scores) > p["limit"]:
            last = round(scores[p["limit"] - 1]["score"], 9)
            best = [row["rowid"] for row in scores if round(row["score"], 9) >= last]
            chosen = "AND search.rowid IN (SELECT value FROM json_each(:best))"
            parameters["best"] = json.dumps(best)
    rows = store.rows(
        f"SELECT n.id, n.label, n.handle, n.document, n.props, -bm25(search) AS score, {marks} "
        "FROM search JOIN nodes n ON n.rowid = search.rowid "
        f"WHERE search MATCH :match {labels} {chosen} ORDER BY bm25(search), n.id",
        parameters,
    )
    found = []
    for row in rows:
        fields = [f for i, f in enumerate(SEARCH_FIELDS) if _MARK in (row[f"f{i}"] or "")]
        found.append({"node": node_dict(row), "score": row["score"], "fields": fields})
    return found


def _search_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    # No full-text index on the server: each node holds the terms the store's FTS5 index
    # holds for it (graph/search_terms.py), and FTS5's BM25 is computed from them over
    # the whole index, whatever labels are asked for, as FTS5 does.
    terms = p["terms"]
    if not terms:
        return []
    index = server.read(
        "MATCH (n) WHERE n.search_length IS NOT NULL "
        "RETURN count(n) AS rows, sum(n.search_length) AS tokens"
    )[0]
    # ``search_terms`` is one text, " term term ": a term is found with its spaces.
    records = server.read(
        "MATCH (n) WHERE any(t IN $padded WHERE n.search_terms CONTAINS t) "
        "RETURN head(labels(n)) AS label, "
        "n.search_postings AS postings, n.search_length AS length, "
        "CASE WHEN $labels IS NULL OR head(labels(n)) IN $labels "
        "THEN properties(n) END AS node",
        {"padded": [f" {t} " for t in terms], "labels": p["labels"] or None},
    )
    if not records:
        return []
    for record in records:
        record["postings"] = json.loads(record["postings"])  # {"field": {"term": count}}
    counts = {
        t: sum(1 for r in records if any(t in field for field in r["postings"].values()))
        for t in terms
    }
    average = index["tokens"] / index["rows"]
    found = []
    for record in records:
        if record["node"] is None:
            continue
        postings = record["postings"]
        frequencies = {t: sum(field.get(t, 0) for field in postings.values()) for t in terms}
        score = bm25(frequencies, record["length"], index["rows"], average, counts)
        fields = [f for f in SEARCH_FIELDS if any(t in postings.get(f, {}) for t in terms)]
        found.append(
            {"node": server.node(record["node"], record["label"]), "score": score, "fields": fields}
        )
    return found


SEARCH = Fetch("search", embedded=_search_embedded, cypher=_search_cypher)


def search(
    source, query: str, *, limit: int | None = 20, labels: list[str] | None = None
) -> list[SearchHit]:
    """Items whose words match ``query``, best first (BM25), each with its place.

    Every query word need not match: more matching words, and rarer ones, rank
    higher. Words are stemmed (``train`` finds "training"), ``A&E`` is one word.
    Searched: an action's text, outcome, progress, evidence, due, status and
    owner words; a recommendation's text and introduction; role, agency and
    review names; cross-reference words.

    Parameters
    ----------
    source : Backend, Store or ReviewGraph
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

    Raises
    ------
    StoreError
        When the store cannot be read.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph, Action, Source
    >>> g = ReviewGraph()
    >>> src = Source(document="/nonexistent/plan.txt", line_start=4, line_end=4)
    >>> _ = g.add(Action(id="action:plan:1", text="Publish newsletters", source=src))
    >>> [(hit.rank, hit.id, hit.field, hit.line_start) for hit in search(g, "newsletter")]
    [(1, 'action:plan:1', 'text', 4)]
    """
    backend = as_backend(source)
    terms = query_words(query)
    found = backend.fetch(
        SEARCH,
        terms=list(terms),
        words=list(terms.values()),
        labels=list(labels or []),
        limit=limit,
    )
    found.sort(key=lambda f: (-round(f["score"], 9), natural_key(f["node"]["id"])))
    if limit is not None:
        found = found[:limit]
    documents = documents_by_id(backend)
    hits = []
    for rank, hit in enumerate(found, 1):
        node = hit["node"]
        handle = node.get("handle")
        recommendation = handle.split("/", 1)[0].split("~", 1)[0] if handle else None
        field = hit["fields"][0] if hit["fields"] else "text"
        words_of_field = field_values(node, field)
        hits.append(
            SearchHit(
                rank=rank,
                score=round(hit["score"], 4),
                id=node["id"],
                ref=handle,
                label=node["label"],
                field=field,
                text=" ; ".join(words_of_field) or item_text(node),
                recommendation=recommendation if node["label"] != "Review" else None,
                **place_of(node, documents),
            )
        )
    return hits
