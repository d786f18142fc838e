"""Every named query gives exactly the same rows from a Bolt server as from the embedded store.

The seeds, the examples and two plans made here (a reference cycle, an unreadable
date, unplaced text; a seed with a recommendation number used twice) are loaded
into a store and pushed to a real server (ArcadeDB from ``arcadedb-embedded``,
or the Neo4j ``NEO4J_URI`` names). Each query is asked of both backends, and
the rows — pydantic rows, or node dicts for ``resolve`` — must be equal, in the
same order; so must the errors. Each case must also find something, so that
two empty answers cannot pass for parity.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from reviewgraph import queries
from reviewgraph.cli.main import main
from reviewgraph.graph.bolt import ServerSettings, connect
from reviewgraph.graph.errors import ReviewgraphError
from reviewgraph.graph.models import NODE_TYPES
from reviewgraph.graph.neo4j_sync import push
from reviewgraph.graph.store import Store
from reviewgraph.graph.store_view import open_store
from reviewgraph.queries.backend import EmbeddedBackend
from reviewgraph.queries.cypher import CypherBackend
from reviewgraph.queries.fulltext import SEARCH, query_words

REPOSITORY = Path(__file__).resolve().parent.parent

#: A plan whose references go round in a circle, with a date no one can read and a
#: line no item takes.
LOOP_PLAN = (
    "Northdale Safeguarding Partnership\n"
    "Child Practice Review: Child W\n\n"
    "RECOMMENDATION\tACTION\tBY WHEN\tLEAD\tPROGRESS\n"
    "1.1 Audit files of children on plans\tSee 1.2 below\tAfter the summit\tNamed Nurse\t"
    "In progress\n"
    "1.2 Train A&E staff on bruising\tSee 1.1 above\tJune 2010\tNamed Doctor\tComplete\n"
    "The coffee machine on floor three is broken.\n"
    "1.3 Publish the nurses' newsletter\tNewsletter sent to every GP\tSeptember 2020\t"
    "Head of Nursing, Northdale Police\tOngoing\n"
)


def joint_plan(path: Path) -> dict[str, Any]:
    """A plan no loader makes (loaders direct a recommendation at one agency): one
    recommendation directed at two agencies, an alias with quotes and accents, a
    reference resolved with a reason."""
    from reviewgraph.graph import (
        Action,
        Agency,
        CrossReference,
        Document,
        Recommendation,
        ReviewGraph,
        Source,
    )
    from reviewgraph.graph import Review as ReviewNode

    text = 'Joint plan\nRecommendation 1: share records\nAction: audit the "joint" files\n'
    path.write_text(text, encoding="utf-8")
    import hashlib

    graph = ReviewGraph()
    place = Source(document=str(path), line_start=1, line_end=3)
    graph.add(
        Document(
            id="document:joint_plan",
            path=str(path),
            sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
            layout="hand",
            source=place,
        )
    )
    graph.add(
        ReviewNode(id="review:joint_plan", title="Joint plan", as_of="2013-03-31", source=place)
    )
    graph.add(
        Agency(
            id="agency:santé-publique",
            name="Santé Publique “Nord”",
            aliases=['The "Joint" Health Team', "SPN\\Nord"],
            source=place,
        )
    )
    graph.add(Agency(id="agency:housing-rbk", name="Housing RBK", source=place))
    graph.add(
        Recommendation(
            id="recommendation:joint_plan:1",
            ref="1",
            text="Share records between Santé Publique and housing",
            order=1,
            source=place,
        )
    )
    graph.add(
        Action(
            id="action:joint_plan:1",
            text='Audit the "joint" files',
            due_raw="2013",
            due_start="2013-01-01",
            due_end="2013-12-31",
            status="delayed",
            source=place,
        )
    )
    graph.add(
        CrossReference(
            id="crossref:joint_plan:1",
            raw="see 1",
            kind="explicit",
            field="text",
            resolution="resolved",
            reason="the only 1",
            source=place,
        )
    )
    graph.link("document:joint_plan", "DESCRIBES", "review:joint_plan")
    graph.link("review:joint_plan", "HAS_RECOMMENDATION", "recommendation:joint_plan:1")
    graph.link("recommendation:joint_plan:1", "DIRECTED_AT", "agency:santé-publique")
    graph.link("recommendation:joint_plan:1", "DIRECTED_AT", "agency:housing-rbk")
    graph.link("recommendation:joint_plan:1", "HAS_ACTION", "action:joint_plan:1")
    graph.link("action:joint_plan:1", "OWNED_BY", "agency:santé-publique", basis="agency")
    graph.link("action:joint_plan:1", "CITES", "crossref:joint_plan:1")
    graph.link(
        "crossref:joint_plan:1", "RESOLVES_TO", "recommendation:joint_plan:1", reason="the only 1"
    )
    return graph.to_dict()


@pytest.fixture(scope="module")
def parity_store(seeds_dir, tmp_path_factory) -> Path:
    """The seeds, the examples, the loop plan, seed 003 with action 36 numbered 34, and
    the joint plan."""
    folder = tmp_path_factory.mktemp("parity")
    (folder / "loop_plan.txt").write_text(LOOP_PLAN, encoding="utf-8")
    lines = (seeds_dir / "003_ec582cd5a6ee9def.txt").read_text(encoding="utf-8").split("\n")
    assert lines[109].startswith("36. ")
    lines[109] = "34. " + lines[109][4:]
    (folder / "renumbered_003.txt").write_text("\n".join(lines), encoding="utf-8")
    examples = folder / "examples"
    shutil.copytree(REPOSITORY / "examples", examples)
    store = folder / "parity.graph"
    for path in (seeds_dir, examples, folder / "loop_plan.txt", folder / "renumbered_003.txt"):
        result = CliRunner().invoke(main, ["load", "--store", str(store), str(path)])
        assert result.exit_code == 0, result.output
    with Store.open(store) as opened:
        opened.put_graph(joint_plan(folder / "joint_plan.txt"))
    return store


@pytest.fixture(scope="module")
def pushed(bolt_server, parity_store):
    """The server holding exactly the parity store (pushed once for this module)."""
    settings = ServerSettings(
        bolt_server.uri, bolt_server.user, bolt_server.password, bolt_server.database, 10.0
    )
    with connect(settings) as connection:
        connection.write("MATCH (n) DETACH DELETE n")
        with open_store(parity_store) as store:
            push(connection, store)
    return bolt_server


@pytest.fixture(scope="module")
def backends(pushed, parity_store):
    """(embedded, neo4j): the same plans, read with SQL and with Cypher."""
    settings = ServerSettings(pushed.uri, pushed.user, pushed.password, pushed.database, 10.0)
    embedded = EmbeddedBackend(Store.open(parity_store, readonly=True))
    server = CypherBackend(connect(settings))
    yield embedded, server
    embedded.close()
    server.close()


def plain(value: Any) -> Any:
    """Rows as comparable data: pydantic rows dumped, lists and dicts kept in order."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def answer(function, backend) -> Any:
    try:
        return plain(function(backend))
    except ReviewgraphError as error:
        return {"error": type(error).__name__, "message": str(error)}


