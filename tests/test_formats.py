"""Plans as boards publish them: Word, PDF, Excel, CSV and HTML, new layouts, refusals and
malformed files. The plans are fictional; the files are made by the real writers."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from plan_writers import Table, Text, cell, write_docx, write_xlsx

from reviewgraph.graph import InputError
from reviewgraph.graph.store import Store
from reviewgraph.loaders import load_document
from reviewgraph.loaders.batch import load_paths
from reviewgraph.loaders.inspection import inspect_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def counts(graph):
    return graph.count("Recommendation"), graph.count("Action")


@pytest.mark.parametrize(
    ("name", "expected", "refs", "locator"),
    [
        ("marshfield_dhr_anna_2022.docx", (3, 5), ["1", "2", "3"], "table 1, row 3, column 1"),
        (
            "fenwick_si_patient_c_2023.xlsx",
            (3, 5),
            ["PROVUL1", "PROVUL2", "ASC1"],
            "sheet Fenwick Hospitals, cell B4",
        ),
        (
            "corrick_cspr_child_l_2021.pdf",
            (30, 60),
            ["21.10.1", "21.10.2", "21.10.3"],
            "page 1, table 1, row 2, column 2",
        ),
        ("kelby_sar_ms_p_2022.csv", (2, 4), ["1", "2"], "row 2, column B"),
        ("ashdown_sar_adult_d_2023.html", (2, 3), ["1", "2"], None),
        ("leyburn_recommendations_2024.md", (4, 0), ["1", "2", "3"], None),
    ],
)
def test_examples_in_each_format_load_with_their_numbers_and_places(name, expected, refs, locator):
    graph = load_document(EXAMPLES / name).graph
    assert counts(graph) == expected
    recs = sorted(graph.nodes("Recommendation"), key=lambda r: r.order)
    assert [r.ref for r in recs][: len(refs)] == refs
    assert recs[0].source.locator == locator


def test_rag_given_as_cell_colour_and_agency_sections():
    graph = load_document(EXAMPLES / "fenwick_si_patient_c_2023.xlsx").graph
    assert [a.rag for a in sorted(graph.nodes("Action"), key=lambda a: a.source.line_start)] == [
        "green",
        "amber",
        "red",
        "amber",
        "amber",
    ]
    dhr = load_document(EXAMPLES / "marshfield_dhr_anna_2022.docx").graph
    directed = {r.ref: graph_names(dhr, r) for r in dhr.nodes("Recommendation")}
    assert directed["1"] == ["Marshfield Police"]
    assert dhr.count("Action") == 5  # the merged recommendation cell spans its two rows


def graph_names(graph, rec):
    return [a.name for a in graph.targets(rec.id, "DIRECTED_AT")]


def test_recommendations_only_table_is_addressed_and_flagged_without_actions():
    graph = load_document(EXAMPLES / "leyburn_recommendations_2024.md").graph
    names = {r.ref: graph_names(graph, r) for r in graph.nodes("Recommendation")}
    assert names["3"] == ["Northern Ambulance Service"]
    from reviewgraph.queries.checks import run_checks

    findings = [f for f in run_checks(graph) if f.rule == "recommendation-without-action"]
    assert len(findings) == 4


def test_unknown_columns_are_refused_with_what_was_found(tmp_path):
    path = tmp_path / "issues.txt"
    path.write_text("Issue\tOwner\tDate\nLate referral\tNamed Nurse\tMay 2020\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_document(path)
    assert raised.value.title == (
        "a table with columns Issue, Owner, Date: no column holds recommendations"
    )
    assert "--columns" in raised.value.hint
    mapped = load_document(path, columns={"Issue": "recommendation"}).graph
    assert counts(mapped) == (1, 1)


def test_a_word_table_nobody_understands_is_refused(tmp_path):
    plan = [
        Text("Learning review"),
        Table(
            rows=[
                [cell("Theme"), cell("Finding"), cell("Notes")],
                [cell("Records"), cell("Gaps"), cell("")],
            ]
        ),
    ]
    path = write_docx(plan, tmp_path / "themes.docx")
    with pytest.raises(InputError) as raised:
        load_document(path)
    assert "a table with columns Theme, Finding, Notes: no column holds recommendations" in str(
        raised.value
    )
    assert "no column holds" in inspect_document(path).refusal


def test_an_action_only_table_is_refused(tmp_path):
    plan = [
        Table(
            rows=[
                [cell("No."), cell("Action"), cell("Lead"), cell("Target date")],
                [cell("1"), cell("Audit files"), cell("Named Nurse"), cell("May 2020")],
            ]
        )
    ]
    path = write_xlsx(plan, tmp_path / "actions.xlsx")
    with pytest.raises(InputError, match="no column holds recommendations"):
        load_document(path)


# -- malformed files ------------------------------------------------------------


def _pdf(path: Path, pages: int, *, text: bool = True, encrypt: str | None = None) -> Path:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), encrypt=encrypt)
    for number in range(pages):
        if text:
            page.drawString(72, 720, f"Page {number + 1}")
        else:
            page.rect(72, 72, 400, 600, fill=1)
        page.showPage()
    page.save()
    return path


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w>" + b" " * (24 * 1024 * 1024) + b"</w>")
    return path


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        (
            "truncated.docx",
            lambda p: p.write_bytes(
                (EXAMPLES / "marshfield_dhr_anna_2022.docx").read_bytes()[:3000]
            ),
            "damaged or truncated",
        ),
        (
            "truncated.xlsx",
            lambda p: p.write_bytes(
                (EXAMPLES / "fenwick_si_patient_c_2023.xlsx").read_bytes()[:2500]
            ),
            "damaged or truncated",
        ),
        ("bomb.docx", _bomb, "zip bomb"),
        ("locked.pdf", lambda p: _pdf(p, 1, encrypt="secret"), "encrypted"),
        ("scan.pdf", lambda p: _pdf(p, 3, text=False), "no text layer"),
        ("long.pdf", lambda p: _pdf(p, 500), "500 pages"),
    ],
)
def test_malformed_files_fail_fast_with_one_line(tmp_path, name, make, words):
    path = tmp_path / name
    make(path)
    started = time.monotonic()
    with pytest.raises(InputError) as raised:
        load_document(path)
    assert time.monotonic() - started < 10
    message = str(raised.value)
    assert words in message and "\n" not in message and message.startswith(str(path))


def test_formula_errors_are_reported_and_the_rest_loads(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Recommendation", "Action", "Target date"])
    sheet.append(["1. Audit files", "Run an audit", "=1/0"])
    path = tmp_path / "errors.xlsx"
    workbook.save(path)
    # Excel stores the error a formula gave; openpyxl writes none, so write it as Excel would.
    workbook = openpyxl.load_workbook(path)
    workbook.active["C2"] = "#DIV/0!"
    workbook.save(path)
    result = load_document(path)
    (action,) = result.graph.nodes("Action")
    assert action.text == "Run an audit" and action.due_raw is None
    assert [(u.text, u.what) for u in result.unplaced if u.reason == "unplaced"] == [
        ("#DIV/0!", "formula error #DIV/0!, sheet Sheet, cell C2")
    ]


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04broken")
    (tmp_path / "good.csv").write_text("Recommendation,Action\n1. Audit,Run it\n", encoding="utf-8")
    report = load_paths(Store.open(":memory:"), [tmp_path])
    assert report.loaded == [str(tmp_path / "good.csv")]
    assert "damaged or truncated" in report.failed[0].message


def test_large_workbooks_are_read_row_by_row_with_the_same_result(monkeypatch):
    from reviewgraph.loaders.formats import excel

    whole = load_document(EXAMPLES / "fenwick_si_patient_c_2023.xlsx").graph
    monkeypatch.setattr(excel, "FULL_READ_BYTES", 0)
    streamed = load_document(EXAMPLES / "fenwick_si_patient_c_2023.xlsx").graph
    assert counts(streamed) == counts(whole) == (3, 5)
    assert sorted(a.rag for a in streamed.nodes("Action")) == sorted(
        a.rag for a in whole.nodes("Action")
    )


def test_symbol_font_bullets_start_items():
    from reviewgraph.loaders.formats.pdf import Line, paragraphs
    from reviewgraph.loaders.formats.word import cell_markup

    def word(text, x0, top):
        return {
            "text": text,
            "x0": x0,
            "x1": x0 + 5 * len(text),
            "top": top,
            "bottom": top + 7,
            "size": 7,
            "fontname": "Arial",
        }

    lines = [
        Line([word("\uf0b7", 10, 0), word("Audit", 20, 0)]),
        Line([word("\uf0b7", 10, 8.4), word("Train", 20, 8.4)]),
    ]
    assert [(text, bullet) for text, bullet, _ in paragraphs(lines, 10, 300)] == [
        ("• Audit", True),
        ("• Train", True),
    ]
    assert cell_markup([("\uf0b7 Audit", "\uf0b7 Audit", False, False)]) == (
        "<ul><li>• Audit</li></ul>"
    )
