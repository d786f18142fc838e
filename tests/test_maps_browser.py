"""The maps in a real headless Chromium: offline, escaped, counted, still once settled.

Each test opens a map file the way a board member would (``file://``), records
every request (any http(s) one fails the test), every console error and page
error, and every dialog a script might open, and saves a screenshot under
``tests/artifacts/``. Skipped locally when chromium or playwright is missing;
under CI (``REVIEWGRAPH_CI=1``) that is a failure instead.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.render_html import write_html
from reviewgraph.queries._graph_walks import document_stem
from reviewgraph.queries.maps import VIEWS, check_size, view_graph

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
HOSTILE = Path(__file__).parent / "data" / "hostile_plan.txt"
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
#: Copies of the five seeds in the large map: 300 plans.
COPIES = 60


@pytest.fixture(scope="module")
def browser():
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed: pip install '.[test]'"
    if reason is None and not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM}: apt-get install chromium"
    if reason is not None:
        if os.environ.get("REVIEWGRAPH_CI") == "1":
            pytest.fail(f"browser tests cannot be skipped in CI: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=FLAGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def plans(seeds_dir, graph_of) -> ReviewGraph:
    """The five seeds and the hostile plan, in one graph."""
    return graph_of(seeds_dir, HOSTILE)


class OpenedMap:
    """A map page after its layout settled, with everything it tried to do."""

    def __init__(self, browser, path: Path, screenshot: str, timeout: float = 120.0):
        self.page = browser.new_page(viewport={"width": 1600, "height": 1000})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        started = time.monotonic()
        self.page.goto(path.resolve().as_uri())
        # Polled from Python: the page's CSP forbids the eval wait_for_function needs.
        while not self.page.evaluate("reviewgraph.stabilised"):
            assert time.monotonic() - started < timeout, "the map never settled"
            time.sleep(0.05)
        self.settle_ms = self.page.evaluate("reviewgraph.stabiliseMs")
        self.wall_seconds = time.monotonic() - started
        ARTIFACTS.mkdir(exist_ok=True)
        self.screenshot = ARTIFACTS / screenshot
        self.page.wait_for_timeout(300)
        self.page.screenshot(path=str(self.screenshot))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("http:", "https:")):
            self.requests.append(url)
            route.abort()
        else:
            route.continue_()

    def count(self, what: str) -> int:
        return self.page.evaluate(f"network.body.data.{what}.length")

    def positions(self) -> dict:
        return self.page.evaluate("network.getPositions()")

    def hover(self, node_id: str) -> str:
        """Move the pointer onto a node and return the tooltip's text and HTML."""
        point = self.page.evaluate(
            """(id) => {
                network.focus(id, {scale: 1.5});
                const p = network.canvasToDOM(network.getPositions([id])[id]);
                const box = document.getElementById('network').getBoundingClientRect();
                return {x: p.x + box.left, y: p.y + box.top};
            }""",
            node_id,
        )
        self.page.mouse.move(point["x"] - 30, point["y"] - 30)
        self.page.mouse.move(point["x"], point["y"], steps=5)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5000)
        return tooltip.evaluate("e => ({text: e.innerText, html: e.innerHTML})")

    def close(self) -> None:
        self.page.close()


