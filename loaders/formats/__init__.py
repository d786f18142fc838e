"""Plans as boards publish them: Word, PDF, Excel, CSV and HTML files.

Each reader turns its file into paragraphs and tables with their places
(:mod:`.document`); :mod:`.render` writes them as the pipe-table text the
pipeline reads, remembering the place of every line; :mod:`.places` gives the
graph's items those places once it is built.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewgraph.graph.errors import InputError

from .document import Document, Place

if TYPE_CHECKING:
    from .render import Rendered

__all__ = [
    "FORMAT_SUFFIXES",
    "Rendered",
    "Place",
    "file_sha256",
    "is_formatted",
    "content_suffix",
    "read_file",
    "render_file",
]


def _docx(path: str) -> Document:
    from .word import read_docx

    return read_docx(path)


def _xlsx(path: str) -> Document:
    from .excel import read_xlsx

    return read_xlsx(path)


def _csv(path: str) -> Document:
    from .delimited import read_csv

    return read_csv(path)


def _pdf(path: str) -> Document:
    from .pdf import read_pdf

    return read_pdf(path)


def _html(path: str) -> Document:
    from .webpage import read_html

    return read_html(path)


#: file ending -> reader
FORMAT_SUFFIXES: dict[str, Callable[[str], Document]] = {
    ".docx": _docx,
    ".docm": _docx,
    ".xlsx": _xlsx,
    ".xlsm": _xlsx,
    ".csv": _csv,
    ".pdf": _pdf,
    ".html": _html,
    ".htm": _html,
}


def is_formatted(path: str | Path) -> bool:
    """Whether ``path`` is read by a format reader rather than as plain text.

    Examples
    --------
    >>> is_formatted("plan.DOCX"), is_formatted("plan.txt")
    (True, False)
    """
    return Path(path).suffix.lower() in FORMAT_SUFFIXES


def content_suffix(path: str | Path) -> str | None:
    """The format a file's bytes are, whatever its name says: ``.pdf``, ``.docx`` or
    ``.xlsx``, or None when they are none of these (text, HTML, CSV, or unreadable).

    Raises
    ------
    InputError
        When the bytes are a format reviewgraph does not read (RTF, OpenDocument, the
        old binary Word and Excel formats), naming it and how to save it instead.
    """
    try:
        with open(path, "rb") as stream:
            head = stream.read(8)
    except OSError:
        return None
    hint = "save it from Word or Excel as .docx or .xlsx, or print it to PDF"
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"{\\rtf"):
        raise InputError(str(path), None, "an RTF file, which reviewgraph does not read", hint)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            str(path),
            None,
            "an old Word or Excel file (.doc, .xls), which reviewgraph does not read",
            hint,
        )
    if head.startswith(b"PK"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                kind = archive.read("mimetype")[:60] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        if kind.startswith(b"application/vnd.oasis.opendocument"):
            raise InputError(
                str(path),
                None,
                "an OpenDocument file (.odt, .ods), which reviewgraph does not read",
                hint,
            )
        if "word/document.xml" in names:
            return ".docx"
        if "xl/workbook.xml" in names:
            return ".xlsx"
    return None


def read_file(path: str) -> Document:
    """Read a Word, PDF, Excel, CSV or HTML file into paragraphs and tables.

    The bytes decide the reader where they show the format (a PDF saved under a
    ``.docx`` name is read as the PDF it is).

    Raises
    ------
    InputError
        When the file cannot be read (damaged, encrypted, scanned, too large).
    """
    suffix = Path(path).suffix.lower()
    found = content_suffix(path)
    if found and suffix not in (found, ".htm", ".html", ".csv"):
        suffix = found
    return FORMAT_SUFFIXES[suffix](path)


def render_file(path: str) -> tuple[Rendered, str]:
    """The file as pipeline text with its places, and the file's SHA-256.

    Raises
    ------
    InputError
        When the file cannot be read.
    """
    # Imported here: a query that only asks whether a path is formatted (trace)
    # should not load the renderer and its section and owner vocabularies.
    from .render import render

    rendered = render(read_file(path))
    return rendered, file_sha256(path)


def file_sha256(path: str) -> str:
    """The SHA-256 of a Word, PDF, Excel, CSV or HTML file's bytes.

    Raises
    ------
    InputError
        When the file is missing, empty or too large to be a plan.
    """
    from .limits import check_file_size

    check_file_size(path)
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def __getattr__(name: str) -> Any:
    if name == "Rendered":
        from .render import Rendered

        return Rendered
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
