"""Loading many files into one graph, and the counts ``stats`` makes of it."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Agency, Source
from reviewgraph.loaders import batch
from reviewgraph.loaders.batch import load_paths, plan_files
from reviewgraph.queries.stats import stats

REPOSITORY = Path(__file__).resolve().parent.parent


def test_doctests():
    for module in (batch, importlib.import_module("reviewgraph.queries.stats")):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__


def test_seeds_load_then_stay_unchanged(seeds_dir):
    graph = ReviewGraph()
    first = load_paths(graph, [seeds_dir])
    assert not first.failed, first.failed
    assert len(first.loaded) == 5
    before = graph.to_dict()
    second = load_paths(graph, [seeds_dir])
    assert second.loaded == [] and len(second.unchanged) == 5
    assert graph.to_dict() == before
    assert second.unplaced == first.unplaced


def test_reloading_one_plan_leaves_the_others_whole(seeds_dir):
    """Replacing one document must not touch what another contributed."""
    paths = sorted(seeds_dir.glob("*.txt"))
    alone = ReviewGraph()
    load_paths(alone, paths[1:])
    graph = ReviewGraph()
    load_paths(graph, paths)
    load_paths(graph, [paths[0]], force=True)
    graph.remove_document(str(paths[0]))
    assert graph.to_dict() == alone.to_dict()


def test_an_agency_no_recommendation_points_at_survives_other_removals(tmp_path):
    graph = ReviewGraph()
    board = Agency(
        id="agency:board", name="Board", source=Source(document="a.txt", line_start=1, line_end=1)
    )
    graph.add(board)
    graph.remove_document("b.txt")
    assert "agency:board" in graph
    graph.remove_document("a.txt")
    assert "agency:board" not in graph


def test_plan_files_expands_each_file_once(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    empty = tmp_path / "empty"
    empty.mkdir()
    files, failures = plan_files([tmp_path, tmp_path / "a.txt", empty])
    assert files == [tmp_path / "a.txt", tmp_path / "notes.pdf"]
    assert [failure.message.split(" (hint")[0] for failure in failures] == [
        f"{empty}: no plan files in this folder"
    ]


def test_stats_of_the_seeds_add_up(seeds_dir):
    graph = ReviewGraph()
    load_paths(graph, [seeds_dir])
    report = stats(graph)
    counts = {row.label: row.count for row in report.labels}
    assert counts["Document"] == counts["Review"] == len(report.reviews) == 5
    assert sum(row.recommendations for row in report.reviews) == counts["Recommendation"]
    assert len(report.agencies) == counts["Agency"]
    assert sum(row.roles for row in report.agencies) <= counts["LeadRole"]
    assert {row.document for row in report.reviews} == set(graph.documents())
