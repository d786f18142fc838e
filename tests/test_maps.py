"""Workshop maps: the four views on the seeds, filters, size refusal, pictures, GEXF and GraphML."""

from __future__ import annotations

import datetime as dt
import doctest
import os
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import main
from reviewgraph.graph import gephi, render_html, render_image, style
from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import TooLargeError
from reviewgraph.graph.export import to_graphml
from reviewgraph.graph.models import Status
from reviewgraph.queries import maps
from reviewgraph.queries._graph_walks import document_stem, is_overdue, short_stem
from reviewgraph.queries.maps import check_size, view_graph

HOSTILE = Path(__file__).parent / "data" / "hostile_plan.txt"
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def seeds(seeds_dir, graph_of) -> ReviewGraph:
    return graph_of(seeds_dir)


@pytest.fixture(scope="module")
def hostile(graph_of) -> ReviewGraph:
    return graph_of(HOSTILE)


def _kinds(view: nx.DiGraph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, data in view.nodes(data=True):
        counts[data["kind"]] = counts.get(data["kind"], 0) + 1
    return counts


@pytest.mark.parametrize("module", [maps, style, render_html, render_image, gephi])
def test_doctests(module):
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0


def test_accountability_of_windsor_shows_every_action_under_its_owner(seeds):
    view = view_graph(seeds, "accountability", review="003")
    windsor = [a for a in seeds.nodes("Action") if short_stem(document_stem(a)) == "003"]
    roles = {
        r.id for a in windsor for r in seeds.targets(a.id, "OWNED_BY") if r.label == "LeadRole"
    }
    # 155 actions (``reviewgraph stats`` on 003), each under its roles or owning agency.
    assert len(windsor) == 155
    kinds = _kinds(view)
    assert kinds["Action"] == len(windsor) and kinds["LeadRole"] == len(roles) == 31
    for action in windsor:
        owners = list(view.predecessors(action.id))
        assert owners, action.id
        assert {view.nodes[o]["kind"] for o in owners} <= {"LeadRole", "Agency"}
    bhft = view.nodes["agency:bhft"]
    assert bhft["name"] == "BHFT"
    assert {view.nodes[r]["kind"] for r in view.successors("agency:bhft")} <= {"LeadRole", "Action"}


def test_actions_without_a_named_owner_hang_under_their_recommendations_agency(seeds):
    view = view_graph(seeds, "accountability", review="002")
    kirklees = [a for a in seeds.nodes("Action") if short_stem(document_stem(a)) == "002"]
    assert sum(1 for _, d in view.nodes(data=True) if d["kind"] == "Action") == len(kirklees) == 29
    inferred = 0
    for action in kirklees:
        owner = list(view.predecessors(action.id))[0]
        basis = view.edges[owner, action.id]["basis"]
        assert basis in ("text", "agency")
        if basis == "agency":
            # No owner named anywhere: under its recommendation's agency, dashed.
            inferred += 1
            assert view.nodes[owner]["kind"] == "Agency"
            assert view.edges[owner, action.id]["dashes"] is True
    assert inferred == 20  # the other 9 name their owner in their own words
    labels = [entry["label"] for entry in view.graph["legend"]]
    assert "no owner named: the recommendation's agency" in labels


def test_overdue_is_judged_at_the_plans_progress_date(seeds):
    view = view_graph(seeds, "accountability", review="000", overdue=True)
    as_at = dt.date(2006, 7, 1)  # "PROGRESS AS AT 1.7.06"
    expected = {
        a.id
        for a in seeds.nodes("Action")
        if short_stem(document_stem(a)) == "000" and is_overdue(a, as_at)
    }
    shown = {n for n, d in view.nodes(data=True) if d["kind"] == "Action"}
    assert shown == expected and expected
    assert all(view.nodes[n]["overdue"] and "OVERDUE" in view.nodes[n]["label"] for n in shown)
    assert any("progress as at 2006-07-01" in line for line in view.graph["dates"])
    assert "overdue actions only" in view.graph["filters"]
    later = view_graph(
        seeds, "accountability", review="000", overdue=True, as_of=dt.date(2030, 1, 1)
    )
    assert sum(1 for _, d in later.nodes(data=True) if d["kind"] == "Action") > len(shown)
    assert "Overdue judged as at 2030-01-01 (--as-of)" in later.graph["dates"]


def test_status_and_agency_filters(seeds):
    view = view_graph(seeds, "plan", status="in progress")
    statuses = {d["status"] for _, d in view.nodes(data=True) if d["kind"] == "Action"}
    assert statuses == {Status.IN_PROGRESS.value}
    assert "status in progress" in view.graph["filters"]
    police = view_graph(seeds, "accountability", agency="Kingston Police")
    agencies = {d["name"] for _, d in police.nodes(data=True) if d["kind"] == "Agency"}
    assert agencies == {"Kingston Police"}


def test_plan_view_holds_reviews_recommendations_and_actions(seeds):
    view = view_graph(seeds, "plan", review="000")
    kingston = [r for r in seeds.nodes("Recommendation") if short_stem(document_stem(r)) == "000"]
    kinds = _kinds(view)
    assert kinds["Review"] == 1 and kinds["Recommendation"] == len(kingston)
    sub = next(r for r in kingston if r.ref == "3.3.9(v)")
    parents = [p for p in view.predecessors(sub.id) if view.edges[p, sub.id]["type"] == "HAS_PART"]
    assert [view.nodes[p]["name"].split()[0] for p in parents] == ["000:3.3.9"]
    assert any(d["type"] == "REFERS_TO" for _, _, d in view.edges(data=True))


def test_references_view_draws_broken_references_in_red(seeds):
    view = view_graph(seeds, "references")
    broken = [r for r in seeds.nodes("CrossReference") if r.resolution != "resolved"]
    red = [n for n, d in view.nodes(data=True) if d["kind"] == "CrossReference"]
    assert sorted(red) == sorted(r.id for r in broken) and red
    assert all(view.nodes[n]["color"] == style.DANGER_COLOUR for n in red)
    assert {d["kind"] for _, d in view.nodes(data=True)} <= {
        "Action",
        "Recommendation",
        "CrossReference",
    }


def test_agencies_view_weights_what_agencies_share(seeds):
    view = view_graph(seeds, "agencies")
    assert _kinds(view) == {"Agency": sum(1 for _ in seeds.nodes("Agency"))}
    assert view.number_of_edges() > 0
    for _, _, data in view.edges(data=True):
        assert data["weight"] == int(data["label"]) >= 1


def test_agency_colours_are_stable_across_maps(seeds):
    whole = view_graph(seeds, "accountability")
    one = view_graph(seeds, "accountability", review="003")
    for node, data in one.nodes(data=True):
        if data["kind"] == "Agency":
            assert (
                data["color"] == style.agency_colour(node)
                or data["color"] == whole.nodes[node]["color"]
            )
    colours = style.agency_colours(f"agency:{n}" for n in range(20))
    assert len(set(colours.values())) == 20


def test_size_threshold_names_the_filter_to_add(seeds):
    view = view_graph(seeds, "accountability")
    with pytest.raises(TooLargeError) as error:
        check_size(view, max_nodes=100)
    message = str(error.value)
    assert f"would draw {view.number_of_nodes():,} nodes" in message
    assert "--review" in message and "--view agencies" in message
    narrowed = view_graph(seeds, "accountability", review="003")
    with pytest.raises(TooLargeError) as error:
        check_size(narrowed, max_nodes=100)
    assert "--review" not in str(error.value) and "--agency" in str(error.value)


def test_html_is_one_offline_file(seeds, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "map.html"
    render_html.write_html(view_graph(seeds, "accountability"), path)
    assert os.listdir(tmp_path) == ["map.html"]
    page = path.read_text(encoding="utf-8")
    for needle in ("cdn.", "https://cdn", "<link", 'src="http', "bootstrap.min"):
        assert needle not in page
    assert "default-src 'none'" in page
    assert '<aside id="legend"' in page


def test_hostile_text_is_escaped_in_every_output(hostile, tmp_path):
    view = view_graph(hostile, "plan")
    texts = [d["title"] for _, d in view.nodes(data=True)]
    assert any(SCRIPT in t for t in texts) and any(IMAGE in t for t in texts)
    page = render_html.to_html(view)
    assert SCRIPT not in page and IMAGE not in page
    assert "\\u003cscript\\u003ealert(1)" in page
    svg = render_image.to_svg(view)
    assert SCRIPT not in svg and "&lt;script&gt;alert(1)" in svg
    ElementTree.fromstring(svg.encode("utf-8"))
    for text in (gephi.view_to_gexf(view), gephi.view_to_graphml(view), to_graphml(hostile)):
        assert "\x01" not in text and "\x1b" not in text
        ElementTree.fromstring(text.encode("utf-8"))


def test_cli_map_writes_each_format(seeds_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = str(tmp_path / "store.graph")
    runner = CliRunner()
    result = runner.invoke(main, ["load", "--store", store, str(seeds_dir)])
    assert result.exit_code == 0, result.output
    for name in ("owners.html", "owners.png", "owners.svg", "owners.gexf", "owners.graphml"):
        result = runner.invoke(
            main, ["map", "--store", store, "--review", "003", "-o", name], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        assert result.output == f"Wrote {name} (accountability map: 193 nodes, 249 edges)\n"
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["store.graph", "owners.html", "owners.png", "owners.svg", "owners.gexf", "owners.graphml"]
    )
    assert (tmp_path / "owners.png").read_bytes()[:4] == b"\x89PNG"
    result = runner.invoke(main, ["map", "--store", store, "--max-nodes", "50"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: the accountability map would draw 417 nodes")
    result = runner.invoke(main, ["map", "--store", store, "--review", "999"])
    assert result.exit_code == 1 and "no review named '999'" in result.output


def test_gexf_and_graphml_read_back_with_readable_labels(seeds, tmp_path):
    gephi.write_gexf(seeds, tmp_path / "all.gexf")
    whole = nx.read_gexf(tmp_path / "all.gexf")
    assert whole.number_of_nodes() == len(seeds)
    for node in seeds.nodes():
        data = whole.nodes[node.id]
        assert data["label"] and data["label"] not in ("Action", "Agency", node.id)
        assert data["type"] == node.label
        assert set(data["viz"]["color"]) >= {"r", "g", "b"} and data["viz"]["size"] > 0
    view = view_graph(seeds, "plan", review="003")
    gephi.write_view_gexf(view, tmp_path / "plan.gexf")
    gephi.write_view_graphml(view, tmp_path / "plan.graphml")
    for read in (nx.read_gexf(tmp_path / "plan.gexf"), nx.read_graphml(tmp_path / "plan.graphml")):
        assert read.number_of_nodes() == view.number_of_nodes()
        assert read.number_of_edges() == view.number_of_edges()
        for node, data in view.nodes(data=True):
            assert read.nodes[node]["label"] == data["name"]
            assert read.nodes[node]["type"] == data["kind"]
    yed = ElementTree.parse(tmp_path / "plan.graphml").getroot()
    fills = yed.findall(".//{http://www.yworks.com/xml/graphml}Fill")
    assert len(fills) == view.number_of_nodes()
