"""Cross-references in the seeds, one by one, and plans edited to break them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from reviewgraph.graph.models import CrossReference
from reviewgraph.loaders import load_document
from reviewgraph.loaders.reference_words import find_references
from reviewgraph.queries.checks import run_checks

AS_OF = dt.date(2012, 7, 1)

#: (seed, line, words as printed, kind, target): a target names a recommendation by its
#: number ("rec 3.3.9(v)"), an unnumbered one by its order ("rec #2"), an action by its
#: line and first words, or "dangling" / "ambiguous".
EXPECTED = [
    ("000", 20, "As above", "ditto", "action L20 ISA operational"),
    ("000", 25, "As above", "ditto", "action L21 Recruitment Strategy"),
    ("000", 26, "see LSCB above", "positional", "rec #2"),
    ("000", 31, "As above", "ditto", "action L30 Monthly file audit"),
    ("000", 32, "As above", "ditto", "action L30 Monthly file audit"),
    ("000", 33, "As above", "ditto", "action L30 Monthly file audit"),
    ("000", 38, "See 3.3.9 (v)", "explicit", "rec 3.3.9(v)"),
    ("000", 38, "See 3.3.9 (v)", "explicit", "rec 3.3.9(v)"),
    # 3.3.13 (a)-(c) each take one step, date, owner and progress entry of the row.
    # TIMESCALE "As above" (third date) repeats "May 2006" of the second step, (b)'s
    ("000", 38, "As above", "ditto", "action L38 See 3.3.9 (v)"),
    # RESPONSIBLE "As above" ×2 and PROGRESS "• As above" ×2 repeat the first step's, (a)'s
    ("000", 38, "As above", "ditto", "action L38 Further training"),
    ("000", 38, "As above", "ditto", "action L38 Further training"),
    ("000", 38, "As above", "ditto", "action L38 Further training"),
    ("000", 38, "As above", "ditto", "action L38 Further training"),
    ("000", 43, "See 3.3.9 (v)", "explicit", "rec 3.3.9(v)"),
    ("000", 43, "See 3.3.9 (v)", "explicit", "rec 3.3.9(v)"),
    ("000", 43, "As above", "ditto", "action L43 ASKK Development Team"),
    # "Information on dangerous adults is being shared – see above": 3.3.14's interim records
    ("000", 71, "see above", "positional", "action L39 Interim manual records"),
    ("000", 72, "see 3.7.2", "explicit", "rec 3.7.2"),
    ("000", 76, "see above", "positional", "action L39 Interim manual records"),
    ("001", 17, "see 2.2 below", "explicit", "rec 2.2"),
    ("003", 70, "as action 18", "explicit", "rec 18"),
    ("003", 71, "as action 18", "explicit", "rec 18"),
    ("003", 81, "See action 34", "explicit", "rec 34"),
    # first row of section 7: nothing above it in that agency's OUTCOME column
    ("003", 162, "SEE ABOVE", "ditto", "dangling"),
    ("003", 162, "see LSCB action line 2", "explicit", "rec 2"),
    ("003", 163, "SEE ABOVE", "ditto", "action L162 Social Care with LSCB"),
    ("003", 163, "see LSCB action line 2", "explicit", "rec 2"),
    ("003", 164, "SEE ABOVE", "ditto", "action L162 Social Care with LSCB"),
    ("003", 165, "SEE ABOVE", "ditto", "action L162 Social Care with LSCB"),
    ("003", 171, "SEE ABOVE", "ditto", "action L171 Social Care Policy"),
    # The first "SEE ABOVE" of lines 176 and 177 ends the first action's own outcome entry
    # ("… Child In Need Plans. SEE ABOVE"): it repeats the filled cell above it in the
    # column (recommendation 59's, 60's); the second, an entry of its own, repeats the first.
    ("003", 176, "SEE ABOVE", "ditto", "action L172 Managers receive refresher training"),
    ("003", 176, "SEE ABOVE", "ditto", "action L176 Social Care Policy"),
    ("003", 177, "SEE ABOVE", "ditto", "action L176 Social Care Policy"),
    ("003", 177, "SEE ABOVE", "ditto", "action L177 Notification letters"),
    ("003", 180, "SEE ABOVE", "ditto", "action L180 Social Care Policy"),
    ("003", 180, "SEE ABOVE", "ditto", "action L180 Social Care Policy"),
    ("003", 181, "SEE ABOVE", "ditto", "action L181 Step Up / Step Down"),
    ("003", 186, "SEE ABOVE", "ditto", "action L186 Script for Access"),
    ("003", 190, "SEE ABOVE", "ditto", "action L187 Reference to Legal Advice"),
]

SEED_FILES = {
    "000": "000_9f3ef0723d8bc463.txt",
    "001": "001_1c0d779375c8faf1.txt",
    "002": "002_4a9da4e5fdfb031e.txt",
    "003": "003_ec582cd5a6ee9def.txt",
    "004": "004_1bd6c0dfc3866400.txt",
}


def _describe(graph, ref: CrossReference) -> str:
    if ref.resolution != "resolved":
        return ref.resolution
    (target,) = graph.targets(ref.id, "RESOLVES_TO")
    if target.label == "Recommendation":
        return f"rec {target.ref}" if target.ref else f"rec #{target.order}"
    return f"action L{target.source.line_start} {target.text}"


def _references(graph):
    refs = sorted(graph.nodes(CrossReference), key=lambda r: int(r.id.rsplit(":", 1)[1]))
    return [(r.source.line_start, r.raw, r.kind, _describe(graph, r)) for r in refs]


@pytest.fixture(scope="module")
def seed_refs(seeds_dir):
    return {
        seed: _references(load_document(seeds_dir / name).graph)
        for seed, name in SEED_FILES.items()
    }


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_every_reference_of_each_seed(seed_refs, seed):
    expected = [e[1:] for e in EXPECTED if e[0] == seed]
    found = seed_refs[seed]
    assert len(found) == len(expected), found
    for (line, raw, kind, target), (e_line, e_raw, e_kind, e_target) in zip(
        found, expected, strict=True
    ):
        assert (line, raw, kind) == (e_line, e_raw, e_kind)
        assert target.startswith(e_target), (line, raw, target)


def test_every_reference_is_cited_and_has_a_field(seeds_dir):
    for name in SEED_FILES.values():
        graph = load_document(seeds_dir / name).graph
        for ref in graph.nodes(CrossReference):
            assert graph.sources(ref.id, "CITES"), ref
            targets = graph.targets(ref.id, "RESOLVES_TO")
            assert (ref.resolution == "dangling") == (not targets)
            assert ref.field in {
                "text",
                "owner_raw",
                "due_raw",
                "outcome",
                "progress",
                "evidence",
                "status_raw",
            }


def test_no_false_references_in_prose(seeds_dir):
    # seed 004 is prose with "described in the CCG statement below" and no pointer
    assert _references(load_document(seeds_dir / SEED_FILES["004"]).graph) == []
    # prose in the tables: "specified below", "of the above", "attend above training",
    # "notice above scales", "request to see all children", "as per NHS Kirklees Training policy"
    for name in SEED_FILES.values():
        for line in (seeds_dir / name).read_text(encoding="utf-8").splitlines():
            for words in (
                "specified below",
                "inform them of the above",
                "attend above training",
                "notice above scales",
                "request to see all",
                "to see her/him",
                "as per NHS Kirklees",
                "as per regulations",
                "refer to Children",
            ):
                if words in line:
                    start = line.index(words)
                    snippet = line[max(0, start - 20) : start + len(words) + 20]
                    assert find_references(re.sub(r"<[^>]+>", " ", snippet)) == [], snippet


@pytest.mark.parametrize(
    "text",
    [
        "as seen above the threshold",
        "the above policy is in place",
        "refer to the above policy",
        "levels remain as above average",
        "staff to see 3 children a week",
    ],
)
def test_ordinary_prose_is_not_a_reference(text):
    assert find_references(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("see also 4.2", "explicit"),
        ("(see para 4.2)", "explicit"),
        ("refer to section 3", "explicit"),
        ("cf. 3.1", "explicit"),
        ("CF. 3.1", "explicit"),
        ("referred to 3.2", "explicit"),
        ("compare with 2.1", "explicit"),
        ("as in section 4", "explicit"),
        ("Refer To Section 2", "explicit"),
        ("same as above", "ditto"),
        ("see recommendation 12", "explicit"),
        ("as per action 5", "explicit"),
        ("SEE ABOVE", "ditto"),
        ("As above.", "ditto"),
        ("Ditto", "ditto"),
        ("work is shared – see above", "positional"),
        ("see Police below", "positional"),
    ],
)
def test_reference_forms(text, kind):
    (mention,) = find_references(text)
    assert mention.kind == kind


@pytest.mark.parametrize(
    ("text", "number", "direction"),
    [
        ("See Police action P2", "P2", None),
        ("see recommendation ASC1", "ASC1", None),
        ("See P2 above", "P2", "above"),
        ("see H1", "H1", None),
    ],
)
def test_items_numbered_by_letters_and_a_number(text, number, direction):
    (mention,) = find_references(text)
    assert (mention.kind, mention.form, mention.number, mention.direction) == (
        "explicit",
        "number",
        number,
        direction,
    )


def test_a_letter_and_number_reference_resolves_across_sheets(tmp_path):
    # One sheet per agency, items numbered P1, ASC1 …; "Agency:" labels the sheet's agency.
    import openpyxl

    from reviewgraph.loaders import load_document

    book = openpyxl.Workbook()
    header = ["Ref", "Recommendation", "Action", "Lead", "Deadline"]
    sheets = {
        "Police": (
            "Harrowdene Police",
            "P",
            "Police should refer repeat missing adults.",
            "Agree a referral threshold",
            "Detective Inspector",
        ),
        "Adult Social Care": (
            "Harrowdene Adult Social Care",
            "ASC",
            "Social care should agree the missing pathway.",
            "See Police action P1",
            "Principal Social Worker",
        ),
    }
    for number, (title, (agency, prefix, rec, action, owner)) in enumerate(sheets.items()):
        sheet = book.active if number == 0 else book.create_sheet()
        sheet.title = title
        sheet.append(["Harrowdene SAB – Safeguarding Adults Review: Mr T"])
        sheet.append([f"Agency: {agency}"])
        sheet.append([])
        sheet.append(header)
        sheet.append([f"{prefix}1", rec, action, owner, "31/01/2023"])
    path = tmp_path / "sar.xlsx"
    book.save(path)
    result = load_document(path)
    graph = result.graph
    (reference,) = graph.nodes("CrossReference")
    assert [t.ref for t in graph.targets(reference.id, "RESOLVES_TO")] == ["P1"]
    assert sorted(a.name for a in graph.nodes("Agency"))[:2] == [
        "Harrowdene Adult Social Care",
        "Harrowdene Police",
    ]
    assert not [u for u in result.unplaced if u.reason == "unplaced"]


# -- plans edited to break references ---------------------------------------------------


def _key(finding):
    return (finding.rule, finding.line_start, finding.quoted)


def _findings(path: Path):
    return {_key(f) for f in run_checks(load_document(path).graph, as_of=AS_OF)}


def _variant(seeds_dir, tmp_path, seed, edit):
    original = seeds_dir / SEED_FILES[seed]
    lines = original.read_text(encoding="utf-8").split("\n")
    edit(lines)
    path = tmp_path / SEED_FILES[seed]
    path.write_text("\n".join(lines), encoding="utf-8")
    return original, path


def _new_findings(original, variant):
    return _findings(variant) - _findings(original)


def test_deleted_target_is_reported_at_the_pointer(seeds_dir, tmp_path):
    def delete_2_2(lines):
        assert lines[26].startswith("2.2 ")
        lines[26] = ""  # keep line numbers

    original, variant = _variant(seeds_dir, tmp_path, "001", delete_2_2)
    new = _new_findings(original, variant)
    assert ("dangling-reference", 17, "see 2.2 below") in new
    assert {n for n in new if n[0] in ("dangling-reference", "ambiguous-reference")} == {
        ("dangling-reference", 17, "see 2.2 below")
    }


def test_renumbered_target_is_reported(seeds_dir, tmp_path):
    def renumber_18(lines):
        assert lines[66].startswith("18. ")
        lines[66] = "81. " + lines[66][4:]

    original, variant = _variant(seeds_dir, tmp_path, "003", renumber_18)
    new = _new_findings(original, variant)
    assert new == {
        ("dangling-reference", 70, "as action 18"),
        ("dangling-reference", 71, "as action 18"),
    }


def test_renumbered_parent_breaks_sub_item_references(seeds_dir, tmp_path):
    def renumber(lines):
        assert "<p>3.3.9</p>" in lines[25]
        lines[25] = lines[25].replace("<p>3.3.9</p>", "<p>3.3.10</p>")

    original, variant = _variant(seeds_dir, tmp_path, "000", renumber)
    new = _new_findings(original, variant)
    dangling = sorted(n for n in new if n[0] == "dangling-reference")
    assert [(n[1], n[2]) for n in dangling] == [
        (38, "See 3.3.9 (v)"),
        (38, "See 3.3.9 (v)"),
        (43, "See 3.3.9 (v)"),
        (43, "See 3.3.9 (v)"),
    ] or [(n[1], n[2]) for n in dangling] == [(38, "See 3.3.9 (v)"), (43, "See 3.3.9 (v)")]
    assert {n[0] for n in new} == {"dangling-reference"}


def test_ditto_at_the_top_of_a_column(seeds_dir, tmp_path):
    outcome = "Support of male carers or risks posed by them are fully identified."

    def ditto_first(lines):
        assert outcome in lines[34]
        lines[34] = lines[34].replace(outcome, "SEE ABOVE")

    original, variant = _variant(seeds_dir, tmp_path, "003", ditto_first)
    new = _new_findings(original, variant)
    assert new == {("dangling-reference", 35, "SEE ABOVE")}


def test_duplicate_number_makes_references_ambiguous(seeds_dir, tmp_path):
    def duplicate_34(lines):
        assert lines[109].startswith("36. ")
        lines[109] = "34. " + lines[109][4:]

    original, variant = _variant(seeds_dir, tmp_path, "003", duplicate_34)
    new = _new_findings(original, variant)
    assert ("ambiguous-reference", 81, "See action 34") in new
    assert ("duplicate-recommendation-number", 110, new_quoted(new)) in new


def new_quoted(new):
    return next(n[2] for n in new if n[0] == "duplicate-recommendation-number")


def test_reference_cycle(tmp_path):
    plan = (
        "RECOMMENDATION\tACTION\tBY WHEN\tLEAD\n"
        "1.1 Audit files\tSee 1.2 below\tMay 2010\tNamed Nurse\n"
        "1.2 Train staff\tSee 1.1 above\tJune 2010\tNamed Doctor\n"
    )
    path = tmp_path / "plan.txt"
    path.write_text(plan, encoding="utf-8")
    findings = [
        f for f in run_checks(load_document(path).graph, as_of=AS_OF) if f.rule == "reference-cycle"
    ]
    assert len(findings) == 1 and findings[0].line_start == 2 and findings[0].severity == "error"


def test_see_above_can_point_at_a_step_listed_earlier_in_the_same_row(seeds_dir, tmp_path):
    # Line 58 lists three steps for 3.6.1-3.6.3 in one cell. Written as a pointer, the
    # third step names the second ("Domestic violence training … – see above"), which
    # stands on the same line: earlier in the row is above.
    lines = (seeds_dir / SEED_FILES["000"]).read_text(encoding="utf-8").splitlines()
    last = "<p>Policies reviewed and changed</p> | <p>April 2006</p>"
    assert lines[57].count(last) == 1
    lines[57] = lines[57].replace(
        last, "<p>Domestic violence training included – see above</p> | <p>April 2006</p>"
    )
    variant = tmp_path / "000_kingston_variant.txt"
    variant.write_text("\n".join(lines), encoding="utf-8")
    graph = load_document(variant).graph
    (ref,) = [r for r in graph.nodes(CrossReference) if r.source.line_start == 58]
    assert (ref.raw, ref.resolution) == ("see above", "resolved")
    (target,) = graph.targets(ref.id, "RESOLVES_TO")
    assert target.text.startswith("Increased training on Domestic Violence")


def test_see_above_finds_the_item_about_its_words_however_far_above(seeds_dir, tmp_path):
    # Line 71's "Information on dangerous adults is being shared – see above" is about
    # 3.3.14's interim records (line 39). With 150 other steps between them the pointer
    # still finds them: every item holding its words is looked at, not the nearest few.
    lines = (seeds_dir / SEED_FILES["000"]).read_text(encoding="utf-8").splitlines()
    assert lines[38].count("Interim manual records") == 1
    assert "see above" in lines[70]
    filler = [
        f"| <p>3.3.{20 + i} Leaflet {i} to be reprinted</p> | <p>Reprint leaflet {i}"
        f" in colour</p> | <p>May 2007</p> | <p>Named Nurse</p> | <p>Done</p> |"
        for i in range(150)
    ]
    variant = tmp_path / "000_kingston_variant.txt"
    variant.write_text("\n".join([*lines[:39], *filler, *lines[39:]]), encoding="utf-8")
    graph = load_document(variant).graph
    (ref,) = [r for r in graph.nodes(CrossReference) if r.source.line_start == 71 + 150]
    assert (ref.raw, ref.resolution) == ("see above", "resolved")
    (target,) = graph.targets(ref.id, "RESOLVES_TO")
    assert target.text.startswith("Interim manual records")


def test_as_action_n_points_at_the_action_numbered_n(tmp_path):
    # An "Action no." column numbers the actions apart from the recommendations.
    from reviewgraph.loaders import load_document

    path = tmp_path / "plan.csv"
    path.write_text(
        "Ref,Recommendation,Action no.,Action,Lead officer,Timescale\n"
        "4.1.1,Plans should say what must change.,1,Revise the plan template,Head of CP,"
        "March 2022\n"
        "4.1.2,Core groups should meet on time.,2,Report core group timeliness,"
        "Head of Performance,June 2022\n"
        "4.2.1,Schools should know the guidance.,3,Brief schools as action 2,"
        "Education Lead,July 2022\n",
        encoding="utf-8",
    )
    graph = load_document(path).graph
    assert sorted(a.number for a in graph.nodes("Action")) == ["1", "2", "3"]
    (reference,) = graph.nodes("CrossReference")
    assert [t.text for t in graph.targets(reference.id, "RESOLVES_TO")] == [
        "Report core group timeliness"
    ]


@pytest.mark.parametrize(
    ("text", "form", "number"),
    [
        ("links to recommendation 4", "number", "4"),
        ("Linked with 2.3", "number", "2.3"),
        ("duplicate of action 7", "action", "7"),
        # items lettered A, B … or numbered i, ii …
        ("links to A", "number", "A"),
        ("see (A) above", "number", "A"),
        ("as for B", "number", "B"),
        ("see (ii) above", "number", "ii"),
        ("links to iv", "number", "iv"),
    ],
)
def test_links_and_duplicates_are_references(text, form, number):
    (mention,) = find_references(text)
    assert (mention.form, mention.number) == (form, number)


def test_see_section_n_points_at_the_items_of_that_section(tmp_path):
    from reviewgraph.loaders import load_document

    path = tmp_path / "plan.txt"
    path.write_text(
        "Northby SCP – Serious Case Review Child V\n\n"
        "Ref\tRecommendation\tAction\tLead officer\tTarget date\n"
        "Section 4: Health\t\t\t\t\n"
        "1\tGPs should record fathers.\tAudit records; see section 5\tNamed GP\tMay 2024\n"
        "Section 5: Police\t\t\t\t\n"
        "2\tPolice should share notifications.\tAgree a protocol\tDCI\tJune 2024\n"
        "3\tPolice should train officers.\tTrain officers\tDCI\tJuly 2024\n",
        encoding="utf-8",
    )
    graph = load_document(path).graph
    (reference,) = graph.nodes("CrossReference")
    assert sorted(t.ref for t in graph.targets(reference.id, "RESOLVES_TO")) == ["2", "3"]
    assert sorted(a.name for a in graph.nodes("Agency") if a.name in ("Health", "Police")) == [
        "Health",
        "Police",
    ]


@pytest.mark.parametrize("text", ["see i.e. the policy", "See A new approach", "see it above"])
def test_letters_in_words_are_not_references(text):
    assert find_references(text) == []
