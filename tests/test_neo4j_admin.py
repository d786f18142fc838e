"""``export --format neo4j-admin``: the importer's files hold every seed node and edge once."""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import main
from reviewgraph.graph import neo4j_admin
from reviewgraph.graph.bolt import ServerSettings, connect
from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import NODE_TYPES, RELATIONSHIPS, Agency, Document, Source
from reviewgraph.graph.neo4j_admin import write_neo4j_admin
from reviewgraph.graph.neo4j_model import PUSH_FORMAT_VERSION, document_rows
from reviewgraph.graph.neo4j_sync import push
from reviewgraph.graph.store import Store
from reviewgraph.graph.store_view import GraphStoreView, open_store


def store_graph(path) -> ReviewGraph:
    """Every plan in the store at ``path``, as one graph."""
    with Store.open(path, readonly=True) as store:
        return store.graph()


def test_doctests():
    result = doctest.testmod(neo4j_admin, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def fields(text: str) -> list[list[str | None]]:
    """CSV records as the importer sees them: an unquoted empty field is None (no value),
    a quoted one is text, maybe empty. (Python's csv module cannot tell the two apart.)"""
    records: list[list[str | None]] = []
    record: list[str | None] = []
    field: str | None = None
    at = 0
    while at < len(text):
        char = text[at]
        if char == '"':
            end = at + 1
            field = ""
            while True:
                close = text.index('"', end)
                field += text[end:close]
                if text[close + 1 : close + 2] == '"':
                    field += '"'
                    end = close + 2
                else:
                    at = close + 1
                    break
            continue
        if char in ",\n":
            record.append(field)
            field = None
            if char == "\n":
                records.append(record)
                record = []
        else:
            field = (field or "") + char
        at += 1
    return records


def read_typed(path: Path, delimiter: str) -> tuple[list[str], list[dict]]:
    """A file as the importer reads it: header, then rows with typed values."""
    text = path.read_text(encoding="utf-8")
    with open(path, newline="", encoding="utf-8") as stream:
        parsed = list(csv.reader(stream, strict=True))  # the csv module reads it too
    records = fields(text)
    assert [[f or "" for f in record] for record in records] == parsed
    header, typed = [f or "" for f in records[0]], []
    for row in records[1:]:
        assert len(row) == len(header), (path.name, row)
        values = {}
        for column, value in zip(header, row, strict=True):
            name, _, kind = column.partition(":")
            name = name or ":" + kind
            if value is None:
                continue
            if kind == "long":
                values[name] = int(value)
            elif kind == "date":
                values[name] = dt.date.fromisoformat(value)
            elif kind == "string[]":
                values[name] = value.split(delimiter)
            elif kind == "boolean":
                values[name] = value == "true"
            else:
                values[name] = value
        typed.append(values)
    return header, typed


@pytest.fixture(scope="module")
def exported(seed_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("neo4j-admin")
    result = CliRunner().invoke(
        main, ["export", "--store", str(seed_store), "--format", "neo4j-admin", "-o", str(folder)]
    )
    assert result.exit_code == 0, result.output
    # A CSV per label and per relationship type, the import script and the schema.
    files = len(NODE_TYPES) + len(RELATIONSHIPS) + 2
    assert result.stderr == f"Wrote {files} files to {folder}; run {folder / 'import.sh'}\n"
    return folder


def test_every_seed_node_and_edge_is_in_the_files_exactly_once(exported, seed_store):
    graph = store_graph(seed_store)
    seen_nodes: dict[str, str] = {}
    for path in sorted(exported.glob("nodes_*.csv")):
        header, rows = read_typed(path, ";")
        assert header[:2] == ["id:ID", ":LABEL"]
        for row in rows:
            assert row["id"] not in seen_nodes, f"{row['id']} twice"
            seen_nodes[row["id"]] = row[":LABEL"]
            assert path.name == f"nodes_{row[':LABEL']}.csv"
    assert seen_nodes == {node.id: node.label for node in graph.nodes()}
    seen_edges = []
    for path in sorted(exported.glob("relationships_*.csv")):
        header, rows = read_typed(path, ";")
        assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
        seen_edges += [(row[":START_ID"], row[":TYPE"], row[":END_ID"]) for row in rows]
    assert sorted(seen_edges) == sorted((e.source, e.type, e.target) for e in graph.edges())
    assert len(seen_edges) == len(set(seen_edges))
    assert {p.name for p in exported.glob("relationships_*.csv")} == {
        f"relationships_{t}.csv" for t in RELATIONSHIPS
    }


def test_values_are_those_push_writes(exported, seed_store):
    expected: dict[str, dict] = {}
    with open_store(seed_store) as store:
        order = {record.id: record.number for record in store.documents()}
        for record in store.documents():
            for node in document_rows(record.id, store.document_graph(record.id)).nodes:
                if node.id in expected and node.shared:
                    ids = {*expected[node.id]["document_ids"], *node.properties["document_ids"]}
                    expected[node.id]["document_ids"] = sorted(ids)
                else:
                    expected[node.id] = dict(node.properties)
    for path in exported.glob("nodes_*.csv"):
        _, rows = read_typed(path, ";")
        for row in rows:
            row.pop(":LABEL")
            if path.name == "nodes_Document.csv":
                assert row.pop("loaded_at")
                assert row.pop("load_order") == order[row["id"]]
                assert row.pop("push_format") == PUSH_FORMAT_VERSION
            assert row == expected[row["id"]], row["id"]


def test_the_files_hold_what_a_push_puts_on_the_server(exported, seed_store, bolt):
    """Imported or pushed, the server ends up with the same nodes, properties and edges."""
    settings = ServerSettings(bolt.uri, bolt.user, bolt.password, bolt.database, 5.0)
    with connect(settings) as connection, open_store(seed_store) as store:
        push(connection, store)
        on_server = {
            row["p"]["id"]: (row["labels"], row["p"])
            for row in connection.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS p")
        }
        edges = connection.read(
            "MATCH (a)-[e]->(b) RETURN a.id AS s, b.id AS t, type(e) AS type, properties(e) AS p"
        )
    for path in exported.glob("nodes_*.csv"):
        _, rows = read_typed(path, ";")
        for row in rows:
            label = row.pop(":LABEL")
            labels, properties = on_server.pop(row["id"])
            assert labels == [label]
            if "document_ids" in properties:  # a set: the order plans were pushed in
                properties["document_ids"] = sorted(properties["document_ids"])
            assert row == properties, row["id"]
    assert on_server == {}
    in_files = []
    for path in exported.glob("relationships_*.csv"):
        _, rows = read_typed(path, ";")
        for row in rows:
            ends = (row.pop(":START_ID"), row.pop(":END_ID"), row.pop(":TYPE"))
            in_files.append((*ends, sorted(row.items())))
    pushed = [(e["s"], e["t"], e["type"], sorted(e["p"].items())) for e in edges]
    assert sorted(in_files) == sorted(pushed)


def test_headers_are_typed_and_values_decode(exported, seed_store):
    header, rows = read_typed(exported / "nodes_Action.csv", ";")
    assert {
        "order:long",
        "due_start:date",
        "due_end:date",
        "source_line_start:long",
        "dittos:string",
        "document_id:string",
    } <= set(header)
    graph = store_graph(seed_store)
    by_id = {row["id"]: row for row in rows}
    for action in graph.nodes("Action"):
        row = by_id[action.id]
        assert row.get("due_start") == action.due_start
        assert json.loads(row["dittos"]) == action.dittos if action.dittos else "dittos" not in row
    header, rows = read_typed(exported / "nodes_Agency.csv", ";")
    assert "aliases:string[]" in header and "document_ids:string[]" in header
    for agency in graph.nodes("Agency"):
        row = next(r for r in rows if r["id"] == agency.id)
        assert row.get("aliases", []) == agency.aliases
    windsor = next(r for r in rows if "HWPH" in r.get("aliases", []) or "HWPH" in r["name"])
    assert windsor["document_ids"] == ["document:003_ec582cd5a6ee9def"]
    documents = read_typed(exported / "nodes_Document.csv", ";")[1]
    assert {r["id"]: r["sha256"] for r in documents} == {
        d.id: d.sha256 for d in graph.nodes("Document")
    }


def test_import_script_names_every_file_and_is_valid_shell(exported):
    script = (exported / "import.sh").read_text()
    assert "neo4j-admin database import full" in script
    for path in exported.glob("*.csv"):
        option = "--nodes=" if path.name.startswith("nodes_") else "--relationships="
        assert f"    {option}{path.name} \\\n" in script
    assert "--array-delimiter=';'" in script and "--multiline-fields=true" in script
    subprocess.run(["sh", "-n", str(exported / "import.sh")], check=True)
    assert (exported / "import.sh").stat().st_mode & 0o111
    schema = (exported / "schema.cypher").read_text()
    assert "CREATE CONSTRAINT reviewgraph_agency_id IF NOT EXISTS FOR (n:`Agency`) " in schema


def test_an_alias_holding_the_delimiter_gets_another_delimiter(tmp_path):
    graph = ReviewGraph()
    source = Source(document="p.txt", line_start=1, line_end=2)
    graph.add(Document(id="document:p", path="p.txt", sha256="a" * 64, layout="tab", source=source))
    graph.add(Agency(id="agency:x", name='Health "X"', aliases=["A;B", "C,D", ""], source=source))
    write_neo4j_admin(GraphStoreView(graph), tmp_path)
    assert "--array-delimiter='|'" in (tmp_path / "import.sh").read_text()
    _, rows = read_typed(tmp_path / "nodes_Agency.csv", "|")
    assert rows[0]["aliases"] == ["A;B", "C,D", ""] and rows[0]["name"] == 'Health "X"'


def test_neo4j_admin_needs_an_output_folder(seed_store):
    result = CliRunner().invoke(
        main, ["export", "--store", str(seed_store), "--format", "neo4j-admin"]
    )
    assert result.exit_code == 2
    assert "--format neo4j-admin needs --output FOLDER" in result.stderr
