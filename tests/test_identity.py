"""One node per agency and per role, however the plans spell them; and the prose layout."""

from __future__ import annotations

import pytest

from reviewgraph.graph import InputError, ReviewGraph
from reviewgraph.loaders import load_document
from reviewgraph.loaders.aliases import read_alias_file
from reviewgraph.queries.agency_names import agencies, merge_candidates

EXPECTED_AGENCIES = {
    "kingston": {
        "Children's Services RBK": [],
        "Housing RBK": [],
        "Kingston Hospital": [],
        "Kingston Local Safeguarding Children Board": ["LSCB"],
        "Kingston PCT": [],
        "Kingston Police": ["Police"],
    },
    "bexley": {
        "Bexley Care Trust": [],
        "Bexley Local Safeguarding Children Board": ["Bexley LSCB"],
        "Bexley Social Care": [],
        "Dartford & Gravesham NHS Trust": ["hospital 1"],
        # "Senior Investigating Officer MPS" (line 21): the role's title names its force.
        "MPS": [],
        "Oxleas NHS Foundation Trust": [],
        "South London NHS Trust": ["hospital 2"],
    },
    "kirklees": {
        "Action for Children": [],
        "Kirklees Children and Young People Service: Safeguarding and Specialist Provision": [],
        "Kirklees Safeguarding Children Board": [],
        "NHS Kirklees": [],
        "South West Yorkshire Partnership NHS Foundation Trust": [],
        "The Mid Yorkshire Hospitals NHS Trust": [],
    },
    "windsor": {
        "BHFT": [],
        # In the key (line 22) and named at line 166: "Protocol completed by … PCT/BECHS".
        "East Berks Community Health Services": ["BECHS"],
        "RBWM Children’s Social Care": ["CSC", "Children's Social Care"],
        "RWBM Family Support Services": ["FSS", "LA Family Support Service"],
        "Wexham Park Hospital": ["HWPH", "HWPHFT", "HWPHT"],
        # "Health Commissioners (PCT)", line 30.
        "Windsor and Maidenhead Health Commissioners": ["Health Commissioners", "PCT"],
        "Windsor and Maidenhead Local Safeguarding Children Board": ["W&M LSCB"],
        # The key's "Primary healthcare (PC)" (line 18) abbreviates Primary Care.
        "Windsor and Maidenhead Primary Care": ["PC", "Primary Care", "Primary healthcare"],
    },
    # The abbreviations the report defines in brackets (lines 9, 21, 27).
    "buckinghamshire": {
        "Buckinghamshire Clinical Commissioning Groups": ["CCGs"],
        "Buckinghamshire County Council – Adult Social Care": [],
        "Buckinghamshire County Council – Children’s Social Care": [],
        "Buckinghamshire Healthcare NHS Trust": ["BHT"],
        "Buckinghamshire Safeguarding Children Board": ["BSCB"],
        "Thames Valley Police": [],
    },
}


@pytest.mark.parametrize("seed", sorted(EXPECTED_AGENCIES))
def test_each_seed_has_its_agencies_once_with_their_aliases(seed, seed_graph):
    graph = seed_graph(seed)
    assert {a.name: a.aliases for a in graph.nodes("Agency")} == EXPECTED_AGENCIES[seed]


def test_all_seeds_together_neither_duplicate_nor_merge_agencies(seed_graph):
    graph = ReviewGraph()
    for seed in EXPECTED_AGENCIES:
        graph.update(seed_graph(seed))
    expected = sum(len(names) for names in EXPECTED_AGENCIES.values())
    assert graph.count("Agency") == expected == 33
    assert merge_candidates(graph) == []
    rows = {row.agency: row for row in agencies(graph)}
    assert len(rows["Wexham Park Hospital"].reviews) == 1
    assert rows["Wexham Park Hospital"].recommendations == 8


def test_alias_file_joins_spellings_across_plans(tmp_path, seed_path):
    aliases = tmp_path / "agencies.toml"
    aliases.write_text(
        '[[agency]]\nname = "NHS Kirklees"\n'
        'aliases = ["Kirklees PCT", "Kirklees Primary Care Trust"]\n'
    )
    table = read_alias_file(aliases)
    other = tmp_path / "later_plan.txt"
    other.write_text(
        "Kirklees Safeguarding Children Board\n\nKirklees PCT\n\n"
        "Recommendation\tRAG\tUpdate\tCompletion Date\n"
        "GPs will record fathers.\tGreen\tTemplate changed.\tMay-13\n"
    )
    graph = ReviewGraph()
    graph.update(load_document(seed_path("kirklees"), aliases=table).graph)
    graph.update(load_document(other, aliases=table).graph)
    (nhs,) = [a for a in graph.nodes("Agency") if "Kirklees" in a.name and "NHS" in a.name]
    assert nhs.name == "NHS Kirklees"
    assert "Kirklees PCT" in nhs.aliases
    assert len(graph.sources(nhs.id, "DIRECTED_AT")) == 4 + 1


