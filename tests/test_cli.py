"""The ``reviewgraph`` command end to end, through click's runner, on real files."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from reviewgraph.cli.main import main
from reviewgraph.graph.export import from_json
from reviewgraph.graph.models import NODE_TYPES
from reviewgraph.graph.store import Store

REPOSITORY = Path(__file__).resolve().parent.parent

PLAN = (
    "Anytown Safeguarding Children Board\n"
    "Serious Case Review Child Z - Action Plan\n"
    "\n"
    "RECOMMENDATION\tACTION\tBY WHOM\tBY WHEN\tSTATUS\n"
    "1. Anytown Children's Services\t\t\t\t\n"
    "1.1 Audit case files\tRun a file audit\tHead of Service\tMay 2010\tComplete\n"
    "1.2 Train staff\tDeliver training\tTraining Manager\tMarch 2011\tIn progress\n"
    "2. Anytown Police\t\t\t\t\n"
    "2.1 Review referrals\tCheck every referral\tDetective Inspector\tJune 2010\tOngoing\n"
)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store" / "plans.graph"


@pytest.fixture
def run(store: Path):
    """Run the command against the test's store; check the exit code."""

    def invoke(*args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(
            main, list(args), env={"REVIEWGRAPH_STORE": str(store)}, catch_exceptions=False
        )
        assert result.exit_code == code, result.output
        return result

    return invoke


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plans" / "child_z.txt"
    path.parent.mkdir()
    path.write_text(PLAN, encoding="utf-8")
    return path


def stored(store: Path):
    with Store.open(store, readonly=True) as opened:
        return opened.graph()


def stored_paths(store: Path) -> list[str]:
    with Store.open(store, readonly=True) as opened:
        return [d.path for d in opened.documents()]


def exported(run) -> dict:
    return json.loads(run("export").stdout)


def texts(data: dict, label: str, field: str) -> list[str]:
    return sorted(node[field] for node in data["nodes"] if node["label"] == label)


def test_version(run):
    assert run("--version").output == f"reviewgraph {version('reviewgraph')}\n"


def test_help_lists_every_command(run):
    output = run("--help").output
    for command in ("load", "stats", "export", "schema"):
        assert f"\n  {command} " in output


@pytest.mark.parametrize("command", [[], *[[name] for name in sorted(main.commands)]])
def test_every_help_has_an_example(run, command):
    output = run(*command, "--help").output
    assert "Example:" in output
    assert "    reviewgraph " in output.split("Example:", 1)[1]


def test_schema_is_json_with_every_label(run):
    schema = json.loads(run("schema").stdout)
    assert set(NODE_TYPES) <= set(schema["$defs"])
    assert "Edge" in schema["$defs"]
    for label in NODE_TYPES:
        assert schema["$defs"][label]["properties"]["label"] == {"const": label, "title": "Label"}


def test_schema_describes_the_export(run, plan):
    """Every exported node has its label's required keys and no key the schema lacks."""
    schema = json.loads(run("schema").stdout)
    run("load", str(plan))
    data = exported(run)
    for node in data["nodes"]:
        definition = schema["$defs"][node["label"]]
        assert set(definition["required"]) <= set(node)
        assert set(node) <= set(definition["properties"])
    for edge in data["edges"]:
        assert set(schema["$defs"]["Edge"]["required"]) <= set(edge)


@pytest.mark.parametrize("command", [["stats"], ["export"], ["stats", "--format", "json"]])
def test_empty_store_says_so(run, store, command):
    result = run(*command, code=1)
    assert result.stdout == ""
    assert result.stderr == (f"The store {store} holds no plans yet; run: reviewgraph load PATH\n")


def test_empty_default_store_is_named_as_typed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["stats"], env={"REVIEWGRAPH_STORE": None})
    assert result.exit_code == 1
    assert result.output == (
        "The store ./reviewgraph.graph holds no plans yet; run: reviewgraph load PATH\n"
    )


def test_load_then_stats(run, plan, store):
    assert run("load", str(plan)).stdout == f"{plan}: loaded\n"
    assert store.exists()
    stats = json.loads(run("stats", "--format", "json").stdout)
    counts = {row["label"]: row["count"] for row in stats["labels"]}
    assert counts["Document"] == 1
    assert counts["Recommendation"] == 3
    assert counts["Action"] == 3
    assert counts["LeadRole"] == 3
    [review] = stats["reviews"]
    assert review["document"] == str(plan)
    assert (review["recommendations"], review["actions"], review["roles"]) == (3, 3, 3)
    agencies = {row["agency"]: row for row in stats["agencies"]}
    assert agencies["Anytown Police"]["recommendations"] == 1
    assert agencies["Anytown Police"]["actions"] == 1


