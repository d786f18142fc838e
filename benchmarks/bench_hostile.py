"""Hostile input and long plans: load times, and MB/s on a 10 MB plan against a 1 MB one.

Two parts, both measured in this run:

* the hostile corpus of issue 14 (``tests/hostile_corpus.py``): each small file
  that once stalled ``load``, at the size the issue gave and at sizes where a
  linear loader takes tens of milliseconds, each under a timeout;
* long well-formed plans (``big_plan``) of 1 MB and 10 MB: seconds, MB/s, and
  how many times the 1 MB time the 10 MB one takes (10 when linear), beside the
  same ratio for a baseline that only reads the text and strips its HTML.

Limits are raised for the long plans (a 10 MB plan is within the default file
size limit; no cell is near the cell limit).

Run on demand::

    python benchmarks/bench_hostile.py [--sizes 1,10] [--repeat 2] [--timeout 60]
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile_corpus import CASES, big_plan  # noqa: E402

from reviewgraph.graph.errors import ReviewgraphError  # noqa: E402
from reviewgraph.loaders import load_document  # noqa: E402
from reviewgraph.loaders.text import clean_text  # noqa: E402

#: the sizes the issue named, then sizes where a linear loader takes tens of ms
CORPUS_SIZES = {
    "due cell with i) labels": [24, 30, 8192],
    "see 1.1 repeated in an action": [512, 4096],
    "<b> and spaces in a recommendation": [2000, 16000],
    "made recommendations repeated": [200, 1600],
    "pipe row with leading spaces": [4000, 16000],
    "heading ending in (": [4000, 32000],
    "dots before a continuation": [4000, 16000],
    "Child aged repeated in a title": [1000, 4000],
    "run of < in a cell": [2000, 8000],
    "1 May repeated in a due cell": [1000, 4000],
    "page-break continuations repeated": [256, 2048],
    "page-break rows of further actions": [256, 2048],
    "rows adding actions to one recommendation": [128, 1024],
    "agency sections repeated": [128, 1024],
    "key lines repeated": [2048, 8192],
    "items numbered alike": [128, 1024],
    "prose sections repeated": [128, 1024],
}


class _Timeout(Exception):
    pass


def _alarm(*_: object) -> None:
    raise _Timeout


def _time_load(path: Path, repeat: int, timeout: float) -> float | None:
    """Best time to load ``path`` (refusal counts as done); None past ``timeout``."""
    best = float("inf")
    for _ in range(repeat):
        signal.setitimer(signal.ITIMER_REAL, timeout)
        start = time.perf_counter()
        try:
            load_document(path)
        except ReviewgraphError:
            pass
        except _Timeout:
            return None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        best = min(best, time.perf_counter() - start)
    return best


def _baseline(path: Path, repeat: int) -> float:
    """Reading the text and stripping each line's HTML: the least any loader does."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for line in path.read_text(encoding="utf-8").split("\n"):
            clean_text(line)
        best = min(best, time.perf_counter() - start)
    return best


def corpus(folder: Path, repeat: int, timeout: float) -> None:
    print(f"{'hostile input':44} {'repeats':>8} {'bytes':>9} {'seconds':>9}")
    for name, sizes in CORPUS_SIZES.items():
        for count in sizes:
            path = folder / "hostile.txt"
            text = CASES[name](count)
            path.write_text(text, encoding="utf-8")
            took = _time_load(path, repeat, timeout)
            shown = f"> {timeout:g}" if took is None else f"{took:.3f}"
            print(f"{name:44} {count:8} {len(text.encode()):9} {shown:>9}", flush=True)


def plans(folder: Path, sizes_mb: list[float], repeat: int, timeout: float) -> None:
    rows = []
    for size in sizes_mb:
        path = folder / f"plan-{size:g}mb.txt"
        path.write_text(big_plan(int(size * 1_000_000)), encoding="utf-8")
        megabytes = path.stat().st_size / 1_000_000
        took = _time_load(path, repeat, timeout)
        base = _baseline(path, repeat)
        rows.append((megabytes, took, base))
        rate = f"{megabytes / took:8.3f}" if took else "       -"
        shown = f"{took:8.2f}" if took else f"> {timeout:g}"
        print(f"plan {megabytes:6.2f} MB  load {shown} s  {rate} MB/s  baseline {base:.3f} s",
              flush=True)
    # A size given twice (--sizes 1,10,1,10) is timed twice, apart: the best counts,
    # as a busy moment on a shared machine only ever adds time.
    best: dict[float, tuple[float, float]] = {}
    for size, took, base in rows:
        if took:
            old = best.get(round(size, 2))
            best[round(size, 2)] = (min(took, old[0]), min(base, old[1])) if old else (took, base)
    if len(best) >= 2:
        (size0, (load0, base0)), (size1, (load1, base1)) = min(best.items()), max(best.items())
        print(
            f"best of each: {size0:g} MB in {load0:.2f} s ({size0 / load0:.3f} MB/s), "
            f"{size1:g} MB in {load1:.2f} s ({size1 / load1:.3f} MB/s); "
            f"{size1 / size0:.1f}x the size: {load1 / load0:.1f}x the load time, "
            f"{base1 / base0:.1f}x the baseline time"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10", help="plan sizes in MB, comma-separated")
    parser.add_argument("--repeat", type=int, default=2, help="best of this many loads")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per load")
    parser.add_argument("--corpus-only", action="store_true")
    parser.add_argument("--plans-only", action="store_true")
    options = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    # A 10 MB plan is a test of speed, not of the file size limit.
    os.environ.setdefault("REVIEWGRAPH_MAX_FILE_SIZE", str(1 << 30))
    with tempfile.TemporaryDirectory() as folder:
        if not options.plans_only:
            corpus(Path(folder), options.repeat, options.timeout)
        if not options.corpus_only:
            sizes = [float(s) for s in options.sizes.split(",")]
            plans(Path(folder), sizes, options.repeat, options.timeout)


if __name__ == "__main__":
    main()
