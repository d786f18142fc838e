"""Tests for the cell helpers: text, dates, status and roles.

Most cases are real cells from the seed plans in /work/shared/seeds
(000 Kingston, 001 Bexley, 002 Kirklees, 003 Windsor & Maidenhead).
"""

from __future__ import annotations

import doctest
from datetime import date

import pytest

from reviewgraph.loaders import dates, roles, status, text
from reviewgraph.loaders.dates import parse_due
from reviewgraph.loaders.roles import canonical_role, split_roles
from reviewgraph.loaders.status import (
    action_status,
    normalise_status,
    split_statuses,
    status_from_text,
)
from reviewgraph.loaders.text import (
    Step,
    clean_text,
    is_ditto,
    normalise_space,
    split_blocks,
    split_steps,
)


@pytest.mark.parametrize("module", [text, dates, status, roles])
def test_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


# --- text -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>LSCB agency members</p>", "LSCB agency members"),
        (
            "<p><b><u>Children’s Services RBK</u></b></p> <p>3.3 Children&amp;Families</p>",
            "Children’s Services RBK 3.3 Children&Families",
        ),
        ("from 1<sup>st</sup> April 2006", "from 1st April 2006"),
        ("In place by 5 th June 2009", "In place by 5 th June 2009"),
        ("Borough Commander<br/>Kingston Police", "Borough Commander Kingston Police"),
        (
            '<ul style="list-style-type: none"> <li>• Executive Summary written</li>'
            " <li>• Action Plan written</li> </ul>",
            "Executive Summary written Action Plan written",
        ),
        ("● Level 2 training ▪ Audit ◦ Report", "Level 2 training Audit Report"),
        ("- first point\n- second point", "first point second point"),
        ("April – Sept 2006", "April – Sept 2006"),
        ("Multi-agency workshops - see 2.2 below", "Multi-agency workshops - see 2.2 below"),
        ("", ""),
        ("  \u00a0 ", ""),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_normalise_space():
    assert normalise_space(" a \t b\n\nc ") == "a b c"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>May 2006</p> <p>March 2006</p>", ["May 2006", "March 2006"]),
        (
            "<p>Directorate Head of Children's Services and Safeguarding</p> <p>As above</p>",
            ["Directorate Head of Children's Services and Safeguarding", "As above"],
        ),
        (
            "<p>ASKK Development Team Manager will provide training<br/>As above</p>",
            ["ASKK Development Team Manager will provide training", "As above"],
        ),
        (
            '<ul style="list-style-type: none"> <li>• Manual system established</li>'
            " <li>• Procedure agreed</li> </ul>",
            ["Manual system established", "Procedure agreed"],
        ),
        (
            "Adapt existing procedure: <ul><li>Amend policy</li></ul> trailing",
            ["Adapt existing procedure:", "Amend policy", "trailing"],
        ),
        ("Mar-12", ["Mar-12"]),
        ("", []),
        ("<p> </p>", []),
    ],
)
def test_split_blocks(raw, expected):
    assert split_blocks(raw) == expected


def _texts(raw):
    return [s.text for s in split_steps(raw)]


def test_split_steps_semicolon_clauses():
    # seed 003 line 35
    raw = (
        "The LSCB to review the assessment documents of all agencies; The LSCB to audit "
        "the effectiveness of agencies' assessment tools in respect of male partners and "
        "other carers in the life of the child; The LSCB to ensure that all multi-agency "
        "training includes the importance of involving male partners and other carers."
    )
    steps = split_steps(raw)
    assert len(steps) == 3
    assert steps[0] == Step(None, "The LSCB to review the assessment documents of all agencies")
    assert steps[2].text.startswith("The LSCB to ensure")


@pytest.mark.parametrize(
    "raw",
    [
        # trailing ';' only (003 line 38)
        "LSCB chair to write to the DH and NHS to highlight the issues arising from this case;",
        # a list after a colon is one step (003 line 78)
        "BHFT to carry out the review taking into account: The purpose of the clinics; "
        "The conditions in which they are held; Records made;",
        # ';' inside a sentence, lower-case continuation (003 line 105)
        "The FFTF will include the proviso that, in cases where a child has been reunified "
        "with his/ her family; this family must be targeted as vulnerable.",
        # short side
        "Audit; then report",
        # inside parentheses
        "Review the policy (with the named nurse; and the named doctor) by May 2012",
        # full stops never split
        "Develop a checklist i.e. date sent, recipient e.g. Dr. Smith. Then review it.",
    ],
)
def test_split_steps_keeps_one_step(raw):
    assert len(split_steps(raw)) == 1


