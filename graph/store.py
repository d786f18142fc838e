"""The embedded store: one SQLite file holding every loaded plan's graph.

Tables hold documents, nodes (their properties as JSON, plus indexed columns
for what queries filter on) and edges, each row tagged with the document that
contributed it, and an FTS5 index over the items' words. Loading a plan
replaces that plan's rows in one transaction, so a killed ``load`` leaves the
previous state, and two ``load`` processes at once both land (SQLite's locking
with a busy timeout). Agencies and lead roles are shared by the plans that name
them: each plan's contribution is kept, the node's properties are the merge of
the contributions, and the node goes when its last plan does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .accountability import accountable_pairs
from .errors import StoreError
from .handles import document_handles, item_handles, normal_ref

if TYPE_CHECKING:  # pragma: no cover
    from .core import ReviewGraph

__all__ = [
    "DEFAULT_STORE",
    "SCHEMA_VERSION",
    "SEARCH_FIELDS",
    "SEARCH_TOKENIZER",
    "SHARED_LABELS",
    "KeyTaken",
    "Store",
    "StoredDocument",
    "default_store_path",
]

DEFAULT_STORE = "reviewgraph.graph"
#: The layout of the tables; a store of a newer layout is refused, an older one upgraded.
SCHEMA_VERSION = 1
#: Marks a SQLite file as a reviewgraph store ("RGph").
APPLICATION_ID = 0x52477068
#: Labels whose nodes several plans share (one agency across plans).
SHARED_LABELS = frozenset({"Agency", "LeadRole"})
#: How long a writer waits for another to finish, in seconds.
BUSY_TIMEOUT = 120.0
#: SQLite's page cache for a writing connection, in KiB.
WRITE_CACHE_KIB = 65_536
#: The words full-text search looks at, one FTS5 column each.
SEARCH_FIELDS = (
    "text",
    "outcome",
    "progress",
    "evidence",
    "due_raw",
    "status_raw",
    "owner_raw",
    "intro",
    "name",
    "aliases",
    "raw",
    "title",
    "board",
    "subject",
)
#: How FTS5 splits and stems those words (``A&E`` one word, ``training`` → ``train``).
SEARCH_TOKENIZER = "porter unicode61 remove_diacritics 2 tokenchars '&'"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_INSERT_NODE = (
    "INSERT INTO nodes (id, label, document, handle, name, ref, status, rag, due_start, "
    "due_end, props) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)
#: Keys of a node dict kept in their own columns rather than in ``props``.
_NOT_PROPERTIES = frozenset({"id", "label", "handle", "document"})

_SEARCH_COLUMNS = ", ".join(SEARCH_FIELDS)
_SEARCH_VALUES = ", ".join(f"json_extract(props, '$.{f}') AS {f}" for f in SEARCH_FIELDS)
#: Which nodes' words are indexed: the same test on insert and on delete, as FTS5 needs.
_SEARCHED = "(" + " OR ".join(f"{f} IS NOT NULL" for f in SEARCH_FIELDS) + ")"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    number INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    handle TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    layout TEXT NOT NULL,
    encoding TEXT,
    size INTEGER,
    loaded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    document TEXT,
    handle TEXT,
    name TEXT COLLATE NOCASE,
    ref TEXT,
    status TEXT,
    rag TEXT,
    due_start TEXT,
    due_end TEXT,
    props TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label, document);
CREATE INDEX IF NOT EXISTS nodes_document ON nodes(document);
CREATE INDEX IF NOT EXISTS nodes_handle ON nodes(handle COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS nodes_name ON nodes(label, name);
CREATE INDEX IF NOT EXISTS nodes_ref ON nodes(ref, document);
CREATE INDEX IF NOT EXISTS nodes_status ON nodes(label, status);
CREATE INDEX IF NOT EXISTS nodes_due ON nodes(label, due_end);
CREATE TABLE IF NOT EXISTS contributions (
    node TEXT NOT NULL,
    document INTEGER NOT NULL,
    props TEXT NOT NULL,
    PRIMARY KEY (node, document)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS contributions_document ON contributions(document);
CREATE TABLE IF NOT EXISTS edges (
    source TEXT NOT NULL,
    type TEXT NOT NULL,
    target TEXT NOT NULL,
    document INTEGER NOT NULL,
    props TEXT,
    PRIMARY KEY (source, type, target, document)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_target ON edges(target, type);
CREATE INDEX IF NOT EXISTS edges_document ON edges(document);
CREATE TABLE IF NOT EXISTS accountable (
    action TEXT NOT NULL,
    agency TEXT NOT NULL,
    document INTEGER NOT NULL,
    PRIMARY KEY (action, agency)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS accountable_agency ON accountable(agency);
CREATE INDEX IF NOT EXISTS accountable_document ON accountable(document);
CREATE VIEW IF NOT EXISTS search_source AS
    SELECT rowid AS node_rowid, id AS node, document, {_SEARCH_VALUES} FROM nodes;
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    {_SEARCH_COLUMNS},
    content='search_source',
    content_rowid='node_rowid',
    tokenize="{SEARCH_TOKENIZER}"
);
"""


