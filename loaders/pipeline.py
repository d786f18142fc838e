"""One pipeline for every layout: detect → rows → items → graph."""

from __future__ import annotations

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
from .model import DocumentItems, LoadResult

__all__ = ["SUFFIXES", "load_document", "document_items", "iter_plan_paths"]

#: file endings taken when a folder is loaded
SUFFIXES = (".txt", ".md", ".tsv", ".text", *FORMAT_SUFFIXES)


def document_items(text: str, path: str) -> DocumentItems:
    """Run the detect, rows and items stages on ``text``.

    Raises
    ------
    InputError
        When the layout is unknown or the tables are malformed.
    """
    layout = detect_layout(text, path)
    if layout == "prose":
        from .prose import prose_items

        return prose_items(text, path)
    return table_items(text, path, layout)


def load_document(
    path: str | Path,
    *,
    aliases: AliasTable | None = None,
    columns: dict[str, str] | None = None,
    key: str | None = None,
    name: str | None = None,
) -> LoadResult:
    """Load one plan file (text, Word, PDF, Excel, CSV or HTML) into its own graph.

    Parameters
    ----------
    path : str or Path
        The plan file.
    aliases : AliasTable, optional
        Agency spellings to treat as one agency.
    columns : dict, optional
        The user's layout file: column titles (or labels) as printed -> field
        names (see :func:`reviewgraph.loaders.layout_file.read_layout_file`).
    key : str, optional
        Names the document in every id (its file stem by default).
    name : str, optional
        The path as recorded in each node's source (the file's path by
        default; :func:`~reviewgraph.loaders.batch.load_paths` gives a
        printable form of names that are not UTF-8).

    ``key`` names the document in every id (its file stem by default);
    ``name`` is the path as recorded in each node's source (the file's path by
    default; :func:`~reviewgraph.loaders.batch.load_paths` gives a printable
    form of names that are not UTF-8).

    Raises
    ------
    InputError
        When the file cannot be read as a plan; the message names file and
        place, says what was found and how to fix it.

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
    with using_columns(columns):
        plan = read_plan(str(path), name=name)
        items = plan.items(document_items)
        graph = build_graph(
            items,
            sha256=plan.sha256,
            encoding=plan.encoding,
            line_count=_line_count(plan.text),
            aliases=aliases,
            key=key,
        )
        add_cross_references(graph, plan.text, name, key=key)
        plan.place(graph)
    return LoadResult(
        path=name, sha256=plan.sha256, layout=items.layout, graph=graph, unplaced=items.unplaced
    )


def _line_count(text: str) -> int:
    return max(1, len(text.splitlines()))


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
