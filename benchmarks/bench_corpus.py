"""The store at national scale: load and query a synthetic corpus, against issue 8's targets.

For each corpus size (10, 100, 1,000, 2,000 plans by default; ``--sizes`` picks)
it writes ``reviewgraph synth --plans N`` and drives the installed
``reviewgraph`` command in fresh processes, the way a user runs it:

* cold ``load`` of the whole corpus into an empty store: wall time, plans per
  second and peak RSS, each as a ratio against a baseline measured in the same
  run (a fresh Python reading every file and splitting its rows with the
  standard library);
* ``load`` again with nothing changed, and with 1% of the plans changed;
* the store's size on disk (with any ``-wal``/``-shm`` beside it);
* the median and 95th percentile wall time of each query in a fresh process,
  on arguments picked from the corpus's answer keys (an agency and a role
  that many plans name, an item with cross-references, a common word).

It works with whatever store is on main, since it only runs the command.
Results are printed as a table, written as JSON, and checked against the
targets of issue 8 (set for 2,000 plans on a 2-core machine): misses are
listed. Run on demand::

    python benchmarks/bench_corpus.py --sizes 10,100 --repeat 10 --json bench.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

#: issue 8's targets at 2,000 plans: name -> (seconds, or MiB for memory)
TARGETS = {
    "cold load": 30.0,
    "cold load peak RSS (MiB)": 1536.0,
    "reload, nothing changed": 2.0,
    "reload, 1% changed": 3.0,
    "--version": 0.15,
    "owners --agency": 0.3,
    "owners --role": 0.3,
    "trace": 0.3,
    "deps": 0.3,
    "search": 0.3,
    "stats": 3.0,
    "status": 3.0,
    "agencies": 3.0,
    "check": 3.0,
    "shared (no near-duplicates)": 3.0,
    "shared (with near-duplicates)": 10.0,
}
KEY_SUFFIX = ".key.json"
#: words an analyst searches for; the commonest in the corpus is used
SEARCH_WORDS = frozenset("protocol pathway guidance policy checklist procedure training".split())


@dataclass
class Run:
    """One process: wall seconds, peak resident memory (MiB) and exit status.

    ``peak_mib`` is the largest single process (the command or one of its
    workers), as ``wait4`` and ``/usr/bin/time`` report it; ``tree_mib`` is the
    most the command and all its workers held at once, sampled every 20 ms.
    """

    seconds: float
    peak_mib: float
    exit_code: int | None
    timed_out: bool = False
    stderr_tail: str = ""
    tree_mib: float = 0.0


def _tree_rss(pid: int) -> int:
    """Resident KiB of a process and its descendants, from /proc (0 where unreadable)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(
                (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")),
                0,
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def run(command: list[str], *, timeout: float, cwd: Path | None = None) -> Run:
    """Run ``command`` in a fresh process; its own peak RSS comes from ``wait4``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd)
        deadline = start + timeout
        tree = 0
        next_sample = start
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() >= next_sample:
                tree = max(tree, _tree_rss(process.pid))
                next_sample = time.perf_counter() + 0.02
            if time.perf_counter() > deadline:
                process.kill()
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                return Run(time.perf_counter() - start, usage.ru_maxrss / 1024, None, True)
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-400:].decode("utf-8", "replace").strip()
    # ru_maxrss is in KiB on Linux.
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode, False, tail, tree / 1024)


BASELINE = r"""
import sys
from pathlib import Path
rows = 0
for path in sorted(Path(sys.argv[1]).iterdir()):
    if path.suffix in (".txt", ".md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            rows += len(line.split("\t" if "\t" in line else "|"))
print(rows)
"""


@dataclass
class Arguments:
    """Realistic query arguments, picked from a corpus's answer keys."""

    agency: str
    role: str
    trace: str
    deps: str
    word: str


def _slug(text: str) -> str:
    return "-".join(
        "".join(c if c.isalnum() else " " for c in text.lower().replace("'", "")).split()
    )


def pick_arguments(corpus: Path) -> Arguments:
    """The most named agency spelling and role, an item with pointers, a common word.

    Raises
    ------
    SystemExit
        When the folder holds no answer keys.
    """
    agencies: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    words: Counter[str] = Counter()
    trace = deps = None
    for key_path in sorted(corpus.glob(f"*{KEY_SUFFIX}")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        stem = key["plan"].rsplit(".", 1)[0]
        # An organisation many boards name (a region's police, hospital …), by its name.
        agencies.update(
            a["name"]
            for a in key["agencies"]
            if a["id"] == _slug(a["name"]) and a["name"] in a["spellings"]
        )
        roles.update(o["role"] for a in key["actions"] for o in a["owners"] if o["role"])
        for rec in key["recommendations"]:
            words.update(w for w in (rec["text"] or "").lower().split() if w in SEARCH_WORDS)
        recs = {r["id"]: r for r in key["recommendations"]}
        actions = {a["id"]: a for a in key["actions"]}
        for ref in key["references"]:
            if ref["resolution"] != "resolved" or ref["kind"] != "explicit":
                continue
            citing = actions.get(ref["citing"][0])
            target = recs.get(ref["targets"][0])
            source = recs.get(citing["recommendations"][0]) if citing else None
            if deps is None and source and source["ref"]:
                deps = f"{stem}:{source['ref']}"
            if trace is None and target and target["ref"]:
                trace = f"{stem}:{target['ref']}"
    if not agencies:
        raise SystemExit(f"{corpus}: no {KEY_SUFFIX} answer keys")
    return Arguments(
        agency=agencies.most_common(1)[0][0],
        role=roles.most_common(1)[0][0] if roles else "Named Nurse",
        trace=trace or "Named Nurse",
        deps=deps or trace or "Named Nurse",
        word=words.most_common(1)[0][0] if words else "training",
    )


def queries(arguments: Arguments) -> dict[str, list[str]]:
    """Each measured command's arguments (after ``reviewgraph``)."""
    return {
        "--version": ["--version"],
        "owners --agency": ["owners", "--agency", arguments.agency],
        "owners --role": ["owners", "--role", arguments.role],
        "trace": ["trace", arguments.trace],
        "deps": ["deps", arguments.deps],
        "search": ["search", arguments.word],
        "stats": ["stats"],
        "status": ["status"],
        "agencies": ["agencies"],
        "check": ["check", "--fail-on", "never"],
        "shared (no near-duplicates)": [
            "shared",
            "--kind",
            "action",
            "--kind",
            "recommendation",
            "--kind",
            "cross-reference",
        ],
        "shared (with near-duplicates)": ["shared"],
    }


def _store_bytes(store: Path) -> int:
    return sum(p.stat().st_size for p in store.parent.glob(f"{store.name}*") if p.is_file())


def _change(paths: list[Path], share: float) -> list[Path]:
    """Change ``share`` of the plans a little (a blank line at the end), evenly spread."""
    count = max(1, round(len(paths) * share))
    step = max(1, len(paths) // count)
    changed = paths[::step][:count]
    for path in changed:
        with path.open("a", encoding="utf-8") as stream:
            stream.write("\n")
    return changed


@dataclass
class SizeResult:
    plans: int
    corpus_mib: float
    arguments: dict[str, str]
    baseline: dict[str, float]
    load: dict[str, Any] = field(default_factory=dict)
    store_mib: float | None = None
    commands: dict[str, dict[str, Any]] = field(default_factory=dict)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def bench_size(
    plans: int, *, seed: int, work: Path, reviewgraph: str, repeat: int, timeout: float
) -> SizeResult:
    """Every measure for one corpus size."""
    corpus = work / f"corpus-{plans}"
    store = work / f"store-{plans}" / "reviewgraph.graph"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(store.parent, ignore_errors=True)
    store.parent.mkdir(parents=True)
    made = run(
        [reviewgraph, "synth", "--plans", str(plans), "--seed", str(seed), "-o", str(corpus)],
        timeout=timeout,
    )
    if made.exit_code != 0:
        raise SystemExit(f"reviewgraph synth failed: {made.stderr_tail}")
    paths = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md"))
    size = sum(p.stat().st_size for p in paths) / 2**20
    arguments = pick_arguments(corpus)
    base = run([sys.executable, "-c", BASELINE, str(corpus)], timeout=timeout)
    startup = [run([sys.executable, "-c", "pass"], timeout=timeout).seconds for _ in range(5)]
    result = SizeResult(
        plans=plans,
        corpus_mib=round(size, 2),
        arguments=asdict(arguments),
        baseline={
            "read and split seconds": round(base.seconds, 4),
            "read and split peak MiB": round(base.peak_mib, 1),
            "python startup seconds": round(statistics.median(startup), 4),
        },
    )
    env_store = ["--store", str(store)]
    cold = run([reviewgraph, "load", str(corpus), *env_store], timeout=timeout)
    unchanged = run([reviewgraph, "load", str(corpus), *env_store], timeout=timeout)
    changed_paths = _change(paths, 0.01)
    changed = run([reviewgraph, "load", str(corpus), *env_store], timeout=timeout)
    result.load = {
        "cold load": _describe(cold),
        "cold load plans/s": round(plans / cold.seconds, 1) if not cold.timed_out else None,
        "cold load time ratio": round(cold.seconds / base.seconds, 1),
        "cold load peak RSS ratio": round(cold.peak_mib / base.peak_mib, 1),
        "reload, nothing changed": _describe(unchanged),
        "reload, 1% changed": {**_describe(changed), "plans changed": len(changed_paths)},
    }
    result.store_mib = round(_store_bytes(store) / 2**20, 2) if store.exists() else None
    for name, args in queries(arguments).items():
        command = [reviewgraph, *args] if name == "--version" else [reviewgraph, *args, *env_store]
        runs = []
        for _ in range(repeat):
            one = run(command, timeout=timeout)
            runs.append(one)
            if one.timed_out:
                break
        seconds = [r.seconds for r in runs]
        result.commands[name] = {
            "command": " ".join(["reviewgraph", *args]),
            "median": round(statistics.median(seconds), 4),
            "p95": round(_percentile(seconds, 0.95), 4),
            "runs": len(runs),
            "peak MiB": round(max(r.peak_mib for r in runs), 1),
            "exit codes": sorted({r.exit_code for r in runs}, key=str),
            "timed out": any(r.timed_out for r in runs),
            "stderr": runs[-1].stderr_tail if runs[-1].exit_code not in (0, None) else "",
        }
    return result


def _describe(one: Run) -> dict[str, Any]:
    return {
        "seconds": round(one.seconds, 3),
        "peak MiB": round(one.peak_mib, 1),
        "peak MiB, all processes": round(one.tree_mib, 1),
        "exit code": one.exit_code,
        "timed out": one.timed_out,
        "stderr": one.stderr_tail if one.exit_code not in (0, None) else "",
    }


def check_targets(result: SizeResult) -> list[str]:
    """Targets this size misses (the targets are set for 2,000 plans)."""
    misses = []
    figures: dict[str, float | None] = {
        "cold load": result.load["cold load"]["seconds"],
        "cold load peak RSS (MiB)": max(
            result.load["cold load"]["peak MiB"],
            result.load["cold load"]["peak MiB, all processes"],
        ),
        "reload, nothing changed": result.load["reload, nothing changed"]["seconds"],
        "reload, 1% changed": result.load["reload, 1% changed"]["seconds"],
    }
    figures.update({name: c["p95"] for name, c in result.commands.items()})
    for name, limit in TARGETS.items():
        value = figures.get(name)
        if value is None:
            continue
        timed_out = result.commands.get(name, {}).get("timed out") or result.load.get(name, {}).get(
            "timed out"
        )
        if timed_out or value > limit:
            unit = "MiB" if "MiB" in name else "s"
            shown = "timed out" if timed_out else f"{value:g} {unit}"
            misses.append(f"{result.plans} plans: {name} {shown} > {limit:g} {unit}")
    for name, command in result.commands.items():
        # A timed-out run has no exit code; it is reported above.
        if any(code not in (0, None) for code in command["exit codes"]):
            misses.append(f"{result.plans} plans: {name} exited {command['exit codes']}")
    return misses


def table(results: list[SizeResult]) -> str:
    """One column per corpus size."""
    head = ["measure", *(f"{r.plans} plans" for r in results), "target (2,000)"]
    rows: list[list[str]] = [head]

    def add(name: str, cells: list[str], target: str = "") -> None:
        rows.append([name, *cells, target])

    add("corpus size (MiB)", [f"{r.corpus_mib:g}" for r in results])
    add(
        "baseline: read + split (s)",
        [f"{r.baseline['read and split seconds']:.3f}" for r in results],
    )
    add(
        "baseline: python startup (s)",
        [f"{r.baseline['python startup seconds']:.3f}" for r in results],
    )
    add("cold load (s)", [f"{r.load['cold load']['seconds']:.2f}" for r in results], "30")
    add("cold load plans/s", [str(r.load["cold load plans/s"]) for r in results])
    add("cold load / baseline time", [f"{r.load['cold load time ratio']}x" for r in results])
    add(
        "cold load peak RSS (MiB)",
        [f"{r.load['cold load']['peak MiB']:.0f}" for r in results],
        "1536",
    )
    add("cold load / baseline RSS", [f"{r.load['cold load peak RSS ratio']}x" for r in results])
    add(
        "cold load RSS, all processes (MiB)",
        [f"{r.load['cold load']['peak MiB, all processes']:.0f}" for r in results],
        "1536",
    )
    add(
        "reload, nothing changed (s)",
        [f"{r.load['reload, nothing changed']['seconds']:.2f}" for r in results],
        "2",
    )
    add(
        "reload, 1% changed (s)",
        [f"{r.load['reload, 1% changed']['seconds']:.2f}" for r in results],
        "3",
    )
    add("store size (MiB)", [f"{r.store_mib}" for r in results])
    for name in results[0].commands:
        cells = []
        for r in results:
            c = r.commands[name]
            mark = " TIMEOUT" if c["timed out"] else ""
            cells.append(f"{c['median']:.3f} / {c['p95']:.3f}{mark}")
        add(f"{name} (median / p95 s)", cells, f"{TARGETS[name]:g}")
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for number, row in enumerate(rows):
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000,2000", help="comma-separated plan counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=10, help="runs of each query")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per process")
    parser.add_argument("--work", type=Path, default=None, help="folder for corpora and stores")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    parser.add_argument(
        "--command",
        default=shutil.which("reviewgraph") or str(Path(sys.executable).with_name("reviewgraph")),
        help="the reviewgraph executable to drive",
    )
    options = parser.parse_args(argv)
    sizes = [int(s) for s in options.sizes.split(",") if s.strip()]
    work = options.work or Path(tempfile.mkdtemp(prefix="reviewgraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    version = run([options.command, "--version"], timeout=60)
    print(f"{options.command}: {'ok' if version.exit_code == 0 else version.stderr_tail}")
    results = []
    for plans in sizes:
        print(f"-- {plans} plans (work in {work})", flush=True)
        result = bench_size(
            plans,
            seed=options.seed,
            work=work,
            reviewgraph=options.command,
            repeat=options.repeat,
            timeout=options.timeout,
        )
        results.append(result)
        print(f"   arguments: {result.arguments}", flush=True)
    print(table(results))
    misses = [m for r in results for m in check_targets(r)]
    print("\nTargets (issue 8, set for 2,000 plans):")
    print("\n".join(f"  MISSED {m}" for m in misses) if misses else "  all met")
    if options.json:
        payload = {
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "targets": TARGETS,
            "sizes": [asdict(r) for r in results],
            "missed": misses,
        }
        options.json.write_text(json.dumps(payload, indent=1), encoding="utf-8")
        print(f"wrote {options.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
