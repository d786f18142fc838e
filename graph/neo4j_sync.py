"""``reviewgraph push``: make a Neo4j database hold what the store holds, plan by plan.

The server's ``Document`` nodes remember each plan's ``sha256`` (and
``loaded_at`` when the store records it). A push compares them with the store
and touches only the plans that differ:

1. plans that changed or went from the store are marked dirty (their
   ``Document`` loses its ``sha256``), their own nodes are deleted (found by
   ``document_id``), and they are taken off the ``document_ids`` of the shared
   ``Agency`` / ``LeadRole`` nodes and ``MEMBER_OF`` relationships, which go
   when no plan uses them any more;
2. the new and changed plans are written in batched ``UNWIND $rows …``
   write transactions — nodes first, then relationships. A plan's own nodes
   are created, each together with the relationship that places it in its
   plan (a recommendation with its ``HAS_RECOMMENDATION``; see
   :func:`~reviewgraph.graph.neo4j_cypher.child_statement`); shared nodes are
   merged on ``id``; other relationships are created from the plan's own
   nodes and merged between shared ones (see
   :func:`~reviewgraph.graph.neo4j_cypher.edge_statement`). The next group of
   plans is read from the store in a thread while the server writes one;
3. each plan's ``Document`` gets its ``sha256`` last, so a push cut short
   leaves the unfinished plans dirty and the next push redoes exactly those.

The statements are in :mod:`~reviewgraph.graph.neo4j_cypher`.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError

from .bolt import Connection, describe_error
from .core import SHARED_LABELS
from .errors import ServerError
from .models import NODE_TYPES
from .neo4j_batches import PushState, Write, deferred_writes, group_writes, load_order
from .neo4j_cypher import ensure_schema, quoted, remove_plans
from .neo4j_model import (
    DOCUMENT_IDS,
    PUSH_FORMAT_VERSION,
    DocumentRows,
    NodeRow,
    document_rows,
    sync_key,
)
from .store_view import DocumentRecord, StoreReader

__all__ = [
    "BATCH_SIZE",
    "PushPlan",
    "PushReport",
    "Progress",
    "plan_push",
    "push",
]

#: Rows per write transaction: big enough to amortise a round trip, small
#: enough that a transaction stays a few megabytes.
BATCH_SIZE = 5000

#: Plans are written in groups of about this many rows; see :func:`push`.
CHUNK_ROWS = 50_000

#: ``progress(done, total, what)``: called after every batch.
Progress = Callable[[int, int, str], None]


@dataclass
class PushPlan:
    """What a push will do: plans to write (new or changed), to remove, and left alone."""

    write: list[DocumentRecord] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: Plans already on the server that will be rewritten (changed or half-written).
    replace: list[str] = field(default_factory=list)


@dataclass
class PushReport:
    """What a push did."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Nodes and relationships written per second.

        Examples
        --------
        >>> PushReport(nodes=650, relationships=1198, seconds=2.0).rate
        924.0
        """
        return (self.nodes + self.relationships) / self.seconds if self.seconds else 0.0


def plan_push(connection: Connection, documents: list[DocumentRecord]) -> PushPlan:
    """Compare the store's documents with the server's ``Document`` nodes.

    The server's list is read in a write transaction, so that on a cluster it
    comes from the leader the push then writes to, never from a lagging
    secondary.

    Raises
    ------
    ServerError
        When the server cannot be read.
    """
    rows = connection.write(
        "MATCH (d:Document) RETURN d.id AS id, d.sha256 AS sha256, d.loaded_at AS loaded_at, "
        "d.load_order AS load_order, d.push_format AS push_format"
    )
    on_server = {
        row["id"]: (row["sha256"], row["loaded_at"], row["load_order"], row["push_format"])
        for row in rows
    }
    plan = PushPlan()
    for record in documents:
        key = sync_key(record)
        if record.id not in on_server:
            plan.write.append(record)
        elif on_server[record.id] == (key[0], key[1], load_order(record), PUSH_FORMAT_VERSION):
            plan.unchanged.append(record.id)
        else:
            plan.write.append(record)
            plan.replace.append(record.id)
    stored = {record.id for record in documents}
    plan.remove = sorted(set(on_server) - stored)
    return plan


class _Rows(list):
    """A batch of rows, shown by its length.

    The driver renders every statement's parameters for its debug log whether
    or not the log is on: for a batch of a few megabytes, that was a sixth of
    the time the client spends sending.
    """

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


class _Writer:
    """Batches rows by statement and writes each batch in one write transaction."""

    def __init__(
        self, connection: Connection, batch_size: int, progress: Progress | None, total: int
    ) -> None:
        self.connection = connection
        self.batch_size = batch_size
        self.progress = progress
        self.total = total
        self.done = 0

    def advance_to(self, done: int) -> None:
        """Say that ``done`` rows are written (a group ended)."""
        self.done = max(self.done, done)
        self.total = max(self.total, self.done)
        if self.progress is not None:
            self.progress(self.done, self.total, "plans")

    def write(self, statement: str, rows: list[dict[str, Any]], what: str) -> int:
        """Write ``rows`` in batches; the number of rows the statement reported as done."""
        linked = 0
        for start in range(0, len(rows), self.batch_size):
            chunk = _Rows(rows[start : start + self.batch_size])
            result = self.connection.write(statement, {"rows": chunk})
            linked += result[0]["done"] if result and "done" in result[0] else len(chunk)
            self.done += len(chunk)
            if self.progress is not None:
                self.progress(min(self.done, self.total), self.total, what)
        return linked


def _shared_refresh(
    connection: Connection, store: StoreReader, removed: list[str], written: set[str]
) -> list[NodeRow]:
    """Shared nodes a removed plan used that stay for other plans: their store properties.

    A shared node's properties (an agency's aliases) are the store's, which
    may have changed when a plan went; the plans that still use it may be
    unchanged and so not written, so those nodes are refreshed from one of them.
    """
    if not removed:
        return []
    rows = []
    for label in SHARED_LABELS:
        rows += connection.write(
            f"MATCH (n:{quoted(label, NODE_TYPES)}) "
            f"WHERE any(d IN n.{DOCUMENT_IDS} WHERE d IN $ids) "
            f"AND any(d IN n.{DOCUMENT_IDS} WHERE NOT d IN $ids) "
            f"RETURN n.id AS id, [d IN n.{DOCUMENT_IDS} WHERE NOT d IN $ids] AS others",
            {"ids": removed},
        )
    wanted: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if not set(row["others"]) & written:
            wanted[sorted(row["others"])[0]].add(row["id"])
    refreshed = []
    for document_id, node_ids in sorted(wanted.items()):
        try:
            graph = store.document_graph(document_id)
        except Exception:  # noqa: BLE001 - a plan the store no longer has is being removed too
            continue
        for node in document_rows(document_id, graph).nodes:
            if node.id in node_ids:
                node.properties.pop(DOCUMENT_IDS, None)
                refreshed.append(node)
    return refreshed


def push(
    connection: Connection,
    store: StoreReader,
    *,
    batch_size: int = BATCH_SIZE,
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
    schema: bool = True,
) -> PushReport:
    """Make the server's database hold the store's plans; only changed plans are touched.

    Parameters
    ----------
    connection : Connection
        From :func:`~reviewgraph.graph.bolt.connect`.
    store : StoreReader
        From :func:`~reviewgraph.graph.store_view.open_store`.
    batch_size : int
        Rows per write transaction.
    chunk_rows : int
        Plans are written a group at a time, each group about this many rows
        (nodes, relationships, then the plans' hashes), so that a push cut
        short keeps the groups it finished.
    progress : callable, optional
        ``progress(done, total, what)`` after each batch, in rows; ``total``
        is an estimate until the last group has been read.
    schema : bool
        Create the constraints and indexes first (they are kept on the server).

    Returns
    -------
    PushReport

    Raises
    ------
    ServerError
        When the server refuses a write or goes away for longer than the
        connection's ``retry_seconds``. What was written stays; the plans not
        finished are redone by the next push.

    Examples
    --------
    >>> from reviewgraph.graph.bolt import connect, server_settings
    >>> from reviewgraph.graph.store_view import open_store
    >>> with connect(server_settings()) as connection, open_store(path) as store:  # doctest: +SKIP
    ...     report = push(connection, store)
    >>> report.written, report.unchanged  # doctest: +SKIP
    (['document:baby_a'], [])
    """
    started = time.perf_counter()
    report = PushReport()
    try:
        if schema:
            report.warnings += ensure_schema(connection)
        plan = plan_push(connection, store.documents())
        report.unchanged = plan.unchanged
        writing = {record.id for record in plan.write}
        refresh = _shared_refresh(connection, store, plan.remove, writing)
        writer = _Writer(connection, batch_size, progress, len(refresh))
        remove_plans(connection, plan.remove, keep_documents=False, batch_size=batch_size)
        # Plans to write lose whatever a push cut short left of them, so that their
        # nodes and relationships can be created rather than merged (see
        # edge_statement). A plan with nothing on the server has no Document there:
        # a group writes its plans' Documents before anything else of them.
        remove_plans(connection, plan.replace, keep_documents=True, batch_size=batch_size)
        report.removed = plan.remove
        # The next groups are read and turned into writes while the server writes one.
        planned = _planned(store, plan.write, refresh, chunk_rows)
        with _prefetched(planned) as groups:
            for writes, read, number, deferred in groups:
                if number:
                    # Progress counts rows read from the store; a shared node read from
                    # several plans is written once, so the count catches up per group.
                    still = read / number * (len(plan.write) - number)
                    writer.total = read + int(still) + len(refresh) + deferred
                for write in writes:
                    _send(writer, write, report)
                writer.advance_to(read + len(refresh))
        writer.advance_to(writer.total)
    except (DriverError, Neo4jError) as error:
        raise describe_error(error, connection.settings) from error
    report.written = sorted(writing)
    report.seconds = time.perf_counter() - started
    return report


def _groups(
    store: StoreReader, records: list[DocumentRecord], chunk_rows: int
) -> Iterator[tuple[list[DocumentRows], int, int]]:
    """Plans' rows in groups of about ``chunk_rows``: (group, rows read so far, plans read)."""
    group: list[DocumentRows] = []
    in_group = read = 0
    # The first groups are small, so that the server starts writing soon.
    limit = max(1, chunk_rows // 16)
    for number, record in enumerate(records, 1):
        rows = document_rows(record.id, store.document_graph(record.id))
        rows.sha256 = record.sha256
        group.append(rows)
        size = len(rows.nodes) + len(rows.edges) + 1
        in_group, read = in_group + size, read + size
        if in_group >= limit or number == len(records):
            yield group, read, number
            group, in_group = [], 0
            limit = min(limit * 2, chunk_rows)


def _planned(
    store: StoreReader,
    records: list[DocumentRecord],
    refresh: list[NodeRow],
    chunk_rows: int,
) -> Iterator[tuple[list[Write], int, int, int]]:
    """Each group's writes, the deferred ones last.

    Yields (writes, rows read so far, plans read, relationships waiting for
    the last pass). Shared nodes to refresh go with the first group. What the
    groups have written is known only here, in the thread that makes them.
    """
    state = PushState()
    read = 0
    for group, read, number in _groups(store, records, chunk_rows):
        writes = group_writes(state, group, refresh, records)
        yield writes, read, number, len(state.deferred)
        refresh = []
    if refresh:
        yield group_writes(state, [], refresh, []), read, 0, len(state.deferred)
    yield deferred_writes(state, records), read, 0, 0


_DONE = object()


@contextlib.contextmanager
def _prefetched(items: Iterator[Any]) -> Iterator[Iterator[Any]]:
    """``items``, each made in a thread while the one before is being used.

    Reading a plan's graph and tokenising its words is half of a push's client
    time; made while the server writes the group before, it costs no waiting.
    An error in the thread is raised where its item would have been; leaving
    the block early (a write failed) stops the thread before the next item.
    """
    ready: queue.Queue[Any] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def make() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        ready.put((item, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            ready.put((_DONE, None))
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, raised there
            ready.put((_DONE, error))

    def consume() -> Iterator[Any]:
        while True:
            item, error = ready.get()
            if error is not None:
                raise error
            if item is _DONE:
                return
            yield item

    thread = threading.Thread(target=make, name="reviewgraph-push-rows", daemon=True)
    thread.start()
    try:
        yield consume()
    finally:
        stop.set()
        while thread.is_alive():
            try:
                ready.get(timeout=0.1)
            except queue.Empty:
                pass
        thread.join()


def _send(writer: _Writer, write: Write, report: PushReport) -> None:
    """Send one write and count what it wrote."""
    linked = writer.write(write.statement, write.rows, write.what)
    if write.checked and linked < len(write.rows):
        raise ServerError(
            f"{writer.connection.settings.where}: {len(write.rows) - linked} {write.checked} "
            "relationships found no end node on the server; their plans stay unfinished "
            "(hint: push again; if it persists, reload those plans into the store)"
        )
    if write.kind in ("nodes", "children"):
        report.nodes += linked
    if write.kind in ("children", "relationships"):
        report.relationships += linked
    if write.kind == "shared nodes":
        report.nodes += write.new
    if write.kind == "shared relationships":
        report.relationships += write.new
