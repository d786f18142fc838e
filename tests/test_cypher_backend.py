"""``--backend neo4j`` as a user meets it: an empty server, a push cut short, a wrong password.

Parity of every query with the embedded store is tests/test_backend_parity.py.
"""

from __future__ import annotations

import doctest

from click.testing import CliRunner

from reviewgraph.cli.main import main
from reviewgraph.graph import search_terms
from reviewgraph.graph.bolt import ServerSettings, connect
from reviewgraph.graph.neo4j_sync import push
from reviewgraph.graph.store_view import open_store
from reviewgraph.queries import cypher as cypher_module
from reviewgraph.queries import fulltext


def test_doctests():
    for module in (cypher_module, search_terms, fulltext):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__


def environment(target, **changes) -> dict[str, str]:
    values = {
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
        "NEO4J_DATABASE": target.database or "",
    }
    values.update(changes)
    return values


def test_an_empty_server_says_to_push(bolt):
    result = CliRunner().invoke(main, ["owners", "--backend", "neo4j"], env=environment(bolt))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("The server bolt://")
    assert result.stderr.rstrip().endswith("holds no plans yet; run: reviewgraph push")


def test_a_push_cut_short_is_refused_until_pushed_again(bolt, seed_store):
    settings = ServerSettings(bolt.uri, bolt.user, bolt.password, bolt.database, 5.0)
    with connect(settings) as connection, open_store(seed_store) as store:
        push(connection, store)
        # What a push leaves when the server goes away before a plan's hash is written.
        connection.write("MATCH (d:Document {id: 'document:003_ec582cd5a6ee9def'}) REMOVE d.sha256")
        refused = CliRunner().invoke(main, ["stats", "--backend", "neo4j"], env=environment(bolt))
        assert refused.exit_code == 1
        assert refused.stderr.strip().splitlines() == [
            f"Error: {bolt.uri}{' (database ' + bolt.database + ')' if bolt.database else ''}: "
            "the push of document:003_ec582cd5a6ee9def did not finish, so its answers would "
            "not be the store's (hint: run reviewgraph push again)"
        ]
        assert "Traceback" not in refused.output
        report = push(connection, store)
        assert report.written == ["document:003_ec582cd5a6ee9def"]
    answered = CliRunner().invoke(main, ["stats", "--backend", "neo4j"], env=environment(bolt))
    assert answered.exit_code == 0, answered.output
    embedded = CliRunner().invoke(
        main, ["stats", "--backend", "embedded", "--store", str(seed_store)]
    )
    assert answered.stdout == embedded.stdout


def test_a_wrong_password_is_one_line(bolt, seed_store):
    result = CliRunner().invoke(
        main,
        ["owners", "--backend", "neo4j"],
        env=environment(bolt, NEO4J_PASSWORD="not-the-password"),
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {bolt.uri}{' (database ' + bolt.database + ')' if bolt.database else ''}: "
        f"the server refused user {bolt.user} and this password (hint: check --user / "
        "NEO4J_USER and NEO4J_PASSWORD)"
    ]
    assert "not-the-password" not in result.output


def test_auto_uses_the_store_without_neo4j_uri(seed_store):
    result = CliRunner().invoke(
        main, ["stats", "--store", str(seed_store)], env={"NEO4J_URI": None}
    )
    assert result.exit_code == 0, result.output
    assert "000" in result.stdout


def test_a_node_reviewgraph_did_not_write_is_one_line(bolt, seed_store):
    settings = ServerSettings(bolt.uri, bolt.user, bolt.password, bolt.database, 5.0)
    with connect(settings) as connection, open_store(seed_store) as store:
        push(connection, store)
        connection.write("MATCH (a:Agency {id: 'agency:housing-rbk'}) SET a.colour = 'red'")
    result = CliRunner().invoke(main, ["agencies", "--backend", "neo4j"], env=environment(bolt))
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.endswith(
        "the Agency 'agency:housing-rbk' on the server is not as reviewgraph pushes it "
        "(colour: extra inputs are not permitted) (hint: push the store to a database that "
        "only reviewgraph writes to)"
    )
