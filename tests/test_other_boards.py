"""Fictional plans in the layouts other boards use, beyond the seeds: each loads into
the recommendations and actions it holds, or is refused naming what it found.

The plans (``tests/data/other_boards``) were written to probe the loaders: a Home
Office DHR template, one sheet per agency, numbered paragraphs with lettered actions,
grid tables whose cells wrap, headers on two rows, an NHS serious-incident plan and
others. Their counts were checked by hand against each plan.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewgraph.graph import InputError
from reviewgraph.loaders import load_document

PLANS = Path(__file__).resolve().parent / "data" / "other_boards"

COUNTS = {
    # layout: counts of recommendations and actions
    "p1_greyholm_cspr_child_m.docx": (4, 6),
    "p2_harrowdene_sar_mr_t.xlsx": (6, 7),
    "p3_oakmere_lscp_baby_j.md": (4, 8),
    "p3b_oakmere_lscp_baby_j.txt": (4, 8),
    "p3c_oakmere_label_value.txt": (2, 2),
    "p4_wexcombe_dhr_ms_r.docx": (5, 6),
    "p5_brackley_scr_child_s.csv": (6, 7),
    "p6_penrose_sar_mrs_h.pdf": (5, 6),
    "p8_fellmoor_cspr_child_b.txt": (4, 6),
    "p8b_fellmoor_section_rows.txt": (4, 6),
    "1_thornbury_child_q.html": (4, 8),
    "2_greywater_sar_mr_d.xlsx": (4, 8),
    "3_harlowfen_lcspr_siblings_r.docx": (5, 6),
    "4_castlemere_dhr_ms_f.pdf": (4, 5),
    "5_northby_scr_child_v.docx": (6, 8),
    "6_kestrelbay_sar_mrs_w.md": (5, 8),
    "7_millbrook_dhr_jamal.txt": (6, 7),
    "8b_pelham_cspr_baby_n.pdf": (3, 3),
    "p1_ravensmoor_si.xlsx": (4, 7),
    "p2_dunholm_sar.docx": (5, 6),
    "p3_calderholt_cspr.csv": (6, 7),
    "p4_brackley_dhr.docx": (6, 7),
    "p5_westmarsh_sar.txt": (5, 6),
    "p6_hollinwood_scr.txt": (5, 6),
    "p7_ambermoor_cspr.docx": (6, 7),
    "p8_greyford_sar.pdf": (3, 12),
}

REFUSED = {
    "p7a_staff_rota.xlsx": "no column holds recommendations",
    "p7b_issues_log.docx": "no column holds recommendations",
    "p7c_budget.csv": "no column holds recommendations",
    "p7d_it_asset_register.csv": "no column holds recommendations",
    "p7e_training_log.txt": "no column holds recommendations",
    "8a_ashcombe_sar_narrative_only.docx": "not the review's report",
}


def test_every_plan_is_listed():
    assert sorted(p.name for p in PLANS.iterdir()) == sorted([*COUNTS, *REFUSED])


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_each_plan_loads_what_it_holds(name):
    result = load_document(PLANS / name)
    graph = result.graph
    assert (graph.count("Recommendation"), graph.count("Action")) == COUNTS[name]
    assert all(a.text.strip() for a in graph.nodes("Action"))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_is_not_a_plan_is_refused_saying_what_it_holds(name):
    with pytest.raises(InputError) as caught:
        load_document(PLANS / name)
    assert str(caught.value).startswith(str(PLANS / name))
    assert REFUSED[name] in str(caught.value)


def test_cross_references_other_boards_write():
    graph = load_document(PLANS / "p3_calderholt_cspr.csv").graph
    resolved = {
        x.raw: [t.ref for t in graph.targets(x.id, "RESOLVES_TO")]
        for x in graph.nodes("CrossReference")
    }
    assert resolved == {
        "links to A": ["A"],
        "see (A) above": ["A"],
        "as for B": ["B"],
        "see G": [],
        "links to C": ["C"],
    }


def test_a_dhr_templates_lead_agencies_own_their_actions():
    graph = load_document(PLANS / "p4_wexcombe_dhr_ms_r.docx").graph
    assert graph.count("LeadRole") == 0
    owners = sorted(
        {t.name for a in graph.nodes("Action") for t in graph.targets(a.id, "OWNED_BY")}
    )
    assert owners == [
        "NHS Wexcombe Integrated Care Board",
        "Probation Service – Wexcombe and Dunmoor Delivery Unit",
        "Wexcombe Community Safety Partnership",
        "Wexcombe District Council – Housing Options",
    ]
