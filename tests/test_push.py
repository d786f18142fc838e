"""``reviewgraph push`` on a real Bolt server: the seeds arrive whole, once, and stay in step."""

from __future__ import annotations

import logging
import shutil
import threading
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import main
from reviewgraph.graph import neo4j_sync
from reviewgraph.graph.bolt import ServerSettings, connect
from reviewgraph.graph.core import SHARED_LABELS, ReviewGraph
from reviewgraph.graph.errors import ServerError
from reviewgraph.graph.models import node_from_dict
from reviewgraph.graph.neo4j_model import DOCUMENT_ID, DOCUMENT_IDS, unflatten_node
from reviewgraph.graph.neo4j_sync import push
from reviewgraph.graph.store import Store
from reviewgraph.graph.store_view import open_store

TRICKY_PLAN = (
    "Tricky Vale Local Safeguarding Children Board\n\nSerious Case Review\n\nChild Q\n\n"
    "RECOMMENDATION\tACTION\tBY WHOM\tBY WHEN\tPROGRESS\n"
    "1. Tricky Vale Police\t\t\t\t\n"
    "1.1 Check the \"quoted\" and 'single' cases\t"
    "Audit C:\\cases\\new\\ for $HOME and $name {braces} {} // not a comment /* nor this */ "
    '\\"escaped\\" `tick`\tNamed Nurse\tMarch 2020\tComplete\n'
    "1.2 Record every O'Brien case\tRe-check $$ and {{x}} and \\\\server\\share // twice\t"
    "LSCB Chair\tApril 2020\tIn progress\n"
)


def _seed_nodes(store) -> int:
    """How many nodes the store holding the five seeds has (the plans loaded as they are)."""
    with Store.open(store, readonly=True) as opened:
        return opened.count()


def store_graph(path) -> ReviewGraph:
    """Every plan in the store at ``path``, as one graph."""
    with Store.open(path, readonly=True) as store:
        return store.graph()


def settings(target, **changes) -> ServerSettings:
    values = dict(
        uri=target.uri,
        user=target.user,
        password=target.password,
        database=target.database,
        retry_seconds=5.0,
    )
    values.update(changes)
    return ServerSettings(**values)


def load(store: Path, *paths: Path) -> None:
    result = CliRunner().invoke(main, ["load", "--store", str(store), *map(str, paths)])
    assert result.exit_code == 0, result.output


def remove_plan(store: Path, document_id: str) -> None:
    """Take one plan out of the store (the store has no command for it yet)."""
    with Store.open(store) as opened:
        assert opened.remove_document(document_id)


def snapshot(connection) -> tuple[dict, Counter]:
    """The server's graph: nodes by id (labels, properties), and a multiset of edges."""
    nodes = {}
    for row in connection.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS p"):
        assert row["p"]["id"] not in nodes, f"two nodes with id {row['p']['id']}"
        nodes[row["p"]["id"]] = (tuple(sorted(row["labels"])), row["p"])
    edges = Counter(
        (row["s"], row["t"], row["g"], tuple(sorted((k, str(v)) for k, v in row["p"].items())))
        for row in connection.read(
            "MATCH (a)-[e]->(b) RETURN a.id AS s, type(e) AS t, b.id AS g, properties(e) AS p"
        )
    )
    return nodes, edges


def assert_server_matches_store(connection, store: Path) -> None:
    """Every store node is on the server, rebuilt equal from its flat properties, and
    nothing else; every store edge is there exactly once; shared nodes list their plans."""
    graph = store_graph(store)
    nodes, edges = snapshot(connection)
    assert set(nodes) == {node.id for node in graph.nodes()}
    users: dict[str, set[str]] = {}
    with open_store(store) as reader:
        for record in reader.documents():
            for node in reader.document_graph(record.id)["nodes"]:
                users.setdefault(node["id"], set()).add(record.id)
    for node in graph.nodes():
        labels, properties = nodes[node.id]
        assert labels == (node.label,)
        assert node_from_dict(unflatten_node(node.label, properties)) == node, node.id
        if node.label in SHARED_LABELS:
            assert set(properties[DOCUMENT_IDS]) == users[node.id], node.id
        else:
            assert properties[DOCUMENT_ID] in users[node.id], node.id
    expected = Counter((e.source, e.type, e.target) for e in graph.edges())
    found = Counter((s, t, g) for (s, t, g, _), n in edges.items() for _ in range(n))
    assert found == expected
    documents = {d.id: d.sha256 for d in graph.nodes("Document")}
    assert {i: nodes[i][1].get("sha256") for i in documents} == documents


