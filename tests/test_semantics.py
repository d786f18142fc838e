"""Owners, statuses, progress dates, mentions and dittos: seed facts and plans made to test them."""

from __future__ import annotations

import datetime as dt
import re

import networkx as nx
import pytest

from reviewgraph.graph import InputError
from reviewgraph.loaders import load_document
from reviewgraph.loaders.status import action_status, rag_legend


def owners_of(graph, action) -> list[tuple[str | None, str, str]]:
    found = []
    for owner in graph.targets(action.id, "OWNED_BY"):
        basis = graph.edge_properties(action.id, "OWNED_BY", owner.id)["basis"]
        if owner.label == "Agency":
            found.append((None, owner.name, basis))
        else:
            found.append((owner.name, graph.targets(owner.id, "MEMBER_OF")[0].name, basis))
    return sorted(found, key=str)


def action_at(graph, line: int, words: str):
    (found,) = [
        a
        for a in graph.nodes("Action")
        if a.source.line_start <= line <= a.source.line_end and a.text.startswith(words)
    ]
    return found


# -- owners ---------------------------------------------------------------------------


def test_every_kirklees_action_has_an_owner_with_its_basis(seed_graph):
    graph = seed_graph("kirklees")
    actions = list(graph.nodes("Action"))
    assert len(actions) == 29
    bases = {a.id: {b for _, _, b in owners_of(graph, a)} for a in actions}
    assert all(len(b) == 1 for b in bases.values())
    counted = [next(iter(b)) for b in bases.values()]
    # Nine updates name who did the work; twenty do not and fall to the recommendation's agency.
    assert (counted.count("text"), counted.count("agency"), counted.count("named")) == (9, 20, 0)
    assert owners_of(graph, action_at(graph, 19, "KSCB Unit have developed")) == [
        ("KSCB Unit", "Kirklees Safeguarding Children Board", "text"),
        (
            "Vulnerable Adults and Their Children Workstream",
            "Kirklees Safeguarding Children Board",
            "text",
        ),
    ]
    # Named in the board's section, the two services are the children's service's (lines 36-37).
    children = "Kirklees Children and Young People Service: Safeguarding and Specialist Provision"
    assert owners_of(graph, action_at(graph, 20, "The Emergency Duty Service")) == [
        ("Duty and Assessment Service", children, "text"),
        ("Emergency Duty Service", children, "text"),
    ]
    # "NHS Kirklees, in consultation with SWYFPT has now developed …": the partner is named,
    # not the owner.
    assert owners_of(graph, action_at(graph, 72, "NHS Kirklees")) == [
        (None, "NHS Kirklees", "text")
    ]
    assert owners_of(graph, action_at(graph, 35, "Safeguarding Mental health")) == [
        (None, children, "agency")
    ]


def test_buckinghamshire_actions_are_owned_by_the_bodies_their_words_name(seed_graph):
    graph = seed_graph("buckinghamshire")
    assert all(graph.targets(a.id, "OWNED_BY") for a in graph.nodes("Action"))
    board = "Buckinghamshire Safeguarding Children Board"
    assert owners_of(graph, action_at(graph, 19, "We have undertaken")) == [(None, board, "text")]
    assert owners_of(graph, action_at(graph, 73, "The CCGs provide")) == [
        (None, "Buckinghamshire Clinical Commissioning Groups", "text")
    ]
    assert owners_of(graph, action_at(graph, 65, "Officers and staff")) == [
        (None, "Thames Valley Police", "agency")
    ]


def test_an_owner_cell_naming_an_agency_makes_the_agency_the_owner(seed_graph):
    graph = seed_graph("windsor")
    assert owners_of(graph, action_at(graph, 43, "BHFT to develop plan")) == [
        (None, "BHFT", "named")
    ]
    assert owners_of(graph, action_at(graph, 55, "BHFT to review health visiting")) == [
        (None, "BHFT", "named"),
        (None, "Windsor and Maidenhead Health Commissioners", "named"),
    ]
    assert not [r for r in graph.nodes("LeadRole") if r.name in ("BHFT", "HWPHT", "LSCB")]


