"""Flag regular expressions whose matching time grows faster than their input.

Every pattern the loaders and queries use is collected: the compiled patterns
kept in their modules, and every pattern compiled while the example plans (and
the seeds, when ``$REVIEWGRAPH_SEEDS`` names them) are loaded and queried.
Each is then fed hostile strings — a piece repeated ``n`` times, the piece
taken from a list of usual suspects and from the pattern's own literals — at
two lengths four times apart, with ``search`` (and ``match``/``fullmatch``).
A linear pattern takes about four times as long on the longer string; a
pattern taking more than ``--ratio`` times as long (or over ``--timeout``
seconds at all) is printed with the piece that shows it.

Run on demand::

    python benchmarks/regex_growth.py [--length 2000] [--ratio 9] [--only loaders/dates]

Exit status 1 when a pattern is flagged.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import os
import pkgutil
import re
import signal
import sys
import time
from pathlib import Path

try:  # Python 3.11 names it _parser; older ones sre_parse.
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

REPOSITORY = Path(__file__).resolve().parents[1]

#: pieces that make backtracking engines work hard when repeated
PUMPS = [
    " ", "\t", "\n", ".", ",", ";", ":", "(", ")", "[", "<", ">", "</", "-", "–", "|", "*",
    "#", "&", "/", "'", '"', "a", "A", "x", "1", "12", "1.", "1.1", "a)", "i)", "i) ", "(a)",
    "ii.", "ab ", "Ab ", "AB ", "A.", "<b>", "<p>", "<br/>", "<a", "&amp;", "1 May ", "May ",
    "see ", "see 1.1 ", "as above ", "Child aged ", "made recommendations ", "of ", "é",
    "\u00a0", "\x0c", "\u2028", "•", "\x00", "<p", "<br", "<li", "<b", "<u", "</b", "and ",
    "& ", ", ", "Named Nurse ", "Head of ", "progress ", "- ", "May 2010 ", "2011-12 ",
]
SUFFIXES = ["", "!", "\x00", " x", "\n"]
PREFIXES = ["", "x ", "1. "]


class _Timeout(Exception):
    pass


def _alarm(*_: object) -> None:
    raise _Timeout


# -- collecting the patterns ----------------------------------------------------


def _module_patterns(module: object) -> list[re.Pattern[str]]:
    found: list[re.Pattern[str]] = []

    def walk(value: object, depth: int = 0) -> None:
        if isinstance(value, re.Pattern):
            if isinstance(value.pattern, str):
                found.append(value)
        elif depth < 3 and isinstance(value, list | tuple | set | frozenset):
            for item in value:
                walk(item, depth + 1)
        elif depth < 3 and isinstance(value, dict):
            for item in value.values():
                walk(item, depth + 1)

    for value in vars(module).values():
        walk(value)
    return found


def _modules(packages: list[str]) -> list[object]:
    modules = []
    for name in packages:
        package = importlib.import_module(name)
        modules.append(package)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            modules.append(importlib.import_module(info.name))
    return modules


#: methods that try a match at one place only
ANCHORED = frozenset({"match", "fullmatch"})
#: loaders.text helpers that run a tag pattern only up to the last ">"
TAG_HELPERS = frozenset({"sub_tags", "split_tags", "search_tag"})


def _methods_by_name(modules: list[object]) -> dict[str, set[str]]:
    """Which methods each module-level pattern name is called with, in the packages' source."""
    methods: dict[str, set[str]] = {}
    for module in modules:
        try:
            tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))  # type: ignore[attr-defined]
        except (OSError, TypeError, SyntaxError):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in TAG_HELPERS
                and node.args
                and isinstance(node.args[0], ast.Name)
            ):
                methods.setdefault(node.args[0].id, set()).add(node.func.id)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
            ):
                methods.setdefault(node.func.value.id, set()).add(node.func.attr)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                # passed on as a bound method ("pattern.match" given to filter …)
                methods.setdefault(node.value.id, set()).add(node.attr)
    return methods