def test_stats_formats(run, plan):
    run("load", str(plan))
    table = run("stats").stdout
    assert table.startswith("Labels\n\nlabel           count\n--------------  -----\n")
    assert "Action              3\n" in table
    result = run("stats", "--format", "csv")
    assert result.stdout.startswith("label,count\nDocument,1\n")
    assert "Choose another with --table (reviews, agencies)" in result.stderr
    reviews = run("stats", "--format", "csv", "--table", "reviews").stdout
    assert reviews.startswith("id,review,title,document,recommendations,actions,roles,agencies\n")


def test_stats_table_fits_100_columns(run, seeds_dir):
    run("load", str(seeds_dir), str(REPOSITORY / "examples"))
    table = run("stats").stdout
    assert max(len(line) for line in table.splitlines()) <= 100


def test_reload_unchanged_does_not_rewrite(run, plan, store):
    run("load", str(plan))
    before = store.stat().st_mtime_ns, store.read_bytes()
    assert run("load", str(plan)).stdout == f"{plan}: unchanged\n"
    assert (store.stat().st_mtime_ns, store.read_bytes()) == before


def test_force_reloads(run, plan):
    run("load", str(plan))
    assert run("load", "--force", str(plan)).stdout == f"{plan}: loaded\n"


def test_changed_file_replaces_the_old_one(run, plan):
    run("load", str(plan))
    plan.write_text(
        PLAN.replace("Deliver training", "Deliver refresher training").replace(
            "2.1 Review referrals\tCheck every referral", "2.1 Review referrals\tSample referrals"
        ),
        encoding="utf-8",
    )
    assert run("load", str(plan)).stdout == f"{plan}: loaded\n"
    data = exported(run)
    assert texts(data, "Action", "text") == [
        "Deliver refresher training",
        "Run a file audit",
        "Sample referrals",
    ]
    assert len(texts(data, "Document", "path")) == 1


def test_moved_file_replaces_its_old_self(run, plan, tmp_path):
    run("load", str(plan))
    moved = tmp_path / "elsewhere" / plan.name
    moved.parent.mkdir()
    plan.rename(moved)
    moved.write_text(PLAN.replace("Run a file audit", "Run an audit"), encoding="utf-8")
    run("load", str(moved))
    data = exported(run)
    assert texts(data, "Document", "path") == [str(moved)]
    assert "Run a file audit" not in texts(data, "Action", "text")
    assert {node["source"]["document"] for node in data["nodes"]} == {str(moved)}


def test_same_file_name_twice_in_one_load(run, plan, tmp_path, store):
    twin = tmp_path / "twin" / plan.name
    twin.parent.mkdir()
    twin.write_text(PLAN.replace("Run a file audit", "Run an audit"), encoding="utf-8")
    result = run("load", str(plan), str(twin))
    assert result.stdout == f"{plan}: loaded\n{twin}: loaded\n"
    assert "another plan is also called 'child_z'; this one is known as 'twin/child_z'" in (
        result.stderr
    )
    assert stored_paths(store) == [str(plan), str(twin)]
    # Both answer, each by its own name.
    assert "Run an audit" in run("owners", "--review", "twin/child_z", "--format", "json").stdout
    assert "Run a file audit" in run("owners", "--review", "child_z", "--format", "json").stdout
    # Loading the twin again is the twin, unchanged: names stay stable.
    assert run("load", str(twin)).stdout == f"{twin}: unchanged\n"


def test_loading_a_folder_and_the_report(run, plan):
    result = run("load", "--report", str(plan.parent))
    assert result.stdout.splitlines() == [
        f"{plan}: loaded",
        f"{plan}:1: decoration (title): Anytown Safeguarding Children Board",
        f"{plan}:2: decoration (title): Serious Case Review Child Z - Action Plan",
    ]
    # An unchanged file still reports its unplaced text.
    again = run("load", "--report", str(plan))
    assert again.stdout.splitlines()[1:] == result.stdout.splitlines()[1:]


