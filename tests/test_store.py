"""The store and the JSON export: lossless round trips, writes that survive a kill or a
second writer, and files that are not stores refused in one line."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.export import from_json, to_json
from reviewgraph.graph.models import (
    RELATIONSHIPS,
    Action,
    Agency,
    CrossReference,
    Document,
    LeadRole,
    Recommendation,
    Review,
    Source,
    Status,
    UnplacedText,
)
from reviewgraph.graph.store import SCHEMA_VERSION, SEARCH_FIELDS, Store
from reviewgraph.loaders import load_document
from reviewgraph.loaders.batch import load_paths
from reviewgraph.queries.fulltext import search

REPOSITORY = Path(__file__).resolve().parent.parent

# -- strategies: small graphs of valid nodes and edges ----------------------

words = st.text(min_size=1, max_size=12)
maybe_words = st.none() | words
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def sources(draw) -> Source:
    start = draw(st.integers(1, 500))
    return Source(document=draw(words), line_start=start, line_end=start + draw(st.integers(0, 9)))


@st.composite
def intervals(draw) -> tuple[dt.date | None, dt.date | None]:
    first, second = draw(st.none() | dates), draw(st.none() | dates)
    if first and second and second < first:
        first, second = second, first
    return first, second


def node_fields(label: str, draw) -> dict:
    """Random properties for a node of ``label``, every constraint met."""
    if label == "Document":
        unplaced = st.builds(
            UnplacedText,
            text=words,
            line=st.integers(1, 99),
            reason=st.sampled_from(["decoration", "unplaced"]),
            what=st.text(max_size=8),
        )
        return {
            "path": draw(words),
            "sha256": draw(st.text("0123456789abcdef", min_size=64, max_size=64)),
            "layout": draw(st.sampled_from(["tab", "pipe-html", "prose"])),
            "encoding": draw(st.sampled_from(["utf-8", "cp1252"])),
            "unplaced": draw(st.lists(unplaced, max_size=3)),
        }
    if label == "Review":
        return {
            "title": draw(words),
            "board": draw(maybe_words),
            "subject": draw(maybe_words),
            "kind": draw(maybe_words),
            "as_of": draw(st.none() | dates),
        }
    if label == "Agency":
        return {"name": draw(words), "aliases": draw(st.lists(words, max_size=3))}
    if label == "Recommendation":
        return {
            "ref": draw(maybe_words),
            "text": draw(st.text(max_size=30)),
            "order": draw(st.integers(1, 99)),
        }
    if label == "Action":
        start, end = draw(intervals())
        return {
            "text": draw(st.text(max_size=30)),
            "due_raw": draw(maybe_words),
            "due_start": start,
            "due_end": end,
            "status_raw": draw(maybe_words),
            "status": draw(st.sampled_from(list(Status))),
            "rag": draw(st.sampled_from([None, "red", "amber", "green"])),
            "progress": draw(maybe_words),
            "dittos": draw(st.dictionaries(words, words, max_size=2)),
        }
    if label == "LeadRole":
        return {"name": draw(words)}
    return {
        "raw": draw(words),
        "kind": draw(st.sampled_from(["explicit", "positional", "ditto"])),
        "field": draw(words),
        "resolution": draw(st.sampled_from(["resolved", "dangling", "ambiguous"])),
    }


MODELS = {
    model.label: model
    for model in (Document, Review, Agency, Recommendation, Action, LeadRole, CrossReference)
}
edge_values = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
)
edge_properties = st.dictionaries(
    st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8).filter(
        lambda name: name not in ("source", "target", "type")
    ),
    edge_values,
    max_size=2,
)


@st.composite
def graphs(draw) -> ReviewGraph:
    graph = ReviewGraph()
    ids: dict[str, list[str]] = {}
    for label, model in MODELS.items():
        for number in range(draw(st.integers(0, 3))):
            # Unique ids by construction: add() merges a repeated agency id by design.
            node_id = f"{label.lower()}:{number}:{draw(st.text(max_size=6))}"
            graph.add(model(id=node_id, source=draw(sources()), **node_fields(label, draw)))
            ids.setdefault(label, []).append(node_id)
    for type_, (from_labels, to_labels) in RELATIONSHIPS.items():
        starts = [node_id for label in sorted(from_labels) for node_id in ids.get(label, [])]
        ends = [node_id for label in sorted(to_labels) for node_id in ids.get(label, [])]
        if not starts or not ends:
            continue
        pairs = st.tuples(st.sampled_from(starts), st.sampled_from(ends), edge_properties)
        for source, target, properties in draw(st.lists(pairs, max_size=4)):
            graph.link(source, type_, target, **properties)
    return graph


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_json_round_trip_of_random_graphs(graph):
    text = to_json(graph)
    again = from_json(text)
    assert again == graph
    assert to_json(again) == text
    assert [node for node in again.nodes()] == [node for node in graph.nodes()]


def _plain(graph: ReviewGraph) -> dict:
    """A graph's export without the store's printed references."""
    data = graph.to_dict()
    for node in data["nodes"]:
        node.pop("handle", None)
    return data


@settings(max_examples=50, deadline=None)
@given(graphs())
def test_store_round_trip_of_random_graphs(graph):
    # A store holds plans: each Document names a file of its own.
    places = [d.source.document for d in graph.nodes("Document")]
    paths = [d.path for d in graph.nodes("Document")]
    assume(len(places) == len(set(places)) and len(paths) == len(set(paths)))
    store = Store.open(":memory:")
    store.put_graphs_from(graph)
    assert _plain(store.graph()) == _plain(graph)


def _search_index_agrees(store: Store) -> None:
    """The search index holds exactly the words search_source gives (what deletes read
    back), token by token: compared with an index built afresh from the view."""
    connection = store._connection
    connection.execute("INSERT INTO search(search) VALUES('integrity-check')")
    columns = ", ".join(SEARCH_FIELDS)
    searched = " OR ".join(f"{f} IS NOT NULL" for f in SEARCH_FIELDS)
    tokenizer = "porter unicode61 remove_diacritics 2 tokenchars '&'"
    connection.executescript(
        f"""
        DROP TABLE IF EXISTS temp.fresh;
        CREATE VIRTUAL TABLE temp.fresh USING fts5({columns}, tokenize="{tokenizer}");
        INSERT INTO temp.fresh (rowid, {columns})
            SELECT node_rowid, {columns} FROM search_source WHERE {searched};
        DROP TABLE IF EXISTS temp.fresh_terms;
        DROP TABLE IF EXISTS temp.kept_terms;
        CREATE VIRTUAL TABLE temp.fresh_terms USING fts5vocab(temp, fresh, instance);
        CREATE VIRTUAL TABLE temp.kept_terms USING fts5vocab(main, search, instance);
        """
    )
    terms = "SELECT term, doc, col, offset FROM temp.{} ORDER BY 1, 2, 3, 4"
    assert (
        connection.execute(terms.format("kept_terms")).fetchall()
        == connection.execute(terms.format("fresh_terms")).fetchall()
    )


def test_search_index_of_the_seeds_stays_whole_over_reloads(seeds_dir, tmp_path):
    paths = sorted(seeds_dir.glob("*.txt")) + sorted((REPOSITORY / "examples").iterdir())
    with Store.open(tmp_path / "plans.graph") as store:
        load_paths(store, paths)
        _search_index_agrees(store)
        hits = search(store, "training", limit=None)
        assert len(hits) > 10
        load_paths(store, paths, force=True)
        _search_index_agrees(store)
        assert search(store, "training", limit=None) == hits


def test_store_round_trip_of_the_seeds_and_examples(seeds_dir, tmp_path):
    paths = sorted(seeds_dir.glob("*.txt")) + sorted((REPOSITORY / "examples").iterdir())
    path = tmp_path / "plans.graph"
    with Store.open(path) as store:
        report = load_paths(store, paths)
    assert not report.failed
    merged = ReviewGraph()
    for plan in paths:
        merged.update(load_document(plan).graph)
    with Store.open(path, readonly=True) as store:
        text = to_json(store.graph())
        assert _plain(from_json(text)) == _plain(merged)
    with Store.open(path, readonly=True) as store:
        assert to_json(store.graph()) == text


def test_a_plan_whose_short_handle_is_taken_gets_its_key(seeds_dir, tmp_path):
    # "baby_a" and "baby_e" both shorten to "baby": the first keeps it, the second
    # is known by its whole key, whether loaded in one batch or later.
    seed = seeds_dir / "000_9f3ef0723d8bc463.txt"
    for name in ("baby_a.txt", "baby_e.txt", "child_a.txt"):
        (tmp_path / name).write_bytes(seed.read_bytes())
    with Store.open(tmp_path / "plans.graph") as store:
        load_paths(store, [tmp_path / "baby_a.txt", tmp_path / "baby_e.txt"])
        load_paths(store, [tmp_path / "child_a.txt"])
        handles = {d.key: d.handle for d in store.documents()}
    assert handles == {"baby_a": "baby", "baby_e": "baby_e", "child_a": "child"}


def test_json_is_stable(seeds_dir):
    first, second = Store.open(":memory:"), Store.open(":memory:")
    load_paths(first, sorted(seeds_dir.glob("*.txt")))
    load_paths(second, sorted(seeds_dir.glob("*.txt"), reverse=True))
    assert _plain(first.graph()) == _plain(second.graph())


# -- atomic writes ----------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from reviewgraph.graph.store import Store

    path, size = sys.argv[1], int(sys.argv[2])
    versions = []
    for extra in (0, 1):
        nodes = [{"id": "document:plan", "label": "Document", "path": "plan.txt",
                  "sha256": str(extra) * 64, "layout": "tab",
                  "source": {"document": "plan.txt", "line_start": 1, "line_end": 1}}]
        for number in range(size + extra):
            nodes.append({"id": f"action:plan:{number}", "label": "Action",
                          "text": "Named Nurse " * 50, "order": 1,
                          "source": {"document": "plan.txt", "line_start": 1, "line_end": 1}})
        versions.append({"nodes": nodes, "edges": []})
    store = Store.open(path)
    print("ready", flush=True)
    turn = 0
    while True:
        store.put_graph(versions[turn % 2])
        turn += 1
    """
)