def size(found: Any) -> int:
    if isinstance(found, dict) and set(found) == {"labels", "reviews", "agencies"}:
        return len(found["reviews"]) + len(found["agencies"])
    return len(found) if isinstance(found, list) else 1


# -- the matrix: query x filter -------------------------------------------------------------
AS_OF = dt.date(2012, 6, 30)

CASES: dict[str, Any] = {
    # owners, every filter
    "owners": lambda b: queries.owners(b),
    "owners agency Police": lambda b: queries.owners(b, agency="Police"),
    "owners agency Housing": lambda b: queries.owners(b, agency="Housing"),
    "owners agency BHFT (alias of none, a name)": lambda b: queries.owners(b, agency="BHFT"),
    "owners agency hospital (several)": lambda b: queries.owners(b, agency="hospital"),
    "owners role Named Nurse": lambda b: queries.owners(b, role="Named Nurse"),
    "owners role words midwife": lambda b: queries.owners(b, role="midwife"),
    "owners review 003": lambda b: queries.owners(b, review="003"),
    "owners review title words": lambda b: queries.owners(b, review="Baby A"),
    "owners status complete": lambda b: queries.owners(b, status="complete"),
    "owners status Ongoing (plan words)": lambda b: queries.owners(b, status="Ongoing"),
    "owners status in progress": lambda b: queries.owners(b, status="in progress"),
    "owners basis named": lambda b: queries.owners(b, basis="named"),
    "owners basis text": lambda b: queries.owners(b, basis="text"),
    "owners basis agency": lambda b: queries.owners(b, basis="agency"),
    "owners overdue (plan dates)": lambda b: queries.owners(b, overdue=True),
    "owners overdue as of": lambda b: queries.owners(b, overdue=True, as_of=AS_OF),
    "owners as of": lambda b: queries.owners(b, as_of=dt.date(2010, 1, 1)),
    "owners agency+status+review": lambda b: queries.owners(
        b, agency="Children", status="complete", review="000"
    ),
    "owners unknown agency": lambda b: queries.owners(b, agency="Atlantis Constabulary"),
    # shared, each kind
    "shared": lambda b: queries.shared(b),
    "shared action": lambda b: queries.shared(b, kinds=("action",)),
    "shared recommendation": lambda b: queries.shared(b, kinds=("recommendation",)),
    "shared cross-reference": lambda b: queries.shared(b, kinds=("cross-reference",)),
    "shared named-in": lambda b: queries.shared(b, kinds=("named-in",)),
    "shared similar": lambda b: queries.shared(b, kinds=("similar",)),
    "shared similar 0.5": lambda b: queries.shared(b, kinds=("similar",), threshold=0.5),
    "shared between": lambda b: queries.shared(b, between=("Police", "Housing")),
    "shared review": lambda b: queries.shared(b, review="003"),
    # deps: forward, reverse, from a cross-reference
    "deps 003:56": lambda b: queries.deps(b, "003:56"),
    "deps 000:3.3.13(b)": lambda b: queries.deps(b, "000:3.3.13(b)"),
    "deps reverse 000:3.3.9(v)": lambda b: queries.deps(b, "000:3.3.9 (v)", reverse=True),
    "deps reverse 003:18": lambda b: queries.deps(b, "003:18", reverse=True),
    "deps explicit only": lambda b: queries.deps(b, "000:3.7.3", kinds=("explicit",)),
    "deps cross-reference": lambda b: queries.deps(b, "003:56/1~2"),
    "deps cycle": lambda b: queries.deps(b, "loop_plan:1.1"),
    # trace: an action, a role, a cross-reference, words
    "trace action": lambda b: queries.trace(b, "003:56/2"),
    "trace recommendation": lambda b: queries.trace(b, "000:3.3.9 (v)"),
    "trace role": lambda b: queries.trace(
        b, "role:childrens-services-rbk:directorate-head-of-childrens-services-and-safeguarding"
    ),
    "trace cross-reference": lambda b: queries.trace(b, "003:56/1~2"),
    "trace words": lambda b: queries.trace(b, "newsletter"),
    "trace agency": lambda b: queries.trace(b, "agency:housing-rbk"),
    "trace nothing": lambda b: queries.trace(b, "no such words anywhere"),
    # status
    "status": lambda b: queries.status(b),
    "status by review": lambda b: queries.status(b, by="review"),
    "status by agency": lambda b: queries.status(b, by="agency"),
    "status review 001": lambda b: queries.status(b, review="001"),
    "status agency Police": lambda b: queries.status(b, agency="Police"),
    "status review+agency": lambda b: queries.status(b, review="000", agency="Housing"),
    "status as of": lambda b: queries.status(b, as_of=AS_OF),
    # search
    "search audit": lambda b: queries.search(b, "audit"),
    "search train (stems)": lambda b: queries.search(b, "train", limit=None),
    "search trained training": lambda b: queries.search(b, "trained training", limit=None),
    "search A&E": lambda b: queries.search(b, "A&E"),
    "search nurse": lambda b: queries.search(b, "nurse", limit=None),
    "search named nurse": lambda b: queries.search(b, "named nurse", limit=None),
    "search several words": lambda b: queries.search(b, "police housing records GP"),
    "search common word": lambda b: queries.search(b, "the", limit=None),
    "search labels": lambda b: queries.search(b, "safeguarding", labels=["Agency", "LeadRole"]),
    "search quoted alias": lambda b: queries.search(b, 'joint "health"'),
    "search accents": lambda b: queries.search(b, "sante nord"),
    "search nothing": lambda b: queries.search(b, "zyzzyva"),
    # agencies, stats, resolve
    "agencies": lambda b: queries.agencies(b),
    "merge candidates": lambda b: queries.merge_candidates(b),
    "merge candidates 0.3": lambda b: queries.merge_candidates(b, threshold=0.3),
    "stats": lambda b: queries.stats(b),
    "resolve reference": lambda b: queries.resolve(b, "003:34"),
    "resolve sub-item reference": lambda b: queries.resolve(b, "000:3.3.9 (v)"),
    "resolve case-folded reference": lambda b: queries.resolve(b, "LOOP_PLAN:1.2"),
    "resolve unnumbered": lambda b: queries.resolve(b, "002:3"),
    "resolve id": lambda b: queries.resolve(b, "agency:housing-rbk"),
    "resolve short id": lambda b: queries.resolve(b, "action:003:12"),
    "resolve words": lambda b: queries.resolve(b, "file audit"),
    "resolve word prefix": lambda b: queries.resolve(b, "Named Nur"),
    "resolve agency words": lambda b: queries.resolve(b, "HWPH"),
    "resolve accented words": lambda b: queries.resolve(b, "Santé Publique"),
    "resolve nothing": lambda b: queries.resolve(b, "003:999"),
    # check
    "check": lambda b: queries.run_checks(b),
    "check as of": lambda b: queries.run_checks(b, as_of=AS_OF),
}