def test_split_steps_bullets_without_li():
    # seed 001 line 17
    raw = (
        '<ul style="list-style-type: none"> • SCR Panel Members to ensure that the findings '
        "are disseminated • Executive Summary to be published on the conclusion of criminal "
        "proceedings (subject to police/judicial constraints) • Multi-agency workshops - see "
        "2.2 below "
    )
    assert _texts(raw) == [
        "SCR Panel Members to ensure that the findings are disseminated",
        "Executive Summary to be published on the conclusion of criminal proceedings "
        "(subject to police/judicial constraints)",
        "Multi-agency workshops - see 2.2 below",
    ]


def test_split_steps_letter_and_roman_labels():
    # seed 001 lines 55 and 58
    assert split_steps(
        "a i)All HV's to inform LLN in writing. a ii). To discuss importance of GP/HV"
    ) == [
        Step("a i", "All HV's to inform LLN in writing."),
        Step("a ii", "To discuss importance of GP/HV"),
    ]
    assert split_steps(
        "<p>hoc communication at academic half day</p> <p>b i) develop care pathway "
        "b iii) develop Standard</p> <p>c i) Arrange meeting with hospital 1 c ii) "
        "Develop protocol</p>"
    ) == [
        Step(None, "hoc communication at academic half day"),
        Step("b i", "develop care pathway"),
        Step("b iii", "develop Standard"),
        Step("c i", "Arrange meeting with hospital 1"),
        Step("c ii", "Develop protocol"),
    ]


def test_split_steps_letters_without_space():
    # seed 001 line 63
    assert split_steps(
        "a)List of all locum GP without CP training b) ensure attendance at training in "
        "next 6 mths. c) agree induction process for new locums."
    ) == [
        Step("a", "List of all locum GP without CP training"),
        Step("b", "ensure attendance at training in next 6 mths."),
        Step("c", "agree induction process for new locums."),
    ]


def test_split_steps_leading_roman_and_parenthesised_s():
    assert split_steps("ii.  The case file audit process will be reviewed.") == [
        Step("ii", "The case file audit process will be reviewed.")
    ]
    # "parent (s)" is not a label (003 line 127)
    raw = (
        "<p>Ensure practitioners include interaction between child, parent (s) and "
        "family:</p> <ul> ● Level 2 training to incorporate documentation ● Raise "
        "awareness</ul>"
    )
    assert _texts(raw) == [
        "Ensure practitioners include interaction between child, parent (s) and family:",
        "Level 2 training to incorporate documentation",
        "Raise awareness",
    ]


def test_split_steps_li_and_dash_bullets():
    raw = '<ul style="list-style-type: none"> <li>• PCT to circulate</li> <li>• Agencies</li>'
    assert _texts(raw) == ["PCT to circulate", "Agencies"]
    assert _texts("- first point\n- second point") == ["first point", "second point"]
    assert split_steps("") == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("As above", True),
        ("as above.", True),
        ("As above.", True),
        ("SEE ABOVE", True),
        ("See above", True),
        ("Ditto", True),
        ('"', True),
        ("<p>As above</p>", True),
        ("• As above", True),
        ("See 3.3.9 (v)", False),
        ("see LSCB above", False),
        ("Information shared – see above", False),
        ("", False),
        ("Named Nurse", False),
    ],
)
def test_is_ditto(raw, expected):
    assert is_ditto(raw) is expected


# --- dates ----------------------------------------------------------------

D = date