def _timings(name: str, opened: OpenedMap, nodes: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    record = {
        "map": name,
        "nodes": nodes,
        "settle_ms": opened.settle_ms,
        "wall_s": round(opened.wall_seconds, 2),
    }
    with open(ARTIFACTS / "timings.jsonl", "a", encoding="utf-8") as stream:
        stream.write(json.dumps(record) + "\n")
    print(record)


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_of_the_seeds(browser, plans, view, tmp_path):
    drawn = view_graph(plans, view)
    path = tmp_path / f"{view}.html"
    write_html(drawn, path)
    opened = OpenedMap(browser, path, f"map-{view}.png")
    try:
        assert opened.requests == []
        assert opened.errors == []
        assert opened.count("nodes") == drawn.number_of_nodes() > 0
        assert opened.count("edges") == drawn.number_of_edges() > 0
        legend = opened.page.locator("#legend li")
        assert legend.count() == len(drawn.graph["legend"]) > 0
        assert opened.page.locator("h1").inner_text() == drawn.graph["heading"]
        # Settled means still: physics is off and nothing moves afterwards.
        assert opened.page.evaluate("network.physics.options.enabled") is False
        before = opened.positions()
        opened.page.wait_for_timeout(700)
        assert opened.positions() == before
        hostile = [
            node
            for node, data in drawn.nodes(data=True)
            if SCRIPT in data.get("title", "") or IMAGE in data.get("title", "")
        ]
        if view != "agencies":
            assert hostile, f"the hostile plan's items are not on the {view} map"
        for node in hostile[:2]:
            tooltip = opened.hover(node)
            assert SCRIPT in tooltip["text"] or IMAGE in tooltip["text"]
            assert "<script" not in tooltip["html"] and "<img" not in tooltip["html"]
        assert opened.page.evaluate("document.querySelectorAll('img, iframe').length") == 0
        assert opened.dialogs == []
        assert opened.errors == []
        _timings(f"seeds {view}", opened, drawn.number_of_nodes())
    finally:
        opened.close()


def test_windsor_accountability_map(browser, seed_graph, tmp_path):
    graph = seed_graph("windsor")
    drawn = view_graph(graph, "accountability", review="003")
    path = tmp_path / "windsor.html"
    write_html(drawn, path)
    opened = OpenedMap(browser, path, "map-accountability-003-windsor.png")
    try:
        assert opened.requests == [] and opened.errors == []
        assert opened.count("nodes") == drawn.number_of_nodes()
        tooltip = opened.hover("agency:bhft")
        assert tooltip["text"].startswith("Agency: BHFT")
        header = opened.page.locator("header").inner_text()
        assert "Windsor and Maidenhead" in header and "Overdue judged as at" in header
        _timings("windsor accountability", opened, drawn.number_of_nodes())
    finally:
        opened.close()


def _copies(graph: ReviewGraph, copies: int) -> ReviewGraph:
    """The graph's plans ``copies`` times over, each copy its own documents and agencies."""
    text = json.dumps(graph.to_dict())
    stems = sorted({document_stem(review) for review in graph.nodes("Review")})
    large = ReviewGraph()
    for number in range(copies):
        copy = text
        for stem in stems:
            copy = copy.replace(stem, f"{stem}c{number:03d}")
        copy = copy.replace('"agency:', f'"agency:c{number:03d}-')
        copy = copy.replace('"role:', f'"role:c{number:03d}-')
        large.update(ReviewGraph.from_dict(json.loads(copy)))
    return large


def test_a_map_of_three_hundred_plans_settles(browser, seeds_dir, tmp_path, graph_of):
    seeds = graph_of(seeds_dir)
    large = _copies(seeds, COPIES)
    assert large.count("Review") == 5 * COPIES
    # The whole accountability map is refused, naming the filter to add.
    with pytest.raises(Exception, match="add --review"):
        check_size(view_graph(large, "accountability"))
    drawn = view_graph(large, "agencies")
    check_size(drawn)
    path = tmp_path / "agencies-300.html"
    write_html(drawn, path)
    opened = OpenedMap(browser, path, "map-agencies-300-plans.png")
    try:
        assert opened.requests == [] and opened.errors == []
        assert opened.count("nodes") == drawn.number_of_nodes() > 1000
        assert opened.count("edges") == drawn.number_of_edges()
        assert opened.page.evaluate("network.physics.options.enabled") is False
        header = opened.page.locator("header").inner_text()
        assert f"{5 * COPIES} plans: {3 * COPIES} print a progress date" in header
        assert opened.page.locator("header").bounding_box()["height"] < 300
        _timings(f"{5 * COPIES} plans agencies", opened, drawn.number_of_nodes())
        # A generous bound against a hang, not a speed target (see the report's figures).
        assert opened.settle_ms < 60_000
    finally:
        opened.close()