def test_a_killed_write_leaves_the_old_plan_or_the_new(tmp_path):
    """SIGKILL a process that keeps replacing a big plan, at random moments.

    Whenever it dies, the store must open whole and hold one of the two
    versions of the plan the writer alternates between, never a mix, and
    nothing but the store (and SQLite's own journal files) is left behind.
    """
    size = 2000
    path = tmp_path / "plans.graph"
    randomness = random.Random(20240611)
    for _ in range(10):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(size)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None and child.stdout.readline() == "ready\n"
            time.sleep(randomness.uniform(0.0, 0.5))
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        with Store.open(path) as store:
            assert store.rows("PRAGMA integrity_check")[0][0] == "ok"
            documents = store.documents()
            if documents:
                (document,) = documents
                actions = store.count("Action")
                assert (document.sha256[0], actions) in (("0", size), ("1", size + 1))
        leftovers = {p.name for p in tmp_path.iterdir()} - {path.name}
        assert leftovers <= {f"{path.name}-wal", f"{path.name}-shm"}
    assert not {p.name for p in tmp_path.iterdir()} - {path.name}


def _plan_text(name: str) -> str:
    return (
        f"{name} Safeguarding Children Board: Serious Case Review – Child {name[0]}\n"
        "RECOMMENDATION\tACTION\tBY WHEN\tLEAD\n"
        f"1. Audit {name} files\tRun the {name} audit\tMay 2010\tNamed Nurse\n"
    )


