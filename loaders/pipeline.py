"""One pipeline for every layout: detect → rows → items → graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from reviewgraph.graph.errors import InputError

from .aliases import AliasTable
from .build import build_graph
from .crossrefs import add_cross_references
from .detect import detect_layout
from .items import table_items
from .model import DocumentItems, LoadResult
from .read import read_document

__all__ = ["SUFFIXES", "load_document", "document_items", "iter_plan_paths"]

#: file endings taken when a folder is loaded
SUFFIXES = (".txt", ".md", ".tsv", ".text")


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
    key: str | None = None,
    name: str | None = None,
) -> LoadResult:
    """Load one plan file into its own graph.

    ``key`` names the document in every id (its file stem by default);
    ``name`` is the path as recorded in each node's source (the file's path by
    default; :func:`~reviewgraph.loaders.batch.load_paths` gives a printable
    form of names that are not UTF-8).

    Raises
    ------
    InputError
        When the file cannot be read as a plan; the message names file and line.

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
    text, sha256, encoding = read_document(path)
    items = document_items(text, name)
    graph = build_graph(
        items,
        sha256=sha256,
        encoding=encoding,
        line_count=_line_count(text),
        aliases=aliases,
        key=key,
    )
    add_cross_references(graph, text, name, key=key)
    return LoadResult(
        path=name, sha256=sha256, layout=items.layout, graph=graph, unplaced=items.unplaced
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
