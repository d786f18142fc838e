"""Shared options: where they may stand, -h, dates and statuses as people type them,
values that are refused, and options that say when they do nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import main
from reviewgraph.loaders.dates import parse_day

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("options") / "examples.graph"
    result = CliRunner().invoke(main, ["--store", str(path), "load", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    return path


def run(*args: str, code: int = 0, env: dict | None = None):
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "100", **(env or {})})
    assert result.exit_code == code, result.output
    return result


# -- dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2012-06-30",
        "30/06/2012",
        "30.6.12",
        "30-06-2012",
        "30/6/12",
        "30 June 2012",
        "30th June 2012",
        "June 30, 2012",
        "2012/06/30",
        "June 2012",
        "Jun-12",
        " june  2012 ",
    ],
)
def test_dates_people_type(text):
    assert parse_day(text) == dt.date(2012, 6, 30)


def test_today_and_its_neighbours():
    day = dt.date(2012, 7, 1)
    assert parse_day("today", today=day) == day
    assert parse_day("Yesterday", today=day) == dt.date(2012, 6, 30)
    assert parse_day("now") == dt.date.today()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("6/30/2012", "not a day of the calendar"),  # month first: there is no month 30
        ("31/02/2012", "not a day of the calendar"),
        ("2012", "is not a date"),
        ("Q1 2012", "is not a date"),
        ("next week", "is not a date"),
        ("", "no date given"),
    ],
)
def test_dates_nobody_can_read(text, words):
    with pytest.raises(ValueError, match=words):
        parse_day(text)


def test_as_of_accepts_the_forms_and_refuses_others(store):
    iso = run("status", "--store", str(store), "--format", "json", "--as-of", "2021-06-30")
    for form in ("30/06/2021", "30.6.21", "30 June 2021", "June 2021"):
        same = run("status", "--store", str(store), "--format", "json", "--as-of", form)
        assert same.stdout == iso.stdout
    bad = run("status", "--store", str(store), "--as-of", "soon", code=2)
    assert "Invalid value for '--as-of': 'soon' is not a date (e.g. 2012-06-30" in bad.output


# -- statuses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "status"),
    [
        ("Ongoing", "in_progress"),
        ("in progress", "in_progress"),
        ("in_progress", "in_progress"),
        ("Completed", "complete"),
        ("COMPLETE", "complete"),
        ("Green", "complete"),
        ("Amber", "in_progress"),
        ("Red", "delayed"),
        ("not started", "not_started"),
        ("unknown", "unknown"),
    ],
)
def test_status_in_the_plans_own_words(store, words, status):
    result = CliRunner().invoke(
        main, ["owners", "--store", str(store), "--status", words, "--format", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    assert {row["status"] for row in json.loads(result.stdout)} <= {status}


def test_ongoing_finds_what_in_progress_finds(store):
    ongoing = run("owners", "--store", str(store), "--status", "Ongoing", "--format", "json")
    rows = json.loads(ongoing.stdout)
    assert rows and {row["status"] for row in rows} == {"in_progress"}


def test_unknown_status_word_is_a_usage_error(store):
    result = run("owners", "--store", str(store), "--status", "sideways", code=2)
    assert "'sideways' is not a status; use one of complete, in progress" in result.output


# -- refused values --------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["owners", "--agency", ""],
        ["owners", "--role", "  "],
        ["owners", "--review", ""],
        ["status", "--agency", ""],
        ["shared", "--between", "", ""],
        ["trace", ""],
        ["deps", " "],
        ["search", ""],
        ["shared", "--threshold", "nan"],
        ["shared", "--threshold", "inf"],
        ["shared", "--threshold", "1.5"],
        ["agencies", "--threshold", "nan"],
        ["owners", "--limit", "-1"],
        ["stats", "--table", "nonsense"],
    ],
)
def test_values_that_mean_nothing_are_usage_errors(store, args):
    result = run(*args[:1], "--store", str(store), *args[1:], code=2)
    assert "Invalid value" in result.output or "Error" in result.output
    assert "Traceback" not in result.output


def test_empty_filter_says_what_to_do(store):
    result = run("owners", "--store", str(store), "--agency", "", code=2)
    assert "must not be empty (leave the option out to mean everything)" in result.output


# -- where options stand ----------------------------------------------------------


def test_store_and_format_before_or_after_the_command(store):
    after = run("stats", "--store", str(store), "--format", "json")
    before = run("--store", str(store), "--format", "json", "stats")
    mixed = run("--store", str(store), "stats", "--format", "json")
    assert after.stdout == before.stdout == mixed.stdout
    plans = len([p for p in EXAMPLES.iterdir() if p.suffix != ".toml"])
    assert json.loads(after.stdout)["labels"][0] == {"label": "Document", "count": plans}


def test_after_the_command_wins(store, tmp_path):
    result = run("--store", str(tmp_path / "none.graph"), "stats", "--store", str(store))
    assert result.stdout.startswith("Labels")


def test_a_global_format_the_command_lacks_is_a_usage_error(store):
    result = run("--store", str(store), "--format", "graphml", "owners", code=2)
    assert "'graphml' is not a format of 'owners'" in result.output


@pytest.mark.parametrize("command", [[], ["owners"], ["load"], ["check"], ["stats"]])
def test_dash_h_is_help(command):
    short = run(*command, "-h")
    assert short.output == run(*command, "--help").output
    assert "Usage: " in short.output


# -- options that do nothing without another ----------------------------------------


def test_aliases_without_force_on_unchanged_plans_say_so(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "eastvale.txt").write_bytes((EXAMPLES / "eastvale_child_k_2020.txt").read_bytes())
    aliases = tmp_path / "agencies.toml"
    aliases.write_text('[[agency]]\nname = "Eastvale Police"\naliases = ["EP"]\n')
    graph = str(tmp_path / "plans.graph")
    run("load", "--store", graph, str(plans))
    result = run("load", "--store", graph, "--aliases", str(aliases), str(plans))
    assert "apply to plans loaded now; 1 unchanged plan(s) keep their agencies" in result.stderr
    assert "add --force" in result.stderr
    forced = run("load", "--store", graph, "--aliases", str(aliases), "--force", str(plans))
    assert "add --force" not in forced.stderr


def test_report_on_unchanged_plans_still_reports(tmp_path):
    graph = str(tmp_path / "plans.graph")
    plan = str(EXAMPLES / "eastvale_child_k_2020.txt")
    first = run("load", "--store", graph, "--report", plan).stdout.splitlines()
    again = run("load", "--store", graph, "--report", plan).stdout.splitlines()
    assert again[0].endswith(": unchanged")
    assert again[1:] == first[1:] and len(again) > 1


def test_report_names_a_plan_with_nothing_left_over(tmp_path):
    plan = tmp_path / "clean.txt"
    plan.write_text(
        "RECOMMENDATION\tACTION\tBY WHEN\n1. Audit files\tRun audit\tMay 2010\n", encoding="utf-8"
    )
    result = run("load", "--store", str(tmp_path / "g"), "--report", str(plan))
    assert result.stdout == f"{plan}: loaded\n{plan}: every line placed\n"


def test_threshold_without_similar_says_it_is_ignored(store):
    args = ["shared", "--store", str(store), "--kind", "cross-reference"]
    result = run(*args, "--threshold", "0.5")
    assert "--threshold only applies to --kind similar" in result.stderr
    assert "--threshold" not in run(*args).stderr


def test_an_option_before_a_command_that_has_no_use_for_it_is_refused(tmp_path):
    result = run("--format", "json", "load", str(EXAMPLES), code=2)
    assert "'load' takes no --format" in result.output
    assert "'schema' takes no --store" in run("--store", "x.graph", "schema", code=2).output