@pytest.fixture
def connection(bolt):
    with connect(settings(bolt)) as opened:
        yield opened


def test_push_writes_every_seed_node_and_relationship_once(connection, seed_store):
    with open_store(seed_store) as store:
        report = push(connection, store)
    graph = store_graph(seed_store)
    assert len(report.written) == 5 and not report.removed and not report.unchanged
    assert report.nodes == len(graph) == _seed_nodes(seed_store)
    assert report.relationships == sum(1 for _ in graph.edges())
    assert_server_matches_store(connection, seed_store)
    # DOMAIN.md's names, as the seeds give them: Windsor's key agencies and Kingston's refs.
    rows = connection.read(
        "MATCH (a:Agency) WHERE 'HWPH' IN a.aliases OR a.name CONTAINS 'HWPH' RETURN count(a) AS n"
    )
    assert rows == [{"n": 1}]
    rows = connection.read(
        "MATCH (:Review)-[:HAS_RECOMMENDATION]->(r:Recommendation {ref: $ref}) "
        "RETURN count(r) AS n",
        {"ref": "3.3.9"},
    )
    assert rows == [{"n": 1}]


def test_a_second_push_changes_nothing(connection, seed_store):
    with open_store(seed_store) as store:
        push(connection, store)
        before = snapshot(connection)
        again = push(connection, store)
    assert again.written == [] and again.removed == [] and len(again.unchanged) == 5
    assert (again.nodes, again.relationships) == (0, 0)
    assert snapshot(connection) == before