DUE_CASES = [
    # seed 002 Completion Date
    ("Mar-12", D(2012, 3, 1), D(2012, 3, 31), "month"),
    ("Nov-11", D(2011, 11, 1), D(2011, 11, 30), "month"),
    ("Dec-10", D(2010, 12, 1), D(2010, 12, 31), "month"),
    ("Feb-10", D(2010, 2, 1), D(2010, 2, 28), "month"),
    ("Sep-11", D(2011, 9, 1), D(2011, 9, 30), "month"),
    ("<p>Oct-10</p>", D(2010, 10, 1), D(2010, 10, 31), "month"),
    # seed 000 TIMESCALE
    ("<p>March – Sept 2006</p>", D(2006, 3, 1), D(2006, 9, 30), "range"),
    ("April 2006-March 2007 monitored quarterly by LSCB", D(2006, 4, 1), D(2007, 3, 31), "range"),
    (
        "April 2006-March 2007 monitored on a quarterly basis.",
        D(2006, 4, 1),
        D(2007, 3, 31),
        "range",
    ),
    ("April 2006 to March 2007.", D(2006, 4, 1), D(2007, 3, 31), "range"),
    ("April 2006–March 2007", D(2006, 4, 1), D(2007, 3, 31), "range"),
    ("April – Sept 2006", D(2006, 4, 1), D(2006, 9, 30), "range"),
    ("March- Sept 2006", D(2006, 3, 1), D(2006, 9, 30), "range"),
    ("April 2003 – Dec 2005", D(2003, 4, 1), D(2005, 12, 31), "range"),
    ("September 2006", D(2006, 9, 1), D(2006, 9, 30), "month"),
    ("September 2006.", D(2006, 9, 1), D(2006, 9, 30), "month"),
    ("December 2006", D(2006, 12, 1), D(2006, 12, 31), "month"),
    ("May 2006.", D(2006, 5, 1), D(2006, 5, 31), "month"),
    ("January 2006 onwards.", D(2006, 1, 1), None, "open"),
    ("Ongoing", None, None, "open"),
    ("Sept 2006 and then ongoing", D(2006, 9, 1), None, "open"),
    (
        "March 2006 – introduction of ISA electronic system in May 2006. "
        "To be monitored at LSCB meeting in June 2006",
        D(2006, 3, 1),
        D(2006, 3, 31),
        "month",
    ),
    # seed 001 BY WHEN
    ("end April 2009", D(2009, 4, 30), D(2009, 4, 30), "date"),
    ("End April 2009", D(2009, 4, 30), D(2009, 4, 30), "date"),
    ("31 July 2009", D(2009, 7, 31), D(2009, 7, 31), "date"),
    ("31 December 2009", D(2009, 12, 31), D(2009, 12, 31), "date"),
    ("31 July 2009 31 July 2009", D(2009, 7, 31), D(2009, 7, 31), "date"),
    ("In place by 5 th June 2009", D(2009, 6, 5), D(2009, 6, 5), "date"),
    ("May 2009.", D(2009, 5, 1), D(2009, 5, 31), "month"),
    ("Sept 09", D(2009, 9, 1), D(2009, 9, 30), "month"),
    ("Sept 2009", D(2009, 9, 1), D(2009, 9, 30), "month"),
    ("July - September 2009", D(2009, 7, 1), D(2009, 9, 30), "range"),
    (
        "September 2009 December 2009 February 2010 April 2010 Timescales for",
        D(2009, 9, 1),
        D(2010, 4, 30),
        "range",
    ),
    ("Dependent on criminal proceedings", None, None, "conditional"),
    ("Training delivered to 102 GP's 28.1.09", D(2009, 1, 28), D(2009, 1, 28), "date"),
    ("Programme of visits to be arranged from Sept 09", D(2009, 9, 1), None, "open"),
    ("<p>immediately.</p>", None, None, "now"),
    ("Ongoing rolling programme", None, None, "open"),
    # seed 003 BY WHEN
    ("Now", None, None, "now"),
    ("October 11", D(2011, 10, 1), D(2011, 10, 31), "month"),
    ("December 2011", D(2011, 12, 1), D(2011, 12, 31), "month"),
    ("September 2011 December 2011", D(2011, 9, 1), D(2011, 12, 31), "range"),
    ("February 2012 concluding June 2012", D(2012, 2, 1), D(2012, 6, 30), "range"),
    ("April 2012 (review June 2012)", D(2012, 4, 1), D(2012, 4, 30), "month"),
    ("<p>Completed September 2011</p>", D(2011, 9, 1), D(2011, 9, 30), "month"),
    ("Completion January 2012", D(2012, 1, 1), D(2012, 1, 31), "month"),
    (
        "July 2011 February – April 2012 June - September 2012",
        D(2011, 7, 1),
        D(2012, 9, 30),
        "range",
    ),
    # parallel values for two actions: the first date expression wins
    (
        "<p>Completed June 2011</p> <p>Annually and ongoing</p>",
        D(2011, 6, 1),
        D(2011, 6, 30),
        "month",
    ),
    # other forms the plans use
    ("16.01.12", D(2012, 1, 16), D(2012, 1, 16), "date"),
    ("01/09/11", D(2011, 9, 1), D(2011, 9, 1), "date"),
    ("28.1.09", D(2009, 1, 28), D(2009, 1, 28), "date"),
    ("2011-12", D(2011, 4, 1), D(2012, 3, 31), "range"),
    ("2011/12", D(2011, 4, 1), D(2012, 3, 31), "range"),
    ("Q3 2011", D(2011, 7, 1), D(2011, 9, 30), "range"),
    # a week that a day begins
    ("w/c 3 June 2024", D(2024, 6, 3), D(2024, 6, 9), "range"),
    ("week commencing 3 June 2024", D(2024, 6, 3), D(2024, 6, 9), "range"),
    # quarters of a UK financial year (April to March)
    ("Q3 2023/24", D(2023, 10, 1), D(2023, 12, 31), "range"),
    ("Q4 2021/22", D(2022, 1, 1), D(2022, 3, 31), "range"),
    ("Q1 2023-24", D(2023, 4, 1), D(2023, 6, 30), "range"),
    ("2023/24 Q2", D(2023, 7, 1), D(2023, 9, 30), "range"),
    # seasons (written by reviewgraph synth): meteorological, not the whole year
    ("Spring 2012", D(2012, 3, 1), D(2012, 5, 31), "range"),
    ("Autumn term 2011", D(2011, 9, 1), D(2011, 11, 30), "range"),
    ("summer 2010", D(2010, 6, 1), D(2010, 8, 31), "range"),
    ("Winter 2012", D(2012, 12, 1), D(2013, 2, 28), "range"),
    ("Dec. 2011", D(2011, 12, 1), D(2011, 12, 31), "month"),
    ("Sep 2011", D(2011, 9, 1), D(2011, 9, 30), "month"),
    ("November – March 2007", D(2006, 11, 1), D(2007, 3, 31), "range"),
    ("", None, None, "none"),
    ("<p> </p>", None, None, "none"),
    ("All actions completed", None, None, "unparsed"),
]