# -- roles in their agency -----------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "role", "agency"),
    [
        # 003 lines 159-172: the Children's Social Care section, not Family Support Services.
        ("windsor", "PARIS Support", "RBWM Children’s Social Care"),
        # 001 lines 74-75: the Oxleas section; "Safeguarding Children" is no board's name.
        ("bexley", "Named Nurse for Safeguarding Children", "Oxleas NHS Foundation Trust"),
        # A title that ends with a force's initials is the force's (001 line 21).
        ("bexley", "Senior Investigating Officer MPS", "MPS"),
        ("bexley", "Designated Nurse BCT", "Bexley Care Trust"),
        ("kingston", "Head of Housing", "Housing RBK"),
        ("windsor", "Assistant Director Primary Care", "Windsor and Maidenhead Primary Care"),
    ],
)
def test_a_role_belongs_to_the_agency_its_section_and_words_give(seed, role, agency, seed_graph):
    graph = seed_graph(seed)
    (found,) = [r for r in graph.nodes("LeadRole") if r.name == role]
    assert [a.name for a in graph.targets(found.id, "MEMBER_OF")] == [agency]


def test_initials_a_role_defines_name_it_later(seed_graph):
    # 001 line 55 "a) Lead Locality Nurse's (LLN)", line 58 "b) LLN": one role.
    graph = seed_graph("bexley")
    assert not [r for r in graph.nodes("LeadRole") if r.name == "LLN"]
    develop = action_at(graph, 58, "develop care pathway")
    assert owners_of(graph, develop) == [
        ("Lead Locality Nurse's (LLN)", "Bexley Care Trust", "named")
    ]


# -- statuses --------------------------------------------------------------------------


def test_kirklees_statuses_are_its_rag_ratings(seed_graph, seed_path):
    # Counted in the plan's text: the RAG cell of every row of the tables.
    rows = [line.split("\t") for line in seed_path("kirklees").read_text().splitlines()]
    rags = [re.sub(r"<[^>]+>", "", r[1]) for r in rows if len(r) > 2 and r[1] != "RAG"]
    assert (rags.count("Green"), rags.count("Amber"), len(rags)) == (23, 3, 26)
    graph = seed_graph("kirklees")
    by_rag: dict[str, list[str]] = {}
    for action in graph.nodes("Action"):
        assert action.status_basis == "rag"
        by_rag.setdefault(action.rag, []).append(action.status.value)
    # The Green row at line 47 lists four pieces of its communications strategy.
    assert sorted(by_rag) == ["amber", "green"]
    assert by_rag["green"] == ["complete"] * 26
    assert by_rag["amber"] == ["in_progress"] * 3
    review = next(graph.nodes("Review"))
    overdue = [
        a
        for a in graph.nodes("Action")
        if a.status.value != "complete" and a.due_end and a.due_end < review.as_of
    ]
    assert overdue == []


def test_status_basis_says_where_each_status_was_read(seed_graph):
    # 003 line 105's row prints no status but its date says "Completed September 2011";
    # line 106's says nothing.
    windsor = {a.status_basis for a in seed_graph("windsor").nodes("Action")}
    assert windsor == {"status", "progress", "none"}
    bexley = seed_graph("bexley")
    assert {a.status_basis for a in bexley.nodes("Action")} <= {"progress", "status"}
    kingston = seed_graph("kingston")
    assert {a.status_basis for a in kingston.nodes("Action")} == {"progress", "none"}
    # "In Training Plan" gives no verdict.
    assert action_at(kingston, 26, "LSCB inter-agency").status_basis == "none"
    # "Addressed via ICS Oct/Nov 2006" in a plan as at 1 July 2006 is still to come.
    assert action_at(kingston, 38, "Further training").status.value == "in_progress"


LEGEND_PLAN = (
    "Anytown Safeguarding Children Board\n\nAction plan\n\n"
    "RAG key: Red – not started; Amber – in progress; Green – complete\n\n"
    "RECOMMENDATION\tACTION\tBY WHEN\tRAG\n"
    "1. Audit files\tRun the audit\tMay 2010\tRed\n"
    "2. Train staff\tDeliver training\tJune 2010\tGreen\n"
    "3. Update policy\tRevise the policy\tJuly 2010\tAmber\n"
)


def _statuses(graph) -> dict[str, tuple[str, str]]:
    return {a.text: (a.status.value, a.status_basis) for a in graph.nodes("Action")}


