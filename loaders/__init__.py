"""Loaders: plan documents of every layout into the accountability graph.

The names below load their modules on first use: a query that only reads a
plan's lines back (``trace``) should not import the whole loading pipeline.
"""

from __future__ import annotations

import importlib
from typing import Any

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
