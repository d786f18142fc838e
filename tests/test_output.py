"""How rows reach the user: tables that fit, JSON, JSON Lines, CSV and Excel."""

from __future__ import annotations

import csv
import doctest
import io
import json
import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pydantic import BaseModel

from reviewgraph.cli import columns, layout, output, sheets, tables, terminal
from reviewgraph.cli.layout import column_widths, wrap_lines
from reviewgraph.cli.main import main
from reviewgraph.cli.output import Column, Output, Sheet, render, render_report
from reviewgraph.cli.sheets import SheetData, csv_text, workbook_bytes
from reviewgraph.cli.tables import render_table

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def uncoloured(text: str) -> list[str]:
    return [line.rstrip() for line in ANSI.sub("", text).splitlines()]


# Three actions of Windsor and Maidenhead's plan (003, lines 184-190), as rows.
ROWS = [
    {
        "ref": "003:39/1",
        "agency": "Wexham Park Hospital",
        "role": "Lead Midwife for Outpatient Services",
        "action": "Adapt existing internal procedure to incorporate concealed pregnancy: Amend "
        "internal policy/procedure to reflect robust process for managing concealed pregnancy",
        "due": "July 2011",
        "status": "complete",
        "overdue": False,
    },
    {
        "ref": "003:39/2",
        "agency": "Wexham Park Hospital",
        "role": "Lead Midwife for Outpatient Services",
        "action": "Present procedure to relevant policy and procedure committee for approval "
        "internally",
        "due": "February – April 2012",
        "status": "in_progress",
        "overdue": True,
    },
    {
        "ref": "003:38/1",
        "agency": "Wexham Park Hospital",
        "role": "HWPHT",
        "action": "HWPHT to review its supervision policy",
        "due": "December 2011",
        "status": "delayed",
        "overdue": True,
    },
]
COLUMNS = [
    Column("ref", kind="ref", once=True),
    Column("action", kind="text"),
    Column("due"),
    Column("status", kind="status"),
    Column("overdue", kind="flag"),
]


@pytest.mark.parametrize("module", [columns, layout, output, sheets, tables, terminal])
def test_doctests(module):
    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


# -- tables -------------------------------------------------------------------------


def test_grouped_table_at_80_columns():
    assert render_table(ROWS, COLUMNS, width=80, group_by=("agency", "role")) == (
        "Wexham Park Hospital · Lead Midwife for Outpatient Services\n"
        "  ref       action                          due             status       overdue\n"
        "  --------  ------------------------------  --------------  -----------  -------\n"
        "  003:39/1  Adapt existing internal         July 2011       complete\n"
        "            procedure to incorporate\n"
        "            concealed pregnancy: Amend\n"
        "            internal policy/procedure to\n"
        "            reflect robust process for\n"
        "            managing concealed pregnancy\n"
        "\n"
        "  003:39/2  Present procedure to relevant   February –      in progress  yes\n"
        "            policy and procedure committee  April 2012\n"
        "            for approval internally\n"
        "\n"
        "Wexham Park Hospital · HWPHT\n"
        "  ref       action                          due             status       overdue\n"
        "  --------  ------------------------------  --------------  -----------  -------\n"
        "  003:38/1  HWPHT to review its             December 2011   delayed      yes\n"
        "            supervision policy\n"
    )


def test_table_at_200_columns_keeps_short_columns_on_one_line():
    table = render_table(ROWS, COLUMNS, width=200)
    lines = table.splitlines()
    assert lines[0].split() == ["ref", "action", "due", "status", "overdue"]
    assert max(len(line) for line in lines) <= 200
    assert "February – April 2012  in progress  yes" in table
    assert (
        "003:38/1  HWPHT to review its supervision policy" + " " * 109 + "December 2011"
    ) in table


def test_narrow_terminal_shows_records():
    table = render_table(ROWS[2:], COLUMNS, width=40)
    assert table == (
        "    ref  003:38/1\n"
        " action  HWPHT to review its supervision\n"
        "         policy\n"
        "    due  December 2011\n"
        " status  delayed\n"
        "overdue  yes\n"
    )