def test_a_plans_rag_legend_reads_its_colours(tmp_path):
    plan = tmp_path / "legend.txt"
    plan.write_text(LEGEND_PLAN, encoding="utf-8")
    assert _statuses(load_document(plan).graph) == {
        "Run the audit": ("not_started", "rag"),
        "Deliver training": ("complete", "rag"),
        "Revise the policy": ("in_progress", "rag"),
    }
    plain = tmp_path / "plain.txt"
    plain.write_text(LEGEND_PLAN.replace("RAG key: Red – not started; ", "Key: "), "utf-8")
    # Without a legend for Red, the default reading: delayed.
    assert _statuses(load_document(plain).graph)["Run the audit"] == ("delayed", "rag")


def test_a_users_rag_map_overrides_the_legend(tmp_path):
    plan = tmp_path / "legend.txt"
    plan.write_text(LEGEND_PLAN, encoding="utf-8")
    graph = load_document(plan, rag_map={"Red": "delayed", "AMBER": "not started"}).graph
    assert _statuses(graph)["Run the audit"] == ("delayed", "rag")
    assert _statuses(graph)["Revise the policy"] == ("not_started", "rag")
    with pytest.raises(InputError, match="unknown RAG colour 'blue'"):
        load_document(plan, rag_map={"blue": "complete"})
    with pytest.raises(InputError, match="unknown status 'finished'"):
        load_document(plan, rag_map={"green": "finished"})


@pytest.mark.parametrize(
    ("legend", "expected"),
    [
        (
            "R = delayed, A = on track, G = achieved",
            {"red": "delayed", "amber": "in_progress", "green": "complete"},
        ),
        ("Complete (Green) / In progress (Amber)", {"green": "complete", "amber": "in_progress"}),
        ("Green: on track; Red: off track", {"green": "in_progress", "red": "delayed"}),
        ("The Green Paper is complete", {}),
    ],
)
def test_rag_legends_as_boards_write_them(legend, expected):
    assert rag_legend(legend) == expected


def test_a_status_column_comes_before_the_rag_and_the_words():
    assert action_status(
        status_raw="Delayed", from_status_column=True, rag="Green", progress="Completed"
    ) == ("delayed", "green", "status")
    assert action_status(
        status_raw=None, from_status_column=False, rag=None, progress="To be reviewed in May"
    ) == ("in_progress", None, "progress")
    assert action_status(status_raw=None, from_status_column=False, rag=None, progress=None) == (
        "unknown",
        None,
        "none",
    )


# -- the plan's own date -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "as_of", "words"),
    [
        ("kingston", dt.date(2006, 7, 1), "PROGRESS AS AT 1.7.06"),
        # Dated December 2011 with RAG and Update columns: progress as at then.
        ("kirklees", dt.date(2011, 12, 31), "December 2011"),
        (
            "buckinghamshire",
            dt.date(2017, 6, 30),
            "Agency progress against action plan recommendations – June 2017",
        ),
        ("bexley", None, None),
        ("windsor", None, None),
    ],
)
def test_the_plans_own_progress_date(seed, as_of, words, seed_graph):
    review = next(seed_graph(seed).nodes("Review"))
    assert (review.as_of, review.as_of_raw) == (as_of, words)


@pytest.mark.parametrize(
    ("heading", "header", "expected"),
    [
        ("Updated June 2012", "PROGRESS", dt.date(2012, 6, 30)),
        ("Action plan", "Position at 30/06/2017", dt.date(2017, 6, 30)),
        ("Action plan", "Progress update March 2013", dt.date(2013, 3, 31)),
        ("Action plan – June 2014 update", "PROGRESS", dt.date(2014, 6, 30)),
        ("Action plan", "PROGRESS", None),
    ],
)
def test_progress_dates_as_boards_write_them(heading, header, expected, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(
        f"{heading}\n\nRECOMMENDATION\tACTION\tBY WHEN\t{header}\n"
        "1. Audit files\tRun the audit\tMay 2010\tDone\n",
        encoding="utf-8",
    )
    assert next(load_document(plan).graph.nodes("Review")).as_of == expected


def test_a_plan_without_a_title_is_not_dated_by_its_cells(tmp_path):
    # A table with no title: "June 2022" is a due date and "April 2022" a progress note;
    # neither is the date of the plan, so overdue is judged by today, not by them.
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Rec No.,Recommendation,Action,Lead officer,Timescale,Progress\n"
        "1,Partners should use the new referral form.,Launch the form,Board Manager,"
        "June 2022,New template in use from April 2022\n",
        encoding="utf-8",
    )
    review = next(load_document(plan).graph.nodes("Review"))
    assert (review.as_of, review.plan_date) == (None, None)


