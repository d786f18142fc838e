"""The store's writes: claiming a plan's key, storing a plan's graph, removing a plan.

:class:`StoreWrites` is the write half of :class:`~reviewgraph.graph.store.Store`,
which mixes it in; each write is one transaction, and the shared agencies and
lead roles are merged again from every plan's contribution after each.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .accountability import accountable_pairs
from .errors import StoreError
from .handles import document_handles, item_handles
from .store_connection import _Transaction, _write_problem
from .store_rows import StoredDocument, _chunks, _dumps, _edge_json, _node_row
from .store_schema import (
    _INSERT_NODE,
    _NOT_PROPERTIES,
    _SEARCH_COLUMNS,
    _SEARCHED,
    SHARED_LABELS,
)

if TYPE_CHECKING:  # pragma: no cover
    from .core import ReviewGraph

__all__ = ["KeyTaken", "StoreWrites"]


class KeyTaken(StoreError):
    """Another plan, whose file is still there, was stored under the key just claimed."""


class StoreWrites:
    """The write half of :class:`~reviewgraph.graph.store.Store`, which opens the
    connection and offers the reads used here (``documents``, ``find_document``)."""

    _connection: sqlite3.Connection
    path: str
    readonly: bool

    def transaction(self) -> _Transaction:
        """One transaction around several writes (a batch of plans); each write inside is
        still all-or-nothing.

        Raises
        ------
        StoreError
            When the store is read-only or locked for longer than the busy timeout.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        return _Transaction(self._connection, self.path)

    def claim_key(
        self, path: str, stem: str, *, taken: dict[str, str] | None = None
    ) -> tuple[str, StoredDocument | None]:
        """The document key a file should load under, and the stored plan it replaces.

        The same path keeps its key. A new file whose stem another stored plan
        has keeps that stem only when that plan's file is gone (it moved);
        otherwise it gets a longer key naming its suffix (``plan.md`` beside
        ``plan.txt``) or its folder (``2019/plan``). Keys in ``taken`` (key to
        path, claimed by files earlier in the same batch) count as used.

        Raises
        ------
        StoreError
            When the store is damaged.
        """
        taken = taken or {}
        by_path = self.find_document(path=path)
        if by_path is not None:
            return by_path.key, by_path
        keys: dict[str, str] = {d.key: d.path for d in self.documents()}
        holder = self.find_document(key=stem)
        if holder is not None and not Path(holder.path).exists() and stem not in taken:
            return stem, holder
        keys.update(taken)
        if stem not in keys:
            return stem, None
        for candidate in _longer_keys(path, stem, keys[stem]):
            if candidate not in keys:
                return candidate, None
        number = 2
        while f"{stem}~{number}" in keys:
            number += 1
        return f"{stem}~{number}", None

    def put_graph(
        self,
        graph: dict[str, list[dict[str, Any]]],
        *,
        replaces: str | None = None,
        document: dict[str, Any] | None = None,
    ) -> StoredDocument:
        """Store one plan's graph (export form, holding one Document), all or nothing.

        The plan stored under the same path, or ``replaces`` (a document id),
        goes first, with everything only it contributed. A graph without a
        Document node (one made by hand) is stored under ``document``, a dict
        with the Document's ``id``, ``path``, ``sha256`` and ``layout``.

        Raises
        ------
        KeyTaken
            When another plan, whose file is still there, is stored under this key.
        StoreError
            When the store is read-only, locked for longer than the busy timeout,
            or the graph holds no Document and none is given.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        documents = [n for n in graph["nodes"] if n["label"] == "Document"]
        if document is None:
            if len(documents) != 1:
                raise StoreError(f"{self.path}: a plan's graph must hold one Document")
            document = documents[0]
        key = document["id"].split(":", 1)[1]
        with _Transaction(self._connection, self.path) as cursor:
            old = cursor.execute(
                "SELECT id, path FROM documents WHERE path = ? OR id = ? OR id = ?",
                (document["path"], document["id"], replaces or ""),
            ).fetchall()
            for old_id, old_path in old:
                if (
                    old_id == document["id"]
                    and old_path != document["path"]
                    and old_id != replaces
                    and Path(old_path).exists()
                ):
                    raise KeyTaken(f"{self.path}: {old_path} is already stored as {old_id}")
            for old_id, _ in old:
                self._delete_document(cursor, old_id)
            # Only the short handle can be taken: asked of the index, not read with
            # every other plan's (a batch of plans would read them all once each).
            short = document_handles(key, [])
            taken = cursor.execute("SELECT 1 FROM documents WHERE handle = ?", (short,))
            handle = document_handles(key, [short] if taken.fetchone() else [])
            loaded_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            size = _file_size(document["path"])
            cursor.execute(
                "INSERT INTO documents (id, key, handle, path, sha256, layout, encoding, size, "
                "loaded_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    document["id"],
                    key,
                    handle,
                    document["path"],
                    document["sha256"],
                    document["layout"],
                    document.get("encoding"),
                    size,
                    loaded_at,
                ),
            )
            number = cursor.lastrowid
            self._insert(cursor, document["id"], number, handle, graph)
        return StoredDocument(
            id=document["id"],
            key=key,
            handle=handle,
            path=document["path"],
            sha256=document["sha256"],
            layout=document["layout"],
            encoding=document.get("encoding"),
            size=size,
            loaded_at=loaded_at,
            number=number,
        )

    def optimize(self) -> None:
        """Refresh the statistics SQLite's planner uses to pick indexes (after a load).

        Without them it may scan every action where one index lookup would do.
        The analysis samples a bounded number of rows, so it stays quick on a
        national store.

        Raises
        ------
        StoreError
            When the store is read-only or locked for longer than the busy timeout.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            self._connection.execute("PRAGMA analysis_limit = 1000")
            self._connection.execute("ANALYZE")
        except sqlite3.OperationalError as error:
            raise StoreError(_write_problem(self.path, error)) from error

    def remove_document(self, document_id: str) -> bool:
        """Remove one plan and everything only it contributed; whether it was there.

        Raises
        ------
        StoreError
            When the store is read-only or locked for longer than the busy timeout.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        with _Transaction(self._connection, self.path) as cursor:
            found = cursor.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,))
            if found.fetchone() is None:
                return False
            self._delete_document(cursor, document_id)
        return True

    def _insert(
        self,
        cursor: sqlite3.Cursor,
        document_id: str,
        number: int,
        handle: str,
        graph: dict[str, Any],
    ) -> None:
        handles = item_handles(handle, graph)
        owned = []
        contributed = []
        for node in graph["nodes"]:
            props = {k: v for k, v in node.items() if k not in _NOT_PROPERTIES}
            if node["label"] in SHARED_LABELS:
                contributed.append((node["id"], number, _dumps(props)))
            else:
                owned.append(_node_row(node, document_id, handles.get(node["id"]), props))
        cursor.executemany(
            "INSERT OR REPLACE INTO contributions (node, document, props) VALUES (?,?,?)",
            contributed,
        )
        cursor.executemany(_INSERT_NODE, owned)
        cursor.executemany(
            "INSERT OR IGNORE INTO edges (source, type, target, document, props) "
            "VALUES (?,?,?,?,?)",
            [(e["source"], e["type"], e["target"], number, _edge_json(e)) for e in graph["edges"]],
        )
        cursor.execute(
            f"INSERT INTO search (rowid, {_SEARCH_COLUMNS}) SELECT node_rowid, "
            f"{_SEARCH_COLUMNS} FROM search_source WHERE document = ? AND {_SEARCHED}",
            (document_id,),
        )
        cursor.executemany(
            "INSERT OR IGNORE INTO accountable (action, agency, document) VALUES (?,?,?)",
            [(action, agency, number) for action, agency in accountable_pairs(graph)],
        )
        self._merge_shared(cursor, [c[0] for c in contributed])

    def _delete_document(self, cursor: sqlite3.Cursor, document_id: str) -> None:
        number = cursor.execute(
            "SELECT number FROM documents WHERE id = ?", (document_id,)
        ).fetchone()[0]
        touched = [
            r[0]
            for r in cursor.execute("SELECT node FROM contributions WHERE document = ?", (number,))
        ]
        # FTS5 forgets a row only when told the words it indexed, so before they go.
        cursor.execute(
            f"INSERT INTO search (search, rowid, {_SEARCH_COLUMNS}) SELECT 'delete', "
            f"node_rowid, {_SEARCH_COLUMNS} FROM search_source "
            f"WHERE document = ? AND {_SEARCHED}",
            (document_id,),
        )
        cursor.execute("DELETE FROM nodes WHERE document = ?", (document_id,))
        cursor.execute("DELETE FROM edges WHERE document = ?", (number,))
        cursor.execute("DELETE FROM contributions WHERE document = ?", (number,))
        cursor.execute("DELETE FROM accountable WHERE document = ?", (number,))
        cursor.execute("DELETE FROM documents WHERE id = ?", (document_id,))
        self._merge_shared(cursor, touched)

    def _merge_shared(self, cursor: sqlite3.Cursor, ids: list[str]) -> None:
        """Recompute shared nodes from their plans' contributions; drop the unclaimed."""
        for chunk in _chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(chunk))
            contributions: dict[str, list[str]] = {}
            for node, props in cursor.execute(
                f"SELECT c.node, c.props FROM contributions c WHERE c.node IN ({marks}) "
                "ORDER BY c.document",
                chunk,
            ):
                contributions.setdefault(node, []).append(props)
            merged = []
            unchanged = set()
            current = {
                row[0]: row[1]
                for row in cursor.execute(
                    f"SELECT id, props FROM nodes WHERE id IN ({marks})", chunk
                )
            }
            for node_id, texts in contributions.items():
                label = "Agency" if node_id.startswith("agency:") else "LeadRole"
                props = _merge_props([json.loads(t) for t in texts])
                text = _dumps(props)
                if current.get(node_id) == text:
                    unchanged.add(node_id)
                    continue
                merged.append(
                    _node_row({"id": node_id, "label": label, **props}, None, None, props)
                )
            changed = [node for node in chunk if node in current and node not in unchanged]
            if changed:
                changed_marks = ",".join("?" * len(changed))
                cursor.execute(
                    f"INSERT INTO search (search, rowid, {_SEARCH_COLUMNS}) SELECT 'delete', "
                    f"node_rowid, {_SEARCH_COLUMNS} FROM search_source "
                    f"WHERE node IN ({changed_marks}) AND {_SEARCHED}",
                    changed,
                )
                cursor.execute(f"DELETE FROM nodes WHERE id IN ({changed_marks})", changed)
            if merged:
                cursor.executemany(_INSERT_NODE, merged)
                new_marks = ",".join("?" * len(merged))
                cursor.execute(
                    f"INSERT INTO search (rowid, {_SEARCH_COLUMNS}) SELECT node_rowid, "
                    f"{_SEARCH_COLUMNS} FROM search_source "
                    f"WHERE node IN ({new_marks}) AND {_SEARCHED}",
                    [row[0] for row in merged],
                )

    def put_graphs_from(self, graph: ReviewGraph) -> None:
        """Store every plan of an in-memory graph (tests, notebooks and migration).

        Nodes whose document has no Document node (a graph made by hand) are
        stored under a document row of their own, without adding a node.

        Raises
        ------
        StoreError
            When the store is read-only.
        """
        # A plan's nodes name the file they came from; its Document node names it too.
        documents = {d.source.document for d in graph.nodes("Document")}
        with self.transaction():
            for path in sorted(documents):
                self.put_graph(_document_subgraph(graph, path))
            loose = sorted({n.source.document for n in graph.nodes()} - documents)
            keys = {d.key for d in self.documents()}
            paths = {d.path for d in self.documents()}
            for path in loose:
                key = Path(path).stem or "document"
                number = 1
                while key in keys:
                    number += 1
                    key = f"{Path(path).stem or 'document'}~{number}"
                keys.add(key)
                stored_as = path
                while stored_as in paths:
                    stored_as += "~"
                paths.add(stored_as)
                self.put_graph(
                    _document_subgraph(graph, path),
                    document={
                        "id": f"document:{key}",
                        "path": stored_as,
                        "sha256": "0" * 64,
                        "layout": "memory",
                    },
                )