def test_a_reloaded_plan_changes_its_own_subgraph_and_nothing_else(connection, seed_path, tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    for name in ("kirklees", "bexley"):
        shutil.copy(seed_path(name), plans / seed_path(name).name)
    store = tmp_path / "plans.graph"
    load(store, plans)
    with open_store(store) as reader:
        push(connection, reader)
    nodes_before, _ = snapshot(connection)
    kirklees = plans / seed_path("kirklees").name
    text = kirklees.read_text(encoding="utf-8")
    changed = text.replace("Mar-12", "Apr-12", 1)
    assert changed != text
    kirklees.write_text(changed, encoding="utf-8")
    load(store, plans)
    with open_store(store) as reader:
        report = push(connection, reader)
    kirklees_id = f"document:{kirklees.stem}"
    assert report.written == [kirklees_id]
    assert report.unchanged == [f"document:{seed_path('bexley').stem}"]
    assert not report.removed
    assert_server_matches_store(connection, store)
    nodes_after, _ = snapshot(connection)
    bexley_id = f"document:{seed_path('bexley').stem}"
    bexley_before = {i: n for i, n in nodes_before.items() if n[1].get(DOCUMENT_ID) == bexley_id}
    assert bexley_before and all(nodes_after[i] == n for i, n in bexley_before.items())
    due = connection.read(
        "MATCH (a:Action {document_id: $d}) WHERE a.due_raw = 'Apr-12' RETURN count(a) AS n",
        {"d": kirklees_id},
    )
    assert due[0]["n"] >= 1


def test_a_removed_plan_goes_with_the_shared_nodes_only_it_used(connection, seed_store, tmp_path):
    store = tmp_path / "plans.graph"
    shutil.copy(seed_store, store)
    with open_store(store) as reader:
        push(connection, reader)
        documents = {record.id: record for record in reader.documents()}
        graphs = {i: reader.document_graph(i) for i in documents}
    windsor = next(i for i in documents if i.startswith("document:003_"))
    shared_by = Counter(
        node["id"]
        for graph in graphs.values()
        for node in graph["nodes"]
        if node["label"] in SHARED_LABELS
    )
    only_windsor = {
        n["id"]
        for n in graphs[windsor]["nodes"]
        if n["label"] in SHARED_LABELS and shared_by[n["id"]] == 1
    }
    kept = {n["id"] for n in graphs[windsor]["nodes"] if shared_by.get(n["id"], 0) > 1}
    assert only_windsor, "Windsor has agencies and roles of its own"
    remove_plan(store, windsor)
    with open_store(store) as reader:
        report = push(connection, reader)
    assert report.removed == [windsor] and report.written == []
    assert_server_matches_store(connection, store)
    nodes, _ = snapshot(connection)
    assert not only_windsor & set(nodes)
    assert all(windsor not in nodes[i][1][DOCUMENT_IDS] for i in kept)


def test_plan_text_with_quotes_backslashes_dollars_braces_and_slashes_round_trips(
    connection, tmp_path
):
    plan = tmp_path / "tricky_plan.txt"
    plan.write_text(TRICKY_PLAN, encoding="utf-8")
    store = tmp_path / "tricky.graph"
    load(store, plan)
    with open_store(store) as reader:
        push(connection, reader)
    graph = store_graph(store)
    texts = {n.id: n.text for n in graph.nodes() if n.label in ("Action", "Recommendation")}
    for fragment in (
        "C:\\cases\\new\\",
        "$HOME",
        "{braces} {}",
        "// not a comment",
        '\\"escaped\\"',
        "{{x}}",
        "\\\\server\\share",
        "O'Brien",
        '"quoted"',
    ):
        assert any(fragment in text for text in texts.values()), fragment
    rows = connection.read(
        "MATCH (n) WHERE n:Action OR n:Recommendation RETURN n.id AS id, n.text AS text"
    )
    assert {row["id"]: row["text"] for row in rows} == texts
    # Found again by a parameter holding the same characters.
    needle = '$name {braces} {} // not a comment /* nor this */ \\"escaped\\" `tick`'
    found = connection.read(
        "MATCH (a:Action) WHERE a.text CONTAINS $q RETURN count(a) AS n", {"q": needle}
    )
    assert found == [{"n": 1}]
    assert_server_matches_store(connection, store)


# -- the command ---------------------------------------------------------------


def run_push(target, *args, env=None, password=True):
    environment = {
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_DATABASE": target.database or "",
        "NEO4J_PASSWORD": None,
    }
    if password:
        environment["NEO4J_PASSWORD"] = target.password
    environment.update(env or {})
    return CliRunner().invoke(main, ["push", *args], env=environment)


def test_cli_push_says_what_it_did_and_never_shows_the_password(bolt, seed_store, caplog):
    caplog.set_level(logging.DEBUG)
    result = run_push(bolt, "--store", str(seed_store), "--timeout", "5")
    assert result.exit_code == 0, result.output
    where = bolt.uri + (f" (database {bolt.database})" if bolt.database else "")
    nodes = _seed_nodes(seed_store)
    assert result.stdout.startswith(
        f"{where}: 5 plans written, 0 removed, 0 unchanged; {nodes} nodes"
    )
    again = run_push(bolt, "--store", str(seed_store))
    assert ": 0 plans written, 0 removed, 5 unchanged; 0 nodes and 0 relationships" in again.stdout
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert any(record.name.startswith("neo4j") for record in caplog.records)
    for text in (result.output, again.output, logged):
        assert bolt.password not in text


def test_password_on_the_command_line_works_with_a_warning(bolt, seed_store):
    result = run_push(bolt, "--store", str(seed_store), "--password", bolt.password, password=False)
    assert result.exit_code == 0, result.output
    assert "Warning: a password given with --password can be read by other users" in result.stderr
    assert bolt.password not in result.output


def test_wrong_password_is_one_line_and_exit_1(bolt, seed_store):
    result = run_push(bolt, "--store", str(seed_store), env={"NEO4J_PASSWORD": "not-the-password"})
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"Error: {bolt.uri}")
    assert f"refused user {bolt.user} and this password" in result.stderr
    assert "not-the-password" not in result.output


def test_no_password_and_no_terminal_is_one_line(bolt, seed_store):
    result = run_push(bolt, "--store", str(seed_store), password=False)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no password for {bolt.user} at {bolt.uri} (hint: set NEO4J_PASSWORD, or run "
        "in a terminal to be asked)\n"
    )


