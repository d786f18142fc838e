"""Opening the store's file: what kind of file it is, whether it can be written, the
SQLite connections for writing and for reading, and the transactions writes run in.

A writer waits up to :data:`BUSY_TIMEOUT` for another to finish; a lock still
held then, and a file or folder that cannot be written, become one-line
:class:`~reviewgraph.graph.errors.StoreError` messages.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

from .errors import StoreError

__all__ = ["BUSY_TIMEOUT", "WRITE_CACHE_KIB"]

#: How long a writer waits for another to finish, in seconds.
BUSY_TIMEOUT = 120.0
#: SQLite's page cache for a writing connection, in KiB.
WRITE_CACHE_KIB = 65_536
_SQLITE_MAGIC = b"SQLite format 3\x00"
#: Read-only opens of stores up to this size check every page first.
_QUICK_CHECK_UP_TO = 32 * 1024 * 1024


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


def _is_lock(error: sqlite3.Error) -> bool:
    text = str(error)
    return "locked" in text or "busy" in text


def _connect_readonly(file: Path) -> sqlite3.Connection:
    # Usable from another thread (one at a time, as SQLite serialises a connection):
    # a push reads the next plans in a thread while the server writes.
    target = file.resolve()
    if os.access(target, os.W_OK) and os.access(target.parent, os.W_OK | os.X_OK):
        # A plain connection that only reads: as the last to close, SQLite tidies
        # away its -wal and -shm files, which a read-only one would leave behind.
        try:
            connection = sqlite3.connect(
                target, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA query_only = ON")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{file}: damaged reviewgraph store ({error})") from error
    uri = target.as_uri()
    try:
        connection = sqlite3.connect(
            f"{uri}?mode=ro",
            uri=True,
            timeout=BUSY_TIMEOUT,
            isolation_level=None,
            check_same_thread=False,
        )
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError:
        # A WAL store in a folder we cannot write: read it as it stands.
        try:
            connection = sqlite3.connect(
                f"{uri}?mode=ro&immutable=1",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{file}: cannot read the store ({error})") from error
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{file}: not a usable reviewgraph store ({error})") from error


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _write_problem(path: str, error: sqlite3.Error) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"{path}: another reviewgraph is writing this store; try again when it is done"
    if "readonly" in text or "read-only" in text:
        return f"{path}: the store is read-only (check the file's and its folder's permissions)"
    return f"{path}: cannot write the store ({text})"


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