def test_reference_repeated_on_the_next_row_is_shown_once():
    rows = [dict(ROWS[0], action="first step"), dict(ROWS[0], action="second step")]
    lines = render_table(rows, COLUMNS, width=100).splitlines()
    assert lines[2].startswith("003:39/1  first step")
    assert lines[3].startswith("          second step")


def test_numbers_right_aligned_and_headings_wrap_when_short_of_room():
    rows = [{"name": "Kirklees Safeguarding Children Board", "in_progress": 3, "complete": 12}]
    columns = [
        Column("name", kind="text"),
        Column("in_progress", "in prog", kind="number"),
        Column("complete", kind="number"),
    ]
    assert render_table(rows, columns, width=80) == (
        "name                                  in prog  complete\n"
        "------------------------------------  -------  --------\n"
        "Kirklees Safeguarding Children Board        3        12\n"
    )
    assert render_table(rows, columns, width=30) == (
        "                  in\n"
        "name            prog  complete\n"
        "--------------  ----  --------\n"
        "Kirklees           3        12\n"
        "Safeguarding\n"
        "Children Board\n"
    )


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé–", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.from_regex(r"00[0-4]:[0-9]{1,3}(/[0-9])?", fullmatch=True),
            st.lists(_WORD, min_size=1, max_size=40),
            st.lists(_WORD, min_size=1, max_size=5),
        ),
        min_size=1,
        max_size=6,
    ),
    width=st.integers(min_value=40, max_value=220),
)
def test_words_and_references_are_never_broken(rows, width):
    data = [{"ref": r, "text": " ".join(t), "agency": " ".join(a)} for r, t, a in rows]
    columns = [Column("ref", kind="ref"), Column("text", kind="text"), Column("agency")]
    table = render_table(data, columns, width=width)
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= width
    tokens = {token for line in lines for token in line.split()}
    for ref, text, agency in rows:
        assert ref in tokens
        assert set(text) | set(agency) <= tokens


def test_column_widths_give_text_the_room():
    columns = [Column("ref", kind="ref"), Column("agency"), Column("text", kind="text")]
    cells = [["003:1", "Royal Borough of Windsor and Maidenhead", "word " * 60]]
    ref, agency, text = column_widths(columns, cells, 100)
    # A short column gets what it needs up to a fifth of the room; text the rest.
    assert (ref, agency, text) == (5, 19, 100 - 5 - 19 - 4)


def test_wrap_lines_hangs_and_folds_only_giant_words():
    assert wrap_lines("a " * 10, 12, 2, 2) == ["  a a a a a", "    a a a a", "    a"]
    assert wrap_lines("x" * 25, 10) == ["x" * 10, "    " + "x" * 6, "    " + "x" * 6, "    xxx"]


def test_escape_sequences_never_reach_the_table():
    rows = [{"ref": "1.2", "action": "Deliver training\x1b[2J\x1b]0;pwned\x07 now\x9b31m"}]
    table = render_table(rows, [Column("ref", kind="ref"), Column("action")], width=80)
    assert table.splitlines()[2] == "1.2  Deliver training now"
    assert not set(table) & {"\x1b", "\x07", "\x9b"}


def test_colour_only_when_asked():
    plain = render_table(ROWS, COLUMNS, width=100)
    coloured = render_table(ROWS, COLUMNS, width=100, colour=True)
    assert "\x1b[" not in plain
    assert "\x1b[32mcomplete" in coloured  # green
    assert "\x1b[31mdelayed" in coloured  # red
    assert "\x1b[1;31myes" in coloured  # overdue
    assert uncoloured(coloured) == plain.splitlines()


# -- Output: formats, limits, files ----------------------------------------------------


class Owned(BaseModel):
    role: str
    agency: str
    actions: int
    text: str | None = None


OWNED = [
    Owned(role="Named Nurse", agency="Wexham Park Hospital", actions=3),
    Owned(role="LSCB Chair", agency="Kingston LSCB", actions=12, text="see above"),
]


