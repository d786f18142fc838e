"""Exact output of commands on examples/ at 80 and 200 columns, one folder per case.

Each folder of tests/cli_cases holds ``command`` (the arguments after
``reviewgraph``, as typed in a shell) and the exact standard output expected
at each width: ``80.txt`` and ``200.txt``. The examples are loaded from a
folder named ``examples`` in the current directory, so document paths read
``examples/…`` wherever the checkout is.

After a deliberate change of output, rewrite the expected files with
``REVIEWGRAPH_UPDATE_CASES=1 pytest tests/test_cli_cases.py`` and read the
difference before committing it.
"""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import main

HERE = Path(__file__).resolve().parent
CASES = sorted(path for path in (HERE / "cli_cases").iterdir() if path.is_dir())
WIDTHS = (80, 200)
UPDATE = bool(os.environ.get("REVIEWGRAPH_UPDATE_CASES"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cases")
    shutil.copytree(HERE.parent / "examples", folder / "examples")
    return folder


@pytest.fixture
def in_folder(folder, monkeypatch) -> Path:
    monkeypatch.chdir(folder)
    store = folder / "examples.graph"
    if not store.exists():
        result = CliRunner().invoke(main, ["load", "--store", str(store), "examples"])
        assert result.exit_code == 0, result.output
    return store


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_exact_output(in_folder, case, width):
    args = shlex.split((case / "command").read_text(encoding="utf-8"))
    result = CliRunner().invoke(
        main,
        [*args, "--store", str(in_folder)],
        env={"COLUMNS": str(width), "NO_COLOR": None, "FORCE_COLOR": None},
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1), result.output
    expected = case / f"{width}.txt"
    if UPDATE:
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8")
    assert max(len(line) for line in result.stdout.splitlines()) <= width