def test_unreachable_server_is_one_line_and_exit_1(bolt, seed_store):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_push(
        bolt,
        "--store",
        str(seed_store),
        "--timeout",
        "1",
        env={"NEO4J_URI": f"bolt://127.0.0.1:{port}"},
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: bolt://127.0.0.1:{port}")
    assert "no answer from the server" in result.stderr and result.stderr.count("\n") == 1


def test_tls_to_a_server_without_tls_is_one_line(bolt, seed_store):
    if bolt.kind != "arcadedb":
        pytest.skip("only the ArcadeDB test server is known to run without TLS")
    uri = bolt.uri.replace("bolt://", "bolt+s://")
    result = run_push(bolt, "--store", str(seed_store), "--timeout", "1", env={"NEO4J_URI": uri})
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "TLS handshake failed" in result.stderr


def test_routing_uri_reaches_the_server(bolt, seed_store):
    uri = bolt.uri.replace("bolt://", "neo4j://")
    result = run_push(bolt, "--store", str(seed_store), env={"NEO4J_URI": uri})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(uri.split("://")[0] + "://")


def test_a_missing_uri_is_one_line(seed_store):
    result = CliRunner().invoke(main, ["push", "--store", str(seed_store)], env={"NEO4J_URI": None})
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no Neo4j server named (hint: give --uri bolt://HOST:7687 or set NEO4J_URI)\n"
    )


def test_server_stopped_mid_push_then_the_next_push_finishes_the_job(
    own_arcadedb, seed_store, monkeypatch
):
    target = own_arcadedb.target()
    original = neo4j_sync._Writer.write
    calls = []

    def write_then_die(self, statement, rows, what):
        calls.append(what)
        if len(calls) == 4:
            own_arcadedb.kill()
        return original(self, statement, rows, what)

    monkeypatch.setattr(neo4j_sync._Writer, "write", write_then_die)
    result = run_push(target, "--store", str(seed_store), "--timeout", "2", "--batch-size", "60")
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"Error: {target.uri}") and "no answer" in result.stderr
    monkeypatch.setattr(neo4j_sync._Writer, "write", original)
    own_arcadedb.start()
    with connect(settings(target)) as connection:
        half, _ = snapshot(connection)
        assert 0 < len(half) < _seed_nodes(seed_store), "the first push stopped part way"
        assert not any(n[1].get("sha256") for n in half.values() if n[0] == ("Document",))
        result = run_push(target, "--store", str(seed_store))
        assert result.exit_code == 0, result.output
        nodes = _seed_nodes(seed_store)
        assert f": 5 plans written, 0 removed, 0 unchanged; {nodes} nodes" in result.stdout
        assert_server_matches_store(connection, seed_store)


def test_a_refused_constraint_is_a_warning_and_the_push_goes_on(own_arcadedb, seed_store):
    target = own_arcadedb.target()
    with connect(settings(target)) as connection:
        # Duplicate ids already there: no server can make them unique.
        connection.write("CREATE (:Agency {id: 'agency:dup'}), (:Agency {id: 'agency:dup'})")
        result = run_push(target, "--store", str(seed_store))
        assert result.exit_code == 0, result.output
        assert result.stderr.startswith("Warning: no uniqueness constraint on Agency.id (")
        assert result.stderr.rstrip().endswith("; an index on id instead")
        assert ": 5 plans written" in result.stdout
        rows = connection.read("MATCH (a:Agency) WHERE a.id <> 'agency:dup' RETURN count(a) AS n")
        assert rows == [{"n": store_graph(seed_store).count("Agency")}]


