"""One output contract for every command (docs/output.md, docs/output.schema.json).

Each test runs over whatever commands ``reviewgraph`` has, on the shipped
examples: a new command is checked without anyone adding it here, unless it
needs an argument (then ARGUMENTS must say which) or prints no rows (NO_ROWS).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from reviewgraph.cli.main import main

REPOSITORY = Path(__file__).resolve().parent.parent
EXAMPLES = REPOSITORY / "examples"
SCHEMA = json.loads((REPOSITORY / "docs" / "output.schema.json").read_text(encoding="utf-8"))

#: Commands that print no rows, and why.
NO_ROWS = {
    "load": "reports files loaded, not rows",
    "export": "writes the graph itself; checked against `reviewgraph schema` in test_cli",
    "schema": "prints the JSON Schema of the export",
    "map": "draws maps (HTML, PNG, SVG, GEXF), not rows",
    "push": "sends the store to a Neo4j server",
    "cypher": "needs a Neo4j server; its rows are the columns the query returns",
    "inspect": "reports what the loader sees in one file (--format json: one object)",
    "synth": "writes fictional plans and their answer keys, not rows",
}
#: Arguments for commands that need them, chosen to find something in examples/.
ARGUMENTS = {
    "deps": ["eastvale:1.1"],
    "trace": ["discharge checklist"],
    "search": ["audit"],
    "check": [str(EXAMPLES)],
}
#: Commands whose rows do not yet follow the contract, and what they lack. The
#: marks are strict: a command that starts passing fails until its entry goes.
NOT_YET: dict[str, str] = {}


def row_commands() -> list[str]:
    return sorted(name for name in main.commands if name not in NO_ROWS)


def contract(name: str):
    mark = pytest.mark.xfail(reason=NOT_YET[name], strict=True) if name in NOT_YET else ()
    return pytest.param(name, marks=mark)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("contract") / "examples.graph"
    result = CliRunner().invoke(main, ["load", "--store", str(path), str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    return path


def run(store: Path, name: str, *options: str):
    if name not in ARGUMENTS and any(
        param.required
        for param in main.commands[name].params
        if param.param_type_name == "argument"
    ):
        pytest.fail(f"reviewgraph {name} needs an argument: add one to ARGUMENTS in {__file__}")
    args = [name, *ARGUMENTS.get(name, []), "--store", str(store), *options]
    result = CliRunner().invoke(main, args, env={"COLUMNS": "100"}, catch_exceptions=False)
    assert result.exit_code == 0, f"reviewgraph {' '.join(args)}:\n{result.output}"
    return result


def formats(name: str) -> list[str]:
    for param in main.commands[name].params:
        if param.name == "format_":
            return list(param.type.choices)  # type: ignore[attr-defined]
    return []


def test_every_row_command_offers_the_same_formats():
    for name in row_commands():
        assert {"json", "jsonl", "csv", "xlsx"} <= set(formats(name)), name


def test_the_schema_is_a_valid_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert set(row_commands()) <= set(SCHEMA["$defs"]), "add the new command to the schema"


@pytest.mark.parametrize("name", [contract(name) for name in row_commands()])
def test_json_follows_the_contract(store, name):
    data = json.loads(run(store, name, "--format", "json").stdout)
    assert data, f"reviewgraph {name} found nothing in examples/"
    validator = Draft202012Validator({**SCHEMA, "$ref": f"#/$defs/{name}"})
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]
    )


@pytest.mark.parametrize("name", row_commands())
def test_json_lines_are_the_json_records(store, name):
    data = json.loads(run(store, name, "--format", "json").stdout)
    lines = run(store, name, "--format", "jsonl").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    if isinstance(data, dict):
        assert records == [{"table": t, **r} for t, rows in data.items() for r in rows]
    else:
        assert records == data


@pytest.mark.parametrize("name", row_commands())
def test_csv_is_one_table(store, name):
    result = run(store, name, "--format", "csv")
    assert not result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    header = rows[0]
    assert header and len(set(header)) == len(header)
    assert all(len(row) == len(header) for row in rows[1:])
    assert not any(c in result.stdout for c in "\t\r\x1b\x00")
    data = json.loads(run(store, name, "--format", "json").stdout)
    first = next(iter(data.values())) if isinstance(data, dict) else data
    assert len(rows) - 1 == len(first)
    if first:
        assert header == list(first[0])


@pytest.mark.parametrize("name", row_commands())
def test_xlsx_has_a_sheet_per_table(store, name, tmp_path):
    path = tmp_path / f"{name}.xlsx"
    run(store, name, "--format", "xlsx", "-o", str(path))
    book = load_workbook(path)
    data = json.loads(run(store, name, "--format", "json").stdout)
    tables = data if isinstance(data, dict) else {name: data}
    assert len(book.sheetnames) == len(tables)
    for sheet_name, (table, rows) in zip(book.sheetnames, tables.items(), strict=True):
        sheet = book[sheet_name]
        assert sheet_name == table if isinstance(data, dict) else True
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == len(rows) + 1


def test_csv_to_a_file_starts_with_a_byte_order_mark(store, tmp_path):
    path = tmp_path / "status.csv"
    run(store, "status", "--format", "csv", "-o", str(path))
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    assert text[1:] == run(store, "status", "--format", "csv").stdout


@pytest.mark.parametrize(
    ("args", "empty"),
    [
        (["owners", "--status", "not started", "--review", "eastvale"], "No owned actions match."),
        (["search", "zebra"], "No items match 'zebra'."),
        (["status", "--review", "eastvale", "--agency", "Northmoor Hospital"], None),
    ],
)
def test_nothing_found_is_an_empty_list_and_exit_status_1(store, args, empty):
    for format_, printed in [("json", "[]\n"), ("jsonl", ""), ("table", empty)]:
        result = CliRunner().invoke(
            main, [*args, "--store", str(store), "--format", format_], env={"COLUMNS": "100"}
        )
        assert result.exit_code == 1, result.output
        if format_ != "table":
            assert result.stdout == printed
        elif printed:
            assert result.stdout == printed + "\n"


def test_a_question_without_filters_that_finds_nothing_exits_0(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("RECOMMENDATION\tACTION\tBY WHEN\n1. Audit files\tRun audit\tMay 2010\n")
    store = tmp_path / "plan.graph"
    CliRunner().invoke(main, ["load", "--store", str(store), str(plan)])
    result = CliRunner().invoke(main, ["owners", "--store", str(store), "--format", "json"])
    assert (result.exit_code, result.stdout) == (0, "[]\n")


# -- plan text that is hostile to spreadsheets and terminals --------------------------


HOSTILE = (
    "Anytown Safeguarding Children Board\n"
    "Serious Case Review Child Z - Action Plan\n"
    "\n"
    "RECOMMENDATION\tACTION\tBY WHOM\tBY WHEN\tSTATUS\n"
    "1. Anytown Children's Services\t\t\t\t\n"
    '1.1 Audit case files\t=HYPERLINK("http://x","y")\tHead of Service\tMay 2010\tComplete\n'
    "1.2 Train staff\tDeliver training\x1b[2J\x1b]0;pwned\x07 now\tTraining Manager\t"
    "March 2011\tIn progress\n"
    "2. Anytown Police\t\t\t\t\n"
    "2.1 Review referrals\t+cmd|' /C calc'!A0\tDetective Inspector\tJune 2010\tOngoing\n"
)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    plan = folder / "child_z.txt"
    plan.write_text(HOSTILE, encoding="utf-8")
    store = folder / "plan.graph"
    result = CliRunner().invoke(main, ["load", "--store", str(store), str(plan)])
    assert result.exit_code == 0, result.output
    return store


def test_a_formula_in_a_plan_reaches_csv_as_text(hostile_store, tmp_path):
    text = run(hostile_store, "owners", "--format", "csv").stdout
    actions = [row["text"] for row in csv.DictReader(io.StringIO(text))]
    assert actions == [
        '\'=HYPERLINK("http://x","y")',
        "Deliver training now",
        "'+cmd|' /C calc'!A0",
    ]
    path = tmp_path / "owners.csv"
    run(hostile_store, "owners", "--format", "csv", "-o", str(path))
    with open(path, encoding="utf-8-sig", newline="") as stream:
        assert [row["text"] for row in csv.DictReader(stream)] == actions


def test_a_formula_in_a_plan_reaches_the_workbook_as_text(hostile_store, tmp_path):
    path = tmp_path / "owners.xlsx"
    run(hostile_store, "owners", "--format", "xlsx", "-o", str(path))
    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("text") + 1
    cells = [sheet.cell(row=n, column=column) for n in range(2, sheet.max_row + 1)]
    assert [(c.value, c.data_type) for c in cells] == [
        ('=HYPERLINK("http://x","y")', "s"),
        ("Deliver training now", "s"),
        ("+cmd|' /C calc'!A0", "s"),
    ]
    assert [c.quotePrefix for c in cells] == [True, False, True]


@pytest.mark.parametrize(
    "args", [["owners"], ["trace", "training"], ["search", "training"], ["check"], ["stats"]]
)
def test_no_escape_sequence_reaches_the_terminal(hostile_store, args):
    result = CliRunner().invoke(
        main, [*args, "--store", str(hostile_store)], env={"COLUMNS": "100"}
    )
    assert result.exit_code in (0, 1), result.output
    assert "Deliver training now" in result.stdout or args[0] in ("check", "stats")
    assert not set(result.stdout) & {"\x1b", "\x07", "\x00"}


@pytest.mark.parametrize(
    "name", [contract(name) for name in ("owners", "shared", "search", "deps", "trace")]
)
def test_every_printed_reference_is_accepted_back(store, name):
    rows = json.loads(run(store, name, "--format", "json").stdout)
    for row in rows[:10]:
        traced = CliRunner().invoke(
            main, ["trace", row["ref"], "--store", str(store), "--format", "json"]
        )
        assert traced.exit_code == 0, f"trace {row['ref']!r}: {traced.output}"
        assert row["id"] in [found["id"] for found in json.loads(traced.stdout)]


def test_load_report_and_errors_send_no_escape_sequence(tmp_path):
    plan = tmp_path / "plan\x1b[2J.txt"
    plan.write_text("\x1b]0;pwned\x07Title of the plan\n" + HOSTILE, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["load", "--report", "--store", str(tmp_path / "g"), str(plan)]
    )
    assert result.exit_code == 0, result.output
    assert "Title of the plan" in result.stdout
    assert not set(result.output) & {"\x1b", "\x07"}
    missing = CliRunner().invoke(
        main, ["trace", "nothing\x1b[2J here", "--store", str(tmp_path / "g")]
    )
    assert missing.exit_code == 1 and "\x1b" not in missing.output


#: Arguments that find something in the five real plans.
SEED_ARGUMENTS = {"deps": ["003:56"], "trace": ["concealed pregnancy"], "search": ["training"]}


@pytest.fixture(scope="module")
def seed_store(seeds_dir, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("contract-seeds") / "seeds.graph"
    result = CliRunner().invoke(main, ["load", "--store", str(path), str(seeds_dir)])
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("name", [contract(name) for name in row_commands()])
def test_json_on_the_seeds_follows_the_contract(seed_store, name):
    args = [name, *SEED_ARGUMENTS.get(name, []), "--store", str(seed_store), "--format", "json"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    assert data, f"reviewgraph {name} found nothing in the seeds"
    validator = Draft202012Validator({**SCHEMA, "$ref": f"#/$defs/{name}"})
    errors = list(validator.iter_errors(data))
    assert not errors, "\n".join(e.message for e in errors[:5])