@pytest.mark.parametrize(("raw", "start", "end", "kind"), DUE_CASES)
def test_parse_due(raw, start, end, kind):
    due = parse_due(raw)
    assert due.raw == raw
    assert (due.start, due.end, due.kind) == (start, end, kind)


def test_parse_due_default_year_and_none():
    assert parse_due("by 30 September").kind == "unparsed"
    due = parse_due("by 30 September", default_year=2006)
    assert (due.start, due.end, due.kind) == (D(2006, 9, 30),) * 2 + ("date",)
    assert parse_due(None).kind == "none"


def test_parse_due_two_digit_year_pivot():
    assert parse_due("1.7.06").start == D(2006, 7, 1)
    assert parse_due("1.7.98").start == D(1998, 7, 1)
    assert parse_due("31.02.10").kind == "unparsed"


# --- status ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Complete", ("complete", None)),
        ("Completed", ("complete", None)),
        ("<p>complete</p>", ("complete", None)),
        ("COMPLETED Monitor by monthly audit by Named Nurse", ("complete", None)),
        ("Complete – see LSCB action line 2.", ("complete", None)),
        ("Completed. - see LSCB action line 2.", ("complete", None)),
        ("Complete (and ongoing)", ("complete", None)),
        ("Complete January 2012. Written protocol in place across Berkshire.", ("complete", None)),
        ("Local Authority complete", ("complete", None)),
        ("All actions completed", ("complete", None)),
        ("All actions complete", ("complete", None)),
        ("In progress", ("in_progress", None)),
        ("Ongoing", ("in_progress", None)),
        ("On-going (Also part of Adult Safeguarding Services agenda).", ("in_progress", None)),
        ("<p>On-going</p>", ("in_progress", None)),
        ("Delayed", ("delayed", None)),
        ("Not started", ("not_started", None)),
        ("Not yet started", ("not_started", None)),
        ("Green", ("unknown", "green")),
        ("Amber", ("unknown", "amber")),
        ("<p>Red</p>", ("unknown", "red")),
        ("Amber - in progress", ("in_progress", "amber")),
        ("STATUS ● Complete ● In progress ● Delayed", ("unknown", None)),
        ("Complete ● In progress", ("unknown", None)),
        ("", ("unknown", None)),
        (None, ("unknown", None)),
        ("Evidence on file", ("unknown", None)),
    ],
)
def test_normalise_status(raw, expected):
    assert normalise_status(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Complete Complete", ["Complete", "Complete"]),
        ("Complete Ongoing", ["Complete", "Ongoing"]),
        ("<p>Complete</p> <p>complete</p>", ["Complete", "complete"]),
        ("Complete New named midwife now in post.", ["Complete New named midwife now in post."]),
        ("", []),
    ],
)
def test_split_statuses(raw, expected):
    assert split_statuses(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Audit has been completed", "complete"),
        ("This has been achieved – full time worker in place", "complete"),
        ("New policy now in place", "complete"),
        ("System in place", "complete"),
        ("COMPLETED To be reinforced at all CP training sessions", "complete"),
        ("Joint protocol to be revised", "in_progress"),
        ("Training will be delivered in May", "in_progress"),
        ("KSCB continues to monitor", "in_progress"),
        ("Specialist training is being developed", "in_progress"),
        ("Monitored by ongoing monthly audit.", "in_progress"),
        (
            "Audit of GP practices has been completed and we are currently looking at methods",
            "in_progress",
        ),
        # seed 004: steps reported done in words other than "completed"
        ("Practice has been reviewed and changed so that social workers receive", "complete"),
        ("Changes to procedures have been made to ensure that", "complete"),
        ("A dedicated Business Support Officer has been recruited", "complete"),
        ("Clear time standards are also in place", "complete"),
        ("The neglect tool has been revised and reissued to all teams.", "complete"),
        ("Roll-out delayed by staffing", "delayed"),
        ("Work not yet started", "not_started"),
        ("Joint Visits Guidance", None),
        # part of the work: some of a count, or a draft not yet adopted
        ("Ten of 24 practices trained.", "in_progress"),
        ("3 out of 5 teams briefed", "in_progress"),
        ("24 of 24 practices trained", "complete"),
        ("Letter drafted.", "in_progress"),
        ("Draft protocol circulated for comment", "in_progress"),
        ("Draft policy approved by the board", "complete"),
        ("", None),
        (None, None),
    ],
)
def test_status_from_text(raw, expected):
    assert status_from_text(raw) == expected


