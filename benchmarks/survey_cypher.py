# ruff: noqa: E501  (the statements are the survey; they read best on one line)
"""Which Neo4j 5 Cypher a Bolt server runs, as the official ``neo4j`` driver sees it.

Each case runs one statement (after its setup, on an emptied database) and
compares the rows with what Neo4j 5 returns. The verdict is ``works`` (same
rows), ``differs`` (other rows) or ``fails`` (an error, quoted). The report is
markdown, for /work/coord/arcadedb-cypher.md.

Run on demand; without ``--uri`` it starts ArcadeDB from ``arcadedb-embedded``::

    python benchmarks/survey_cypher.py > survey.md
    python benchmarks/survey_cypher.py --uri bolt://localhost:7687 --user neo4j --database neo4j

The database it talks to is emptied before every case.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
from neo4j import GraphDatabase

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from bolt_server import running_arcadedb  # noqa: E402

TRICKY = 'O\'Brien "quoted" \\back\\slash\\ $param {braces} // not a comment /* nor this */ \n\ttab é 😀 \u0000nul'

GRAPH = """
CREATE (d:Document {id: 'doc:1', path: 'plan.txt'})
CREATE (r:Review {id: 'review:1', title: 'Baby A'})
CREATE (a:Agency {id: 'agency:police', name: 'Police', aliases: ['MPS', 'Met']})
CREATE (h:Agency {id: 'agency:housing', name: 'Housing', aliases: []})
CREATE (r1:Recommendation {id: 'rec:1', ref: '1.1', order: 1, text: 'Audit files'})
CREATE (r2:Recommendation {id: 'rec:2', ref: '1.2', order: 2, text: 'Train staff'})
CREATE (r3:Recommendation {id: 'rec:3', ref: null, order: 3, text: 'Review policy'})
CREATE (a1:Action {id: 'act:1', text: 'Audit 20 files', due_start: '2012-03-01', status: 'complete'})
CREATE (a2:Action {id: 'act:2', text: 'Run training', due_start: '2013-01-01', status: 'delayed'})
CREATE (a3:Action {id: 'act:3', text: 'See 1.1', status: 'unknown'})
CREATE (x1:CrossReference {id: 'xref:1', raw: 'See 1.1', kind: 'explicit'})
CREATE (x2:CrossReference {id: 'xref:2', raw: 'see above', kind: 'positional'})
CREATE (d)-[:DESCRIBES]->(r)
CREATE (r)-[:HAS_RECOMMENDATION]->(r1), (r)-[:HAS_RECOMMENDATION]->(r2),
       (r)-[:HAS_RECOMMENDATION]->(r3)
