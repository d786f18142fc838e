"""Reading a document's bytes into text, with clear errors for files that are not plans."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from reviewgraph.graph.errors import InputError

from .limits import Limits, format_size

__all__ = ["decode_text", "read_document"]

# Longest first: the UTF-32 little-endian mark starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: bytes looked at to tell text from binary, and one wide encoding from another
_SAMPLE = 8192


def _zeros(sample: bytes, width: int) -> list[float]:
    """The share of zero bytes at each position modulo ``width``."""
    counts = [0] * width
    totals = [0] * width
    for i, byte in enumerate(sample):
        totals[i % width] += 1
        counts[i % width] += byte == 0
    return [c / t if t else 0.0 for c, t in zip(counts, totals, strict=True)]


def _wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 without a byte-order mark, told by where the zero bytes fall.

    Text in Latin letters saved as UTF-16 has a zero in every other byte (the
    high byte of each character); in UTF-32, three zeros in every four.
    """
    sample = data[: _SAMPLE - _SAMPLE % 4]
    if len(data) % 4 == 0 and len(sample) >= 4:
        zeros = _zeros(sample, 4)
        if min(zeros[1:]) > 0.9 and zeros[0] < 0.1:
            return "utf-32-le"
        if min(zeros[:3]) > 0.9 and zeros[3] < 0.1:
            return "utf-32-be"
    if len(data) % 2 == 0 and len(sample) >= 2:
        even, odd = _zeros(sample, 2)
        if odd > 0.5 and even < 0.1:
            return "utf-16-le"
        if even > 0.5 and odd < 0.1:
            return "utf-16-be"
    return None


def decode_text(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode a document's bytes: ``(text, encoding)``.

    A byte-order mark names UTF-8, UTF-16 or UTF-32; without one, zero bytes
    in the pattern of UTF-16 or UTF-32 text name those; otherwise UTF-8 is
    tried, then Windows-1252 (council documents saved from Windows often are).

    Parameters
    ----------
    data : bytes
        The file's bytes.
    name : str
        The file, for error messages.

    Returns
    -------
    text : str
        The text, without its byte-order mark.
    encoding : str
        ``utf-8``, ``utf-16-le``, ``utf-16-be``, ``utf-32-le``, ``utf-32-be`` or ``cp1252``.

    Raises
    ------
    InputError
        When the bytes are binary (zero bytes that are no wide encoding's) or
        in no known encoding.

    Examples
    --------
    >>> decode_text("Plan".encode("utf-16"))[1] in ("utf-16-le", "utf-16-be")
    True
    >>> decode_text("Plan – 2010".encode("utf-16-be"))
    ('Plan – 2010', 'utf-16-be')
    >>> decode_text("Caf\\xe9".encode("cp1252"))
    ('Café', 'cp1252')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as error:
                line = _line_of(data[len(bom) :], error.start, encoding)
                raise InputError(
                    name,
                    line,
                    f"text marked as {encoding.upper()} does not decode as it",
                    "save the file again as UTF-8",
                ) from None
    if b"\x00" in data[:_SAMPLE]:
        encoding = _wide_encoding(data)
        if encoding:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                pass
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(
            name,
            line,
            "binary file, not text",
            "convert the Word/PDF plan to text (e.g. pdftotext or pandoc) and load that",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise InputError(
            name,
            line,
            "text is neither UTF-8 nor Windows-1252",
            "save the file as UTF-8",
        ) from None


def _line_of(data: bytes, offset: int, encoding: str) -> int:
    """The line of a byte offset in text of a wide encoding (its newlines are wide too)."""
    newline = "\n".encode(encoding)
    return data[:offset].count(newline) + 1


def read_document(path: str | Path, *, max_size: int | None = None) -> tuple[str, str, str]:
    """Read ``path`` and return ``(text, sha256, encoding)``.

    See :func:`decode_text` for the encodings understood.

    Parameters
    ----------
    path : str or Path
        The plan file.
    max_size : int, optional
        The largest file read, in bytes; by default ``$REVIEWGRAPH_MAX_FILE_SIZE``
        or 16 MB (see :mod:`~reviewgraph.loaders.limits`).

    Raises
    ------
    InputError
        When the file is missing, empty, too big, binary or in no known encoding.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as f:
    ...     _ = f.write("Caf\\xe9 plan".encode("cp1252"))
    >>> read_document(f.name)[2]
    'cp1252'
    >>> try:
    ...     read_document(f.name, max_size=4)
    ... except InputError as error:
    ...     print(error.title)
    the file is 9 bytes, over the limit of 4 bytes for one plan
    >>> os.unlink(f.name)
    """
    name = str(path)
    limit = Limits.from_environment(max_file_size=max_size).max_file_size
    try:
        with open(path, "rb") as stream:
            # One byte more than allowed tells a file over the limit, even a
            # device or pipe whose size is not known beforehand.
            data = stream.read(limit + 1)
    except FileNotFoundError:
        raise InputError(name, None, "no such file", "check the path") from None
    except IsADirectoryError:
        raise InputError(name, None, "is a folder, not a file", "name the plan files") from None
    except OSError as error:
        raise InputError(name, None, f"cannot read the file ({error.strerror})") from None
    if len(data) > limit:
        try:
            size = Path(path).stat().st_size
        except OSError:
            size = 0
        known = f"is {format_size(size)}, " if size > limit else "is "
        raise InputError(
            name,
            None,
            f"the file {known}over the limit of {format_size(limit)} for one plan",
            "a plan is rarely over 1 MB: check it is the right file, or raise the limit "
            "(--max-file-size, $REVIEWGRAPH_MAX_FILE_SIZE)",
        )
    if not data.strip():
        raise InputError(name, 1, "the file is empty", "export the action plan as text first")
    text, encoding = decode_text(data, name)
    if not text.strip():
        raise InputError(name, 1, "the file is empty", "export the action plan as text first")
    return text, hashlib.sha256(data).hexdigest(), encoding
