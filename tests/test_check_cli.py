"""``reviewgraph check``: exit codes, --ignore, --fail-on, and the three formats."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from click.testing import CliRunner

from reviewgraph.cli.main import main

CLEAN = "RECOMMENDATION\tACTION\tBY WHEN\tLEAD\n1. Audit files\tRun audit\tMay 2010\tNamed Nurse\n"
BROKEN = CLEAN + "2. Train staff\tSee 7 above\tJune 2010\tNamed Doctor\n"


def _run(*args: str):
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def _plan(tmp_path, text, name="plan.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_clean_plan_exits_0(tmp_path):
    result = _run(_plan(tmp_path, CLEAN), "--as-of", "2010-01-01")
    assert result.exit_code == 0, result.output
    assert "no findings" in result.output.lower()


def test_dangling_reference_exits_1_with_file_and_line(tmp_path):
    path = _plan(tmp_path, BROKEN)
    result = _run(path, "--as-of", "2010-01-01")
    assert result.exit_code == 1
    assert f"{path}:3: [dangling-reference]" in result.output
    assert "“See 7 above”" in result.output
    assert "hint:" in result.output


def test_ignore_and_fail_on(tmp_path):
    path = _plan(tmp_path, BROKEN)
    assert _run(path, "--as-of", "2010-01-01", "--ignore", "dangling-reference").exit_code == 0
    assert _run(path, "--as-of", "2010-01-01", "--fail-on", "never").exit_code == 0
    # overdue is a warning: it fails only when asked to
    clean = _plan(tmp_path, CLEAN, "clean.txt")
    assert _run(clean, "--as-of", "2012-01-01").exit_code == 0
    assert _run(clean, "--as-of", "2012-01-01", "--fail-on", "warning").exit_code == 1


def test_unknown_rule_is_a_usage_error_listing_the_rules(tmp_path):
    result = CliRunner().invoke(main, ["check", _plan(tmp_path, CLEAN), "--ignore", "nope"])
    assert result.exit_code == 2
    assert "dangling-reference" in result.output and "overdue-action" in result.output


def test_unusable_input_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["check", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert CliRunner().invoke(main, ["check", str(empty)]).exit_code == 2


def test_json_format(tmp_path):
    result = _run(_plan(tmp_path, BROKEN), "--as-of", "2010-01-01", "--format", "json")
    rows = json.loads(result.output)
    (row,) = [r for r in rows if r["rule"] == "dangling-reference"]
    assert row["line_start"] == 3 and row["severity"] == "error" and row["quoted"] == "See 7 above"


def test_junit_parses_and_fails_on_errors(tmp_path):
    result = _run(_plan(tmp_path, BROKEN), "--as-of", "2010-01-01", "--format", "junit")
    root = ET.fromstring(result.output)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert suites["dangling-reference"].get("failures") == "1"
    assert suites["overdue-action"].get("failures") == "0"
    assert root.find(".//failure") is not None


def test_store_without_plans_says_so(tmp_path):
    result = CliRunner().invoke(main, ["check", "--store", str(tmp_path / "none.graph")])
    assert result.exit_code == 1
    assert "holds no plans yet; run: reviewgraph load PATH" in result.output


def test_seeds_report(seeds_dir):
    result = _run(str(seeds_dir), "--as-of", "2012-07-01")
    assert result.exit_code == 1  # 003:162 "SEE ABOVE" heads its section's column
    assert "003_ec582cd5a6ee9def.txt:162: [dangling-reference]" in result.output
    assert _run(str(seeds_dir), "--ignore", "dangling-reference").exit_code == 0


LOOP = (
    "RECOMMENDATION\tACTION\tBY WHEN\tLEAD\n"
    "1. Audit files\tSee 3 below\tMay 2010\tNamed Nurse\n"
    "2. Train staff\tSee 1 above\tJune 2010\tNamed Doctor\n"
    "3. Share records\tSee 2 above\tJuly 2010\tHead of Service\n"
)


def test_a_cycle_is_told_the_same_way_in_every_process(tmp_path):
    """networkx walks cycles in set order, which changes with the hash seed: the
    message must not."""
    import os
    import subprocess
    import sys

    path = _plan(tmp_path, LOOP)
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "reviewgraph.cli.main",
                "check",
                path,
                "--as-of",
                "2010-01-01",
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        cycles = [f for f in json.loads(done.stdout) if f["rule"] == "reference-cycle"]
        outputs.add(json.dumps(cycles))
    assert len(outputs) == 1
    (cycle,) = json.loads(outputs.pop())
    assert cycle["line_start"] == 2
    assert cycle["message"].startswith("references go round in a circle: recommendation 1 → ")
    assert cycle["message"].endswith("(lines 2, 4, 3)")
