"""The embedded store: one JSON file holding the graph and what each document hashed to.

Writes go to a temporary file in the same folder, are flushed to disk and then
renamed over the store, so a killed ``load`` leaves the old store or the new
one, never half of either.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from .core import ReviewGraph
from .errors import GraphError, StoreError

__all__ = ["DEFAULT_STORE", "default_store_path", "read_store", "write_store", "write_atomic"]

DEFAULT_STORE = "reviewgraph.graph"
FORMAT = "reviewgraph-store"
VERSION = 1


def default_store_path() -> Path:
    """``$REVIEWGRAPH_STORE`` when set, else ``./reviewgraph.graph``."""
    return Path(os.environ.get("REVIEWGRAPH_STORE") or DEFAULT_STORE)


def _new_file_mode(path: Path) -> int:
    """The mode ``path`` keeps when it exists, else what ``open()`` would give it.

    ``mkstemp`` creates files readable by their owner only; a store or export
    on a shared drive must open for colleagues as any other file the user
    makes does, so the user's umask decides (0644 under the usual 022).
    """
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # The only way to read the umask is to set it, and set it back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, with the mode a new file would get.

    The data goes to a temporary file in the same folder, is flushed to disk
    and renamed over ``path``, so readers see the old file or the new one. A
    new file gets the user's umask (0644 usually); a replaced file keeps its mode.

    Raises
    ------
    StoreError
        When the folder cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "plans.json"
    >>> write_atomic(path, b"{}")
    >>> path.read_bytes(), path.stat().st_mode & 0o777 == 0o666 & ~_umask()
    (b'{}', True)
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        mode = _new_file_mode(path)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            os.fchmod(handle, mode)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise StoreError(f"{path}: cannot write the file ({error.strerror or error})") from error


def read_store(path: Path) -> ReviewGraph:
    """The graph kept at ``path``; an empty graph when the file does not exist.

    Raises
    ------
    StoreError
        When the file is not a reviewgraph store or is damaged.

    Examples
    --------
    >>> read_store(Path("/nonexistent/reviewgraph.graph"))
    <ReviewGraph 0 nodes, 0 edges>
    """
    path = Path(path)
    if not path.exists():
        return ReviewGraph()
    try:
        data: dict[str, Any] = json.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        raise StoreError(f"{path}: not a readable reviewgraph store ({error})") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(f"{path}: not a reviewgraph store (no '{FORMAT}' header)")
    if data.get("version") != VERSION:
        raise StoreError(f"{path}: store version {data.get('version')} is not {VERSION}")
    try:
        return ReviewGraph.from_dict(data["graph"])
    except (GraphError, KeyError) as error:
        raise StoreError(f"{path}: damaged store ({error})") from error


def write_store(graph: ReviewGraph, path: Path) -> None:
    """Write ``graph`` to ``path`` atomically.

    Raises
    ------
    StoreError
        When the folder cannot be written.
    """
    payload = {"format": FORMAT, "version": VERSION, "graph": graph.to_dict()}
    write_atomic(Path(path), json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
