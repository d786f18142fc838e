"""The store and the JSON export: lossless round trips, and writes that survive a kill."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from hypothesis import given, settings
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
from reviewgraph.graph.store import read_store, write_store
from reviewgraph.loaders.batch import load_paths

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


@settings(max_examples=50, deadline=None)
@given(graphs())
def test_store_round_trip_of_random_graphs(graph):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plans.graph"
        write_store(graph, path)
        assert read_store(path) == graph


def test_json_round_trip_of_the_seeds_and_examples(seeds_dir, tmp_path):
    graph = ReviewGraph()
    report = load_paths(graph, [seeds_dir, REPOSITORY / "examples"])
    assert not report.failed
    text = to_json(graph)
    assert from_json(text) == graph
    path = tmp_path / "plans.graph"
    write_store(graph, path)
    assert read_store(path) == graph
    assert to_json(read_store(path)) == text


def test_json_is_stable(seeds_dir):
    first, second = ReviewGraph(), ReviewGraph()
    load_paths(first, sorted(seeds_dir.glob("*.txt")))
    load_paths(second, sorted(seeds_dir.glob("*.txt"), reverse=True))
    assert to_json(first) == to_json(second)


# -- atomic writes ----------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reviewgraph.graph.core import ReviewGraph
    from reviewgraph.graph.models import LeadRole, Source
    from reviewgraph.graph.store import write_atomic, write_store

    path, size = Path(sys.argv[1]), int(sys.argv[2])
    source = Source(document="plan.txt", line_start=1, line_end=1)
    payloads = []
    for extra in (0, 1):
        graph = ReviewGraph()
        for number in range(size + extra):
            graph.add(LeadRole(id=f"role:{number}", name="Named Nurse " * 1000, source=source))
        # Serialise once through write_store, so that the loop below spends its
        # time writing (where a kill can do harm) rather than building JSON.
        scratch = path.with_name(f"scratch-{extra}")
        write_store(graph, scratch)
        payloads.append(scratch.read_bytes())
        scratch.unlink()
    print("ready", flush=True)
    turn = 0
    while True:
        write_atomic(path, payloads[turn % 2])
        turn += 1
    """
)


def test_a_killed_write_leaves_the_old_store_or_the_new(tmp_path):
    """SIGKILL a process that keeps rewriting a big store, at random moments.

    Whenever it dies, the store must read back whole: one of the two graphs the
    writer alternates between, never a mix or a truncated file, and whatever
    temporary file the kill left behind has a name no one mistakes for the store.
    """
    size = 1000
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
            time.sleep(randomness.uniform(0.0, 0.3))
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        if path.exists():
            assert read_store(path).count("LeadRole") in (size, size + 1)
        for leftover in tmp_path.iterdir():
            if leftover != path:
                assert leftover.name.startswith(f".{path.name}.")
                assert leftover.name.endswith(".tmp")
