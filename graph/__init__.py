"""The graph model of reviewgraph: typed nodes, relationships and the embedded store."""

from .core import SHARED_LABELS, ReviewGraph
from .errors import GraphError, InputError, NotFoundError, ReviewgraphError, StoreError
from .models import (
    NODE_TYPES,
    RELATIONSHIPS,
    Action,
    Agency,
    CrossReference,
    Document,
    Edge,
    LeadRole,
    Node,
    Recommendation,
    Review,
    Source,
    Status,
)
from .store import default_store_path, read_store, write_store

__all__ = [
    "ReviewGraph",
    "SHARED_LABELS",
    "ReviewgraphError",
    "InputError",
    "StoreError",
    "GraphError",
    "NotFoundError",
    "NODE_TYPES",
    "RELATIONSHIPS",
    "Node",
    "Source",
    "Status",
    "Document",
    "Review",
    "Agency",
    "Recommendation",
    "Action",
    "LeadRole",
    "CrossReference",
    "Edge",
    "default_store_path",
    "read_store",
    "write_store",
]
