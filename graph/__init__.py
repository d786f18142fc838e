"""The graph model of reviewgraph: typed nodes, relationships and the embedded store.

Names are imported on first use, so that ``reviewgraph --version`` and the
commands that need neither pydantic nor networkx start quickly.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "ReviewGraph": "core",
    "SHARED_LABELS": "core",
    "ReviewgraphError": "errors",
    "InputError": "errors",
    "StoreError": "errors",
    "GraphError": "errors",
    "NotFoundError": "errors",
    "NODE_TYPES": "models",
    "RELATIONSHIPS": "models",
    "Node": "models",
    "Source": "models",
    "Status": "models",
    "Document": "models",
    "Review": "models",
    "Agency": "models",
    "Recommendation": "models",
    "Action": "models",
    "LeadRole": "models",
    "CrossReference": "models",
    "Edge": "models",
    "Store": "store",
    "default_store_path": "store",
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