def test_the_password_is_asked_for_on_a_terminal_and_not_echoed(bolt, seed_store):
    import os
    import pty
    import select
    import sys

    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    env.update(NEO4J_URI=bolt.uri, NEO4J_USER=bolt.user, NEO4J_DATABASE=bolt.database or "")
    program = Path(sys.executable).parent / "reviewgraph"  # the installed command
    if not program.exists():
        pytest.skip(f"the reviewgraph command is not installed beside {sys.executable}")
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the command, on a terminal of its own
        os.execve(program, [str(program), "cypher", "RETURN 1 AS one"], env)
    seen = b""

    def read_until(done) -> None:
        nonlocal seen
        while not done(seen):
            ready, _, _ = select.select([terminal], [], [], 60)
            assert ready, seen
            try:
                chunk = os.read(terminal, 1024)
            except OSError:  # the child closed the terminal
                return
            if not chunk:
                return
            seen += chunk

    read_until(lambda text: b"Password for" in text)
    os.write(terminal, (bolt.password + "\n").encode())
    read_until(lambda text: False)
    _, status = os.waitpid(pid, 0)
    text = seen.decode()
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert text.startswith(f"Password for {bolt.user} at {bolt.uri}: ")
    assert text.replace("\r", "").endswith("one\n---\n  1\n")
    assert bolt.password not in text


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory):
    """Six made plans of every layout: actions under two recommendations, citations, parts."""
    folder = tmp_path_factory.mktemp("synth-plans")
    result = CliRunner().invoke(main, ["synth", "--plans", "6", "--seed", "7", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    for key in folder.glob("*.key.json"):
        key.unlink()
    store = folder / "plans.graph"
    load(store, folder)
    return store


@pytest.mark.parametrize("chunk_rows", [1, 120, 50_000])
def test_nodes_created_with_their_parent_relationship_leave_the_store_graph(
    connection, synth_store, chunk_rows
):
    """Each plan's own nodes go with one relationship from a parent; every other goes alone.

    With ``chunk_rows=1`` each plan is a group of its own, with 120 groups cut plans'
    relationships across them, and with 50,000 all six plans are one group.
    """
    graph = store_graph(synth_store)
    parents = Counter(e.target for e in graph.edges() if e.type == "HAS_ACTION")
    assert max(parents.values()) > 1, "an action with two recommendations is part of the test"
    with open_store(synth_store) as store:
        report = push(connection, store, chunk_rows=chunk_rows, batch_size=50)
    assert report.nodes == len(graph)
    assert report.relationships == sum(1 for _ in graph.edges())
    assert_server_matches_store(connection, synth_store)
    assert not [t for t in threading.enumerate() if t.name == "reviewgraph-push-rows"]


class FailingStore:
    """A store view whose third plan cannot be read."""

    def __init__(self, store):
        self.store = store
        self.read = 0

    def documents(self):
        return self.store.documents()

    def document_graph(self, document_id):
        self.read += 1
        if self.read == 3:
            raise OSError("disk gone")
        return self.store.document_graph(document_id)


def test_a_plan_that_cannot_be_read_stops_the_push_after_the_plans_before_it(
    connection, seed_store
):
    with open_store(seed_store) as store:
        with pytest.raises(OSError, match="disk gone"):
            push(connection, FailingStore(store), chunk_rows=1)
        documents = [record.id for record in store.documents()]
    rows = connection.read("MATCH (d:Document) WHERE d.sha256 IS NOT NULL RETURN d.id AS id")
    assert sorted(row["id"] for row in rows) == sorted(documents[:2])
    assert not [t for t in threading.enumerate() if t.name == "reviewgraph-push-rows"]
    with open_store(seed_store) as store:
        report = push(connection, store)
    assert len(report.written) == 3 and len(report.unchanged) == 2
    assert_server_matches_store(connection, seed_store)


def test_a_refused_write_stops_the_reading_thread(connection, seed_store, monkeypatch):
    original = neo4j_sync._Writer.write
    calls = []

    def refuse_second(self, statement, rows, what):
        calls.append(what)
        if len(calls) == 2:
            raise ServerError("refused")
        return original(self, statement, rows, what)

    monkeypatch.setattr(neo4j_sync._Writer, "write", refuse_second)
    with open_store(seed_store) as store, pytest.raises(ServerError, match="refused"):
        push(connection, store, chunk_rows=1)
    assert not [t for t in threading.enumerate() if t.name == "reviewgraph-push-rows"]


def test_plans_pushed_in_an_older_shape_are_written_again(connection, seed_store):
    with open_store(seed_store) as store:
        push(connection, store)
        # As a push before push_format 2 left them: no mark, search terms as a list.
        connection.write("MATCH (d:Document) REMOVE d.push_format")
        connection.write(
            "MATCH (n:Action) WHERE n.search_terms IS NOT NULL SET n.search_terms = ['old']"
        )
        again = push(connection, store)
    assert len(again.written) == 5 and not again.unchanged
    assert_server_matches_store(connection, seed_store)
    rows = connection.read(
        "MATCH (n:Action) WHERE n.search_terms IS NOT NULL "
        "RETURN count(n) AS n, sum(CASE WHEN n.search_terms CONTAINS ' train ' THEN 1 END) AS t"
    )
    assert rows[0]["n"] > 100 and rows[0]["t"] > 10