def test_the_board_is_not_taken_with_the_words_before_its_place():
    from reviewgraph.loaders.review_info import review_info

    info = review_info("Action Plan Thornbury Vale Safeguarding Children Partnership\n", [], None)
    assert info.board == "Thornbury Vale Safeguarding Children Partnership"


def test_every_agency_rows_are_the_boards_and_a_csp_is_the_board(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Brackley Community Safety Partnership\nDomestic Homicide Review: Ms K\n\n"
        "Rec\tRecommendation\tAgency\tAction\tLead officer\tTarget date\n"
        "1\tAgencies should ask about abuse.\tMulti-agency\tTrain staff\tLead\tMay 2025\n"
        "2\tThe CSP should publish a briefing.\tBrackley CSP\tPublish it\tManager\tJune 2025\n",
        encoding="utf-8",
    )
    graph = load_document(plan).graph
    assert [a.name for a in graph.nodes("Agency")] == ["Brackley Community Safety Partnership"]


def test_a_last_updated_line_dates_the_plan_and_heads_nothing(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Millbrook Community Safety Partnership\nDomestic Homicide Review: Mr J – tracker\n"
        "Last updated: 10 March 2025\n\n"
        "Rec\tAgency\tAction\tResponsible officer\tTarget\tStatus\n"
        "1\tMillbrook Police\tBrief officers\tInspector\tMay 2025\tOn hold\n",
        encoding="utf-8",
    )
    graph = load_document(plan).graph
    review = next(graph.nodes("Review"))
    assert (review.as_of, review.board, review.kind) == (
        dt.date(2025, 3, 10),
        "Millbrook Community Safety Partnership",
        "Domestic Homicide Review",
    )
    assert sorted(a.name for a in graph.nodes("Agency")) == [
        "Millbrook Community Safety Partnership",
        "Millbrook Police",
    ]
    (recommendation,) = graph.nodes("Recommendation")
    assert recommendation.ref == "1"
    assert next(graph.nodes("Action")).status.value == "delayed"


# -- mentions -------------------------------------------------------------------------------


def mentioned(graph, node) -> list[str]:
    return sorted(a.name for a in graph.targets(node.id, "MENTIONS"))


def test_kingston_line_39_names_the_agencies_sharing_the_records(seed_graph):
    graph = seed_graph("kingston")
    records = action_at(graph, 39, "Interim manual records")
    assert mentioned(graph, records) == [
        "Children's Services RBK",
        "Housing RBK",
        "Kingston Hospital",
        "Kingston PCT",
        "Kingston Police",
    ]


def test_buckinghamshire_line_17_names_social_care_and_the_police(seed_graph):
    graph = seed_graph("buckinghamshire")
    (rec,) = [r for r in graph.nodes("Recommendation") if r.source.line_start == 17]
    # A children's board's "Social Care" is its children's social care, not the adults'.
    assert mentioned(graph, rec) == [
        "Buckinghamshire County Council – Children’s Social Care",
        "Thames Valley Police",
    ]
    protocol = action_at(graph, 41, "A new Joint Investigation Protocol")
    assert mentioned(graph, protocol) == ["Thames Valley Police"]


def test_mentions_leave_out_the_item_s_own_agency_and_ordinary_words(seed_graph):
    for seed in ("kingston", "bexley", "kirklees", "windsor", "buckinghamshire"):
        graph = seed_graph(seed)
        for rec in graph.nodes("Recommendation"):
            directed = {a.id for a in graph.targets(rec.id, "DIRECTED_AT")}
            assert not directed & {a.id for a in graph.targets(rec.id, "MENTIONS")}
    windsor = seed_graph("windsor")
    # "Berkshire LSCB" and "East Berks LSCB" are other boards (line 163).
    assert mentioned(windsor, action_at(windsor, 163, "Berkshire LSCB")) == []
    # "PCT/BECHS": the Health Commissioners ("Health Commissioners (PCT)") and the key's BECHS.
    assert mentioned(windsor, action_at(windsor, 166, "Protocol completed")) == [
        "East Berks Community Health Services",
        "Windsor and Maidenhead Health Commissioners",
    ]
    # "a referral to social care" (line 140): ordinary words, not a name.
    (fss,) = [r for r in windsor.nodes("Recommendation") if r.ref == "46"]
    assert mentioned(windsor, fss) == []