def _used_patterns(paths: list[Path]) -> dict[tuple[str, int], tuple[str, set[str]]]:
    """Patterns compiled (also inline: ``re.sub(r"…", …)``) while loading ``paths``,
    with where and how (``match``, ``sub`` …) they were used."""
    seen: dict[tuple[str, int], tuple[str, set[str]]] = {}
    original = re._compile  # type: ignore[attr-defined]

    def recording(pattern, flags):  # type: ignore[no-untyped-def]
        if isinstance(pattern, str):
            frame = sys._getframe(1)
            method = "compile"
            while frame and frame.f_code.co_filename.endswith(("re/__init__.py", "re.py")):
                method = frame.f_code.co_name
                frame = frame.f_back
            if frame and str(REPOSITORY) in frame.f_code.co_filename:
                where = f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno}"
                entry = seen.setdefault((pattern, int(flags)), (where, set()))
                entry[1].add(method)
        return original(pattern, flags)

    re._compile = recording  # type: ignore[attr-defined]
    re.purge()
    try:
        from reviewgraph.loaders import load_document
        from reviewgraph.queries.tracing import trace  # noqa: F401  (imports its patterns)

        for path in paths:
            try:
                load_document(path)
            except Exception as error:  # noqa: BLE001
                print(f"{path}: {error}", file=sys.stderr)
    finally:
        re._compile = original  # type: ignore[attr-defined]
    return seen


def collect(
    packages: list[str], paths: list[Path]
) -> dict[tuple[str, int], tuple[str, set[str]]]:
    """Every (pattern, flags) to test, with where it comes from and the methods it meets.

    A pattern kept in a module is tested with the methods its names are called
    with anywhere in the packages; one kept in a list or dict, with all of them.
    """
    patterns: dict[tuple[str, int], tuple[str, set[str]]] = {}
    modules = _modules(packages)
    calls = _methods_by_name(modules)
    for module in modules:
        names = {id(v): k for k, v in vars(module).items() if isinstance(v, re.Pattern)}
        for pattern in _module_patterns(module):
            name = names.get(id(pattern))
            methods = calls.get(name, {"search"}) if name else {"search"}
            where = f"{module.__name__}.{name}" if name else module.__name__
            entry = patterns.setdefault((pattern.pattern, pattern.flags), (where, set()))
            entry[1].update(methods)
    for (source, flags), (where, methods) in _used_patterns(paths).items():
        if "compile" in methods:
            methods = (methods - {"compile"}) | {"search"}
        entry = patterns.setdefault((source, flags | re.UNICODE), (where, set()))
        entry[1].update(methods)
    return patterns


# -- hostile strings -------------------------------------------------------------


def _literals(pattern: str, flags: int) -> set[str]:
    """Runs of literal characters in a pattern, which make good pieces to repeat."""
    out: set[str] = set()
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return out

    def walk(items) -> None:  # type: ignore[no-untyped-def]
        run = ""
        for op, value in items:
            name = str(op)
            if name == "LITERAL":
                run += chr(value)
                continue
            if run:
                out.add(run)
                run = ""
            if name in ("SUBPATTERN",):
                walk(value[-1])
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                walk(value[2])
            elif name == "BRANCH":
                for branch in value[1]:
                    walk(branch)
            elif name in ("ASSERT", "ASSERT_NOT"):
                walk(value[1])
            elif name == "ATOMIC_GROUP":
                walk(value)
        if run:
            out.add(run)

    walk(parsed)
    return {s for s in out if s.strip() or s in (" ", "\t")}


