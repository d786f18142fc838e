"""Writing files in one step, so a crash leaves the old file or the new one, never half."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import StoreError

__all__ = ["write_atomic"]


def _umask() -> int:
    # The only way to read the umask is to set it, and set it back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _new_file_mode(path: Path) -> int:
    """The mode ``path`` keeps when it exists, else what ``open()`` would give it.

    ``mkstemp`` creates files readable by their owner only; an export on a
    shared drive must open for colleagues as any other file the user makes
    does, so the user's umask decides (0644 under the usual 022).
    """
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


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
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomic(target, b"hello")
    >>> target.read_bytes(), target.stat().st_mode & 0o777 == 0o666 & ~_umask()
    (b'hello', True)
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