def emitted(capsys, format_: str, sheets_: list[Sheet], **kwargs) -> str:
    Output(format=format_, width=80, colour=False, pager=False, **kwargs).emit_tables(sheets_)
    return capsys.readouterr().out


def test_json_is_a_list_of_every_field_and_empty_is_a_list(capsys):
    assert json.loads(emitted(capsys, "json", [Sheet("owners", OWNED)]))[1] == {
        "role": "LSCB Chair",
        "agency": "Kingston LSCB",
        "actions": 12,
        "text": "see above",
    }
    assert emitted(capsys, "json", [Sheet("owners", [], fields=Owned)]) == "[]\n"


def test_several_tables_are_one_object_unless_one_is_chosen(capsys):
    both = [Sheet("owners", OWNED[:1]), Sheet("others", OWNED[1:])]
    assert set(json.loads(emitted(capsys, "json", both))) == {"owners", "others"}
    chosen = json.loads(emitted(capsys, "json", both, table="others"))
    assert [row["role"] for row in chosen] == ["LSCB Chair"]


def test_jsonl_streams_records_and_names_their_table(capsys):
    lines = emitted(capsys, "jsonl", [Sheet("owners", OWNED)]).splitlines()
    assert [json.loads(line)["actions"] for line in lines] == [3, 12]
    tagged = emitted(capsys, "jsonl", [Sheet("a", OWNED[:1]), Sheet("b", OWNED[1:])])
    assert [json.loads(line)["table"] for line in tagged.splitlines()] == ["a", "b"]


def test_csv_is_one_table(capsys):
    Output(format="csv").emit_tables([Sheet("owners", OWNED), Sheet("others", OWNED)])
    printed = capsys.readouterr()
    assert list(csv.reader(io.StringIO(printed.out))) == [
        ["role", "agency", "actions", "text"],
        ["Named Nurse", "Wexham Park Hospital", "3", ""],
        ["LSCB Chair", "Kingston LSCB", "12", "see above"],
    ]
    assert "Choose another with --table (others)" in printed.err


def test_limit_says_how_many_more(capsys):
    rows = [dict(ROWS[2], ref=f"003:{n}/1") for n in range(1, 8)]
    table = emitted(capsys, "table", [Sheet("owners", rows, COLUMNS)], limit=3)
    assert table.splitlines()[-1] == "… 4 more rows (--limit 0 shows all)"
    assert table.count("003:") == 3
    data = emitted(capsys, "json", [Sheet("owners", rows, COLUMNS)], limit=3)
    assert len(json.loads(data)) == 3


def test_csv_file_has_a_byte_order_mark_and_stdout_has_none(tmp_path, capsys):
    path = tmp_path / "owners.csv"
    Output(format="csv", path=path).emit(OWNED)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfrole,agency")
    assert not emitted(capsys, "csv", [Sheet("owners", OWNED)]).startswith("\ufeff")


def test_xlsx_needs_a_file():
    from click import UsageError

    with pytest.raises(UsageError, match="--format xlsx needs -o FILE.xlsx"):
        Output(format="xlsx").emit(OWNED)


def test_csv_cells_are_neutralised_and_numbers_kept():
    sheet = SheetData(
        "rows",
        ["text", "count", "ref"],
        [{"text": '=HYPERLINK("http://x","y")', "count": -3, "ref": "-"}],
    )
    assert list(csv.reader(io.StringIO(csv_text(sheet))))[1] == [
        '\'=HYPERLINK("http://x","y")',
        "-3",
        "'-",
    ]


