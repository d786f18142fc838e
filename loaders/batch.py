"""Loading many plan files into the store: skip the unchanged, replace the changed.

A plan is known by its path. A file loaded before is left alone when its
content has not changed and replaced when it has; a plan whose file moved
(same name, old file gone) replaces its old self. Two different files with the
same name both load, the second under a longer key that is reported. One bad
file never stops the others: any error at all becomes a one-line failure for
that file, and the rest of the batch is saved. Files are parsed in parallel
processes when there are many; the store is written by this process, one
transaction per plan.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from reviewgraph.graph.errors import InputError, ReviewgraphError, StoreError
from reviewgraph.graph.store import KeyTaken, Store, StoredDocument

from .aliases import AliasTable
from .build import document_key
from .model import Unplaced
from .pipeline import SUFFIXES, load_document

__all__ = [
    "Failure",
    "BatchReport",
    "Progress",
    "load_paths",
    "plan_files",
    "display_path",
    "PARALLEL_THRESHOLD",
]

#: Wraps the list of files about to be loaded, e.g. in a progress bar.
Progress = Callable[[list[Path]], AbstractContextManager[Iterable[Path]]]
#: At least this many files to parse are parsed in parallel processes.
PARALLEL_THRESHOLD = 8
#: Plans stored per transaction at most, and the longest a transaction stays open.
COMMIT_EVERY = 200
COMMIT_SECONDS = 2.0


class Failure(BaseModel):
    """A file that could not be loaded; ``message`` is the one-line error to show."""

    model_config = ConfigDict(extra="forbid")

    path: str
    message: str
    line: int | None = None


class BatchReport(BaseModel):
    """What :func:`load_paths` did with each file.

    ``unplaced`` holds, for every file loaded or unchanged, the text that no
    node took (decoration such as titles, and words the loader could not
    place). ``notes`` are things the user should know that are not failures:
    folders skipped, a plan stored under a longer key because another plan
    has its name.
    """

    model_config = ConfigDict(extra="forbid")

    loaded: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    failed: list[Failure] = Field(default_factory=list)
    unplaced: dict[str, list[Unplaced]] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the store differs from before the batch."""
        return bool(self.loaded)

    def summary(self) -> str:
        """One line: how many files loaded, were unchanged and were refused.

        Examples
        --------
        >>> BatchReport(loaded=["a"], unchanged=["b", "c"]).summary()
        '1 loaded, 2 unchanged, 0 refused'
        """
        counts = (len(self.loaded), len(self.unchanged), len(self.failed))
        return "{} loaded, {} unchanged, {} refused".format(*counts)


def display_path(path: str | Path) -> str:
    """A path as it can be printed and stored: bytes that are not UTF-8 (a Latin-1
    ``é`` from a shared drive) shown as ``\\xe9`` instead of breaking the output.

    Examples
    --------
    >>> display_path(os.fsdecode(b"plans/caf\\xe9.txt"))
    'plans/caf\\\\xe9.txt'
    >>> display_path("plans/café.txt")
    'plans/café.txt'
    """
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def _failure(error: InputError) -> Failure:
    shown = display_path(error.path)
    if shown != error.path:
        error = InputError(shown, error.line, error.title, error.hint)
    return Failure(path=shown, message=str(error), line=error.line)


def _refused(path: str | Path, title: str, hint: str = "") -> Failure:
    return _failure(InputError(str(path), None, title, hint))


def plan_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Failure], list[str]]:
    """Expand files and folders into plan files, each file once.

    A missing path, or a folder holding no plan files, becomes a failure;
    folders that cannot be read, and symbolic links to folders (not followed,
    so that a link loop cannot run forever), are reported in the notes.

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
    notes : list of str
        Folders skipped, and why.

    Raises
    ------
    Nothing: every problem is a failure or a note.

    Examples
    --------
    >>> files, failures, notes = plan_files(["/nonexistent/plan.txt"])
    >>> files, failures[0].message
    ([], '/nonexistent/plan.txt: no such file or folder (hint: check the path)')
    """
    files: list[Path] = []
    failures: list[Failure] = []
    notes: list[str] = []
    seen: set[str] = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = list(_walk(path, notes))
            if not found:
                failures.append(
                    _refused(
                        path,
                        "no plan files in this folder",
                        f"plan files end in {', '.join(SUFFIXES)}",
                    )
                )
        elif path.is_file():
            found = [path]
        elif path.exists():
            # A device or pipe (/dev/zero, a FIFO) may never end: hashing it would hang.
            failures.append(
                _refused(path, "not a plan file (a device, pipe or socket)", "name a plan file")
            )
            continue
        else:
            failures.append(_refused(path, "no such file or folder", "check the path"))
            continue
        for file in found:
            identity = os.path.realpath(file)
            if identity not in seen:
                seen.add(identity)
                files.append(file)
    return files, failures, notes


