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
    # running header and footer on every page of a PDF
    "1_brindlecombe_cspr_child_t.pdf": (6, 8),
    # a table of recommendations, then a table of actions naming them by number
    "2_harrowgate_sar_mr_k.docx": (4, 6),
    # Key, live, Closed actions and hidden sheets; recommendation 1 on two sheets
    "3_pennockbay_sar_mrs_p.xlsx": (5, 7),
    # semicolons, Windows-1252
    "4_stclement_dhr_helene.csv": (5, 5),
    "4b_stclement_no_title.csv": (5, 5),
    "4c_stclement_utf8.csv": (5, 5),
    "5_crowhurst_cspr_siblings_l.docx": (6, 6),
    "6_larkfield_sar_ms_j.docx": (6, 6),
    "7_ferncliffe_si_2024_117.txt": (5, 6),
    # a PDF saved under a .docx name is read as the PDF it is
    "8d_renamed_pdf_plan.docx": (6, 8),
    # Welsh bilingual column titles, a Scottish learning review, a Northern Ireland case
    # management review, national recommendations beside local ones, an NHS safety
    # action plan, a thematic review of 40 recommendations, percentages for statuses,
    # numbered sub-actions with parallel numbered owners and dates
    "r1_cwmarian_cpr_child_y.docx": (5, 7),
    "r2_glenlarach_lr_child_c.docx": (4, 6),
    "r3_ballykeel_cmr_young_person_e.pdf": (5, 6),
    "r4_saltmere_lcspr_twins_a_b.html": (6, 7),
    "r5_hollowmere_psii_2024_031.csv": (3, 5),
    "r6_orrinsford_sar_thematic_large.xlsx": (40, 90),
    "r7_lymevale_mhh_mr_s.txt": (5, 6),
    "r8_dyfnant_apr_mr_g.docx": (3, 8),
    # a header on two levels, two reviews in one file, a minimal list with "Lead:" lines,
    # <details> blocks, replaced dates, merged cells with "Closed? Y/N", numbering that
    # restarts in each agency's section
    "q2_stannaryvale_lcspr_child_h_twolevel.docx": (4, 5),
    "q3_corranmoor_two_sars_mr_l_ms_n.docx": (6, 6),
    "q4_ashgrove_rr_baby_w_minimal.txt": (4, 4),
    "q5_tollbridge_sar_mrs_y_details.html": (4, 5),
    "q6_kilnseydale_cspr_child_z_tracked.docx": (5, 5),
    "q7_blackwater_sar_mr_o_merged.xlsx": (3, 10),
    "q8_fenmarsh_dhr_adaeze_restart.docx": (6, 6),
    # ordinary layouts with messy words: bullets, a Finding column, a Learning column,
    # dittos, ticks and coloured circles for statuses, owners with their body in brackets
    "1_marshfield_cspr_child_r.docx": (3, 6),
    "2_saltonbury_sar_mrs_e.xlsx": (4, 4),
    "3_oakhaven_dhr_lena.pdf": (3, 3),
    "4_brookholm_cspr_baby_t.csv": (3, 6),
    "5_wyndlebridge_sar_mr_a.md": (5, 5),
    "6_ferrowby_lcspr_siblings_kl.docx": (4, 4),
    # file quirks: Excel dates formatted "mmm-yy", ligatures and words hyphenated at a
    # PDF's line ends, a CSV with a byte-order mark, a nested HTML table, a docx with a
    # spacer column and repeated headers, a sheet with a banner row and filters
    "1_pellworth_cspr_child_f.xlsx": (3, 4),
    "2_quenby_sar_mr_h.pdf": (3, 3),
    "3_ravensby_dhr_ms_c.csv": (3, 4),
    "4_tollerdene_lcspr_child_n.html": (2, 3),
    "5_hembury_sar_mrs_k.docx": (4, 4),
    "6_marrowfield_sar_mr_j.xlsx": (3, 3),
    # mixed status words, "All Named Nurses", months without a year, actions 1a and 1b,
    # owners given with a person's name or an address
    "1_harrowmere_child_r.docx": (3, 3),
    "2_fellbridge_sar_mr_t.xlsx": (2, 6),
    "3_ashcombe_sibling_s.txt": (3, 3),
    "4_quarrington_baby_q.docx": (2, 4),
    "5_wendle_dhr_ms_k.csv": (3, 3),
}

#: plans that give recommendations and their leads but no actions: each lead's action
#: has no words of its own
OWNERS_ONLY = {"q4_ashgrove_rr_baby_w_minimal.txt"}

