"""Exact places: lines counted on line ends only, pages from form feeds, any Unicode encoding.

A plan run through ``pdftotext`` has a form feed at every page; the places the
graph gives must be the lines ``cat -n`` shows, and the page each is on.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from reviewgraph.graph import InputError
from reviewgraph.loaders import lines, load_document
from reviewgraph.loaders.read import decode_text

IN_CI = bool(os.environ.get("REVIEWGRAPH_CI"))


def _skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI must install it: see .ci/run)")
    pytest.skip(reason)


def _cat_n_lines(text: str) -> list[str]:
    """Lines as ``cat -n`` numbers them: split at newlines only."""
    return text.split("\n")


def _page_of(text_lines: list[str], number: int) -> int:
    before = sum(line.count("\f") for line in text_lines[: number - 1])
    line = text_lines[number - 1]
    return 1 + before + len(line) - len(line.lstrip("\f"))


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory, seed_path) -> str:
    """The prose seed printed to a PDF by reportlab and read back by ``pdftotext -layout``."""
    if shutil.which("pdftotext") is None:
        _skip_or_fail("pdftotext (poppler-utils) is not installed")
    try:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.utils import simpleSplit
        from reportlab.pdfgen import canvas
    except ImportError:
        _skip_or_fail("reportlab is not installed (pip install '.[test]')")
    folder = tmp_path_factory.mktemp("pdf")
    source = seed_path("buckinghamshire").read_text(encoding="utf-8")
    page = canvas.Canvas(str(folder / "plan.pdf"), pagesize=A4)
    width, height = A4
    y = height - 50
    for paragraph in source.split("\n"):
        for printed in simpleSplit(paragraph, "Helvetica", 9, width - 100) or [""]:
            if y < 50:
                page.showPage()
                y = height - 50
            page.setFont("Helvetica", 9)
            page.drawString(50, y, printed)
            y -= 12
    page.save()
    subprocess.run(
        ["pdftotext", "-layout", str(folder / "plan.pdf"), str(folder / "plan.txt")], check=True
    )
    return str(folder / "plan.txt")


def test_pdf_text_lines_are_the_lines_cat_shows(pdf_text):
    text = open(pdf_text, encoding="utf-8").read()
    assert text.count("\f") >= 2, "the seed should print on several pages"
    printed = _cat_n_lines(text)
    graph = load_document(pdf_text).graph
    checked = later_pages = 0
    for node in graph.nodes():
        if node.label not in ("Recommendation", "Action") or "not quoted" in node.text:
            continue
        line = printed[node.source.line_start - 1]
        assert node.text[:30] in line, (node.source, node.text, line)
        assert node.source.page == _page_of(printed, node.source.line_start)
        checked += 1
        later_pages += node.source.page > 1
    # Enough items past a page break that a drift of one line per page would show.
    assert checked > 50 and later_pages > 20


def test_form_feeds_and_other_separators_are_not_line_breaks(tmp_path):
    plan = (
        "Kingston Local Safeguarding Children Board\x0b\x1c\x1d\x1e\x85\u2028\n"
        "\fRECOMMENDATION\tACTION\tBY WHEN\n"
        "1. Audit files\tRun the audit\tMay 2010\n"
        "\f2. Train staff\tTrain them\tJune 2010\r\n"
        "3. Brief staff\tBrief them\tJuly 2010\r"
        "4. Check\tCheck it\tMay 2011\n"
    )
    path = tmp_path / "plan.txt"
    path.write_bytes(plan.encode("utf-8"))
    graph = load_document(path).graph
    places = {r.ref: (r.source.line_start, r.source.page) for r in graph.nodes("Recommendation")}
    assert places == {"1": (3, 2), "2": (4, 3), "3": (5, 3), "4": (6, 3)}
    assert graph.get("document:plan").source.line_end == 6


def test_lines_split_only_at_line_ends():
    assert lines.split_lines("a\fb\x1cc\u2028d\r\ne\rf\n") == ["a\fb\x1cc\u2028d", "e", "f"]
    assert lines.line_pages("a\n\fb\nc\f\nd") == [1, 2, 2, 3]
    assert lines.line_pages("plain") is None


PLAN = "RECOMMENDATION\tACTION\tBY WHEN\n1. Audit files\tRun the audit – twice\tMay 2010\n"


@pytest.mark.parametrize(
    ("encoding", "bom", "reported"),
    [
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "utf-16-be"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32-le"),
        ("utf-32-be", b"", "utf-32-be"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8"),
    ],
)
def test_unicode_encodings_are_read(tmp_path, encoding, bom, reported):
    path = tmp_path / "plan.txt"
    path.write_bytes(bom + PLAN.encode(encoding))
    result = load_document(path)
    assert result.graph.get("document:plan").encoding == reported
    [action] = result.graph.nodes("Action")
    assert (action.text, action.due_raw) == ("Run the audit – twice", "May 2010")


def test_binary_is_still_refused(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" * 40)
    with pytest.raises(InputError, match="binary file, not text"):
        load_document(path)
    with pytest.raises(InputError, match="does not decode"):
        decode_text(b"\xff\xfe\x00", "odd.txt")


def test_a_nul_character_stays_inside_its_step(tmp_path):
    # Past the first 8 KB a NUL is a character of the text, never a separator.
    padding = "".join(f"{n}. Item {n}\tAudit {n}\tMay 2010\n" for n in range(2, 400))
    plan = PLAN + padding + "400. Last\t<p>Check the\x00 files</p><p>Report</p>\tJune 2010\n"
    path = tmp_path / "plan.txt"
    path.write_text(plan, encoding="utf-8")
    assert path.stat().st_size > 8192
    graph = load_document(path).graph
    last = next(r for r in graph.nodes("Recommendation") if r.ref == "400")
    texts = [a.text for a in graph.targets(last.id, "HAS_ACTION")]
    assert texts == ["Check the\x00 files", "Report"]