def test_bad_alias_file_names_file_and_line(tmp_path):
    aliases = tmp_path / "agencies.toml"
    aliases.write_text('[[agency]]\nname = Police\naliases = ["TVP"]\n')
    with pytest.raises(InputError) as raised:
        read_alias_file(aliases)
    assert raised.value.path == str(aliases)
    assert raised.value.line == 2
    aliases.write_text('[[agency]]\naliases = ["TVP"]\n')
    with pytest.raises(InputError, match="name"):
        read_alias_file(aliases)


# -- roles -------------------------------------------------------------------------


def roles_by_agency(graph):
    return {
        (role.name, graph.targets(role.id, "MEMBER_OF")[0].name) for role in graph.nodes("LeadRole")
    }


def test_named_nurse_at_two_trusts_is_two_roles(seed_graph):
    graph = seed_graph("bexley")
    nurses = sorted(agency for name, agency in roles_by_agency(graph) if name == "Named Nurse")
    assert nurses == [
        "Bexley Care Trust",
        "Dartford & Gravesham NHS Trust",
        "South London NHS Trust",
    ]


def test_lscb_chair_of_two_boards_is_two_roles(seed_graph):
    graph = ReviewGraph()
    graph.update(seed_graph("kingston"))
    graph.update(seed_graph("bexley"))
    chairs = sorted(agency for name, agency in roles_by_agency(graph) if name == "Chair of LSCB")
    assert chairs == [
        "Bexley Local Safeguarding Children Board",
        "Kingston Local Safeguarding Children Board",
    ]


def test_roles_whose_words_name_another_agency_belong_to_it(seed_graph):
    graph = seed_graph("kingston")
    pairs = roles_by_agency(graph)
    assert ("Head of Housing", "Housing RBK") in pairs
    assert ("Borough Commander Kingston Police", "Kingston Police") in pairs
    # Owned from the LSCB, Housing and Children's Services sections alike, it is one role.
    directorate = [n for n, _ in pairs if n.startswith("Directorate Head")]
    assert directorate == ["Directorate Head of Children's Services and Safeguarding"]
    assert ("Named Nurse Hospital 1", "Dartford & Gravesham NHS Trust") in roles_by_agency(
        seed_graph("bexley")
    )


def test_words_every_agency_uses_do_not_move_a_role_to_another_agency(seed_graph):
    # Oxleas' "Named Nurse for Safeguarding Children" (7.1) is not the Safeguarding
    # Children Board's; a Clinical Director is not the Clinical Commissioning Group's.
    pairs = roles_by_agency(seed_graph("bexley"))
    assert ("Named Nurse for Safeguarding Children", "Oxleas NHS Foundation Trust") in pairs
    assert ("CAMHS Clinical Director", "Oxleas NHS Foundation Trust") in pairs


@pytest.mark.parametrize(
    ("seed", "ref", "expected"),
    [
        (
            "bexley",
            "3.6",
            [
                "Link Professionals",
                "Named Doctor",
                "Named Midwife",
                "Named Nurse",
                "Senior Sister, Safeguarding",
            ],
        ),
        ("bexley", "3.4", ["Clinical Director for Orthopaedics", "Named Doctor"]),
        ("bexley", "3.8", ["Named Doctor", "Named Nurse"]),
        ("bexley", "7.1", ["CAMHS Clinical Director", "Named Nurse for Safeguarding Children"]),
        ("bexley", "5.3", ["Clinical Governance Lead for Locum GP's", "Designated Professionals"]),
        ("windsor", "16", ["Designated Doctor", "Named Doctor"]),
        ("windsor", "39", ["Lead Midwife for Outpatient Services", "Named Midwife"]),
        (
            "windsor",
            "31",
            [
                "Designated Doctor",
                "Designated Nurse",
                "Named GP",
                "Named Nurse Acute Trust",
                "Named Nurses",
            ],
        ),
    ],
)
def test_run_together_owner_cells_split_into_roles(seed, ref, expected, seed_graph):
    graph = seed_graph(seed)
    (rec,) = [r for r in graph.nodes("Recommendation") if r.ref == ref]
    roles = {
        role.name
        for action in graph.targets(rec.id, "HAS_ACTION")
        for role in graph.targets(action.id, "OWNED_BY")
    }
    assert sorted(roles) == expected