def _file_size(path: str) -> int | None:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return None


def _longer_keys(path: str, stem: str, holder: str) -> Iterator[str]:
    """Keys that tell a file from another of the same stem: by suffix when theirs
    differs, else by folder."""
    file, other = Path(path), Path(holder)
    suffix = file.suffix.lstrip(".").lower()
    parent = file.parent.name
    if suffix and suffix != other.suffix.lstrip(".").lower():
        yield f"{stem}.{suffix}"
    if parent and parent != other.parent.name:
        yield f"{parent}/{stem}"
    if parent and suffix:
        yield f"{parent}/{stem}.{suffix}"


def _merge_props(contributions: list[dict[str, Any]]) -> dict[str, Any]:
    """A shared node's properties: the first plan's, with every plan's spellings."""
    merged = dict(contributions[0])
    spellings = {(c.get("name"), tuple(c.get("aliases", []))) for c in contributions}
    if "aliases" in merged and len(spellings) > 1:
        # As ReviewGraph.add merges an agency met again.
        names = {alias for c in contributions for alias in c.get("aliases", [])}
        names |= {c["name"] for c in contributions[1:] if c.get("name")}
        merged["aliases"] = sorted(names - {merged.get("name")})
    return merged


def _document_subgraph(graph: ReviewGraph, path: str) -> dict[str, list[dict[str, Any]]]:
    """One document's part of an in-memory graph, in export form."""
    data = graph.to_dict()
    own = {n["id"] for n in data["nodes"] if n["source"]["document"] == path}
    edges = [e for e in data["edges"] if e["source"] in own]
    # The agencies of the roles the plan's actions name come with them, as a loader's
    # graph of one plan holds them.
    roles = {e["target"] for e in edges if e["type"] == "OWNED_BY"} - own
    edges += [e for e in data["edges"] if e["type"] == "MEMBER_OF" and e["source"] in roles]
    # Shared agencies and roles the plan points at count as its contributions too.
    ends = {e["target"] for e in edges}
    shared = {n["id"] for n in data["nodes"] if n["id"] in ends and n["label"] in SHARED_LABELS}
    return {"nodes": [n for n in data["nodes"] if n["id"] in own | shared], "edges": edges}
