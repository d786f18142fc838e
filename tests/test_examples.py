"""The project's own example plans: one per layout, each loading cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewgraph.loaders import load_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LAYOUTS = {
    "eastvale_child_k_2020.txt": "tab",
    "northmoor_baby_t_2019.md": "pipe-html",
    "southfield_baby_r_2022.txt": "prose",
    "westbrook_child_4y_2021.txt": "tab",
    "ashdown_sar_adult_d_2023.html": "html-label-value",
    "corrick_cspr_child_l_2021.pdf": "pdf-table",
    "fenwick_si_patient_c_2023.xlsx": "xlsx-table",
    "kelby_sar_ms_p_2022.csv": "csv-table",
    "leyburn_recommendations_2024.md": "pipe-html",
    "marshfield_dhr_anna_2022.docx": "docx-table",
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_example_loads_with_only_decoration_left_over(name):
    result = load_document(EXAMPLES / name)
    assert result.layout == LAYOUTS[name]
    assert [u for u in result.unplaced if u.reason != "decoration"] == []
    assert result.graph.count("Recommendation") >= 2
    assert all(a.text for a in result.graph.nodes("Action"))
    if not name.endswith((".txt", ".md", ".html")):
        assert all(r.source.locator for r in result.graph.nodes("Recommendation"))


def test_example_references_resolve():
    resolved = {}
    for name in ("eastvale_child_k_2020.txt", "northmoor_baby_t_2019.md"):
        graph = load_document(EXAMPLES / name).graph
        for ref in graph.nodes("CrossReference"):
            targets = [getattr(t, "ref", t.id) for t in graph.targets(ref.id, "RESOLVES_TO")]
            resolved[(name, ref.source.line_start, ref.raw)] = (ref.resolution, targets)
    assert resolved[("eastvale_child_k_2020.txt", 12, "see 2.1 below")] == ("resolved", ["2.1"])
    assert resolved[("northmoor_baby_t_2019.md", 13, "see 2.1.1 above")] == (
        "resolved",
        ["2.1.1"],
    )


def test_a_childrens_ward_is_not_childrens_social_care():
    graph = load_document(EXAMPLES / "eastvale_child_k_2020.txt").graph
    roles = {
        role.name: graph.targets(role.id, "MEMBER_OF")[0].name for role in graph.nodes("LeadRole")
    }
    assert roles["Ward Manager Children's Ward"] == "Eastvale General Hospital"
    assert roles["Head of Children's Social Care"] == "Eastvale Children's Social Care"
