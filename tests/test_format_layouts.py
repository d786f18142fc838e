"""Fictional plans in the layouts boards use, each in several variations, written as real
files: the number of recommendations and actions each must load with, or its refusal."""

from __future__ import annotations

import csv

import pytest
from plan_writers import Para, Table, Text, cell, write_docx, write_pdf, write_xlsx

from reviewgraph.graph import InputError
from reviewgraph.loaders import load_document


def counts(path, **options):
    graph = load_document(path, **options).graph
    return graph.count("Recommendation"), graph.count("Action")


def refs(path):
    graph = load_document(path).graph
    return [r.ref for r in sorted(graph.nodes("Recommendation"), key=lambda r: r.order)]


B = lambda text: [Para([(text, True)])]  # noqa: E731

SAR_HEADER = [
    cell("Ref"),
    cell("Recommendation"),
    cell("Actions required"),
    cell("Lead officer"),
    cell("Target date"),
    cell("Progress to date"),
    cell("RAG"),
]
SAR_ROWS = [
    [
        cell("1"),
        cell(
            "The Board should seek assurance that hoarding referrals are triaged within 48 hours."
        ),
        cell("Audit a sample of hoarding referrals", "Report the audit to the Board", bullets=True),
        cell("Board Business Manager"),
        cell("March 2024"),
        cell("Audit under way"),
        cell("Amber"),
    ],
    [
        cell("2"),
        cell("Housing should offer a tenancy sustainment visit after every refused entry."),
        cell("Write the visiting standard"),
        cell("Head of Housing Management"),
        cell("June 2024"),
        cell("Standard agreed"),
        cell("Green"),
    ],
    [
        cell("3"),
        cell("The ambulance trust should share frequent-caller data with the GP practice monthly."),
        cell("Set up a monthly data share; Name a contact in each practice"),
        cell("Safeguarding Lead, Northern Ambulance Service"),
        cell("September 2024"),
        cell(""),
        cell("Red"),
    ],
]


def _sar(title_inside: bool = False, control_table: bool = False) -> list:
    pieces: list = [Text("Wexcombe Safeguarding Adults Board", heading=True)]
    if control_table:
        pieces.append(
            Table(
                rows=[
                    [cell("Version"), cell("Date"), cell("Author")],
                    [cell("0.3"), cell("12/01/2024"), cell("Board Business Manager")],
                ]
            )
        )
    pieces.append(Text("Safeguarding Adults Review: Mrs F – action plan"))
    rows = [SAR_HEADER, *SAR_ROWS]
    merges = []
    if title_inside:
        rows = [[cell("SAR Mrs F – agreed actions"), *[[] for _ in range(6)]], *rows]
        merges = [(0, 0, 0, 6)]
    pieces.append(Table(rows=rows, merges=merges))
    return pieces


