"""Loaders: plan documents of every layout into the accountability graph.

The names below load their modules on first use: a query that only reads a
plan's lines back (``trace``) should not import the whole loading pipeline.
"""

from __future__ import annotations

from reviewgraph.graph.lazy_imports import lazy_names

_HOMES = {
    "LAYOUTS": "detect",
    "detect_layout": "detect",
    "DocumentItems": "model",
    "LoadResult": "model",
    "Unplaced": "model",
    "SUFFIXES": "pipeline",
    "document_items": "pipeline",
    "iter_plan_paths": "pipeline",
    "load_document": "pipeline",
}

__all__ = list(_HOMES)


__getattr__, __dir__ = lazy_names(__name__, _HOMES)
