"""XML outputs parse whatever a plan holds: control characters are left out, ids kept apart.

A control character (``\\x01``–``\\x1f``) in plan text once made ``export
--format graphml`` and ``check --format junit`` write XML no parser accepts.
"""

from __future__ import annotations

import io
from xml.etree import ElementTree

import networkx as nx
import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import main
from reviewgraph.graph.xml_text import XML_FORBIDDEN, xml_id, xml_text

CONTROLS = "".join(chr(c) for c in (*range(1, 9), 0x0B, *range(0x0E, 0x20), 0x7F))
#: a tab plan whose every cell holds control characters and an escape sequence,
#: with a reference that resolves to nothing (a finding for ``check``)
PLAN = (
    "Kingston\x01 Local Safeguarding Children Board\x1b[2J\n"
    "RECOMMENDATION\tACTION\tBY WHEN\tRESPONSIBLE\n"
    f"1. Audit{CONTROLS}files\tRun\x02 the audit see 9.9 above{CONTROLS}\tMay\x03 2010\t"
    f"Named\x04 Nurse\x1b]0;title\x07\n"
    f"2. Train\x1fstaff\tTrain\x05them; see\x06 action 7{CONTROLS}\tJune 2010\tAs above\x0e\n"
)


@pytest.fixture
def loaded(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    (folder / "odd\x01name.txt").write_text(PLAN.replace("Audit", "Check"), encoding="utf-8")
    store = tmp_path / "plans.db"
    result = CliRunner().invoke(main, ["load", str(folder), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def test_graphml_export_parses(loaded, tmp_path):
    out = tmp_path / "plans.graphml"
    result = CliRunner().invoke(
        main, ["export", "--store", str(loaded), "--format", "graphml", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert not XML_FORBIDDEN.search(text)
    ElementTree.fromstring(text.encode("utf-8"))
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    names = {data.get("label") for _, data in graph.nodes(data=True)}
    assert any(name and name.startswith("1 Audit") for name in names), names
    # Two documents whose names differ only in a control character stay two.
    documents = [n for n, data in graph.nodes(data=True) if data.get("type") == "Document"]
    assert len(documents) == 2


def test_gexf_export_parses(loaded):
    result = CliRunner().invoke(main, ["export", "--store", str(loaded), "--format", "gexf"])
    assert result.exit_code == 0, result.output
    nx.read_gexf(io.BytesIO(result.output.encode("utf-8")))


def test_junit_check_parses(loaded):
    result = CliRunner().invoke(main, ["check", "--store", str(loaded), "--format", "junit"])
    assert result.exit_code in (0, 1), result.output
    root = ElementTree.fromstring(result.output.encode("utf-8"))
    texts = " ".join(element.text or "" for element in root.iter())
    names = " ".join(element.get("name", "") for element in root.iter())
    assert "9.9" in texts + names  # the dangling reference is reported, words and all
    assert not XML_FORBIDDEN.search(result.output)


def test_xml_text_and_ids():
    assert xml_text(f"a{CONTROLS}b\ud800\ufffe\t\n") == "a\x7fb\t\n"
    assert xml_id("document:a\x01") != xml_id("document:a\x02")
    assert not XML_FORBIDDEN.search(xml_id("x\x00\ud800\uffff"))