#: Cases whose answer is an error (the same error from both backends).
ERRORS = {"owners unknown agency", "trace nothing", "search nothing", "resolve nothing"}


@pytest.mark.parametrize("case", list(CASES))
def test_same_rows_from_both_backends(backends, case):
    embedded, server = backends
    expected = answer(CASES[case], embedded)
    if case in ERRORS:
        assert (isinstance(expected, dict) and "error" in expected) or expected == [], expected
    else:
        assert size(expected) > 0 and "error" not in expected, expected
    assert answer(CASES[case], server) == expected


def test_check_finds_every_rule_on_both_backends(backends):
    embedded, server = backends
    findings = queries.run_checks(server)
    assert {f.rule for f in findings} == set(queries.RULES)
    assert plain(findings) == plain(queries.run_checks(embedded))


def test_search_ranks_as_fts5_does(backends):
    """Same hits, same order, and BM25 scores equal (to the last bit, so to 4 decimals)."""
    embedded, server = backends
    for query in ("audit", "nurse", "training staff", "A&E", "police", "safeguarding board"):
        terms = query_words(query)
        parameters = {"terms": list(terms), "words": list(terms.values()), "labels": []}
        mine = {hit["node"]["id"]: hit for hit in server.fetch(SEARCH, **parameters)}
        theirs = {hit["node"]["id"]: hit for hit in embedded.fetch(SEARCH, **parameters)}
        assert theirs and set(mine) == set(theirs), query
        for node_id, hit in theirs.items():
            assert mine[node_id]["score"] == hit["score"], (query, node_id)
            assert mine[node_id]["fields"] == hit["fields"], (query, node_id)
            assert mine[node_id]["node"] == hit["node"]
    hits = queries.search(embedded, "A&E")
    assert hits and all("a&e" in hit.text.lower() for hit in hits)


