"""docs/cli.md must be the ``--help`` of every command, as the script generates it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_cli_reference", DOCS / "generate_cli_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_up_to_date():
    expected = _generator().reference()
    actual = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "docs/cli.md is out of step with --help; run: python docs/generate_cli_reference.py"
    )


def test_cli_reference_covers_every_command():
    from reviewgraph.cli.main import main

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"## `reviewgraph {name}`" in text


def test_the_model_is_documented_and_linked():
    from click.testing import CliRunner

    from reviewgraph.cli.main import main

    model = (DOCS / "model.md").read_text(encoding="utf-8")
    for name in ("Document", "Review", "Agency", "Recommendation", "Action", "LeadRole"):
        assert f"`{name}`" in model
    for name in ("OWNED_BY", "MENTIONS", "RESOLVES_TO", "`named`", "`text`", "`agency`"):
        assert name in model
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    help_text = CliRunner().invoke(main, ["--help"]).output
    for text in (readme, help_text):
        assert "docs/model.md" in text and "DOMAIN.md" not in text
    assert "docs/output.md" in readme and "docs/output.md" in help_text
