"""The analyst's questions as plain functions over a backend.

Each query takes a :class:`~reviewgraph.queries.backend.Backend` (the embedded
SQLite store or a Neo4j server; a store or an in-memory graph is accepted too)
and returns a list of typed rows, the same from either backend:

- :func:`owners` — who owns what (:class:`OwnedAction`)
- :func:`shared` — what agencies share (:class:`SharedItem`)
- :func:`deps` — what an item depends on, or what depends on it (:class:`Dependency`)
- :func:`trace` — an item's recommendation, review and document lines (:class:`TraceRow`)
- :func:`status` — progress rolled up by review and agency (:class:`StatusRollup`)
- :func:`search` — ranked full-text search (:class:`SearchHit`)
- :func:`resolve` — the items an id, printed reference or words name
- :func:`agencies` / :func:`merge_candidates` — agencies, their spellings, likely duplicates
- :func:`run_checks` — the integrity findings of every rule (:class:`Finding`)
- :func:`stats` — how much the graph holds (:class:`StatsReport`)

Names are imported on first use, so commands load only what they ask. No module
is named like a function it defines (``naming`` holds :func:`resolve`), because
importing a submodule sets the package attribute of its name.
"""

from __future__ import annotations

from reviewgraph.graph.lazy_imports import lazy_names

_HOMES = {
    "owners": "ownership",
    "OwnedAction": "ownership",
    "shared": "sharing",
    "SharedItem": "sharing",
    "similarity": "text_likeness",
    "deps": "dependencies",
    "Dependency": "dependencies",
    "trace": "tracing",
    "TraceRow": "tracing",
    "status": "rollup",
    "StatusRollup": "rollup",
    "search": "fulltext",
    "SearchHit": "fulltext",
    "resolve": "naming",
    "resolve_one": "naming",
    "agencies": "agency_names",
    "merge_candidates": "agency_names",
    "AgencyRow": "agency_names",
    "MergeCandidate": "agency_names",
    "run_checks": "checks",
    "RULES": "checks",
    "Finding": "checks",
    "stats": "counts",
    "StatsReport": "counts",
    "parse_status": "statuses",
    "as_backend": "backend",
    "Backend": "backend",
}

__all__ = list(_HOMES)


__getattr__, __dir__ = lazy_names(__name__, _HOMES)