def _time(function, text: str, timeout: float, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        signal.setitimer(signal.ITIMER_REAL, timeout)
        start = time.perf_counter()
        try:
            function(text)
        except _Timeout:
            return float("inf")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        best = min(best, time.perf_counter() - start)
    return best


def check(
    pattern: re.Pattern[str],
    *,
    length: int,
    ratio: float,
    timeout: float,
    floor: float,
    anchored: bool = False,
    tags: bool = False,
    used: set[str] | None = None,
) -> list[str]:
    """The hostile strings on which ``pattern`` grows faster than ``ratio`` per ×4.

    ``anchored`` patterns are only ever matched at one place, so only
    ``match`` and ``fullmatch`` are tried; ``tags`` patterns only ever run
    through ``loaders.text.sub_tags`` or ``split_tags``, so only that is.
    A growth seen once is measured again at four times the length, and only
    kept when it shows there too (timers are noisy at a few milliseconds).
    """
    pieces = [*PUMPS, *(lit for lit in _literals(pattern.pattern, pattern.flags))]
    pieces += [p + " " for p in _literals(pattern.pattern, pattern.flags) if not p.endswith(" ")]
    problems: list[str] = []
    methods = {"search": pattern.search, "match": pattern.match, "fullmatch": pattern.fullmatch}
    if used is not None:
        # sub, split, findall … search; match and fullmatch try one place only.
        methods = {
            name: method
            for name, method in methods.items()
            if name in used or (name == "search" and used - ANCHORED)
        }
    elif anchored:
        del methods["search"]
    if tags:
        from reviewgraph.loaders.text import sub_tags

        methods = {"sub_tags": lambda text: sub_tags(pattern, "", text)}
    for piece in dict.fromkeys(pieces):
        for prefix in PREFIXES:
            for suffix in SUFFIXES:
                count = max(1, length // len(piece))
                short = prefix + piece * count + suffix
                long = prefix + piece * (4 * count) + suffix
                for name, method in methods.items():
                    if name in ANCHORED and prefix and not anchored:
                        continue
                    small = _time(method, short, timeout)
                    if small == float("inf"):
                        problems.append(
                            f"{name} over {len(short)} chars of {piece!r}: > {timeout} s"
                        )
                        break
                    if small * 4 < floor:
                        continue
                    large = _time(method, long, timeout)
                    if large != float("inf") and large > ratio * max(small, floor / 4):
                        longer = prefix + piece * (16 * count) + suffix
                        larger = _time(method, longer, timeout)
                        if larger != float("inf") and larger < ratio * large:
                            continue
                    if large == float("inf") or large > ratio * max(small, floor / 4):
                        problems.append(
                            f"{name}({prefix!r} + {piece!r} × n + {suffix!r}): "
                            f"{small * 1000:.1f} ms at {len(short)} chars, "
                            f"{large * 1000:.1f} ms at {len(long)}"
                        )
                        break
                if problems:
                    return problems
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=2000, help="shorter string's length")
    parser.add_argument("--ratio", type=float, default=9.0, help="flag above this growth per ×4")
    parser.add_argument("--timeout", type=float, default=1.0, help="seconds per match")
    parser.add_argument("--floor", type=float, default=0.002, help="ignore times below this")
    parser.add_argument("--only", default="", help="only patterns whose origin contains this")
    parser.add_argument(
        "--packages", nargs="*", default=["reviewgraph.loaders", "reviewgraph.queries"]
    )
    options = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    paths = sorted(p for p in (REPOSITORY / "examples").iterdir() if p.is_file())
    seeds = Path(os.environ.get("REVIEWGRAPH_SEEDS") or REPOSITORY.parent / "shared" / "seeds")
    if seeds.is_dir():
        paths += sorted(seeds.glob("*.txt"))
    patterns = collect(options.packages, paths)
    flagged = 0
    for (source, flags), (where, methods) in sorted(patterns.items(), key=lambda kv: kv[1][0]):
        if options.only and options.only not in where:
            continue
        pattern = re.compile(source, flags)
        problems = check(
            pattern,
            length=options.length,
            ratio=options.ratio,
            timeout=options.timeout,
            floor=options.floor,
            anchored=methods <= ANCHORED,
            tags=bool(methods) and methods <= TAG_HELPERS,
            used=methods if methods else None,
        )
        if problems:
            flagged += 1
            shown = source if len(source) < 160 else source[:157] + "…"
            print(f"{where} ({', '.join(sorted(methods))}): {shown!r}")
            for problem in problems:
                print(f"    {problem}")
    print(f"{len(patterns)} patterns, {flagged} flagged", file=sys.stderr)
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
