"""Finding the items an analyst names: by id, printed reference, or words of their text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from reviewgraph.graph.errors import NotFoundError
from reviewgraph.graph.handles import natural_key

from ._common import close_matches, fold, words
from .backend import Backend, Fetch, as_backend

__all__ = ["resolve", "resolve_one", "TEXT_FIELDS", "field_values", "TEXT_MATCHES"]

#: the fields searched when an item is named by its words, per label
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "Action": ("text", "outcome", "progress", "evidence", "due_raw", "status_raw", "owner_raw"),
    "Recommendation": ("text", "intro"),
    "LeadRole": ("name",),
    "Agency": ("name", "aliases"),
    "CrossReference": ("raw",),
    "Review": ("title", "board", "subject"),
}

_SPACES_RE = re.compile(r"\s+")


def field_values(node: dict[str, Any], field: str) -> list[str]:
    """A node's values of one field, as text (lists give one value per item).

    Examples
    --------
    >>> field_values({"aliases": ["HWPH", "HWPHT"]}, "aliases")
    ['HWPH', 'HWPHT']
    """
    value = node.get(field)
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


# -- data access, once per backend -------------------------------------------------


def _text_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    from reviewgraph.graph.store import node_dict

    terms = [t for t in p["words"] if t]
    if not terms:
        return []
    match = " AND ".join(f'"{t}"*' for t in terms)
    rows = store.rows(
        "SELECT n.id, n.label, n.handle, n.document, n.props FROM search s "
        "JOIN nodes n ON n.rowid = s.rowid "
        "WHERE search MATCH ? AND n.label IN (SELECT value FROM json_each(?))",
        (match, json.dumps(p["labels"])),
    )
    return [node_dict(row) for row in rows]


def _text_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    from reviewgraph.graph.models import NODE_TYPES
    from reviewgraph.graph.neo4j_cypher import quoted
    from reviewgraph.graph.search_terms import tokenize

    terms = [t for t in p["words"] if t]
    if not terms:
        return []
    # FTS5's "word"* : a term of any searched field starts with the word's stem (a query
    # word is stemmed as the text was), from the terms the push gave each node.
    stems = [stem for word in terms for stem in tokenize(word)[:1]]
    # ``search_terms`` is one text, " term term ": a term starts after a space.
    starts = [f" {stem}" for stem in stems]
    found: list[dict[str, Any]] = []
    for label in p["labels"]:
        records = server.read(
            f"MATCH (n:{quoted(label, NODE_TYPES)}) "
            "WHERE all(s IN $starts WHERE n.search_terms CONTAINS s) "
            "RETURN properties(n) AS node",
            {"starts": starts},
        )
        found += [server.node(r["node"], label) for r in records]
    return found


TEXT_MATCHES = Fetch("resolve-text", embedded=_text_embedded, cypher=_text_cypher)


# -- the question -----------------------------------------------------------------------


def _by_text(backend: Backend, query: str, labels: list[str]) -> list[dict[str, Any]]:
    wanted = fold(query)
    candidates = backend.fetch(TEXT_MATCHES, words=words(query), phrase=wanted, labels=labels)
    found = {}
    for node in candidates:
        fields = TEXT_FIELDS.get(node["label"], ())
        if any(wanted in fold(v) for f in fields for v in field_values(node, f)):
            found[node["id"]] = node
    return list(found.values())


def _handles(backend: Backend, query: str) -> list[str]:
    """The printed references ``query`` may stand for."""
    compact = _SPACES_RE.sub("", query)
    head, colon, rest = compact.partition(":")
    found = [compact]
    if colon and rest:
        for document in backend.documents():
            names = {fold(document.handle), fold(document.key), fold(document.id)}
            names.add(fold(document.path.rsplit("/", 1)[-1]))
            names.add(fold(document.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]))
            if fold(head) in names:
                found.append(f"{document.handle}:{rest}")
                if rest.isdigit():
                    # An unnumbered recommendation is named by its position.
                    found.append(f"{document.handle}:#{rest}")
    elif _BARE_REFERENCE_RE.match(compact):
        # "6/2" or "3.1" with no plan named: that reference in every plan.
        for document in backend.documents():
            found.append(f"{document.handle}:{compact}")
            if compact.isdigit():
                found.append(f"{document.handle}:#{compact}")
    return found


# A printed reference without its plan: "6/2", "3.1", "ASC1", "2.1/1~1".
_BARE_REFERENCE_RE = re.compile(r"^(?=[\w.]*\d)[A-Za-z]{0,8}\d[\w.()]*(?:/\d+)?(?:~\d+)?$")


def _by_short_id(backend: Backend, query: str) -> list[dict[str, Any]]:
    # "action:003:12" stands for "action:003_ec582cd5a6ee9def:12".
    parts = query.split(":")
    if len(parts) < 3:
        return []
    ids = [
        ":".join([parts[0], d.key, *parts[2:]])
        for d in backend.documents()
        if parts[1] in (d.handle, d.key)
    ]
    return backend.node_dicts(ids) if ids else []


def resolve(source, query: str, *, labels: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The items ``query`` names, tried in this order.

    1. a node id (``action:003_ec582cd5a6ee9def:12``), or one whose document
       part is the plan's handle (``action:003:12``);
    2. a printed reference (``003:56``, ``003:56/2``, ``003:56/2~1``,
       ``000:3.3.9 (v)``), with the plan named by its handle, key or file
       name; ``002:3`` also finds the third unnumbered recommendation; without
       the plan (``56/2``), that reference in every plan;
    3. words of an item's text, case-insensitively (action text, outcome,
       progress and evidence; recommendation text; role and agency names;
       cross-reference words).

    Parameters
    ----------
    source : Backend, Store or ReviewGraph
    query : str
        What the analyst typed.
    labels : iterable of str, optional
        Labels a text search may return; all searchable labels by default.

    Returns
    -------
    list of dict
        The matching nodes (node dicts), in plan and reference order; never empty.

    Raises
    ------
    NotFoundError
        When ``query`` is empty or nothing matches; the message suggests close
        references.

    Examples
    --------
    >>> from reviewgraph.graph import ReviewGraph
    >>> resolve(ReviewGraph(), "003:34")
    Traceback (most recent call last):
    ...
    reviewgraph.graph.errors.NotFoundError: nothing matches '003:34'
    """
    backend = as_backend(source)
    query = query.strip()
    if not query:
        raise NotFoundError("an item must be named (an id, a reference such as 003:56, or words)")
    labels = list(labels or TEXT_FIELDS)
    found = backend.node_dicts([query]) or _by_short_id(backend, query)
    if not found:
        found = backend.nodes_by_handle(_handles(backend, query))
    if not found:
        found = _by_text(backend, query, labels)
    if found:
        return sorted(
            found, key=lambda n: (natural_key(n.get("handle") or ""), natural_key(n["id"]))
        )
    raise NotFoundError(f"nothing matches {query!r}", _suggestions(backend, query))


def resolve_one(source, query: str) -> dict[str, Any]:
    """The one item ``query`` names.

    Raises
    ------
    NotFoundError
        When nothing matches, or several items do (the message lists them).
    """
    found = resolve(source, query)
    if len(found) > 1:
        shown = ", ".join(n.get("handle") or n["id"] for n in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise NotFoundError(
            f"{query!r} names {len(found)} items: {shown}{more}; name one by its reference"
        )
    return found[0]


def _suggestions(backend: Backend, query: str) -> list[str]:
    head = _SPACES_RE.sub("", query).partition(":")[0]
    handles = []
    for document in backend.documents():
        if fold(head) in (fold(document.handle), fold(document.key)):
            handles = [
                n["handle"]
                for label in ("Recommendation",)
                for n in backend.nodes_of(label)
                if n.get("document") == document.id and n.get("handle")
            ]
    names = [d.handle for d in backend.documents()]
    return close_matches(query, handles or names)
