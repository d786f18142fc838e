"""Push throughput, as a ratio against a naive push measured in the same run.

The naive push reads the same plans from the store and writes the same rows
one statement per node and one per relationship, each in its own write
transaction (``MERGE (n:Label {id: $id}) SET n = $properties``), on the same
server with the same constraints; both timings include reading the store.
The figure is how many times faster ``reviewgraph push`` (batched ``UNWIND
$rows …``) is: nodes + relationships per second, target ≥ 20×.

It also times the same push with every write made from the store before the
clock starts, so only sending and the server's work are timed: the ratio no
client, however fast, could beat on that server and machine.

When it starts the server itself, it also reports the server's CPU time per
row for each push (from ``/proc``, all the server's threads): how much of a
row's cost is the server's, whatever the client does.

Corpora: the seeds, and a larger one — ``reviewgraph synth --plans N`` when
that command exists, else the seeds copied under N/5 × 5 file names. Without
``--uri`` it starts ArcadeDB from ``arcadedb-embedded``; with ``--uri`` (and
``NEO4J_PASSWORD``) it uses that server's database, which it empties.

Run on demand::

    python benchmarks/bench_push.py [--plans 1000] [--naive-rows 3000] [--repeat 3] [--heap 2g]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from reviewgraph.cli.main import main as cli
from reviewgraph.graph import neo4j_sync
from reviewgraph.graph.bolt import Connection, ServerSettings, connect
from reviewgraph.graph.neo4j_cypher import ensure_schema
from reviewgraph.graph.neo4j_model import document_rows
from reviewgraph.graph.neo4j_sync import push
from reviewgraph.graph.store_view import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from bolt_server import ArcadeServer  # noqa: E402


def empty(connection: Connection) -> None:
    while connection.write("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n")[0][
        "n"
    ]:
        pass


def make_corpus(folder: Path, plans: int, seeds: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    if "synth" in cli.commands:
        result = CliRunner().invoke(cli, ["synth", "--plans", str(plans), "-o", str(folder)])
        if result.exit_code == 0:
            for key in folder.glob("*.key.json"):
                key.unlink()
            return f"synth --plans {plans}"
    files = sorted(seeds.glob("*.txt"))
    for number in range(plans):
        source = files[number % len(files)]
        shutil.copy(source, folder / f"copy{number:05d}_{source.name}")
    return f"the 5 seeds copied to {plans} file names"


def load(folder: Path, store: Path) -> None:
    result = CliRunner().invoke(cli, ["load", "--store", str(store), str(folder)])
    if result.exit_code not in (0, 2):
        raise SystemExit(result.output)


def server_seconds(server: ArcadeServer | None) -> float | None:
    """CPU seconds the server process has used so far (Linux), or None."""
    if server is None or server.process is None:
        return None
    try:
        fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_seconds_since(server: ArcadeServer | None, before: float | None) -> float | None:
    """CPU seconds the server has used since ``before`` (from :func:`server_seconds`)."""
    after = server_seconds(server)
    return after - before if before is not None and after is not None else None


def batched(
    connection: Connection, store: Path, server: ArcadeServer | None = None
) -> tuple[int, float, float | None]:
    """Rows written, seconds, and the server's CPU seconds (None when unknown)."""
    empty(connection)
    before = server_seconds(server)
    with open_store(store) as reader:
        report = push(connection, reader, schema=False)
    cpu = server_seconds_since(server, before)
    return report.nodes + report.relationships, report.seconds, cpu


def prepared(
    connection: Connection, store: Path, server: ArcadeServer | None = None
) -> tuple[int, float, float | None]:
    """The push's own writes, all made before timing, then sent: the server's part alone."""
    empty(connection)
    with open_store(store) as reader:
        # The push's private steps, so that exactly its statements and rows are sent.
        groups = [
            writes
            for writes, *_ in neo4j_sync._planned(
                reader, reader.documents(), [], neo4j_sync.CHUNK_ROWS
            )
        ]
    report = neo4j_sync.PushReport()
    writer = neo4j_sync._Writer(connection, neo4j_sync.BATCH_SIZE, None, 0)
    before = server_seconds(server)
    started = time.perf_counter()
    for writes in groups:
        for write in writes:
            neo4j_sync._send(writer, write, report)
    seconds = time.perf_counter() - started
    return report.nodes + report.relationships, seconds, server_seconds_since(server, before)