def test_workbook_sheets_header_widths_colours_and_text_cells(tmp_path):
    rows = [dict(row, agencies=["Wexham Park Hospital", "BHFT"]) for row in ROWS]
    rows[0]["action"] = '=HYPERLINK("http://x","y")'
    book = load_workbook(
        io.BytesIO(
            workbook_bytes(
                [
                    SheetData("owners", list(rows[0]), rows),
                    SheetData("owners", ["label", "count"], [{"label": "Action", "count": 4}]),
                ]
            )
        )
    )
    assert book.sheetnames == ["owners", "owners (2)"]
    sheet = book["owners"]
    assert [cell.value for cell in sheet[1]][:3] == ["ref", "agency", "role"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    formula = sheet["D2"]
    assert (formula.value, formula.data_type, formula.quotePrefix) == (
        '=HYPERLINK("http://x","y")',
        "s",
        True,
    )
    assert sheet["H2"].value == "Wexham Park Hospital; BHFT"
    status = {sheet[f"F{n}"].value: sheet[f"F{n}"].fill.fgColor.rgb for n in (2, 3, 4)}
    assert status == {"complete": "00C6EFCE", "in_progress": "00FFEB9C", "delayed": "00FFC7CE"}
    assert sheet["G3"].value == "yes" and sheet["G3"].fill.fgColor.rgb == "00FFC7CE"
    assert sheet.column_dimensions["D"].width == 62  # long text capped, and wraps
    assert sheet["D3"].alignment.wrap_text
    assert book["owners (2)"]["B2"].value == 4


def test_render_keeps_its_earlier_interface():
    assert render(OWNED, columns=["actions", "role"]).splitlines()[0] == "actions  role"
    assert render([], "json") == "[]\n"
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render(OWNED, "xml")

    class Report(BaseModel):
        owners: list[Owned]
        more_owners: list[Owned]

    table = render_report(Report(owners=OWNED[:1], more_owners=OWNED[1:]))
    assert table.startswith("Owners\n\nrole ")
    assert "\nMore owners\n\nrole " in table
    assert json.loads(render_report(Report(owners=[], more_owners=OWNED), "json"))["owners"] == []


# -- the terminal: width, colour, pager ------------------------------------------------


def test_width_from_columns_else_the_pipe_default(monkeypatch):
    monkeypatch.setenv("COLUMNS", "132")
    assert terminal.terminal_width() == 132
    monkeypatch.setenv("COLUMNS", "nonsense")
    assert terminal.terminal_width() == terminal.PIPE_WIDTH == 100
    monkeypatch.delenv("COLUMNS")
    assert terminal.terminal_width(to_terminal=False) == 100


def test_colour_follows_no_color_and_force_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert not terminal.use_colour()  # pytest's stdout is not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert terminal.use_colour()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not terminal.use_colour()


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory):
    from pathlib import Path

    store = tmp_path_factory.mktemp("examples") / "plans.graph"
    examples = Path(__file__).resolve().parent.parent / "examples"
    assert CliRunner().invoke(main, ["load", "--store", str(store), str(examples)]).exit_code == 0
    return store


def test_piped_output_has_no_colour_and_force_color_adds_it(examples_store):
    args = ["status", "--store", str(examples_store)]
    plain = CliRunner().invoke(main, args, env={"COLUMNS": "120"}).stdout
    forced = CliRunner().invoke(main, args, env={"COLUMNS": "120", "FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in plain and "\x1b[" in forced
    assert uncoloured(forced) == plain.splitlines()
    none = CliRunner().invoke(
        main, args, env={"COLUMNS": "120", "FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    assert "\x1b[" not in none.stdout


def test_columns_sets_the_table_width(examples_store):
    for width in (80, 200):
        result = CliRunner().invoke(
            main, ["owners", "--store", str(examples_store)], env={"COLUMNS": str(width)}
        )
        assert result.exit_code == 0
        assert max(len(line) for line in result.stdout.splitlines()) <= width


def test_optional_columns_that_say_nothing_give_way_to_text():
    rows = [
        {"name": "Windsor and Maidenhead Local Safeguarding Children Board", "delayed": 0, "n": 4}
    ]
    columns = [
        Column("name", kind="text"),
        Column("delayed", "delayed actions", kind="number", optional=True),
        Column("n", kind="number"),
    ]
    assert render_table(rows, columns, width=40).splitlines()[0].split() == ["name", "n"]
    assert "delayed actions" in render_table(rows, columns, width=120)
    rows[0]["delayed"] = 2
    assert "delayed" in render_table(rows, columns, width=40)