def default_store_path() -> Path:
    """``$REVIEWGRAPH_STORE`` when set, else ``./reviewgraph.graph``.

    Examples
    --------
    >>> import os
    >>> os.environ.pop("REVIEWGRAPH_STORE", None) and None
    >>> default_store_path()
    PosixPath('reviewgraph.graph')
    """
    return Path(os.environ.get("REVIEWGRAPH_STORE") or DEFAULT_STORE)


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


class KeyTaken(StoreError):
    """Another plan, whose file is still there, was stored under the key just claimed."""


def _say(message: str) -> None:
    print(message, file=sys.stderr)


class Store:
    """One SQLite file holding the graph of every loaded plan.

    Open with :meth:`open` (a context manager). Reads are plain SQL through
    :meth:`rows`; writes go through :meth:`put_document` and
    :meth:`remove_document`, each one transaction.

    Examples
    --------
    >>> with Store.open(":memory:") as store:
    ...     store.documents()
    []
    """

    def __init__(self, connection: sqlite3.Connection, path: str, readonly: bool) -> None:
        self._connection = connection
        self.path = path
        self.readonly = readonly

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False, announce=_say) -> Store:
        """Open (and, for writing, create) the store at ``path``.

        ``:memory:`` opens a private store in memory. A JSON store written by
        reviewgraph 0.1 is migrated in place on first open, with one line said
        through ``announce``.

        Raises
        ------
        StoreError
            When the file is not a reviewgraph store, is damaged, was written by
            a newer reviewgraph, or cannot be written for a write.
        """
        name = str(path)
        if name == ":memory:":
            connection = sqlite3.connect(":memory:", isolation_level=None)
            store = cls(connection, name, readonly=False)
            store._create()
            return store
        file = Path(name)
        if file.exists() or file.is_symlink():
            kind = _file_kind(file)
            if kind == "legacy":
                return cls._migrate(file, readonly=readonly, announce=announce)
            if kind == "empty" and not readonly:
                pass  # a zero-byte file (touch) becomes a new store
            elif kind != "sqlite":
                raise StoreError(
                    f"{file}: not a reviewgraph store (not an SQLite file)",
                )
        elif readonly:
            return cls._empty()
        if readonly:
            connection = _connect_readonly(file)
        else:
            _check_writable(file)
            connection = _connect(file)
        store = cls(connection, name, readonly)
        try:
            store._check_or_create()
        except BaseException:
            connection.close()
            raise
        return store

    @classmethod
    def _empty(cls) -> Store:
        store = cls(sqlite3.connect(":memory:", isolation_level=None), ":memory:", True)
        store._create()
        return store

    @classmethod
    def _migrate(cls, file: Path, *, readonly: bool, announce) -> Store:
        from .legacy_store import read_legacy_store

        graph = read_legacy_store(file)
        if readonly and not os.access(file, os.W_OK):
            store = cls._empty()
            store.readonly = False
            for document in graph.nodes("Document"):
                store.put_graph(_document_subgraph(graph, document.path))
            store.readonly = True
            return store
        _check_writable(file)
        folder = file.resolve().parent
        temporary = folder / f".{file.name}.migrating"
        temporary.unlink(missing_ok=True)
        try:
            connection = _connect(temporary)
            store = cls(connection, str(temporary), False)
            store._create()
            for document in graph.nodes("Document"):
                store.put_graph(_document_subgraph(graph, document.path))
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
            mode = stat.S_IMODE(file.stat().st_mode)
            os.chmod(temporary, mode)
            os.replace(temporary, file.resolve())
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{temporary}{suffix}").unlink(missing_ok=True)
        announce(
            f"{file}: migrated the JSON store of reviewgraph 0.1 to SQLite "
            f"({graph.count('Document')} plans)"
        )
        return cls.open(file, readonly=readonly)

    def _create(self) -> None:
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                self._connection.execute(statement)
        self._connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self._connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _check_or_create(self) -> None:
        try:
            application = self._scalar("PRAGMA application_id")
            version = self._scalar("PRAGMA user_version")
            tables = self._scalar("SELECT count(*) FROM sqlite_master")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: damaged reviewgraph store ({error})") from error
        if tables == 0 and application == 0:
            if self.readonly:
                raise StoreError(f"{self.path}: an empty file, not a reviewgraph store")
            try:
                with _Transaction(self._connection, self.path):
                    self._create()
            except sqlite3.DatabaseError as error:
                raise StoreError(f"{self.path}: cannot create the store ({error})") from error
            return
        if application != APPLICATION_ID:
            raise StoreError(
                f"{self.path}: an SQLite file, but not a reviewgraph store",
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer reviewgraph (store schema {version}, this "
                f"reviewgraph reads up to {SCHEMA_VERSION}); upgrade reviewgraph to use it"
            )
        try:
            self._scalar("SELECT count(*) FROM documents")
            # quick_check reads every page (0.3 s for a 2,000-plan store): worth it
            # before a write, and for a small store; a large one read for a query
            # reports damage where the query meets it.
            if not self.readonly or _size(self.path) < _QUICK_CHECK_UP_TO:
                self._scalar("PRAGMA quick_check(1)")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: damaged reviewgraph store ({error})") from error

    def close(self) -> None:
        """Close the file."""
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------
    @property
    def connection(self) -> sqlite3.Connection:
        """The SQLite connection, for the queries' own SQL; treat it as read-only."""
        return self._connection

    def rows(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        """Run one read statement and return its rows (by name and by position).

        Raises
        ------
        StoreError
            When the store is damaged.
        """
        try:
            cursor = self._connection.execute(sql, parameters)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot read the store ({error})") from error

    def _scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        row = self._connection.execute(sql, parameters).fetchone()
        return row[0] if row else None

    def documents(self) -> list[StoredDocument]:
        """Every plan in the store, in the order they were first loaded.

        Raises
        ------
        StoreError
            When the store is damaged.
        """
        return [
            StoredDocument(
                id=row["id"],
                key=row["key"],
                handle=row["handle"],
                path=row["path"],
                sha256=row["sha256"],
                layout=row["layout"],
                encoding=row["encoding"],
                size=row["size"],
                loaded_at=row["loaded_at"],
                number=row["number"],
            )
            for row in self.rows("SELECT * FROM documents ORDER BY number")
        ]

    def count(self, label: str | None = None) -> int:
        """How many nodes (of one label) the store holds.

        Raises
        ------
        StoreError
            When the store is damaged.
        """
        if label is None:
            return self.rows("SELECT count(*) FROM nodes")[0][0]
        return self.rows("SELECT count(*) FROM nodes WHERE label = ?", (label,))[0][0]

    def node_dicts(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        """The nodes with these ids in export form (``id``, ``label``, properties).

        Raises
        ------
        StoreError
            When the store is damaged.
        """
        ids = list(dict.fromkeys(ids))
        found: list[dict[str, Any]] = []
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self.rows(
                f"SELECT id, label, handle, document, props FROM nodes WHERE id IN ({marks})",
                chunk,
            ):
                found.append(node_dict(row))
        return found

    def edge_dicts(
        self,
        *,
        sources: Iterable[str] | None = None,
        targets: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Distinct edges leaving ``sources`` or entering ``targets``, of ``types``.

        Raises
        ------
        StoreError
            When the store is damaged.
        """
        wanted_types = list(types) if types is not None else None
        found: dict[tuple[str, str, str], dict[str, Any]] = {}
        for column, ids in (("source", sources), ("target", targets)):
            if ids is None:
                continue
            for chunk in _chunks(list(dict.fromkeys(ids))):
                sql = (
                    "SELECT source, type, target, props FROM edges "
                    f"WHERE {column} IN ({','.join('?' * len(chunk))})"
                )
                parameters: list[Any] = list(chunk)
                if wanted_types is not None:
                    sql += f" AND type IN ({','.join('?' * len(wanted_types))})"
                    parameters += wanted_types
                for row in self.rows(sql, parameters):
                    found.setdefault((row[0], row[1], row[2]), edge_dict(row))
        return list(found.values())

    def subgraph(self, ids: Iterable[str], *, edges: bool = True) -> ReviewGraph:
        """A :class:`ReviewGraph` of these nodes and the edges among them.

        Raises
        ------
        StoreError
            When the store is damaged.
        """
        from .core import ReviewGraph

        nodes = self.node_dicts(ids)
        present = [n["id"] for n in nodes]
        edge_rows = self.edge_dicts(sources=present) if edges else []
        keep = set(present)
        return ReviewGraph.from_trusted(
            {"nodes": nodes, "edges": [e for e in edge_rows if e["target"] in keep]}
        )

    def graph(self) -> ReviewGraph:
        """Every plan's graph as one :class:`ReviewGraph` (for export).

        Raises
        ------
        StoreError
            When the store is damaged.
        """
        from .core import ReviewGraph

        nodes = [node_dict(row) for row in self.rows("SELECT * FROM nodes ORDER BY id")]
        edges = [
            edge_dict(row)
            for row in self.rows(
                "SELECT source, type, target, min(props) AS props FROM edges "
                "GROUP BY source, type, target"
            )
        ]
        return ReviewGraph.from_trusted({"nodes": nodes, "edges": edges})

    def document_graph(self, document_id: str) -> dict[str, list[dict[str, Any]]]:
        """One plan's graph in export form: its own nodes, the shared agencies and roles
        it touches (with their merged properties), and the edges it contributed.

        Raises
        ------
        StoreError
            When the store is damaged.
        """
        own = self.rows(
            "SELECT id, label, handle, document, props FROM nodes WHERE document = ?",
            (document_id,),
        )
        shared = self.rows(
            "SELECT n.id, n.label, n.handle, n.document, n.props FROM contributions c "
            "JOIN nodes n ON n.id = c.node "
            "WHERE c.document = (SELECT number FROM documents WHERE id = ?)",
            (document_id,),
        )
        edges = self.rows(
            "SELECT source, type, target, props FROM edges "
            "WHERE document = (SELECT number FROM documents WHERE id = ?)",
            (document_id,),
        )
        nodes = sorted((node_dict(r) for r in [*own, *shared]), key=lambda n: n["id"])
        return {
            "nodes": nodes,
            "edges": sorted(
                (edge_dict(r) for r in edges), key=lambda e: (e["type"], e["source"], e["target"])
            ),
        }

    def find_document(self, *, path: str | None = None, key: str | None = None):
        """The stored plan with this path or key, or None.

        Raises
        ------
        StoreError
            When the store is damaged.
        """
        for document in self.documents():
            if (path is not None and document.path == path) or (
                key is not None and document.key == key
            ):
                return document
        return None

    # -- writing -----------------------------------------------------------
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


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception; inside another
    transaction, a savepoint, so each write stays all-or-nothing within a batch."""

    _depth = 0

    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        self.connection = connection
        self.path = path
        self.savepoint: str | None = None

    def __enter__(self) -> sqlite3.Cursor:
        try:
            if self.connection.in_transaction:
                _Transaction._depth += 1
                self.savepoint = f"write_{_Transaction._depth}"
                self.connection.execute(f"SAVEPOINT {self.savepoint}")
            else:
                self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(_write_problem(self.path, error)) from error
        return self.connection.cursor()

    def __exit__(self, kind, error, trace) -> None:
        if self.savepoint is not None:
            if kind is None:
                self.connection.execute(f"RELEASE {self.savepoint}")
            else:
                self.connection.execute(f"ROLLBACK TO {self.savepoint}")
                self.connection.execute(f"RELEASE {self.savepoint}")
            if isinstance(error, sqlite3.Error):
                raise StoreError(_write_problem(self.path, error)) from error
            return
        if kind is None:
            try:
                self.connection.execute("COMMIT")
                return
            except sqlite3.OperationalError as problem:
                self.connection.execute("ROLLBACK")
                raise StoreError(_write_problem(self.path, problem)) from problem
        try:
            self.connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        if isinstance(error, sqlite3.Error):
            raise StoreError(_write_problem(self.path, error)) from error


def _write_problem(path: str, error: sqlite3.Error) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"{path}: another reviewgraph is writing this store; try again when it is done"
    if "readonly" in text or "read-only" in text:
        return f"{path}: the store is read-only (check the file's and its folder's permissions)"
    return f"{path}: cannot write the store ({text})"


# -- files ---------------------------------------------------------------------------


#: Read-only opens of stores up to this size check every page first.
_QUICK_CHECK_UP_TO = 32 * 1024 * 1024


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _file_kind(file: Path) -> str:
    try:
        info = file.stat()
    except OSError as error:
        raise StoreError(f"{file}: cannot open the store ({error.strerror})") from error
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{file}: not a reviewgraph store (not a regular file)")
    if info.st_size == 0:
        return "empty"
    try:
        with file.open("rb") as stream:
            head = stream.read(256)
    except OSError as error:
        raise StoreError(f"{file}: cannot read the store ({error.strerror})") from error
    if head.startswith(_SQLITE_MAGIC):
        return "sqlite"
    from .legacy_store import is_legacy_store

    return "legacy" if is_legacy_store(head) else "other"


def _check_writable(file: Path) -> None:
    target = file.resolve()
    # No write bit for anyone is the owner's "leave this alone", which root honours too.
    if target.exists() and (not os.access(target, os.W_OK) or not target.stat().st_mode & 0o222):
        raise StoreError(
            f"{file}: the store is read-only; reviewgraph will not change it "
            "(make it writable, or name another with --store)"
        )
    folder = target.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as error:
            raise StoreError(f"{file}: cannot create its folder ({error.strerror})") from error
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"{file}: its folder {folder} is read-only; SQLite needs to write its journal there"
        )


def _connect(file: Path) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(file, timeout=BUSY_TIMEOUT, isolation_level=None)
        _enter_wal(connection, file)
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = OFF")
        # 64 MiB of pages (SQLite's default is 2 MiB): a load writes into eight indexes
        # of a table that outgrows that by far at a national corpus.
        connection.execute(f"PRAGMA cache_size = {-WRITE_CACHE_KIB}")
        return connection
    except sqlite3.DatabaseError as error:
        if _is_lock(error):
            raise StoreError(_write_problem(str(file), error)) from error
        raise StoreError(f"{file}: damaged reviewgraph store ({error})") from error


def _is_lock(error: sqlite3.Error) -> bool:
    text = str(error)
    return "locked" in text or "busy" in text


def _enter_wal(connection: sqlite3.Connection, file: Path) -> None:
    # Switching a new file to WAL needs it to itself, and SQLite answers "locked"
    # at once instead of calling the busy handler: two first loads of one store
    # started together would otherwise fail one of them.
    deadline = time.monotonic() + BUSY_TIMEOUT
    pause = 0.005
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as error:
            if not _is_lock(error) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


def _connect_readonly(file: Path) -> sqlite3.Connection:
    target = file.resolve()
    if os.access(target, os.W_OK) and os.access(target.parent, os.W_OK | os.X_OK):
        # A plain connection that only reads: as the last to close, SQLite tidies
        # away its -wal and -shm files, which a read-only one would leave behind.
        try:
            connection = sqlite3.connect(target, timeout=BUSY_TIMEOUT, isolation_level=None)
            connection.execute("PRAGMA query_only = ON")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{file}: damaged reviewgraph store ({error})") from error
    uri = target.as_uri()
    try:
        connection = sqlite3.connect(
            f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT, isolation_level=None
        )
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError:
        # A WAL store in a folder we cannot write: read it as it stands.
        try:
            connection = sqlite3.connect(
                f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None
            )
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{file}: cannot read the store ({error})") from error
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{file}: not a usable reviewgraph store ({error})") from error


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


# -- rows ----------------------------------------------------------------------------


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


def _search_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return " ; ".join(str(v) for v in value) or None
    return str(value) or None


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
