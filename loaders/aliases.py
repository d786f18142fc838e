"""The user's agency alias file: what the plans' own words cannot tell.

An alias file is TOML, one table per organisation::

    [[agency]]
    name = "Berkshire Healthcare NHS Foundation Trust"
    aliases = ["BHFT", "Berkshire Healthcare"]

Any section, key or role that spells an agency one of these ways becomes that
one agency, named ``name``, across every plan loaded with the file.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reviewgraph.graph.errors import InputError

from .lines import split_lines
from .read import decode_text

__all__ = ["AgencyAlias", "AliasTable", "read_alias_file"]


class AgencyAlias(BaseModel):
    """One organisation: its name in the graph and the other ways plans spell it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)


class AliasTable(BaseModel):
    """Every entry of an alias file, looked up case- and space-insensitively."""

    model_config = ConfigDict(extra="forbid")

    agency: list[AgencyAlias] = Field(default_factory=list)

    def canonical(self, spelling: str) -> AgencyAlias | None:
        """The entry that ``spelling`` names, or None.

        Examples
        --------
        >>> table = AliasTable(agency=[AgencyAlias(name="Thames Valley Police", aliases=["TVP"])])
        >>> table.canonical("tvp").name
        'Thames Valley Police'
        """
        key = _key(spelling)
        for entry in self.agency:
            if key in {_key(entry.name), *(_key(a) for a in entry.aliases)}:
                return entry
        return None


#: bytes: an alias file lists agencies, a few kilobytes
_MAX_SIZE = 16 * 1024 * 1024


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def read_alias_file(path: str | Path) -> AliasTable:
    """Read an alias file.

    Raises
    ------
    InputError
        When the file is missing, is not TOML, or its tables are not
        ``[[agency]]`` entries with a ``name`` and a list of ``aliases``.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
    ...     _ = f.write('[[agency]]\\nname = "Kingston Hospital"\\naliases = ["KHFT"]\\n')
    >>> read_alias_file(f.name).canonical("KHFT").name
    'Kingston Hospital'
    >>> os.unlink(f.name)
    """
    name = str(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(_MAX_SIZE + 1)
    except OSError as error:
        raise InputError(name, None, f"cannot read the alias file ({error.strerror})") from None
    if len(data) > _MAX_SIZE:
        raise InputError(
            name,
            None,
            f"the alias file is over {_MAX_SIZE // 1024 // 1024} MB",
            "an alias file lists agencies; check it is the right file",
        )
    try:
        # As plans are read: a byte-order mark, UTF-16 and Windows-1252 are fine.
        text, _ = decode_text(data, name)
    except InputError as error:
        raise InputError(
            name,
            error.line,
            f"{error.title}: not a TOML alias file",
            'save the alias file as text, entries written as [[agency]] name = "…"',
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        if line is None:
            match = re.search(r"line (\d+)", str(error))
            at_end = "end of document" in str(error)
            line = int(match.group(1)) if match else (len(split_lines(text)) if at_end else None)
        raise InputError(
            name, line, f"not a TOML alias file ({error})", 'write entries as [[agency]] name = "…"'
        ) from None
    try:
        return AliasTable.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(
            name,
            None,
            f"alias file entry {where}: {first['msg']}",
            'each [[agency]] needs name = "…" and aliases = ["…", …]',
        ) from None