# -- dittos and loops ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", ["kingston", "bexley", "kirklees", "windsor", "buckinghamshire"])
def test_dittos_only_look_up_and_nothing_loops(seed, seed_graph):
    graph = seed_graph(seed)
    for ref in graph.nodes("CrossReference"):
        if ref.kind != "ditto":
            continue
        for citer in graph.sources(ref.id, "CITES"):
            for target in graph.targets(ref.id, "RESOLVES_TO"):
                assert target.source.line_start <= citer.source.line_start, (ref.raw, ref.id)
                assert target.id != citer.id
    pointers = nx.DiGraph()
    for edge in graph.edges("CITES"):
        for target in graph.targets(edge.target, "RESOLVES_TO"):
            pointers.add_edge(edge.source, target.id)
    assert list(nx.simple_cycles(pointers)) == []


def test_kingston_line_38_gives_each_sub_item_its_step(seed_graph):
    graph = seed_graph("kingston")
    parts = {r.ref: r for r in graph.nodes("Recommendation") if r.ref and "3.3.13(" in r.ref}
    steps = {ref: graph.targets(rec.id, "HAS_ACTION") for ref, rec in parts.items()}
    assert {ref: [(a.text[:18], a.due_raw) for a in acts] for ref, acts in steps.items()} == {
        "3.3.13(a)": [("Further training f", "April – Sept 2006")],
        "3.3.13(b)": [("See 3.3.9 (v)", "May 2006")],
        "3.3.13(c)": [("See 3.3.9 (v)", "May 2006")],
    }
    (lead_in,) = [r for r in graph.nodes("Recommendation") if r.ref == "3.3.13"]
    assert graph.targets(lead_in.id, "HAS_ACTION") == []


# -- prose at a board's grain --------------------------------------------------------------------


def test_buckinghamshire_actions_per_agency_counted_by_hand(seed_graph):
    graph = seed_graph("buckinghamshire")
    counts = {}
    for rec in graph.nodes("Recommendation"):
        (agency,) = graph.targets(rec.id, "DIRECTED_AT")
        counts[agency.name] = counts.get(agency.name, 0) + len(graph.targets(rec.id, "HAS_ACTION"))
    assert counts == {
        "Buckinghamshire Safeguarding Children Board": 9,
        "Buckinghamshire Healthcare NHS Trust": 5,
        "Buckinghamshire County Council – Children’s Social Care": 8,
        "Buckinghamshire County Council – Adult Social Care": 11,
        "Thames Valley Police": 3,
        "Buckinghamshire Clinical Commissioning Groups": 3,
    }
    texts = [a.text for a in graph.nodes("Action")]
    for consequence in (
        "These sessions are well attended and well received.",
        "This will ensure that both agencies are clear about their roles and responsibilities.",
    ):
        assert consequence not in texts
        assert any(t.endswith(consequence) for t in texts)
    # "The Trust has already responded to the recommendations made" is progress, not a
    # recommendation.
    assert not [r for r in graph.nodes("Recommendation") if "responded" in r.text]


def test_load_rag_map_option(tmp_path):
    from click.testing import CliRunner

    from reviewgraph.cli.main import main
    from reviewgraph.graph.store import Store
    from reviewgraph.queries.backend import EmbeddedBackend

    plan = tmp_path / "legend.txt"
    plan.write_text(LEGEND_PLAN.replace("RAG key: Red – not started; ", "Key: "), "utf-8")
    store = str(tmp_path / "plans.graph")
    runner = CliRunner()
    result = runner.invoke(
        main, ["load", "--store", store, "--rag-map", "red=not started", str(plan)]
    )
    assert result.exit_code == 0, result.output
    with Store.open(store, readonly=True) as opened:
        actions = EmbeddedBackend(opened).nodes_of("Action")
        read = {a["text"]: (a["status"], a["status_basis"]) for a in actions}
    assert read["Run the audit"] == ("not_started", "rag")
    bad = runner.invoke(main, ["load", "--store", store, "--rag-map", "blue=complete", str(plan)])
    assert bad.exit_code == 2
    assert "unknown RAG colour 'blue'" in bad.output
