"""Limits: a file too big is refused, a cell too long cut with a note, the store stays small.

Each limit is set by a ``load_document`` argument, else by the environment,
else by default; what passes a limit is named with its file, line and cell.
"""

from __future__ import annotations

import json
import os
import time

import pytest

from reviewgraph.graph import InputError
from reviewgraph.graph.errors import ReviewgraphError
from reviewgraph.graph.store import Store
from reviewgraph.loaders import load_document
from reviewgraph.loaders.aliases import read_alias_file
from reviewgraph.loaders.batch import load_paths
from reviewgraph.loaders.limits import DEFAULT_MAX_CELL_LENGTH, DEFAULT_MAX_FILE_SIZE, Limits
from reviewgraph.loaders.pairing import MAX_STEPS, SHARED_TEXT

PIPE_HEADER = "| RECOMMENDATION | ACTION | TIMESCALE | PROGRESS |\n|---|---|---|---|\n"
TAB_HEADER = "RECOMMENDATION\tACTION\tBY WHEN\n"


def test_a_file_over_the_size_limit_is_refused_at_once(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.write(TAB_HEADER.encode())
        stream.truncate(DEFAULT_MAX_FILE_SIZE + 1)  # a sparse file: nothing to read first
    start = time.perf_counter()
    with pytest.raises(InputError) as raised:
        load_document(path)
    assert time.perf_counter() - start < 1.0
    assert raised.value.path == str(path)
    assert raised.value.title == "the file is 16.0 MB, over the limit of 16.0 MB for one plan"
    assert "--max-file-size" in raised.value.hint


def test_the_size_limit_comes_from_the_argument_else_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "plan.txt"
    path.write_text(TAB_HEADER + "1. Audit\tRun it\tMay 2010\n", encoding="utf-8")
    with pytest.raises(InputError, match="over the limit of 40 bytes"):
        load_document(path, max_file_size=40)
    monkeypatch.setenv("REVIEWGRAPH_MAX_FILE_SIZE", "40")
    with pytest.raises(InputError, match="over the limit of 40 bytes"):
        load_document(path)
    assert load_document(path, max_file_size=1000).graph.count("Action") == 1
    monkeypatch.setenv("REVIEWGRAPH_MAX_FILE_SIZE", "1K")
    assert load_document(path).graph.count("Action") == 1


@pytest.mark.parametrize("value", ["lots", "-5", "0"])
def test_a_limit_in_the_environment_must_be_a_size(monkeypatch, value):
    monkeypatch.setenv("REVIEWGRAPH_MAX_CELL_LENGTH", value)
    with pytest.raises(ReviewgraphError, match="max_cell_length|REVIEWGRAPH_MAX_CELL_LENGTH"):
        Limits.from_environment()


def test_defaults():
    assert Limits.from_environment({}) == Limits(DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_CELL_LENGTH)


def test_a_cell_over_the_length_limit_is_cut_and_named(tmp_path):
    long_cell = "Audit the files " * 20  # 320 characters
    plan = (
        TAB_HEADER
        + "1. Audit\tRun it\tMay 2010\n"
        + f"2. Train\t{long_cell}\tJune 2010\n"
        + "3. Brief\tBrief staff\tJuly 2010\n"
    )
    path = tmp_path / "plan.txt"
    path.write_text(plan, encoding="utf-8")
    result = load_document(path, max_cell_length=100)
    [cut] = [u for u in result.unplaced if u.reason == "limit"]
    assert (cut.line, cut.what) == (
        3,
        "cell 2 is 320 characters long, over the limit of 100: the rest was not read",
    )
    assert cut.text.startswith(long_cell[100:120].strip())
    actions = {a.due_raw: a.text for a in result.graph.nodes("Action")}
    assert actions["June 2010"] == long_cell[:100].strip()
    assert actions["July 2010"] == "Brief staff"  # the rows after it are read as before
    # The note is kept with the document, so an unchanged reload reports it too.
    document = result.graph.get("document:plan")
    assert [u.reason for u in document.unplaced].count("limit") == 1


def test_a_long_prose_line_is_cut(tmp_path):
    text = (
        "Progress report\n\n1 Thames Valley Police\n\n"
        + "The review recommended better risk assessment. "
        + "Training has been delivered. " * 50
        + "\n\n2 Kingston Hospital\n\nThe review identified gaps in records. Audits are done.\n"
    )
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = load_document(path, max_cell_length=200)
    [cut] = [u for u in result.unplaced if u.reason == "limit"]
    assert cut.line == 5 and cut.what.startswith("the line is 1,")


def _store_size(tmp_path, plan: str, **environment) -> tuple[int, int]:
    path = tmp_path / "plan.md"
    path.write_text(plan, encoding="utf-8")
    database = tmp_path / "plans.db"
    with Store.open(database) as store:
        report = load_paths(store, [path], workers=1)
    assert not report.failed, report.failed
    return path.stat().st_size, database.stat().st_size


@pytest.mark.parametrize("cell_limit", [None, "2000000"])
def test_a_megabyte_cell_of_steps_makes_a_small_store(tmp_path, monkeypatch, cell_limit):
    # Issue 14: a 1 MB pipe cell of <p> steps gave a 56 MB store.
    if cell_limit:
        monkeypatch.setenv("REVIEWGRAPH_MAX_CELL_LENGTH", cell_limit)
    cell = "<p>x</p>" * 125_000
    plan = PIPE_HEADER + f"| 1.1 Audit | {cell} | May 2010 | Started |\n"
    size, stored = _store_size(tmp_path, plan)
    assert stored < size, (size, stored)
    graph = load_document(tmp_path / "plan.md").graph
    assert graph.count("Action") <= MAX_STEPS


def test_steps_past_the_limit_stay_one_action(tmp_path):
    cell = "".join(f"<p>Step {n}</p>" for n in range(1, MAX_STEPS + 21))
    path = tmp_path / "plan.md"
    path.write_text(PIPE_HEADER + f"| 1.1 Audit | {cell} | May 2010 | |\n", encoding="utf-8")
    result = load_document(path)
    texts = sorted((a.order, a.text) for a in result.graph.nodes("Action"))
    assert len(texts) == MAX_STEPS
    assert texts[-1][1] == " ".join(f"Step {n}" for n in range(MAX_STEPS, MAX_STEPS + 21))
    [note] = [u for u in result.unplaced if u.reason == "limit"]
    assert note.what.startswith(f"the row's action cells give {MAX_STEPS + 20} steps")


def _graph_size(tmp_path, plan: str) -> int:
    path = tmp_path / "plan.md"
    path.write_text(plan, encoding="utf-8")
    return len(json.dumps(load_document(path).graph.to_dict()))


def test_a_long_cell_beside_many_steps_is_stored_once(tmp_path):
    # Progress that does not pair with the steps is about all of them; copied onto
    # each step it made the store grow with the square of the row.
    def plan(count: int) -> str:
        steps = "".join(f"<p>Step {n} audit the case files</p>" for n in range(count))
        notes = "".join(f"<p>Progress note {n} on the audit</p>" for n in range(count + 1))
        return PIPE_HEADER + f"| 1.1 Audit | {steps} | May 2010 | {notes} |\n"

    small, large = _graph_size(tmp_path, plan(20)), _graph_size(tmp_path, plan(80))
    assert large < 5 * small
    path = tmp_path / "plan.md"
    path.write_text(plan(80), encoding="utf-8")
    kept = [a.progress for a in load_document(path).graph.nodes("Action") if a.progress]
    assert len(kept) == 1 and len(kept[0]) > SHARED_TEXT


def test_a_short_cell_beside_the_steps_is_still_on_each(tmp_path):
    plan = PIPE_HEADER + "| 1.1 Audit | <p>Audit files</p><p>Train staff</p> | May 2010 | " \
        "<p>Started</p><p>Partly</p><p>Done</p> |\n"
    path = tmp_path / "plan.md"
    path.write_text(plan, encoding="utf-8")
    progress = {a.progress for a in load_document(path).graph.nodes("Action")}
    assert progress == {"Started Partly Done"}


def test_as_above_does_not_copy_a_long_cell(tmp_path):
    long_owner = "Named Nurse " + "and the team of the ward " * 60
    plan = (
        "RECOMMENDATION\tACTION\tBY WHEN\tPROGRESS\n"
        f"1. Audit\tRun it\tMay 2010\t{long_owner}\n"
        "2. Train\tTrain staff\tJune 2010\tAs above\n"
    )
    path = tmp_path / "plan.txt"
    path.write_text(plan, encoding="utf-8")
    graph = load_document(path).graph
    train = next(a for a in graph.nodes("Action") if a.due_raw == "June 2010")
    assert train.progress == "As above" and train.dittos == {"progress": "As above"}
    [ditto] = [r for r in graph.nodes("CrossReference") if r.kind == "ditto"]
    assert ditto.resolution == "resolved"


# -- the alias file ------------------------------------------------------------------


def test_a_binary_alias_file_is_one_clear_error(tmp_path):
    path = tmp_path / "agencies.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    with pytest.raises(InputError) as raised:
        read_alias_file(path)
    assert str(raised.value).startswith(f"{path}:3: binary file, not text: not a TOML alias file")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_an_alias_file_with_a_byte_order_mark_is_read(tmp_path, encoding):
    path = tmp_path / "agencies.toml"
    path.write_text('[[agency]]\nname = "Kingston Hospital"\naliases = ["KHFT"]\n',
                    encoding=encoding)
    assert read_alias_file(path).canonical("KHFT").name == "Kingston Hospital"


# -- reviewgraph load --------------------------------------------------------------------


def test_load_options_set_the_limits_and_warn(tmp_path):
    from click.testing import CliRunner

    from reviewgraph.cli.main import main

    plan = tmp_path / "plan.txt"
    plan.write_text(TAB_HEADER + "1. Audit\t" + "Run the audit " * 10 + "\tMay 2010\n",
                    encoding="utf-8")
    store = str(tmp_path / "plans.db")
    runner = CliRunner()
    before = os.environ.get("REVIEWGRAPH_MAX_FILE_SIZE")
    cut = runner.invoke(main, ["load", str(plan), "--store", store, "--max-cell-length", "50"])
    assert cut.exit_code == 0, cut.output
    assert f"{plan}:2: warning: cell 2 is 140 characters long, over the limit of 50" in cut.stderr
    other = str(tmp_path / "other.db")
    big = runner.invoke(main, ["load", str(plan), "--store", other, "--max-file-size", "40"])
    assert big.exit_code == 2
    assert "over the limit of 40 bytes for one plan" in big.stderr
    wrong = runner.invoke(main, ["load", str(plan), "--store", store, "--max-file-size", "lots"])
    assert wrong.exit_code == 2 and "--max-file-size" in wrong.stderr
    # The options hold for that load only.
    assert os.environ.get("REVIEWGRAPH_MAX_FILE_SIZE") == before
