"""The shared table / JSON / CSV rendering of rows."""

from __future__ import annotations

import doctest
import json

import pytest
from pydantic import BaseModel

from reviewgraph.cli import output
from reviewgraph.cli.output import render, render_report


class Owned(BaseModel):
    role: str
    agency: str
    actions: int
    text: str | None = None


ROWS = [
    Owned(role="Named Nurse", agency="Wexham Park Hospital", actions=3),
    Owned(role="LSCB Chair", agency="Kingston LSCB", actions=12, text="see above"),
]


def test_doctests():
    result = doctest.testmod(output, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_table():
    assert render(ROWS) == (
        "role         agency                actions  text\n"
        "-----------  --------------------  -------  ---------\n"
        "Named Nurse  Wexham Park Hospital        3\n"
        "LSCB Chair   Kingston LSCB              12  see above\n"
    )


def test_columns_choose_and_order():
    assert render(ROWS, columns=["actions", "role"]).splitlines()[0] == "actions  role"


def test_json_and_csv():
    assert json.loads(render(ROWS, "json"))[1] == {
        "role": "LSCB Chair",
        "agency": "Kingston LSCB",
        "actions": 12,
        "text": "see above",
    }
    assert render(ROWS, "csv", columns=["role", "text"]) == (
        "role,text\nNamed Nurse,\nLSCB Chair,see above\n"
    )


def test_long_cells_wrap_to_the_width():
    long = "Ensure learning from serious case reviews is embedded in practice " * 4
    rows = [Owned(role="Named Nurse", agency="Kingston Hospital", actions=1, text=long)] * 5
    table = render(rows, width=60)
    assert max(len(line) for line in table.splitlines()) <= 60
    assert table.count("embedded") == 20
    # Many wrapped rows get a blank line between them.
    assert "\n\n" in table


def test_empty_rows():
    assert render([], "table") == ""
    assert render([], "json") == "[]\n"
    assert render([], "csv", columns=["role"]) == "role\n"


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render(ROWS, "xml")


def test_report_blocks():
    class Report(BaseModel):
        owners: list[Owned]
        more_owners: list[Owned]

    report = Report(owners=ROWS[:1], more_owners=ROWS[1:])
    table = render_report(report)
    assert table.startswith("Owners\n\nrole ")
    assert "\nMore owners\n\nrole " in table
    assert render_report(report, "csv").count("role,agency,actions,text\n") == 2
    assert json.loads(render_report(report, "json"))["more_owners"][0]["role"] == "LSCB Chair"
