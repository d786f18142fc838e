"""What a person sees in a real terminal: tmux panes of 80 and 200 columns on the seeds.

Each command runs in a tmux pane of the width named; the pane is captured as
the terminal shows it and once more with wrapped lines joined. The two must
agree (the terminal never had to wrap a line), every word of the table's text
must stand whole on some line (no mid-word breaks), and every reference must
stand on one line. Set REVIEWGRAPH_CAPTURES to a folder to keep the captures.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewgraph.cli.main import main
from reviewgraph.graph.cells import strip_controls

TMUX = shutil.which("tmux")
if TMUX is None:
    if os.environ.get("REVIEWGRAPH_CI"):
        raise RuntimeError("tmux is missing: .ci/run must install it (apt-get install tmux)")
    pytest.skip("tmux is not installed (apt-get install tmux)", allow_module_level=True)

#: The installed command, beside the Python running the tests.
COMMAND = [str(Path(sys.executable).parent / "reviewgraph")]
#: The commands captured, and the fields of their JSON whose words the table shows.
CAPTURED = {
    "owners": (["owners"], ["text", "agency", "role", "due"]),
    "shared": (["shared"], ["text", "detail"]),
    "status": (["status"], ["name"]),
    "trace": (["trace", "003:56"], ["text", "review_title", "recommendation_text"]),
    "check": (["check"], ["message"]),
}


@pytest.fixture(scope="module")
def store(seeds_dir, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("terminal") / "seeds.graph"
    result = CliRunner().invoke(main, ["load", "--store", str(path), str(seeds_dir)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def captures(tmp_path_factory) -> Path:
    folder = os.environ.get("REVIEWGRAPH_CAPTURES")
    path = Path(folder) if folder else tmp_path_factory.mktemp("captures")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Pane:
    """A tmux server of our own (its own socket), one pane running one command."""

    count = 0

    def __init__(self, folder: Path, width: int, height: int = 50) -> None:
        Pane.count += 1
        self.socket = folder / f"tmux{Pane.count}.sock"
        self.config = folder / "tmux.conf"
        self.config.write_text("set -g remain-on-exit on\nset -g history-limit 200000\n")
        self.width, self.height = width, height

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            [TMUX, "-S", str(self.socket), "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def run(self, command: list[str], env: dict[str, str]) -> tuple[str, str, str]:
        """Run ``command``; return the pane as shown, with lines joined, and with colours."""
        settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line = f"env -u COLUMNS -u LINES TERM=xterm-256color {settings} {shlex.join(command)}"
        self.tmux("new-session", "-d", "-s", "t", "-x", str(self.width), "-y", str(self.height))
        try:
            self.tmux("respawn-pane", "-k", "-t", "t", line)
            deadline = time.monotonic() + 60
            while self.tmux("display", "-p", "-t", "t", "#{pane_dead}").strip() != "1":
                assert time.monotonic() < deadline, "the command did not finish in 60 s"
                time.sleep(0.1)
            shown = self.tmux("capture-pane", "-p", "-t", "t", "-S", "-", "-E", "-")
            joined = self.tmux("capture-pane", "-p", "-J", "-t", "t", "-S", "-", "-E", "-")
            coloured = self.tmux("capture-pane", "-p", "-e", "-t", "t", "-S", "-", "-E", "-")
        finally:
            self.tmux("kill-server")
        return _trim(shown), _trim(joined), _trim(coloured)


def _trim(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    # remain-on-exit adds a "Pane is dead" line after the output
    if lines and lines[-1].startswith("Pane is dead"):
        lines.pop()
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _words(rows: list[dict], fields: list[str]) -> set[str]:
    found = set()
    for row in rows:
        for field in fields:
            value = row.get(field)
            values = value if isinstance(value, list) else [value]
            for item in values:
                if isinstance(item, str):
                    found.update(strip_controls(item.replace("_", " ")).split())
    return found


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.parametrize("name", sorted(CAPTURED))
def test_seeds_read_cleanly_in_a_terminal(store, captures, tmp_path, name, width):
    args, fields = CAPTURED[name]
    command = [*COMMAND, *args, "--store", str(store)]
    shown, joined, coloured = Pane(tmp_path, width).run(command, {"PAGER": "cat"})
    (captures / f"{name}-{width}.txt").write_text(shown, encoding="utf-8")
    assert shown.strip(), f"{name} printed nothing"
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= width
    # The terminal never wrapped a line: joining wrapped lines changes nothing.
    assert joined == shown
    # Colour on a terminal, and none of it left in the text.
    assert "\x1b[" in coloured or name not in ("owners", "status")
    assert "\x1b" not in shown
    # Every word of what the table shows stands whole on a line.
    result = CliRunner().invoke(main, [*args, "--store", str(store), "--format", "json"])
    rows = json.loads(result.stdout)
    tokens = {token for line in lines for token in line.split()}
    words = _words(rows, fields)
    broken = sorted(word for word in words if word not in tokens and len(word) < width // 4)
    assert not broken, f"{name} at {width} breaks words: {broken[:10]}"


@pytest.mark.parametrize("width", [80, 200])
def test_references_never_wrap(store, tmp_path, width):
    command = [*COMMAND, "owners", "--store", str(store)]
    shown, _, _ = Pane(tmp_path, width).run(command, {"PAGER": "cat"})
    result = CliRunner().invoke(main, ["owners", "--store", str(store), "--format", "json"])
    refs = {row["ref"] for row in json.loads(result.stdout)}
    tokens = {token for line in shown.splitlines() for token in line.split()}
    assert {ref for ref in refs if ref and " " not in ref} <= tokens


def test_long_output_goes_through_the_pager_on_a_terminal(store, tmp_path):
    paged = tmp_path / "paged.txt"
    command = [*COMMAND, "owners", "--store", str(store)]
    shown, _, _ = Pane(tmp_path, 100, height=30).run(command, {"PAGER": f"tee {paged}"})
    assert paged.exists(), "the pager was not run"
    assert paged.read_text(encoding="utf-8").count("\n") > 30
    short = tmp_path / "short.txt"
    command = [*COMMAND, "status", "--review", "001", "--store", str(store)]
    Pane(tmp_path, 100, height=30).run(command, {"PAGER": f"tee {short}"})
    assert not short.exists(), "a table that fits the screen was paged"


def test_no_color_turns_colour_off_on_a_terminal(store, tmp_path):
    command = [*COMMAND, "status", "--store", str(store)]
    _, _, coloured = Pane(tmp_path, 120).run(command, {"PAGER": "cat", "NO_COLOR": "1"})
    assert "\x1b[" not in coloured.replace("\x1b[0m", "").replace("\x1b[39m", "")