#: Document formats boards use that reviewgraph does not read.
_OTHER_DOCUMENTS = frozenset({".doc", ".xls", ".odt", ".ods", ".rtf", ".pages", ".numbers"})


def _walk(folder: Path, notes: list[str]) -> Iterator[Path]:
    try:
        children = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        notes.append(f"{display_path(folder)}: folder skipped: cannot read it ({error.strerror})")
        return
    for entry in children:
        child = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(child, notes)
            elif entry.is_symlink() and child.is_dir():
                notes.append(
                    f"{display_path(child)}: folder skipped: a symbolic link "
                    "(name the folder it points at to load it)"
                )
            elif entry.is_file() and child.suffix.lower() in SUFFIXES:
                yield child
            elif entry.is_file() and child.suffix.lower() in _OTHER_DOCUMENTS:
                # A plan may well be saved so: say it was not read, and how to read it.
                notes.append(
                    f"{display_path(child)}: skipped: reviewgraph does not read "
                    f"{child.suffix.lower()} files (save it as .docx, .xlsx or PDF)"
                )
            elif entry.is_symlink() and not child.exists():
                # A link to nothing (or to itself) may have been a plan or a folder of them.
                notes.append(f"{display_path(child)}: skipped: a symbolic link to nothing")
        except OSError as error:
            notes.append(f"{display_path(child)}: skipped: {error.strerror}")


def load_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    force: bool = False,
    aliases: AliasTable | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    columns: dict[str, str] | None = None,
    rag_map: dict[str, str] | None = None,
) -> BatchReport:
    """Load plan files (and folders of them) into ``store``.

    A file whose plan is in the store with the same SHA-256 is left alone
    (``unchanged``) unless ``force`` is true. Otherwise the plan is parsed and
    stored in one transaction that replaces its old version. A file that
    cannot be loaded, for any reason, is recorded in ``failed`` and the store
    keeps its old version of it; every other file still loads.

    Parameters
    ----------
    store : Store
        The store to load into, open for writing.
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
    workers : int, optional
        Processes that parse files; by default one per core when there are
        at least :data:`PARALLEL_THRESHOLD` files to parse, else none.
    rag_map : dict, optional
        How RAG colours read as statuses, passed to the loader (see
        :func:`~reviewgraph.loaders.pipeline.load_document`).
    columns : dict, optional
        The user's layout file: column titles as printed -> field names.

    Returns
    -------
    BatchReport
        Which files were loaded, unchanged or failed, their unplaced text and notes.

    Raises
    ------
    StoreError
        When the store itself cannot be written (read-only, locked for too long).

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "plan.txt")
    >>> with open(path, "w") as stream:
    ...     _ = stream.write("RECOMMENDATION\\tACTION\\tBY WHEN\\n1. Audit\\tAudit\\tMay 2010\\n")
    >>> store = Store.open(":memory:")
    >>> load_paths(store, [folder]).loaded == [path]
    True
    >>> load_paths(store, [path]).unchanged == [path]
    True
    """
    files, failures, notes = plan_files(paths)
    report = BatchReport(failed=failures, notes=notes)
    known = {d.path: d for d in store.documents()}
    pending: list[_Job] = []
    claimed: dict[str, str] = {}
    for file in files:
        name = display_path(file)
        try:
            sha256 = _sha256(file)
        except OSError as error:
            report.failed.append(_refused(name, f"cannot read the file ({error.strerror})"))
            continue
        old = known.get(name)
        if old is not None and old.sha256 == sha256 and not force:
            report.unchanged.append(name)
            report.unplaced[name] = _stored_unplaced(store, old)
            claimed[old.key] = name
            continue
        key, replaces = _claim(store, name, file, claimed, report)
        pending.append(
            _Job(
                file=file,
                name=name,
                key=key,
                replaces=replaces,
                rag_map=rag_map,
                columns=columns,
            )
        )

    with (progress or contextlib.nullcontext)([job.file for job in pending]) as shown:
        results = _parse_all(pending, aliases, workers)
        # Iterating the progress view in step with the results moves the bar.
        steps = zip(shown, pending, results, strict=True)
        while True:
            # Plans are committed a few at a time: one commit per plan costs more
            # than the plan. A killed load keeps the store as it was before the batch.
            with store.transaction():
                started = time.monotonic()
                for count, (_, job, outcome) in enumerate(steps, 1):
                    _store_one(store, job, outcome, report, aliases)
                    if count >= COMMIT_EVERY or time.monotonic() - started > COMMIT_SECONDS:
                        break
                else:
                    break
    if report.changed:
        store.optimize()
    return report


