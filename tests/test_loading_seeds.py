"""Facts read by hand from the seed plans, checked against what the loaders build."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewgraph.graph import ReviewGraph


def recommendation(graph: ReviewGraph, ref: str):
    found = [r for r in graph.nodes("Recommendation") if r.ref == ref]
    assert len(found) == 1, f"{len(found)} recommendations numbered {ref!r}"
    return found[0]


def actions_of(graph: ReviewGraph, ref: str):
    rec = recommendation(graph, ref)
    return sorted(graph.targets(rec.id, "HAS_ACTION"), key=lambda a: int(a.id.rsplit(":", 1)[1]))


def owners(graph: ReviewGraph, action) -> list[tuple[str, str]]:
    return [
        (role.name, graph.targets(role.id, "MEMBER_OF")[0].name)
        for role in graph.targets(action.id, "OWNED_BY")
    ]


def agency_of(graph: ReviewGraph, ref: str) -> str:
    return graph.targets(recommendation(graph, ref).id, "DIRECTED_AT")[0].name


@pytest.mark.parametrize(
    ("seed", "layout", "recommendations", "actions", "roles", "agencies"),
    [
        # Line 38's two steps are three, one per sub-item 3.3.13 (a)-(c), as its dates,
        # owners and progress entries are.
        ("kingston", "pipe-html", 47, 38, 12, 6),
        # "b) LLN" is the "Lead Locality Nurse's (LLN)" of a); MPS is the force of line 21.
        ("bexley", "tab", 30, 42, 31, 7),
        # The bodies the updates name as doing the work (KSCB Unit, the workstreams, …).
        ("kirklees", "tab", 26, 29, 8, 6),
        # Steps run together as sentences beside their dates (8, 47, 67), an intro with a
        # date of its own (45), one list cut by a page break (23); agencies owning actions
        # are not roles of themselves (BHFT, HWPHT, LSCB, Health commissioners); BECHS.
        ("windsor", "tab", 68, 155, 31, 8),
        # One action per piece of work, counted by hand (tests/keys/004.json).
        ("buckinghamshire", "prose", 10, 39, 0, 6),
    ],
)
def test_counts_match_a_hand_count(
    seed, layout, recommendations, actions, roles, agencies, seed_graph
):
    graph = seed_graph(seed)
    assert graph.nodes("Document").__next__().layout == layout
    assert graph.count("Recommendation") == recommendations
    assert graph.count("Action") == actions
    assert graph.count("LeadRole") == roles
    assert graph.count("Agency") == agencies


# -- Kingston (000): pipe tables with HTML cells ---------------------------------


def test_kingston_numbering_keeps_items_and_drops_intro_lines(seed_graph):
    graph = seed_graph("kingston")
    refs = {r.ref for r in graph.nodes("Recommendation")}
    for ref in [
        "3.3.1",
        "3.3.7",
        "3.3.9(i)",
        "3.3.9(vi)",
        "3.3.13(c)",
        "3.3.17(iii)",
        "3.4.2(d)",
        "3.5.5",
        "3.6.3",
        "3.7.4",
    ]:
        assert ref in refs
    # "3.5 The Police identified two recommendations:" only introduces 3.5.1 and 3.5.2.
    assert not {"3.3", "3.4", "3.5", "3.6", "3.7", "3.3.17"} & refs
    assert recommendation(graph, "3.5.1").intro == "The Police identified two recommendations:"
    parts = graph.targets(recommendation(graph, "3.3.9").id, "HAS_PART")
    assert [p.ref for p in parts] == [f"3.3.9({n})" for n in ["i", "ii", "iii", "iv", "v", "vi"]]


def test_kingston_sections_name_the_agencies(seed_graph):
    graph = seed_graph("kingston")
    assert sorted(a.name for a in graph.nodes("Agency")) == [
        "Children's Services RBK",
        "Housing RBK",
        "Kingston Hospital",
        "Kingston Local Safeguarding Children Board",
        "Kingston PCT",
        "Kingston Police",
    ]
    assert agency_of(graph, "3.4.1") == "Housing RBK"
    assert agency_of(graph, "3.5.5") == "Kingston Police"
    unnumbered = [r for r in graph.nodes("Recommendation") if r.ref is None and r.order < 5]
    assert [agency_of_node(graph, r) for r in unnumbered] == [
        "Kingston Local Safeguarding Children Board"
    ] * 4


def agency_of_node(graph, rec):
    return graph.targets(rec.id, "DIRECTED_AT")[0].name


def test_kingston_parallel_lists_pair_dates_and_owners_with_their_items(seed_graph):
    graph = seed_graph("kingston")
    (commander,) = actions_of(graph, "3.5.1")
    (inspector,) = actions_of(graph, "3.5.2")
    assert (commander.text, commander.due_raw) == ("System in place", "September 2006")
    assert owners(graph, commander) == [("Borough Commander Kingston Police", "Kingston Police")]
    assert inspector.due_raw == "March 2006"
    assert owners(graph, inspector) == [
        ("Detective Inspector Child Abuse Investigation Team", "Kingston Police")
    ]
    texts = [a.text for r in ("3.6.1", "3.6.2", "3.6.3") for a in actions_of(graph, r)]
    assert texts == [
        "Policies reviewed and changed",
        "Increased training on Domestic Violence included in training programme for all "
        "midwifery and Accident and Emergency staff",
        "Policies reviewed and changed",
    ]
    assert [
        a.due_raw for r in ("3.3.17(i)", "3.3.17(ii)", "3.3.17(iii)") for a in actions_of(graph, r)
    ] == ["May 2006", "April - Sept 2006", "April 2006"]


def test_kingston_page_breaks_rejoin_cut_rows(seed_graph):
    graph = seed_graph("kingston")
    # 3.7.4's words run over a table break: "Working Together to | Safeguard Children".
    assert "Working Together to Safeguard Children" in recommendation(graph, "3.7.4").text
    (action,) = actions_of(graph, "3.7.4")
    assert action.text.endswith(
        "Family Service Practitioners on Domestic violence to raise "
        "awareness of domestic violence, the impact on children and "
        "other family members and the risk in relation to child "
        "protection."
    )
    # The PCT progress text "...which covered multi | discipline groups" is one sentence.
    (fathers,) = actions_of(graph, "3.7.1")
    assert "which covered multi discipline groups" in fathers.progress
    (audit,) = actions_of(graph, "3.3.9(ii)")
    assert (audit.text, audit.due_start, audit.due_end) == (
        "Monthly file audit completed by senior managers.",
        dt.date(2006, 1, 1),
        None,
    )


def test_kingston_a_date_after_a_page_break_is_an_entry_of_its_own(seed_path, tmp_path):
    # Line 30 (3.3.9 ii.) follows a page break; printed "end January 2006" its date
    # starts in lower case and must still not run on from 3.3.9 (i)'s date above.
    from reviewgraph.loaders import load_document

    lines = seed_path("kingston").read_text(encoding="utf-8").splitlines()
    assert "January 2006 onwards." in lines[29]
    lines[29] = lines[29].replace("January 2006 onwards.", "end January 2006")
    plan = tmp_path / "000_kingston_variant.txt"
    plan.write_text("\n".join(lines), encoding="utf-8")
    graph = load_document(plan).graph
    (first,) = actions_of(graph, "3.3.9(i)")
    (second,) = actions_of(graph, "3.3.9(ii)")
    assert first.due_raw == "April 2006-March 2007 monitored on a quarterly basis."
    assert second.due_raw == "end January 2006"


def test_windsor_a_page_break_before_a_row_of_further_actions_changes_nothing(
    seed_path, tmp_path
):
    # Rows 104-106 add actions to 34 with an empty RECOMMENDATION cell; 105 prints no
    # outcome, status or evidence. With a page break (the header repeated) before 105
    # it is still a row of its own, not the rest of a cut 104: it takes nothing of 104's.
    from reviewgraph.loaders import load_document

    def actions(path):
        graph = load_document(path).graph
        return [
            (a.text, a.due_raw, a.owner_raw, a.outcome, a.status_raw, a.evidence)
            for a in actions_of(graph, "34")
        ]

    lines = seed_path("windsor").read_text(encoding="utf-8").splitlines()
    assert lines[104].startswith("\t<p>The FFTF will include the proviso")
    header = lines[101]
    assert header.startswith("RECOMMENDATION\tACTION REQUIRED")
    variant = tmp_path / "003_windsor_variant.txt"
    variant.write_text("\n".join([*lines[:104], "", header, *lines[104:]]), encoding="utf-8")
    assert actions(variant) == actions(seed_path("windsor"))
    assert actions(variant)[2][3:] == (None, None, None)


def test_kingston_run_together_owners_and_roles_of_other_agencies(seed_graph):
    graph = seed_graph("kingston")
    protocol, training = actions_of(graph, "3.4.1") + actions_of(graph, "3.4.2")
    assert sorted(owners(graph, protocol)) == [
        ("Directorate Head of Children's Services and Safeguarding", "Children's Services RBK"),
        ("Head of Housing", "Housing RBK"),
    ]
    assert training.status.value == "complete"


def test_kingston_ditto_cells_take_the_value_above(seed_graph):
    graph = seed_graph("kingston")
    (policy,) = actions_of(graph, "3.3.9(iii)")
    assert policy.dittos == {"owner_raw": "As above."}
    assert policy.owner_raw == "Directorate Head of Children's Services and Safeguarding."


def test_kingston_review_and_unplaced_text(seed_graph, seed_path):
    from reviewgraph.loaders import load_document

    graph = seed_graph("kingston")
    review = next(graph.nodes("Review"))
    assert (review.board, review.subject, review.kind, review.as_of) == (
        "Kingston Local Safeguarding Children Board",
        "Baby A",
        "Serious Case Review",
        dt.date(2006, 7, 1),
    )
    result = load_document(seed_path("kingston"))
    assert {u.what for u in result.unplaced} == {"title", "note", "signature"}
    assert all(u.reason == "decoration" for u in result.unplaced)


# -- Bexley (001): tab-separated, header repeated at page breaks ------------------


def test_bexley_sections_and_hospital_aliases(seed_graph):
    graph = seed_graph("bexley")
    agencies = {a.name: a.aliases for a in graph.nodes("Agency")}
    assert agencies == {
        "Bexley Local Safeguarding Children Board": ["Bexley LSCB"],
        "Dartford & Gravesham NHS Trust": ["hospital 1"],
        "Bexley Social Care": [],
        "Bexley Care Trust": [],
        "South London NHS Trust": ["hospital 2"],
        "Oxleas NHS Foundation Trust": [],
        "MPS": [],
    }
    assert agency_of(graph, "6.1") == "South London NHS Trust"


def test_bexley_page_break_continues_the_cut_row(seed_graph):
    graph = seed_graph("bexley")
    rec = recommendation(graph, "3.2")
    assert rec.text.endswith(
        "prior to discharge, to ensure the completion of a comprehensive "
        "assessment, and that all investigations and concerns have been "
        "documented, followed through and accounted for"
    )
    assert (rec.source.line_start, rec.source.line_end) == (30, 33)
    # 5.2's steps a)–c) are on line 59, d) after the page break on line 62, each with a date.
    steps = actions_of(graph, "5.2")
    assert [a.text for a in steps][
        -1
    ] == "All surgeries to be visited during 2009 to discuss processes"
    assert [a.due_raw for a in steps] == [
        "Ongoing rolling programme",
        "Ongoing",
        "Training delivered to 102 GP's 28.1.09",
        "Programme of visits to be arranged from Sept 09",
    ]


def test_bexley_run_together_owners_are_separate_roles(seed_graph):
    graph = seed_graph("bexley")
    (memo,) = actions_of(graph, "3.3")
    assert sorted(name for name, _ in owners(graph, memo)) == [
        "Link Professionals",
        "Named Doctor",
        "Named Midwife",
        "Named Nurse",
        "Senior Sister, Safeguarding",
    ]
    assert {agency for _, agency in owners(graph, memo)} == {"Dartford & Gravesham NHS Trust"}


def test_bexley_one_action_with_two_owners_and_dates_becomes_two(seed_graph):
    graph = seed_graph("bexley")
    first, second = actions_of(graph, "6.2")
    assert first.text == second.text == "Make clear record keeping responsibilities of all staff"
    assert (first.due_raw, owners(graph, first)) == (
        "31 July 2009",
        [("Charge Nurse Paediatric A&E", "South London NHS Trust")],
    )
    assert (second.due_raw, owners(graph, second)) == (
        "August 2009",
        [("Associate Director of C&YP", "South London NHS Trust")],
    )


def test_bexley_lettered_steps_go_to_their_sub_items(seed_graph):
    graph = seed_graph("bexley")
    assert [p.ref for p in graph.targets(recommendation(graph, "5.1").id, "HAS_PART")] == [
        "5.1(a)",
        "5.1(b)",
        "5.1(c)",
    ]
    pathway, standard = actions_of(graph, "5.1(b)")
    assert (pathway.text, pathway.due_raw) == ("develop care pathway", "May 2009")
    assert (standard.text, standard.due_raw) == ("develop Standard", "June 2009")
    assert [a.text for a in actions_of(graph, "5.1(c)")] == [
        "Arrange meeting with hospital 1",
        "Develop protocol",
    ]


def test_bexley_dates_and_statuses(seed_graph):
    graph = seed_graph("bexley")
    (review,) = actions_of(graph, "3.2")
    assert (review.due_start, review.due_end) == (dt.date(2009, 4, 30), dt.date(2009, 4, 30))
    assert all(a.status.value == "complete" for a in graph.nodes("Action"))
    assert review.status_raw == "COMPLETED"


# -- Kirklees (002): unnumbered recommendations, RAG, Mar-12 ------------------------


def test_kirklees_unnumbered_recommendations_by_position(seed_graph):
    graph = seed_graph("kirklees")
    recs = sorted(graph.nodes("Recommendation"), key=lambda r: r.order)
    assert all(r.ref is None for r in recs)
    assert recs[0].text.startswith("The KSCB to provide learning opportunities")
    assert agency_of_node(graph, recs[0]) == "Kirklees Safeguarding Children Board"
    assert agency_of_node(graph, recs[5]) == "Action for Children"
    (first,) = graph.targets(recs[0].id, "HAS_ACTION")
    assert (first.rag, first.due_raw, first.due_start, first.due_end) == (
        "amber",
        "Mar-12",
        dt.date(2012, 3, 1),
        dt.date(2012, 3, 31),
    )


def test_kirklees_report_section_is_directed_at_the_agencies_it_names(seed_graph):
    graph = seed_graph("kirklees")
    assert "Health Overview Report" not in {a.name for a in graph.nodes("Agency")}
    report = [r for r in graph.nodes("Recommendation") if r.section == "Health Overview Report"]
    # "SWYFPT should review …" is the plan's own misspelling of SWYPFT.
    assert [agency_of_node(graph, r) for r in report] == [
        "Kirklees Safeguarding Children Board",
        "South West Yorkshire Partnership NHS Foundation Trust",
        "South West Yorkshire Partnership NHS Foundation Trust",
    ]


def test_kirklees_repeated_header_does_not_start_a_new_section(seed_graph):
    graph = seed_graph("kirklees")
    sections = [r.section for r in graph.nodes("Recommendation")]
    assert (
        sections.count(
            "Kirklees Children and Young People Service: Safeguarding and Specialist Provision"
        )
        == 5
    )
    assert sections.count("South West Yorkshire Partnership NHS Foundation Trust") == 5


# -- Windsor & Maidenhead (003): 7 columns, several actions per recommendation ----


def test_windsor_numbers_recommendations_1_to_68_in_seven_sections(seed_graph):
    graph = seed_graph("windsor")
    assert sorted(int(r.ref) for r in graph.nodes("Recommendation")) == list(range(1, 69))
    assert agency_of(graph, "1") == "Windsor and Maidenhead Local Safeguarding Children Board"
    assert agency_of(graph, "38") == "Wexham Park Hospital"
    assert agency_of(graph, "56") == "RBWM Children’s Social Care"


def test_windsor_semicolon_steps_pair_with_run_together_dates_and_owners(seed_graph):
    graph = seed_graph("windsor")
    review, audit, training = actions_of(graph, "1")
    assert review.text == "The LSCB to review the assessment documents of all agencies"
    assert [a.due_raw for a in (review, audit, training)] == [
        "May 2012",
        "June 2012",
        "January 2012",
    ]
    assert [owners(graph, a)[0][0] for a in (review, audit, training)] == [
        "LSCB Chair",
        "LSCB Monitoring and Evaluation Sub-Committee",
        "LSCB Chair",
    ]


def test_windsor_extra_rows_add_actions_and_see_above_is_a_ditto(seed_graph):
    graph = seed_graph("windsor")
    steps = actions_of(graph, "56")
    assert len(steps) == 4
    assert steps[1].text.startswith("Berkshire LSCB Child Protection procedures")
    assert steps[1].dittos == {"outcome": "SEE ABOVE"}
    assert steps[1].outcome == steps[0].outcome
    assert steps[0].outcome.startswith("Partnership staff are aware")
    assert [a.due_raw for a in steps] == [
        "March 2012",
        "September 2011",
        "October 2011",
        "September 2011",
    ]


def test_windsor_statuses_pair_with_sentence_steps(seed_graph):
    graph = seed_graph("windsor")
    form, procedures = actions_of(graph, "49")
    assert (form.status.value, procedures.status.value) == ("complete", "in_progress")
    assert procedures.status_raw == "Ongoing"
