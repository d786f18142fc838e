"""Limits that keep a damaged or hostile file from taking the machine: sizes, pages, time.

Word and Excel files are zip archives; a zip bomb declares a small file that
unpacks to gigabytes. The archive's directory says how large each member
unpacks, so it is checked before anything is opened. PDFs are capped in pages
and every reader works against a time budget, so one bad file of a folder
fails in seconds and the others still load.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

from reviewgraph.graph.errors import InputError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_UNPACKED_BYTES",
    "MAX_MEMBER_BYTES",
    "MAX_RATIO",
    "MAX_PAGES",
    "MAX_CELLS",
    "TIME_BUDGET_SECONDS",
    "Budget",
    "check_file_size",
    "check_zip",
]

#: a plan file larger than this is not a plan
MAX_FILE_BYTES = 100 * 1024 * 1024
#: all members of a Word/Excel archive together, unpacked
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
#: one member (the document, one sheet), unpacked
MAX_MEMBER_BYTES = 120 * 1024 * 1024
#: unpacked/packed size of a member past which it is a bomb (text XML packs ~10-30x)
MAX_RATIO = 200
#: pages of a PDF read; a longer PDF is refused
MAX_PAGES = 300
#: cells of a workbook read; a larger one is refused
MAX_CELLS = 400_000
#: seconds one file may take to read
TIME_BUDGET_SECONDS = 60.0


class Budget:
    """A deadline for reading one file.

    Examples
    --------
    >>> budget = Budget("plan.pdf", seconds=10)
    >>> budget.check("page 1")
    """

    def __init__(self, path: str, seconds: float = TIME_BUDGET_SECONDS) -> None:
        self.path = path
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self, where: str) -> None:
        """Raise when the file has taken longer than its budget.

        Raises
        ------
        InputError
            When the deadline has passed.
        """
        if time.monotonic() > self.deadline:
            raise InputError(
                self.path,
                None,
                f"reading stopped at {where}: the file took longer than {self.seconds:.0f} seconds",
                "split the file, or export the action plan's pages on their own",
            )


def check_file_size(path: str) -> int:
    """The file's size in bytes, after checking it is a size a plan can have.

    Raises
    ------
    InputError
        When the file is missing, empty or larger than :data:`MAX_FILE_BYTES`.
    """
    file = Path(path)
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        raise InputError(path, None, "no such file", "check the path") from None
    except OSError as error:
        raise InputError(path, None, f"cannot read the file ({error.strerror})") from None
    if file.is_dir():
        raise InputError(path, None, "is a folder, not a file", "name the plan files")
    if size == 0:
        raise InputError(path, None, "the file is empty", "check the file was saved completely")
    if size > MAX_FILE_BYTES:
        raise InputError(
            path,
            None,
            f"the file is {size // (1024 * 1024)} MB, more than a plan can be "
            f"({MAX_FILE_BYTES // (1024 * 1024)} MB)",
            "export the action plan on its own",
        )
    return size


def check_zip(path: str, what: str, required: str) -> None:
    """Check a Word/Excel archive before opening it: intact, holding ``required``, no bomb.

    Parameters
    ----------
    path : str
        The file.
    what : str
        The kind of file, for messages ("Word document").
    required : str
        A member every such file has ("word/document.xml").

    Raises
    ------
    InputError
        When the archive is damaged or truncated, is not that kind of file, or
        unpacks to more than the limits allow.
    """
    check_file_size(path)
    with open(path, "rb") as stream:
        magic = stream.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            path,
            None,
            f"not a readable {what}: it is password-protected or in the old binary "
            "format (.doc/.xls)",
            "open it and save an unprotected copy as .docx or .xlsx",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise InputError(
            path,
            None,
            f"not a readable {what}: the file is damaged or truncated (not a complete zip archive)",
            "open it in its program and save it again, or ask the board for a fresh copy",
        ) from None
    except OSError as error:
        raise InputError(path, None, f"cannot read the file ({error})") from None
    names = {info.filename for info in infos}
    if required not in names:
        if "EncryptedPackage" in names or "EncryptionInfo" in names:
            raise InputError(
                path, None, f"the {what} is password-protected", "save an unprotected copy"
            )
        raise InputError(
            path,
            None,
            f"not a {what}: the archive has no {required}",
            "check the file's type matches its ending",
        )
    total = 0
    for info in infos:
        total += info.file_size
        packed = max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or (
            info.file_size > 10 * 1024 * 1024 and info.file_size / packed > MAX_RATIO
        ):
            raise InputError(
                path,
                None,
                f"refused: {info.filename} unpacks to {info.file_size // (1024 * 1024)} MB "
                f"from {info.compress_size // 1024} KB (a zip bomb, or far larger than a plan)",
                "export the action plan on its own",
            )
    if total > MAX_UNPACKED_BYTES:
        raise InputError(
            path,
            None,
            f"refused: the {what} unpacks to {total // (1024 * 1024)} MB, more than "
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB",
            "export the action plan on its own",
        )
