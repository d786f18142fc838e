"""The embedded store: one SQLite file holding every loaded plan's graph.

Tables hold documents, nodes (their properties as JSON, plus indexed columns
for what queries filter on) and edges, each row tagged with the document that
contributed it, and an FTS5 index over the items' words. Loading a plan
replaces that plan's rows in one transaction, so a killed ``load`` leaves the
previous state, and two ``load`` processes at once both land (SQLite's locking
with a busy timeout). Agencies and lead roles are shared by the plans that name
them: each plan's contribution is kept, the node's properties are the merge of
the contributions, and the node goes when its last plan does.

The tables are in :mod:`~reviewgraph.graph.store_schema`, opening the file and
transactions in :mod:`~reviewgraph.graph.store_connection`, the rows in
:mod:`~reviewgraph.graph.store_rows` and the writes in
:mod:`~reviewgraph.graph.store_writes`; their public names are importable from here.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import StoreError
from .store_connection import (
    _QUICK_CHECK_UP_TO,
    _check_writable,
    _connect,
    _connect_readonly,
    _file_kind,
    _size,
    _Transaction,
)
from .store_connection import BUSY_TIMEOUT as BUSY_TIMEOUT
from .store_connection import WRITE_CACHE_KIB as WRITE_CACHE_KIB
from .store_rows import StoredDocument, _chunks, edge_dict, node_dict
from .store_schema import (
    _SCHEMA,
    APPLICATION_ID,
    SCHEMA_VERSION,
    SEARCH_FIELDS,
    SEARCH_TOKENIZER,
    SHARED_LABELS,
)
from .store_writes import KeyTaken, StoreWrites, _document_subgraph

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


def _say(message: str) -> None:
    print(message, file=sys.stderr)


class Store(StoreWrites):
    """One SQLite file holding the graph of every loaded plan.

    Open with :meth:`open` (a context manager). Reads are plain SQL through
    :meth:`rows`; writes go through :meth:`put_graph` and
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

    def _header(self) -> tuple[int, int, int]:
        """application_id, user_version and the number of tables, read in one snapshot.

        Read one by one, a second process creating the store between two reads
        showed this one an id of 0 beside a full schema: "not a reviewgraph store".
        """
        connection = self._connection
        if connection.in_transaction:
            return self._header_values()
        connection.execute("BEGIN")
        try:
            return self._header_values()
        finally:
            connection.execute("COMMIT")

    def _header_values(self) -> tuple[int, int, int]:
        # sqlite_master first: it starts the read snapshot the pragmas then share.
        tables = self._scalar("SELECT count(*) FROM sqlite_master")
        return (
            self._scalar("PRAGMA application_id"),
            self._scalar("PRAGMA user_version"),
            tables,
        )

    def _check_or_create(self) -> None:
        try:
            application, version, tables = self._header()
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