def test_progress_bar_for_many_files(run, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(6):
        (folder / f"plan_{number}.txt").write_text(PLAN, encoding="utf-8")
    result = run("load", str(folder))
    assert len(result.stdout.splitlines()) == 6
    # Not a terminal: no progress bar to clutter a log, just the count.
    assert result.stderr == "6 loaded, 0 unchanged, 0 refused\n"


BAD_FILES = {
    # name: (bytes, line the error names, words in the error)
    "empty.txt": (b"", 1, "empty"),
    "binary.txt": (b"Title\n\x00\x01\x02 binary\n", 2, "binary"),
    "unknown.txt": (b"\n\nNotes of a meeting.\nNothing tabular here.\n", 3, "unknown layout"),
    "ragged.txt": (
        b"RECOMMENDATION\tACTION\tBY WHEN\n1. Audit\tRun audit\tMay 2010\n"
        b"2. Train\tTrain staff\tJune 2010\tstray\tcells\n",
        3,
        "ragged table row",
    ),
    "undecodable.txt": (
        b"RECOMMENDATION\tACTION\tBY WHEN\n1. Audit\tRun audit\tMay 2010\n2. \x81\x8d\tx\ty\n",
        3,
        "neither UTF-8 nor Windows-1252",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_one_line_and_the_others_load(run, plan, name, store):
    content, line, words = BAD_FILES[name]
    bad = plan.parent / name
    bad.write_bytes(content)
    result = run("load", str(bad), str(plan), code=2)
    assert result.stdout == f"{plan}: loaded\n"
    error, summary = result.stderr.splitlines()
    assert summary == "1 loaded, 0 unchanged, 1 refused"
    assert error.startswith(f"{bad}:{line}: ")
    assert words in error
    assert "(hint: " in error
    assert "Traceback" not in result.output
    assert stored_paths(store) == [str(plan)]


def test_cp1252_file_loads(run, tmp_path, store):
    path = tmp_path / "windows.txt"
    path.write_bytes(PLAN.replace("Audit case files", "Audit café files").encode("cp1252"))
    assert run("load", str(path)).stdout == f"{path}: loaded\n"
    [document] = stored(store).nodes("Document")
    assert document.encoding == "cp1252"
    assert "Audit café files" in texts(exported(run), "Recommendation", "text")


def test_missing_path_is_reported_and_the_others_load(run, plan, tmp_path):
    missing = tmp_path / "nowhere.txt"
    result = run("load", str(missing), str(plan), code=2)
    assert result.stdout == f"{plan}: loaded\n"
    assert result.stderr == (
        f"{missing}: no such file or folder (hint: check the path)\n"
        "1 loaded, 0 unchanged, 1 refused\n"
    )


def test_only_failures_leave_no_store(run, tmp_path, store):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    run("load", str(empty), code=2)
    assert not store.exists()


def test_damaged_store_is_one_line(run, plan, store):
    store.parent.mkdir(parents=True)
    store.write_text("{ not json", encoding="utf-8")
    result = run("load", str(plan), code=2)
    assert result.stderr.startswith(f"Error: {store}: not a reviewgraph store")
    assert len(result.stderr.splitlines()) == 1


def test_export_json_reads_back_as_the_store(run, plan, store):
    run("load", str(plan))
    assert from_json(run("export").stdout) == stored(store)


def test_export_to_files(run, plan, tmp_path):
    run("load", str(plan))
    graphml = tmp_path / "out" / "plans.graphml"
    run("export", "--format", "graphml", "--output", str(graphml))
    read = nx.read_graphml(graphml)
    assert read.nodes["document:child_z"]["type"] == "Document"
    folder = tmp_path / "out" / "csv"
    run("export", "--format", "csv", "-o", str(folder))
    assert (folder / "nodes_Action.csv").read_text(encoding="utf-8").count("\n") == 4
    json_file = tmp_path / "out" / "plans.json"
    run("export", "--format", "json", "--output", str(json_file))
    assert json_file.read_text(encoding="utf-8") == run("export").stdout


def test_export_csv_needs_a_folder(run, plan):
    run("load", str(plan))
    result = run("export", "--format", "csv", code=2)
    assert "--format csv needs --output FOLDER" in result.stderr


def test_version_is_the_packages():
    from importlib.metadata import version

    from reviewgraph.cli import __version__

    assert __version__ == version("reviewgraph")