@pytest.mark.parametrize(
    ("letter", "status"), [("G", "complete"), ("A", "in_progress"), ("R", "delayed")]
)
def test_a_rag_column_of_letters(letter, status):
    assert action_status(
        status_raw=None, from_status_column=False, rag=letter, progress="Course dates set"
    ) == (status, {"G": "green", "A": "amber", "R": "red"}[letter], "rag")


@pytest.mark.parametrize(
    ("outcome", "progress", "expected"),
    [
        # A completion column's verdict counts over the milestones beside it.
        ("Completed 14 August 2023: report presented", "Specification drafted", "complete"),
        ("Ongoing", "Screening question drafted", "in_progress"),
        # An outcome that says what the work should achieve is no verdict.
        ("Staff will be confident to ask", "Training has been delivered", "complete"),
        (None, "Nine of 30 practices trained", "in_progress"),
    ],
)
def test_action_status_reads_a_completion_columns_verdict(outcome, progress, expected):
    status, _, basis = action_status(
        status_raw=None, from_status_column=False, rag=None, progress=progress, outcome=outcome
    )
    assert (status, basis) == (expected, "progress")


# --- roles ----------------------------------------------------------------

ROLE_CASES = [
    # a team or unit after a comma is where the role sits, not a second role
    (
        "Detective Chief Inspector, Public Protection Unit",
        ["Detective Chief Inspector, Public Protection Unit"],
    ),
    ("Inspector, Adult Vulnerability Team", ["Inspector, Adult Vulnerability Team"]),
    ("Team Manager, Head of Service", ["Team Manager", "Head of Service"]),
    ("Chair, Quality Assurance Group", ["Chair, Quality Assurance Group"]),
    # seed 000 RESPONSIBLE
    ("<p>LSCB agency members</p>", ["LSCB agency members"]),
    (
        "<p>LSCB Training Sub-Group reporting to the LSCB</p>",
        ["LSCB Training Sub-Group reporting to the LSCB"],
    ),
    (
        "<p>Directorate Head of Children's Services and Safeguarding</p> <p>As above</p>",
        ["Directorate Head of Children's Services and Safeguarding"],
    ),
    ("As above.", []),
    (
        "<p>Directorate Head of Children's Services and Safeguarding<br/>Head of Housing</p>",
        ["Directorate Head of Children's Services and Safeguarding", "Head of Housing"],
    ),
    (
        "Directorate Head of Children's Services and Safeguarding Head of Housing",
        ["Directorate Head of Children's Services and Safeguarding", "Head of Housing"],
    ),
    ("Chair of LSCB.", ["Chair of LSCB"]),
    ("<p>LSCB Agency Member</p>", ["LSCB Agency Member"]),
    (
        "Head of Housing Directorate Head of Children's Services and Safeguarding",
        ["Head of Housing", "Directorate Head of Children's Services and Safeguarding"],
    ),
    (
        "<p>Borough Commander<br/>Kingston Police</p> <p>Detective Inspector Child<br/>"
        "Abuse Investigation Team</p>",
        ["Borough Commander Kingston Police", "Detective Inspector Child Abuse Investigation Team"],
    ),
    (
        "<p>Child Abuse Investigation<br/>Team<br/>Command Policy Unit</p>",
        ["Child Abuse Investigation Team", "Command Policy Unit"],
    ),
    ("<p>Director of Nursing</p> <p>Director of Nursing</p>", ["Director of Nursing"] * 2),
    ("<p>Board Director for Child Protection</p>", ["Board Director for Child Protection"]),
    (
        "<p>PCT Board Director with responsibility for Child Protection</p>",
        ["PCT Board Director with responsibility for Child Protection"],
    ),
    # seed 001 BY WHOM
    (
        "<p>SCR Panel members</p> <p>LSCB Manager</p> <p>LSCB Manager/ LSCB Training Officer</p>",
        ["SCR Panel members", "LSCB Manager", "LSCB Manager", "LSCB Training Officer"],
    ),
    (
        "Senior Investigating Officer MPS/LSCB Manager 2 members of SCR Panel",
        ["Senior Investigating Officer MPS", "LSCB Manager", "2 members of SCR Panel"],
    ),
    (
        "LSCB Manager Chair of standing SCR Panel Chair of standing",
        ["LSCB Manager", "Chair of standing SCR Panel", "Chair of standing"],
    ),
    (
        "SCRIP, Executive of LSCB & Chair of LSCB",
        ["SCRIP", "Executive of LSCB", "Chair of LSCB"],
    ),
    (
        "LSCB Training Officer / LSCB Manager LSCB Training Officer / LSCB Trainers Group",
        ["LSCB Training Officer", "LSCB Manager", "LSCB Training Officer", "LSCB Trainers Group"],
    ),
    ("Named Nurse Named Doctor", ["Named Nurse", "Named Doctor"]),
    ("All Consultant Paediatricians", ["All Consultant Paediatricians"]),
    (
        "Named Nurse Named Doctor Named Midwife Senior Sister, Safeguarding Link Professionals",
        [
            "Named Nurse",
            "Named Doctor",
            "Named Midwife",
            "Senior Sister, Safeguarding",
            "Link Professionals",
        ],
    ),
    (
        "Named Doctor Clinical Director for Orthopaedics",
        ["Named Doctor", "Clinical Director for Orthopaedics"],
    ),
    (
        "Named Doctor All consultant paediatricians",
        ["Named Doctor", "All consultant paediatricians"],
    ),
    ("Named Doctor & Nurse", ["Named Doctor", "Named Nurse"]),
    ("Named Nurse Senior Sister, Safeguarding", ["Named Nurse", "Senior Sister, Safeguarding"]),
    ("Head of Children's Social Care", ["Head of Children's Social Care"]),
    (
        "a) Lead Locality Nurse's (LLN)/ named Nurse",
        ["Lead Locality Nurse's (LLN)", "named Nurse"],
    ),
    (
        "<p>b) LLN</p> <p>c) Designated Nurse BCT / Named Nurse Hospital 1</p>",
        ["LLN", "Designated Nurse BCT", "Named Nurse Hospital 1"],
    ),
    (
        "Designated professionals / clinical governance lead for locum GP's",
        ["Designated professionals", "clinical governance lead for locum GP's"],
    ),
    ("Named Nurse & Named Doctor", ["Named Nurse", "Named Doctor"]),
    (
        "<p>Charge Nurse Paediatric A&E</p> <p>Associate Director of C&YP</p>",
        ["Charge Nurse Paediatric A&E", "Associate Director of C&YP"],
    ),
    ("Named Doctor Named Nurse", ["Named Doctor", "Named Nurse"]),
    (
        "CAMHS Clinical Director Named Nurse for Safeguarding Children",
        ["CAMHS Clinical Director", "Named Nurse for Safeguarding Children"],
    ),
    ("CAMHS Service Manager and", ["CAMHS Service Manager"]),
    # seed 003 LEAD OFFICERS
    (
        "LSCB Chair LSCB Monitoring & Evaluation sub-committee LSCB Chair",
        ["LSCB Chair", "LSCB Monitoring & Evaluation sub-committee", "LSCB Chair"],
    ),
    ("LSCB BHFT", ["LSCB", "BHFT"]),
    (
        "Health commissioners and provider trusts",
        ["Health commissioners", "provider trusts"],
    ),
    ("Health commissioners/ BHFT", ["Health commissioners", "BHFT"]),
    ("Designated Doctor / Named Doctor", ["Designated Doctor", "Named Doctor"]),
    ("Assistant Director Primary Care", ["Assistant Director Primary Care"]),
    (
        "<p>1) Named Nursing Team for Child Protection</p>",
        ["Named Nursing Team for Child Protection"],
    ),
    (
        "<p>Named and Designated professionals within the health economy</p>",
        [
            "Named professionals within the health economy",
            "Designated professionals within the health economy",
        ],
    ),
    (
        "<p>Named Nurses, Designated Nurse, Designated Doctor, Named GP, Named Nurse acute "
        "trust.</p>",
        [
            "Named Nurses",
            "Designated Nurse",
            "Designated Doctor",
            "Named GP",
            "Named Nurse acute trust",
        ],
    ),
    (
        "<p>Named nursing team for child protection and Named Doctor for mental health "
        "services</p>",
        ["Named nursing team for child protection", "Named Doctor for mental health services"],
    ),
    (
        "<p>Professional Leads</p> <p>Locality leads and named nursing team</p>",
        ["Professional Leads", "Locality leads", "named nursing team"],
    ),
    ("Professional and locality leads", ["Professional leads", "locality leads"]),
    (
        "<p>Professional leads, Health Visitors, locality leads</p>",
        ["Professional leads", "Health Visitors", "locality leads"],
    ),
    (
        "Lead Midwife for Outpatient Services & Named Midwife",
        ["Lead Midwife for Outpatient Services", "Named Midwife"],
    ),
    (
        "Head of Services for Families & Young People",
        ["Head of Services for Families & Young People"],
    ),
    ("QA Lead / CP Chair", ["QA Lead", "CP Chair"]),
    ("CP Chair /QA Lead", ["CP Chair", "QA Lead"]),
    ("<p>IRO's</p> <p>IRO's</p> <p>QA Leads</p>", ["IRO's", "IRO's", "QA Leads"]),
    ("<p>QA Lead</p> <p>PARIS Support</p>", ["QA Lead", "PARIS Support"]),
    (
        "QA Development Officer QA Development Officer QA Lead QA Lead",
        ["QA Development Officer", "QA Development Officer", "QA Lead", "QA Lead"],
    ),
    ("<p>Safeguarding Service Managers</p>", ["Safeguarding Service Managers"]),
    ("Family Support Manager", ["Family Support Manager"]),
    ("HWPHT", ["HWPHT"]),
    # run together in synthetic plans (reviewgraph synth)
    (
        "Consultant Psychiatrist Clinical Director",
        ["Consultant Psychiatrist", "Clinical Director"],
    ),
    (
        "Locality Manager Lead Nurse Safeguarding Children",
        ["Locality Manager", "Lead Nurse Safeguarding Children"],
    ),
    ("YOT Manager Team Manager", ["YOT Manager", "Team Manager"]),
    ("Team Manager Team Manager", ["Team Manager", "Team Manager"]),
    ("Named Nurse Consultant Paediatrician", ["Named Nurse", "Consultant Paediatrician"]),
    ("Team Manager YOT Manager", ["Team Manager", "YOT Manager"]),
    (
        "Borough Commander Detective Chief Inspector",
        ["Borough Commander", "Detective Chief Inspector"],
    ),
    (
        "Detective Chief Inspector Detective Chief Inspector",
        ["Detective Chief Inspector", "Detective Chief Inspector"],
    ),
    (
        "Consultant Paediatrician Director of Nursing",
        ["Consultant Paediatrician", "Director of Nursing"],
    ),
    (
        "Team Manager Head of Children's Social Care",
        ["Team Manager", "Head of Children's Social Care"],
    ),
    ("", []),
    (None, []),
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Head of Adult Social Work, Penrose Council",
            ("Head of Adult Social Work", "Penrose Council"),
        ),
        (
            "Deputy Director of Nursing, Penrose Community Health",
            ("Deputy Director of Nursing", "Penrose Community Health"),
        ),
        # a unit is not a whole organisation: the role keeps it
        (
            "Detective Chief Inspector, Public Protection Unit",
            ("Detective Chief Inspector, Public Protection Unit", None),
        ),
    ],
)
def test_a_role_followed_by_its_organisation(raw, expected):
    from reviewgraph.loaders.agency_names import AgencyNames
    from reviewgraph.loaders.owners import named_owners

    (owner,) = named_owners(raw, AgencyNames({"agency:board": ["Penrose SAB"]}), "agency:board")
    assert (owner.role, owner.new_agency) == expected


