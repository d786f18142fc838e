"""The user's layout file: a plan's column titles (or labels) mapped to fields.

A board's plan whose column titles nothing recognises is loaded by naming
what each column holds, without code::

    # reviewgraph layout file
    [columns]
    "Issue" = "recommendation"
    "What will be done" = "action"
    "Owner" = "owner"
    "Date" = "due"
    "RAG" = "rag"
    "Comments" = "ignore"

Titles are compared without case, and a title also matches a longer one it
begins ("Issue" matches "Issue raised by the review"). Labels of label/value
plans ("Issue:", "Owner:") are mapped the same way.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from reviewgraph.graph.errors import InputError

from .headers import FIELDS

__all__ = ["read_layout_file", "LAYOUT_FIELDS"]

#: what a column may be mapped to
LAYOUT_FIELDS = (*FIELDS, "ignore")


def read_layout_file(path: str | Path) -> dict[str, str]:
    """Read a layout file into {column title: field}.

    Raises
    ------
    InputError
        When the file is missing, is not TOML, has no ``[columns]`` table, or
        maps a title to a field that does not exist.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
    ...     _ = f.write('[columns]\\n"Issue" = "recommendation"\\nOwner = "owner"\\n')
    >>> read_layout_file(f.name)
    {'Issue': 'recommendation', 'Owner': 'owner'}
    >>> os.unlink(f.name)
    """
    name = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(name, None, "no such layout file", "check the path") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(name, None, f"cannot read the layout file ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(
            name,
            getattr(error, "lineno", None),
            f"not a TOML file ({error})",
            'write lines such as "Issue" = "recommendation" under [columns]',
        ) from None
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise InputError(
            name,
            None,
            "no [columns] table",
            'start the file with [columns], then lines such as "Issue" = "recommendation"',
        )
    out: dict[str, str] = {}
    for title, field in columns.items():
        if not isinstance(field, str) or field.lower() not in LAYOUT_FIELDS:
            raise InputError(
                name,
                None,
                f"column {title!r} is mapped to {field!r}, which is no field",
                f"use one of {', '.join(LAYOUT_FIELDS)}",
            )
        out[str(title)] = field.lower()
    return out
