"""The graph model of reviewgraph: typed nodes, relationships and the embedded store.

Names are imported on first use, so that ``reviewgraph --version`` and the
commands that need neither pydantic nor networkx start quickly.
"""

from __future__ import annotations

from .lazy_imports import lazy_names

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


__getattr__, __dir__ = lazy_names(__name__, _HOMES)
