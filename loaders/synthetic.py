"""A synthetic corpus: fictional plans in every layout, each with its answer key.

``write_corpus(folder, plans=200, seed=1)`` writes ``plans`` fictional action
plans, taking the layouts in turn, and beside each ``<name>.key.json``: the
review, recommendations, actions, owners and cross-references a loader should
find, with every reference's true target (or that it dangles, or is
ambiguous). The same count and seed always give byte-identical files.

The plan model is in :mod:`.synthetic_plan`, the random construction in
:mod:`.synthetic_builder`, the words in :mod:`.synthetic_vocabulary` and
:mod:`.synthetic_wording` (composed into texts by :mod:`.synthetic_sentences`)
and the layouts' printers in :mod:`.synthetic_writers`.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from reviewgraph.graph.errors import InputError, ReviewgraphError

from .synthetic_builder import STYLES, PlanBuilder
from .synthetic_plan import Plan
from .synthetic_writers import WRITERS, write_plan

__all__ = [
    "LAYOUT_NAMES",
    "KEY_SUFFIX",
    "build_plan",
    "dump_key",
    "generate_plans",
    "parse_layouts",
    "write_corpus",
]

#: the layouts (and file formats) the generator writes, in the order plans take them
LAYOUT_NAMES = tuple(WRITERS)
#: what follows a plan's name in its answer key's file name
KEY_SUFFIX = ".key.json"


def parse_layouts(text: str | Iterable[str] | None) -> list[str]:
    """Layouts named by a comma-separated list (all of them for None).

    Raises
    ------
    ReviewgraphError
        When a name is not a layout the generator writes, or none is named.

    Examples
    --------
    >>> parse_layouts("tab, prose")
    ['tab', 'prose']
    >>> parse_layouts(None)
    ['pipe-html', 'tab', 'prose']
    """
    if text is None:
        return list(LAYOUT_NAMES)
    names = text.split(",") if isinstance(text, str) else list(text)
    layouts = []
    for name in (n.strip() for n in names):
        if not name:
            continue
        if name not in WRITERS:
            raise ReviewgraphError(
                f"unknown layout {name!r}: choose from {', '.join(LAYOUT_NAMES)}"
            )
        if name not in layouts:
            layouts.append(name)
    if not layouts:
        raise ReviewgraphError(f"no layout named: choose from {', '.join(LAYOUT_NAMES)}")
    return layouts


def build_plan(seed: int, index: int, layout: str, style: str | None = None) -> Plan:
    """The ``index``-th plan of the corpus of ``seed``, in ``layout``.

    Each plan has its own random generator, so a plan does not change when
    the corpus around it grows.

    Raises
    ------
    KeyError
        When the layout or style is unknown.

    Examples
    --------
    >>> build_plan(1, 4, "tab").name == build_plan(1, 4, "tab").name
    True
    """
    writer = WRITERS[layout]
    builds = writer.builds or layout
    if builds not in STYLES:
        raise KeyError(layout)
    rng = random.Random(f"reviewgraph-synth:{seed}:{index}")
    plan = PlanBuilder(rng, seed=seed, index=index, layout=builds, style=style).build()
    # A format of its own (a .docx of pipe-html tables) is the layout the key names.
    plan.layout = layout
    plan.suffix = writer.suffix
    return plan


def generate_plans(count: int, seed: int, layouts: Sequence[str] | None = None) -> Iterator[Plan]:
    """Plans ``0 … count-1`` of the corpus, taking layouts, and each layout's styles, in turn.

    Raises
    ------
    ReviewgraphError
        When a layout is unknown.

    Examples
    --------
    >>> [p.layout for p in generate_plans(4, seed=1)]
    ['pipe-html', 'tab', 'prose', 'pipe-html']
    """
    chosen = parse_layouts(layouts)
    for index in range(count):
        layout = chosen[index % len(chosen)]
        styles = STYLES[WRITERS[layout].builds or layout]
        style = styles[(index // len(chosen)) % len(styles)]
        yield build_plan(seed, index, layout, style)


def dump_key(key: dict) -> str:
    """An answer key as JSON with one item per line: readable, and quick to write.

    (``json.dumps(indent=…)`` runs the pure-Python encoder, several times slower.)

    Examples
    --------
    >>> print(dump_key({"plan": "a.txt", "actions": [{"id": "A1"}, {"id": "A2"}]}))
    {"plan": "a.txt",
     "actions": [
      {"id": "A1"},
      {"id": "A2"}]}
    <BLANKLINE>
    """
    parts = []
    for name, value in key.items():
        if isinstance(value, list) and value:
            items = ",\n".join("  " + json.dumps(v, ensure_ascii=False) for v in value)
            parts.append(f"{json.dumps(name)}: [\n{items}]")
        else:
            parts.append(f"{json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}")
    return "{" + ",\n ".join(parts) + "}\n"


def _write(path: Path, data: str | bytes) -> None:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def write_corpus(
    folder: str | Path,
    plans: int,
    seed: int,
    layouts: Sequence[str] | str | None = None,
) -> list[Path]:
    """Write ``plans`` fictional plans and their answer keys into ``folder``.

    Returns
    -------
    list of Path
        The plan files written, in order (each key is beside its plan).

    Raises
    ------
    ReviewgraphError
        When the count is negative or a layout is unknown.
    InputError
        When the folder cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> [p.name.split("_")[2] for p in write_corpus(folder, 3, seed=7)]
    ['00000', '00001', '00002']
    """
    if plans < 0:
        raise ReviewgraphError(f"cannot write {plans} plans: give 0 or more")
    chosen = parse_layouts(layouts)
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(str(target), None, f"cannot make the folder ({error.strerror})") from None
    written = []
    try:
        for plan in generate_plans(plans, seed, chosen):
            path = target / plan.file_name
            _write(path, write_plan(plan))
            _write(target / f"{plan.name}{KEY_SUFFIX}", dump_key(plan.key()))
            written.append(path)
    except OSError as error:
        raise InputError(
            str(target), None, f"cannot write the corpus ({error.strerror or error})"
        ) from None
    return written
