"""One pipeline for every layout: detect → rows → items → graph."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator
from pathlib import Path

from reviewgraph.graph.errors import InputError

from .aliases import AliasTable
from .build import build_graph
from .crossrefs import add_cross_references
from .detect import detect_layout
from .formats import FORMAT_SUFFIXES
from .formats.plan import read_plan
from .headers import using_columns
from .items import table_items
from .limits import Limits, cut_long_cells
from .lines import line_count, line_pages
from .memo import in_document_scope
from .model import DocumentItems, LoadResult
from .status import RAGS, STATUSES

__all__ = ["SUFFIXES", "load_document", "document_items", "iter_plan_paths", "check_rag_map"]

#: file endings taken when a folder is loaded
SUFFIXES = (".txt", ".md", ".tsv", ".text", *FORMAT_SUFFIXES)


def document_items(text: str, path: str, layout: str | None = None) -> DocumentItems:
    """Run the detect, rows and items stages on ``text`` (``layout`` when already known).

    Raises
    ------
    InputError
        When the layout is unknown or the tables are malformed.
    """
    if layout is None or layout == "unknown":
        layout = detect_layout(text, path)
    if layout == "prose":
        from .prose import prose_items

        return prose_items(text, path)
    return table_items(text, path, layout)


# The stages share what they read twice (layout, rows, headers) for this plan only.
@in_document_scope
def load_document(
    path: str | Path,
    *,
    aliases: AliasTable | None = None,
    rag_map: dict[str, str] | None = None,
    columns: dict[str, str] | None = None,
    key: str | None = None,
    name: str | None = None,
    max_file_size: int | None = None,
    max_cell_length: int | None = None,
) -> LoadResult:
    """Load one plan file (text, Word, PDF, Excel, CSV or HTML) into its own graph.

    Parameters
    ----------
    path : str or Path
        The plan file.
    aliases : AliasTable, optional
        The user's agency alias file.
    rag_map : dict, optional
        How RAG colours read as statuses ({"green": "complete", "amber": "in_progress",
        "red": "delayed"} by default), overriding the legend the plan prints, if any.
    columns : dict, optional
        The user's layout file: column titles (or labels) as printed -> field
        names (see :func:`reviewgraph.loaders.layout_file.read_layout_file`).
    key : str, optional
        Names the document in every id (its file stem by default).
    name : str, optional
        The path as recorded in each node's source (the file's path by default;
        :func:`~reviewgraph.loaders.batch.load_paths` gives a printable form of names
        that are not UTF-8).
    max_file_size : int, optional
        Bytes; a larger file is refused. By default ``$REVIEWGRAPH_MAX_FILE_SIZE``
        or 16 MB.
    max_cell_length : int, optional
        Characters; a longer cell is cut there and the cut reported in
        ``unplaced`` (reason ``limit``). By default ``$REVIEWGRAPH_MAX_CELL_LENGTH``
        or 65,536.

    Raises
    ------
    InputError
        When the file cannot be read as a plan (the message names file and place,
        says what was found and how to fix it), or ``rag_map`` names an unknown
        colour or status.
    ReviewgraphError
        When a limit in the environment is not a number.

    Examples
    --------
    >>> import tempfile, os
    >>> text = "RECOMMENDATION\\tACTION\\tBY WHEN\\n1. Audit files\\tRun audit\\tMay 2010\\n"
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write(text)
    >>> result = load_document(f.name)
    >>> result.layout, result.graph.count("Action")
    ('tab', 1)
    >>> os.unlink(f.name)
    """
    name = name or str(path)
    rag_map = check_rag_map(rag_map, name)
    limits = Limits.from_environment(max_file_size=max_file_size, max_cell_length=max_cell_length)
    with using_columns(columns), _no_cycle_collection():
        plan = read_plan(str(path), name=name, max_size=limits.max_file_size)
        layout = _layout_or_none(plan.text, name)
        plan.text, cuts = cut_long_cells(plan.text, layout, limits.max_cell_length)

        def stages(text: str, where: str) -> DocumentItems:
            # Cutting cells changes no line and no header: the layout stands.
            items = document_items(text, where, layout)
            if cuts:
                items.unplaced = sorted([*items.unplaced, *cuts], key=lambda u: u.line)
            return items

        items = plan.items(stages)
        # Form feeds are pages in text (pdftotext); a file read by a format reader
        # gives its own places.
        pages = line_pages(plan.text) if plan.rendered is None else None
        graph = build_graph(
            items,
            sha256=plan.sha256,
            encoding=plan.encoding,
            line_count=line_count(plan.text),
            aliases=aliases,
            rag_map=rag_map,
            text=plan.text,
            key=key,
            pages=pages,
        )
        add_cross_references(graph, plan.text, name, key=key, pages=pages)
        plan.place(graph)
    return LoadResult(
        path=name, sha256=plan.sha256, layout=items.layout, graph=graph, unplaced=items.unplaced
    )


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Loading makes many small objects and no reference cycles; the cycle collector,
    left on, rescans them all again and again as they grow (a third of the time on a
    long plan, more the longer it is). It runs again, as it was, afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _layout_or_none(text: str, path: str) -> str:
    """The text's layout, or "unknown" (the items stage then says why, in the file's terms)."""
    try:
        return detect_layout(text, path)
    except InputError:
        return "unknown"


def check_rag_map(rag_map: dict[str, str] | None, path: str = "") -> dict[str, str] | None:
    """A user's colour -> status mapping, lower-cased and checked.

    Raises
    ------
    InputError
        When a colour is not red, amber or green, or a status is not one of
        complete, in_progress, delayed, not_started, unknown.

    Examples
    --------
    >>> check_rag_map({"Green": "complete", "RED": "not started"})
    {'green': 'complete', 'red': 'not_started'}
    """
    if not rag_map:
        return None
    checked: dict[str, str] = {}
    for colour, status in rag_map.items():
        colour_key = str(colour).strip().lower()
        status_key = str(status).strip().lower().replace(" ", "_").replace("-", "_")
        if colour_key not in RAGS:
            raise InputError(
                path, None, f"unknown RAG colour {colour!r}", "use red, amber or green"
            )
        if status_key not in STATUSES:
            raise InputError(
                path,
                None,
                f"unknown status {status!r} for {colour_key}",
                "use " + ", ".join(STATUSES),
            )
        checked[colour_key] = status_key
    return checked


def iter_plan_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders into plan files, sorted within each folder.

    Raises
    ------
    InputError
        When a named path does not exist.
    """
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    yield child
        elif path.exists():
            yield path
        else:
            raise InputError(str(path), None, "no such file or folder", "check the path")