def test_every_node_and_edge_reads_the_same(backends):
    embedded, server = backends
    assert server.documents() == embedded.documents()
    with Store.open(embedded.store.path, readonly=True) as store:
        ids = [row[0] for row in store.rows("SELECT id FROM nodes ORDER BY id")]
    by_id = {node["id"]: node for node in embedded.node_dicts(ids)}
    assert {node["id"]: node for node in server.node_dicts(ids)} == by_id
    for node in server.node_dicts(ids):  # key order too: JSON output follows it
        assert list(node) == list(by_id[node["id"]])
    for label in NODE_TYPES:
        assert sorted(server.nodes_of(label), key=lambda n: n["id"]) == sorted(
            embedded.nodes_of(label), key=lambda n: n["id"]
        )

    def edges(found):
        return sorted(found, key=lambda e: (e["source"], e["type"], e["target"]))

    for kinds in (None, ["OWNED_BY", "MEMBER_OF"], ["RESOLVES_TO"], []):
        assert edges(server.edge_dicts(sources=ids, types=kinds)) == edges(
            embedded.edge_dicts(sources=ids, types=kinds)
        )
        assert edges(server.edge_dicts(targets=ids, types=kinds)) == edges(
            embedded.edge_dicts(targets=ids, types=kinds)
        )
    handles = [n["handle"] for n in by_id.values() if n.get("handle")]
    asked = [h.upper() for h in handles[::2]] + handles[1::2]
    found = server.nodes_by_handle(asked)
    assert len(found) == len({n["id"] for n in found}) > len(asked) / 2
    assert {n["id"] for n in found} == {n["id"] for n in embedded.nodes_by_handle(asked)}


# -- the commands ----------------------------------------------------------------------------
COMMANDS = [
    ["owners", "--agency", "Police"],
    ["owners", "--review", "003", "--status", "complete", "--format", "json"],
    ["owners", "--agency", "hospital", "--overdue", "--as-of", "30/06/2012"],
    ["owners", "--role", "Named Nurse", "--basis", "named", "--format", "csv"],
    ["shared", "--between", "Police", "Housing"],
    ["deps", "003:56"],
    ["deps", "000:3.3.9 (v)", "--reverse", "--format", "json"],
    ["trace", "003:56/2"],
    ["status", "--format", "json"],
    ["status", "--agency", "Police"],
    ["search", "training A&E"],
    ["agencies"],
    ["stats"],
    ["check"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_commands_print_the_same(pushed, parity_store, command):
    server = {
        "NEO4J_URI": pushed.uri,
        "NEO4J_USER": pushed.user,
        "NEO4J_PASSWORD": pushed.password,
        "NEO4J_DATABASE": pushed.database or "",
        "COLUMNS": "120",
    }
    embedded = CliRunner().invoke(
        main,
        [*command, "--backend", "embedded", "--store", str(parity_store)],
        env={**server, "NEO4J_URI": None},
    )
    assert embedded.stdout.strip(), embedded.output
    on_server = CliRunner().invoke(main, [*command, "--backend", "neo4j"], env=server)
    assert on_server.stdout == embedded.stdout
    assert on_server.stderr == embedded.stderr
    assert on_server.exit_code == embedded.exit_code
    auto = CliRunner().invoke(main, command, env=server)
    assert auto.stdout == embedded.stdout
