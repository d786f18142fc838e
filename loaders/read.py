"""Reading a document's bytes into text, with clear errors for files that are not plans."""

from __future__ import annotations

import hashlib
from pathlib import Path

from reviewgraph.graph.errors import InputError

__all__ = ["read_document"]


def read_document(path: str | Path) -> tuple[str, str, str]:
    """Read ``path`` and return ``(text, sha256, encoding)``.

    UTF-8 is tried first; council documents saved from Windows are often
    cp1252, which is accepted and reported as the encoding.

    Raises
    ------
    InputError
        When the file is missing, empty, binary or in no known encoding.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as f:
    ...     _ = f.write("Caf\\xe9 plan".encode("cp1252"))
    >>> read_document(f.name)[2]
    'cp1252'
    >>> os.unlink(f.name)
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(name, None, "no such file", "check the path") from None
    except IsADirectoryError:
        raise InputError(name, None, "is a folder, not a file", "name the plan files") from None
    except OSError as error:
        raise InputError(name, None, f"cannot read the file ({error.strerror})") from None
    if not data.strip():
        raise InputError(name, 1, "the file is empty", "export the action plan as text first")
    if b"\x00" in data[:8192]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(
            name,
            line,
            "binary file, not text",
            "convert the Word/PDF plan to text (e.g. pdftotext or pandoc) and load that",
        )
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        return data.decode("utf-8-sig"), sha256, "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise InputError(
            name,
            line,
            "text is neither UTF-8 nor Windows-1252",
            "save the file as UTF-8",
        ) from None
    return text, sha256, "cp1252"