def test_two_loads_at_once_both_land(tmp_path):
    """Two ``reviewgraph load`` processes of different plans, started together, 20 times."""
    command = [sys.executable, "-m", "reviewgraph.cli.main"]
    for round_number in range(20):
        store = tmp_path / f"round{round_number}.graph"
        plans = []
        for name in ("Northmoor", "Eastvale"):
            plan = tmp_path / f"{name.lower()}_{round_number}.txt"
            plan.write_text(_plan_text(name), encoding="utf-8")
            plans.append(plan)
        children = [
            subprocess.Popen(
                [*command, "load", str(plan), "--store", str(store)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for plan in plans
        ]
        outputs = [child.communicate(timeout=120) for child in children]
        assert [child.returncode for child in children] == [0, 0], outputs
        with Store.open(store, readonly=True) as opened:
            assert sorted(d.path for d in opened.documents()) == sorted(str(p) for p in plans)


# -- files that are not stores, and files to respect --------------------------


def _load(store: Path, plan: Path):
    from click.testing import CliRunner

    from reviewgraph.cli.main import main

    return CliRunner().invoke(main, ["load", str(plan), "--store", str(store)])


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "anytown_child_q.txt"
    path.write_text(_plan_text("Anytown"), encoding="utf-8")
    return path


def test_a_read_only_store_is_refused_not_replaced(tmp_path, plan):
    store = tmp_path / "plans.graph"
    assert _load(store, plan).exit_code == 0
    before = store.read_bytes()
    os.chmod(store, 0o444)
    other = tmp_path / "other.txt"
    other.write_text(_plan_text("Westbrook"), encoding="utf-8")
    result = _load(store, other)
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {store}: the store is read-only; reviewgraph will not change it "
        "(make it writable, or name another with --store)\n"
    )
    assert store.read_bytes() == before
    # Reading a read-only store is fine.
    with Store.open(store, readonly=True) as opened:
        assert [d.path for d in opened.documents()] == [str(plan)]


def test_the_stores_mode_and_symlink_are_respected(tmp_path, plan):
    real = tmp_path / "shared" / "plans.graph"
    real.parent.mkdir()
    link = tmp_path / "plans.graph"
    assert _load(real, plan).exit_code == 0
    os.chmod(real, 0o640)
    link.symlink_to(real)
    other = tmp_path / "other.txt"
    other.write_text(_plan_text("Westbrook"), encoding="utf-8")
    assert _load(link, other).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)
    with Store.open(real, readonly=True) as opened:
        assert len(opened.documents()) == 2