# -- the prose layout (004) ------------------------------------------------------------


def test_prose_plan_sections_recommendations_and_progress(seed_graph, seed_path):
    graph = seed_graph("buckinghamshire")
    assert next(graph.nodes("Document")).layout == "prose"
    review = next(graph.nodes("Review"))
    assert (review.subject, str(review.as_of)) == ("Baby E", "2017-06-30")
    board = "agency:buckinghamshire-safeguarding-children-board"
    stated = sorted(graph.sources(board, "DIRECTED_AT"), key=lambda r: r.order)
    assert [r.text.split(" that ")[0].split(" the need")[0][:40] for r in stated] == [
        "The review recommended",
        "The review identified some learning arou",
        "The review identified",
        "The review identified",
        "The review recommended",
    ]
    assert [r.source.line_start for r in stated] == [15, 17, 19, 21, 23]
    police = graph.sources("agency:thames-valley-police", "DIRECTED_AT")
    assert [r.source.line_start for r in police] == [63]
    assert police[0].text.startswith("The specific recommendations for Thames Valley Police")
    progress = sorted(graph.targets(police[0].id, "HAS_ACTION"), key=lambda a: a.order)
    # One action per piece of work: "This is also now included in ongoing training" stays
    # with the reminder it follows, "These measures will strengthen …" (line 69) with the
    # work of line 67.
    assert [(a.source.line_start, a.source.line_end) for a in progress] == [
        (63, 63),
        (65, 65),
        (67, 69),
    ]
    lines = seed_path("buckinghamshire").read_text().splitlines()
    assert progress[1].text == lines[64]
    assert progress[2].text.endswith("continue to be safeguarded and supported.")


def test_prose_progress_statuses_come_from_the_words(seed_graph):
    graph = seed_graph("buckinghamshire")
    by_text = {a.text: a.status.value for a in graph.nodes("Action")}
    assert by_text["Practice guidance has been developed and circulated to staff."] == "complete"
    assert (
        by_text[
            "There is now a risk assessment in place for staff to use in relation to safeguarding "
            "and mental health referrals."
        ]
        == "complete"
    )
    (improvement,) = [t for t in by_text if "will continue to build and sustain" in t]
    assert improvement.startswith("Since the events of this review")
    assert by_text[improvement] == "in_progress"


def test_prose_work_that_will_be_done_opens_an_action(seed_path, tmp_path):
    # Seed 004 line 23: "As a result of this we will be undertaking further work …" is a
    # consequence of the sentence before it. Without "As a result of this" it is planned
    # work of its own: "will be undertaking", like "will be revised", opens an action.
    text = seed_path("buckinghamshire").read_text(encoding="utf-8")
    sentence = "As a result of this we will be undertaking further work"
    assert text.count(sentence) == 1
    plan = tmp_path / "004_buckinghamshire_variant.txt"
    plan.write_text(text.replace(sentence, "We will be undertaking further work"), "utf-8")
    texts = [a.text for a in load_document(plan).graph.nodes("Action")]
    assert any(t.startswith("We will be undertaking further work over the coming") for t in texts)
    assert not any(t.startswith("For 2017/18") and "further work" in t for t in texts)


def test_prose_staff_who_receive_the_work_do_not_own_it(seed_path, tmp_path):
    # "The CCGs provide regular update training to GPs" is the CCGs' work; written as
    # "GPs continue to receive regular update training" it still is, not the GPs'.
    text = seed_path("buckinghamshire").read_text(encoding="utf-8")
    words = "The CCGs provide regular update training to GPs"
    assert text.count(words) == 1
    plan = tmp_path / "004_buckinghamshire_variant.txt"
    plan.write_text(text.replace(words, "GPs continue to receive regular update training"), "utf-8")
    graph = load_document(plan).graph
    (action,) = [a for a in graph.nodes("Action") if a.text.startswith("GPs continue to receive")]
    owners = [(o.label, o.name) for o in graph.targets(action.id, "OWNED_BY")]
    assert owners == [("Agency", "Buckinghamshire Clinical Commissioning Groups")]


def test_prose_sections_without_a_stated_recommendation_say_so(seed_graph):
    graph = seed_graph("buckinghamshire")
    adult = graph.sources("agency:buckinghamshire-county-council-adult-social-care", "DIRECTED_AT")
    assert [r.text for r in adult] == [
        "The review's recommendations for Buckinghamshire County Council – Adult Social Care "
        "(not quoted in the report)"
    ]
    # Counted by hand: two pieces of work at line 49, two at 51, three at 53 ("Staff are
    # clear …" stays with the time standards), one at 55 and 57, two at 59.
    assert len(graph.targets(adult[0].id, "HAS_ACTION")) == 11