def naive(
    connection: Connection, store: Path, limit: int, server: ArcadeServer | None = None
) -> tuple[int, float, float | None]:
    """One statement and one transaction per node, then per relationship, up to ``limit`` rows."""
    empty(connection)
    before = server_seconds(server)
    started = time.perf_counter()
    nodes, edges = [], []
    with open_store(store) as reader:
        for record in reader.documents():
            rows = document_rows(record.id, reader.document_graph(record.id))
            nodes += rows.nodes
            edges += rows.edges
            if len(nodes) + len(edges) >= limit:
                break
    labels = {node.id: node.label for node in nodes}
    seen = set()
    written = 0
    with connection.session() as session:
        for node in nodes:
            if node.id in seen:
                continue
            seen.add(node.id)
            statement = f"MERGE (n:`{node.label}` {{id: $id}}) SET n = $properties"
            session.execute_write(
                lambda tx, s=statement, n=node: tx.run(
                    s, id=n.id, properties=n.properties
                ).consume()
            )
            written += 1
        for edge in edges:
            statement = (
                f"MATCH (a:`{labels[edge.source]}` {{id: $source}}) "
                f"MATCH (b:`{labels[edge.target]}` {{id: $target}}) "
                f"MERGE (a)-[e:`{edge.type}`]->(b) SET e = $properties"
            )
            session.execute_write(
                lambda tx, s=statement, e=edge: tx.run(
                    s, source=e.source, target=e.target, properties=e.properties
                ).consume()
            )
            written += 1
    seconds = time.perf_counter() - started
    return written, seconds, server_seconds_since(server, before)


def measure(
    connection: Connection,
    name: str,
    store: Path,
    naive_rows: int,
    repeat: int,
    server: ArcadeServer | None,
) -> None:
    """Best of ``repeat`` runs of each, alternating, as the machine may be busy."""
    best_fast = best_slow = best_alone = 0.0
    cpu_fast: list[float] = []
    cpu_slow: list[float] = []
    for _ in range(repeat):
        rows, seconds, cpu = batched(connection, store, server)
        if cpu is not None:
            cpu_fast.append(cpu / rows)
        alone_rows, alone_seconds, _ = prepared(connection, store, server)
        best_alone = max(best_alone, alone_rows / alone_seconds)
        sample, naive_seconds, cpu = naive(connection, store, naive_rows, server)
        if cpu is not None:
            cpu_slow.append(cpu / sample)
        if rows / seconds > best_fast:
            best_fast, fast_text = rows / seconds, f"{rows} in {seconds:.2f} s"
        if sample / naive_seconds > best_slow:
            best_slow, slow_text = sample / naive_seconds, f"{sample} in {naive_seconds:.2f} s"
    print(
        f"{name}: push {fast_text} = {best_fast:,.0f} nodes+relationships/s; naive "
        f"{slow_text} = {best_slow:,.0f}/s; ratio {best_fast / best_slow:.1f}x "
        f"(best of {repeat})"
    )
    print(
        f"{name}: the same writes made beforehand (sending and the server alone): "
        f"{best_alone:,.0f}/s; ratio {best_alone / best_slow:.1f}x"
    )
    if cpu_fast and cpu_slow:
        fast_cpu, slow_cpu = min(cpu_fast), min(cpu_slow)
        print(
            f"{name}: server CPU per row: push {fast_cpu * 1e6:.0f} us of its "
            f"{1e6 / best_fast:.0f} us, naive {slow_cpu * 1e6:.0f} us of its "
            f"{1e6 / best_slow:.0f} us (best of {repeat})"
        )


def main() -> None:
    default_seeds = os.environ.get("REVIEWGRAPH_SEEDS") or str(
        Path(__file__).resolve().parents[2] / "shared" / "seeds"
    )
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default=default_seeds)
    parser.add_argument("--plans", type=int, default=200, help="plans in the larger corpus")
    parser.add_argument("--naive-rows", type=int, default=3000, help="rows the naive push writes")
    parser.add_argument("--heap", default="2g", help="ArcadeDB's JVM heap")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument("--uri")
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--database")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-push-"))
    server = None
    try:
        if options.uri:
            settings = ServerSettings(
                options.uri, options.user, os.environ.get("NEO4J_PASSWORD", ""), options.database
            )
        else:
            server = ArcadeServer(work / "arcadedb", heap=options.heap)
            server.start()
            target = server.target()
            settings = ServerSettings(target.uri, target.user, target.password, target.database)
        seeds_store = work / "seeds.graph"
        load(Path(options.seeds), seeds_store)
        started = time.perf_counter()
        corpus = make_corpus(work / "corpus", options.plans, Path(options.seeds))
        big_store = work / "corpus.graph"
        load(work / "corpus", big_store)
        print(f"corpus: {corpus}, loaded in {time.perf_counter() - started:.0f} s")
        with connect(settings) as connection:
            print(f"server: {connection.server_agent}")
            ensure_schema(connection)
            # Warm the server (a JVM compiles its hot paths on first use) before timing.
            batched(connection, seeds_store)
            naive(connection, seeds_store, 500)
            measure(connection, "seeds", seeds_store, options.naive_rows, options.repeat, server)
            measure(
                connection,
                f"{options.plans} plans",
                big_store,
                options.naive_rows,
                options.repeat,
                server,
            )
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
