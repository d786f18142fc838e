"""Every example in every command's --help runs against examples/ and returns something."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import main

REPOSITORY = Path(__file__).resolve().parent.parent

#: Examples that need inputs examples/ does not have, and why.
SKIPPED = {
    "reviewgraph load --aliases agencies.toml --force plans": (
        "needs the user's own alias file and plan folder"
    ),
    "reviewgraph inspect --columns layout.toml plans/sar-adult-d.docx": (
        "needs the user's own layout file; tests/test_format_layouts.py runs --columns"
    ),
    "reviewgraph load --columns layout.toml plans/sar-adult-d.docx": (
        "needs the user's own layout file for a plan examples/ does not have; "
        "tests/test_format_layouts.py runs --columns"
    ),
}
#: Commands whose every example needs something beyond examples/, and what.
SKIPPED_COMMANDS = {
    "push": "needs a Neo4j (Bolt) server; tests/test_push.py runs it against one",
    "cypher": "needs a Neo4j (Bolt) server",
}


def _examples() -> list[tuple[str, str]]:
    found = []
    # Contexts as the command line makes them: click caches each command's help
    # option from the first context it sees, so a bare Context would lose -h.
    root = click.Context(main, info_name="reviewgraph", **main.context_settings)
    commands = [("", main), *sorted(main.commands.items())]
    for name, command in commands:
        context = click.Context(command, parent=root, info_name=name) if name else root
        text = command.get_help(context)
        block = text.split("Example:", 1)[1] if "Example:" in text else ""
        lines = iter(block.splitlines())
        for line in lines:
            example = line.strip()
            if not example.startswith("reviewgraph "):
                continue
            while example.endswith("\\"):  # a shell line continued on the next
                example = example[:-1].rstrip() + " " + next(lines, "").strip()
            found.append((name or "reviewgraph", example))
    return found


EXAMPLES = _examples()


def test_every_command_has_examples():
    named = {command for command, _ in EXAMPLES}
    assert named == {"reviewgraph", *main.commands}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A folder holding a copy of examples/, and a store loaded from it."""
    folder = tmp_path_factory.mktemp("help")
    shutil.copytree(REPOSITORY / "examples", folder / "examples")
    result = CliRunner().invoke(
        main, ["load", "examples"], env={"REVIEWGRAPH_STORE": str(folder / "examples.graph")}
    )
    assert result.exit_code == 0
    return folder


@pytest.mark.parametrize(("command", "example"), EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_help_example_returns_something(folder, monkeypatch, command, example):
    if example in SKIPPED:
        pytest.skip(SKIPPED[example])
    if command in SKIPPED_COMMANDS:
        pytest.skip(SKIPPED_COMMANDS[command])
    words = shlex.split(example)[1:]
    redirected = None
    if ">" in words:  # the shell would write stdout to a file: check stdout instead
        words, redirected = words[: words.index(">")], words[words.index(">") + 1]
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(
        main,
        words,
        env={"REVIEWGRAPH_STORE": str(folder / "examples.graph"), "COLUMNS": "100"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, f"{example}\n{result.output}"
    written = [
        Path(words[i + 1]) for i, word in enumerate(words[:-1]) if word in ("-o", "--output")
    ]
    if written:
        target = written[0]
        assert target.exists(), f"{example} wrote no {target}"
        assert target.is_dir() or target.stat().st_size > 0
    else:
        assert result.stdout.strip(), f"{example} printed nothing ({redirected or 'stdout'})"
        assert "No " not in result.stdout.splitlines()[0], f"{example}: {result.stdout}"