@pytest.mark.parametrize(("raw", "expected"), ROLE_CASES)
def test_split_roles(raw, expected):
    assert split_roles(raw) == expected


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (["Named Nurse", "Named nurse", "named NURSE.", " Named   Nurse "], "Named Nurse"),
        (["Chair of LSCB.", "chair of LSCB"], "Chair of LSCB"),
        (["LSCB Training Sub-Group", "LSCB training sub-group"], "LSCB Training Sub-Group"),
        (["CAMHS Clinical Director"], "CAMHS Clinical Director"),
        (
            ["Head of Children’s Social Care", "Head of Children's Social Care"],
            "Head of Children's Social Care",
        ),
        (
            ["LSCB Monitoring & Evaluation sub-committee"],
            "LSCB Monitoring and Evaluation Sub-Committee",
        ),
        (["IRO's"], "IRO's"),
        (["Associate Director of C&YP"], "Associate Director of C&YP"),
    ],
)
def test_canonical_role(variants, expected):
    assert {canonical_role(v) for v in variants} == {expected}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Partially achieved", "in_progress"),
        ("Part met", "in_progress"),
        ("Not yet due", "not_started"),
        ("On hold", "delayed"),
        ("Closed", "complete"),
        ("Signed off by Patient Safety Group", "complete"),
    ],
)
def test_status_words_boards_use(raw, expected):
    assert normalise_status(raw) == (expected, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Named GP – Northby ICB", ("Named GP", "Northby ICB")),
        (
            "IRIS Coordinator, Castlemere Women's Aid",
            ("IRIS Coordinator", "Castlemere Women's Aid"),
        ),
        (
            "Principal Occupational Therapist, Greywater Council",
            ("Principal Occupational Therapist", "Greywater Council"),
        ),
        (
            "Detective Inspector, Calderholt Police Public Protection Unit",
            ("Detective Inspector, Public Protection Unit", "Calderholt Police"),
        ),
        # words that only say what kind of body it is: the section's agency is meant
        ("Service Manager, Adult Social Care", ("Service Manager, Adult Social Care", None)),
    ],
)
def test_a_role_and_its_organisation_however_parted(raw, expected):
    from reviewgraph.loaders.agency_names import AgencyNames
    from reviewgraph.loaders.owners import named_owners

    (owner,) = named_owners(raw, AgencyNames({"agency:board": ["Northby SCP"]}), "agency:board")
    assert (owner.role, owner.new_agency) == expected
