"""The flat form Neo4j holds: every seed node flattens to Neo4j property types and back."""

from __future__ import annotations

import datetime as dt
import doctest
import json
from pathlib import Path

import pytest

from reviewgraph.graph import neo4j_batches, neo4j_cypher, neo4j_model, neo4j_sync, store_view
from reviewgraph.graph.core import SHARED_LABELS
from reviewgraph.graph.models import NODE_TYPES, node_from_dict
from reviewgraph.graph.neo4j_model import (
    DOCUMENT_ID,
    DOCUMENT_IDS,
    document_rows,
    flatten_node,
    node_property_types,
    unflatten_node,
)
from reviewgraph.graph.store_view import GraphStoreView, open_store

NEO4J_SCALARS = (str, int, float, bool, dt.date)


def test_doctests():
    for module in (neo4j_model, store_view, neo4j_cypher, neo4j_sync, neo4j_batches):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__


def _storable(value) -> bool:
    """What Neo4j can hold: a scalar, or a non-empty list of scalars of one type."""
    if isinstance(value, NEO4J_SCALARS):
        return True
    if isinstance(value, list) and value:
        return (
            all(isinstance(v, NEO4J_SCALARS) for v in value) and len({type(v) for v in value}) == 1
        )
    return False


@pytest.mark.parametrize("seed", ["kingston", "bexley", "kirklees", "windsor", "buckinghamshire"])
def test_every_seed_node_flattens_to_neo4j_types_and_back(seed, seed_graph):
    graph = seed_graph(seed)
    for node in graph.nodes():
        exported = {"id": node.id, "label": node.label, **node.properties()}
        label, flat = flatten_node(exported)
        assert label == node.label
        bad = {k: v for k, v in flat.items() if not _storable(v)}
        assert not bad, (node.id, bad)
        assert set(flat) <= set(node_property_types(label)), node.id
        assert node_from_dict(unflatten_node(label, flat)) == node, node.id


def test_source_dates_and_nested_values_take_the_documented_form(seed_graph):
    graph = seed_graph("kirklees")
    action = next(a for a in graph.nodes("Action") if a.due_start)
    _, flat = flatten_node({"id": action.id, "label": "Action", **action.properties()})
    assert flat["due_start"] == action.due_start and isinstance(flat["due_start"], dt.date)
    assert flat["source_document"] == action.source.document
    assert (flat["source_line_start"], flat["source_line_end"]) == (
        action.source.line_start,
        action.source.line_end,
    )
    assert "source" not in flat
    document = next(graph.nodes("Document"))
    _, flat = flatten_node({"id": document.id, "label": "Document", **document.properties()})
    if document.unplaced:
        assert json.loads(flat["unplaced"]) == [u.model_dump() for u in document.unplaced]
    else:
        assert "unplaced" not in flat


def test_dittos_become_json_text_and_empty_values_are_left_out(seed_graph):
    for seed in ("kingston", "bexley", "kirklees", "windsor"):
        dittoed = [a for a in seed_graph(seed).nodes("Action") if a.dittos]
        if dittoed:
            break
    else:
        pytest.skip("no seed action carries a ditto")
    action = dittoed[0]
    _, flat = flatten_node({"id": action.id, "label": "Action", **action.properties()})
    assert json.loads(flat["dittos"]) == action.dittos
    plain = next(a for a in seed_graph(seed).nodes("Action") if not a.dittos)
    _, flat = flatten_node({"id": plain.id, "label": "Action", **plain.properties()})
    assert "dittos" not in flat and all(v is not None for v in flat.values())


def test_document_graph_holds_own_nodes_the_shared_nodes_used_and_their_edges(seed_store):
    with open_store(seed_store) as store:
        documents = store.documents()
        assert len(documents) == 5
        graphs = {d.id: store.document_graph(d.id) for d in documents}
        whole = store.graph()
    # The in-memory view of a graph answers as the store does.
    view = GraphStoreView(whole)
    for record in documents:
        mine, stored = view.document_graph(record.id), graphs[record.id]
        assert sorted(n["id"] for n in mine["nodes"]) == sorted(n["id"] for n in stored["nodes"])
        ends = sorted((e["source"], e["type"], e["target"]) for e in stored["edges"])
        assert sorted((e["source"], e["type"], e["target"]) for e in mine["edges"]) == ends
    own_seen: dict[str, str] = {}
    edges_seen = set()
    for document_id, graph in graphs.items():
        ids = {n["id"] for n in graph["nodes"]}
        for node in graph["nodes"]:
            if node["label"] not in SHARED_LABELS:
                assert node["id"] not in own_seen, "a node owned by two plans"
                own_seen[node["id"]] = document_id
        for edge in graph["edges"]:
            # Every edge's source is in the document's graph; targets are too (no seed
            # plan points into another).
            assert edge["source"] in ids and edge["target"] in ids
            edges_seen.add((edge["source"], edge["type"], edge["target"]))
    shared_ids = {n.id for n in whole.nodes() if n.label in SHARED_LABELS}
    assert set(own_seen) == {n.id for n in whole.nodes()} - shared_ids
    assert edges_seen == {(e.source, e.type, e.target) for e in whole.edges()}


def test_rows_mark_own_nodes_with_their_document_and_shared_ones_with_a_list(seed_store):
    with open_store(seed_store) as store:
        record = store.documents()[0]
        rows = document_rows(record.id, store.document_graph(record.id))
    assert rows.sha256 == record.sha256
    for node in rows.nodes:
        if node.shared:
            assert (
                node.properties[DOCUMENT_IDS] == [record.id] and DOCUMENT_ID not in node.properties
            )
        else:
            assert node.properties[DOCUMENT_ID] == record.id and DOCUMENT_IDS not in node.properties
    member = [edge for edge in rows.edges if edge.type == "MEMBER_OF"]
    assert member and all(
        edge.shared and edge.properties[DOCUMENT_IDS] == [record.id] for edge in member
    )
    assert all(not edge.shared for edge in rows.edges if edge.type != "MEMBER_OF")


def test_docs_name_every_property_that_is_not_stored_as_it_is():
    text = (Path(__file__).resolve().parent.parent / "docs" / "neo4j.md").read_text()
    for label in NODE_TYPES:
        for name, kind in node_property_types(label).items():
            if kind in ("date", "json", "string[]") and not name.startswith("source_"):
                assert f"`{label}.{name}`" in text or f"{label}.{name}" in text, (label, name)