@pytest.mark.parametrize("suffix", ["docx", "xlsx", "pdf"])
@pytest.mark.parametrize(
    "variant",
    [{}, {"title_inside": True}, {"control_table": True}],
    ids=["plain", "title-row-in-table", "document-control-table-first"],
)
def test_sar_plan_in_every_format_and_variation(tmp_path, suffix, variant):
    writer = {"docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf}[suffix]
    path = writer(_sar(**variant), tmp_path / f"sar.{suffix}")
    assert counts(path) == (3, 5)
    graph = load_document(path).graph
    assert sorted(a.rag for a in graph.nodes("Action")) == ["amber", "amber", "green", "red", "red"]
    assert refs(path) == ["1", "2", "3"]


def test_unruled_pdf_and_rows_cut_by_pages(tmp_path):
    rows = [SAR_HEADER]
    for n in range(1, 41):
        rows.append(
            [
                cell(f"{n}"),
                cell(
                    f"Partner agencies should review the way they record concern number {n}, "
                    "and report on what has changed for adults at risk, with examples."
                ),
                cell(f"Record review {n} completed", f"Findings {n} reported", bullets=True),
                cell("Board Business Manager"),
                cell("March 2025"),
                cell("Not started"),
                cell("Red"),
            ]
        )
    plan = [Text("Wexcombe Safeguarding Adults Board"), Table(rows=rows)]
    for options in ({"ruled": False}, {"split_rows": True}, {"repeat_header": True}):
        path = write_pdf(plan, tmp_path / "long.pdf", font_size=9, **options)
        assert counts(path) == (40, 80), options


def test_plan_table_continued_in_a_second_table_without_header(tmp_path):
    first = Table(rows=[SAR_HEADER, *SAR_ROWS[:2]])
    second = Table(rows=[SAR_ROWS[2]])
    path = write_docx([Text("SAR Mrs F"), first, second], tmp_path / "split.docx")
    assert counts(path) == (3, 5)


def test_word_auto_numbering_gives_the_numbers_word_prints(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Northby Safeguarding Children Partnership – action plan")
    table = document.add_table(rows=3, cols=3)
    for column, title in enumerate(["Recommendation", "Action", "Lead"]):
        table.cell(0, column).text = title
    for row, (rec, action) in enumerate(
        [
            ("Schools should log every late pick-up.", "Add a log"),
            ("Police should attend.", "Brief"),
        ],
        1,
    ):
        paragraph = table.cell(row, 0).paragraphs[0]
        paragraph.text = rec
        paragraph.style = document.styles["List Number"]
        table.cell(row, 1).text = action
        table.cell(row, 2).text = "Head of Education"
    path = tmp_path / "numbered.docx"
    document.save(path)
    assert refs(path) == ["1", "2"]


def test_label_value_blocks_in_word_tables_and_text(tmp_path):
    blocks = []
    for n, (issue, action) in enumerate(
        [
            ("Carers were not offered an assessment.", "Offer every carer an assessment"),
            ("Discharge letters went to the wrong GP.", "Check the GP on every discharge letter"),
        ],
        1,
    ):
        blocks.append(
            Table(
                rows=[
                    [cell(f"Recommendation {n}"), cell(issue)],
                    [cell("Action(s) required"), cell(action, "Audit quarterly", bullets=True)],
                    [cell("Lead"), cell("Head of Adult Social Care")],
                    [cell("Timescale"), cell("April 2024")],
                ]
            )
        )
    path = write_docx([Text("Eastmere SAR – Mr J"), *blocks], tmp_path / "blocks.docx")
    assert counts(path) == (2, 4)
    assert load_document(path).layout == "docx-label-value"
    text = tmp_path / "blocks.txt"
    text.write_text(
        "Eastmere SAR – Mr J: action plan\n\n"
        "Recommendation 1: Carers should be offered an assessment.\n"
        "Actions to be taken:\n- Offer every carer an assessment\n- Audit quarterly\n"
        "Person responsible: Head of Adult Social Care\nTarget completion date: April 2024\n\n"
        "Recommendation 2\nIssues identified: Discharge letters went to the wrong GP.\n"
        "Actions to be taken: Check the GP on every discharge letter\n"
        "Person responsible: Discharge Lead\nProgress to date: Complete\n",
        encoding="utf-8",
    )
    result = load_document(text)
    assert result.layout == "label-value"
    assert counts(text) == (2, 3)
    first = min(result.graph.nodes("Recommendation"), key=lambda r: r.order)
    assert (first.ref, first.source.line_start, first.source.line_end) == ("1", 3, 8)


def test_one_row_per_action_with_the_recommendation_repeated(tmp_path):
    path = tmp_path / "actions.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(["Rec No.", "Recommendation", "Action", "Owner", "Due date", "Status"])
        rec = "Agencies should use the escalation policy when a plan stalls."
        writer.writerow(
            ["R1", rec, "Relaunch the escalation policy", "LSCP Manager", "May 2024", "Complete"]
        )
        writer.writerow(["R1", rec, "Audit escalations", "LSCP Manager", "July 2024", "Ongoing"])
        writer.writerow(
            [
                "R2",
                "Health visitors should see the baby at home.",
                "Change the visit schedule",
                "Head of Health Visiting",
                "June 2024",
                "Delayed",
            ]
        )
    assert counts(path) == (2, 3)
    assert refs(path) == ["R1", "R2"]


def test_html_table_with_a_recommendation_spanning_its_actions(tmp_path):
    page = tmp_path / "plan.html"
    page.write_text(
        "<html><body><nav><a href='/'>Home</a></nav><h1>Southby DHR 'Beth' – action plan</h1>"
        "<table><tr><th>No.</th><th>Recommendation</th><th>Action to take</th>"
        "<th>Lead agency</th><th>Target date</th></tr>"
        "<tr><td rowspan='2'>1</td><td rowspan='2'>Police should flag repeat victims.</td>"
        "<td>Add a repeat-victim flag</td><td>Southby Police</td><td>May 2023</td></tr>"
        "<tr><td>Train call handlers on the flag</td><td>Southby Police</td>"
        "<td style='background-color:#00b050'>June 2023</td></tr>"
        "<tr><td>2</td><td>The hospital should ask about abuse in A&amp;E.</td>"
        "<td><ul><li>Routine enquiry in A&amp;E</li><li>Audit it</li></ul></td>"
        "<td>Southby Hospital</td><td>2024</td></tr></table></body></html>",
        encoding="utf-8",
    )
    assert counts(page) == (2, 4)
    graph = load_document(page).graph
    assert {a.rag for a in graph.nodes("Action")} == {None, "green"}


@pytest.mark.parametrize(
    ("pieces", "words"),
    [
        (
            [
                Table(
                    rows=[
                        [cell("Issue"), cell("Owner"), cell("Date")],
                        [cell("Late referral"), cell("Nurse"), cell("May")],
                    ]
                )
            ],
            "a table with columns Issue, Owner, Date: no column holds recommendations",
        ),
        (
            [Text("Minutes of the meeting"), Text("Present: the chair and members.")],
            "no table with a header row and no recommendation blocks found",
        ),
    ],
)
def test_plans_nobody_can_read_are_refused_in_every_format(tmp_path, pieces, words):
    for writer, suffix in ((write_docx, "docx"), (write_xlsx, "xlsx"), (write_pdf, "pdf")):
        path = writer(pieces, tmp_path / f"plan.{suffix}")
        with pytest.raises(InputError) as raised:
            load_document(path)
        assert words in str(raised.value), suffix
        # A table nobody could read can be mapped; text with no table is not a plan.
        hint = "--columns" if "no table" not in words else "not the review's report"
        assert hint in str(raised.value), suffix


def test_columns_file_maps_a_new_boards_titles(tmp_path):
    plan = [
        Table(
            rows=[
                [cell("Issue"), cell("What will be done"), cell("Owner"), cell("Date")],
                [cell("Late referral"), cell("Audit referrals"), cell("Nurse"), cell("May 2024")],
            ]
        )
    ]
    path = write_xlsx(plan, tmp_path / "custom.xlsx")
    with pytest.raises(InputError):
        load_document(path)
    columns = {"Issue": "recommendation", "What will be done": "action"}
    assert counts(path, columns=columns) == (1, 1)


def test_recommendation_numbers_written_with_the_word(tmp_path):
    path = tmp_path / "named.txt"
    path.write_text(
        "Recommendation\tAction\tLead\n"
        "Recommendation 1: Audit the files\tRun an audit\tNamed Nurse\n"
        "Recommendation 2 - Train staff\tTrain\tNamed Doctor\n",
        encoding="utf-8",
    )
    graph = load_document(path).graph
    assert sorted((r.ref, r.text) for r in graph.nodes("Recommendation")) == [
        ("1", "Audit the files"),
        ("2", "Train staff"),
    ]


def test_sub_header_titles_banner_recommendations_and_lead_agency(tmp_path):
    header = [
        cell("Action"),
        cell("Lead agency"),
        cell("Lead officer"),
        cell("Target date"),
        cell("Progress"),
        [],
    ]
    sub = [[], [], [], [], cell("Update"), cell("RAG")]
    rows = [
        header,
        sub,
        [
            cell("Recommendation 1: Agencies should share risk assessments before discharge."),
            *[[] for _ in range(5)],
        ],
        [
            cell("Agree a sharing template"),
            cell("Hallam NHS Trust"),
            cell("Discharge Lead"),
            cell("May 2024"),
            cell("Template drafted"),
            cell("Amber"),
        ],
        [
            cell("Audit use of the template"),
            cell("Hallam NHS Trust"),
            cell("Audit Lead"),
            cell("August 2024"),
            cell(""),
            cell("Red"),
        ],
        [cell("Recommendation 2: The Board should publish the review."), *[[] for _ in range(5)]],
        [
            cell("Publish on the website"),
            cell("Hallam SAB"),
            cell("Business Manager"),
            cell("April 2024"),
            cell("Published"),
            cell("Green"),
        ],
    ]
    table = Table(rows=rows, merges=[(0, 4, 0, 5), (2, 0, 2, 5), (5, 0, 5, 5)])
    for writer, suffix in ((write_docx, "docx"), (write_xlsx, "xlsx"), (write_pdf, "pdf")):
        path = writer([Text("Hallam SAR – Ms R"), table], tmp_path / f"banner.{suffix}")
        graph = load_document(path).graph
        assert counts(path) == (2, 3), suffix
        assert refs(path) == ["1", "2"], suffix
        assert sorted(a.rag for a in graph.nodes("Action")) == ["amber", "green", "red"], suffix
        assert sorted(r.name for r in graph.nodes("LeadRole")) == [
            "Audit Lead",
            "Business Manager",
            "Discharge Lead",
        ], suffix
        assert not [u for u in load_document(path).unplaced if u.reason == "unplaced"], suffix


def test_columns_nobody_knows_are_reported_not_fatal(tmp_path):
    rows = [
        [
            cell("Root cause"),
            cell("Level"),
            cell("Recommendation"),
            cell("Action"),
            cell("Lead"),
            cell("Target date"),
            cell("Evidence"),
        ],
        [
            cell("Handover omitted the safeguarding alert"),
            cell("Organisation"),
            cell("Handovers should include safeguarding alerts."),
            cell("Add alerts to the handover"),
            cell("Ward Manager"),
            cell("May 2024"),
            cell("Audit of 20 handovers"),
        ],
    ]
    path = write_docx([Text("Serious incident 2024/123"), Table(rows=rows)], tmp_path / "si.docx")
    result = load_document(path)
    assert counts(path) == (1, 1)
    assert sorted(u.text for u in result.unplaced if u.reason == "unplaced") == [
        "Handover omitted the safeguarding alert",
        "Organisation",
    ]


def test_a_review_report_is_not_taken_for_a_progress_report(tmp_path):
    report = [
        Text("Safeguarding Adults Review: Mr T – overview report"),
        Text("1 Introduction"),
        Text("The review recommended that the Board commission this report. It was agreed."),
        Text("2 Background"),
        Text("The review identified that Mr T lived alone. He had carers."),
        Text("3 Findings"),
        Text("The review found that agencies did not share information. This was a theme."),
    ]
    path = write_docx(report, tmp_path / "report.docx")
    with pytest.raises(InputError, match="reads as a review report, not an action plan"):
        load_document(path)


def test_agency_headings_above_a_note_and_a_table_name_the_table(tmp_path):
    pieces = [Text("Southby SAR – Mrs K: action plan")]
    for agency, rec in (
        ("Southby Police", "Police should flag repeat callers."),
        ("Southby Housing", "Housing should visit after a refused entry."),
    ):
        pieces += [
            Text(agency, heading=True),
            Text("The panel agreed the following actions with the agency."),
            Table(
                rows=[
                    [cell("Recommendation"), cell("Action"), cell("Lead officer")],
                    [cell(rec), cell("Brief staff"), cell("Service Manager")],
                ]
            ),
        ]
    for writer, suffix in ((write_docx, "docx"), (write_pdf, "pdf")):
        graph = load_document(writer(pieces, tmp_path / f"agencies.{suffix}")).graph
        directed = sorted(
            (r.text, graph.targets(r.id, "DIRECTED_AT")[0].name)
            for r in graph.nodes("Recommendation")
        )
        assert directed == [
            ("Housing should visit after a refused entry.", "Southby Housing"),
            ("Police should flag repeat callers.", "Southby Police"),
        ], suffix


DHR_HEADER = [
    cell("Recommendation"),
    cell("Scope of recommendation i.e. local or regional"),
    cell("Action to take"),
    cell("Lead Agency"),
    cell("Key milestones achieved in enacting recommendation"),
    cell("Target date"),
    cell("Date of completion and outcome"),
]
DHR_ROWS = [
    [
        cell("1. The partnership should review the capacity of the outreach service."),
        cell("Local"),
        cell("Commission a capacity review"),
        cell("Dunholm Community Safety Partnership"),
        cell("Provider appointed"),
        cell("June 2023"),
        cell("Completed 14 August 2023: report presented"),
    ],
    [
        cell("2. GP practices should ask about domestic abuse."),
        cell("Local"),
        cell("Train every GP practice"),
        cell("Dunholm Integrated Care Board"),
        cell("Nine of 30 practices trained"),
        cell("March 2024"),
        cell(""),
    ],
    [
        cell("3. Agencies should share risk information before MARAC."),
        cell("Regional"),
        cell("Agree a sharing protocol"),
        cell("Dunholm Police and Dunholm Council Children's Services"),
        cell("Protocol drafted"),
        cell("April 2024"),
        cell("Ongoing"),
    ],
]


@pytest.mark.parametrize("writer", [write_docx, write_xlsx, write_pdf])
def test_home_office_template_lead_agencies_own_actions(tmp_path, writer):
    # The Home Office DHR template: "Lead Agency" and no officer column names the agency
    # that owns each action; the completion column's verdict sets the status.
    pieces = [
        Text("Dunholm Community Safety Partnership", heading=True),
        Text("Domestic Homicide Review: Ms P – action plan"),
        Table(rows=[DHR_HEADER, *DHR_ROWS]),
    ]
    path = writer(pieces, tmp_path / f"dhr.{writer.__name__[6:]}")
    graph = load_document(path).graph
    assert graph.count("LeadRole") == 0
    assert sorted(a.name for a in graph.nodes("Agency")) == [
        "Dunholm Community Safety Partnership",
        "Dunholm Council Children's Services",
        "Dunholm Integrated Care Board",
        "Dunholm Police",
    ]
    actions = sorted(graph.nodes("Action"), key=lambda a: a.text)
    owners = {a.text: sorted(t.name for t in graph.targets(a.id, "OWNED_BY")) for a in actions}
    assert owners == {
        "Agree a sharing protocol": ["Dunholm Council Children's Services", "Dunholm Police"],
        "Commission a capacity review": ["Dunholm Community Safety Partnership"],
        "Train every GP practice": ["Dunholm Integrated Care Board"],
    }
    assert {a.text: a.status.value for a in actions} == {
        "Agree a sharing protocol": "in_progress",
        "Commission a capacity review": "complete",
        "Train every GP practice": "in_progress",
    }
    directed = {
        r.ref: sorted(t.name for t in graph.targets(r.id, "DIRECTED_AT"))
        for r in graph.nodes("Recommendation")
    }
    assert directed["2"] == ["Dunholm Integrated Care Board"]
    assert directed["3"] == ["Dunholm Council Children's Services", "Dunholm Police"]


FELL_ROWS = (
    "Ref\tRecommendation\tAction\tLead officer\tTarget date\tStatus\n"
    "{police}"
    "1\tPolice should make sure officers recognise neglect.\tReview the neglect briefing with "
    "partner agencies and\tChief Inspector, Public Protection Unit\t31 July 2024\tComplete\n"
    "\t\tpublish it on the force intranet.\t\t\t\n"
    "{health}"
    "2\tCommunity Health should ensure school nurses attend core groups.\tAdd attendance to "
    "the caseload audit.\tNamed Nurse\tJanuary 2025\tIn progress\n"
    "7\t\tSchool nurses to attend every core group.\tNamed Nurse\tDecember 2024\tComplete\n"
)


@pytest.mark.parametrize(
    ("police", "health"),
    [
        ("Fellmoor Police\n", "Fellmoor Community Health\n"),
        ("Fellmoor Police\t\t\t\t\t\n", "Fellmoor Community Health\t\t\t\t\t\n"),
    ],
    ids=["heading-lines-between-rows", "section-rows-in-the-number-column"],
)
def test_agency_headings_inside_a_table_and_rows_that_finish_the_row_above(
    tmp_path, police, health
):
    path = tmp_path / "fellmoor.txt"
    path.write_text(
        "Fellmoor Safeguarding Children Partnership\nAction plan – Child B\n\n"
        + FELL_ROWS.format(police=police, health=health),
        encoding="utf-8",
    )
    result = load_document(path)
    graph = result.graph
    directed = {
        r.ref: [a.name for a in graph.targets(r.id, "DIRECTED_AT")]
        for r in graph.nodes("Recommendation")
    }
    assert directed == {"1": ["Fellmoor Police"], "2": ["Fellmoor Community Health"]}
    texts = sorted(a.text for a in graph.nodes("Action"))
    assert texts == [
        "Add attendance to the caseload audit.",
        "Review the neglect briefing with partner agencies and publish it on the force intranet.",
        "School nurses to attend every core group.",
    ]
    assert sorted(r.name for r in graph.nodes("LeadRole")) == [
        "Chief Inspector, Public Protection Unit",
        "Named Nurse",
    ]
    # The "7" of a row with no recommendation is no field's: reported, not dropped.
    assert [(u.text, u.line) for u in result.unplaced if u.reason == "unplaced"] == [("7", 10)]


NUMBERED_PARAGRAPHS = [
    "Tarnside Safeguarding Children Partnership",
    "Local Child Safeguarding Practice Review: Baby K",
    "",
    "1. Maternity services should repeat the safeguarding risk assessment at 36 weeks.",
    "",
    "(a) Add a 36-week prompt to the maternity record.",
    "Owner: Named Midwife, Tarnside Hospitals NHS Trust",
    "By: 31 March 2024",
    "Status: Complete",
    "",
    "(b) Audit use of the prompt; see recommendation 2(a) for the health visiting check.",
    "By: July 2024",
    "Owner: Head of Midwifery",
    "Status: Not started",
    "",
    "2. Health visitors should ask who else cares for the baby.",
    "",
    "(a) Add the question to the new-birth visit.",
    "Owner: Designated Nurse, Tarnside Integrated Care Board",
    "By: Spring 2024",
    "Status: In progress",
    "",
    "(b) As action 1(a), for the six-week check.",
    "Owner: Head of Health Visiting",
    "By: 30/09/2024",
    "Status: Delayed",
    "",
    "Signed: Independent Chair",
]


@pytest.mark.parametrize("suffix", ["md", "docx"])
def test_numbered_paragraphs_with_lettered_actions_and_labelled_parts(tmp_path, suffix):
    if suffix == "md":
        path = tmp_path / "baby_k.md"
        path.write_text("\n".join(NUMBERED_PARAGRAPHS) + "\n", encoding="utf-8")
    else:
        path = write_docx([Text(line) for line in NUMBERED_PARAGRAPHS if line], tmp_path / "k.docx")
    result = load_document(path)
    graph = result.graph
    assert counts(path) == (2, 4)
    actions = sorted(
        (a.text.split()[0], a.owner_raw, a.due_raw, a.status.value) for a in graph.nodes("Action")
    )
    assert actions == [
        ("Add", "Designated Nurse, Tarnside Integrated Care Board", "Spring 2024", "in_progress"),
        ("Add", "Named Midwife, Tarnside Hospitals NHS Trust", "31 March 2024", "complete"),
        ("As", "Head of Health Visiting", "30/09/2024", "delayed"),
        # "By" before "Owner": each part still pairs with its own action
        ("Audit", "Head of Midwifery", "July 2024", "not_started"),
    ]
    roles = {
        r.name: [a.name for a in graph.targets(r.id, "MEMBER_OF")] for r in graph.nodes("LeadRole")
    }
    assert roles["Named Midwife"] == ["Tarnside Hospitals NHS Trust"]
    assert roles["Designated Nurse"] == ["Tarnside Integrated Care Board"]
    resolved = {
        x.raw: [t.text for t in graph.targets(x.id, "RESOLVES_TO")]
        for x in graph.nodes("CrossReference")
    }
    assert resolved == {
        "see recommendation 2(a)": ["Add the question to the new-birth visit."],
        "As action 1(a)": ["Add a 36-week prompt to the maternity record."],
    }
    assert [u.text for u in result.unplaced if u.what.startswith("signature")] == [
        "Signed: Independent Chair"
    ]


def test_a_csv_of_something_else_is_refused_saying_what_it_holds(tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text("Budget line,2023/24,2024/25\nTraining,12000,13500\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_document(path)
    assert str(caught.value).startswith(
        f"{path}: a table with columns Budget line, 2023/24, 2024/25: no column holds "
        "recommendations"
    )


def test_a_report_with_no_plan_is_refused_saying_so(tmp_path):
    path = write_docx(
        [
            Text("Safeguarding Adults Review: Mr A", heading=True),
            Text("Mr A lived alone and was known to several agencies."),
            Text("The review found that information was not shared."),
        ],
        tmp_path / "report.docx",
    )
    with pytest.raises(InputError) as caught:
        load_document(path)
    assert "no table" in str(caught.value)
    assert "check this is the action plan and not the review's report" in str(caught.value)


GRID = """Westmarsh Safeguarding Adults Board
Safeguarding Adults Review "Adult W" - Action Plan

| Ref | Recommendation           | Action                  | Lead              | By        | RAG |
|-----|--------------------------|-------------------------|-------------------|-----------|-----|
| i   | Adult Social Care should | Issue practice guidance | Principal Social  | Aug 2024  | G   |
|     | apply executive-function | on executive function.  | Worker, Westmarsh |           |     |
|     | assessment.              |                         | Council           |           |     |
|-----|--------------------------|-------------------------|-------------------|-----------|-----|
| ii  | The Trust should check   | Add a self-care         | Discharge         | September | A   |
|     | self-care at discharge;  | question to the         | Coordinator       | 2024      |     |
|     | see (i) above.           | checklist.              |                   |           |     |
|-----|--------------------------|-------------------------|-------------------|-----------|-----|
|     |                          | Audit 30 discharges.    | Head of Nursing   | Mar 2025  | R   |
|     |                          |                         | Quality           |           |     |
|-----|--------------------------|-------------------------|-------------------|-----------|-----|

Total actions: 3 / Completed: 1
"""


def test_a_grid_table_whose_cells_wrap_is_one_row_between_rules(tmp_path):
    path = tmp_path / "grid.txt"
    path.write_text(GRID, encoding="utf-8")
    result = load_document(path)
    graph = result.graph
    assert counts(path) == (2, 3)
    recs = {r.ref: r.text for r in graph.nodes("Recommendation")}
    assert recs == {
        "i": "Adult Social Care should apply executive-function assessment.",
        "ii": "The Trust should check self-care at discharge; see (i) above.",
    }
    actions = sorted((a.text, a.due_raw, a.rag, a.status.value) for a in graph.nodes("Action"))
    assert actions == [
        ("Add a self-care question to the checklist.", "September 2024", "amber", "in_progress"),
        ("Audit 30 discharges.", "Mar 2025", "red", "delayed"),
        ("Issue practice guidance on executive function.", "Aug 2024", "green", "complete"),
    ]
    (reference,) = graph.nodes("CrossReference")
    assert [t.ref for t in graph.targets(reference.id, "RESOLVES_TO")] == ["i"]
    assert sorted(a.name for a in graph.nodes("Agency")) == [
        "Westmarsh Council",
        "Westmarsh Safeguarding Adults Board",
    ]


def test_a_header_set_on_two_rows_and_an_incident_plans_columns(tmp_path):
    path = tmp_path / "si.txt"
    path.write_text(
        "Ravensmoor University Hospitals NHS Foundation Trust\n"
        "Serious Incident Action Plan - Patient M\n\n"
        "ROOT CAUSE\tREC\tRECOMMENDATION\tACTION\tLEAD\tTARGET\tSIGN-OFF\n"
        "\tNO.\t\t\tOFFICER\tDATE\t\n"
        "Score not escalated\tR1\tEscalate early warning scores.\tRelaunch the flowchart\t"
        "Matron, Acute Medicine\tMar-24\tSigned off by Patient Safety Group\n",
        encoding="utf-8",
    )
    result = load_document(path)
    graph = result.graph
    (action,) = graph.nodes("Action")
    assert (action.owner_raw, action.due_raw, action.status.value) == (
        "Matron, Acute Medicine",
        "Mar-24",
        "complete",
    )
    assert [r.ref for r in graph.nodes("Recommendation")] == ["R1"]
    (role,) = graph.nodes("LeadRole")
    assert [a.name for a in graph.targets(role.id, "MEMBER_OF")] == [
        "Ravensmoor University Hospitals NHS Foundation Trust"
    ]
    # The root cause has no field: it is reported, not dropped.
    assert [u.text for u in result.unplaced if u.reason == "unplaced"] == ["Score not escalated"]
