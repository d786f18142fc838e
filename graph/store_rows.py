"""The store's rows and the export form: nodes and edges as ``nodes`` and ``edges``
rows, rows back as node and edge dicts, and a ``documents`` row as a
:class:`StoredDocument`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .handles import normal_ref

__all__ = ["StoredDocument", "edge_dict", "node_dict"]


@dataclass(frozen=True)
class StoredDocument:
    """A plan file as the store knows it."""

    id: str
    key: str
    handle: str
    path: str
    sha256: str
    layout: str
    encoding: str | None
    size: int | None
    loaded_at: str
    #: Its place in the load order (a plan loaded again goes last).
    number: int | None = None


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# One encoder for every node and edge (json.dumps with options makes one per call).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def _edge_json(edge: dict[str, Any]) -> str | None:
    props = {k: v for k, v in edge.items() if k not in ("source", "target", "type")}
    return _dumps(props) if props else None


def _node_row(
    node: dict[str, Any], document_id: str | None, handle: str | None, props: dict[str, Any]
) -> tuple[Any, ...]:
    label = node["label"]
    name = node.get("name") or node.get("title") or node.get("raw")
    ref = node.get("ref")
    return (
        node["id"],
        label,
        document_id,
        handle,
        name,
        normal_ref(ref) if ref else None,
        node.get("status"),
        node.get("rag"),
        node.get("due_start"),
        node.get("due_end"),
        _dumps(props),
    )


def node_dict(row: sqlite3.Row | tuple[Any, ...]) -> dict[str, Any]:
    """A ``nodes`` row as an export-form node: ``id``, ``label``, properties, and the
    store's ``handle`` (printed reference) and ``document`` (owning plan's id).

    Raises
    ------
    ValueError
        When the row's properties are not JSON.
    """
    keys = row.keys() if isinstance(row, sqlite3.Row) else ()
    data = json.loads(row["props"])
    node = {"id": row["id"], "label": row["label"], **data}
    node["handle"] = row["handle"] if "handle" in keys else None
    node["document"] = row["document"] if "document" in keys else None
    return node


def edge_dict(row: sqlite3.Row | tuple[Any, ...]) -> dict[str, Any]:
    """An ``edges`` row as an export-form edge.

    Raises
    ------
    ValueError
        When the row's properties are not JSON.
    """
    edge = {"source": row[0], "target": row[2], "type": row[1]}
    if row[3]:
        edge.update(json.loads(row[3]))
    return edge
