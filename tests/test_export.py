"""GraphML and CSV exports: scalar values only, every label and type, stable order."""

from __future__ import annotations

import csv
import doctest
import json
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest

from reviewgraph.graph import export
from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.export import to_graphml, write_csv, write_graphml
from reviewgraph.graph.models import NODE_TYPES, RELATIONSHIPS
from reviewgraph.graph.store import Store
from reviewgraph.loaders.batch import load_paths

REPOSITORY = Path(__file__).resolve().parent.parent
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def graph(seeds_dir) -> ReviewGraph:
    store = Store.open(":memory:")
    report = load_paths(store, [seeds_dir, REPOSITORY / "examples"])
    assert not report.failed, report.failed
    return store.graph()


def test_doctests():
    result = doctest.testmod(export, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_graphml_holds_scalars_and_names(graph, tmp_path):
    path = tmp_path / "plans.graphml"
    write_graphml(graph, path)
    read = nx.read_graphml(path)
    assert read.number_of_nodes() == len(graph)
    assert read.number_of_edges() == graph.nx.number_of_edges()
    for node in graph.nodes():
        data = read.nodes[node.id]
        assert data["type"] == node.label
        assert data["label"] == export.display_name(node)
        assert data["color"].startswith("#") and data["size"] > 0
        assert data["source_document"] == node.source.document
        assert all(isinstance(value, str | int | float | bool) for value in data.values())
    agency = next(graph.nodes("Agency"))
    assert json.loads(read.nodes[agency.id]["aliases"]) == agency.aliases
    action = next(a for a in graph.nodes("Action") if a.due_start)
    assert read.nodes[action.id]["due_start"] == action.due_start.isoformat()
    no_rag = next(a for a in graph.nodes("Action") if a.rag is None)
    assert "rag" not in read.nodes[no_rag.id]
    types = {data["type"] for _, _, data in read.edges(data=True)}
    assert types == {edge.type for edge in graph.edges()}
    # Gephi merges edges that share an id.
    edge_ids = [e.get("id") for e in ElementTree.parse(path).iter(f"{GRAPHML}edge")]
    assert len(edge_ids) == graph.nx.number_of_edges() == len(set(edge_ids))


def test_graphml_is_stable(graph):
    assert to_graphml(graph) == to_graphml(ReviewGraph.from_dict(graph.to_dict()))


def test_csv_has_a_file_per_label_and_type(graph, tmp_path):
    files = write_csv(graph, tmp_path / "csv")
    names = {path.name for path in files}
    assert names == {f"nodes_{label}.csv" for label in NODE_TYPES} | {
        f"edges_{type_}.csv" for type_ in RELATIONSHIPS
    }
    for label in NODE_TYPES:
        with open(tmp_path / "csv" / f"nodes_{label}.csv", newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        assert [row["id"] for row in rows] == [node.id for node in graph.nodes(label)]
        for row, node in zip(rows, graph.nodes(label), strict=True):
            assert row["source_document"] == node.source.document
            assert int(row["source_line_start"]) == node.source.line_start
            assert int(row["source_line_end"]) == node.source.line_end
            assert "source" not in row
    with open(tmp_path / "csv" / "edges_HAS_ACTION.csv", newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [(r["source"], r["target"]) for r in rows] == [
        (e.source, e.target) for e in graph.edges("HAS_ACTION")
    ]


def test_csv_of_an_empty_graph_still_has_headers(tmp_path):
    write_csv(ReviewGraph(), tmp_path)
    assert (tmp_path / "edges_OWNED_BY.csv").read_bytes() == b"\xef\xbb\xbfsource,target,type\n"
    header = (tmp_path / "nodes_LeadRole.csv").read_text(encoding="utf-8-sig")
    assert header == "id,handle,name,source_document,source_line_start,source_line_end\n"


def test_csv_cells_are_joined_and_neutralised_as_in_every_csv(tmp_path):
    from reviewgraph.graph.models import Agency, Recommendation, Source

    graph = ReviewGraph()
    source = Source(document="plan.txt", line_start=3, line_end=3)
    graph.add(
        Agency(
            id="agency:hwph", name="Wexham Park Hospital", aliases=["HWPH", "HWPHT"], source=source
        )
    )
    graph.add(
        Recommendation(
            id="recommendation:plan:1",
            ref="1",
            order=1,
            text='=HYPERLINK("http://x","y")\x1b[2J',
            source=source,
        )
    )
    write_csv(graph, tmp_path)
    with open(tmp_path / "nodes_Agency.csv", newline="", encoding="utf-8-sig") as f:
        [agency] = list(csv.DictReader(f))
    assert agency["aliases"] == "HWPH; HWPHT"
    with open(tmp_path / "nodes_Recommendation.csv", newline="", encoding="utf-8-sig") as f:
        [recommendation] = list(csv.DictReader(f))
    assert recommendation["text"] == '\'=HYPERLINK("http://x","y")'
