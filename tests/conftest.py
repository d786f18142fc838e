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