# -- the agencies command ------------------------------------------------------------------


def test_agencies_command_lists_aliases_and_applies_an_alias_file(tmp_path, seed_path):
    import json

    from click.testing import CliRunner

    from reviewgraph.cli.main import main

    store = str(tmp_path / "graph")
    runner = CliRunner()
    loaded = runner.invoke(
        main, ["load", "--store", store, str(seed_path("windsor"))], catch_exceptions=False
    )
    assert loaded.exit_code == 0
    result = runner.invoke(
        main, ["agencies", "--store", store, "--format", "json"], catch_exceptions=False
    )
    payload = json.loads(result.output)
    by_name = {row["agency"]: row for row in payload["agencies"]}
    assert by_name["Wexham Park Hospital"]["aliases"] == ["HWPH", "HWPHFT", "HWPHT"]
    assert payload["merge_candidates"] == []

    aliases = tmp_path / "agencies.toml"
    aliases.write_text(
        '[[agency]]\nname = "Berkshire Healthcare NHS Foundation Trust"\naliases = ["BHFT"]\n'
    )
    reloaded = runner.invoke(
        main,
        ["load", "--store", store, "--aliases", str(aliases), "--force", str(seed_path("windsor"))],
        catch_exceptions=False,
    )
    assert reloaded.exit_code == 0
    table = runner.invoke(main, ["agencies", "--store", store], catch_exceptions=False).output
    assert "Berkshire Healthcare NHS" in table
    assert "No merge candidates" in table
    bad = runner.invoke(
        main,
        [
            "load",
            "--store",
            store,
            "--aliases",
            str(tmp_path / "no.toml"),
            str(seed_path("windsor")),
        ],
    )
    assert bad.exit_code == 2
    assert "no.toml" in bad.output


def test_an_adults_board_plan_reads_like_a_childrens_one(seed_path, tmp_path):
    # Kingston's plan worded as a Safeguarding Adults Review: the SAB section is the
    # board's, the subject is "Adult A", and "Chair of SAB" is the board's role.
    text = seed_path("kingston").read_text(encoding="utf-8")
    for old, new in [
        ("Local Safeguarding Children’s Board", "Safeguarding Adults Board"),
        ("Local Safeguarding Children Board", "Safeguarding Adults Board"),
        ("LSCB", "SAB"),
        ("Baby A", "Adult A"),
        ("Serious Case Review", "Safeguarding Adults Review"),
    ]:
        text = text.replace(old, new)
    plan = tmp_path / "000_kingston_adults.md"
    plan.write_text(text, encoding="utf-8")
    graph = load_document(plan).graph
    review = next(graph.nodes("Review"))
    assert (review.board, review.subject, review.kind) == (
        "Kingston Safeguarding Adults Board",
        "Adult A",
        "Safeguarding Adults Review",
    )
    board = [a for a in graph.nodes("Agency") if a.name == review.board]
    assert [a.aliases for a in board] == [["SAB"]]
    assert ("Chair of SAB", "Kingston Safeguarding Adults Board") in roles_by_agency(graph)


def test_head_of_housing_belongs_to_a_housing_services_section(seed_path, tmp_path):
    # Kingston's "Housing RBK" printed "Kingston Housing Services": "Head of Housing",
    # owned from Children's Services' rows too (3.4.1), still names that agency.
    text = seed_path("kingston").read_text(encoding="utf-8")
    assert text.count("<b><u>Housing RBK</u></b>") == 1
    text = text.replace("<b><u>Housing RBK</u></b>", "<b><u>Kingston Housing Services</u></b>")
    plan = tmp_path / "000_kingston_housing_services.md"
    plan.write_text(text, encoding="utf-8")
    heads = [(n, a) for n, a in roles_by_agency(load_document(plan).graph) if "Housing" in n]
    assert heads == [("Head of Housing", "Kingston Housing Services")]


def test_a_services_short_form_never_takes_another_agencys_initials():
    # "Calder Fells Probation Service" is not "Calder Fells Probation" (CFP, the police's
    # initials); only a generic remainder ("Housing" of "… Housing Services") is a form.
    from reviewgraph.loaders.agency_names import AgencyNames

    names = AgencyNames(
        {
            "agency:police": ["Calder Fells Police", "CFP"],
            "agency:probation": ["Calder Fells Probation Service", "CFPS"],
            "agency:housing": ["Rookhurst Housing Services"],
        },
        place="Rookhurst",
    )
    assert [m.agencies for m in names.find("CFP")] == [frozenset({"agency:police"})]
    assert names.agency_of("Head of Housing") == "agency:housing"
