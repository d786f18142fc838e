"""``reviewgraph cypher`` and the connection helper, on a real Bolt server holding the seeds."""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import io
import json

import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import main
from reviewgraph.graph import bolt as bolt_module
from reviewgraph.graph import cypher_read
from reviewgraph.graph.bolt import ServerSettings, WriteRefused, connect, server_settings
from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import ServerError
from reviewgraph.graph.neo4j_sync import push
from reviewgraph.graph.store import Store
from reviewgraph.graph.store_view import open_store


def store_graph(path) -> ReviewGraph:
    """Every plan in the store at ``path``, as one graph."""
    with Store.open(path, readonly=True) as store:
        return store.graph()



def test_doctests():
    for module in (bolt_module, cypher_read):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__


@pytest.fixture(scope="module")
def pushed(bolt_server, seed_store):
    """The session's server holding the seeds (pushed once for this module)."""
    target = bolt_server
    settings = ServerSettings(target.uri, target.user, target.password, target.database, 5.0)
    with connect(settings) as connection:
        connection.write("MATCH (n) DETACH DELETE n")
        with open_store(seed_store) as store:
            push(connection, store)
        yield target, connection


def cypher(target, *args):
    env = {
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
        "NEO4J_DATABASE": target.database or "",
    }
    return CliRunner().invoke(main, ["cypher", *args], env=env)


AGENCIES = "MATCH (a:Agency) RETURN a.name AS name, size(coalesce(a.aliases, [])) AS aliases"


def test_cypher_prints_rows_in_every_format(pushed, seed_store):
    target, _ = pushed
    graph = store_graph(seed_store)
    expected = sorted((a.name, len(a.aliases)) for a in graph.nodes("Agency"))
    query = AGENCIES + " ORDER BY name"
    as_json = cypher(target, query, "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    assert [(r["name"], r["aliases"]) for r in json.loads(as_json.stdout)] == expected
    as_csv = cypher(target, query, "--format", "csv")
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["name", "aliases"]
    assert [(name, int(n)) for name, n in rows[1:]] == expected
    table = cypher(target, query)
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["name", "aliases"] and set(lines[1]) <= {"-", " "}
    assert len([line for line in lines[2:] if line.strip()]) >= len(expected)


def test_parameters_are_json_when_they_parse_and_text_otherwise(pushed, seed_store):
    target, _ = pushed
    graph = store_graph(seed_store)
    # Windsor's recommendation 15: six actions, and a ref that parses as JSON (so quoted).
    recommendation = next(
        r
        for r in graph.nodes("Recommendation")
        if r.ref == "15" and len(graph.targets(r.id, "HAS_ACTION")) > 1
    )
    actions = graph.targets(recommendation.id, "HAS_ACTION")
    query = (
        "MATCH (r:Recommendation {ref: $ref})-[:HAS_ACTION]->(a:Action) "
        "WHERE a.status IN $statuses RETURN r.ref AS ref, count(a) AS n, $note AS note"
    )
    result = cypher(
        target,
        query,
        "--param",
        'ref="15"',
        "-p",
        'statuses=["complete", "unknown", "in_progress", "delayed", "not_started"]',
        "--param",
        "note=as at {today} // $x",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"ref": "15", "n": len(actions), "note": "as at {today} // $x"}
    ]


def test_nodes_paths_and_dates_come_back_as_plain_values(pushed):
    target, connection = pushed
    rows = connection.read(
        "MATCH p = (d:Document)-[:DESCRIBES]->(r:Review) RETURN p, r ORDER BY d.id LIMIT 1"
    )
    path, review = rows[0]["p"], rows[0]["r"]
    assert [n["label"] for n in path["nodes"]] == ["Document", "Review"]
    assert path["relationships"][0]["type"] == "DESCRIBES"
    assert review["label"] == "Review" and review["id"].startswith("review:")
    due = connection.read(
        "MATCH (a:Action) WHERE a.due_start IS NOT NULL RETURN a.due_start AS d LIMIT 1"
    )
    assert isinstance(due[0]["d"], dt.date)
    result = cypher(
        target,
        "MATCH (a:Action) WHERE a.due_start IS NOT NULL RETURN min(a.due_start) AS first",
        "--format",
        "json",
    )
    assert dt.date.fromisoformat(json.loads(result.stdout)[0]["first"])