CREATE (r1)-[:HAS_PART]->(r3)
CREATE (r1)-[:DIRECTED_AT]->(a), (r2)-[:DIRECTED_AT]->(a), (r2)-[:DIRECTED_AT]->(h)
CREATE (r1)-[:HAS_ACTION]->(a1), (r2)-[:HAS_ACTION]->(a2), (r3)-[:HAS_ACTION]->(a3)
CREATE (a1)-[:OWNED_BY {basis: 'named'}]->(a), (a2)-[:OWNED_BY {basis: 'agency'}]->(h)
CREATE (a3)-[:CITES]->(x1), (x1)-[:RESOLVES_TO]->(r1)
CREATE (r1)-[:CITES]->(x2), (x2)-[:RESOLVES_TO]->(a2)
CREATE (a2)-[:CITES]->(:CrossReference {id: 'xref:3', raw: 'see 9.9', kind: 'explicit'})
"""


@dataclass
class Case:
    """One construct: its statement, its setup, and the rows Neo4j 5 gives."""

    topic: str
    name: str
    query: str
    expected: Any = None
    params: dict[str, Any] = field(default_factory=dict)
    setup: list[str] = field(default_factory=list)
    graph: bool = False
    #: Turns the result into something comparable (e.g. sorts lists); rows by default.
    shape: Callable[[list[dict[str, Any]]], Any] | None = None
    #: Runs the case itself (driver, database) -> value, instead of the query.
    run: Callable[[Any, str | None], Any] | None = None
    note: str = ""


def rows(records: list[Any]) -> list[dict[str, Any]]:
    return [record.data() for record in records]


def _merge_twice(driver, database):
    statement = "UNWIND $rows AS r MERGE (n:Agency {id: r.id}) SET n += r.props"
    batch = [
        {"id": f"agency:{i}", "props": {"name": f"A{i}", "aliases": ["x", "y"]}} for i in range(3)
    ]
    for _ in range(2):
        driver.execute_query(statement, rows=batch, database_=database)
    records, _, _ = driver.execute_query(
        "MATCH (n:Agency) RETURN n.id AS id, n.name AS name, n.aliases AS aliases ORDER BY id",
        database_=database,
    )
    return rows(records)


def _set_null_removes(driver, database):
    driver.execute_query("CREATE (:Agency {id: 'a', name: 'A', old: 'x'})", database_=database)
    driver.execute_query(
        "UNWIND $rows AS r MERGE (n:Agency {id: r.id}) SET n += r.props",
        rows=[{"id": "a", "props": {"old": None, "name": "B"}}],
        database_=database,
    )
    records, _, _ = driver.execute_query(
        "MATCH (n:Agency) RETURN properties(n) AS p", database_=database
    )
    return rows(records)


def _set_equals_replaces(driver, database):
    driver.execute_query("CREATE (:Agency {id: 'a', name: 'A', old: 'x'})", database_=database)
    driver.execute_query(
        "UNWIND $rows AS r MERGE (n:Agency {id: r.id}) SET n = r.props",
        rows=[{"id": "a", "props": {"id": "a", "name": "B"}}],
        database_=database,
    )
    records, _, _ = driver.execute_query(
        "MATCH (n:Agency) RETURN properties(n) AS p", database_=database
    )
    return rows(records)


def _constraint_twice(driver, database):
    for _ in range(2):
        driver.execute_query(
            "CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE",
            database_=database,
        )
    return "ok"


def _constraint_enforced(driver, database):
    driver.execute_query(
        "CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE",
        database_=database,
    )
    driver.execute_query("CREATE (:Agency {id: 'dup'})", database_=database)
    try:
        driver.execute_query("CREATE (:Agency {id: 'dup'})", database_=database)
    except neo4j.exceptions.Neo4jError as error:
        return f"{type(error).__name__} {error.code}"
    records, _, _ = driver.execute_query(
        "MATCH (n:Agency {id: 'dup'}) RETURN count(n) AS n", database_=database
    )
    return f"no error; {rows(records)[0]['n']} nodes"


def _show_constraints(driver, database):
    driver.execute_query(
        "CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE",
        database_=database,
    )
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS", database_=database)
    return [sorted(r.data()) for r in records][:1]


def _drop_constraint(driver, database):
    driver.execute_query(
        "CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE",
        database_=database,
    )
    driver.execute_query("DROP CONSTRAINT agency_id IF EXISTS", database_=database)
    driver.execute_query("CREATE (:Agency {id: 'dup'}), (:Agency {id: 'dup'})", database_=database)
    return "ok"


def _merge_relationship_twice(driver, database):
    driver.execute_query(
        "CREATE (:Action {id: 'act:1'}), (:LeadRole {id: 'role:1'}), (:Action {id: 'act:2'})",
        database_=database,
    )
    statement = (
        "UNWIND $rows AS r MATCH (a:Action {id: r.source}) MATCH (b:LeadRole {id: r.target}) "
        "MERGE (a)-[e:OWNED_BY]->(b) SET e += r.props"
    )
    batch = [
        {"source": "act:1", "target": "role:1", "props": {"basis": "named"}},
        {"source": "act:2", "target": "role:1", "props": {"basis": "text"}},
    ]
    for _ in range(2):
        driver.execute_query(statement, rows=batch, database_=database)
    records, _, _ = driver.execute_query(
        "MATCH (a)-[e:OWNED_BY]->(b) RETURN a.id AS a, e.basis AS basis, b.id AS b ORDER BY a",
        database_=database,
    )
    return rows(records)


def _merge_relationship_missing_end(driver, database):
    driver.execute_query("CREATE (:Action {id: 'act:1'})", database_=database)
    driver.execute_query(
        "UNWIND $rows AS r MATCH (a:Action {id: r.source}) MATCH (b:LeadRole {id: r.target}) "
        "MERGE (a)-[e:OWNED_BY]->(b)",
        rows=[{"source": "act:1", "target": "role:missing"}],
        database_=database,
    )
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN count(n) AS nodes, COUNT { ()-[]->() } AS edges", database_=database
    )
    return rows(records)


def _roundtrip(value):
    def run(driver, database):
        driver.execute_query(
            "CREATE (n:Probe {id: 'p', value: $value})", value=value, database_=database
        )
        records, _, _ = driver.execute_query(
            "MATCH (n:Probe {id: 'p'}) RETURN n.value AS value, $value AS echoed",
            value=value,
            database_=database,
        )
        found = rows(records)[0]
        return {
            "stored_equal": found["value"] == value,
            "echo_equal": found["echoed"] == value,
            "stored": found["value"],
        }

    return run


def _param_echo(value):
    def run(driver, database):
        records, _, _ = driver.execute_query("RETURN $value AS v", value=value, database_=database)
        found = rows(records)[0]["v"]
        return {"equal": found == value, "type": type(found).__name__}

    return run


def _empty_keys(driver, database):
    with driver.session(database=database) as session:
        result = session.run("MATCH (n:Nothing) RETURN n.id AS id, n.name AS name")
        keys = list(result.keys())
        result.consume()
    return {"keys": keys}


def _write_in_read_tx(driver, database):
    with driver.session(database=database) as session:
        try:
            session.execute_read(lambda tx: tx.run("CREATE (:Probe {id: 'w'})").consume())
        except neo4j.exceptions.Neo4jError as error:
            return f"refused: {type(error).__name__} {error.code}"
    records, _, _ = driver.execute_query("MATCH (n:Probe) RETURN count(n) AS n", database_=database)
    return f"accepted: {rows(records)[0]['n']} node written"


def _read_access_session(driver, database):
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        try:
            session.run("CREATE (:Probe {id: 'w'})").consume()
        except neo4j.exceptions.Neo4jError as error:
            return f"refused: {type(error).__name__} {error.code}"
    records, _, _ = driver.execute_query("MATCH (n:Probe) RETURN count(n) AS n", database_=database)
    return f"accepted: {rows(records)[0]['n']} node written"


def _execute_write_returns(driver, database):
    with driver.session(database=database) as session:
        created = session.execute_write(
            lambda tx: tx.run(
                "UNWIND range(1, 3) AS i CREATE (n:Probe {i: i}) RETURN count(*) AS c"
            ).single()["c"]
        )
        found = session.execute_read(
            lambda tx: tx.run("MATCH (n:Probe) RETURN count(n) AS c").single()["c"]
        )
    return [created, found]


def _counters(driver, database):
    with driver.session(database=database) as session:
        summary = session.execute_write(
            lambda tx: tx.run(
                "CREATE (a:Probe {id: 'a'})-[:CITES {w: 1}]->(b:Probe {id: 'b'})"
            ).consume()
        )
        read = session.execute_read(lambda tx: tx.run("MATCH (n) RETURN n").consume())
    counters = summary.counters
    return {
        "nodes_created": counters.nodes_created,
        "relationships_created": counters.relationships_created,
        "properties_set": counters.properties_set,
        "contains_updates": counters.contains_updates,
        "read_contains_updates": read.counters.contains_updates,
    }


class _Undo(Exception):
    pass


def _raise_in_read(driver, database):
    def work(tx):
        tx.run("CREATE (:Probe {id: 'w'})").consume()
        raise _Undo

    with driver.session(database=database) as session:
        try:
            session.execute_read(work)
        except _Undo:
            pass
    records, _, _ = driver.execute_query("MATCH (n:Probe) RETURN count(n) AS n", database_=database)
    return f"rolled back: {rows(records)[0]['n']} nodes"


def _in_transactions(driver, database):
    with driver.session(database=database) as session:
        session.run(
            "UNWIND range(1, 5) AS i CALL { WITH i CREATE (:Probe {i: i}) } "
            "IN TRANSACTIONS OF 2 ROWS"
        ).consume()
    records, _, _ = driver.execute_query("MATCH (n:Probe) RETURN count(n) AS n", database_=database)
    return rows(records)


def _rollback(driver, database):
    with driver.session(database=database) as session:
        tx = session.begin_transaction()
        tx.run("CREATE (:Probe {id: 'gone'})").consume()
        tx.rollback()
    records, _, _ = driver.execute_query("MATCH (n:Probe) RETURN count(n) AS n", database_=database)
    return rows(records)[0]["n"]


def _error_rolls_back(driver, database):
    def work(tx):
        tx.run("CREATE (:Probe {id: 'first'})").consume()
        tx.run("RETURN 1/0").consume()

    with driver.session(database=database) as session:
        try:
            session.execute_write(work)
        except neo4j.exceptions.Neo4jError as error:
            kind = f"{type(error).__name__} {error.code}"
    records, _, _ = driver.execute_query("MATCH (n:Probe) RETURN count(n) AS n", database_=database)
    return f"{kind}; nodes left: {rows(records)[0]['n']}"


def _error(query, **params):
    def run(driver, database):
        try:
            driver.execute_query(query, parameters_=params, database_=database)
        except neo4j.exceptions.Neo4jError as error:
            return f"{type(error).__name__} code={error.code} message={error.message!r}"
        except Exception as error:  # noqa: BLE001 - the survey reports whatever it is
            return f"{type(error).__name__}: {error}"
        return "no error"

    return run


def _auth_failure(uri):
    def run(driver, database):
        with GraphDatabase.driver(uri, auth=("root", "wrong-password")) as other:
            try:
                other.verify_connectivity()
            except Exception as error:  # noqa: BLE001
                return f"{type(error).__module__}.{type(error).__name__}: {error}"
        return "no error"

    return run


def _unreachable(driver, database):
    with GraphDatabase.driver("bolt://127.0.0.1:9", auth=("root", "x")) as other:
        try:
            other.verify_connectivity()
        except Exception as error:  # noqa: BLE001
            return f"{type(error).__module__}.{type(error).__name__}: {error}"
    return "no error"


def _unknown_database(driver, database):
    try:
        driver.execute_query("RETURN 1", database_="no_such_database")
    except Exception as error:  # noqa: BLE001
        return f"{type(error).__name__} code={getattr(error, 'code', None)}: {error}"
    return "no error"


def _default_database(driver, database):
    driver.execute_query("CREATE (:Probe {id: 'in-named'})", database_=database)
    try:
        records, _, _ = driver.execute_query("MATCH (n:Probe) RETURN count(n) AS n")
    except Exception as error:  # noqa: BLE001
        return f"{type(error).__name__}: {error}"
    return f"database=None sees {rows(records)[0]['n']} of the 1 node"


def _node_object(driver, database):
    driver.execute_query("CREATE (:Agency:Shared {id: 'a', name: 'A'})", database_=database)
    records, _, _ = driver.execute_query("MATCH (n:Agency) RETURN n", database_=database)
    node = records[0]["n"]
    return {
        "type": type(node).__name__,
        "labels": sorted(node.labels),
        "props": dict(node),
        "element_id": node.element_id,
    }


def _relationship_object(driver, database):
    driver.execute_query(
        "CREATE (:A {id: 'a'})-[:OWNED_BY {basis: 'named'}]->(:B {id: 'b'})", database_=database
    )
    records, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN r", database_=database)
    rel = records[0]["r"]
    ends, _, _ = driver.execute_query(
        "MATCH (a {id: 'a'}), (b {id: 'b'}) RETURN elementId(a) AS a, elementId(b) AS b",
        database_=database,
    )
    return {
        "type": rel.type,
        "props": dict(rel),
        "start is a": rel.start_node.element_id == ends[0]["a"],
        "end is b": rel.end_node.element_id == ends[0]["b"],
    }


def _path_object(driver, database):
    driver.execute_query(GRAPH, database_=database)
    records, _, _ = driver.execute_query(
        "MATCH p = (:Action {id: 'act:3'})-[:CITES|RESOLVES_TO*1..20]->(:Recommendation) RETURN p",
        database_=database,
    )
    path = records[0]["p"]
    return {
        "type": type(path).__name__,
        "nodes": [n["id"] for n in path.nodes],
        "relationships": [r.type for r in path.relationships],
    }


def _batch_sizes(driver, database):
    statement = "UNWIND $rows AS r MERGE (n:Action {id: r.id}) SET n += r.props"
    results = {}
    driver.execute_query(
        "CREATE CONSTRAINT action_id IF NOT EXISTS FOR (n:Action) REQUIRE n.id IS UNIQUE",
        database_=database,
    )
    for size in (500, 2000, 5000, 10000):
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
        data = [
            {"id": f"act:{i}", "props": {"text": f"Action {i}", "order": i}} for i in range(10000)
        ]
        start = time.perf_counter()
        with driver.session(database=database) as session:
            for offset in range(0, len(data), size):
                chunk = data[offset : offset + size]
                session.execute_write(lambda tx, c=chunk: tx.run(statement, rows=c).consume())
        results[size] = round(time.perf_counter() - start, 2)
    return results


def _performance(with_constraint: bool, count: int = 10000):
    def run(driver, database):
        if with_constraint:
            driver.execute_query(
                "CREATE CONSTRAINT action_id IF NOT EXISTS FOR (n:Action) REQUIRE n.id IS UNIQUE",
                database_=database,
            )
        data = [
            {"id": f"act:{i}", "props": {"text": f"Action {i} " + "x" * 80, "order": i}}
            for i in range(count)
        ]
        statement = "UNWIND $rows AS r MERGE (n:Action {id: r.id}) SET n += r.props"
        timings = []
        for _ in range(2):  # the first creates, the second matches every node
            start = time.perf_counter()
            with driver.session(database=database) as session:
                for offset in range(0, len(data), 2000):
                    chunk = data[offset : offset + 2000]
                    session.execute_write(lambda tx, c=chunk: tx.run(statement, rows=c).consume())
            timings.append(round(time.perf_counter() - start, 2))
        rel = [{"source": f"act:{i}", "target": f"act:{i + 1}"} for i in range(count - 1)]
        start = time.perf_counter()
        with driver.session(database=database) as session:
            for offset in range(0, len(rel), 2000):
                chunk = rel[offset : offset + 2000]
                session.execute_write(
                    lambda tx, c=chunk: tx.run(
                        "UNWIND $rows AS r MATCH (a:Action {id: r.source}) "
                        "MATCH (b:Action {id: r.target}) MERGE (a)-[:CITES]->(b)",
                        rows=c,
                    ).consume()
                )
        timings.append(round(time.perf_counter() - start, 2))
        one = time.perf_counter()
        with driver.session(database=database) as session:
            for item in data[:500]:
                session.execute_write(
                    lambda tx, i=item: tx.run(
                        "MERGE (n:Action {id: $id}) SET n += $props", id=i["id"], props=i["props"]
                    ).consume()
                )
        naive = (time.perf_counter() - one) / 500 * count
        return {
            f"create {count} nodes s": timings[0],
            f"re-merge {count} nodes s": timings[1],
            f"merge {count - 1} rels s": timings[2],
            f"one statement per node, {count} extrapolated from 500, s": round(naive, 1),
        }

    return run


def cases(uri: str) -> list[Case]:
    all_ = []
    add = all_.append

    # -- writing ------------------------------------------------------------
    add(
        Case(
            "writing",
            "UNWIND $rows MERGE … SET n += r.props, run twice",
            "",
            run=_merge_twice,
            expected=[
                {"id": f"agency:{i}", "name": f"A{i}", "aliases": ["x", "y"]} for i in range(3)
            ],
        )
    )
    add(
        Case(
            "writing",
            "SET n += {old: null} removes the property",
            "",
            run=_set_null_removes,
            expected=[{"p": {"id": "a", "name": "B"}}],
            shape=lambda r: r,
        )
    )
    add(
        Case(
            "writing",
            "SET n = r.props replaces every property",
            "",
            run=_set_equals_replaces,
            expected=[{"p": {"id": "a", "name": "B"}}],
        )
    )
    add(
        Case(
            "writing",
            "MERGE relationship between matched nodes, run twice",
            "",
            run=_merge_relationship_twice,
            expected=[
                {"a": "act:1", "basis": "named", "b": "role:1"},
                {"a": "act:2", "basis": "text", "b": "role:1"},
            ],
        )
    )
    add(
        Case(
            "writing",
            "MERGE relationship when one end is missing (no row, nothing created)",
            "",
            run=_merge_relationship_missing_end,
            expected=[{"nodes": 1, "edges": 0}],
        )
    )
    add(
        Case(
            "writing",
            "MERGE … ON CREATE SET / ON MATCH SET",
            "MERGE (n:Agency {id: 'a'}) ON CREATE SET n.created = true "
            "ON MATCH SET n.matched = true "
            "WITH n MERGE (m:Agency {id: 'a'}) ON CREATE SET m.created2 = true "
            "ON MATCH SET m.matched2 = true RETURN properties(m) AS p",
            expected=[{"p": {"id": "a", "created": True, "matched2": True}}],
        )
    )
    add(
        Case(
            "writing",
            "CREATE with several labels; MATCH on two labels",
            "CREATE (:Agency:Shared {id: 'a'}) WITH 1 AS x MATCH (n:Agency:Shared) "
            "RETURN labels(n) AS labels",
            expected=[{"labels": ["Agency", "Shared"]}],
            shape=lambda r: [{"labels": sorted(x["labels"])} for x in r],
        )
    )
    add(
        Case(
            "writing",
            "SET n:Label / REMOVE n:Label",
            "CREATE (n:Agency {id: 'a'}) SET n:Extra WITH n REMOVE n:Agency "
            "RETURN labels(n) AS labels",
            expected=[{"labels": ["Extra"]}],
        )
    )
    add(
        Case(
            "writing",
            "Label expression n:A|B (Neo4j 5)",
            "MATCH (n:Agency|LeadRole) RETURN count(n) AS n",
            graph=True,
            expected=[{"n": 2}],
        )
    )
    add(
        Case(
            "writing",
            "Dynamic label MERGE (n:$($label)) (Neo4j 5.26)",
            "MERGE (n:$($label) {id: 'a'}) RETURN labels(n) AS labels",
            params={"label": "Agency"},
            expected=[{"labels": ["Agency"]}],
        )
    )
    add(
        Case(
            "writing",
            "Dynamic relationship type MERGE ()-[:$($type)]->()",
            "CREATE (a:A {id: 'a'}), (b:B {id: 'b'}) MERGE (a)-[r:$($type)]->(b) RETURN type(r) AS t",
            params={"type": "CITES"},
            expected=[{"t": "CITES"}],
        )
    )
    add(
        Case(
            "writing",
            "DETACH DELETE by property",
            "MATCH (n:Recommendation {id: 'rec:1'}) "
            "DETACH DELETE n WITH 1 AS x MATCH (m) RETURN count(m) AS n",
            graph=True,
            expected=[{"n": 12}],
        )
    )
    add(
        Case(
            "writing",
            "DELETE a node that has relationships (no DETACH)",
            "",
            graph=True,
            run=_error("MATCH (n:Review) DELETE n"),
            expected="ConstraintError code=Neo.ClientError.Schema.ConstraintValidationFailed",
        )
    )
    add(
        Case(
            "writing",
            "DELETE relationships of one type from a node",
            "MATCH (:Recommendation {id: 'rec:2'})-[e:DIRECTED_AT]->() DELETE e "
            "WITH count(*) AS deleted MATCH ()-[e:DIRECTED_AT]->() RETURN count(e) AS left",
            graph=True,
            expected=[{"left": 1}],
        )
    )
    add(
        Case(
            "writing",
            "MERGE a relationship with properties in the pattern, twice",
            "CREATE (a:A {id: 'a'}), (b:B {id: 'b'}) WITH a, b UNWIND [1, 2] AS i "
            "MERGE (a)-[e:OWNED_BY {basis: 'named'}]->(b) WITH count(*) AS c "
            "MATCH ()-[e]->() RETURN count(e) AS n",
            expected=[{"n": 1}],
        )
    )
    add(
        Case(
            "writing",
            "FOREACH",
            "FOREACH (i IN [1, 2, 3] | CREATE (:Probe {i: i})) "
            "WITH 1 AS x MATCH (n:Probe) RETURN count(n) AS n",
            expected=[{"n": 3}],
        )
    )
    add(
        Case(
            "writing",
            "UNWIND of an empty list writes nothing and returns no row",
            "UNWIND $rows AS r MERGE (n:Agency {id: r.id}) RETURN count(n) AS n",
            params={"rows": []},
            expected=[{"n": 0}],
        )
    )

    # -- schema ---------------------------------------------------------------
    add(
        Case(
            "schema",
            "CREATE CONSTRAINT … IF NOT EXISTS FOR (n:L) REQUIRE n.id IS UNIQUE, twice",
            "",
            run=_constraint_twice,
            expected="ok",
        )
    )
    add(
        Case(
            "schema",
            "the uniqueness constraint refuses a duplicate id",
            "",
            run=_constraint_enforced,
            expected="ConstraintError Neo.ClientError.Schema.ConstraintValidationFailed",
        )
    )
    add(
        Case(
            "schema",
            "SHOW CONSTRAINTS",
            "",
            run=_show_constraints,
            expected=[
                sorted(
                    [
                        "id",
                        "name",
                        "type",
                        "entityType",
                        "labelsOrTypes",
                        "properties",
                        "ownedIndex",
                        "propertyType",
                    ]
                )
            ],
        )
    )
    add(Case("schema", "DROP CONSTRAINT name IF EXISTS", "", run=_drop_constraint, expected="ok"))
    add(
        Case(
            "schema",
            "CREATE INDEX … IF NOT EXISTS FOR (n:L) ON (n.p)",
            "CREATE INDEX action_status IF NOT EXISTS FOR (n:Action) ON (n.status)",
            expected=[],
        )
    )
    add(
        Case(
            "schema",
            "CREATE FULLTEXT INDEX",
            "CREATE FULLTEXT INDEX action_text IF NOT EXISTS FOR (n:Action) ON EACH [n.text]",
            expected=[],
        )
    )
    add(
        Case(
            "schema",
            "CALL db.index.fulltext.queryNodes",
            "CALL db.index.fulltext.queryNodes('action_text', 'audit') YIELD node, score "
            "RETURN node.id AS id",
            graph=True,
            setup=[
                "CREATE FULLTEXT INDEX action_text IF NOT EXISTS FOR (n:Action) ON EACH [n.text]"
            ],
            expected=[{"id": "act:1"}],
        )
    )
    add(
        Case(
            "schema",
            "CALL db.labels()",
            "CALL db.labels() YIELD label RETURN label ORDER BY label",
            graph=True,
            expected=[
                {"label": x}
                for x in [
                    "Action",
                    "Agency",
                    "CrossReference",
                    "Document",
                    "Recommendation",
                    "Review",
                ]
            ],
        )
    )
    add(
        Case(
            "schema",
            "CALL db.relationshipTypes()",
            "CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t ORDER BY t",
            graph=True,
            expected=[
                {"t": x}
                for x in [
                    "CITES",
                    "DESCRIBES",
                    "DIRECTED_AT",
                    "HAS_ACTION",
                    "HAS_PART",
                    "HAS_RECOMMENDATION",
                    "OWNED_BY",
                    "RESOLVES_TO",
                ]
            ],
        )
    )
    add(
        Case(
            "schema",
            "CALL dbms.components()",
            "CALL dbms.components() YIELD name, versions RETURN name, versions",
            expected=[{"name": "Neo4j Kernel", "versions": ["5.x"]}],
        )
    )

    # -- reading --------------------------------------------------------------
    add(
        Case(
            "reading",
            "OPTIONAL MATCH gives null for a missing part",
            "MATCH (r:Recommendation) OPTIONAL MATCH (r)-[:DIRECTED_AT]->(a:Agency) "
            "RETURN r.id AS rec, a.id AS agency ORDER BY rec, agency",
            graph=True,
            expected=[
                {"rec": "rec:1", "agency": "agency:police"},
                {"rec": "rec:2", "agency": "agency:housing"},
                {"rec": "rec:2", "agency": "agency:police"},
                {"rec": "rec:3", "agency": None},
            ],
        )
    )
    add(
        Case(
            "reading",
            "OPTIONAL MATCH then count(x) counts non-null only",
            "MATCH (r:Recommendation) OPTIONAL MATCH (r)-[:DIRECTED_AT]->(a:Agency) "
            "RETURN r.id AS rec, count(a) AS n ORDER BY rec",
            graph=True,
            expected=[{"rec": "rec:1", "n": 1}, {"rec": "rec:2", "n": 2}, {"rec": "rec:3", "n": 0}],
        )
    )
    add(
        Case(
            "reading",
            "WITH … count(*), collect, collect(DISTINCT), sum, min, max, avg",
            "MATCH (r:Recommendation)-[:DIRECTED_AT]->(a:Agency) "
            "WITH a, count(*) AS n, collect(r.ref) AS refs, collect(DISTINCT r.order) AS orders, "
            "sum(r.order) AS total, min(r.ref) AS first, max(r.ref) AS last, avg(r.order) AS mean "
            "RETURN a.name AS agency, n, refs, orders, total, first, last, mean ORDER BY agency",
            graph=True,
            expected=[
                {
                    "agency": "Housing",
                    "n": 1,
                    "refs": ["1.2"],
                    "orders": [2],
                    "total": 2,
                    "first": "1.2",
                    "last": "1.2",
                    "mean": 2.0,
                },
                {
                    "agency": "Police",
                    "n": 2,
                    "refs": ["1.1", "1.2"],
                    "orders": [1, 2],
                    "total": 3,
                    "first": "1.1",
                    "last": "1.2",
                    "mean": 1.5,
                },
            ],
            shape=lambda r: [
                dict(x, refs=sorted(x["refs"]), orders=sorted(x["orders"])) for x in r
            ],
        )
    )
    add(
        Case(
            "reading",
            "count(DISTINCT x)",
            "MATCH (r:Recommendation)-[:DIRECTED_AT]->(a) RETURN count(DISTINCT a) AS n",
            graph=True,
            expected=[{"n": 2}],
        )
    )
    add(
        Case(
            "reading",
            "collect() skips nulls",
            "MATCH (r:Recommendation) RETURN collect(r.ref) AS refs",
            graph=True,
            expected=[{"refs": ["1.1", "1.2"]}],
            shape=lambda r: [{"refs": sorted(r[0]["refs"])}],
        )
    )
    add(
        Case(
            "reading",
            "aggregation with no input rows gives one row",
            "MATCH (n:Nothing) RETURN count(n) AS n, collect(n.id) AS ids, sum(n.x) AS s, "
            "max(n.x) AS m",
            expected=[{"n": 0, "ids": [], "s": 0, "m": None}],
        )
    )
    add(
        Case(
            "reading",
            "ORDER BY … DESC, SKIP $s LIMIT $l",
            "MATCH (r:Recommendation) RETURN r.id AS id ORDER BY r.order DESC SKIP $s LIMIT $l",
            params={"s": 1, "l": 1},
            graph=True,
            expected=[{"id": "rec:2"}],
        )
    )
    add(
        Case(
            "reading",
            "ORDER BY puts null last ascending, first descending",
            "MATCH (r:Recommendation) WITH collect(r.ref) AS unused "
            "UNWIND [null, 'b', 'a'] AS v WITH v ORDER BY v RETURN collect(v) AS up",
            graph=True,
            expected=[{"up": ["a", "b"]}],
        )
    )
    add(
        Case(
            "reading",
            "ORDER BY null placement on property values",
            "MATCH (r:Recommendation) RETURN r.ref AS ref ORDER BY r.ref",
            graph=True,
            expected=[{"ref": "1.1"}, {"ref": "1.2"}, {"ref": None}],
        )
    )
    add(
        Case(
            "reading",
            "ORDER BY null placement, DESC",
            "MATCH (r:Recommendation) RETURN r.ref AS ref ORDER BY r.ref DESC",
            graph=True,
            expected=[{"ref": None}, {"ref": "1.2"}, {"ref": "1.1"}],
        )
    )
    add(
        Case(
            "reading",
            "string ORDER BY is by code point (upper case first, accents last)",
            "UNWIND ['b', 'B', 'a', 'A', 'é', 'Z', '10', '9'] AS v RETURN v ORDER BY v",
            expected=[{"v": x} for x in ["10", "9", "A", "B", "Z", "a", "b", "é"]],
        )
    )
    add(
        Case(
            "reading",
            "ORDER BY a mix of integers and strings",
            "UNWIND [2, 'a', 1, 'b'] AS v RETURN v ORDER BY v",
            expected=[{"v": "a"}, {"v": "b"}, {"v": 1}, {"v": 2}],
        )
    )
    add(
        Case(
            "reading",
            "RETURN DISTINCT",
            "MATCH (:Recommendation)-[:DIRECTED_AT]->(a) "
            "RETURN DISTINCT a.name AS name ORDER BY name",
            graph=True,
            expected=[{"name": "Housing"}, {"name": "Police"}],
        )
    )
    add(
        Case(
            "reading",
            "WITH DISTINCT … ORDER BY an alias after aggregation",
            "MATCH (r:Recommendation)-[:DIRECTED_AT]->(a) WITH DISTINCT a "
            "WITH a.name AS name, size(a.aliases) AS n ORDER BY n DESC, name RETURN name, n",
            graph=True,
            expected=[{"name": "Police", "n": 2}, {"name": "Housing", "n": 0}],
        )
    )
    add(
        Case(
            "reading",
            "UNION",
            "RETURN 1 AS x UNION RETURN 1 AS x UNION RETURN 2 AS x",
            expected=[{"x": 1}, {"x": 2}],
        )
    )
    add(
        Case(
            "reading",
            "UNION ALL",
            "RETURN 1 AS x UNION ALL RETURN 1 AS x",
            expected=[{"x": 1}, {"x": 1}],
        )
    )
    add(
        Case(
            "reading",
            "MATCH (n:Agency) finds a node labelled Agency:Shared",
            "CREATE (:Agency:Shared {id: 'a'}), (:Agency {id: 'b'}) WITH 1 AS x "
            "MATCH (n:Agency) RETURN n.id AS id ORDER BY id",
            expected=[{"id": "a"}, {"id": "b"}],
        )
    )
    add(
        Case(
            "reading",
            "MATCH … WHERE n.id = r.x after UNWIND",
            "UNWIND $ids AS x MATCH (n:Recommendation) WHERE n.id = x RETURN n.ref AS ref",
            params={"ids": ["rec:2"]},
            graph=True,
            expected=[{"ref": "1.2"}],
        )
    )
    add(
        Case(
            "reading",
            "WHERE n.id IN $ids",
            "MATCH (n:Recommendation) WHERE n.id IN $ids RETURN n.id AS id ORDER BY id",
            params={"ids": ["rec:1", "rec:3", "nope"]},
            graph=True,
            expected=[{"id": "rec:1"}, {"id": "rec:3"}],
        )
    )
    add(
        Case(
            "reading",
            "MATCH by id with no label",
            "MATCH (n {id: 'act:2'}) RETURN labels(n) AS l",
            graph=True,
            expected=[{"l": ["Action"]}],
        )
    )
    add(
        Case(
            "reading",
            "map projection n {.id, .ref} and n {.*}",
            "MATCH (n:Recommendation {id: 'rec:1'}) RETURN n {.id, .ref} AS a, n {.*} AS b",
            graph=True,
            expected=[
                {
                    "a": {"id": "rec:1", "ref": "1.1"},
                    "b": {"id": "rec:1", "ref": "1.1", "order": 1, "text": "Audit files"},
                }
            ],
        )
    )
    add(
        Case(
            "reading",
            "map literal and collect of maps",
            "MATCH (r:Recommendation) WITH r ORDER BY r.order "
            "RETURN collect({ref: r.ref, order: r.order}) AS items",
            graph=True,
            expected=[
                {
                    "items": [
                        {"ref": "1.1", "order": 1},
                        {"ref": "1.2", "order": 2},
                        {"ref": None, "order": 3},
                    ]
                }
            ],
        )
    )
    add(
        Case(
            "reading",
            "collect(…)[0..2] slicing and [-1]",
            "UNWIND [1, 2, 3] AS x WITH collect(x) AS xs RETURN xs[0..2] AS head, xs[-1] AS last",
            expected=[{"head": [1, 2], "last": 3}],
        )
    )
    add(
        Case(
            "reading",
            "pattern comprehension [(a)-->(b) | b.id]",
            "MATCH (r:Recommendation {id: 'rec:2'}) "
            "RETURN [(r)-[:DIRECTED_AT]->(a) | a.name] AS names",
            graph=True,
            expected=[{"names": ["Housing", "Police"]}],
            shape=lambda r: [{"names": sorted(r[0]["names"])}],
        )
    )
    add(
        Case(
            "reading",
            "WHERE pattern predicate (r)-[:X]->() and NOT",
            "MATCH (r:Recommendation) WHERE NOT (r)-[:DIRECTED_AT]->() RETURN r.id AS id",
            graph=True,
            expected=[{"id": "rec:3"}],
        )
    )
    add(
        Case(
            "reading",
            "EXISTS { MATCH … WHERE … } subquery",
            "MATCH (r:Recommendation) WHERE EXISTS { MATCH (r)-[:HAS_ACTION]->(a:Action) "
            "WHERE a.status = 'delayed' } RETURN r.id AS id",
            graph=True,
            expected=[{"id": "rec:2"}],
        )
    )
    add(
        Case(
            "reading",
            "EXISTS { (pattern) } short form",
            "MATCH (r:Recommendation) WHERE EXISTS { (r)-[:HAS_PART]->() } RETURN r.id AS id",
            graph=True,
            expected=[{"id": "rec:1"}],
        )
    )
    add(
        Case(
            "reading",
            "COUNT { } subquery",
            "MATCH (r:Recommendation) RETURN r.id AS id, COUNT { (r)-[:DIRECTED_AT]->() } AS n "
            "ORDER BY id",
            graph=True,
            expected=[{"id": "rec:1", "n": 1}, {"id": "rec:2", "n": 2}, {"id": "rec:3", "n": 0}],
        )
    )
    add(
        Case(
            "reading",
            "COLLECT { } subquery",
            "MATCH (r:Recommendation {id: 'rec:2'}) "
            "RETURN COLLECT { MATCH (r)-[:DIRECTED_AT]->(a) RETURN a.name ORDER BY a.name } AS n",
            graph=True,
            expected=[{"n": ["Housing", "Police"]}],
        )
    )
    add(
        Case(
            "reading",
            "CALL { WITH x … } subquery (importing WITH)",
            "MATCH (r:Recommendation) CALL { WITH r MATCH (r)-[:HAS_ACTION]->(a) "
            "RETURN count(a) AS n } RETURN r.id AS id, n ORDER BY id",
            graph=True,
            expected=[{"id": "rec:1", "n": 1}, {"id": "rec:2", "n": 1}, {"id": "rec:3", "n": 1}],
        )
    )
    add(
        Case(
            "reading",
            "CALL (x) { … } subquery (Neo4j 5.23 scope clause)",
            "MATCH (r:Recommendation) CALL (r) { MATCH (r)-[:HAS_ACTION]->(a) "
            "RETURN count(a) AS n } RETURN r.id AS id, n ORDER BY id",
            graph=True,
            expected=[{"id": "rec:1", "n": 1}, {"id": "rec:2", "n": 1}, {"id": "rec:3", "n": 1}],
        )
    )
    add(
        Case(
            "reading",
            "CALL { … UNION … } subquery",
            "CALL { MATCH (n:Review) RETURN n.id AS id UNION MATCH (n:Document) RETURN n.id AS id } "
            "RETURN id ORDER BY id",
            graph=True,
            expected=[{"id": "doc:1"}, {"id": "review:1"}],
        )
    )

    add(
        Case(
            "reading",
            "OPTIONAL MATCH … WHERE filters the optional part only",
            "MATCH (r:Recommendation) OPTIONAL MATCH (r)-[:DIRECTED_AT]->(a:Agency) "
            "WHERE a.name = 'Housing' RETURN r.id AS rec, a.name AS agency ORDER BY rec",
            graph=True,
            expected=[
                {"rec": "rec:1", "agency": None},
                {"rec": "rec:2", "agency": "Housing"},
                {"rec": "rec:3", "agency": None},
            ],
        )
    )
    add(
        Case(
            "reading",
            "WITH … WHERE after aggregation (HAVING)",
            "MATCH (r:Recommendation)-[:DIRECTED_AT]->(a:Agency) WITH r, count(a) AS n "
            "WHERE n > 1 RETURN r.id AS id, n",
            graph=True,
            expected=[{"id": "rec:2", "n": 2}],
        )
    )
    add(
        Case(
            "reading",
            "ORDER BY an expression that is not returned",
            "MATCH (r:Recommendation) RETURN r.id AS id ORDER BY r.order DESC",
            graph=True,
            expected=[{"id": "rec:3"}, {"id": "rec:2"}, {"id": "rec:1"}],
        )
    )
    add(
        Case(
            "reading",
            "collect(DISTINCT [a, b]) of lists; DISTINCT maps",
            "UNWIND [[1, 'a'], [1, 'a'], [2, 'b']] AS p WITH collect(DISTINCT p) AS ps "
            "UNWIND [{a: 1}, {a: 1}] AS m WITH ps, collect(DISTINCT m) AS ms RETURN ps, ms",
            expected=[{"ps": [[1, "a"], [2, "b"]], "ms": [{"a": 1}]}],
        )
    )
    add(
        Case(
            "reading",
            "UNWIND null gives no row; UNWIND coalesce(list, [])",
            "MATCH (a:Agency {id: 'agency:housing'}) UNWIND a.missing AS x RETURN x "
            "UNION ALL MATCH (a:Agency {id: 'agency:housing'}) UNWIND coalesce(a.missing, ['-']) "
            "AS x RETURN x",
            graph=True,
            expected=[{"x": "-"}],
        )
    )
    add(
        Case(
            "reading",
            "absent property: IS NULL, coalesce, keys(n)",
            "MATCH (a:Agency {id: 'agency:housing'}) RETURN a.missing IS NULL AS absent, "
            "size(coalesce(a.missing, [])) AS n, keys(a) AS k",
            graph=True,
            expected=[{"absent": True, "n": 0, "k": ["aliases", "id", "name"]}],
            shape=lambda r: [dict(r[0], k=sorted(r[0]["k"]))],
        )
    )
    add(
        Case(
            "reading",
            "WHERE type(r) IN $types",
            "MATCH (:Recommendation {id: 'rec:1'})-[e]->() WHERE type(e) IN $types "
            "RETURN type(e) AS t ORDER BY t",
            params={"types": ["CITES", "HAS_PART"]},
            graph=True,
            expected=[{"t": "CITES"}, {"t": "HAS_PART"}],
        )
    )
    add(
        Case(
            "reading",
            "quantified path pattern ((a)-[:X]->(b)){1,3} (Neo4j 5.9)",
            "MATCH (a:Action {id: 'act:3'}) ((x)-[:CITES|RESOLVES_TO]->(y)){1,4} (t:Action) "
            "RETURN t.id AS id",
            graph=True,
            expected=[{"id": "act:2"}],
        )
    )
    add(
        Case(
            "reading",
            "search: toLower(x) CONTAINS toLower($q)",
            "MATCH (a:Action) WHERE toLower(a.text) CONTAINS toLower($q) RETURN a.id AS id",
            params={"q": "AUDIT"},
            graph=True,
            expected=[{"id": "act:1"}],
        )
    )
    add(
        Case(
            "reading",
            "string < between different cases and accents",
            "RETURN 'Z' < 'a' AS a, 'e' < 'é' AS b, 'abc' < 'abd' AS c, '10' < '9' AS d",
            expected=[{"a": True, "b": True, "c": True, "d": True}],
        )
    )

    # -- expressions ----------------------------------------------------------
    add(
        Case(
            "expressions",
            "list comprehension [x IN l WHERE … | …]",
            "RETURN [x IN [1, 2, 3, 4] WHERE x > 1 | x * 10] AS xs",
            expected=[{"xs": [20, 30, 40]}],
        )
    )
    add(
        Case(
            "expressions",
            "any / all / none / single",
            "WITH [1, 2, 3] AS l RETURN any(x IN l WHERE x > 2) AS a, all(x IN l WHERE x > 0) AS b, "
            "none(x IN l WHERE x > 5) AS c, single(x IN l WHERE x = 2) AS d",
            expected=[{"a": True, "b": True, "c": True, "d": True}],
        )
    )
    add(
        Case(
            "expressions",
            "any() over a property list",
            "MATCH (a:Agency) WHERE any(x IN a.aliases WHERE toLower(x) = 'met') RETURN a.id AS id",
            graph=True,
            expected=[{"id": "agency:police"}],
        )
    )
    add(
        Case(
            "expressions",
            "size(list), size(string), size(null)",
            "RETURN size([1, 2]) AS a, size('abc') AS b, size(null) AS c",
            expected=[{"a": 2, "b": 3, "c": None}],
        )
    )
    add(
        Case(
            "expressions",
            "coalesce",
            "RETURN coalesce(null, null, 'x') AS a, coalesce(null) AS b",
            expected=[{"a": "x", "b": None}],
        )
    )
    add(
        Case(
            "expressions",
            "CASE (generic and simple)",
            "UNWIND ['complete', 'delayed', 'other'] AS s RETURN "
            "CASE WHEN s = 'complete' THEN 1 WHEN s = 'delayed' THEN 2 ELSE 3 END AS a, "
            "CASE s WHEN 'complete' THEN 'C' ELSE 'X' END AS b",
            expected=[{"a": 1, "b": "C"}, {"a": 2, "b": "X"}, {"a": 3, "b": "X"}],
        )
    )
    add(
        Case(
            "expressions",
            "toLower / toUpper / trim / replace / substring / split",
            "RETURN toLower('ÉCOLE Police') AS a, toUpper('é') AS b, trim('  x  ') AS c, "
            "replace('a.b.c', '.', '-') AS d, substring('abcdef', 2, 3) AS e, "
            "split('a;b;;c', ';') AS f, left('abc', 2) AS g, right('abc', 2) AS h, "
            "ltrim('  x') AS i, rtrim('x  ') AS j, reverse('abc') AS k",
            expected=[
                {
                    "a": "école police",
                    "b": "É",
                    "c": "x",
                    "d": "a-b-c",
                    "e": "cde",
                    "f": ["a", "b", "", "c"],
                    "g": "ab",
                    "h": "bc",
                    "i": "x",
                    "j": "x",
                    "k": "cba",
                }
            ],
        )
    )
    add(
        Case(
            "expressions",
            "CONTAINS / STARTS WITH / ENDS WITH (case-sensitive)",
            "RETURN 'Named Nurse' CONTAINS 'Nurse' AS a, 'Named Nurse' CONTAINS 'nurse' AS b, "
            "'Named Nurse' STARTS WITH 'Named' AS c, 'Named Nurse' ENDS WITH 'se' AS d, "
            "null CONTAINS 'x' AS e",
            expected=[{"a": True, "b": False, "c": True, "d": True, "e": None}],
        )
    )
    add(
        Case(
            "expressions",
            "CONTAINS with a parameter holding regex and quote characters",
            "RETURN $text CONTAINS $needle AS a",
            params={"text": "see 3.3.9 (v) [a]*", "needle": "(v) [a]*"},
            expected=[{"a": True}],
        )
    )
    add(
        Case(
            "expressions",
            "=~ regex (whole string, Java syntax, (?i) flag)",
            "RETURN 'See 3.3.9 (v)' =~ '(?i)see\\\\s+[0-9.]+.*' AS a, 'abc' =~ 'b' AS b, "
            "'Abc' =~ $re AS c",
            params={"re": "(?i)a.C"},
            expected=[{"a": True, "b": False, "c": True}],
        )
    )
    add(
        Case(
            "expressions",
            "string comparison of ISO dates",
            "MATCH (a:Action) WHERE a.due_start < '2012-12-31' RETURN a.id AS id",
            graph=True,
            expected=[{"id": "act:1"}],
        )
    )
    add(
        Case(
            "expressions",
            "string comparison with a parameter, null excluded",
            "MATCH (a:Action) WHERE a.due_start >= $from RETURN a.id AS id ORDER BY id",
            params={"from": "2012-01-01"},
            graph=True,
            expected=[{"id": "act:1"}, {"id": "act:2"}],
        )
    )
    add(
        Case(
            "expressions",
            "date() values and comparisons",
            "RETURN date('2012-03-01') < date('2013-01-01') AS a, "
            "toString(date('2012-03-01')) AS b, date('2012-03-01').year AS c",
            expected=[{"a": True, "b": "2012-03-01", "c": 2012}],
        )
    )
    add(
        Case(
            "expressions",
            "date() property stored from a Python date parameter",
            "CREATE (n:Probe {d: $d}) RETURN n.d AS d, n.d < date('2013-01-01') AS before",
            params={"d": dt.date(2012, 3, 1)},
            expected=[{"d": neo4j.time.Date(2012, 3, 1), "before": True}],
        )
    )
    add(
        Case(
            "expressions",
            "null comparisons: = null is null; IS NULL / IS NOT NULL",
            "MATCH (r:Recommendation) RETURN r.id AS id, r.ref = null AS eq, r.ref IS NULL AS isnull "
            "ORDER BY id",
            graph=True,
            expected=[
                {"id": "rec:1", "eq": None, "isnull": False},
                {"id": "rec:2", "eq": None, "isnull": False},
                {"id": "rec:3", "eq": None, "isnull": True},
            ],
        )
    )
    add(
        Case(
            "expressions",
            "integer division, float, toInteger, toString, toFloat",
            "RETURN 7 / 2 AS a, 7 / 2.0 AS b, toInteger('42') AS c, toString(42) AS d, "
            "toFloat('1.5') AS e, toInteger('x') AS f, 7 % 3 AS g",
            expected=[{"a": 3, "b": 3.5, "c": 42, "d": "42", "e": 1.5, "f": None, "g": 1}],
        )
    )
    add(
        Case(
            "expressions",
            "reduce, range, head, last, tail, keys, IN",
            "RETURN reduce(s = 0, x IN range(1, 4) | s + x) AS a, head([1, 2]) AS b, "
            "last([1, 2]) AS c, tail([1, 2, 3]) AS d, 2 IN [1, 2] AS e, "
            "keys({b: 1, a: 2}) AS f",
            expected=[{"a": 10, "b": 1, "c": 2, "d": [2, 3], "e": True, "f": ["a", "b"]}],
            shape=lambda r: [
                dict(r[0], f=sorted(r[0]["f"]) if isinstance(r[0]["f"], list) else r[0]["f"])
            ],
            note="keys() order compared sorted",
        )
    )
    add(
        Case(
            "expressions",
            "list concatenation and list equality",
            "RETURN [1] + [2] AS a, [1, 2] = [1, 2] AS b, 'a' + 'b' AS c, 'a' + 1 AS d",
            expected=[{"a": [1, 2], "b": True, "c": "ab", "d": "a1"}],
        )
    )
    add(
        Case(
            "expressions",
            "string functions on null return null",
            "RETURN toLower(null) AS a, trim(null) AS b, split(null, ',') AS c",
            expected=[{"a": None, "b": None, "c": None}],
        )
    )

    # -- paths -----------------------------------------------------------------
    add(
        Case(
            "paths",
            "variable length -[:CITES|RESOLVES_TO*1..20]->",
            "MATCH (a:Action {id: 'act:3'})-[:CITES|RESOLVES_TO*1..20]->(t) "
            "RETURN t.id AS id ORDER BY id",
            graph=True,
            expected=[{"id": x} for x in ["act:2", "rec:1", "xref:1", "xref:2", "xref:3"]],
        )
    )
    add(
        Case(
            "paths",
            "nodes(p), relationships(p), length(p), type()",
            "MATCH p = (a:Action {id: 'act:3'})-[:CITES|RESOLVES_TO*1..20]->(t:Action) "
            "RETURN [n IN nodes(p) | n.id] AS ids, [r IN relationships(p) | type(r)] AS types, "
            "length(p) AS len",
            graph=True,
            expected=[
                {
                    "ids": ["act:3", "xref:1", "rec:1", "xref:2", "act:2"],
                    "types": ["CITES", "RESOLVES_TO", "CITES", "RESOLVES_TO"],
                    "len": 4,
                }
            ],
        )
    )
    add(
        Case(
            "paths",
            "path returned as a driver Path object",
            "",
            run=_path_object,
            expected={
                "type": "Path",
                "nodes": ["act:3", "xref:1", "rec:1"],
                "relationships": ["CITES", "RESOLVES_TO"],
            },
        )
    )
    add(
        Case(
            "paths",
            "zero-length *0.. includes the start",
            "MATCH (a:Action {id: 'act:3'})-[:CITES*0..1]->(t) RETURN t.id AS id ORDER BY id",
            graph=True,
            expected=[{"id": "act:3"}, {"id": "xref:1"}],
        )
    )
    add(
        Case(
            "paths",
            "incoming variable length <-[:HAS_ACTION|HAS_PART*]-",
            "MATCH (a:Action {id: 'act:3'})<-[:HAS_ACTION|HAS_PART*1..5]-(r) "
            "RETURN r.id AS id ORDER BY id",
            graph=True,
            expected=[{"id": "rec:1"}, {"id": "rec:3"}],
        )
    )
    add(
        Case(
            "paths",
            "a cycle is followed without repeating a relationship",
            "CREATE (a:X {id: 'a'})-[:CITES]->(b:X {id: 'b'})-[:CITES]->(a) WITH a "
            "MATCH p = (a)-[:CITES*1..10]->(t) RETURN length(p) AS len ORDER BY len",
            expected=[{"len": 1}, {"len": 2}],
        )
    )
    add(
        Case(
            "paths",
            "shortestPath",
            "MATCH (a:Action {id: 'act:3'}), (b:Action {id: 'act:2'}) "
            "MATCH p = shortestPath((a)-[*..10]->(b)) RETURN length(p) AS len",
            graph=True,
            expected=[{"len": 4}],
        )
    )
    add(
        Case(
            "paths",
            "undirected variable length -[*1..2]-",
            "MATCH (a:Agency {id: 'agency:housing'})-[*1..1]-(n) RETURN n.id AS id ORDER BY id",
            graph=True,
            expected=[{"id": "act:2"}, {"id": "rec:2"}],
        )
    )
    add(
        Case(
            "paths",
            "startNode / endNode / type / properties of a relationship",
            "MATCH ()-[e:OWNED_BY]->() RETURN startNode(e).id AS s, endNode(e).id AS t, type(e) AS ty, "
            "properties(e) AS p ORDER BY s",
            graph=True,
            expected=[
                {"s": "act:1", "t": "agency:police", "ty": "OWNED_BY", "p": {"basis": "named"}},
                {"s": "act:2", "t": "agency:housing", "ty": "OWNED_BY", "p": {"basis": "agency"}},
            ],
        )
    )

    # -- identity ---------------------------------------------------------------
    add(
        Case(
            "identity",
            "labels(n), properties(n), elementId(n), id(n)",
            "MATCH (n:Agency {id: 'agency:police'}) RETURN labels(n) AS l, properties(n) AS p, "
            "elementId(n) AS e, id(n) AS i",
            graph=True,
            expected=[
                {
                    "l": ["Agency"],
                    "p": {"id": "agency:police", "name": "Police", "aliases": ["MPS", "Met"]},
                    "e": "<string>",
                    "i": "<int>",
                }
            ],
            shape=lambda r: [
                dict(
                    x,
                    e="<string>" if isinstance(x["e"], str) else x["e"],
                    i="<int>" if isinstance(x["i"], int) else x["i"],
                )
                for x in r
            ],
        )
    )
    add(
        Case(
            "identity",
            "MATCH by elementId($e)",
            "",
            graph=True,
            run=lambda d, db: rows(
                d.execute_query(
                    "MATCH (n) WHERE elementId(n) = $e RETURN n.id AS id",
                    e=d.execute_query(
                        "MATCH (n:Review) RETURN elementId(n) AS e", database_=db
                    ).records[0]["e"],
                    database_=db,
                ).records
            ),
            expected=[{"id": "review:1"}],
        )
    )
    add(
        Case(
            "identity",
            "node as returned to the driver",
            "",
            run=_node_object,
            expected={
                "type": "Node",
                "labels": ["Agency", "Shared"],
                "props": {"id": "a", "name": "A"},
                "element_id": "<string>",
            },
            shape=lambda v: dict(v, element_id="<string>") if isinstance(v, dict) else v,
        )
    )
    add(
        Case(
            "identity",
            "relationship as returned to the driver",
            "",
            run=_relationship_object,
            expected={
                "type": "OWNED_BY",
                "props": {"basis": "named"},
                "start is a": True,
                "end is b": True,
            },
        )
    )

    # -- parameters ---------------------------------------------------------------
    values = {
        "string with quotes, backslashes, $, {}, //, /* */, newline, tab, é, emoji": TRICKY.replace(
            "\u0000", ""
        ),
        "string with a NUL character": "a\u0000b",
        "empty string": "",
        "list of strings": ["a", "b;c", "d,e", ""],
        "list of integers": [1, 2, 3],
        "empty list": [],
        "integer 2**62": 2**62,
        "negative integer": -7,
        "float": 1.25,
        "boolean": True,
        "long string (200 kB)": "x" * 200_000,
    }
    for name, value in values.items():
        add(
            Case(
                "parameters",
                f"property round trip: {name}",
                "",
                run=_roundtrip(value),
                expected={"stored_equal": True, "echo_equal": True, "stored": value},
                shape=lambda v: (
                    dict(v, stored="<same>") if isinstance(v, dict) and v.get("stored_equal") else v
                ),
            )
        )
        all_[-1].expected = {"stored_equal": True, "echo_equal": True, "stored": "<same>"}
    for name, value in {
        "null": None,
        "map (nested)": {"a": {"b": [1, "x", None]}, "c": None},
        "list with null": [1, None],
        "mixed list": [1, "a", True],
        "list of maps": [{"id": "x", "props": {"n": 1}}],
        "unicode string": "Ünïcödé – “quotes” 😀",
        "date": dt.date(2012, 3, 1),
    }.items():
        add(
            Case(
                "parameters",
                f"parameter echo RETURN $value: {name}",
                "",
                run=_param_echo(value),
                expected={
                    "equal": True,
                    "type": {
                        type(None): "NoneType",
                        dict: "dict",
                        list: "list",
                        str: "str",
                        dt.date: "Date",
                    }[type(value)],
                },
            )
        )
    add(
        Case(
            "parameters",
            "storing a map as a property (Neo4j refuses)",
            "",
            run=_error("CREATE (:Probe {m: $m})", m={"a": 1}),
            expected="CypherTypeError code=Neo.ClientError.Statement.TypeError",
        )
    )
    add(
        Case(
            "parameters",
            "storing a list with a null (Neo4j refuses)",
            "",
            run=_error("CREATE (:Probe {m: $m})", m=[1, None]),
            expected="CypherTypeError code=Neo.ClientError.Statement.TypeError",
        )
    )
    add(
        Case(
            "parameters",
            "storing a list of maps (Neo4j refuses)",
            "",
            run=_error("CREATE (:Probe {m: $m})", m=[{"a": 1}]),
            expected="CypherTypeError code=Neo.ClientError.Statement.TypeError",
        )
    )
    add(
        Case(
            "parameters",
            "storing a mixed list (Neo4j refuses)",
            "",
            run=_error("CREATE (:Probe {m: $m})", m=[1, "a"]),
            expected="CypherTypeError code=Neo.ClientError.Statement.TypeError",
        )
    )
    add(
        Case(
            "parameters",
            "parameter as a property key map in MERGE pattern",
            "MERGE (n:Probe {id: $row.id}) RETURN n.id AS id",
            params={"row": {"id": "x"}},
            expected=[{"id": "x"}],
        )
    )

    add(
        Case(
            "dates",
            "date properties: ORDER BY, min/max, = $date, >= date($iso), toString",
            "UNWIND $ds AS d CREATE (:Probe {d: d}) WITH count(*) AS x MATCH (n:Probe) "
            "WITH n ORDER BY n.d WITH collect(toString(n.d)) AS sorted, min(n.d) AS lo, "
            "max(n.d) AS hi RETURN sorted, toString(lo) AS lo, toString(hi) AS hi, "
            "COUNT { MATCH (m:Probe) WHERE m.d = $d } AS eq, "
            "COUNT { MATCH (m:Probe) WHERE m.d >= date($iso) } AS ge",
            params={
                "ds": [dt.date(2013, 1, 1), dt.date(2012, 3, 1), None, dt.date(2012, 12, 31)],
                "d": dt.date(2012, 3, 1),
                "iso": "2012-06-01",
            },
            expected=[
                {
                    "sorted": ["2012-03-01", "2012-12-31", "2013-01-01"],
                    "lo": "2012-03-01",
                    "hi": "2013-01-01",
                    "eq": 1,
                    "ge": 2,
                }
            ],
        )
    )
    add(
        Case(
            "dates",
            "a date property compared with a string is null (no match)",
            "CREATE (n:Probe {d: date('2012-03-01')}) RETURN n.d < '2013-01-01' AS cmp",
            expected=[{"cmp": None}],
        )
    )
    add(
        Case(
            "dates",
            "date property returned to the driver",
            "CREATE (n:Probe {d: $d}) RETURN n.d AS d",
            params={"d": dt.date(2012, 3, 1)},
            expected=[{"d": neo4j.time.Date(2012, 3, 1)}],
            shape=lambda r: [{"d": r[0]["d"]}] if r else r,
        )
    )
    add(Case("dates", "date(null) and date('') ", "RETURN date(null) AS a", expected=[{"a": None}]))

    # -- transactions ---------------------------------------------------------------
    add(
        Case(
            "transactions",
            "summary counters report writes",
            "",
            run=_counters,
            expected={
                "nodes_created": 2,
                "relationships_created": 1,
                "properties_set": 3,
                "contains_updates": True,
                "read_contains_updates": False,
            },
        )
    )
    add(
        Case(
            "transactions",
            "raising inside execute_read rolls a write back",
            "",
            run=_raise_in_read,
            expected="rolled back: 0 nodes",
        )
    )
    add(
        Case(
            "transactions",
            "CALL { … } IN TRANSACTIONS OF n ROWS (auto-commit)",
            "",
            run=_in_transactions,
            expected=[{"n": 5}],
        )
    )
    add(
        Case(
            "transactions",
            "column names of an empty result (result.keys())",
            "",
            run=_empty_keys,
            expected={"keys": ["id", "name"]},
        )
    )
    add(
        Case(
            "transactions",
            "execute_write / execute_read return values",
            "",
            run=_execute_write_returns,
            expected=[3, 3],
        )
    )
    add(
        Case(
            "transactions",
            "a write inside execute_read is refused",
            "",
            run=_write_in_read_tx,
            expected="refused: ClientError Neo.ClientError.Statement.AccessMode",
        )
    )
    add(
        Case(
            "transactions",
            "a write in a READ_ACCESS session is refused",
            "",
            run=_read_access_session,
            expected="refused: ClientError Neo.ClientError.Statement.AccessMode",
        )
    )
    add(
        Case(
            "transactions",
            "explicit transaction rollback leaves nothing",
            "",
            run=_rollback,
            expected=0,
        )
    )
    add(
        Case(
            "transactions",
            "an error inside execute_write rolls back the earlier statements",
            "",
            run=_error_rolls_back,
            expected="ClientError Neo.ClientError.Statement.ArithmeticError; nodes left: 0",
        )
    )

    # -- errors ---------------------------------------------------------------
    add(
        Case(
            "errors",
            "wrong password",
            "",
            run=_auth_failure(uri),
            expected="neo4j.exceptions.AuthError: ",
        )
    )
    add(
        Case(
            "errors",
            "nothing listening",
            "",
            run=_unreachable,
            expected="neo4j.exceptions.ServiceUnavailable: Couldn't connect to 127.0.0.1:9",
        )
    )
    add(
        Case(
            "errors",
            "syntax error",
            "",
            run=_error("MATCH (n RETURN n"),
            expected="CypherSyntaxError code=Neo.ClientError.Statement.SyntaxError",
        )
    )
    add(
        Case(
            "errors",
            "unknown function",
            "",
            run=_error("RETURN nosuchfunction(1)"),
            expected="CypherSyntaxError code=Neo.ClientError.Statement.SyntaxError",
        )
    )
    add(
        Case(
            "errors",
            "missing parameter",
            "",
            run=_error("RETURN $missing AS x"),
            expected="ClientError code=Neo.ClientError.Statement.ParameterMissing",
        )
    )
    add(
        Case(
            "errors",
            "two statements separated by ;",
            "",
            run=_error("RETURN 1; RETURN 2"),
            expected="CypherSyntaxError code=Neo.ClientError.Statement.SyntaxError",
        )
    )
    add(
        Case(
            "errors",
            "unknown database",
            "",
            run=_unknown_database,
            expected="ClientError code=Neo.ClientError.Database.DatabaseNotFound",
        )
    )
    add(
        Case(
            "errors",
            "database=None (the server's default database)",
            "",
            run=_default_database,
            expected="database=None sees 1 of the 1 node",
        )
    )
    add(
        Case("errors", "EXPLAIN", "", run=_error("EXPLAIN MATCH (n) RETURN n"), expected="no error")
    )

    # -- performance ------------------------------------------------------------
    add(
        Case(
            "performance",
            "2k nodes UNWIND MERGE in batches of 2000, no constraint",
            "",
            run=_performance(False, 2000),
            expected=None,
        )
    )
    add(
        Case(
            "performance",
            "10k nodes UNWIND MERGE in batches of 2000, with the id constraint",
            "",
            run=_performance(True),
            expected=None,
        )
    )
    add(
        Case(
            "performance",
            "10k nodes UNWIND MERGE by batch size (seconds)",
            "",
            run=_batch_sizes,
            expected=None,
        )
    )
    return all_


def verdict(case: Case, found: Any) -> str:
    if case.expected is None:
        return "measured"
    if isinstance(case.expected, str) and isinstance(found, str):
        return "works" if found.startswith(case.expected) else "differs"
    return "works" if found == case.expected else "differs"


def clean(driver, database) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    try:
        records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database)
        for record in records:
            driver.execute_query(f"DROP CONSTRAINT {record['name']} IF EXISTS", database_=database)
    except neo4j.exceptions.Neo4jError:
        pass
    for name in ("action_status", "action_text"):
        try:
            driver.execute_query(f"DROP INDEX {name} IF EXISTS", database_=database)
        except neo4j.exceptions.Neo4jError:
            pass


def show(value: Any) -> str:
    text = (
        json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else value
    )
    return text if len(text) < 400 else text[:400] + "…"


def survey(
    uri: str,
    user: str,
    password: str,
    database: str | None,
    only: str | None,
    skip: str | None = None,
) -> str:
    lines = []
    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        info = driver.get_server_info()
        lines.append(
            f"Server: `{info.agent}`, Bolt {info.protocol_version}; "
            f"driver `neo4j` {neo4j.__version__}.\n"
        )
        topic = None
        for case in cases(uri):
            if (only and only not in case.topic) or (skip and skip in case.topic):
                continue
            if case.topic != topic:
                topic = case.topic
                lines.append(f"\n### {topic}\n")
                lines.append("| construct | verdict | what happened | statement |")
                lines.append("|---|---|---|---|")
            clean(driver, database)
            try:
                if case.graph:
                    driver.execute_query(GRAPH, database_=database)
                for statement in case.setup:
                    driver.execute_query(statement, database_=database)
                if case.run is not None:
                    found = case.run(driver, database)
                else:
                    records, _, _ = driver.execute_query(
                        case.query, parameters_=case.params, database_=database
                    )
                    found = rows(records)
                if case.shape is not None:
                    found = case.shape(found)
                result = verdict(case, found)
                happened = show(found)
                if result == "differs":
                    happened += f" — Neo4j 5: {show(case.expected)}"
            except Exception as error:  # noqa: BLE001 - the survey reports every failure
                result = "fails"
                code = getattr(error, "code", None)
                message = getattr(error, "message", None) or str(error)
                happened = f"{type(error).__name__} {code or ''}: {message}".strip()
                happened = happened if len(happened) < 400 else happened[:400] + "…"
            query = (case.query or "(driver calls, see survey_cypher.py)").replace("|", "\\|")
            query = " ".join(query.split())
            happened = happened.replace("|", "\\|").replace("\n", " ")
            lines.append(
                f"| {case.name.replace('|', chr(92) + '|')} | **{result}** | {happened} "
                f"| `{query}` |"
            )
            print(f"{result:8} {case.topic}: {case.name}", file=sys.stderr)
        clean(driver, database)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri")
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--database")
    parser.add_argument("--only", help="run the topics whose name contains this")
    parser.add_argument("--skip", help="leave out the topics whose name contains this")
    options = parser.parse_args()
    if options.uri:
        password = os.environ.get("NEO4J_PASSWORD", "")
        print(
            survey(
                options.uri, options.user, password, options.database, options.only, options.skip
            )
        )
        return
    with running_arcadedb() as server:
        target = server.target()
        print(
            survey(
                target.uri,
                target.user,
                target.password,
                target.database,
                options.only,
                options.skip,
            )
        )


if __name__ == "__main__":
    main()