REFUSED = {
    "p7a_staff_rota.xlsx": "no column holds recommendations",
    "p7b_issues_log.docx": "no column holds recommendations",
    "p7c_budget.csv": "no column holds recommendations",
    "p7d_it_asset_register.csv": "no column holds recommendations",
    "p7e_training_log.txt": "no column holds recommendations",
    "8a_ashcombe_sar_narrative_only.docx": "not the review's report",
    "8a_mossbridge_cspr_child_d.odt": "an OpenDocument file (.odt, .ods)",
    "8b_quarrymoor_sar_mr_e.rtf": "an RTF file",
    "8f_quarrymoor_sar_mr_e.doc": "an RTF file",
    "8c_empty_plan.xlsx": "the file holds no text",
    "8e_truncated_plan.docx": "damaged or truncated",
    "8g_header_only.csv": "no rows of recommendations under its header",
    # each column a recommendation: not read, and said so
    "q1_wrenfold_sar_mr_v_transposed.docx": "no column holds recommendations",
}


def test_every_plan_is_listed():
    assert sorted(p.name for p in PLANS.iterdir()) == sorted([*COUNTS, *REFUSED])


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_each_plan_loads_what_it_holds(name):
    result = load_document(PLANS / name)
    graph = result.graph
    assert (graph.count("Recommendation"), graph.count("Action")) == COUNTS[name]
    if name not in OWNERS_ONLY:
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


def test_two_tables_linked_by_number_and_a_semicolon_csv():
    graph = load_document(PLANS / "2_harrowgate_sar_mr_k.docx").graph
    per_rec = {r.ref: len(graph.targets(r.id, "HAS_ACTION")) for r in graph.nodes("Recommendation")}
    assert per_rec == {"1": 2, "2": 1, "3": 2, "4": 1}
    graph = load_document(PLANS / "4_stclement_dhr_helene.csv").graph
    texts = sorted(a.progress or "" for a in graph.nodes("Action"))
    assert "£12,000 allocated from the Partnership budget" in texts


def test_dates_and_statuses_as_other_boards_write_them():
    graph = load_document(PLANS / "7_ferncliffe_si_2024_117.txt").graph
    dues = {a.due_raw: (a.due_start, a.due_end) for a in graph.nodes("Action")}
    assert {raw: (str(start), str(end)) for raw, (start, end) in dues.items()} == {
        "12th Sept '24": ("2024-09-12", "2024-09-12"),
        "Sep 24": ("2024-09-01", "2024-09-30"),
        "2024-09-30": ("2024-09-30", "2024-09-30"),
        "30.9.24": ("2024-09-30", "2024-09-30"),
        "end Oct '24": ("2024-10-31", "2024-10-31"),
        "Q3 2024/25": ("2024-10-01", "2024-12-31"),
    }
    graph = load_document(PLANS / "5_crowhurst_cspr_siblings_l.docx").graph
    marked = [a for a in graph.nodes("Action") if (a.status_raw or "").startswith("Complete")]
    assert marked and all(a.status.value == "complete" for a in marked)


def test_a_folder_says_which_document_files_it_does_not_read(tmp_path):
    from reviewgraph.loaders.batch import plan_files

    for name in ("8a_mossbridge_cspr_child_d.odt", "7_ferncliffe_si_2024_117.txt"):
        (tmp_path / name).write_bytes((PLANS / name).read_bytes())
    files, failures, notes = plan_files([tmp_path])
    assert [f.name for f in files] == ["7_ferncliffe_si_2024_117.txt"]
    assert not failures
    assert notes == [
        f"{tmp_path / '8a_mossbridge_cspr_child_d.odt'}: skipped: reviewgraph does not read "
        ".odt files (save it as .docx, .xlsx or PDF)"
    ]


def test_titles_statuses_and_dates_from_other_nations_and_reviews():
    graph = load_document(PLANS / "r1_cwmarian_cpr_child_y.docx").graph
    dues = {a.due_raw: (str(a.due_start), str(a.due_end)) for a in graph.nodes("Action")}
    assert dues["Mawrth 2024 / March 2024"] == ("2024-03-01", "2024-03-31")
    assert "Fel Uchod" not in {r.name for r in graph.nodes("LeadRole")}
    graph = load_document(PLANS / "r7_lymevale_mhh_mr_s.txt").graph
    statuses = {a.progress: a.status.value for a in graph.nodes("Action")}
    assert statuses == {
        "100%": "complete",
        "75% complete": "in_progress",
        "50%": "in_progress",
        "0%": "not_started",
        "25% complete": "in_progress",
        "Complete (100%)": "complete",
    }
    review = next(graph.nodes("Review"))
    assert (str(review.as_of), review.board) == ("2024-10-01", "Lyme Vale Mental Health NHS Trust")
    graph = load_document(PLANS / "r8_dyfnant_apr_mr_g.docx").graph
    # "1.2 September 2024": sub-action 1.2's date, September, not the 1st of September
    dues = {a.due_raw: (a.due_start, a.due_end) for a in graph.nodes("Action") if a.due_raw}
    assert [
        (str(start), str(end)) for raw, (start, end) in dues.items() if raw.startswith("1.2")
    ] == [("2024-09-01", "2024-09-30")]
    assert not [r for r in graph.nodes("LeadRole") if r.name[:1].isdigit()]