def test_write_clauses_are_refused_before_anything_is_sent(pushed):
    target, connection = pushed
    before = connection.read("MATCH (n) RETURN count(n) AS n")
    result = cypher(target, "MATCH (n:Agency) DETACH DELETE n")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cypher runs read-only queries; this one has DETACH, DELETE (hint: the graph "
        "changes only through reviewgraph load and push)\n"
    )
    assert connection.read("MATCH (n) RETURN count(n) AS n") == before


def test_a_write_that_gets_past_the_words_is_rolled_back(pushed):
    _, connection = pushed
    before = connection.read("MATCH (n) RETURN count(n) AS n")
    with pytest.raises(WriteRefused, match=r"the query changes the graph \(nodes created: 1"):
        connection.read("CREATE (n:Agency {id: 'agency:intruder'}) RETURN n.id AS id")
    assert connection.read("MATCH (n) RETURN count(n) AS n") == before
    assert connection.read("MATCH (n {id: 'agency:intruder'}) RETURN n") == []


def test_empty_results_keep_their_columns(pushed):
    target, _ = pushed
    query = "MATCH (a:Agency {name: $name}) RETURN a.name AS name, a.aliases AS aliases"
    as_csv = cypher(target, query, "--param", "name=Nobody", "--format", "csv")
    # ArcadeDB sends no column names with an empty result; Neo4j does.
    header = "" if target.kind == "arcadedb" else "name,aliases\n"
    assert as_csv.exit_code == 0 and as_csv.stdout == header
    table = cypher(target, query, "--param", "name=Nobody")
    assert table.exit_code == 0 and table.stdout == "" and table.stderr == "(no rows)\n"


def test_syntax_errors_and_missing_parameters_are_one_line(pushed):
    target, _ = pushed
    result = cypher(target, "MATCH (n RETURN n")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "Neo.ClientError.Statement.SyntaxError" in result.stderr
    result = cypher(target, "RETURN $missing AS x")
    assert result.exit_code == 1 and "ParameterMissing" in result.stderr
    result = cypher(target, "RETURN 1", "--param", "novalue")
    assert result.exit_code == 2 and "'novalue' is not NAME=VALUE" in result.stderr


def test_settings_come_from_options_then_environment(monkeypatch):
    environ = {
        "NEO4J_URI": "bolt://env:7687",
        "NEO4J_USER": "envuser",
        "NEO4J_PASSWORD": "envpass",
        "NEO4J_DATABASE": "envdb",
    }
    from_env = server_settings(environ=environ)
    assert (from_env.uri, from_env.user, from_env.password, from_env.database) == (
        "bolt://env:7687",
        "envuser",
        "envpass",
        "envdb",
    )
    given = server_settings("neo4j+s://opt", "optuser", "optpass", "optdb", environ=environ)
    assert (given.uri, given.user, given.password, given.database) == (
        "neo4j+s://opt",
        "optuser",
        "optpass",
        "optdb",
    )
    asked = server_settings("bolt://h", environ={}, ask_password=lambda prompt: f"typed:{prompt}")
    assert asked.password == "typed:Password for neo4j at bolt://h"
    assert "envpass" not in repr(from_env)
    with pytest.raises(ServerError, match="not a Neo4j URI"):
        server_settings("http://user:secret@host:7474", environ={})
    try:
        server_settings("http://user:secret@host:7474", environ={})
    except ServerError as error:
        assert "secret" not in str(error)


def test_unknown_database_is_named(bolt_server):
    settings = ServerSettings(
        bolt_server.uri, bolt_server.user, bolt_server.password, "no_such_db", 1.0
    )
    with pytest.raises(ServerError, match="has no database 'no_such_db'"):
        connect(settings)
