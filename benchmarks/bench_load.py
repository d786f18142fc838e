"""Load speed and memory, as ratios against a baseline measured in the same run.

The baseline is the least any loader must do: read each plan and strip its
HTML (``clean_text`` on every line). The figure is how many times that the
full pipeline (detect, rows, items, graph, cross-references) costs.

Run on demand::

    python benchmarks/bench_load.py [FOLDER] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc
from pathlib import Path

from reviewgraph.loaders import iter_plan_paths, load_document
from reviewgraph.loaders.text import clean_text


def baseline(paths: list[Path]) -> None:
    for path in paths:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            clean_text(line)


def pipeline(paths: list[Path]) -> None:
    for path in paths:
        load_document(path)


def measure(function, paths: list[Path], repeat: int) -> tuple[float, int]:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function(paths)
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    function(paths)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak


def main() -> None:
    default = os.environ.get("REVIEWGRAPH_SEEDS") or str(
        Path(__file__).resolve().parents[2] / "shared" / "seeds"
    )
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=default)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    paths = list(iter_plan_paths([options.folder]))
    size = sum(p.stat().st_size for p in paths)
    base_time, base_peak = measure(baseline, paths, options.repeat)
    full_time, full_peak = measure(pipeline, paths, options.repeat)
    print(f"{len(paths)} plans, {size / 1024:.0f} KiB, best of {options.repeat}")
    print(f"baseline  {base_time * 1000:8.1f} ms  peak {base_peak / 1024:8.0f} KiB")
    print(f"pipeline  {full_time * 1000:8.1f} ms  peak {full_peak / 1024:8.0f} KiB")
    print(f"ratio     {full_time / base_time:8.1f} x time   {full_peak / base_peak:6.1f} x memory")


if __name__ == "__main__":
    main()
