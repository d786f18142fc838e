"""The analyst's questions as plain functions over a :class:`~reviewgraph.graph.ReviewGraph`.

Each query returns a list of typed rows and is defined by what it returns, so
a Cypher version can return the same rows:

- :func:`owners` — who owns what (:class:`OwnedAction`)
- :func:`shared` — what agencies share (:class:`SharedItem`)
- :func:`deps` — what an item depends on, or what depends on it (:class:`Dependency`)
- :func:`trace` — an item's recommendation, review and document lines (:class:`TraceRow`)
- :func:`status` — progress rolled up by review and agency (:class:`StatusRollup`)
- :func:`search` — ranked full-text search with traces (:class:`SearchHit`)
- :func:`resolve` — the items an id, ``review:ref`` or words name
- :func:`agencies` / :func:`merge_candidates` — agencies, their spellings, likely duplicates
- :func:`run_checks` — the integrity findings of every rule (:class:`Finding`)
"""

from .agencies import AgencyRow, MergeCandidate, agencies, merge_candidates
from .checks import RULES, Finding, run_checks
from .dependencies import Dependency, deps
from .fulltext import SearchHit, search
from .ownership import OwnedAction, owners
from .resolve import resolve, resolve_review
from .rollup import StatusRollup, status
from .sharing import SharedItem, shared, similarity
from .stats import StatsReport, stats
from .tracing import TraceRow, trace

__all__ = [
    "owners",
    "shared",
    "deps",
    "trace",
    "status",
    "search",
    "resolve",
    "resolve_review",
    "similarity",
    "OwnedAction",
    "SharedItem",
    "Dependency",
    "TraceRow",
    "StatusRollup",
    "SearchHit",
    "stats",
    "StatsReport",
    "agencies",
    "merge_candidates",
    "AgencyRow",
    "MergeCandidate",
    "run_checks",
    "RULES",
    "Finding",
]
