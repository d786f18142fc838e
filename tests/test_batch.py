"""Loading many files into one graph, and the counts ``stats`` makes of it."""

from __future__ import annotations

import doctest
import importlib
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from reviewgraph.cli.main import main
from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.store import Store
from reviewgraph.loaders import batch, load_document
from reviewgraph.loaders.batch import load_paths, plan_files
from reviewgraph.queries.counts import stats

REPOSITORY = Path(__file__).resolve().parent.parent


def test_doctests():
    for module in (batch, importlib.import_module("reviewgraph.queries.counts")):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__


def _without_handles(graph) -> dict:
    data = graph.to_dict()
    for node in data["nodes"]:
        node.pop("handle", None)
    return data


def test_seeds_load_then_stay_unchanged(seeds_dir):
    store = Store.open(":memory:")
    first = load_paths(store, [seeds_dir])
    assert not first.failed, first.failed
    assert len(first.loaded) == 5
    before = store.graph().to_dict()
    second = load_paths(store, [seeds_dir])
    assert second.loaded == [] and len(second.unchanged) == 5
    assert store.graph().to_dict() == before
    assert second.unplaced == first.unplaced


def test_the_store_holds_what_the_loaders_made(seeds_dir):
    """Each plan's nodes and edges come back from the store as the loader built them."""
    paths = sorted(seeds_dir.glob("*.txt"))
    store = Store.open(":memory:")
    load_paths(store, paths)
    merged = ReviewGraph()
    for path in paths:
        merged.update(load_document(path).graph)
    assert _without_handles(store.graph()) == _without_handles(merged)


def test_reloading_one_plan_leaves_the_others_whole(seeds_dir):
    """Replacing one document must not touch what another contributed."""
    paths = sorted(seeds_dir.glob("*.txt"))
    alone = Store.open(":memory:")
    load_paths(alone, paths[1:])
    store = Store.open(":memory:")
    load_paths(store, paths)
    load_paths(store, [paths[0]], force=True)
    (first,) = [d for d in store.documents() if d.path == str(paths[0])]
    assert store.remove_document(first.id)
    assert store.graph().to_dict() == alone.graph().to_dict()


def test_a_shared_agency_goes_with_the_last_plan_that_names_it(tmp_path):
    def plan(name: str, board: str) -> Path:
        path = tmp_path / name
        path.write_text(
            f"{board} Safeguarding Children Board: Serious Case Review – Child {name[0].upper()}\n"
            "RECOMMENDATION\tACTION\tBY WHEN\tLEAD\n"
            "1. Audit files\tRun audit\tMay 2010\tNamed Nurse\n",
            encoding="utf-8",
        )
        return path

    store = Store.open(":memory:")
    load_paths(store, [plan("a.txt", "Northmoor"), plan("b.txt", "Northmoor")])
    boards = [a for a in store.graph().nodes("Agency") if "Northmoor" in a.name]
    assert len(boards) == 1
    (first, second) = store.documents()
    store.remove_document(first.id)
    assert [a.name for a in store.graph().nodes("Agency")] == [boards[0].name]
    store.remove_document(second.id)
    assert list(store.graph().nodes("Agency")) == []


def test_plan_files_expands_each_file_once(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    empty = tmp_path / "empty"
    empty.mkdir()
    files, failures, notes = plan_files([tmp_path, tmp_path / "a.txt", empty])
    assert files == [tmp_path / "a.txt", tmp_path / "notes.pdf"]
    assert [failure.message.split(" (hint")[0] for failure in failures] == [
        f"{empty}: no plan files in this folder"
    ]


def test_stats_of_the_seeds_add_up(seeds_dir):
    store = Store.open(":memory:")
    load_paths(store, [seeds_dir])
    report = stats(store)
    counts = {row.label: row.count for row in report.labels}
    assert counts["Document"] == counts["Review"] == len(report.reviews) == 5
    assert sum(row.recommendations for row in report.reviews) == counts["Recommendation"]
    assert len(report.agencies) == counts["Agency"]
    assert sum(row.roles for row in report.agencies) <= counts["LeadRole"]
    assert {row.document for row in report.reviews} == {d.path for d in store.documents()}


def test_a_folder_of_bad_files_and_good_plans_loads_the_good_ones(seed_path, tmp_path):
    """Issue 14's folder: a Latin-1 file name, a binary file, a linked and an
    unreadable subfolder and a dangling link beside three good plans. The plans are stored, each
    problem is one line naming it, and the exit status is 2."""
    folder = tmp_path / "shared drive"
    folder.mkdir()
    shutil.copy(seed_path("kingston"), folder / "kingston.txt")
    shutil.copy(seed_path("bexley"), folder / "bexley.txt")
    # A name written on a Latin-1 machine: the byte 0xE9 is not UTF-8.
    latin1 = os.fsdecode(os.fsencode(str(folder)) + b"/windsor caf\xe9.txt")
    shutil.copy(seed_path("windsor"), latin1)
    (folder / "minutes.txt").write_bytes(bytes(range(256)) * 64)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(seed_path("kirklees"), elsewhere / "kirklees.txt")
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    (folder / "moved.txt").symlink_to(tmp_path / "gone.txt")
    locked = folder / "locked"
    locked.mkdir()
    shutil.copy(seed_path("buckinghamshire"), locked / "buckinghamshire.txt")
    locked.chmod(0)
    # Root reads a folder whatever its mode: then it is simply one more plan.
    unreadable = not os.access(locked, os.R_OK)
    store = tmp_path / "plans.db"
    try:
        result = CliRunner().invoke(
            main,
            ["load", str(folder)],
            env={"REVIEWGRAPH_STORE": str(store)},
            catch_exceptions=False,
        )
    finally:
        locked.chmod(0o755)

    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    shown = f"{folder}/windsor caf\\xe9.txt"
    good = [str(folder / "bexley.txt"), str(folder / "kingston.txt"), shown]
    if not unreadable:
        good.append(str(locked / "buckinghamshire.txt"))
    assert sorted(result.stdout.splitlines()) == sorted(f"{path}: loaded" for path in good)
    errors = result.stderr.splitlines()
    assert errors[-1] == f"{len(good)} loaded, 0 unchanged, 1 refused"
    assert any(e.startswith(f"{folder / 'minutes.txt'}:1: binary file") for e in errors)
    assert f"{folder / 'linked'}: folder skipped: a symbolic link" in result.stderr
    assert f"{folder / 'moved.txt'}: skipped: a symbolic link to nothing" in errors
    if unreadable:
        assert f"{locked}: folder skipped: cannot read it" in result.stderr

    # The stored plans are the seeds' plans, the Latin-1 one under its printable name.
    stored = Store.open(store, readonly=True)
    documents = {d.path: d for d in stored.documents()}
    assert sorted(documents) == sorted(good)
    titles = {review.title for review in stored.graph().nodes("Review")}
    for path, seed in ((shown, "windsor"), (str(folder / "kingston.txt"), "kingston")):
        expected = load_document(seed_path(seed))
        assert documents[path].sha256 == expected.sha256
        assert {review.title for review in expected.graph.nodes("Review")} <= titles
