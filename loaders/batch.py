"""Loading many plan files into one graph: skip the unchanged, replace the changed.

A document is known by its id, ``document:<file stem>``, so a plan that moved
to another folder replaces its old self instead of appearing twice. One bad
file never stops the others: its error is recorded and the batch goes on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from reviewgraph.graph.core import SHARED_LABELS, ReviewGraph
from reviewgraph.graph.errors import GraphError, InputError
from reviewgraph.graph.models import Document

from .aliases import AliasTable
from .build import document_key
from .formats import file_sha256, is_formatted
from .model import Unplaced
from .pipeline import SUFFIXES, iter_plan_paths, load_document
from .read import read_document

__all__ = ["Failure", "BatchReport", "Progress", "load_paths", "plan_files"]

#: Wraps the list of files about to be loaded, e.g. in a progress bar.
Progress = Callable[[list[Path]], AbstractContextManager[Iterable[Path]]]


class Failure(BaseModel):
    """A file that could not be loaded; ``message`` is the one-line error to show."""

    model_config = ConfigDict(extra="forbid")

    path: str
    message: str
    line: int | None = None


class BatchReport(BaseModel):
    """What :func:`load_paths` did with each file.

    ``unplaced`` holds, for every file loaded or unchanged, the text that no
    node took (decoration such as titles, and words the loader could not place).
    """

    model_config = ConfigDict(extra="forbid")

    loaded: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    failed: list[Failure] = Field(default_factory=list)
    unplaced: dict[str, list[Unplaced]] = Field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """Whether the graph differs from before the batch."""
        return bool(self.loaded)


def plan_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Failure]]:
    """Expand files and folders into plan files, each file once.

    A missing path, or a folder holding no plan files, becomes a failure
    instead of stopping the expansion.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders, as the user named them.

    Returns
    -------
    files : list of Path
        Plan files in the order named (folders sorted within).
    failures : list of Failure
        Paths that gave no file.

    Examples
    --------
    >>> files, failures = plan_files(["/nonexistent/plan.txt"])
    >>> files, failures[0].message
    ([], '/nonexistent/plan.txt: no such file or folder (hint: check the path)')
    """
    files: list[Path] = []
    failures: list[Failure] = []
    seen: set[Path] = set()
    for path in paths:
        try:
            found = list(iter_plan_paths([path]))
        except InputError as error:
            failures.append(_failure(error))
            continue
        if not found:
            failures.append(
                _failure(
                    InputError(
                        str(path),
                        None,
                        "no plan files in this folder",
                        f"plan files end in {', '.join(SUFFIXES)}",
                    )
                )
            )
        for file in found:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                files.append(file)
    return files, failures


def load_paths(
    graph: ReviewGraph,
    paths: Iterable[str | Path],
    *,
    force: bool = False,
    aliases: AliasTable | None = None,
    progress: Progress | None = None,
    columns: dict[str, str] | None = None,
) -> BatchReport:
    """Load plan files (and folders of them) into ``graph``, in place.

    A file whose document is already in the graph with the same SHA-256 is
    left alone (``unchanged``) unless ``force`` is true. Otherwise the old
    document, wherever it was loaded from, is removed with everything it
    contributed, and the new one is added. A file that cannot be loaded is
    recorded in ``failed`` and the graph keeps its old version of it.

    Parameters
    ----------
    graph : ReviewGraph
        The graph to load into; changed in place.
    paths : iterable of str or Path
        Plan files and folders.
    force : bool, optional
        Reload files even when their content has not changed (needed, for
        example, after ``aliases`` changed).
    aliases : AliasTable, optional
        Agency spellings to treat as one agency, passed to the loader.
    progress : callable, optional
        Given the list of files, returns a context manager yielding them
        (``click.progressbar`` fits); called once, before the first file.
    columns : dict, optional
        The user's layout file: column titles as printed -> field names.

    Returns
    -------
    BatchReport
        Which files were loaded, unchanged or failed, and their unplaced text.

    Raises
    ------
    GraphError
        Never for bad input (that is recorded in ``failed``); only when the
        graph itself is inconsistent.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "plan.txt")
    >>> with open(path, "w") as stream:
    ...     _ = stream.write("RECOMMENDATION\\tACTION\\tBY WHEN\\n1. Audit\\tAudit\\tMay 2010\\n")
    >>> graph = ReviewGraph()
    >>> load_paths(graph, [folder]).loaded == [path]
    True
    >>> load_paths(graph, [path]).unchanged == [path]
    True
    """
    files, failures = plan_files(paths)
    report = BatchReport(failed=failures)
    claimed: dict[str, str] = {}  # document id -> file that took it in this batch
    with (progress or contextlib.nullcontext)(files) as iterator:
        for file in iterator:
            _load_one(
                graph, file, report, claimed, force=force, aliases=aliases, columns=columns
            )
    return report


def _load_one(
    graph: ReviewGraph,
    file: Path,
    report: BatchReport,
    claimed: dict[str, str],
    *,
    force: bool,
    aliases: AliasTable | None,
    columns: dict[str, str] | None = None,
) -> None:
    name = str(file)
    document_id = f"document:{document_key(name)}"
    if document_id in claimed:
        # Ids come from file names, so a second plan.txt would silently replace the first.
        report.failed.append(
            _failure(
                InputError(
                    name,
                    None,
                    f"same file name as {claimed[document_id]}, loaded just before",
                    "rename one of them: a plan is known by its file name",
                )
            )
        )
        return
    old = graph.get(document_id)
    try:
        sha256 = file_sha256(name) if is_formatted(name) else read_document(name)[1]
        if isinstance(old, Document) and old.sha256 == sha256 and not force:
            claimed[document_id] = name
            report.unchanged.append(name)
            report.unplaced[name] = [Unplaced.model_validate(u.model_dump()) for u in old.unplaced]
            return
        result = load_document(name, aliases=aliases, columns=columns)
    except InputError as error:
        report.failed.append(_failure(error))
        return
    except GraphError as error:
        # The loader built an invalid graph: a bug, but one file's bug need not stop the rest.
        report.failed.append(
            _failure(
                InputError(
                    name,
                    None,
                    f"reviewgraph could not load this file ({error})",
                    "this is a bug in reviewgraph; please report it with the file",
                )
            )
        )
        return
    new: ReviewGraph = result.graph  # type: ignore[assignment]
    old_path = old.path if isinstance(old, Document) else None
    conflict = _label_conflict(graph, new, old_path)
    if conflict:
        report.failed.append(_failure(InputError(name, None, conflict, "rename the file")))
        return
    if old_path is not None:
        graph.remove_document(old_path)
    graph.update(new)
    claimed[document_id] = name
    report.loaded.append(name)
    report.unplaced[name] = list(result.unplaced)


def _label_conflict(graph: ReviewGraph, new: ReviewGraph, old_path: str | None) -> str | None:
    """Why ``new`` cannot join ``graph``, checked before anything is removed or added.

    Adding stops at the first clash, so checking first keeps the graph whole
    (the old version of the document included) when a file cannot join it.
    """
    for node in new.nodes():
        existing = graph.get(node.id)
        if existing is None or existing.label == node.label:
            continue
        leaving = existing.source.document == old_path and existing.label not in SHARED_LABELS
        if not leaving:
            return f"id {node.id} is already a {existing.label} in the graph"
    return None


def _failure(error: InputError) -> Failure:
    return Failure(path=error.path, message=str(error), line=error.line)
