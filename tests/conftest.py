"""Shared fixtures: the real seed plans, found through $REVIEWGRAPH_SEEDS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
SEEDS = {
    "kingston": "000_9f3ef0723d8bc463.txt",
    "bexley": "001_1c0d779375c8faf1.txt",
    "kirklees": "002_4a9da4e5fdfb031e.txt",
    "windsor": "003_ec582cd5a6ee9def.txt",
    "buckinghamshire": "004_1bd6c0dfc3866400.txt",
}


def _seeds_dir() -> Path:
    return Path(os.environ.get("REVIEWGRAPH_SEEDS") or REPOSITORY.parent / "shared" / "seeds")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The folder of real published plans; tests that need it skip when it is absent."""
    folder = _seeds_dir()
    if not folder.is_dir() or not any(folder.glob("*.txt")):
        pytest.skip(
            f"seed plans not found at {folder}: set REVIEWGRAPH_SEEDS to the folder "
            "holding 000_…txt … 004_…txt"
        )
    return folder


@pytest.fixture(scope="session")
def seed_path(seeds_dir: Path):
    """Path of a seed by its short name (``seed_path("bexley")``)."""

    def find(name: str) -> Path:
        path = seeds_dir / SEEDS[name]
        if not path.exists():
            pytest.skip(f"seed {SEEDS[name]} is not in {seeds_dir}")
        return path

    return find


@pytest.fixture(scope="session")
def seed_graph(seed_path):
    """The graph of one seed, loaded once per test session."""
    from reviewgraph.loaders import load_document

    cache: dict[str, object] = {}

    def load(name: str):
        if name not in cache:
            cache[name] = load_document(seed_path(name))
        return cache[name].graph

    return load


@pytest.fixture(scope="session")
def graph_of():
    """Load plan files into a private in-memory store and return its whole graph."""
    from reviewgraph.graph.store import Store
    from reviewgraph.loaders.batch import load_paths

    def load(*paths):
        store = Store.open(":memory:")
        report = load_paths(store, list(paths))
        assert not report.failed, report.failed
        return store.graph()

    return load


# -- a real Bolt server ---------------------------------------------------------


def skip_or_fail(reason: str) -> None:
    """Skip locally; under CI (REVIEWGRAPH_CI=1) fail, as CI must never skip."""
    if os.environ.get("REVIEWGRAPH_CI") == "1":
        pytest.fail(f"{reason} (REVIEWGRAPH_CI=1: this test may not be skipped)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    """A Bolt server for the session: the Neo4j NEO4J_URI names, else ArcadeDB started here.

    Yields a :class:`bolt_server.BoltTarget` (uri, user, password, database).
    A NEO4J_URI database must start empty: the tests delete everything in it.
    """
    from bolt_server import ArcadeServer, ServerStartError, target_from_environment
    from neo4j import GraphDatabase

    target = target_from_environment()
    if target is not None:
        try:
            with GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
                records, _, _ = driver.execute_query(
                    "MATCH (n) RETURN count(n) AS n", database_=target.database
                )
        except Exception as error:  # noqa: BLE001 - any failure means no usable server
            skip_or_fail(f"NEO4J_URI={target.uri} cannot be used: {error}")
        if records[0]["n"]:
            skip_or_fail(
                f"NEO4J_URI={target.uri} database {target.database or '(default)'} holds "
                f"{records[0]['n']} nodes; the tests need an empty, throwaway database"
            )
        yield target
        return
    try:
        server = ArcadeServer(tmp_path_factory.mktemp("arcadedb"))
        server.start()
    except ServerStartError as error:
        skip_or_fail(f"no Bolt server for the tests: {error}")
    try:
        yield server.target()
    finally:
        server.stop()


@pytest.fixture
def bolt(bolt_server):
    """The session's Bolt server with its database emptied for this test."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(
        bolt_server.uri, auth=(bolt_server.user, bolt_server.password)
    ) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=bolt_server.database)
    return bolt_server


@pytest.fixture
def own_arcadedb(tmp_path):
    """A private ArcadeDB server for one test, to stop and restart at will (fault tests).

    Yields the :class:`bolt_server.ArcadeServer`; ``.target()`` tells how to reach it,
    ``.stop()``, ``.kill()``, ``.start()`` and ``.restart()`` control it.
    """
    from bolt_server import ArcadeServer, ServerStartError

    try:
        server = ArcadeServer(tmp_path / "arcadedb")
        server.start()
    except ServerStartError as error:
        skip_or_fail(f"no ArcadeDB server for this test: {error}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def seed_store(seeds_dir, tmp_path_factory):
    """A store holding the five seed plans, loaded once per session (treat as read-only)."""
    from click.testing import CliRunner

    from reviewgraph.cli.main import main

    path = tmp_path_factory.mktemp("seed-store") / "seeds.graph"
    result = CliRunner().invoke(main, ["load", "--store", str(path), str(seeds_dir)])
    assert result.exit_code == 0, result.output
    return path