def test_the_large_plans_references_to_numbered_actions():
    graph = load_document(PLANS / "r6_orrinsford_sar_thematic_large.xlsx").graph
    resolved = {
        x.raw: [t.handle for t in graph.targets(x.id, "RESOLVES_TO")]
        for x in graph.nodes("CrossReference")
    }
    assert resolved["See 7.2"] and resolved["As action 3.1"]
    assert resolved["See recommendation 41"] == []


def test_closed_columns_replaced_dates_and_spanned_titles():
    graph = load_document(PLANS / "q7_blackwater_sar_mr_o_merged.xlsx").graph
    assert sum(a.status.value == "complete" for a in graph.nodes("Action")) == 4
    graph = load_document(PLANS / "q6_kilnseydale_cspr_child_z_tracked.docx").graph
    dues = {a.due_raw: str(a.due_end) for a in graph.nodes("Action")}
    assert dues["~~March 2024~~ June 2024"] == "2024-06-30"
    assert dues["December 2023 revised to April 2024"] == "2024-04-30"
    graph = load_document(PLANS / "q2_stannaryvale_lcspr_child_h_twolevel.docx").graph
    assert sorted(r.name for r in graph.nodes("LeadRole"))[:2] == [
        "Designated Nurse for Safeguarding Children",
        "Education Safeguarding Adviser",
    ]
    (reference, *more) = graph.nodes("CrossReference")
    assert len(more) == 1  # "see 1 and 3": two pointers
    graph = load_document(PLANS / "q4_ashgrove_rr_baby_w_minimal.txt").graph
    assert "Ashgrove Safeguarding Children Partnership" in {a.name for a in graph.nodes("Agency")}
    assert not [a for a in graph.nodes("Agency") if "2025" in a.name]


def test_numbers_that_restart_in_each_section_are_no_duplicates(tmp_path):
    from reviewgraph import queries
    from reviewgraph.graph.store import Store
    from reviewgraph.loaders.batch import load_paths

    with Store.open(tmp_path / "plans.graph") as store:
        load_paths(store, [PLANS / "q8_fenmarsh_dhr_adaeze_restart.docx"])
    with Store.open(tmp_path / "plans.graph", readonly=True) as store:
        rules = {f.rule for f in queries.run_checks(store)}
    assert "duplicate-recommendation-number" not in rules


def test_ticks_circles_and_bracketed_bodies():
    graph = load_document(PLANS / "5_wyndlebridge_sar_mr_a.md").graph
    read = {(a.status_raw, a.status.value, a.rag) for a in graph.nodes("Action")}
    assert ("✓", "complete", None) in read
    assert ("🟢", "complete", "green") in read
    graph = load_document(PLANS / "6_ferrowby_lcspr_siblings_kl.docx").graph
    members = {
        r.name: [a.name for a in graph.targets(r.id, "MEMBER_OF")] for r in graph.nodes("LeadRole")
    }
    assert members["Education Safeguarding Lead"] == ["Ferrowby Council"]


def test_one_update_for_several_steps_gives_each_its_sentence():
    graph = load_document(PLANS / "1_marshfield_cspr_child_r.docx").graph
    progress = {a.progress: a.status.value for a in graph.nodes("Action") if a.progress}
    assert progress["Briefings ongoing."] == "in_progress"
    assert progress["Audit not yet started."] == "not_started"


def test_hyphens_at_line_ends_month_formats_and_one_owner_a_line():
    graph = load_document(PLANS / "2_quenby_sar_mr_h.pdf").graph
    texts = sorted(a.text for a in graph.nodes("Action"))
    assert "Revise the self-neglect procedure and confirm filing timescales." in texts
    assert any("co-ordinators" in t for t in texts)
    graph = load_document(PLANS / "1_pellworth_cspr_child_f.xlsx").graph
    dues = {a.due_raw: str(a.due_end) for a in graph.nodes("Action")}
    assert dues["November 2023"] == "2023-11-30"


def test_lettered_actions_and_owners_with_names_or_addresses():
    graph = load_document(PLANS / "4_quarrington_baby_q.docx").graph
    resolved = {
        x.raw: [
            (r.ref, t.order)
            for t in graph.targets(x.id, "RESOLVES_TO")
            for r in graph.sources(t.id, "HAS_ACTION")
        ]
        for x in graph.nodes("CrossReference")
    }
    assert resolved == {"see 1b": [("1", 2)], "as per 2a": [("2", 1)]}
    graph = load_document(PLANS / "5_wendle_dhr_ms_k.csv").graph
    names = {r.name for r in graph.nodes("LeadRole")}
    assert not [n for n in names if "@" in n or n.startswith(("J. ", "A. "))]