@pytest.mark.parametrize(
    "content, message",
    [
        (b"just some notes\n", "not a reviewgraph store (not an SQLite file)"),
        (b"SQLite format 3\x00" + b"\x00" * 80, "damaged reviewgraph store"),
    ],
)
def test_a_file_that_is_not_a_store_is_one_line(tmp_path, plan, content, message):
    store = tmp_path / "plans.graph"
    store.write_bytes(content)
    result = _load(store, plan)
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {store}: {message}")
    assert len(result.output.splitlines()) == 1
    assert store.read_bytes() == content


def test_another_sqlite_database_is_not_a_store(tmp_path, plan):
    store = tmp_path / "other.db"
    connection = sqlite3.connect(store)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()
    result = _load(store, plan)
    assert result.exit_code == 2
    assert result.output == f"Error: {store}: an SQLite file, but not a reviewgraph store\n"


def test_a_store_from_a_newer_reviewgraph_is_refused(tmp_path, plan):
    store = tmp_path / "plans.graph"
    assert _load(store, plan).exit_code == 0
    connection = sqlite3.connect(store)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    result = _load(store, plan)
    assert result.exit_code == 2
    assert "written by a newer reviewgraph" in result.output
    assert "upgrade reviewgraph" in result.output


def test_a_device_is_not_a_store(plan):
    result = _load(Path("/dev/full"), plan)
    assert result.exit_code == 2
    assert result.output == "Error: /dev/full: not a reviewgraph store (not a regular file)\n"


def test_an_old_json_store_is_migrated_once(tmp_path, plan):
    graph = load_document(plan).graph
    store = tmp_path / "plans.graph"
    payload = {"format": "reviewgraph-store", "version": 1, "graph": graph.to_dict()}
    store.write_text(json.dumps(payload), encoding="utf-8")
    os.chmod(store, 0o640)
    announced: list[str] = []
    with Store.open(store, announce=announced.append) as opened:
        assert [d.path for d in opened.documents()] == [str(plan)]
    assert announced == [f"{store}: migrated the JSON store of reviewgraph 0.1 to SQLite (1 plans)"]
    assert store.read_bytes().startswith(b"SQLite format 3")
    assert oct(store.stat().st_mode & 0o777) == oct(0o640)
    with Store.open(store, announce=announced.append):
        pass
    assert len(announced) == 1


def test_an_old_store_without_a_graph_is_one_line(tmp_path, plan):
    store = tmp_path / "plans.graph"
    store.write_text('{"format": "reviewgraph-store", "version": 1, "graph": null}')
    result = _load(store, plan)
    assert result.exit_code == 2
    assert result.output == f"Error: {store}: damaged old store (no graph in it)\n"
