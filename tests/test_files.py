"""Files reviewgraph writes: created with the user's umask, still replaced atomically."""

from __future__ import annotations

import doctest
import os
import stat
from pathlib import Path

import pytest

from reviewgraph.graph import files
from reviewgraph.graph.errors import StoreError
from reviewgraph.graph.files import write_atomic


@pytest.fixture
def umask():
    """Set the process umask for one test and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_doctests():
    assert doctest.testmod(files).failed == 0


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_file_follows_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    path = tmp_path / "shared drive" / "plans.graph"
    write_atomic(path, b"data")
    assert path.read_bytes() == b"data"
    assert mode(path) == expected


def test_replaced_file_keeps_its_mode(tmp_path, umask):
    umask(0o022)
    path = tmp_path / "plans.graph"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_atomic(path, b"new")
    assert (path.read_bytes(), mode(path)) == (b"new", 0o640)


def test_no_temporary_file_is_left(tmp_path):
    path = tmp_path / "plans.graph"
    write_atomic(path, b"one")
    write_atomic(path, b"two")
    assert [p.name for p in tmp_path.iterdir()] == ["plans.graph"]


def test_unwritable_folder_is_a_store_error(tmp_path):
    if os.geteuid() == 0:
        blocker = tmp_path / "file"
        blocker.write_bytes(b"")
        target = blocker / "plans.graph"  # a folder that is a file: fails even for root
    else:
        folder = tmp_path / "locked"
        folder.mkdir(mode=0o500)
        target = folder / "plans.graph"
    with pytest.raises(StoreError, match="cannot write the file"):
        write_atomic(target, b"data")


def test_store_and_exports_open_for_colleagues(tmp_path, umask):
    from click.testing import CliRunner

    from reviewgraph.cli.main import main

    umask(0o022)
    examples = Path(__file__).resolve().parent.parent / "examples"
    env = {"REVIEWGRAPH_STORE": str(tmp_path / "plans.graph")}
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(examples)], env=env).exit_code == 0
    assert mode(tmp_path / "plans.graph") == 0o644
    for format_, name in [("json", "plans.json"), ("graphml", "plans.graphml")]:
        result = runner.invoke(
            main, ["export", "--format", format_, "-o", str(tmp_path / name)], env=env
        )
        assert result.exit_code == 0, result.output
        assert mode(tmp_path / name) == 0o644
    runner.invoke(main, ["export", "--format", "csv", "-o", str(tmp_path / "csv")], env=env)
    assert {mode(path) for path in (tmp_path / "csv").iterdir()} == {0o644}