class _Job(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    file: Path
    name: str
    key: str
    replaces: str | None = None
    rag_map: dict[str, str] | None = None
    columns: dict[str, str] | None = None


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stored_unplaced(store: Store, document: StoredDocument) -> list[Unplaced]:
    nodes = store.node_dicts([document.id])
    if not nodes:
        return []
    return [Unplaced.model_validate(u) for u in nodes[0].get("unplaced", [])]


def _claim(
    store: Store, name: str, file: Path, claimed: dict[str, str], report: BatchReport
) -> tuple[str, str | None]:
    stem = document_key(name)
    key, replaces = store.claim_key(name, stem, taken=claimed)
    claimed[key] = name
    if key != stem:
        report.notes.append(
            f"{name}: another plan is also called {stem!r}; this one is known as {key!r} "
            f"(use --review {key})"
        )
    return key, replaces.id if replaces is not None else None


def _parse(job: _Job, aliases: AliasTable | None) -> tuple[str, Any]:
    """Parse one file in whatever process runs it; never raises."""
    try:
        result = load_document(
            job.file,
            aliases=aliases,
            key=job.key,
            name=job.name,
            rag_map=job.rag_map,
            columns=job.columns,
        )
        return "ok", (result.graph.to_dict(), [u.model_dump() for u in result.unplaced])
    except InputError as error:
        return "failed", _failure(error).model_dump()
    except ReviewgraphError as error:
        return "failed", _bug(job.name, error).model_dump()
    except RecursionError as error:
        return "failed", _bug(job.name, error).model_dump()
    except Exception as error:  # noqa: BLE001 - one file's bug must not stop the batch
        return "failed", _bug(job.name, error).model_dump()


def _bug(name: str, error: BaseException) -> Failure:
    detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return _failure(
        InputError(
            name,
            None,
            f"reviewgraph could not load this file ({detail[:200]})",
            "this is a bug in reviewgraph; please report it with the file",
        )
    )


def _parse_all(
    jobs: list[_Job], aliases: AliasTable | None, workers: int | None
) -> Iterator[tuple[str, Any]]:
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(jobs) < (PARALLEL_THRESHOLD if workers is None else 2):
        for job in jobs:
            yield _parse(job, aliases)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    try:
        with ProcessPoolExecutor(max_workers=count) as pool:
            chunk = max(1, min(16, len(jobs) // (count * 8)))
            for outcome in pool.map(_parse, jobs, [aliases] * len(jobs), chunksize=chunk):
                done += 1
                yield outcome
    except BrokenProcessPool:
        # A worker died (killed, out of memory): parse the rest here, one at a time.
        for job in jobs[done:]:
            yield _parse(job, aliases)


def _store_one(
    store: Store,
    job: _Job,
    outcome: tuple[str, Any],
    report: BatchReport,
    aliases: AliasTable | None,
) -> None:
    status, payload = outcome
    if status != "ok":
        report.failed.append(Failure.model_validate(payload))
        return
    graph, unplaced = payload
    try:
        store.put_graph(graph, replaces=job.replaces)
    except KeyTaken as error:
        # Another process stored a different plan under this key meanwhile.
        claimed = {d.key: d.path for d in store.documents()}
        job = job.model_copy(update={"key": _claim(store, job.name, job.file, claimed, report)[0]})
        status, payload = _parse(job, aliases)
        if status != "ok":
            report.failed.append(Failure.model_validate(payload))
            return
        graph, unplaced = payload
        try:
            store.put_graph(graph, replaces=job.replaces)
        except StoreError as again:
            raise again from error
    report.loaded.append(job.name)
    report.unplaced[job.name] = [Unplaced.model_validate(u) for u in unplaced]
